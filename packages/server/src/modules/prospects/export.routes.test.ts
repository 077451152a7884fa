import { describeEachDialect } from '@pond/db/testing';
import { parse } from 'csv-parse/sync';
import { beforeAll, expect, it } from 'vitest';
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
    const bossId = await t.user('boss@pond.test', 'manager');
    const team = await t.app.services.teams.create(null, { name: 'Showroom', managerId: bossId }, { ip: null, userAgent: null });
    weiId = await t.user('wei@pond.test', 'salesperson', team.id);
    leId = await t.user('le@pond.test', 'salesperson', team.id);
    await t.user('out@pond.test', 'salesperson');
    await t.user('root@pond.test', 'admin');
    wei = await t.login('wei@pond.test');
    le = await t.login('le@pond.test');
    boss = await t.login('boss@pond.test');
    admin = await t.login('root@pond.test');
    const out = await t.login('out@pond.test');
    await t.call('PATCH', '/api/v1/auth/me', { cookie: wei, body: { timeZone: 'Asia/Taipei', phoneRegion: 'CN' } });

    const create = async (cookie: string, body: object) => (await t.call('POST', '/api/v1/prospects', { cookie, body })).json().prospect.id as number;
    await create(wei, { name: '陳經理', company: '騰訊科技', phones: ['138 0013 8000'], grade: 'A', tags: ['VIP'] });
    await create(wei, { name: EVIL, title: '-負責人', emails: ['evil@example.com'], grade: 'B', tags: ['@team'] });
    await create(wei, { name: '林小姐', emails: ['lin@example.com'], wechatId: 'lin_2026', address: '台北市信義路五段7號', grade: 'C' });
    await create(le, { name: '祕密客戶', emails: ['secret@hidden.cn'], grade: 'A' });
    const linked = await create(le, { name: '同事介紹', phones: ['139 0013 9000'], grade: 'A' });
    await t.call('POST', `/api/v1/prospects/${linked}/colleagues`, { cookie: le, body: { userId: weiId } });
    await create(out, { name: '外人', emails: ['out@example.com'], grade: 'A' });
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
    expect(res.body).toMatch(/^\uFEFFName,Company,Title,Phones,Emails,WeChat ID,Address,Notes,Tags,Grade\r\n/);
    expect(res.body.replace(/\r\n/g, '')).not.toMatch(/\r|\n/);
    expect(rowsOf(res.body).map((r) => r[0])).toEqual(['陳經理', `'${EVIL}`, '林小姐', '同事介紹']);
    expect(rowsOf(res.body)[2]).toEqual(['林小姐', '', '', '', 'lin@example.com', 'lin_2026', '台北市信義路五段7號', '', '', 'C']);
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
    expect(res.body).toContain("陳經理,騰訊科技,,'+8613800138000,,,,,VIP,A\r\n");
    expect(res.body).toContain(",'-負責人,,evil@example.com,,,,'@team,B\r\n");
    for (const cell of rowsOf(res.body).flat()) expect(cell).not.toMatch(/^\s*[=+\-@＝＋－＠\t\r]/);
  });

  it.each([
    ['zh-Hant', '姓名,公司,職稱,電話,電郵,微信號,地址,備註,標籤,等級'],
    ['zh-Hans', '姓名,公司,职称,电话,邮箱,微信号,地址,备注,标签,等级'],
    ['en-US,en;q=0.9', 'Name,Company,Title,Phones,Emails,WeChat ID,Address,Notes,Tags,Grade'],
  ])('Accept-Language %s gives the header row in that language', async (locale, header) => {
    const res = await exportCsv(wei, 'grade=C', locale);
    expect(res.body).toBe(`\uFEFF${header}\r\n林小姐,,,,lin@example.com,lin_2026,台北市信義路五段7號,,,C\r\n`);
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

  it('writes a large book page by page, each prospect exactly once, also while it changes', async () => {
    const bigId = await t.user('big@pond.test', 'salesperson');
    const big = await t.login('big@pond.test');
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
