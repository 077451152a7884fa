import { describeEachDialect } from '@pond/db/testing';
import { parse } from 'csv-parse/sync';
import { beforeAll, expect, it } from 'vitest';
import { person, prospect, team } from '../../testing/factories.js';
import { createTestApp, type TestApp } from '../../testing/test-app.js';
import { EXPORT_PAGE } from './export.service.js';

const EVIL = '=HYPERLINK("http://evil.example","點我")';

describeEachDialect('exporting the prospect book to CSV', (ctx) => {
  let t: TestApp;
  let wei: string;
  let le: string;
  let boss: string;
  let admin: string;
  let weiId: number;
  let leId: number;

  beforeAll(async () => {
    t = await createTestApp(ctx.database, { POND_DEFAULT_PHONE_REGION: 'CN' });
    // 20:00 UTC is the next morning in Taipei: the file is dated in the user's calendar.
    t.clock.set('2026-11-26T20:00:00.000Z');
    const showroom = await team(t, { name: 'Showroom', members: [{ email: 'wei@pond.test', timeZone: 'Asia/Taipei', phoneRegion: 'CN' }, { email: 'le@pond.test' }] });
    [{ id: weiId, cookie: wei }, { id: leId, cookie: le }] = showroom.members;
    boss = showroom.manager.cookie;
    const { cookie: out } = await person(t, 'salesperson');
    ({ cookie: admin } = await person(t, 'admin'));

    await prospect(t, wei, { name: '陳經理', company: '騰訊科技', phones: ['138 0013 8000'], grade: 'A', tags: ['VIP'] });
    await prospect(t, wei, { name: EVIL, title: '-負責人', emails: ['evil@example.com'], grade: 'B', tags: ['@team'] });
    await prospect(t, wei, { name: '林小姐', emails: ['lin@example.com'], wechatId: 'lin_2026', address: '台北市信義路五段7號', grade: 'C' });
    await prospect(t, le, { name: '祕密客戶', emails: ['secret@hidden.cn'], grade: 'A' });
    const linked = (await prospect(t, le, { name: '同事介紹', phones: ['139 0013 9000'], grade: 'A' })).id;
    await t.call('POST', `/api/v1/prospects/${linked}/colleagues`, { cookie: le, body: { userId: weiId } });
    await prospect(t, out, { name: '外人', emails: ['out@example.com'], grade: 'A' });
  });

  const db = () => ctx.database.db;
  const auditCount = async () => Number((await db().selectFrom('audit_log').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow()).n);
  const exportCsv = (cookie: string | undefined, query = '', locale = 'en') =>
    t.call('GET', `/api/v1/prospects/export${query ? `?${query}` : ''}`, { ...(cookie && { cookie }), headers: { 'accept-language': locale } });
  /** The file's rows after the header, as a spreadsheet would read them. */
  const rowsOf = (body: string) => (parse(body, { bom: true }) as string[][]).slice(1);
  const namesOf = async (cookie: string, query = '') => {
    const res = await exportCsv(cookie, query);
    expect(res.statusCode, res.body).toBe(200);
    return rowsOf(res.body).map((r) => r[0]!.replace(/^'/, '')).sort();
  };
  const listNames = async (cookie: string, query = '') =>
    ((await t.call('GET', `/api/v1/prospects?limit=200${query ? `&${query}` : ''}`, { cookie })).json().items as { name: string }[]).map((p) => p.name).sort();

  it('refuses a caller who is not signed in, and what is not a list filter, in their language, recording nothing', async () => {
    const before = await auditCount();
    expect((await exportCsv(undefined)).statusCode).toBe(401);
    const bad = await exportCsv(wei, 'grade=Z', 'zh-Hant');
    expect(bad.statusCode).toBe(400);
    expect(bad.json().error).toMatchObject({ code: 'VALIDATION_FAILED', message: '部分欄位無效。' });
    for (const query of ['sort=name', 'limit=5', 'due=someday', 'ownerId=abc', 'pool=yes']) expect([query, (await exportCsv(wei, query)).statusCode]).toEqual([query, 400]);
    expect(await auditCount()).toBe(before);
  });

  it("a salesperson's file holds their own and colleague-linked prospects and nothing of anyone else's", async () => {
    const before = await auditCount();
    const res = await exportCsv(wei);
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toBe('text/csv; charset=utf-8');
    expect(res.headers['content-disposition']).toBe('attachment; filename="pond-prospects-2026-11-27.csv"');
    expect(res.headers['cache-control']).toBe('no-store');
    expect(res.rawPayload.subarray(0, 3)).toEqual(Buffer.from([0xef, 0xbb, 0xbf]));
    expect(res.body).toMatch(/^\uFEFFName,Company,Title,Phones,Emails,WeChat ID,Address,Notes,Tags,Grade,Importance,Expected close,Stage,Disposition,Paused until,Reason dropped,Owner,Card collected by,Source,Newsletter consent,Last touch,Next contact,Touches\r\n/);
    expect(res.body.replace(/\r\n/g, '')).not.toMatch(/\r|\n/);
    expect(rowsOf(res.body).map((r) => r[0])).toEqual(['陳經理', `'${EVIL}`, '林小姐', '同事介紹']);
    expect(rowsOf(res.body)[2]).toEqual(['林小姐', '', '', '', 'lin@example.com', 'lin_2026', '台北市信義路五段7號', '', '', 'C', 'Normal', 'Unknown', 'Prospect', 'Keep visiting', '', '', 'wei', 'wei', 'Other', 'Not asked', '', '', '0']);
    // The colleague-linked prospect names its owner, whom Xiao Wei may see on the prospect's page.
    expect(rowsOf(res.body)[3]![16]).toBe('le');
    for (const hidden of ['祕密客戶', 'secret@hidden.cn', '外人', 'out@example.com']) expect(res.body).not.toContain(hidden);

    expect(await auditCount()).toBe(before + 1);
    const entry = await db().selectFrom('audit_log').select(['actor_id', 'after_json', 'entity_type']).where('action', '=', 'prospect.exported').orderBy('id', 'desc').executeTakeFirstOrThrow();
    expect(entry.actor_id).toBe(weiId);
    expect(JSON.parse(entry.after_json!)).toEqual({ filter: {}, rows: 4, complete: true, format: 'csv' });
  });

  it('applies the list filters: every file holds exactly what the list shows under them', async () => {
    for (const [query, names] of [
      ['grade=A', ['同事介紹', '陳經理']],
      ['grade=B,C', [EVIL, '林小姐']],
      ['tag=VIP', ['陳經理']],
      ['q=%E6%9E%97', ['林小姐']],
      [`ownerId=${leId}`, ['同事介紹']],
      ['archived=true', []],
    ] as const) {
      expect([query, await namesOf(wei, query)]).toEqual([query, [...names].sort()]);
      expect([query, await listNames(wei, query)]).toEqual([query, [...names].sort()]);
    }
    const entry = await db().selectFrom('audit_log').select('after_json').where('action', '=', 'prospect.exported').orderBy('id', 'desc').executeTakeFirstOrThrow();
    expect(JSON.parse(entry.after_json!)).toEqual({ filter: { archived: true }, rows: 0, complete: true, format: 'csv' });
  });

  it("a manager's and an admin's file hold what their lists hold", async () => {
    expect(await namesOf(boss)).toEqual(await listNames(boss));
    expect(await namesOf(boss)).toContain('祕密客戶');
    expect(await namesOf(boss)).not.toContain('外人');
    expect(await namesOf(admin)).toEqual(await listNames(admin));
    expect(await namesOf(admin)).toContain('外人');
    // Another salesperson's own file never holds Xiao Wei's prospects.
    expect(await namesOf(le)).toEqual(['同事介紹', '祕密客戶']);
  });

  it('neutralises every cell a spreadsheet could run as a formula, E.164 phones included', async () => {
    const res = await exportCsv(wei);
    expect(res.body).toContain(`"'=HYPERLINK(""http://evil.example"",""點我"")"`);
    expect(res.body).toContain("陳經理,騰訊科技,,'+8613800138000,,,,,VIP,A,");
    expect(res.body).toContain(",'-負責人,,evil@example.com,,,,'@team,B,");
    for (const cell of rowsOf(res.body).flat()) expect(cell).not.toMatch(/^\s*[=+\-@＝＋－＠\t\r]/);
  });

  it.each([
    ['zh-Hant', '姓名,公司,職稱,電話,電郵,微信號,地址,備註,標籤,等級,重要性,預計成交,階段,處置,再訪日期,放棄原因,負責人,名片收集人,來源,通訊訂閱,上次接觸,下次聯繫,接觸次數', '一般,未知,潛在客戶,繼續訪問,,,wei,wei,其他,未確認,,,0'],
    ['zh-Hans', '姓名,公司,职称,电话,邮箱,微信号,地址,备注,标签,等级,重要性,预计成交,阶段,处置,再访日期,放弃原因,负责人,名片收集人,来源,通讯订阅,上次接触,下次联系,接触次数', '一般,未知,潜在客户,继续访问,,,wei,wei,其他,未确认,,,0'],
    [
      'en-US,en;q=0.9',
      'Name,Company,Title,Phones,Emails,WeChat ID,Address,Notes,Tags,Grade,Importance,Expected close,Stage,Disposition,Paused until,Reason dropped,Owner,Card collected by,Source,Newsletter consent,Last touch,Next contact,Touches',
      'Normal,Unknown,Prospect,Keep visiting,,,wei,wei,Other,Not asked,,,0',
    ],
  ])('Accept-Language %s gives the header row and the labels in that language', async (locale, header, book) => {
    const res = await exportCsv(wei, 'grade=C', locale);
    expect(res.body).toBe(`\uFEFF${header}\r\n林小姐,,,,lin@example.com,lin_2026,台北市信義路五段7號,,,C,${book}\r\n`);
  });

  it('reads back as the cards it came from: an import of the file finds each one already in Pond', async () => {
    const file = (await exportCsv(wei, '', 'zh-Hant')).body;
    const before = await auditCount();
    const report = (await t.call('POST', '/api/v1/prospects/import', { cookie: wei, body: { content: file, dryRun: true } })).json();
    expect(report).toMatchObject({ format: 'csv', cards: 4, created: 0, rejected: [] });
    expect(report.duplicates.map((d: { name: string; contact: string }) => [d.name, d.contact])).toEqual([
      ['陳經理', '+8613800138000'],
      [EVIL, 'evil@example.com'],
      ['林小姐', 'lin@example.com'],
      ['同事介紹', '+8613900139000'],
    ]);
    expect(await auditCount()).toBe(before);
  });

  it('writes only the columns asked for, in the order asked, and records which', async () => {
    const res = await exportCsv(wei, 'grade=C&columns=touchCount,name,phones,owner');
    expect(res.statusCode, res.body).toBe(200);
    expect(res.body).toBe('\uFEFFTouches,Name,Phones,Owner\r\n0,林小姐,,wei\r\n');
    const entry = await db().selectFrom('audit_log').select('after_json').where('action', '=', 'prospect.exported').orderBy('id', 'desc').executeTakeFirstOrThrow();
    expect(JSON.parse(entry.after_json!)).toEqual({ filter: { grade: ['C'] }, rows: 1, complete: true, format: 'csv', columns: ['touchCount', 'name', 'phones', 'owner'] });
    expect((await exportCsv(wei, 'grade=C&columns=grade&columns=name', 'zh-Hans')).body).toBe('\uFEFF等级,姓名\r\nC,林小姐\r\n');
  });

  it('refuses a column it does not know, naming it in the reader’s language, in every format, recording nothing', async () => {
    const before = await auditCount();
    for (const path of ['/api/v1/prospects/export', '/api/v1/prospects/export.xlsx']) {
      const bad = await t.call('GET', `${path}?grade=A&columns=name,secret,phones`, { cookie: wei, headers: { 'accept-language': 'zh-Hant' } });
      expect([path, bad.statusCode]).toEqual([path, 400]);
      expect(bad.json().error).toMatchObject({ code: 'VALIDATION_FAILED', message: '部分欄位無效。' });
      expect(bad.json().error.details).toEqual([{ path: ['querystring', 'columns'], code: 'custom', reason: 'EXPORT_COLUMN_UNKNOWN', value: 'secret', message: '沒有可匯出的欄位「secret」。' }]);
    }
    const en = await exportCsv(wei, 'columns=Name', 'en');
    expect(en.json().error.details[0].message).toBe('There is no column “Name” to export.');
    const none = await exportCsv(wei, 'columns=', 'zh-Hans');
    expect(none.statusCode).toBe(400);
    expect(none.json().error.details[0]).toMatchObject({ reason: 'EXPORT_COLUMNS_EMPTY', message: '请至少选择一个要导出的字段。' });
    expect(await auditCount()).toBe(before);
  });

  it('writes every field the prospect’s page shows, and an import of the file gives back the card and its choices', async () => {
    const { cookie: zhou } = await person(t, 'salesperson', { email: 'zhou@pond.test', timeZone: 'Asia/Taipei', phoneRegion: 'CN' });
    const body = { name: '周先生', phones: ['+14155550150'], grade: 'A', importance: 'key', expectedClose: 'within_3m', source: 'walk_in', newsletterConsent: 'subscribed', collectedByUserId: weiId, tags: ['車展'], notes: '想換七人座' };
    const id = (await t.call('POST', '/api/v1/prospects', { cookie: zhou, body })).json().prospect.id as number;
    // 17:30 UTC is already the next day in Taipei: the last touch is dated in the reader's calendar.
    const touched = await t.call('POST', `/api/v1/prospects/${id}/touches`, { cookie: zhou, body: { channel: 'call', relationshipKept: true, at: '2026-11-26T17:30:00.000Z' } });
    const paused = await t.call('POST', `/api/v1/prospects/${id}/disposition`, { cookie: zhou, body: { version: touched.json().prospect.version, disposition: 'pause', resumeOn: '2027-01-15' } });
    expect(paused.statusCode, paused.body).toBe(200);

    const file = (await exportCsv(zhou, '', 'zh-Hant')).body;
    const [header, row] = parse(file, { bom: true }) as string[][];
    expect(Object.fromEntries(header!.map((h, i) => [h, row![i]]))).toEqual({
      姓名: '周先生', 公司: '', 職稱: '', 電話: "'+14155550150", 電郵: '', 微信號: '', 地址: '', 備註: '想換七人座', 標籤: '車展', 等級: 'A',
      重要性: '重點客戶', 預計成交: '三個月內', 階段: '潛在客戶', 處置: '暫隔一段時間再訪', 再訪日期: '2027-01-15', 放棄原因: '', 負責人: 'zhou', 名片收集人: 'wei',
      來源: '來店', 通訊訂閱: '已訂閱', 上次接觸: '2026-11-27', 下次聯繫: '2027-01-15', 接觸次數: '1',
    });

    // Erased (a privacy request), then imported back from the file: the choices come back with the card.
    expect((await t.call('DELETE', `/api/v1/prospects/${id}`, { cookie: admin })).statusCode).toBe(204);
    const report = (await t.call('POST', '/api/v1/prospects/import', { cookie: zhou, body: { content: file } })).json();
    expect(report).toMatchObject({ cards: 1, created: 1, rejected: [], warnings: [] });
    const item = (await t.call('GET', '/api/v1/prospects?q=%E5%91%A8', { cookie: zhou })).json().items[0] as { id: number };
    const back = (await t.call('GET', `/api/v1/prospects/${item.id}`, { cookie: zhou })).json().prospect;
    expect(back).toMatchObject({ name: '周先生', phones: ['+14155550150'], grade: 'A', importance: 'key', expectedClose: 'within_3m', source: 'walk_in', newsletterConsent: 'subscribed', tags: ['車展'], notes: '想換七人座' });
    // What only Pond sets starts afresh: the importer collected it, nobody has touched it yet.
    expect(back).toMatchObject({ stage: 'prospect', disposition: 'continue', touchCount: 0, collectedBy: { name: 'zhou' } });
  });

  it('writes a large book page by page, each prospect exactly once, also while it changes', async () => {
    const { id: bigId, cookie: big } = await person(t, 'salesperson', { email: 'big@pond.test' });
    const n = EXPORT_PAGE * 2 + 37;
    const lines = Array.from({ length: n }, (_, i) => `批量${String(i).padStart(4, '0')},1370000${String(i).padStart(4, '0')}`);
    expect((await t.call('POST', '/api/v1/prospects/import', { cookie: big, body: { content: `姓名,手機\n${lines.join('\n')}\n` } })).json().created).toBe(n);
    const names = lines.map((l) => l.split(',')[0]!);

    const res = await exportCsv(big);
    const rows = rowsOf(res.body);
    expect(rows.map((r) => r[0])).toEqual(names);
    expect(rows[n - 1]![3]).toBe(`'+861370000${String(n - 1).padStart(4, '0')}`);
    const entry = await db().selectFrom('audit_log').select('after_json').where('action', '=', 'prospect.exported').orderBy('id', 'desc').executeTakeFirstOrThrow();
    expect(JSON.parse(entry.after_json!)).toEqual({ filter: {}, rows: n, complete: true, format: 'csv' });

    // Touches logged after the first page was written move prospects in the list's order, never in the file's.
    const user = (await t.app.services.users.findByEmail('big@pond.test'))!;
    const actor = { userId: bigId, email: user.email, displayName: user.displayName, role: user.role, teamId: null, locale: null, timeZone: null, phoneRegion: null, via: 'cli' as const };
    const file = await t.app.services.exports.csv(actor, {}, { ip: null, userAgent: null }, 'en');
    const pieces: string[] = [];
    for await (const piece of file.chunks) {
      if (!pieces.length) {
        const ids = (await db().selectFrom('prospects').select('id').where('owner_id', '=', bigId).orderBy('id').execute()).map((r) => r.id);
        for (const id of [ids[1]!, ids[n - 2]!]) {
          expect((await t.call('POST', `/api/v1/prospects/${id}/touches`, { cookie: big, body: { channel: 'call', relationshipKept: true } })).statusCode).toBe(201);
        }
      }
      pieces.push(piece);
    }
    expect(pieces).toHaveLength(3);
    expect(rowsOf(pieces.join('')).map((r) => r[0])).toEqual(names);
  });
});
