import { parse } from 'csv-parse/sync';
import { describe, expect, it } from 'vitest';
import { LOCALES } from '../i18n/locale.js';
import { cardToInput, decodeCardBytes, readCards } from './cards.js';
import { neutralizeCell, restoreCell } from './csv-cells.js';
import { EXPORT_COLUMNS, exportCells, exportHeaders, prospectsCsv, type ExportProspect } from './export.js';

const prospect = (over: Partial<ExportProspect> = {}): ExportProspect => ({
  name: '王小偉',
  company: null,
  title: null,
  phones: [],
  emails: [],
  wechatId: null,
  address: null,
  notes: null,
  tags: [],
  grade: 'unrated',
  ...over,
});

describe('neutralizeCell', () => {
  it.each([
    // [cell, written as]
    ['=1+1', "'=1+1"],
    ['=HYPERLINK("http://evil.example","click")', '\'=HYPERLINK("http://evil.example","click")'],
    ['+8613800138000', "'+8613800138000"],
    ['-2+3', "'-2+3"],
    ['@SUM(A1:A2)', "'@SUM(A1:A2)"],
    ['\t=1+1', "'\t=1+1"],
    ['\tplain after a tab', "'\tplain after a tab"],
    ['\rcarriage return', "'\rcarriage return"],
    ['＝1+1', "'＝1+1"],
    ['＋86 138', "'＋86 138"],
    ['－5', "'－5"],
    ['＠cmd', "'＠cmd"],
    // Dangerous only once leading whitespace is trimmed, as some spreadsheets do before they look.
    [' =1+1', "' =1+1"],
    ['   +86 138 0013 8000', "'   +86 138 0013 8000"],
    ['\u3000=cmd|\'/c calc\'!A1', "'\u3000=cmd|'/c calc'!A1"],
    ['\u00a0@x', "'\u00a0@x"],
    ['\n-1', "'\n-1"],
    // A quote in front of a formula gets one more, so the import's one-quote strip gives it back.
    ["'=1+1", "''=1+1"],
    ["'' -1", "''' -1"],
    // Harmless cells are written as they are.
    ['王小偉', '王小偉'],
    ['a=1', 'a=1'],
    ['0912-345-678', '0912-345-678'],
    ['x@example.com', 'x@example.com'],
    ["O'Brien", "O'Brien"],
    ["'quoted'", "'quoted'"],
    ["'", "'"],
    ['', ''],
    [' plain', ' plain'],
  ])('%j → %j', (cell, written) => {
    expect(neutralizeCell(cell)).toBe(written);
    expect(restoreCell(written)).toBe(cell);
  });

  it('the import strips exactly one quote, and only one the export could have added', () => {
    expect(restoreCell("''=1")).toBe("'=1");
    expect(restoreCell("'abc")).toBe("'abc");
    expect(restoreCell("' plain")).toBe("' plain");
  });
});

describe('prospectsCsv', () => {
  it('writes a UTF-8 BOM, the localized header row and CRLF line ends', () => {
    const csv = prospectsCsv([prospect({ phones: ['+8613800138000'], grade: 'A' })], 'zh-Hant');
    expect(csv.startsWith('\uFEFF姓名,公司,職稱,電話,電郵,微信號,地址,備註,標籤,等級\r\n')).toBe(true);
    expect(csv).toBe("\uFEFF姓名,公司,職稱,電話,電郵,微信號,地址,備註,標籤,等級\r\n王小偉,,,'+8613800138000,,,,,,A\r\n");
    expect(csv.replace(/\r\n/g, '')).not.toMatch(/[\r\n]/);
    expect(new TextEncoder().encode(csv).slice(0, 3)).toEqual(Uint8Array.of(0xef, 0xbb, 0xbf));
  });

  it.each([
    ['en', 'Name,Company,Title,Phones,Emails,WeChat ID,Address,Notes,Tags,Grade'],
    ['zh-Hans', '姓名,公司,职称,电话,邮箱,微信号,地址,备注,标签,等级'],
    ['zh-Hant', '姓名,公司,職稱,電話,電郵,微信號,地址,備註,標籤,等級'],
  ] as const)('headers in %s', (locale, header) => {
    expect(exportHeaders(locale).join(',')).toBe(header);
    expect(prospectsCsv([], locale)).toBe(`\uFEFF${header}\r\n`);
  });

  it('later pieces of a streamed file have neither BOM nor header, and concatenate into the whole file', () => {
    const a = [prospect({ name: '甲' })];
    const b = [prospect({ name: '乙' }), prospect({ name: '=丙' })];
    expect(prospectsCsv(b, 'en', { start: false })).toBe("乙,,,,,,,,,\r\n'=丙,,,,,,,,,\r\n");
    expect(prospectsCsv([], 'en', { start: false })).toBe('');
    expect(prospectsCsv(a, 'en') + prospectsCsv(b, 'en', { start: false })).toBe(prospectsCsv([...a, ...b], 'en'));
  });

  it('quotes cells with commas, quotes and line breaks (RFC 4180), after neutralising them', () => {
    const csv = prospectsCsv([prospect({ name: '=HYPERLINK("http://x","y")', company: 'Big "Co", Ltd', address: 'Line 1\nLine 2' })], 'en', { start: false });
    expect(csv).toBe('"\'=HYPERLINK(""http://x"",""y"")","Big ""Co"", Ltd",,,,,"Line 1\nLine 2",,,\r\n');
    expect(parse(csv)).toEqual([["'=HYPERLINK(\"http://x\",\"y\")", 'Big "Co", Ltd', '', '', '', '', 'Line 1\nLine 2', '', '', '']]);
  });

  it('neutralises every column, lists included, and every list value follows the separator', () => {
    const cells = exportCells(
      prospect({ name: '@name', company: '-co', title: '+title', phones: ['+8613800138000', '+886912345678'], emails: ['a@x.com', 'b@x.com'], wechatId: '=w', address: '\taddr', notes: '=SUM(1)', tags: ['-VIP', '展會'], grade: 'B' }),
    );
    expect(Object.fromEntries(EXPORT_COLUMNS.map((c, i) => [c, cells[i]]))).toEqual({
      name: "'@name",
      company: "'-co",
      title: "'+title",
      phones: "'+8613800138000; +886912345678",
      emails: 'a@x.com; b@x.com',
      wechatId: "'=w",
      address: "'\taddr",
      notes: "'=SUM(1)",
      tags: "'-VIP; 展會",
      grade: 'B',
    });
  });
});

describe('export → import round trip', () => {
  const book: ExportProspect[] = [
    prospect({ name: '王小偉', company: '騰訊科技', title: '經理', phones: ['+8613800138000', '+886912345678'], emails: ['xw@example.com', 'wei@tencent.com'], wechatId: 'wxw_2026', address: '台北市信義路五段7號', notes: '車展認識\n下月回訪', tags: ['VIP', '展會'], grade: 'A' }),
    prospect({ name: '=HYPERLINK("http://evil.example","點我")', company: '+Plus Co', title: '-負責人', emails: ['evil@example.com'], address: '@home\nsecond line', tags: ['-1', '@team', '＝x'], grade: 'C' }),
    prospect({ name: "O'Brien, Pat", company: 'Big "Co"', phones: ['+12025550143'], grade: 'B' }),
    prospect({ name: "'=already quoted", emails: ['q@example.com'] }),
    prospect({ name: 'Only Email', emails: ['only@example.com'], tags: [] }),
  ];

  it.each(LOCALES)('in %s, a file exported and imported back gives the same values', (locale) => {
    const bytes = new TextEncoder().encode(prospectsCsv(book, locale));
    const read = readCards(decodeCardBytes(bytes));
    expect(read.ok).toBe(true);
    if (!read.ok) return;
    expect(read.records).toHaveLength(book.length);
    const back = read.records.map((card) => {
      const r = cardToInput(card, { grade: 'unrated', source: 'import', tags: [] }, 'CN');
      if (!r.ok) throw new Error(`line ${card.line}: ${JSON.stringify(r.problems)}`);
      const { name, company, title, phones, emails, wechatId, address, notes, tags, grade } = r.input;
      return { name, company: company ?? null, title: title ?? null, phones, emails, wechatId: wechatId ?? null, address: address ?? null, notes: notes ?? null, tags, grade };
    });
    expect(back).toEqual(book);
  });
});

describe('tags in one cell', () => {
  it('come back from an import exactly as exported, separators and backslashes inside a tag included', () => {
    const tags = ['Q1, 2027', 'a;b', '車展；台北', 'back\\slash', 'plain'];
    const csv = prospectsCsv([prospect({ phones: ['+8613912345678'], tags })], 'en');
    const read = readCards(csv);
    expect(read.ok && read.records[0]!.tags).toEqual(tags);
  });

  it("still split Google's ' ::: ' and plain commas of other programs' files", () => {
    const read = readCards('Name,Labels\n王偉,"VIP ::: 車展, 台北"\n');
    expect(read.ok && read.records[0]!.tags).toEqual(['VIP', '車展', '台北']);
  });
});
