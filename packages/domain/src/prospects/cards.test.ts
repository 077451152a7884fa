import { describe, expect, it } from 'vitest';
import { cardProblemMessage, cardToInput, decodeCardBytes, detectCardFormat, readCards, type CardRecord } from './cards.js';

const card = (over: Partial<CardRecord>): CardRecord => ({
  line: 2,
  name: '',
  company: null,
  title: null,
  phones: [],
  emails: [],
  wechatId: null,
  address: null,
  tags: [],
  grade: null,
  ...over,
});

const records = (text: string) => {
  const r = readCards(text);
  if (!r.ok) throw new Error(r.problem);
  return r.records;
};

describe('readCards: CSV', () => {
  it.each([
    [
      "Pond's own columns in traditional Chinese",
      '姓名,公司,職稱,電話,電郵,微信,標籤,等級\n王小偉,騰訊科技,經理,0912-345-678; +86 138 0013 8000,xw@example.com,wxw_2026,展會;VIP,A\n',
      [card({ name: '王小偉', company: '騰訊科技', title: '經理', phones: ['0912-345-678', '+86 138 0013 8000'], emails: ['xw@example.com'], wechatId: 'wxw_2026', tags: ['展會', 'VIP'], grade: 'A' })],
    ],
    [
      'simplified Chinese headers',
      '姓名,公司名称,手机,邮箱,标签\n李乐,华为,13800138000,le@x.cn,展会\n',
      [card({ name: '李乐', company: '华为', phones: ['13800138000'], emails: ['le@x.cn'], tags: ['展会'] })],
    ],
    [
      'Google Contacts: split name, numbered values joined with :::, system labels dropped',
      'First Name,Middle Name,Last Name,Organization Name,Organization Title,Labels,E-mail 1 - Label,E-mail 1 - Value,Phone 1 - Label,Phone 1 - Value,Phone 2 - Value\n' +
        '小偉,,王,騰訊,經理,* myContacts ::: 展會,Work,a@x.com ::: b@x.com,Mobile,0912345678,+8613800138000\n' +
        'Wei,,Wang,Acme,,* starred,,,,,\n',
      [
        card({ name: '王小偉', company: '騰訊', title: '經理', emails: ['a@x.com', 'b@x.com'], phones: ['0912345678', '+8613800138000'], tags: ['展會'] }),
        card({ line: 3, name: 'Wei Wang', company: 'Acme' }),
      ],
    ],
    [
      'Outlook: several phone and address columns, categories',
      'First Name,Last Name,Company,Job Title,Business Phone,Mobile Phone,E-mail Address,E-mail 2 Address,Categories\n' +
        'Le,Li,Huawei,Sales,021-5555 0000,138 0013 8000,le@huawei.com,,Trade show;Key\n',
      [card({ name: 'Le Li', company: 'Huawei', title: 'Sales', phones: ['021-5555 0000', '138 0013 8000'], emails: ['le@huawei.com'], tags: ['Trade show', 'Key'] })],
    ],
    [
      'semicolon-separated (Excel in some locales), quoted field over two lines, blank lines skipped',
      'Name;Company;Address\n\n"Chen Jing";"Big ""Co""";"Line 1\nLine 2"\nZhang San;;\n',
      [card({ line: 3, name: 'Chen Jing', company: 'Big "Co"', address: 'Line 1\nLine 2' }), card({ line: 5, name: 'Zhang San' })],
    ],
  ])('%s', (_, text, expected) => {
    expect(records(text)).toEqual(expected);
  });

  it.each([
    ['', 'EMPTY'],
    ['Name,Phone\n', 'EMPTY'],
    ['Company,Phone\nAcme,123\n', 'NO_NAME_COLUMN'],
    ['Name,Phone\n"unclosed,123\n', 'UNREADABLE'],
  ])('refuses %j with %s', (text, problem) => {
    expect(readCards(text)).toEqual({ ok: false, problem });
  });

  it('refuses more cards than allowed, and takes exactly the limit', () => {
    const text = 'Name\nA\nB\nC\n';
    expect(readCards(text, 'csv', 2)).toEqual({ ok: false, problem: 'TOO_MANY' });
    expect(readCards(text, 'csv', 3).ok).toBe(true);
  });

  it('stops reading one card past the limit, so what lies beyond it is never parsed', () => {
    // An unterminated quote after the limit would make the whole file unreadable if it were parsed.
    const csv = 'Name\nA\nB\nC\n"never closed\n';
    expect(readCards(csv, 'csv', 2)).toEqual({ ok: false, problem: 'TOO_MANY' });
    expect(readCards(csv, 'csv', 10)).toEqual({ ok: false, problem: 'UNREADABLE' });
    const vcards = 'BEGIN:VCARD\nVERSION:3.0\nFN:A\nEND:VCARD\n'.repeat(3) + 'BEGIN:VCARD\nthis is not vCard at all';
    expect(readCards(vcards, 'vcard', 2)).toEqual({ ok: false, problem: 'TOO_MANY' });
  });

  it('takes off the one quote an export put before a cell a spreadsheet could run, and no other', () => {
    const text = 'Name,Phone,Tags,Title\n"\'=HYPERLINK(""x"")",\'+86 138 0013 8000,\'-VIP; ＠team,\'plain\n\'\'+1,\'  -2,,\'\n';
    expect(records(text)).toEqual([
      card({ name: '=HYPERLINK("x")', phones: ['+86 138 0013 8000'], tags: ['-VIP', '＠team'], title: "'plain" }),
      card({ line: 3, name: "'+1", phones: ['-2'], title: "'" }),
    ]);
  });
});

describe('readCards: vCard', () => {
  const v = [
    'BEGIN:VCARD',
    'VERSION:3.0',
    'N:王;小偉;;;',
    'FN:王小偉',
    'ORG:騰訊科技;銷售部',
    'TITLE:經理',
    'TEL;TYPE=CELL:+886 912 345 678',
    'EMAIL;TYPE=INTERNET:xw@example.com',
    'CATEGORIES:展會,VIP',
    'X-WECHAT:wxw_2026',
    'END:VCARD',
    'BEGIN:VCARD',
    'VERSION:4.0',
    'N:Li;Le;;;',
    'TEL;VALUE=uri;TYPE=cell:tel:+86-138-0013-8000',
    'EMAIL:le@x.cn',
    'IMPP:weixin:lele_88',
    'ADR;TYPE=work:;;88 Nanjing Rd;Shanghai;;200001;China',
    'END:VCARD',
    '',
  ].join('\r\n');

  it('reads 3.0 and 4.0 cards, with the line each starts on', () => {
    expect(detectCardFormat(v)).toBe('vcard');
    expect(records(v)).toEqual([
      card({ line: 1, name: '王小偉', company: '騰訊科技', title: '經理', phones: ['+886 912 345 678'], emails: ['xw@example.com'], wechatId: 'wxw_2026', tags: ['展會', 'VIP'] }),
      card({ line: 12, name: 'Le Li', phones: ['+86-138-0013-8000'], emails: ['le@x.cn'], wechatId: 'lele_88', address: 'China 200001 Shanghai 88 Nanjing Rd' }),
    ]);
  });

  it('refuses what is not a vCard', () => {
    expect(readCards('BEGIN:VCARD\r\nFN:x\r\n', 'vcard')).toEqual({ ok: false, problem: 'UNREADABLE' });
  });
});

describe('decodeCardBytes', () => {
  const utf8 = new TextEncoder().encode('姓名\n王小偉\n');
  it.each([
    ['UTF-8', utf8, undefined],
    ['UTF-8 with BOM', new Uint8Array([0xef, 0xbb, 0xbf, ...utf8]), undefined],
    ['UTF-16LE with BOM', new Uint8Array([0xff, 0xfe, ...[...'姓名\n王小偉\n'].flatMap((c) => [c.charCodeAt(0) & 0xff, c.charCodeAt(0) >> 8])]), undefined],
    // GB18030 for 姓名\n王小伟\n, and Big5 for 姓名\n王小偉\n
    ['GB18030', new Uint8Array([0xd0, 0xd5, 0xc3, 0xfb, 0x0a, 0xcd, 0xf5, 0xd0, 0xa1, 0xce, 0xb0, 0x0a]), 'gb18030'],
    ['Big5', new Uint8Array([0xa9, 0x6d, 0xa6, 0x57, 0x0a, 0xa4, 0xfd, 0xa4, 0x70, 0xb0, 0xb6, 0x0a]), 'big5'],
  ] as const)('%s', (label, bytes, fallback) => {
    const text = decodeCardBytes(bytes, fallback).replace(/^\uFEFF/, '');
    expect(text).toBe(label === 'GB18030' ? '姓名\n王小伟\n' : '姓名\n王小偉\n');
  });
});

describe('cardToInput', () => {
  const defaults = { grade: 'unrated' as const, source: 'import' as const, tags: ['展會2026'] };
  const base = card({ name: '王小偉', phones: ['0912-345-678'] });

  it('takes a minimal card with the defaults, phones in E.164', () => {
    const r = cardToInput(base, defaults, 'TW');
    expect(r).toMatchObject({ ok: true, input: { name: '王小偉', phones: ['+886912345678'], emails: [], grade: 'unrated', source: 'import', tags: ['展會2026'], importance: 'normal' } });
  });

  it('keeps a grade written on the card, whatever its case', () => {
    expect(cardToInput({ ...base, grade: ' b ' }, defaults, 'TW')).toMatchObject({ ok: true, input: { grade: 'B' } });
  });

  it.each([
    ['no name', { name: '  ' }, [{ field: 'name', reason: 'EMPTY' }]],
    ['no phone and no e-mail', { phones: [] }, [{ field: 'phones', reason: 'CONTACT_REQUIRED' }]],
    ['a phone that does not exist', { phones: ['12345'] }, [{ field: 'phones', reason: 'TOO_SHORT' }]],
    ['a bad e-mail beside a good phone', { emails: ['not-an-email'] }, [{ field: 'emails', reason: 'INVALID' }]],
    ['a bad WeChat ID', { wechatId: '微信號' }, [{ field: 'wechatId', reason: 'LENGTH' }]],
    ['an unknown grade', { grade: '甲' }, [{ field: 'grade', reason: 'UNKNOWN_GRADE' }]],
    ['several problems at once', { name: '', phones: ['abc'], grade: 'Z' }, [{ field: 'grade', reason: 'UNKNOWN_GRADE' }, { field: 'name', reason: 'EMPTY' }, { field: 'phones', reason: 'NOT_A_NUMBER' }]],
  ] as const)('refuses %s', (_, over, problems) => {
    const r = cardToInput({ ...base, ...over } as CardRecord, defaults, 'TW');
    expect(r).toEqual({ ok: false, problems });
  });

  it.each([
    [{ field: 'phones', reason: 'TOO_SHORT' }, 'zh-Hant', '電話號碼太短。'],
    [{ field: 'phones', reason: 'CONTACT_REQUIRED' }, 'en', 'Give at least one phone or email.'],
    [{ field: 'emails', reason: 'INVALID' }, 'zh-Hans', '这不是有效的邮箱地址。'],
    [{ field: 'wechatId', reason: 'LENGTH' }, 'en', 'A WeChat ID has 6 to 20 characters.'],
    [{ field: 'name', reason: 'EMPTY' }, 'zh-Hant', '名片上沒有姓名。'],
    [{ field: 'grade', reason: 'UNKNOWN_GRADE' }, 'zh-Hans', '等级必须是 A、B 或 C。'],
    [{ field: 'company', reason: 'TOO_LONG' }, 'en', 'This value is too long.'],
    [{ field: 'tags', reason: 'something new' }, 'en', 'This value is not valid.'],
  ] as const)('says %j in %s', (problem, locale, message) => {
    expect(cardProblemMessage(problem, locale)).toBe(message);
  });
});
