import { parse } from 'csv-parse/sync';
import { describe, expect, it } from 'vitest';
import { LOCALES } from '../i18n/locale.js';
import { cardToInput, decodeCardBytes, readCards } from './cards.js';
import { neutralizeCell, restoreCell } from './csv-cells.js';
import { EXPORT_COLUMNS, ExportColumnList, exportCells, exportHeaders, exportValues, prospectsCsv, type ExportColumn, type ExportProspect } from './export.js';

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
  importance: 'normal',
  expectedClose: 'unknown',
  disposition: 'continue',
  resumeOn: null,
  droppedReason: null,
  stage: 'prospect',
  owner: null,
  collectedBy: null,
  source: 'other',
  newsletterConsent: 'unknown',
  lastTouchOn: null,
  nextDueOn: null,
  touchCount: 0,
  ...over,
});

/** The card's columns: the ones files had before the book's own were added. */
const CARD: ExportColumn[] = ['name', 'company', 'title', 'phones', 'emails', 'wechatId', 'address', 'notes', 'tags', 'grade'];

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
    const csv = prospectsCsv([prospect({ phones: ['+8613800138000'], grade: 'A' })], 'zh-Hant', { columns: CARD });
    expect(csv.startsWith('\uFEFF姓名,公司,職稱,電話,電郵,微信號,地址,備註,標籤,等級\r\n')).toBe(true);
    expect(csv).toBe("\uFEFF姓名,公司,職稱,電話,電郵,微信號,地址,備註,標籤,等級\r\n王小偉,,,'+8613800138000,,,,,,A\r\n");
    expect(csv.replace(/\r\n/g, '')).not.toMatch(/[\r\n]/);
    expect(new TextEncoder().encode(csv).slice(0, 3)).toEqual(Uint8Array.of(0xef, 0xbb, 0xbf));
  });

  it.each([
    [
      'en',
      'Name,Company,Title,Phones,Emails,WeChat ID,Address,Notes,Tags,Grade,Importance,Expected close,Stage,Disposition,Paused until,Reason dropped,Owner,Card collected by,Source,Newsletter consent,Last touch,Next contact,Touches',
    ],
    ['zh-Hans', '姓名,公司,职称,电话,邮箱,微信号,地址,备注,标签,等级,重要性,预计成交,阶段,处置,再访日期,放弃原因,负责人,名片收集人,来源,通讯订阅,上次接触,下次联系,接触次数'],
    ['zh-Hant', '姓名,公司,職稱,電話,電郵,微信號,地址,備註,標籤,等級,重要性,預計成交,階段,處置,再訪日期,放棄原因,負責人,名片收集人,來源,通訊訂閱,上次接觸,下次聯繫,接觸次數'],
  ] as const)('headers in %s: every column by default', (locale, header) => {
    expect(exportHeaders(locale).join(',')).toBe(header);
    expect(prospectsCsv([], locale)).toBe(`\uFEFF${header}\r\n`);
  });

  it('writes only the columns asked for, in the order asked', () => {
    const p = prospect({ phones: ['+14155550150'], grade: 'B', touchCount: 3, owner: '小偉' });
    expect(prospectsCsv([p], 'en', { columns: ['touchCount', 'name', 'phones'] })).toBe("\uFEFFTouches,Name,Phones\r\n3,王小偉,'+14155550150\r\n");
    expect(prospectsCsv([p], 'zh-Hant', { columns: ['owner', 'grade'], start: false })).toBe('小偉,B\r\n');
  });

  it("writes the book's fields as the web shows them: labels in the reader's language, dates as YYYY-MM-DD, the count as digits", () => {
    const paused = prospect({
      importance: 'key',
      expectedClose: 'within_3m',
      stage: 'customer',
      disposition: 'pause',
      resumeOn: '2027-01-15',
      droppedReason: 'not shown while paused',
      owner: '王小偉',
      collectedBy: '肖樂',
      source: 'walk_in',
      newsletterConsent: 'subscribed',
      lastTouchOn: '2026-11-20',
      nextDueOn: '2027-01-15',
      touchCount: 4,
    });
    const book = (p: ExportProspect, locale: 'en' | 'zh-Hant' | 'zh-Hans') => Object.fromEntries(EXPORT_COLUMNS.slice(10).map((c, i) => [c, exportCells(p, locale).slice(10)[i]]));
    expect(book(paused, 'zh-Hant')).toEqual({
      importance: '重點客戶',
      expectedClose: '三個月內',
      stage: '客戶',
      disposition: '暫隔一段時間再訪',
      resumeOn: '2027-01-15',
      droppedReason: '',
      owner: '王小偉',
      collectedBy: '肖樂',
      source: '來店',
      newsletterConsent: '已訂閱',
      lastTouchOn: '2026-11-20',
      nextDueOn: '2027-01-15',
      touchCount: '4',
    });
    const dropped = prospect({ disposition: 'dropped', droppedReason: '=已買別家', resumeOn: '2027-01-15' });
    expect(book(dropped, 'en')).toMatchObject({ disposition: 'Dropped', droppedReason: "'=已買別家", resumeOn: '', owner: '', touchCount: '0' });
    expect(book(dropped, 'zh-Hans')).toMatchObject({ importance: '一般', expectedClose: '未知', stage: '潜在客户', disposition: '放弃', source: '其他', newsletterConsent: '未确认' });
    // The typed values a workbook writes: a date stays a YYYY-MM-DD string for the writer to turn into a date, the count a number.
    expect(exportValues(paused, 'en', ['resumeOn', 'touchCount', 'company', 'grade'])).toEqual(['2027-01-15', 4, null, null]);
  });

  it('later pieces of a streamed file have neither BOM nor header, and concatenate into the whole file', () => {
    const a = [prospect({ name: '甲' })];
    const b = [prospect({ name: '乙' }), prospect({ name: '=丙' })];
    expect(prospectsCsv(b, 'en', { start: false, columns: CARD })).toBe("乙,,,,,,,,,\r\n'=丙,,,,,,,,,\r\n");
    expect(prospectsCsv([], 'en', { start: false })).toBe('');
    expect(prospectsCsv(a, 'en') + prospectsCsv(b, 'en', { start: false })).toBe(prospectsCsv([...a, ...b], 'en'));
  });

  it('quotes cells with commas, quotes and line breaks (RFC 4180), after neutralising them', () => {
    const csv = prospectsCsv([prospect({ name: '=HYPERLINK("http://x","y")', company: 'Big "Co", Ltd', address: 'Line 1\nLine 2' })], 'en', { start: false, columns: CARD });
    expect(csv).toBe('"\'=HYPERLINK(""http://x"",""y"")","Big ""Co"", Ltd",,,,,"Line 1\nLine 2",,,\r\n');
    expect(parse(csv)).toEqual([["'=HYPERLINK(\"http://x\",\"y\")", 'Big "Co", Ltd', '', '', '', '', 'Line 1\nLine 2', '', '', '']]);
  });

  it('neutralises every column, lists included, and every list value follows the separator', () => {
    const cells = exportCells(
      prospect({ name: '@name', company: '-co', title: '+title', phones: ['+8613800138000', '+886912345678'], emails: ['a@x.com', 'b@x.com'], wechatId: '=w', address: '\taddr', notes: '=SUM(1)', tags: ['-VIP', '展會'], grade: 'B', owner: '+Boss', collectedBy: '@le' }),
      'en',
    );
    expect(Object.fromEntries(EXPORT_COLUMNS.map((c, i) => [c, cells[i]]))).toMatchObject({
      owner: "'+Boss",
      collectedBy: "'@le",
    });
    expect(Object.fromEntries(CARD.map((c, i) => [c, cells[i]]))).toEqual({
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
    prospect({
      name: '王小偉',
      company: '騰訊科技',
      title: '經理',
      phones: ['+8613800138000', '+886912345678'],
      emails: ['xw@example.com', 'wei@tencent.com'],
      wechatId: 'wxw_2026',
      address: '台北市信義路五段7號',
      notes: '車展認識\n下月回訪',
      tags: ['VIP', '展會'],
      grade: 'A',
      importance: 'key',
      expectedClose: 'within_1m',
      source: 'walk_in',
      newsletterConsent: 'subscribed',
      // What an import cannot set (the service does) is in the file all the same, and does not get in the way.
      stage: 'customer',
      disposition: 'pause',
      resumeOn: '2027-02-01',
      owner: '小偉',
      collectedBy: '肖樂',
      lastTouchOn: '2026-11-20',
      nextDueOn: '2027-02-01',
      touchCount: 5,
    }),
    prospect({ name: '=HYPERLINK("http://evil.example","點我")', company: '+Plus Co', title: '-負責人', emails: ['evil@example.com'], address: '@home\nsecond line', tags: ['-1', '@team', '＝x'], grade: 'C', importance: 'small', expectedClose: 'later', source: 'referral', newsletterConsent: 'unsubscribed', disposition: 'dropped', droppedReason: '-預算不足' }),
    prospect({ name: "O'Brien, Pat", company: 'Big "Co"', phones: ['+12025550143'], grade: 'B', expectedClose: 'within_6m', source: 'event' }),
    prospect({ name: "'=already quoted", emails: ['q@example.com'], source: 'card', expectedClose: 'within_3m' }),
    prospect({ name: 'Only Email', emails: ['only@example.com'], tags: [], source: 'web' }),
  ];
  /** What an import gives back: the card and the choices. */
  const readable = ({ name, company, title, phones, emails, wechatId, address, notes, tags, grade, importance, expectedClose, source, newsletterConsent }: ExportProspect) => ({
    name, company, title, phones, emails, wechatId, address, notes, tags, grade, importance, expectedClose, source, newsletterConsent,
  });
  const importBack = (csv: string) => {
    const read = readCards(decodeCardBytes(new TextEncoder().encode(csv)));
    if (!read.ok) throw new Error(read.problem);
    return read.records.map((card) => {
      const r = cardToInput(card, { grade: 'unrated', source: 'import', tags: [] }, 'CN');
      if (!r.ok) throw new Error(`line ${card.line}: ${JSON.stringify(r.problems)}`);
      expect(r.warnings).toEqual([]);
      const { company, title, wechatId, address, notes, ...rest } = r.input;
      return readable({ ...prospect(), ...rest, company: company ?? null, title: title ?? null, wechatId: wechatId ?? null, address: address ?? null, notes: notes ?? null });
    });
  };

  it.each(LOCALES)('in %s, a file exported and imported back gives the same card, importance, expected close, source and consent', (locale) => {
    expect(importBack(prospectsCsv(book, locale))).toEqual(book.map(readable));
  });

  it('also with only some columns, in any order: what the file lacks takes the defaults', () => {
    const back = importBack(prospectsCsv(book, 'zh-Hans', { columns: ['source', 'touchCount', 'emails', 'phones', 'name', 'importance'] }));
    expect(back.map((p) => [p.name, p.importance, p.source, p.expectedClose, p.grade])).toEqual([
      ['王小偉', 'key', 'walk_in', 'unknown', 'unrated'],
      ['=HYPERLINK("http://evil.example","點我")', 'small', 'referral', 'unknown', 'unrated'],
      ["O'Brien, Pat", 'normal', 'event', 'unknown', 'unrated'],
      ["'=already quoted", 'normal', 'card', 'unknown', 'unrated'],
      ['Only Email', 'normal', 'web', 'unknown', 'unrated'],
    ]);
  });

  it('reads a choice written as its code or in any language, and leaves one it does not know at the default with a warning', () => {
    const read = readCards('Name,Email,Importance,來源,Expected close,通讯订阅\nA,a@x.com,KEY,referral,三個月內,已退订\nB,b@x.com,huge,轉介紹,,\n');
    if (!read.ok) throw new Error(read.problem);
    const [a, b] = read.records.map((card) => cardToInput(card, { grade: 'unrated', source: 'event', tags: [] }, 'CN'));
    expect(a).toMatchObject({ ok: true, warnings: [], input: { importance: 'key', source: 'referral', expectedClose: 'within_3m', newsletterConsent: 'unsubscribed' } });
    expect(b).toMatchObject({ ok: true, warnings: [{ field: 'importance', reason: 'UNKNOWN_CHOICE', value: 'huge' }], input: { importance: 'normal', source: 'referral', expectedClose: 'unknown' } });
  });
});

describe('the columns parameter', () => {
  it('takes keys comma-separated or repeated, in order, each once', () => {
    expect(ExportColumnList.parse('phones, name,phones')).toEqual(['phones', 'name']);
    expect(ExportColumnList.parse(['touchCount', 'grade,owner'])).toEqual(['touchCount', 'grade', 'owner']);
  });

  it('refuses an unknown key by name, and an empty list', () => {
    const r = ExportColumnList.safeParse('name,phone,secret');
    expect(r.success).toBe(false);
    expect(r.error?.issues.map((i) => [(i as { params?: unknown }).params, i.message])).toEqual([
      [{ reason: 'EXPORT_COLUMN_UNKNOWN', value: 'phone' }, 'No such column to export: phone'],
      [{ reason: 'EXPORT_COLUMN_UNKNOWN', value: 'secret' }, 'No such column to export: secret'],
    ]);
    expect(ExportColumnList.safeParse(' , ').error?.issues.map((i) => (i as { params?: { reason: string } }).params?.reason)).toEqual(['EXPORT_COLUMNS_EMPTY']);
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
