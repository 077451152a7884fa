import { describeEachDialect } from '@pond/db/testing';
import type { Database } from '@pond/db';
import { beforeAll, expect, it } from 'vitest';
import { PASSWORD, createTestApp, type TestApp } from './testing/test-app.js';

/**
 * The authorization matrix, built from the server's own route table: a route without a row here
 * fails the suite. Each row says what every kind of caller gets; after every refused write the
 * database must be exactly as it was.
 */
type Who = 'anonymous' | 'salesperson' | 'manager' | 'admin';
interface Fixture {
  s1: number; // salesperson in team 1
  s2: number; // salesperson in team 2, visible only to the admin
  team2: number;
  s2Token: number;
  seq: () => number;
  version: (table: 'users' | 'teams', id: number) => Promise<number>;
}
interface Case {
  url: (f: Fixture) => string;
  body?: (f: Fixture) => unknown | Promise<unknown>;
  expect: Record<Who, number>;
}

const all = (status: number): Record<Who, number> => ({ anonymous: status, salesperson: status, manager: status, admin: status });
const signedIn = (status: number): Record<Who, number> => ({ anonymous: 401, salesperson: status, manager: status, admin: status });

const MATRIX: Record<string, Case[]> = {
  'GET /api/v1/setup/status': [{ url: () => '/api/v1/setup/status', expect: all(200) }],
  'POST /api/v1/setup': [{ url: () => '/api/v1/setup', body: () => ({ token: 'x', email: 'z@pond.test', displayName: 'Z', password: 'a long harbour morning' }), expect: all(409) }],
  'POST /api/v1/auth/login': [{ url: () => '/api/v1/auth/login', body: () => ({ email: 'nobody@pond.test', password: 'not-a-password' }), expect: all(401) }],
  'POST /api/v1/auth/logout': [{ url: () => '/api/v1/auth/logout', expect: signedIn(204) }],
  'GET /api/v1/auth/me': [{ url: () => '/api/v1/auth/me', expect: signedIn(200) }],
  'PATCH /api/v1/auth/me': [{ url: () => '/api/v1/auth/me', body: () => ({ timeZone: 'Asia/Taipei' }), expect: signedIn(200) }],
  'POST /api/v1/auth/password': [{ url: () => '/api/v1/auth/password', body: () => ({ currentPassword: 'wrong-current-pass', newPassword: 'brand new phrase here' }), expect: signedIn(400) }],
  'GET /api/v1/auth/tokens': [{ url: () => '/api/v1/auth/tokens', expect: signedIn(200) }],
  'POST /api/v1/auth/tokens': [{ url: () => '/api/v1/auth/tokens', body: () => ({ name: 'script' }), expect: signedIn(201) }],
  'DELETE /api/v1/auth/tokens/:id': [{ url: (f) => `/api/v1/auth/tokens/${f.s2Token}`, expect: { anonymous: 401, salesperson: 404, manager: 404, admin: 404 } }],
  'GET /api/v1/users': [{ url: () => '/api/v1/users', expect: { anonymous: 401, salesperson: 403, manager: 200, admin: 200 } }],
  'GET /api/v1/users/:id': [
    { url: (f) => `/api/v1/users/${f.s2}`, expect: { anonymous: 401, salesperson: 404, manager: 404, admin: 200 } },
    { url: (f) => `/api/v1/users/${f.s1}`, expect: { anonymous: 401, salesperson: 200, manager: 200, admin: 200 } },
  ],
  'POST /api/v1/users': [
    {
      url: () => '/api/v1/users',
      body: (f) => ({ email: `new${f.seq()}@pond.test`, displayName: 'New', role: 'salesperson', password: 'a long harbour morning' }),
      expect: { anonymous: 401, salesperson: 403, manager: 403, admin: 201 },
    },
  ],
  'PATCH /api/v1/users/:id': [
    { url: (f) => `/api/v1/users/${f.s2}`, body: () => ({ displayName: 'Renamed' }), expect: { anonymous: 401, salesperson: 404, manager: 404, admin: 428 } },
    { url: (f) => `/api/v1/users/${f.s1}`, body: async (f) => ({ displayName: 'Renamed', version: await f.version('users', f.s1) }), expect: { anonymous: 401, salesperson: 403, manager: 403, admin: 200 } },
  ],
  'POST /api/v1/users/:id/password': [
    { url: (f) => `/api/v1/users/${f.s2}/password`, body: () => ({ password: 'a fresh harbour evening' }), expect: { anonymous: 401, salesperson: 404, manager: 404, admin: 204 } },
  ],
  'GET /api/v1/teams': [{ url: () => '/api/v1/teams', expect: signedIn(200) }],
  'POST /api/v1/teams': [{ url: () => '/api/v1/teams', body: (f) => ({ name: `Team ${f.seq()}` }), expect: { anonymous: 401, salesperson: 403, manager: 403, admin: 201 } }],
  'PATCH /api/v1/teams/:id': [
    { url: (f) => `/api/v1/teams/${f.team2}`, body: (f) => ({ name: `South ${f.seq()}` }), expect: { anonymous: 401, salesperson: 404, manager: 404, admin: 428 } },
  ],
  'GET /api/v1/audit': [{ url: () => '/api/v1/audit', expect: { anonymous: 401, salesperson: 403, manager: 403, admin: 200 } }],
};

async function snapshot(database: Database): Promise<string> {
  const { db } = database;
  const [users, teams, tokens] = await Promise.all([
    db.selectFrom('users').selectAll().orderBy('id').execute(),
    db.selectFrom('teams').selectAll().orderBy('id').execute(),
    db.selectFrom('api_tokens').selectAll().orderBy('id').execute(),
  ]);
  const audit = await db.selectFrom('audit_log').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow();
  return JSON.stringify({ users, teams, tokens, audit: Number(audit.n) });
}

describeEachDialect('authorization matrix', (ctx) => {
  let t: TestApp;
  let f: Fixture;
  const emails: Record<Exclude<Who, 'anonymous'>, string> = { salesperson: 's1@pond.test', manager: 'm1@pond.test', admin: 'root@pond.test' };

  beforeAll(async () => {
    t = await createTestApp(ctx.database);
    await t.user(emails.admin, 'admin');
    const m1 = await t.user(emails.manager, 'manager');
    const team1 = (await t.app.services.teams.create(null, { name: 'North', managerId: m1 }, { ip: null, userAgent: null })).id;
    const team2 = (await t.app.services.teams.create(null, { name: 'South' }, { ip: null, userAgent: null })).id;
    const s1 = await t.user(emails.salesperson, 'salesperson', team1);
    const s2 = await t.user('s2@pond.test', 'salesperson', team2);
    const s2Cookie = await t.login('s2@pond.test');
    const s2Token = (await t.call('POST', '/api/v1/auth/tokens', { cookie: s2Cookie, body: { name: 'theirs' } })).json().id;
    let n = 0;
    const version = async (table: 'users' | 'teams', id: number) =>
      (await ctx.database.db.selectFrom(table).select('version').where('id', '=', id).executeTakeFirstOrThrow()).version;
    f = { s1, s2, team2, s2Token, seq: () => ++n, version };
  });

  it('has a row for every route the server declares', () => {
    const declared = t.app.routeTable.filter((r) => r.url.startsWith('/api/v1/')).map((r) => `${r.method} ${r.url}`);
    expect(declared.length).toBeGreaterThan(10);
    for (const key of declared) expect(MATRIX[key], `no authorization row for ${key}`).toBeDefined();
    for (const key of Object.keys(MATRIX)) expect(declared, `matrix row for a route that does not exist: ${key}`).toContain(key);
  });

  for (const [key, cases] of Object.entries(MATRIX)) {
    const [method] = key.split(' ') as ['GET' | 'POST' | 'PATCH' | 'DELETE'];
    cases.forEach((c, i) => {
      it(`${key} #${i + 1}`, async () => {
        for (const who of ['anonymous', 'salesperson', 'manager', 'admin'] as const) {
          const cookie = who === 'anonymous' ? undefined : await t.login(emails[who], PASSWORD);
          const expected = c.expect[who];
          const before = method === 'GET' || expected < 400 ? null : await snapshot(ctx.database);
          const res = await t.call(method, c.url(f), { ...(cookie && { cookie }), ...(c.body && { body: await c.body(f) }) });
          expect(res.statusCode, `${who}: ${res.body}`).toBe(expected);
          if (expected === 401 || expected === 403 || expected === 404) expect(res.json().error.code).toBeTypeOf('string');
          if (before !== null && !(key === 'POST /api/v1/auth/login' || key === 'POST /api/v1/auth/password')) {
            // Refused writes leave every row as it was (failed logins are audited on purpose).
            expect(await snapshot(ctx.database), `${who} changed data`).toBe(before);
          }
        }
      });
    });
  }
});
