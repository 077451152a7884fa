import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import {
  cardProblemMessage,
  csvColumns,
  cardSkipMessage,
  cardToInput,
  cardWarningMessage,
  decodeCardBytes,
  detectCardFormat,
  prepareCards,
  readCardBytes,
  readCards,
  type CardRecord,
  type PreparedCard,
} from './cards.js';

const card = (over: Partial<CardRecord>): CardRecord => ({
  line: 2,
  name: '',
  company: null,
  title: null,
  phones: [],
  emails: [],
  wechatId: null,
  address: null,
  notes: null,
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

describe('a CSV whose columns the person names', () => {
  const file = '客戶,行動,Phone 1 - Type,備註\n柯文豪,13700005551,Mobile,喜歡週末來店\n';
  it('shows each column with what it is read as and its first values', () => {
    expect(csvColumns(file)).toEqual([
      { header: '客戶', role: null, paired: false, samples: ['柯文豪'] },
      { header: '行動', role: null, paired: false, samples: ['13700005551'] },
      { header: 'Phone 1 - Type', role: null, paired: true, samples: ['Mobile'] },
      { header: '備註', role: 'notes', paired: false, samples: ['喜歡週末來店'] },
    ]);
  });
  it('reads the columns as mapped, leaves out what is ignored, and keeps its own reading elsewhere', () => {
    expect(readCards(file)).toEqual({ ok: false, problem: 'NO_NAME_COLUMN' });
    const read = readCards(file, 'csv', Infinity, { 客戶: 'name', 行動: 'phone', 備註: 'ignore' });
    expect(read.ok && read.records[0]).toMatchObject({ name: '柯文豪', phones: ['13700005551'], notes: null });
    expect(csvColumns(file, { 客戶: 'name' })?.[0]?.role).toBe('name');
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
    [{ field: 'phones', reason: 'CONTACT_REQUIRED' }, 'en', 'Give at least one phone, email or WeChat ID.'],
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

/** A fixture's bytes, as the program that exported it wrote them. */
const fixture = (name: string) => new Uint8Array(readFileSync(new URL(`./fixtures/cards/${name}`, import.meta.url)));
const defaults = { grade: 'unrated' as const, source: 'import' as const, tags: [] };

/** What each card of a file becomes: skipped, refused with its reasons, or created with its contacts and warnings. */
function outcome(text: string, region: 'CN' | 'TW') {
  const prepared = prepareCards(text, undefined, 1_000, defaults, region);
  if (!prepared.ok) throw new Error(prepared.problem);
  return prepared.cards.map((c: PreparedCard) => {
    if (c.skipped !== null) return { line: c.line, name: c.name, skipped: c.skipped };
    if (!c.result.ok) return { line: c.line, name: c.name, refused: c.result.problems };
    const { phones, emails, wechatId } = c.result.input;
    return { line: c.line, name: c.name, phones, emails, wechatId: wechatId ?? null, warnings: c.result.warnings };
  });
}

describe('files as phones and programs export them', () => {
  it('Android vCard 2.1: quoted-printable split inside characters, bare types, NANP-formatted numbers, a base64 photo', () => {
    const bytes = fixture('android-2.1.vcf');
    const { text, encoding } = readCardBytes(bytes);
    expect(encoding).toBe('utf-8');
    expect(text).toContain('=E6=\r\n=8A=80'); // 技 (E6 8A 80) cut by a soft line break after its first byte
    expect(records(text)).toEqual([
      card({
        line: 1,
        name: '王小明',
        company: '北京华夏智能科技股份有限公司',
        title: '高级销售经理',
        phones: ['1-391-234-5678', '010-6552-9988'],
        emails: ['xiaoming.wang@bjtech.example.cn'],
        address: '中国 100022 北京 朝阳区建国路88号SOHO现代城',
      }),
      card({ line: 24, name: 'Jing Chen', company: 'Bright & Co; Partners', phones: ['1-212-555-0143'], emails: ['jing.chen@example.com'] }),
      card({ line: 32, name: '欧阳娜娜', phones: ['138-0013-8000'], notes: '在上海车展认识，对新能源车型很感兴趣，下个月回访。第二次见面时带上报价单和试驾安排。' }),
    ]);
    expect(outcome(text, 'CN')).toEqual([
      // The Chinese mobile reads right in CN; a number that is no Chinese one is the formatter's North American.
      { line: 1, name: '王小明', phones: ['+8613912345678', '+861065529988'], emails: ['xiaoming.wang@bjtech.example.cn'], wechatId: null, warnings: [] },
      { line: 24, name: 'Jing Chen', phones: ['+12125550143'], emails: ['jing.chen@example.com'], wechatId: null, warnings: [] },
      { line: 32, name: '欧阳娜娜', phones: ['+8613800138000'], emails: [], wechatId: null, warnings: [] },
    ]);
  });

  it('iOS vCard 3.0: repeated type=, grouped items with labels, WeChat by service type and by label, a company card, escapes, a folded photo', () => {
    const text = decodeCardBytes(fixture('ios-3.0.vcf'));
    expect(text).toMatch(/^PHOTO;ENCODING=b;TYPE=JPEG:.*\r\n [A-Za-z0-9+/]/m);
    expect(records(text)).toEqual([
      card({
        line: 1,
        name: '林志明',
        company: '遠東紡織股份有限公司',
        title: '採購經理',
        phones: ['0912 345 678', '(02) 2733-8000', '+86 139 1234 5678'],
        emails: ['zhiming.lin@fetex.example.tw', 'zm.lin@gmail.example'],
        wechatId: 'lin_zhiming',
        address: '台灣 106 台北市 敦化南路二段207號',
        notes: '台北車展認識, 對電動車有興趣; 下月回訪',
      }),
      card({ line: 25, name: 'David Wang, Jr.', company: 'Acme, Inc.; Asia', phones: ['+1 (415) 555-0132'], wechatId: 'david_wang88', tags: ['Trade show', 'VIP'] }),
      card({ line: 36, name: '台灣積體電路製造股份有限公司', company: '台灣積體電路製造股份有限公司', phones: ['03-563-6688'] }),
    ]);
    expect(JSON.stringify(records(text))).not.toMatch(/CzBVep|HomePage|tsmc\.example/);
    expect(outcome(text, 'TW').map((c) => 'phones' in c && c.phones)).toEqual([['+886912345678', '+886227338000', '+8613912345678'], ['+14155550132'], ['+88635636688']]);
  });

  it('vCard 4.0: tel: URIs, PREF=1 first, KIND:org, a KIND:group skipped, cards with no name named after their company or e-mail', () => {
    const text = decodeCardBytes(fixture('vcard-4.0.vcf'));
    expect(outcome(text, 'TW')).toEqual([
      { line: 1, name: '趙麗華', phones: ['+886912000111', '+886228943447'], emails: ['lihua.zhao@asus.example', 'lihua@gmail.example'], wechatId: 'zhao_lihua', warnings: [] },
      { line: 16, name: '台北車展團隊', skipped: 'GROUP' },
      { line: 25, name: '鴻海精密工業', phones: ['+886222683466'], emails: [], wechatId: null, warnings: [] },
      { line: 34, name: '廣達電腦', phones: [], emails: ['sales@quanta.example'], wechatId: null, warnings: [{ field: 'name', reason: 'NAMED_AFTER_COMPANY', value: '廣達電腦' }] },
      { line: 42, name: 'buyer.anonymous@example.com', phones: [], emails: ['buyer.anonymous@example.com'], wechatId: null, warnings: [{ field: 'name', reason: 'NAMED_AFTER_EMAIL', value: 'buyer.anonymous@example.com' }] },
    ]);
    expect(records(text)[0]).toMatchObject({ title: '業務副理', address: '台灣 112 台北市 北投區 立德路15號' });
  });

  it('Google Contacts CSV: values joined by " ::: ", WeChat from a labelled custom field, labels as tags without the system groups', () => {
    const text = decodeCardBytes(fixture('google-contacts.csv'));
    expect(records(text)).toEqual([
      card({
        line: 2,
        name: '王小偉',
        company: '騰訊科技',
        title: '經理',
        phones: ['+86 139 1234 5678', '+86 138 0013 8000', '0755-8601-3388'],
        emails: ['xw@tencent.example', 'wei.wang@tencent.example', 'wxw@gmail.example'],
        wechatId: 'wxw_2026',
        address: '科技園科技中一路\n南山區, 深圳市 518057\n中國',
        notes: '展會認識',
        tags: ['展會', 'VIP'],
      }),
      card({ line: 5, name: 'Mei Chen', company: 'Acme Trading', emails: ['mei.chen@acme.example'], wechatId: 'meichen_88' }),
      card({ line: 6, company: '華為技術', phones: ['+86 755 2878 0808'], tags: ['供應商'] }),
      card({ line: 7, skip: 'EMPTY' }),
    ]);
    expect(outcome(text, 'CN').slice(2)).toEqual([
      { line: 6, name: '華為技術', phones: ['+8675528780808'], emails: [], wechatId: null, warnings: [{ field: 'name', reason: 'NAMED_AFTER_COMPANY', value: '華為技術' }] },
      { line: 7, name: '', skipped: 'EMPTY' },
    ]);
  });

  it('Outlook desktop CSV (GBK, every field quoted): Title is an honorific, an Exchange entry dropped for the next SMTP address', () => {
    const bytes = fixture('outlook-desktop-gbk.csv');
    const { text, encoding } = readCardBytes(bytes, 'auto', 'big5');
    expect(encoding).toBe('gb18030');
    expect(records(text)[0]).toEqual(
      card({
        line: 2,
        name: '张伟',
        company: '华为技术有限公司',
        title: '销售总监',
        phones: ['0755-2878 0808', '139 1234 5670'],
        emails: ['zhang.wei@huawei.example'],
        tags: ['重要客户', '展会'],
        warnings: [{ field: 'emails', reason: 'EXCHANGE_ADDRESS', value: '/o=ExchangeLabs/ou=Exchange Administrative Group (FYDIBOHF23SPDLT)/cn=Recipients/cn=7b1e4c2a9f3d4e0b8a6c5d4e3f2a1b0c-zhangwei' }],
      }),
    );
    expect(outcome(text, 'CN')).toEqual([
      expect.objectContaining({ line: 2, phones: ['+8675528780808', '+8613912345670'], emails: ['zhang.wei@huawei.example'], warnings: [expect.objectContaining({ reason: 'EXCHANGE_ADDRESS' })] }),
      { line: 3, name: 'Anna Liu', refused: [{ field: 'emails', reason: 'EXCHANGE_ONLY', value: '/o=Contoso/ou=First Administrative Group/cn=Recipients/cn=aliu' }] },
    ]);
  });

  it('Outlook.com CSV (UTF-8 with BOM): the honorific left out, Job Title as the title, a line break inside a quoted cell', () => {
    const bytes = fixture('outlook-com.csv');
    expect([...bytes.slice(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    expect(records(decodeCardBytes(bytes))).toEqual([
      card({ line: 2, name: '黃美玲', company: '台灣大哥大', title: '採購經理', phones: ['+886 912 345 679'], emails: ['meiling.huang@outlook.example'], notes: '第一次見面：\n台北國際車展' }),
      card({ line: 4, name: 'James Lee', company: 'Lee & Sons, Ltd.', title: 'Director', phones: ['+852 2123 4567'] }),
    ]);
  });

  it('Excel on Traditional Chinese Windows (Big5, no BOM): recognised whatever the preference, numbers in scientific notation left out', () => {
    const bytes = fixture('excel-big5.csv');
    expect(readCardBytes(bytes, 'auto', 'gb18030').encoding).toBe('big5');
    expect(readCardBytes(bytes, 'auto', 'big5').encoding).toBe('big5');
    const text = decodeCardBytes(bytes);
    expect(records(text)[0]).toEqual(card({ line: 2, name: '林志明', company: '遠東紡織', title: '採購經理', phones: ['0912-345-678'], emails: ['zhiming.lin@fetex.example.tw'], address: '台北市大安區\n敦化南路二段207號' }));
    expect(outcome(text, 'TW')).toEqual([
      expect.objectContaining({ line: 2, phones: ['+886912345678'], warnings: [] }),
      { line: 4, name: '陳美玲', phones: ['+88635636688'], emails: [], wechatId: null, warnings: [{ field: 'phones', reason: 'DIGITS_LOST', value: '8.86923E+11' }] },
      { line: 5, name: '張春嬌', refused: [{ field: 'phones', reason: 'DIGITS_LOST', value: '8.86912E+11' }] },
      expect.objectContaining({ line: 6, name: '黃俊傑', phones: ['+886922333444'] }),
    ]);
  });

  it('Excel on Simplified Chinese Windows (GBK, no BOM): still GB18030 whatever the preference', () => {
    const bytes = fixture('excel-gbk.csv');
    expect(readCardBytes(bytes, 'auto', 'big5').encoding).toBe('gb18030');
    const text = decodeCardBytes(bytes, 'auto', 'big5');
    expect(outcome(text, 'CN')).toEqual([
      expect.objectContaining({ line: 2, name: '王小伟', phones: ['+8613912345678'], emails: ['xiaowei@tencent.example'] }),
      { line: 4, name: '李乐', phones: [], emails: ['le.li@huawei.example'], wechatId: null, warnings: [{ field: 'phones', reason: 'DIGITS_LOST', value: '1.38001E+10' }] },
      { line: 5, name: '赵丽颖', refused: [{ field: 'phones', reason: 'DIGITS_LOST', value: '1.39123E+10' }] },
    ]);
    // Forced the other way, the same bytes are garbled, as the user's choice says.
    expect(decodeCardBytes(bytes, 'big5')).not.toContain('王小伟');
  });
});

describe('readCards: vCard details', () => {
  const vcf = (...lines: string[]) => ['BEGIN:VCARD', ...lines, 'END:VCARD', ''].join('\r\n');

  it('reads a 2.1 quoted-printable value in the charset it names, and 2.1 folding that keeps the space', () => {
    const big5Qp = vcf('VERSION:2.1', 'FN;CHARSET=BIG5;ENCODING=QUOTED-PRINTABLE:=A4=FD=A4p=B0=B6', 'TEL;WORK;VOICE:0912345678', 'TITLE:Senior', ' Buyer');
    expect(records(big5Qp)).toEqual([card({ line: 1, name: '王小偉', phones: ['0912345678'], title: 'Senior Buyer' })]);
  });

  it('skips a 2.1 photo written on unindented lines up to a blank line, and a card nested in another', () => {
    const text = vcf('VERSION:2.1', 'N:Li;Le', 'PHOTO;BASE64;JPEG:/9j/4AAQ', 'SkZJRgABAQ==', '', 'AGENT:', 'BEGIN:VCARD', 'FN:Assistant', 'TEL:123', 'END:VCARD', 'TEL;CELL:13800138000');
    expect(records(text)).toEqual([card({ line: 1, name: 'Le Li', phones: ['13800138000'] })]);
  });

  it('names a company card after its company, keeps 4.0 parameter escapes, and reads IMPP wechat handles', () => {
    const text = vcf('VERSION:3.0', 'N:;;;;', 'ORG:華碩電腦;', 'X-ABShowAs:COMPANY', 'TEL:+886 2 2894 3447', 'IMPP;X-SERVICE-TYPE="WeChat":weixin://contacts/profile/asus_tw');
    expect(records(text)).toEqual([card({ line: 1, name: '華碩電腦', company: '華碩電腦', phones: ['+886 2 2894 3447'], wechatId: 'asus_tw' })]);
  });

  it('reports an Apple group card and an empty card as skipped, a line it cannot read as a warning on its card', () => {
    const text = [vcf('VERSION:3.0', 'FN:客戶群', 'X-ADDRESSBOOKSERVER-KIND:group'), vcf('VERSION:3.0'), vcf('VERSION:3.0', 'FN:周杰', 'this line is no property', 'EMAIL:zj@example.com')].join('');
    expect(records(text)).toEqual([
      card({ line: 1, name: '客戶群', skip: 'GROUP' }),
      card({ line: 6, skip: 'EMPTY' }),
      card({ line: 9, name: '周杰', emails: ['zj@example.com'], warnings: [{ field: null, reason: 'UNREADABLE_LINE', value: 'this line is no property' }] }),
    ]);
  });

  it('leaves a fax number out, unless the same line also says voice or cell', () => {
    const text = vcf('VERSION:3.0', 'FN:林小姐', 'TEL;TYPE=WORK,FAX:+886 2 2345 6789', 'TEL;TYPE=FAX;TYPE=VOICE:+886 2 2345 0000', 'TEL;TYPE=CELL:+886 912 000 111');
    expect(records(text)).toEqual([card({ line: 1, name: '林小姐', phones: ['+886 2 2345 0000', '+886 912 000 111'] })]);
  });

  it('a file of nothing but empty cards or rows holds no cards', () => {
    expect(readCards(vcf('VERSION:3.0'))).toEqual({ ok: false, problem: 'EMPTY' });
    expect(readCards('Name,Phone\r\n,\r\n ,\r\n')).toEqual({ ok: false, problem: 'EMPTY' });
  });
});

describe('readCards: CSV details', () => {
  it("reads Pond's own English 'Title' as the title where no 'Job Title' column says it is an honorific", () => {
    expect(records('Name,Title,Phone\nLe Li,Buyer,13800138000\n')).toEqual([card({ name: 'Le Li', title: 'Buyer', phones: ['13800138000'] })]);
    expect(records('Title,First Name,Last Name,Job Title\nMr.,Le,Li,Buyer\n')).toEqual([card({ name: 'Le Li', title: 'Buyer' })]);
  });

  it("leaves out a Google phone slot typed as a fax, and keeps the others", () => {
    const csv = 'Name,Phone 1 - Type,Phone 1 - Value,Phone 2 - Type,Phone 2 - Value\n林小姐,Work Fax,+886 2 2345 6789,Mobile,+886 912 000 111\n';
    expect(records(csv)).toEqual([card({ name: '林小姐', phones: ['+886 912 000 111'] })]);
  });

  it('reports a row of empty cells as skipped, by its line', () => {
    expect(records('Name,Phone\n甲,13800138000\n,\n乙,13900139000\n')).toEqual([
      card({ name: '甲', phones: ['13800138000'] }),
      card({ line: 3, skip: 'EMPTY' }),
      card({ line: 4, name: '乙', phones: ['13900139000'] }),
    ]);
  });
});

describe('cardToInput: what is left out', () => {
  const base = card({ name: '王小偉', phones: ['13912345678'] });

  it.each([
    ['1.39123E+10', 'DIGITS_LOST'],
    ['8.86912e+11', 'DIGITS_LOST'],
    ['1,39123E+10', 'DIGITS_LOST'],
  ])('leaves out %s with a warning, and never guesses its digits', (phone, reason) => {
    expect(cardToInput({ ...base, phones: [phone, '13800138000'] }, defaults, 'CN')).toMatchObject({ ok: true, input: { phones: ['+8613800138000'] }, warnings: [{ field: 'phones', reason, value: phone }] });
  });

  it('refuses a card whose only phone lost its digits, saying so', () => {
    const r = cardToInput({ ...base, phones: ['1.39123E+10'] }, defaults, 'CN');
    expect(r).toEqual({ ok: false, problems: [{ field: 'phones', reason: 'DIGITS_LOST', value: '1.39123E+10' }] });
    if (r.ok) return;
    expect(cardProblemMessage(r.problems[0]!, 'en')).toMatch(/^The phone 1\.39123E\+10 was saved by a spreadsheet in scientific notation/);
  });

  it('drops an X.500 path found among the e-mails', () => {
    expect(cardToInput({ ...base, emails: ['/O=FIRST ORGANIZATION/OU=EXCHANGE/CN=RECIPIENTS/CN=WANG', 'w@example.com'] }, defaults, 'CN')).toMatchObject({
      ok: true,
      input: { emails: ['w@example.com'] },
      warnings: [{ field: 'emails', reason: 'EXCHANGE_ADDRESS' }],
    });
  });

  it('reads a NANP-formatted number in the default region first, as North American only when it is no number there', () => {
    expect(cardToInput({ ...base, phones: ['1-391-234-5678'] }, defaults, 'CN')).toMatchObject({ ok: true, input: { phones: ['+8613912345678'] } });
    expect(cardToInput({ ...base, phones: ['1-415-555-0132'] }, defaults, 'CN')).toMatchObject({ ok: true, input: { phones: ['+14155550132'] } });
    expect(cardToInput({ ...base, phones: ['1-391-234-5678'] }, defaults, 'US')).toEqual({ ok: false, problems: [{ field: 'phones', reason: 'INVALID' }] });
    // 13012345678 is a Chinese mobile and, read as +1 301 234 5678, a number in Maryland: the default region decides.
    expect(cardToInput({ ...base, phones: ['1-301-234-5678'] }, defaults, 'CN')).toMatchObject({ ok: true, input: { phones: ['+8613012345678'] } });
    expect(cardToInput({ ...base, phones: ['1-301-234-5678'] }, defaults, 'US')).toMatchObject({ ok: true, input: { phones: ['+13012345678'] } });
  });

  it('refuses a card with no name, company or e-mail, as before', () => {
    expect(cardToInput({ ...base, name: '' }, defaults, 'CN')).toEqual({ ok: false, problems: [{ field: 'name', reason: 'EMPTY' }] });
  });

  it.each([
    ['en', 'The phone 1.39123E+10 was saved by a spreadsheet in scientific notation, which lost its last digits: it was left out. Add the number by hand.'],
    ['zh-Hant', '電話 1.39123E+10 被試算表存成科學記號，最後幾位數字已遺失，因此沒有匯入。請手動補上號碼。'],
    ['zh-Hans', '电话 1.39123E+10 被电子表格存成科学计数法，最后几位数字已丢失，因此没有导入。请手动补上号码。'],
  ] as const)('says what was left out in %s', (locale, message) => {
    expect(cardWarningMessage({ field: 'phones', reason: 'DIGITS_LOST', value: '1.39123E+10' }, locale)).toBe(message);
  });

  it('says why a card was skipped', () => {
    expect(cardSkipMessage('GROUP', 'en')).toBe('A group or list, not a person.');
    expect(cardSkipMessage('GROUP', 'zh-Hant')).toBe('這是群組或名單，不是個人。');
  });
});
