import type { Database } from '@pond/db';
import { describeEachDialect, openTestDatabase } from '@pond/db/testing';
import { ACCOUNT_THROTTLE, MAX_IMAGES_PER_ISSUE } from '@pond/domain';
import type { LightMyRequestResponse } from 'fastify';
import { beforeAll, expect, it } from 'vitest';
import { PASSWORD, createTestApp, type TestApp } from './testing/test-app.js';
import { CONSOLE } from './platform/actor.js';
import { solidPng } from './testing/images.js';

/**
 * The concurrency suite, built from the server's route table like the authorization matrix: every write
 * route has a race here (a route without one fails the suite). Each race sends its requests all at once at
 * one record, then checks the database: counts equal the rows they count, exactly one winner where one is
 * allowed, versions moved once per winner. On SQLite writers queue by themselves; on PostgreSQL (a real server
 * in CI) these requests really interleave, over a pool of connections.
 */
interface Request {
  method: 'POST' | 'PATCH' | 'PUT' | 'DELETE';
  url: string;
  body?: unknown;
  cookie?: string;
  headers?: Record<string, string>;
}
interface World {
  t: TestApp;
  db: Database['db'];
  admin: string;
  manager: string;
  wei: string;
  weiId: number;
  le: string;
  leId: number;
  seq: () => number;
  /** A new prospect of Xiao Wei's with one phone, created through the API. */
  prospect(name?: string): Promise<{ id: number; version: number }>;
  count(table: 'touches' | 'prospects' | 'sessions' | 'api_tokens' | 'audit_log' | 'prospect_colleagues' | 'users' | 'teams' | 'jobs' | 'pool_moves' | 'notifications' | 'feed_tokens' | 'orders' | 'products' | 'commission_rules' | 'events' | 'invitations', where?: Record<string, unknown>): Promise<number>;
  version(table: 'users' | 'teams' | 'prospects' | 'orders' | 'products' | 'events' | 'invitations', id: number): Promise<number>;
}
interface Race<A = unknown> {
  arrange(w: World): Promise<A>;
  requests(w: World, a: A): Request[];
  check(w: World, a: A, responses: LightMyRequestResponse[]): Promise<void>;
}

const N = 12;
const times = <T>(n: number, f: (i: number) => T): T[] => Array.from({ length: n }, (_, i) => f(i));
const statuses = (rs: LightMyRequestResponse[]) => rs.map((r) => r.statusCode).sort((a, b) => a - b);
const tally = (rs: LightMyRequestResponse[]) => rs.reduce<Record<number, number>>((m, r) => ({ ...m, [r.statusCode]: (m[r.statusCode] ?? 0) + 1 }), {});
/** Exactly one request won with `ok`; every other lost with one of `lost`. */
function oneWinner(rs: LightMyRequestResponse[], ok: number, lost: number[]): void {
  const t = tally(rs);
  expect(t[ok], JSON.stringify(t)).toBe(1);
  for (const r of rs) if (r.statusCode !== ok) expect(lost, r.body).toContain(r.statusCode);
}
const race = <A>(r: Race<A>): Race => r as Race;
const POLICY = { A: { key: 20, normal: 20, small: 40 }, B: { key: 20, normal: 40, small: 60 }, C: { key: 40, normal: 60, small: 80 }, unrated: { key: 20, normal: 40, small: 60 } };

const RACES: Record<string, Race> = {
  'POST /api/v1/setup': race({
    // Setup needs a database with no users: the race runs on a fresh one of the same dialect.
    arrange: async () => null,
    requests: () => [],
    check: async () => {},
  }),
  'POST /api/v1/auth/login': race({
    arrange: async (w) => {
      const email = `guess${w.seq()}@pond.test`;
      await w.t.user(email, 'salesperson');
      return email;
    },
    requests: (_w, email) => times(40, (i) => ({ method: 'POST', url: '/api/v1/auth/login', body: { email, password: `wrong-guess-${i}-password` } })),
    check: async (w, email, rs) => {
      const t = tally(rs);
      // The attempts up to the limit, and the one that crosses it, are checked; the rest wait.
      expect(t[401], JSON.stringify(t)).toBe(ACCOUNT_THROTTLE.maxFailures + 1);
      expect(t[429], JSON.stringify(t)).toBe(40 - ACCOUNT_THROTTLE.maxFailures - 1);
      const row = await w.db.selectFrom('login_throttle').selectAll().where('key', '=', `account:${email}`).executeTakeFirstOrThrow();
      expect(row.failures).toBe(t[401]);
      expect(row.locked_until).not.toBeNull();
    },
  }),
  'POST /api/v1/auth/logout': race({
    arrange: async (w) => w.t.login('wei@pond.test'),
    requests: (_w, cookie) => times(N, () => ({ method: 'POST', url: '/api/v1/auth/logout', cookie })),
    check: async (w, cookie, rs) => {
      for (const r of rs) expect([204, 401]).toContain(r.statusCode);
      expect((await w.t.call('GET', '/api/v1/auth/me', { cookie })).statusCode).toBe(401);
    },
  }),
  'PATCH /api/v1/auth/me': race({
    arrange: async (w) => ({ zones: ['Asia/Taipei', 'Asia/Shanghai', 'Asia/Hong_Kong', 'UTC'], audit: await w.count('audit_log', { action: 'user.preferences_changed' }) }),
    requests: (w, a) => times(N, (i) => ({ method: 'PATCH', url: '/api/v1/auth/me', cookie: w.le, body: { timeZone: a.zones[i % a.zones.length] } })),
    check: async (w, a, rs) => {
      expect(statuses(rs)).toEqual(times(N, () => 200));
      const user = await w.db.selectFrom('users').select(['time_zone', 'version']).where('id', '=', w.leId).executeTakeFirstOrThrow();
      expect(a.zones).toContain(user.time_zone);
      expect((await w.count('audit_log', { action: 'user.preferences_changed' })) - a.audit).toBe(N);
    },
  }),
  'POST /api/v1/auth/password': race({
    arrange: async (w) => {
      const email = `pw${w.seq()}@pond.test`;
      const id = await w.t.user(email, 'salesperson');
      const cookie = await w.t.login(email);
      const token = (await w.t.call('POST', '/api/v1/auth/tokens', { cookie, body: { name: 'script' } })).json().token as string;
      return { id, email, cookie, token };
    },
    requests: (_w, a) => times(N, (i) => ({ method: 'POST', url: '/api/v1/auth/password', cookie: a.cookie, body: { currentPassword: PASSWORD, newPassword: `a fresh tide number ${i}` } })),
    check: async (w, a, rs) => {
      // The current password is checked against the row being changed: only the first change knows it.
      oneWinner(rs, 204, [400]);
      const winner = rs.findIndex((r) => r.statusCode === 204);
      const login = await w.t.call('POST', '/api/v1/auth/login', { body: { email: a.email, password: `a fresh tide number ${winner}` } });
      expect(login.statusCode).toBe(200);
      expect((await w.t.call('GET', '/api/v1/auth/me', { headers: { authorization: `Bearer ${a.token}` } })).statusCode).toBe(401);
    },
  }),
  'POST /api/v1/auth/tokens': race({
    arrange: async (w) => w.count('api_tokens', { user_id: w.leId }),
    requests: (w) => times(N, (i) => ({ method: 'POST', url: '/api/v1/auth/tokens', cookie: w.le, body: { name: `script ${i}` } })),
    check: async (w, before, rs) => {
      expect(statuses(rs)).toEqual(times(N, () => 201));
      expect(new Set(rs.map((r) => r.json().id)).size).toBe(N);
      expect((await w.count('api_tokens', { user_id: w.leId })) - before).toBe(N);
    },
  }),
  'DELETE /api/v1/auth/tokens/:id': race({
    arrange: async (w) => (await w.t.call('POST', '/api/v1/auth/tokens', { cookie: w.le, body: { name: 'once' } })).json().id as number,
    requests: (w, id) => times(N, () => ({ method: 'DELETE', url: `/api/v1/auth/tokens/${id}`, cookie: w.le })),
    check: async (w, id, rs) => {
      oneWinner(rs, 204, [404]);
      expect(await w.count('audit_log', { action: 'token.revoked', entity_id: String(id) })).toBe(1);
    },
  }),
  'POST /api/v1/users': race({
    arrange: async (w) => `twin${w.seq()}@pond.test`,
    requests: (w, email) => times(N, () => ({ method: 'POST', url: '/api/v1/users', cookie: w.admin, body: { email, displayName: 'Twin', role: 'salesperson', password: 'a long harbour morning' } })),
    check: async (w, email, rs) => {
      oneWinner(rs, 201, [409]);
      expect(await w.count('users', { email })).toBe(1);
    },
  }),
  'PATCH /api/v1/users/:id': race({
    arrange: async (w) => {
      const id = await w.t.user(`rename${w.seq()}@pond.test`, 'salesperson');
      return { id, version: await w.version('users', id) };
    },
    requests: (w, a) => times(N, (i) => ({ method: 'PATCH', url: `/api/v1/users/${a.id}`, cookie: w.admin, body: { displayName: `Name ${i}`, version: a.version } })),
    check: async (w, a, rs) => {
      oneWinner(rs, 200, [412]);
      expect(await w.version('users', a.id)).toBe(a.version + 1);
    },
  }),
  'POST /api/v1/users/:id/password': race({
    arrange: async (w) => {
      const email = `reset${w.seq()}@pond.test`;
      const id = await w.t.user(email, 'salesperson');
      const cookie = await w.t.login(email);
      const token = (await w.t.call('POST', '/api/v1/auth/tokens', { cookie, body: { name: 'intruder' } })).json().token as string;
      return { id, cookie, token };
    },
    requests: (w, a) => times(N, (i) => ({ method: 'POST', url: `/api/v1/users/${a.id}/password`, cookie: w.admin, body: { password: `an admin given phrase ${i}` } })),
    check: async (w, a, rs) => {
      expect(statuses(rs)).toEqual(times(N, () => 204));
      expect(await w.count('sessions', { user_id: a.id })).toBe(0);
      expect(await w.count('api_tokens', { user_id: a.id, revoked_at: null })).toBe(0);
      expect((await w.t.call('GET', '/api/v1/auth/me', { headers: { authorization: `Bearer ${a.token}` } })).statusCode).toBe(401);
    },
  }),
  'POST /api/v1/teams': race({
    arrange: async (w) => `Harbour ${w.seq()}`,
    requests: (w, name) => times(N, () => ({ method: 'POST', url: '/api/v1/teams', cookie: w.admin, body: { name } })),
    check: async (w, name, rs) => {
      oneWinner(rs, 201, [409]);
      expect(await w.count('teams', { name })).toBe(1);
    },
  }),
  'PATCH /api/v1/teams/:id': race({
    arrange: async (w) => {
      const id = (await w.t.call('POST', '/api/v1/teams', { cookie: w.admin, body: { name: `Bay ${w.seq()}` } })).json().team.id as number;
      return { id, version: await w.version('teams', id) };
    },
    requests: (w, a) => times(N, (i) => ({ method: 'PATCH', url: `/api/v1/teams/${a.id}`, cookie: w.admin, body: { name: `Cove ${w.seq()} ${i}`, version: a.version } })),
    check: async (w, a, rs) => {
      oneWinner(rs, 200, [412]);
      expect(await w.version('teams', a.id)).toBe(a.version + 1);
    },
  }),
  'PUT /api/v1/settings/interval-policy': race({
    arrange: async (w) => (await w.t.call('GET', '/api/v1/settings/interval-policy', { cookie: w.admin })).json().version as number,
    requests: (w, version) => times(N, () => ({ method: 'PUT', url: '/api/v1/settings/interval-policy', cookie: w.admin, body: { version, policy: POLICY } })),
    check: async (w, version, rs) => {
      oneWinner(rs, 200, [412]);
      expect((await w.t.call('GET', '/api/v1/settings/interval-policy', { cookie: w.admin })).json().version).toBe(version + 1);
    },
  }),
  'PUT /api/v1/settings/mail': race({
    arrange: async (w) => (await w.t.call('GET', '/api/v1/settings/mail', { cookie: w.admin })).json().version as number,
    requests: (w, version) => times(N, (i) => ({ method: 'PUT', url: '/api/v1/settings/mail', cookie: w.admin, body: { version, host: '127.0.0.1', port: 9, security: 'none', fromAddress: `pond${i}@pond.test` } })),
    check: async (w, version, rs) => {
      oneWinner(rs, 200, [412]);
      expect((await w.t.call('GET', '/api/v1/settings/mail', { cookie: w.admin })).json().version).toBe(version + 1);
    },
  }),
  'POST /api/v1/settings/mail/test': race({
    // The settings above point at a port nothing listens on: every test send fails alike and writes nothing.
    arrange: async (w) => w.count('audit_log', { action: 'mail.test_sent' }),
    requests: (w) => times(N, () => ({ method: 'POST', url: '/api/v1/settings/mail/test', cookie: w.admin, body: { to: 'xiaowei@example.com' } })),
    check: async (w, before, rs) => {
      expect(statuses(rs)).toEqual(times(N, () => 502));
      expect(await w.count('audit_log', { action: 'mail.test_sent' })).toBe(before);
    },
  }),
  'POST /api/v1/prospects': race({
    arrange: async (w) => ({ tag: `batch-${w.seq()}`, before: await w.count('prospects') }),
    requests: (w, a) => times(N, (i) => ({ method: 'POST', url: '/api/v1/prospects', cookie: w.wei, body: { name: `同時 ${i}`, emails: [`same${a.tag}-${i}@example.com`], grade: 'B', tags: [a.tag] } })),
    check: async (w, a, rs) => {
      expect(statuses(rs)).toEqual(times(N, () => 201));
      expect((await w.count('prospects')) - a.before).toBe(N);
    },
  }),
  'POST /api/v1/prospects/bulk': race({
    arrange: async (w) => Promise.all(times(3, () => w.prospect())),
    requests: (w, ps) => times(N, (i) => ({ method: 'POST', url: '/api/v1/prospects/bulk', cookie: w.wei, body: { ids: i % 2 ? ps.map((p) => p.id) : ps.map((p) => p.id).reverse(), grade: i % 2 ? 'A' : 'C' } })),
    check: async (w, ps, rs) => {
      expect(statuses(rs)).toEqual(times(N, () => 200));
      // Each bulk change saw the grade the one before it left: the history is one unbroken chain per prospect.
      for (const p of ps) {
        const history = await w.db.selectFrom('prospect_history').select(['before_value', 'after_value']).where('prospect_id', '=', p.id).where('field', '=', 'grade').orderBy('id').execute();
        for (let i = 1; i < history.length; i++) expect(history[i]!.before_value).toBe(history[i - 1]!.after_value);
      }
    },
  }),
  'POST /api/v1/prospects/import': race({
    arrange: async (w) => ({ tag: w.seq(), before: await w.count('prospects') }),
    // The same two cards in every file, and one card of each file's own: the shared ones are created once.
    requests: (w, a) =>
      times(N, (i) => ({ method: 'POST', url: '/api/v1/prospects/import', cookie: i % 2 ? w.wei : w.le, body: { content: `Name,E-mail\n共同,shared${a.tag}@example.com\n共同二,shared${a.tag}b@example.com\n名片${i},import${a.tag}-${i}@example.com\n` } })),
    check: async (w, a, rs) => {
      expect(statuses(rs)).toEqual(times(N, () => 200));
      expect((await w.count('prospects')) - a.before).toBe(N + 2);
      expect(rs.reduce((n, r) => n + r.json().created, 0)).toBe(N + 2);
      expect(rs.reduce((n, r) => n + r.json().duplicates.length, 0)).toBe(2 * (N - 1));
    },
  }),
  'PATCH /api/v1/prospects/:id': race({
    arrange: async (w) => w.prospect(),
    requests: (w, p) => times(N, (i) => ({ method: 'PATCH', url: `/api/v1/prospects/${p.id}`, cookie: w.wei, body: { title: `Buyer ${i}`, version: p.version } })),
    check: async (w, p, rs) => {
      oneWinner(rs, 200, [412]);
      expect(await w.version('prospects', p.id)).toBe(p.version + 1);
    },
  }),
  'POST /api/v1/prospects/:id/disposition': race({
    arrange: async (w) => w.prospect(),
    requests: (w, p) => times(N, () => ({ method: 'POST', url: `/api/v1/prospects/${p.id}/disposition`, cookie: w.wei, body: { disposition: 'keep', version: p.version } })),
    check: async (w, p, rs) => {
      oneWinner(rs, 200, [412]);
      expect(await w.version('prospects', p.id)).toBe(p.version + 1);
    },
  }),
  'POST /api/v1/prospects/:id/touches': race({
    arrange: async (w) => w.prospect(),
    // The owner and a colleague on the company's behalf, each touch a sale, all at once.
    requests: (w, p) => times(40, (i) => ({ method: 'POST', url: `/api/v1/prospects/${p.id}/touches`, cookie: i % 4 ? w.wei : w.manager, body: { channel: 'call', relationshipKept: true, saleMade: i % 10 === 0, summary: `call ${i}` } })),
    check: async (w, p, rs) => {
      expect(statuses(rs)).toEqual(times(40, () => 201));
      const db = w.db;
      const row = await db.selectFrom('prospects').select(['touch_count', 'stage', 'last_touch_at']).where('id', '=', p.id).executeTakeFirstOrThrow();
      expect(row.touch_count).toBe(await w.count('touches', { prospect_id: p.id }));
      expect(row.touch_count).toBe(40);
      expect(await w.count('touches', { prospect_id: p.id, kind: 'first_contact' })).toBe(1);
      // Four sales: a customer after the first, a repeat customer after the second.
      expect(row.stage).toBe('repeat_customer');
      const latest = await db.selectFrom('touches').select('at').where('prospect_id', '=', p.id).orderBy('at', 'desc').limit(1).executeTakeFirstOrThrow();
      expect(row.last_touch_at).toBe(latest.at);
      // The owner's bell: one notice per colleague's touch (the manager's ten), none for their own.
      expect(await w.count('notifications', { prospect_id: p.id, kind: 'touch_logged' })).toBe(10);
    },
  }),
  'POST /api/v1/prospects/:id/colleagues': race({
    arrange: async (w) => w.prospect(),
    requests: (w, p) => times(N, () => ({ method: 'POST', url: `/api/v1/prospects/${p.id}/colleagues`, cookie: w.wei, body: { userId: w.leId } })),
    check: async (w, p, rs) => {
      expect(statuses(rs)).toEqual(times(N, () => 200));
      expect(await w.count('prospect_colleagues', { prospect_id: p.id })).toBe(1);
      expect(await w.count('audit_log', { action: 'prospect.colleague_linked', entity_id: String(p.id) })).toBe(1);
    },
  }),
  'DELETE /api/v1/prospects/:id/colleagues/:userId': race({
    arrange: async (w) => {
      const p = await w.prospect();
      await w.t.call('POST', `/api/v1/prospects/${p.id}/colleagues`, { cookie: w.wei, body: { userId: w.leId } });
      return p;
    },
    requests: (w, p) => times(N, () => ({ method: 'DELETE', url: `/api/v1/prospects/${p.id}/colleagues/${w.leId}`, cookie: w.wei })),
    check: async (w, p, rs) => {
      oneWinner(rs, 200, [404]);
      expect(await w.count('audit_log', { action: 'prospect.colleague_unlinked', entity_id: String(p.id) })).toBe(1);
    },
  }),
  'POST /api/v1/prospects/:id/merge': race({
    arrange: async (w) => {
      const [a, b, c] = [await w.prospect('甲'), await w.prospect('乙'), await w.prospect('丙')];
      for (const p of [a, b, b, c]) await w.t.call('POST', `/api/v1/prospects/${p.id}/touches`, { cookie: w.wei, body: { channel: 'call', relationshipKept: true } });
      return { a: { ...a, version: await w.version('prospects', a.id) }, b, c: { ...c, version: await w.version('prospects', c.id) } };
    },
    // A←B and C←B at once, several times over, and B←A (the reverse order) among them.
    requests: (w, x) => [
      ...times(4, () => ({ method: 'POST' as const, url: `/api/v1/prospects/${x.a.id}/merge`, cookie: w.wei, body: { fromId: x.b.id, version: x.a.version } })),
      ...times(4, () => ({ method: 'POST' as const, url: `/api/v1/prospects/${x.c.id}/merge`, cookie: w.wei, body: { fromId: x.b.id, version: x.c.version } })),
    ],
    check: async (w, x, rs) => {
      oneWinner(rs, 200, [404, 412]);
      expect(await w.count('prospects', { id: x.b.id })).toBe(0);
      const db = w.db;
      for (const p of [x.a, x.c]) {
        const row = await db.selectFrom('prospects').select(['touch_count']).where('id', '=', p.id).executeTakeFirstOrThrow();
        expect(row.touch_count).toBe(await w.count('touches', { prospect_id: p.id }));
        expect(await w.count('touches', { prospect_id: p.id, kind: 'first_contact' })).toBe(1);
      }
      expect((await w.count('touches', { prospect_id: x.a.id })) + (await w.count('touches', { prospect_id: x.c.id }))).toBe(4);
    },
  }),
  'POST /api/v1/prospects/:id/archive': race({
    arrange: async (w) => w.prospect(),
    requests: (w, p) => times(N, () => ({ method: 'POST', url: `/api/v1/prospects/${p.id}/archive`, cookie: w.manager })),
    check: async (w, p, rs) => {
      oneWinner(rs, 200, [409]);
      expect(await w.count('audit_log', { action: 'prospect.archived', entity_id: String(p.id) })).toBe(1);
    },
  }),
  'PUT /api/v1/settings/pool': race({
    arrange: async (w) => (await w.t.call('GET', '/api/v1/settings/pool', { cookie: w.admin })).json() as { version: number; policy: unknown },
    requests: (w, a) => times(N, (i) => ({ method: 'PUT', url: '/api/v1/settings/pool', cookie: w.admin, body: { version: a.version, policy: { ...(a.policy as object), warnDays: i } } })),
    check: async (w, a, rs) => {
      oneWinner(rs, 200, [412]);
      expect((await w.t.call('GET', '/api/v1/settings/pool', { cookie: w.admin })).json().version).toBe(a.version + 1);
    },
  }),
  'POST /api/v1/settings/pool/preview': race({
    arrange: async (w) => ({ policy: (await w.t.call('GET', '/api/v1/settings/pool', { cookie: w.admin })).json().policy, audit: await w.count('audit_log') }),
    requests: (w, a) => times(N, () => ({ method: 'POST', url: '/api/v1/settings/pool/preview', cookie: w.admin, body: { policy: a.policy } })),
    check: async (w, a, rs) => {
      expect(statuses(rs)).toEqual(times(N, () => 200));
      expect(await w.count('audit_log')).toBe(a.audit);
    },
  }),
  'POST /api/v1/prospects/:id/release': race({
    arrange: async (w) => w.prospect(),
    requests: (w, p) => times(N, (i) => ({ method: 'POST', url: `/api/v1/prospects/${p.id}/release`, cookie: w.wei, body: { reason: `moving ${i}` } })),
    check: async (w, p, rs) => {
      oneWinner(rs, 200, [409]);
      expect(await w.count('pool_moves', { prospect_id: p.id, kind: 'released' })).toBe(1);
    },
  }),
  'POST /api/v1/pool/:id/claim': race({
    arrange: async (w) => {
      const p = await w.prospect();
      await w.t.call('POST', `/api/v1/prospects/${p.id}/release`, { cookie: w.wei, body: { reason: 'for the race' } });
      return p;
    },
    // Two people, six claims each, at once.
    requests: (w, p) => times(N, (i) => ({ method: 'POST', url: `/api/v1/pool/${p.id}/claim`, cookie: i % 2 ? w.le : w.manager })),
    check: async (w, p, rs) => {
      oneWinner(rs, 200, [409]);
      expect(await w.count('pool_moves', { prospect_id: p.id, kind: 'claimed' })).toBe(1);
    },
  }),
  'POST /api/v1/pool/claim': race({
    arrange: async (w) => {
      const ids = [];
      for (let i = 0; i < 2; i++) {
        const p = await w.prospect();
        await w.t.call('POST', `/api/v1/prospects/${p.id}/release`, { cookie: w.wei, body: { reason: 'for the race' } });
        ids.push(p.id);
      }
      return ids;
    },
    requests: (w, ids) => times(N, () => ({ method: 'POST', url: '/api/v1/pool/claim', cookie: w.le, body: { ids } })),
    check: async (w, ids, rs) => {
      oneWinner(rs, 200, [409]);
      for (const id of ids) expect(await w.count('pool_moves', { prospect_id: id, kind: 'claimed' })).toBe(1);
    },
  }),
  'POST /api/v1/pool/:id/assign': race({
    arrange: async (w) => {
      const p = await w.prospect();
      await w.t.call('POST', `/api/v1/prospects/${p.id}/release`, { cookie: w.wei, body: { reason: 'for the race' } });
      return p;
    },
    requests: (w, p) => times(N, (i) => ({ method: 'POST', url: `/api/v1/pool/${p.id}/assign`, cookie: w.manager, body: { userId: i % 2 ? w.leId : w.weiId } })),
    check: async (w, p, rs) => {
      oneWinner(rs, 200, [409]);
      expect(await w.count('pool_moves', { prospect_id: p.id, kind: 'assigned' })).toBe(1);
    },
  }),
  'POST /api/v1/pool/sweep': race({
    arrange: async (w) => {
      const p = await w.prospect();
      // Untouched and taken long ago: due for the pool under any limit.
      await w.db.updateTable('prospects').set({ owned_since: '2020-01-01T00:00:00.000Z', grade: 'A' }).where('id', '=', p.id).execute();
      return p;
    },
    requests: (w) => times(N, () => ({ method: 'POST', url: '/api/v1/pool/sweep', cookie: w.admin, body: { dryRun: false } })),
    check: async (w, p, rs) => {
      expect(statuses(rs)).toEqual(times(N, () => 200));
      expect(await w.count('pool_moves', { prospect_id: p.id, kind: 'recalled' })).toBe(1);
      expect(await w.count('audit_log', { action: 'pool.recalled', entity_id: String(p.id) })).toBe(1);
    },
  }),
  'POST /api/v1/jobs/probe': race({
    arrange: async (w) => w.count('jobs'),
    requests: (w) => times(N, () => ({ method: 'POST', url: '/api/v1/jobs/probe', cookie: w.admin, body: { sleepMs: 0 } })),
    check: async (w, before, rs) => {
      expect(statuses(rs)).toEqual(times(N, () => 201));
      expect(new Set(rs.map((r) => r.json().job.key)).size).toBe(N);
      expect((await w.count('jobs')) - before).toBe(N);
    },
  }),
  'DELETE /api/v1/prospects/:id': race({
    arrange: async (w) => w.prospect(),
    requests: (w, p) => times(N, () => ({ method: 'DELETE', url: `/api/v1/prospects/${p.id}`, cookie: w.admin })),
    check: async (w, p, rs) => {
      oneWinner(rs, 204, [404]);
      expect(await w.count('audit_log', { action: 'prospect.erased', entity_id: String(p.id) })).toBe(1);
    },
  }),

  'PUT /api/v1/reminders/digest': race({
    arrange: async () => null,
    requests: (w) => times(N, (i) => ({ method: 'PUT', url: '/api/v1/reminders/digest', cookie: w.le, body: { enabled: true, hour: i, days: [1, 2, 3] } })),
    check: async (w, _a, rs) => {
      expect(statuses(rs)).toEqual(times(N, () => 200));
      const row = await w.db.selectFrom('users').select(['digest_hour', 'digest_days']).where('id', '=', w.leId).executeTakeFirstOrThrow();
      expect(row.digest_hour).toBeGreaterThanOrEqual(0);
      expect(row.digest_hour).toBeLessThan(N);
      expect(row.digest_days).toBe(0b111);
      expect(await w.count('audit_log', { action: 'user.digest_changed', entity_id: String(w.leId) })).toBeGreaterThanOrEqual(N);
    },
  }),
  'POST /api/v1/reminders/feed': race({
    arrange: async () => null,
    requests: (w) => times(N, () => ({ method: 'POST', url: '/api/v1/reminders/feed', cookie: w.le })),
    check: async (w, _a, rs) => {
      expect(statuses(rs)).toEqual(times(N, () => 201));
      // One feed per user: of the addresses handed out at once, exactly one still opens it.
      expect(await w.count('feed_tokens', { user_id: w.leId })).toBe(1);
      const opened = await Promise.all(rs.map((r) => w.t.app.inject({ method: 'GET', url: new URL(r.json().url as string).pathname })));
      expect(opened.filter((o) => o.statusCode === 200)).toHaveLength(1);
    },
  }),
  'DELETE /api/v1/reminders/feed': race({
    arrange: async (w) => {
      await w.t.call('POST', '/api/v1/reminders/feed', { cookie: w.wei });
      return null;
    },
    requests: (w) => times(N, () => ({ method: 'DELETE', url: '/api/v1/reminders/feed', cookie: w.wei })),
    check: async (w, _a, rs) => {
      oneWinner(rs, 204, [404]);
      expect(await w.count('feed_tokens', { user_id: w.weiId })).toBe(0);
    },
  }),
  'POST /api/v1/reminders/unsubscribe': race({
    arrange: async (w) => {
      await w.t.call('PUT', '/api/v1/reminders/digest', { cookie: w.wei, body: { enabled: true, hour: 8, days: [1, 2, 3, 4, 5] } });
      return `/api/v1/reminders/unsubscribe?t=${await w.t.app.services.auth.links.sign('digest-off', w.weiId)}`;
    },
    // A mail provider's one-click post: a form, no session, no origin.
    requests: (_w, url) => times(N, () => ({ method: 'POST', url, body: 'List-Unsubscribe=One-Click', headers: { 'content-type': 'application/x-www-form-urlencoded', origin: '' } })),
    check: async (w, _a, rs) => {
      expect(statuses(rs)).toEqual(times(N, () => 200));
      const row = await w.db.selectFrom('users').select('digest_enabled').where('id', '=', w.weiId).executeTakeFirstOrThrow();
      expect(Boolean(row.digest_enabled)).toBe(false);
      expect(await w.count('audit_log', { action: 'user.digest_unsubscribed', entity_id: String(w.weiId) })).toBe(1);
    },
  }),
  'POST /api/v1/notifications/read': race({
    arrange: async (w) => {
      const p = await w.prospect();
      for (let i = 0; i < 3; i++) await w.t.call('POST', `/api/v1/prospects/${p.id}/touches`, { cookie: w.manager, body: { channel: 'call', relationshipKept: true } });
      return p;
    },
    requests: (w) => times(N, () => ({ method: 'POST', url: '/api/v1/notifications/read', cookie: w.wei, body: { all: true } })),
    check: async (w, _a, rs) => {
      expect(statuses(rs)).toEqual(times(N, () => 200));
      expect(await w.count('notifications', { user_id: w.weiId, read_at: null })).toBe(0);
    },
  }),
  'POST /api/v1/products': race({
    arrange: async (w) => w.count('products'),
    requests: (w) => times(N, (i) => ({ method: 'POST', url: '/api/v1/products', cookie: w.admin, body: { names: { en: `Model ${i}` }, category: 'vehicle', listPriceMinor: 100000 + i, currency: 'TWD' } })),
    check: async (w, before, rs) => {
      expect(statuses(rs)).toEqual(times(N, () => 201));
      expect(await w.count('products')).toBe((before as number) + N);
    },
  }),
  'PATCH /api/v1/products/:id': race({
    arrange: async (w) => (await w.t.call('POST', '/api/v1/products', { cookie: w.admin, body: { names: { en: 'Racing' }, category: 'part', listPriceMinor: 1, currency: 'TWD' } })).json() as { id: number; version: number },
    requests: (w, p) => times(N, (i) => ({ method: 'PATCH', url: `/api/v1/products/${p.id}`, cookie: w.admin, body: { listPriceMinor: 1000 + i, version: p.version } })),
    check: async (w, p, rs) => {
      oneWinner(rs, 200, [412]);
      expect(await w.version('products', p.id)).toBe(p.version + 1);
    },
  }),
  'POST /api/v1/commission-rules': race({
    arrange: async (w) => w.count('commission_rules'),
    requests: (w) => times(N, (i) => ({ method: 'POST', url: '/api/v1/commission-rules', cookie: w.admin, body: { category: 'part', rate: { kind: 'percent', basisPoints: 100 + i }, effectiveOn: '2026-01-01' } })),
    check: async (w, before, rs) => {
      expect(statuses(rs)).toEqual(times(N, () => 201));
      expect(await w.count('commission_rules')).toBe((before as number) + N);
    },
  }),
  'POST /api/v1/prospects/:id/orders': race({
    arrange: async (w) => w.prospect(),
    requests: (w, p) => times(N, (i) => ({ method: 'POST', url: `/api/v1/prospects/${p.id}/orders`, cookie: i % 2 ? w.wei : w.manager, body: { currency: 'TWD', lines: [{ description: `line ${i}`, category: 'part', quantity: 1, unitMinor: 100 }] } })),
    check: async (w, p, rs) => {
      expect(statuses(rs)).toEqual(times(N, () => 201));
      expect(await w.count('orders', { prospect_id: p.id })).toBe(N);
    },
  }),
  'PATCH /api/v1/orders/:id': race({
    arrange: async (w) => orderOf(w, (await w.prospect()).id),
    requests: (w, o) => times(N, (i) => ({ method: 'PATCH', url: `/api/v1/orders/${o.id}`, cookie: w.wei, body: { note: `note ${i}`, version: o.version } })),
    check: async (w, o, rs) => {
      oneWinner(rs, 200, [412]);
      expect(await w.version('orders', o.id)).toBe(o.version + 1);
    },
  }),
  'POST /api/v1/orders/:id/confirm': race({
    // Six orders of one prospect, each confirmed twice, all at once: each once, and the prospect counts six.
    arrange: async (w) => {
      const p = await w.prospect();
      const orders = [];
      for (let i = 0; i < 6; i++) orders.push(await orderOf(w, p.id));
      return { p, orders };
    },
    requests: (w, a) => a.orders.flatMap((o) => times(2, (i) => ({ method: 'POST' as const, url: `/api/v1/orders/${o.id}/confirm`, cookie: i ? w.manager : w.wei, body: { relationshipKept: true, version: o.version } }))),
    check: async (w, a, rs) => {
      const t = tally(rs);
      expect(t[200], JSON.stringify(t)).toBe(6);
      for (const r of rs) if (r.statusCode !== 200) expect([409, 412], r.body).toContain(r.statusCode);
      const row = await w.db.selectFrom('prospects').select(['open_orders', 'stage', 'touch_count']).where('id', '=', a.p.id).executeTakeFirstOrThrow();
      expect(row).toEqual({ open_orders: 6, stage: 'repeat_customer', touch_count: 6 });
      expect(await w.count('touches', { prospect_id: a.p.id })).toBe(6);
      expect(await w.count('orders', { prospect_id: a.p.id, status: 'confirmed' })).toBe(6);
    },
  }),
  'POST /api/v1/orders/:id/deliver': race({
    arrange: async (w) => confirmedOf(w, (await w.prospect()).id),
    requests: (w, o) => times(N, () => ({ method: 'POST', url: `/api/v1/orders/${o.id}/deliver`, cookie: w.wei, body: { version: o.version } })),
    check: async (w, o, rs) => {
      oneWinner(rs, 200, [409, 412]);
      expect((await w.db.selectFrom('prospects').select('open_orders').where('id', '=', o.prospectId).executeTakeFirstOrThrow()).open_orders).toBe(0);
    },
  }),
  'POST /api/v1/orders/:id/cancel': race({
    // Two confirmed orders of one prospect, each cancelled by many at once: the stage steps back twice, not more.
    arrange: async (w) => {
      const p = await w.prospect();
      return [await confirmedOf(w, p.id), await confirmedOf(w, p.id)];
    },
    requests: (w, os) => os.flatMap((o) => times(N / 2, () => ({ method: 'POST' as const, url: `/api/v1/orders/${o.id}/cancel`, cookie: w.wei, body: { reason: 'changed mind', version: o.version } }))),
    check: async (w, os, rs) => {
      expect(tally(rs)[200], JSON.stringify(tally(rs))).toBe(2);
      const row = await w.db.selectFrom('prospects').select(['open_orders', 'stage']).where('id', '=', os[0]!.prospectId).executeTakeFirstOrThrow();
      expect(row).toEqual({ open_orders: 0, stage: 'prospect' });
    },
  }),
  'POST /api/v1/prospects/:id/attempts': race({
    // Many tries at once on one prospect: each on the timeline, and the clock's touches untouched.
    arrange: async (w) => w.prospect(),
    requests: (w, p) => times(N, (i) => ({ method: 'POST' as const, url: `/api/v1/prospects/${p.id}/attempts`, cookie: i % 2 ? w.manager : w.wei, body: { result: 'no_answer' } })),
    check: async (w, p, rs) => {
      expect(statuses(rs)).toEqual(times(N, () => 201));
      const rows = await w.db.selectFrom('prospect_history').select('id').where('prospect_id', '=', p.id).where('field', '=', 'attempt').execute();
      expect(rows).toHaveLength(N);
      const row = await w.db.selectFrom('prospects').select(['touch_count', 'last_touch_at']).where('id', '=', p.id).executeTakeFirstOrThrow();
      expect(row).toEqual({ touch_count: 0, last_touch_at: null });
    },
  }),
  'POST /api/v1/events': race({
    arrange: async (w) => ({ before: await w.count('events') }),
    requests: (w) => times(N, (i) => ({ method: 'POST' as const, url: '/api/v1/events', cookie: w.manager, body: { title: `講座 ${i}`, kind: 'seminar', startsAt: '2026-12-20T14:00:00+08:00', timeZone: 'Asia/Taipei', hostIds: [w.weiId] } })),
    check: async (w, a, rs) => {
      expect(statuses(rs)).toEqual(times(N, () => 201));
      expect(await w.count('events')).toBe(a.before + N);
    },
  }),
  'PATCH /api/v1/events/:id': race({
    arrange: async (w) => eventOf(w),
    requests: (w, e) => times(N, (i) => ({ method: 'PATCH' as const, url: `/api/v1/events/${e.id}`, cookie: w.manager, body: { notes: `n${i}`, version: e.version } })),
    check: async (w, e, rs) => {
      oneWinner(rs, 200, [412]);
      expect(await w.version('events', e.id)).toBe(e.version + 1);
    },
  }),
  'POST /api/v1/events/:id/cancel': race({
    arrange: async (w) => eventOf(w),
    requests: (w, e) => times(N, () => ({ method: 'POST' as const, url: `/api/v1/events/${e.id}/cancel`, cookie: w.manager, body: { reason: 'typhoon', version: e.version } })),
    check: async (w, e, rs) => {
      oneWinner(rs, 200, [409, 412]);
      expect(await w.version('events', e.id)).toBe(e.version + 1);
    },
  }),
  'POST /api/v1/events/:id/close': race({
    // An event over an hour ago with three accepted guests: closed once, three no-shows.
    arrange: async (w) => {
      const e = await eventOf(w, { startsAt: '2026-11-26T05:00:00Z', endsAt: '2026-11-26T07:00:00Z' });
      // Invited and accepted before it began (a past event takes no new invitations): written as they would stand.
      const at = '2026-11-20T00:00:00.000Z';
      for (let i = 0; i < 3; i++) await w.db.insertInto('invitations').values({ event_id: e.id, prospect_id: (await w.prospect()).id, state: 'accepted', channel: 'in_person', invited_by_id: w.weiId, invited_at: at, updated_at: at }).execute();
      return e;
    },
    requests: (w, e) => times(N, (i) => ({ method: 'POST' as const, url: `/api/v1/events/${e.id}/close`, cookie: i % 2 ? w.manager : w.wei, body: { version: e.version } })),
    check: async (w, e, rs) => {
      oneWinner(rs, 200, [409, 412]);
      expect(await w.count('invitations', { event_id: e.id, state: 'no_show' })).toBe(3);
    },
  }),
  'POST /api/v1/events/:id/invitations': race({
    // One prospect invited by its owner and the manager at once, many times: one invitation.
    arrange: async (w) => ({ e: await eventOf(w), p: await w.prospect() }),
    requests: (w, a) => times(N, (i) => ({ method: 'POST' as const, url: `/api/v1/events/${a.e.id}/invitations`, cookie: i % 2 ? w.manager : w.wei, body: { prospectIds: [a.p.id] } })),
    check: async (w, a, rs) => {
      expect(statuses(rs)).toEqual(times(N, () => 200));
      expect(rs.reduce((n, r) => n + (r.json().invited as number), 0)).toBe(1);
      expect(await w.count('invitations', { event_id: a.e.id, prospect_id: a.p.id })).toBe(1);
    },
  }),
  'POST /api/v1/events/:id/walk-ins': race({
    // Many walk-ins at once at one door: each its own card, its invitation and its one touch.
    arrange: async (w) => ({ e: await eventOf(w), before: await w.count('prospects', { source: 'event' }) }),
    requests: (w, a) => times(N, () => ({ method: 'POST' as const, url: `/api/v1/events/${a.e.id}/walk-ins`, cookie: w.wei, body: { name: '路過的來賓', phones: [`139${String(10_000_000 + w.seq()).slice(-8)}`] } })),
    check: async (w, a, rs) => {
      expect(statuses(rs)).toEqual(times(N, () => 201));
      expect(await w.count('prospects', { source: 'event' })).toBe(a.before + N);
      expect(await w.count('invitations', { event_id: a.e.id, state: 'attended' })).toBe(N);
    },
  }),
  'POST /api/v1/invitations/:id/check-in': race({
    // One guest checked in by two colleagues, many times: one attendance, one touch.
    arrange: async (w) => {
      const p = await w.prospect();
      return { p, inv: await invitationOf(w, (await eventOf(w)).id, p.id) };
    },
    requests: (w, a) => times(N, (i) => ({ method: 'POST' as const, url: `/api/v1/invitations/${a.inv.id}/check-in`, cookie: i % 2 ? w.manager : w.wei, body: { version: a.inv.version } })),
    check: async (w, a, rs) => {
      oneWinner(rs, 200, [409]);
      expect(await w.count('touches', { prospect_id: a.p.id })).toBe(1);
      const row = await w.db.selectFrom('prospects').select('touch_count').where('id', '=', a.p.id).executeTakeFirstOrThrow();
      expect(row.touch_count).toBe(1);
    },
  }),
  'POST /api/v1/invitations/:id/state': race({
    // The last seat: many guests' phoned-in acceptances at once, one of them gets it.
    arrange: async (w) => {
      const e = await eventOf(w, { capacity: 1 });
      const invs = [];
      for (let i = 0; i < N; i++) invs.push(await invitationOf(w, e.id, (await w.prospect()).id));
      return { e, invs };
    },
    requests: (w, a) => a.invs.map((inv) => ({ method: 'POST' as const, url: `/api/v1/invitations/${inv.id}/state`, cookie: w.wei, body: { state: 'accepted', version: inv.version } })),
    check: async (w, a, rs) => {
      oneWinner(rs, 200, [409]);
      expect(await w.count('invitations', { event_id: a.e.id, state: 'accepted' })).toBe(1);
    },
  }),
  'POST /api/v1/invitations/answer': race({
    // The last seat through the guests' own links: one acceptance.
    arrange: async (w) => {
      const e = await eventOf(w, { capacity: 1 });
      const links = [];
      for (let i = 0; i < N; i++) links.push(await w.t.app.services.auth.links.sign('invitation-answer', (await invitationOf(w, e.id, (await w.prospect()).id)).id));
      return { e, links };
    },
    requests: (_w, a) => a.links.map((t) => ({ method: 'POST' as const, url: `/api/v1/invitations/answer?t=${encodeURIComponent(t)}&answer=accepted`, headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: 'x=1' })),
    check: async (w, a, rs) => {
      oneWinner(rs, 200, [409]);
      expect(await w.count('invitations', { event_id: a.e.id, state: 'accepted' })).toBe(1);
    },
  }),
  'POST /api/v1/newsletters': race({
    arrange: async (w) => ({ before: await w.db.selectFrom('newsletter_issues').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow() }),
    requests: (w) => times(N, (i) => ({ method: 'POST' as const, url: '/api/v1/newsletters', cookie: w.wei, body: { subject: `第 ${i} 期`, bodyMarkdown: '內容', audience: 'grade=A' } })),
    check: async (w, a, rs) => {
      expect(statuses(rs)).toEqual(times(N, () => 201));
      expect(await issueCount(w)).toBe(Number(a.before.n) + N);
    },
  }),
  // Pictures near an issue's limit: 12 different ones at once with 5 places left, then the same one 12 times at once.
  'POST /api/v1/newsletters/:id/images': race({
    arrange: async (w) => {
      const n = await issueOf(w, 'draft');
      for (let i = 0; i < MAX_IMAGES_PER_ISSUE - 5; i++) {
        const r = await w.t.call('POST', `/api/v1/newsletters/${n.id}/images`, { cookie: w.wei, body: solidPng(3, 3, [i, 1, 2]), headers: { 'content-type': 'image/png' } });
        if (r.statusCode !== 201) throw new Error(r.body);
      }
      return n;
    },
    requests: (w, n) => times(N, (i) => ({ method: 'POST' as const, url: `/api/v1/newsletters/${n.id}/images`, cookie: w.wei, headers: { 'content-type': 'image/png' }, body: solidPng(4, 4, [i, 200, 100]) })),
    check: async (w, n, rs) => {
      expect(tally(rs)).toEqual({ 201: 5, 409: N - 5 });
      const images = async () => Number((await w.db.selectFrom('newsletter_images').select((eb) => eb.fn.countAll<number>().as('n')).where('issue_id', '=', n.id).executeTakeFirstOrThrow()).n);
      expect(await images()).toBe(MAX_IMAGES_PER_ISSUE);
      const other = await issueOf(w, 'draft');
      const same = await Promise.all(times(N, () => w.t.call('POST', `/api/v1/newsletters/${other.id}/images`, { cookie: w.wei, body: solidPng(7, 7), headers: { 'content-type': 'image/png' } })));
      expect(tally(same)).toEqual({ 200: N - 1, 201: 1 });
      expect(new Set(same.map((r) => r.json().id)).size).toBe(1);
    },
  }),
  'PATCH /api/v1/newsletters/:id': race({
    arrange: async (w) => issueOf(w, 'draft'),
    requests: (w, n) => times(N, (i) => ({ method: 'PATCH' as const, url: `/api/v1/newsletters/${n.id}`, cookie: w.wei, body: { subject: `改 ${i}`, version: n.version } })),
    check: async (w, n, rs) => {
      oneWinner(rs, 200, [412]);
      expect(await issueVersion(w, n.id)).toBe(n.version + 1);
    },
  }),
  'POST /api/v1/newsletters/:id/audience': race({
    // The list built many times at once: one build wins, and each prospect is on it once.
    arrange: async (w) => issueOf(w, 'draft'),
    requests: (w, n) => times(N, () => ({ method: 'POST' as const, url: `/api/v1/newsletters/${n.id}/audience`, cookie: w.wei, body: { version: n.version } })),
    check: async (w, n, rs) => {
      oneWinner(rs, 200, [412]);
      expect(await copyCount(w, n.id)).toBe(2);
    },
  }),
  'POST /api/v1/newsletters/:id/submit': race({
    arrange: async (w) => issueOf(w, 'built'),
    requests: (w, n) => times(N, () => ({ method: 'POST' as const, url: `/api/v1/newsletters/${n.id}/submit`, cookie: w.wei, body: { version: n.version } })),
    check: async (w, n, rs) => {
      oneWinner(rs, 200, [409, 412]);
      expect(await w.count('notifications', { kind: 'issue_submitted', user_id: await managerId(w) })).toBeGreaterThan(0);
      expect(await issueVersion(w, n.id)).toBe(n.version + 1);
    },
  }),
  'POST /api/v1/newsletters/:id/review': race({
    // The manager and the admin approve and reject at once: one decision stands.
    arrange: async (w) => issueOf(w, 'submitted'),
    requests: (w, n) => times(N, (i) => ({ method: 'POST' as const, url: `/api/v1/newsletters/${n.id}/review`, cookie: i % 2 ? w.manager : w.admin, body: { decision: i % 3 ? 'approve' : 'reject', comment: '可', version: n.version } })),
    check: async (w, n, rs) => {
      oneWinner(rs, 200, [409, 412]);
      expect(await issueVersion(w, n.id)).toBe(n.version + 1);
    },
  }),
  'POST /api/v1/newsletters/:id/send': race({
    // Sent many times at once: it starts once, with one set of send jobs.
    arrange: async (w) => issueOf(w, 'approved'),
    requests: (w, n) => times(N, (i) => ({ method: 'POST' as const, url: `/api/v1/newsletters/${n.id}/send`, cookie: i % 2 ? w.manager : w.wei, body: { version: n.version } })),
    check: async (w, n, rs) => {
      oneWinner(rs, 200, [409, 412]);
      const jobs = await w.db.selectFrom('jobs').select('key').where('key', 'like', `newsletter.send:${n.id}:%`).execute();
      expect(jobs.length).toBe(w.t.config.newsletters.lanes);
    },
  }),
  'POST /api/v1/newsletters/:id/pause': race({
    arrange: async (w) => issueOf(w, 'sending'),
    requests: (w, n) => times(N, () => ({ method: 'POST' as const, url: `/api/v1/newsletters/${n.id}/pause`, cookie: w.wei, body: { version: n.version } })),
    check: async (w, n, rs) => {
      oneWinner(rs, 200, [409, 412]);
      expect(await issueVersion(w, n.id)).toBe(n.version + 1);
    },
  }),
  'POST /api/v1/newsletters/:id/resume': race({
    arrange: async (w) => issueOf(w, 'paused'),
    requests: (w, n) => times(N, () => ({ method: 'POST' as const, url: `/api/v1/newsletters/${n.id}/resume`, cookie: w.wei, body: { version: n.version } })),
    check: async (w, n, rs) => {
      oneWinner(rs, 200, [409, 412]);
      const jobs = await w.db.selectFrom('jobs').select('key').where('key', 'like', `newsletter.send:${n.id}:%`).execute();
      expect(jobs.length).toBe(w.t.config.newsletters.lanes);
    },
  }),
  'POST /api/v1/newsletters/:id/cancel': race({
    arrange: async (w) => issueOf(w, 'approved'),
    requests: (w, n) => times(N, () => ({ method: 'POST' as const, url: `/api/v1/newsletters/${n.id}/cancel`, cookie: w.wei, body: { version: n.version } })),
    check: async (w, n, rs) => {
      oneWinner(rs, 200, [409, 412]);
      expect(await issueVersion(w, n.id)).toBe(n.version + 1);
    },
  }),
  'PUT /api/v1/newsletter-copies/:id/note': race({
    // The same note saved many times at once (a double tap, two tabs): written once, audited once.
    arrange: async (w) => issueOf(w, 'built'),
    requests: (w, n) => times(N, () => ({ method: 'PUT' as const, url: `/api/v1/newsletter-copies/${n.copyId}/note`, cookie: w.wei, body: { note: '林小姐，這期有您問過的續航比較。' } })),
    check: async (w, n, rs) => {
      expect(statuses(rs)).toEqual(times(N, () => 200));
      expect(await w.count('audit_log', { action: 'newsletter.note_written', entity_id: String(n.id) })).toBe(1);
    },
  }),
  'POST /api/v1/newsletter-copies/:id/decide': race({
    // "Send it again" pressed many times for one unknown copy: one decision.
    arrange: async (w) => {
      const n = await issueOf(w, 'sending');
      await w.db.updateTable('newsletter_copies').set({ state: 'unknown' }).where('id', '=', n.copyId).execute();
      return n;
    },
    requests: (w, n) => times(N, (i) => ({ method: 'POST' as const, url: `/api/v1/newsletter-copies/${n.copyId}/decide`, cookie: i % 2 ? w.manager : w.wei, body: { decision: i % 3 ? 'resend' : 'mark_sent' } })),
    check: async (w, n, rs) => {
      oneWinner(rs, 200, [409]);
      expect(await w.count('audit_log', { entity_id: String(n.id), action: 'newsletter.unknown_resend' }) + (await w.count('audit_log', { entity_id: String(n.id), action: 'newsletter.unknown_mark_sent' }))).toBe(1);
    },
  }),
  'PUT /api/v1/settings/newsletters': race({
    arrange: async (w) => (await w.t.call('GET', '/api/v1/settings/newsletters', { cookie: w.admin })).json() as { version: number; policy: object },
    requests: (w, p) => times(N, (i) => ({ method: 'PUT' as const, url: '/api/v1/settings/newsletters', cookie: w.admin, body: { version: p.version, policy: { ...p.policy, minGapDays: 10 + i } } })),
    check: async (_w, _p, rs) => {
      oneWinner(rs, 200, [412]);
    },
  }),
  'PUT /api/v1/settings/coaching': race({
    arrange: async (w) => (await w.t.call('GET', '/api/v1/settings/coaching', { cookie: w.admin })).json() as { version: number; policy: object },
    requests: (w, p) => times(N, (i) => ({ method: 'PUT' as const, url: '/api/v1/settings/coaching', cookie: w.admin, body: { version: p.version, policy: { ...p.policy, minFirstContacts: 20 + i } } })),
    check: async (_w, _p, rs) => {
      oneWinner(rs, 200, [412]);
    },
  }),
  'POST /api/v1/newsletters/unsubscribe': race({
    // A mail provider's one-click POST arriving many times for one reader: unsubscribed once, one history row.
    arrange: async (w) => {
      const n = await issueOf(w, 'built');
      return { ...n, link: await w.t.app.services.auth.links.sign('newsletter-unsubscribe', n.copyId) };
    },
    requests: (_w, n) => times(N, () => ({ method: 'POST' as const, url: `/api/v1/newsletters/unsubscribe?t=${encodeURIComponent(n.link)}`, headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: 'List-Unsubscribe=One-Click' })),
    check: async (w, n, rs) => {
      expect(statuses(rs)).toEqual(times(N, () => 200));
      const prospectId = (await w.db.selectFrom('newsletter_copies').select('prospect_id').where('id', '=', n.copyId).executeTakeFirstOrThrow()).prospect_id;
      expect(await w.db.selectFrom('prospect_history').select('id').where('prospect_id', '=', prospectId).where('field', '=', 'newsletterConsent').execute()).toHaveLength(1);
    },
  }),
  'DELETE /api/v1/settings/mail': race({
    // Many admins removing the same settings at once: one removal, one audit entry, the rest told they are stale.
    arrange: async (w) => {
      const put = await w.t.call('PUT', '/api/v1/settings/mail', { cookie: w.admin, body: { version: (await w.t.call('GET', '/api/v1/settings/mail', { cookie: w.admin })).json().version, host: '127.0.0.1', port: 9, security: 'none', fromAddress: 'pond@pond.test' } });
      return { version: put.json().version as number, cleared: await w.count('audit_log', { action: 'settings.mail_cleared' }) };
    },
    requests: (w, a) => times(N, () => ({ method: 'DELETE' as const, url: `/api/v1/settings/mail?version=${a.version}`, cookie: w.admin })),
    check: async (w, a, rs) => {
      oneWinner(rs, 200, [412]);
      const now = (await w.t.call('GET', '/api/v1/settings/mail', { cookie: w.admin })).json();
      expect(now).toMatchObject({ configured: false, version: a.version + 1 });
      expect(await w.count('audit_log', { action: 'settings.mail_cleared' })).toBe(a.cleared + 1);
    },
  }),
};

async function issueCount(w: World): Promise<number> {
  return Number((await w.db.selectFrom('newsletter_issues').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow()).n);
}
async function issueVersion(w: World, id: number): Promise<number> {
  return (await w.db.selectFrom('newsletter_issues').select('version').where('id', '=', id).executeTakeFirstOrThrow()).version;
}
async function copyCount(w: World, issueId: number): Promise<number> {
  return Number((await w.db.selectFrom('newsletter_copies').select((eb) => eb.fn.countAll<number>().as('n')).where('issue_id', '=', issueId).executeTakeFirstOrThrow()).n);
}
async function managerId(w: World): Promise<number> {
  return (await w.db.selectFrom('users').select('id').where('email', '=', 'wang@pond.test').executeTakeFirstOrThrow()).id;
}

/** An issue of Xiao Wei's to two new readers of her own (a tag of its own), brought to the stage a race needs. */
async function issueOf(w: World, stage: 'draft' | 'built' | 'submitted' | 'approved' | 'sending' | 'paused'): Promise<{ id: number; version: number; copyId: number }> {
  const tag = `nl${w.seq()}`;
  for (let i = 0; i < 2; i++) {
    const res = await w.t.call('POST', '/api/v1/prospects', { cookie: w.wei, body: { name: `讀者 ${i}`, emails: [`r${w.seq()}@example.test`], grade: 'A', tags: [tag], newsletterConsent: 'subscribed' } });
    if (res.statusCode !== 201) throw new Error(res.body);
  }
  const made = await w.t.call('POST', '/api/v1/newsletters', { cookie: w.wei, body: { subject: '市場分析', bodyMarkdown: '# 重點', audience: `tag=${tag}` } });
  if (made.statusCode !== 201) throw new Error(made.body);
  const id = made.json().id as number;
  const step = async (what: string, cookie: string, body: object = {}) => {
    const r = await w.t.call('POST', `/api/v1/newsletters/${id}/${what}`, { cookie, body: { version: await issueVersion(w, id), ...body } });
    if (r.statusCode !== 200) throw new Error(r.body);
  };
  if (stage !== 'draft') await step('audience', w.wei);
  if (stage !== 'draft' && stage !== 'built') await step('submit', w.wei);
  if (stage === 'approved' || stage === 'sending' || stage === 'paused') await step('review', w.manager, { decision: 'approve' });
  if (stage === 'sending' || stage === 'paused') await w.db.updateTable('newsletter_issues').set({ state: stage }).where('id', '=', id).execute();
  const copy = await w.db.selectFrom('newsletter_copies').select('id').where('issue_id', '=', id).orderBy('id').executeTakeFirst();
  return { id, version: await issueVersion(w, id), copyId: copy?.id ?? 0 };
}

/** An event of the manager's, tomorrow-ish (the test clock's day), hosted by Xiao Wei. */
async function eventOf(w: World, body: object = {}): Promise<{ id: number; version: number }> {
  const res = await w.t.call('POST', '/api/v1/events', { cookie: w.manager, body: { title: '新車品鑑會', kind: 'seminar', startsAt: '2026-11-26T09:00:00Z', endsAt: '2026-11-26T11:00:00Z', timeZone: 'Asia/Taipei', hostIds: [w.weiId], ...body } });
  if (res.statusCode !== 201) throw new Error(res.body);
  return { id: res.json().id, version: res.json().version };
}
async function invitationOf(w: World, eventId: number, prospectId: number): Promise<{ id: number; version: number }> {
  const res = await w.t.call('POST', `/api/v1/events/${eventId}/invitations`, { cookie: w.wei, body: { prospectIds: [prospectId] } });
  if (res.statusCode !== 200) throw new Error(res.body);
  return w.db.selectFrom('invitations').select(['id', 'version']).where('event_id', '=', eventId).where('prospect_id', '=', prospectId).executeTakeFirstOrThrow();
}

/** A draft order of one free-text line. */
async function orderOf(w: World, prospectId: number): Promise<{ id: number; version: number; prospectId: number }> {
  const res = await w.t.call('POST', `/api/v1/prospects/${prospectId}/orders`, { cookie: w.wei, body: { currency: 'TWD', lines: [{ description: '保養套餐', category: 'service', quantity: 1, unitMinor: 500000 }] } });
  if (res.statusCode !== 201) throw new Error(res.body);
  return { id: res.json().id, version: res.json().version, prospectId };
}
async function confirmedOf(w: World, prospectId: number) {
  const o = await orderOf(w, prospectId);
  const res = await w.t.call('POST', `/api/v1/orders/${o.id}/confirm`, { cookie: w.wei, body: { relationshipKept: true, version: o.version } });
  if (res.statusCode !== 200) throw new Error(res.body);
  return { ...o, version: res.json().version as number };
}

describeEachDialect('concurrent writes', (ctx) => {
  let w: World;

  beforeAll(async () => {
    const t = await createTestApp(ctx.database);
    await t.user('root@pond.test', 'admin');
    const managerId = await t.user('wang@pond.test', 'manager');
    const team = (await t.app.services.teams.create(CONSOLE, { name: 'Showroom', managerId }, { ip: null, userAgent: null })).id;
    const weiId = await t.user('wei@pond.test', 'salesperson', team);
    const leId = await t.user('le@pond.test', 'salesperson', team);
    const [admin, manager, wei, le] = [await t.login('root@pond.test'), await t.login('wang@pond.test'), await t.login('wei@pond.test'), await t.login('le@pond.test')];
    let n = 0;
    const db = ctx.database.db;
    w = {
      t,
      db,
      admin,
      manager,
      wei,
      weiId,
      le,
      leId,
      seq: () => ++n,
      async prospect(name = '小偉的客戶') {
        const res = await t.call('POST', '/api/v1/prospects', { cookie: wei, body: { name, phones: [`139${String(10_000_000 + ++n).slice(-8)}`], grade: 'A' } });
        if (res.statusCode !== 201) throw new Error(res.body);
        const p = res.json().prospect;
        return { id: p.id as number, version: p.version as number };
      },
      async count(table, where = {}) {
        let q = db.selectFrom(table).select((eb) => eb.fn.countAll<number>().as('n'));
        for (const [k, v] of Object.entries(where)) q = v === null ? q.where(k as never, 'is', null) : q.where(k as never, '=', v as never);
        return Number((await q.executeTakeFirstOrThrow()).n);
      },
      async version(table, id) {
        return (await db.selectFrom(table).select('version').where('id', '=', id).executeTakeFirstOrThrow()).version;
      },
    };
  });

  it('has a race for every write route the server declares', () => {
    const writes = w.t.app.routeTable.filter((r) => r.url.startsWith('/api/v1/') && r.method !== 'GET').map((r) => `${r.method} ${r.url}`);
    expect(writes.length).toBeGreaterThan(10);
    for (const key of writes) expect(RACES[key], `no concurrency row for ${key}`).toBeDefined();
    for (const key of Object.keys(RACES)) expect(writes, `race for a route that does not exist: ${key}`).toContain(key);
  });

  for (const [key, r] of Object.entries(RACES)) {
    if (key === 'POST /api/v1/setup') continue;
    it(key, async () => {
      const arranged = await r.arrange(w);
      const requests = r.requests(w, arranged);
      const responses = await Promise.all(
        requests.map((q) => w.t.call(q.method, q.url, { ...(q.cookie && { cookie: q.cookie }), ...(q.body !== undefined && { body: q.body }), ...(q.headers && { headers: q.headers }) })),
      );
      // No 5xx of Pond's own; a 502 is another server's answer passed on (the mail server could not be reached).
      for (const res of responses) expect(res.statusCode === 502 || res.statusCode < 500, res.body).toBe(true);
      await r.check(w, arranged, responses);
    });
  }

  it('POST /api/v1/setup', async () => {
    // A database with no users, where two first-admin setups race with the same link.
    const fresh = await openTestDatabase(ctx.dialect);
    try {
      const t = await createTestApp(fresh);
      const link = await t.app.services.setup.issueLink();
      const token = new URL(link!.url).searchParams.get('token')!;
      const responses = await Promise.all(
        times(N, (i) => t.call('POST', '/api/v1/setup', { body: { token, email: `first${i}@pond.test`, displayName: 'First', password: 'a long harbour morning' } })),
      );
      oneWinner(responses, 201, [400, 409]);
      const users = await fresh.db.selectFrom('users').select('role').execute();
      expect(users).toEqual([{ role: 'admin' }]);
    } finally {
      await fresh.close();
    }
  });
});
