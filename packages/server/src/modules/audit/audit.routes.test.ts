import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describeEachDialect } from '@pond/db/testing';
import { AUDIT_ACTIONS } from '@pond/domain/audit';
import { beforeAll, describe, expect, it } from 'vitest';
import { LONG_SESSIONS, person, prospect } from '../../testing/factories.js';
import { createTestApp, type TestApp } from '../../testing/test-app.js';

interface Item {
  id: number;
  at: string;
  actorId: number | null;
  actorName: string | null;
  actorLabel: string | null;
  action: string;
  entityType: string;
  entityId: string | null;
  entityName: string | null;
  related: Record<string, string>;
  before: unknown;
  after: unknown;
}

describeEachDialect('the audit log: names for its sentences, and filters', (ctx) => {
  let t: TestApp;
  let admin: string;
  let wei: string;
  let promoted: string;
  let adminId: number;
  let weiId: number;
  let leId: number;
  let promotedId: number;
  let kept: number;
  let secret: number;

  const at = (iso: string) => t.clock.set(iso);
  const create = async (cookie: string, name: string, phone: string) => (await prospect(t, cookie, { name, phones: [phone] })).id;
  const audit = (query: string, cookie = admin, headers: Record<string, string> = {}) => t.call('GET', `/api/v1/audit?${query}`, { cookie, headers });
  const items = async (query: string): Promise<Item[]> => {
    const res = await audit(query);
    expect(res.statusCode, res.body).toBe(200);
    return res.json().items;
  };

  beforeAll(async () => {
    t = await createTestApp(ctx.database, { POND_DEFAULT_PHONE_REGION: 'CN', ...LONG_SESSIONS });
    at('2026-11-30T09:00:00.000Z');
    ({ id: adminId } = await person(t, 'admin', { email: 'wang@pond.test', displayName: '王經理', signIn: false }));
    ({ id: weiId } = await person(t, 'salesperson', { email: 'wei@pond.test', displayName: '小偉', signIn: false }));
    ({ id: leId } = await person(t, 'salesperson', { displayName: '肖樂', signIn: false }));
    ({ id: promotedId } = await person(t, 'salesperson', { email: 'xiaole@pond.test', displayName: '小樂', signIn: false }));
    at('2026-11-30T10:00:00.000Z');
    admin = await t.login('wang@pond.test');
    wei = await t.login('wei@pond.test');
    // The admin reads the log in Taipei's calendar (UTC+8).
    expect((await t.call('PATCH', '/api/v1/auth/me', { cookie: admin, body: { timeZone: 'Asia/Taipei' } })).statusCode).toBe(200);
    at('2026-11-30T12:00:00.000Z'); // 20:00 on 30 November in Taipei
    expect((await t.call('PATCH', `/api/v1/users/${promotedId}`, { cookie: admin, body: { role: 'manager', version: 1 } })).statusCode).toBe(200);
    at('2026-11-30T17:30:00.000Z'); // 01:30 on 1 December in Taipei, still 30 November in UTC
    kept = await create(wei, '陳大文', '13900000001');
    at('2026-12-01T03:00:00.000Z');
    const gone = await create(wei, '陳先生', '13900000002');
    const version = (await t.call('GET', `/api/v1/prospects/${kept}`, { cookie: wei })).json().prospect.version;
    expect((await t.call('POST', `/api/v1/prospects/${kept}/merge`, { cookie: wei, body: { fromId: gone, version } })).statusCode).toBe(200);
    at('2026-12-01T04:00:00.000Z');
    expect((await t.call('POST', `/api/v1/prospects/${kept}/colleagues`, { cookie: wei, body: { userId: leId } })).statusCode).toBe(200);
    at('2026-12-02T05:00:00.000Z');
    expect((await t.call('POST', '/api/v1/auth/login', { body: { email: 'nobody@pond.test', password: 'not a password at all' } })).statusCode).toBe(401);
    at('2026-12-02T06:00:00.000Z'); // 14:00 on 2 December in Taipei
    secret = await create(wei, '林小姐', '13900000003');
    at('2026-12-02T07:00:00.000Z');
    expect((await t.call('DELETE', `/api/v1/prospects/${secret}`, { cookie: admin })).statusCode).toBe(204);
    at('2026-12-03T01:00:00.000Z');
    promoted = await t.login('xiaole@pond.test');
  });

  it('is the admin’s alone: 401 without a session, 403 for a salesperson and for a manager', async () => {
    expect((await t.call('GET', '/api/v1/audit')).statusCode).toBe(401);
    expect((await audit('', wei)).statusCode).toBe(403);
    expect((await audit('action=prospect.created', promoted)).statusCode).toBe(403);
  });

  it('names the actor and the entity: "王經理 changed 小樂’s role to manager"', async () => {
    const [entry, ...rest] = await items('action=user.role_changed');
    expect(rest).toEqual([]);
    expect(entry).toMatchObject({ actorId: adminId, actorName: '王經理', actorLabel: 'wang@pond.test', entityType: 'user', entityId: String(promotedId), entityName: '小樂', after: { role: 'manager' } });
  });

  it('names the records an entry’s data points at, and the record a merge took away', async () => {
    const [linked] = await items('action=prospect.colleague_linked');
    expect(linked).toMatchObject({ actorName: '小偉', entityName: '陳大文', related: { [`user:${leId}`]: '肖樂' } });
    const [merged] = await items('action=prospect.merged');
    expect(merged).toMatchObject({ actorName: '小偉', entityName: '陳大文', before: { name: '陳先生' } });
  });

  it('names nothing of an erased prospect, and entries no user made by what was recorded', async () => {
    const erased = (await items('action=prospect.created')).find((i) => i.entityId === String(secret))!;
    expect(erased).toMatchObject({ entityName: null, after: null });
    expect(JSON.stringify(await items(`entityType=prospect&entityId=${secret}`))).not.toContain('林小姐');
    const [failed] = await items('action=login.failed');
    expect(failed).toMatchObject({ actorId: null, actorName: 'nobody@pond.test', entityName: null });
  });

  it('filters by actor, a user or "system" (no user), with the count the log holds', async () => {
    const byWei = await items(`actor=${weiId}&limit=200`);
    const written = await ctx.database.db.selectFrom('audit_log').select((eb) => eb.fn.countAll<number>().as('n')).where('actor_id', '=', weiId).executeTakeFirstOrThrow();
    expect(byWei.length).toBe(Number(written.n));
    expect(new Set(byWei.map((i) => i.actorId))).toEqual(new Set([weiId]));
    expect(byWei.map((i) => i.action)).toEqual(expect.arrayContaining(['login.succeeded', 'prospect.created', 'prospect.merged', 'prospect.colleague_linked']));
    const system = await items('actor=system&limit=200');
    expect(new Set(system.map((i) => i.actorId))).toEqual(new Set([null]));
    expect(system.map((i) => i.action)).toEqual(expect.arrayContaining(['user.created', 'login.failed']));
  });

  it('filters by action, newest first', async () => {
    const created = await items('action=prospect.created');
    expect(created.map((i) => i.entityId)).toEqual([String(secret), expect.any(String), String(kept)]);
    expect(new Set(created.map((i) => i.action))).toEqual(new Set(['prospect.created']));
    expect(await items('action=user.never_written')).toEqual([]);
  });

  it('filters by days in the viewer’s time zone, both days included', async () => {
    // 1 December in Taipei runs from 30 November 16:00 to 1 December 16:00 UTC.
    const first = await items('from=2026-12-01&to=2026-12-01&limit=200');
    expect(first.length).toBeGreaterThan(0);
    for (const i of first) expect(i.at >= '2026-11-30T16:00:00.000Z' && i.at < '2026-12-01T16:00:00.000Z', i.at).toBe(true);
    expect(first.map((i) => i.at)).toContain('2026-11-30T17:30:00.000Z');
    expect(first.map((i) => i.action)).not.toContain('user.role_changed');
    const since = await items('from=2026-12-02&limit=200');
    expect(since.map((i) => i.action)).toEqual(expect.arrayContaining(['login.failed', 'prospect.erased', 'login.succeeded']));
    for (const i of since) expect(i.at >= '2026-12-01T16:00:00.000Z').toBe(true);
    const until = await items('to=2026-11-30&limit=200');
    for (const i of until) expect(i.at < '2026-11-30T16:00:00.000Z').toBe(true);
    expect(until.map((i) => i.action)).toContain('user.role_changed');
  });

  it('combines the filters, and pages under them with the keyset cursor', async () => {
    const one = await items(`actor=${weiId}&action=prospect.created&from=2026-12-02&to=2026-12-02`);
    expect(one.map((i) => i.entityId)).toEqual([String(secret)]);
    const all = await items(`actor=${weiId}&limit=200`);
    const seen: Item[] = [];
    let cursor: string | null = null;
    do {
      const res = await audit(`actor=${weiId}&limit=2${cursor ? `&cursor=${cursor}` : ''}`);
      const body = res.json() as { items: Item[]; nextCursor: string | null };
      seen.push(...body.items);
      cursor = body.nextCursor;
    } while (cursor);
    expect(seen.map((i) => i.id)).toEqual(all.map((i) => i.id));
  });

  it('answers a bad filter with a localized 400, never a 500', async () => {
    const en = await audit('from=2026-02-30');
    const zh = await audit('from=2026-02-30', admin, { 'accept-language': 'zh-Hant' });
    expect([en.statusCode, zh.statusCode]).toEqual([400, 400]);
    expect(en.json().error.code).toBe('VALIDATION_FAILED');
    expect(zh.json().error.message).not.toBe(en.json().error.message);
    expect(zh.json().error.message).toMatch(/[\u4e00-\u9fff]/);
    const reversed = await audit('from=2026-12-03&to=2026-12-01', admin, { 'accept-language': 'zh-Hant' });
    expect(reversed.json().error).toMatchObject({ code: 'PERIOD_REVERSED', message: expect.stringMatching(/[\u4e00-\u9fff]/) });
    for (const bad of ['to=yesterday', 'actor=abc', 'actor=0', 'actor=-3', 'action=DROP%20TABLE', 'action=user.x;', 'cursor=abc', 'sort=at']) {
      const res = await audit(bad);
      expect(res.statusCode, bad).toBe(400);
    }
  });
});

describe('the action catalogue', () => {
  // Every code the server's sources write: `action: 'x.y'`, the ternaries that choose one, and the templates below.
  const TEMPLATES: Record<string, string[]> = {
    'newsletter.${state}': ['newsletter.approved', 'newsletter.rejected', 'newsletter.paused', 'newsletter.sending', 'newsletter.cancelled'],
    'newsletter.unknown_${decision}': ['newsletter.unknown_mark_sent', 'newsletter.unknown_resend'],
  };
  const root = join(dirname(fileURLToPath(import.meta.url)), '../..');
  const sources = (readdirSync(root, { recursive: true }) as string[]).filter((f) => f.endsWith('.ts') && !f.endsWith('.test.ts') && !f.includes('testing'));
  const written = new Set<string>();
  const unknownTemplates: string[] = [];
  for (const file of sources) {
    const text = readFileSync(join(root, file), 'utf8');
    for (const m of text.matchAll(/\baction: '([a-z_.]+)'/g)) written.add(m[1]!);
    for (const m of text.matchAll(/\bconst action = ([^;]+);/g)) for (const q of m[1]!.matchAll(/'([a-z_]+\.[a-z_.]+)'/g)) written.add(q[1]!);
    for (const m of text.matchAll(/\baction: `([^`]+)`/g)) {
      if (TEMPLATES[m[1]!]) TEMPLATES[m[1]!]!.forEach((c) => written.add(c));
      else unknownTemplates.push(`${file}: ${m[1]}`);
    }
  }

  it('holds every action code the server writes, and only those', () => {
    expect(unknownTemplates).toEqual([]);
    expect([...written].filter((c) => !AUDIT_ACTIONS.includes(c as never)).sort()).toEqual([]);
    expect(AUDIT_ACTIONS.filter((c) => !written.has(c))).toEqual([]);
  });
});
