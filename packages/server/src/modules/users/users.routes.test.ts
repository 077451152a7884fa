import { describeEachDialect } from '@pond/db/testing';
import { beforeAll, expect, it } from 'vitest';
import { person } from '../../testing/factories.js';
import { countRows, createTestApp, type TestApp } from '../../testing/test-app.js';

describeEachDialect('user and team administration', (ctx) => {
  let t: TestApp;
  let admin: string;
  let adminId: number;
  beforeAll(async () => {
    t = await createTestApp(ctx.database);
    ({ id: adminId, cookie: admin } = await person(t, 'admin'));
  });

  it('creates a user, refuses a duplicate email and a common password without writing anything', async () => {
    const ok = await t.call('POST', '/api/v1/users', { cookie: admin, body: { email: 'Wei@Pond.test', displayName: '小偉', role: 'salesperson', password: 'harbour lights at dusk' } });
    expect(ok.statusCode).toBe(201);
    expect(ok.json().user).toMatchObject({ email: 'wei@pond.test', role: 'salesperson', version: 1, active: true });
    expect(JSON.stringify(ok.json())).not.toContain('password');
    const users = await countRows(ctx.database, 'users');
    const audit = await countRows(ctx.database, 'audit_log');
    const dup = await t.call('POST', '/api/v1/users', { cookie: admin, body: { email: 'wei@pond.test', displayName: 'X', role: 'salesperson', password: 'harbour lights at dusk' } });
    expect(dup.json().error.code).toBe('EMAIL_TAKEN');
    const weak = await t.call('POST', '/api/v1/users', { cookie: admin, body: { email: 'x@pond.test', displayName: 'X', role: 'salesperson', password: 'qwertyuiop' } });
    expect(weak.json().error.code).toBe('PASSWORD_TOO_COMMON');
    expect(await countRows(ctx.database, 'users')).toBe(users);
    expect(await countRows(ctx.database, 'audit_log')).toBe(audit);
  });

  it('needs the version an update is based on: 428 without, 412 with the current record when stale', async () => {
    const id = await t.user('le@pond.test', 'salesperson');
    const missing = await t.call('PATCH', `/api/v1/users/${id}`, { cookie: admin, body: { displayName: '肖樂' } });
    expect(missing.statusCode).toBe(428);
    const first = await t.call('PATCH', `/api/v1/users/${id}`, { cookie: admin, body: { displayName: '肖樂', version: 1 } });
    expect(first.json().user.version).toBe(2);
    const stale = await t.call('PATCH', `/api/v1/users/${id}`, { cookie: admin, body: { displayName: 'Xiao Le', version: 1 } });
    expect(stale.statusCode).toBe(412);
    expect(stale.json().error.details.current).toMatchObject({ displayName: '肖樂', version: 2 });
    const viaHeader = await t.call('PATCH', `/api/v1/users/${id}`, { cookie: admin, body: { displayName: 'Xiao Le' }, headers: { 'if-match': '"2"' } });
    expect(viaHeader.statusCode).toBe(200);
  });

  it('records role and team changes with before and after', async () => {
    const team = (await t.call('POST', '/api/v1/teams', { cookie: admin, body: { name: '台北一組' } })).json().team;
    const id = await t.user('promote@pond.test', 'salesperson');
    const res = await t.call('PATCH', `/api/v1/users/${id}`, { cookie: admin, body: { role: 'manager', teamId: team.id, version: 1 } });
    expect(res.statusCode).toBe(200);
    const entry = await ctx.database.db.selectFrom('audit_log').selectAll().where('entity_id', '=', String(id)).where('action', '=', 'user.role_changed').executeTakeFirstOrThrow();
    expect(JSON.parse(entry.before_json!)).toEqual({ role: 'salesperson', teamId: null });
    expect(JSON.parse(entry.after_json!)).toEqual({ role: 'manager', teamId: team.id });
    expect(entry.actor_id).toBe(adminId);
  });

  it('deactivation ends the user’s sessions at once and blocks sign-in', async () => {
    const { id, cookie } = await person(t, 'salesperson', { email: 'leaving@pond.test' });
    const res = await t.call('PATCH', `/api/v1/users/${id}`, { cookie: admin, body: { active: false, version: 1 } });
    expect(res.statusCode).toBe(200);
    expect((await t.call('GET', '/api/v1/auth/me', { cookie })).statusCode).toBe(401);
    const login = await t.call('POST', '/api/v1/auth/login', { body: { email: 'leaving@pond.test', password: 'tide-pool-lantern-42' } });
    expect(login.json().error.code).toBe('INVALID_CREDENTIALS');
  });

  it('keeps at least one active admin', async () => {
    const me = (await t.call('GET', '/api/v1/auth/me', { cookie: admin })).json().user;
    const res = await t.call('PATCH', `/api/v1/users/${adminId}`, { cookie: admin, body: { role: 'salesperson', version: me.version } });
    expect(res.json().error.code).toBe('LAST_ADMIN');
    expect((await t.call('GET', '/api/v1/auth/me', { cookie: admin })).json().user.role).toBe('admin');
  });

  it("shows a manager only their own team's members", async () => {
    const managerId = await t.user('boss@pond.test', 'manager');
    const north = (await t.call('POST', '/api/v1/teams', { cookie: admin, body: { name: 'North', managerId } })).json().team;
    const south = (await t.call('POST', '/api/v1/teams', { cookie: admin, body: { name: 'South' } })).json().team;
    await t.user('n1@pond.test', 'salesperson', north.id);
    await t.user('s1@pond.test', 'salesperson', south.id);
    const boss = await t.login('boss@pond.test');
    const list = (await t.call('GET', '/api/v1/users', { cookie: boss })).json().items.map((u: { email: string }) => u.email);
    expect(list).toEqual(['n1@pond.test']);
    const teams = (await t.call('GET', '/api/v1/teams', { cookie: boss })).json().items.map((x: { name: string }) => x.name);
    expect(teams).toEqual(['North']);
  });

  it('a team manager must be a manager or admin', async () => {
    const sales = await t.user('notboss@pond.test', 'salesperson');
    const res = await t.call('POST', '/api/v1/teams', { cookie: admin, body: { name: 'Nobody leads', managerId: sales } });
    expect(res.statusCode).toBe(400);
    const dup = await t.call('POST', '/api/v1/teams', { cookie: admin, body: { name: 'North' } });
    expect(dup.json().error.code).toBe('TEAM_NAME_TAKEN');
  });

  it('pages the audit log newest first by cursor', async () => {
    const first = (await t.call('GET', '/api/v1/audit?limit=3', { cookie: admin })).json();
    expect(first.items).toHaveLength(3);
    expect(first.items[0].id).toBeGreaterThan(first.items[2].id);
    const second = (await t.call('GET', `/api/v1/audit?limit=3&cursor=${first.nextCursor}`, { cookie: admin })).json();
    expect(second.items[0].id).toBeLessThan(first.items[2].id);
    const bad = await t.call('GET', '/api/v1/audit?cursor=abc', { cookie: admin });
    expect(bad.statusCode).toBe(400);
  });
});
