import { describeEachDialect } from '@pond/db/testing';
import { beforeAll, expect, it } from 'vitest';
import { PASSWORD, countRows, createTestApp, type TestApp } from '../../testing/test-app.js';

describeEachDialect('sign-in, sessions and tokens', (ctx) => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp(ctx.database);
    await t.user('wei@pond.test', 'salesperson');
  });

  it('signs in with a session cookie that is HttpOnly and SameSite=Lax', async () => {
    const res = await t.call('POST', '/api/v1/auth/login', { body: { email: 'WEI@pond.test', password: PASSWORD } });
    expect(res.statusCode).toBe(200);
    expect(res.json().user.email).toBe('wei@pond.test');
    const cookie = res.cookies.find((c) => c.name === 'pond_session')!;
    expect(cookie.httpOnly).toBe(true);
    expect(cookie.sameSite).toBe('Lax');
    expect(cookie.secure).toBeFalsy();
    const me = await t.call('GET', '/api/v1/auth/me', { cookie: `pond_session=${cookie.value}` });
    expect(me.statusCode).toBe(200);
  });

  it('gives the same answer for an unknown account and a wrong password', async () => {
    const unknown = await t.call('POST', '/api/v1/auth/login', { body: { email: 'nobody@pond.test', password: 'whatever-password' } });
    const wrong = await t.call('POST', '/api/v1/auth/login', { body: { email: 'wei@pond.test', password: 'whatever-password' } });
    expect(unknown.statusCode).toBe(401);
    expect(wrong.statusCode).toBe(401);
    expect(unknown.body).toBe(wrong.body);
    expect(wrong.json().error.code).toBe('INVALID_CREDENTIALS');
  });

  it('answers in the language the browser asks for', async () => {
    const res = await t.call('POST', '/api/v1/auth/login', {
      body: { email: 'nobody@pond.test', password: 'whatever-password' },
      headers: { 'accept-language': 'zh-TW,zh;q=0.9,en;q=0.5' },
    });
    expect(res.json().error.message).toBe('電郵或密碼不正確。');
  });

  it('throttles an account after repeated failures with 429 and Retry-After, even for the right password', async () => {
    await t.user('le@pond.test', 'salesperson');
    for (let i = 0; i < 5; i++) {
      const r = await t.call('POST', '/api/v1/auth/login', { body: { email: 'le@pond.test', password: `wrong-password-${i}` }, headers: { 'x-test': String(i) } });
      expect(r.statusCode).toBe(401);
    }
    await t.call('POST', '/api/v1/auth/login', { body: { email: 'le@pond.test', password: 'wrong-again-password' } });
    const locked = await t.call('POST', '/api/v1/auth/login', { body: { email: 'le@pond.test', password: PASSWORD } });
    expect(locked.statusCode).toBe(429);
    expect(Number(locked.headers['retry-after'])).toBeGreaterThan(0);
    t.clock.advance(31_000);
    const later = await t.call('POST', '/api/v1/auth/login', { body: { email: 'le@pond.test', password: PASSWORD } });
    expect(later.statusCode).toBe(200);
  });

  it('ends a session after the idle timeout and after the absolute timeout', async () => {
    const cookie = await t.login('wei@pond.test');
    t.clock.advance(t.config.sessionIdleMs + 1000);
    const idle = await t.call('GET', '/api/v1/auth/me', { cookie });
    expect(idle.statusCode).toBe(401);
    expect(idle.json().error.code).toBe('SESSION_EXPIRED');

    const fresh = await t.login('wei@pond.test');
    const step = t.config.sessionIdleMs / 2;
    for (let elapsed = 0; elapsed < t.config.sessionAbsoluteMs; elapsed += step) {
      t.clock.advance(step);
      await t.call('GET', '/api/v1/auth/me', { cookie: fresh });
    }
    const absolute = await t.call('GET', '/api/v1/auth/me', { cookie: fresh });
    expect(absolute.statusCode).toBe(401);
  });

  it('logout ends the session at once', async () => {
    const cookie = await t.login('wei@pond.test');
    expect((await t.call('POST', '/api/v1/auth/logout', { cookie })).statusCode).toBe(204);
    expect((await t.call('GET', '/api/v1/auth/me', { cookie })).statusCode).toBe(401);
  });

  it('a new login rotates the session token', async () => {
    const a = await t.login('wei@pond.test');
    const b = await t.login('wei@pond.test');
    expect(a).not.toBe(b);
  });

  it('changing the password ends the other sessions and keeps this one', async () => {
    await t.user('chen@pond.test', 'salesperson');
    const here = await t.login('chen@pond.test');
    const elsewhere = await t.login('chen@pond.test');
    const wrong = await t.call('POST', '/api/v1/auth/password', { cookie: here, body: { currentPassword: 'not-my-password', newPassword: 'another-long-phrase-1' } });
    expect(wrong.json().error.code).toBe('WRONG_PASSWORD');
    const common = await t.call('POST', '/api/v1/auth/password', { cookie: here, body: { currentPassword: PASSWORD, newPassword: 'qwertyuiop' } });
    expect(common.json().error.code).toBe('PASSWORD_TOO_COMMON');
    const ok = await t.call('POST', '/api/v1/auth/password', { cookie: here, body: { currentPassword: PASSWORD, newPassword: 'another-long-phrase-1' } });
    expect(ok.statusCode).toBe(204);
    expect((await t.call('GET', '/api/v1/auth/me', { cookie: here })).statusCode).toBe(200);
    expect((await t.call('GET', '/api/v1/auth/me', { cookie: elsewhere })).statusCode).toBe(401);
    expect((await t.login('chen@pond.test', 'another-long-phrase-1')).length).toBeGreaterThan(20);
  });

  it('saves language and time zone per user and rejects unknown ones', async () => {
    const cookie = await t.login('wei@pond.test');
    const ok = await t.call('PATCH', '/api/v1/auth/me', { cookie, body: { locale: 'zh-Hant', timeZone: 'Asia/Taipei' } });
    expect(ok.json().user).toMatchObject({ locale: 'zh-Hant', timeZone: 'Asia/Taipei' });
    const bad = await t.call('PATCH', '/api/v1/auth/me', { cookie, body: { timeZone: 'Mars/Olympus' } });
    expect(bad.statusCode).toBe(400);
    // The saved language now wins over the browser's.
    expect(bad.json().error.message).toBe('部分欄位無效。');
    await t.call('PATCH', '/api/v1/auth/me', { cookie, body: { locale: null } });
  });

  it('personal API tokens are shown once, stored hashed, work as Bearer and stop when revoked', async () => {
    const cookie = await t.login('wei@pond.test');
    const created = await t.call('POST', '/api/v1/auth/tokens', { cookie, body: { name: 'nightly export' } });
    expect(created.statusCode).toBe(201);
    const { id, token } = created.json();
    expect(token).toMatch(/^pond_/);
    const stored = await ctx.database.db.selectFrom('api_tokens').select('token_hash').where('id', '=', id).executeTakeFirstOrThrow();
    expect(stored.token_hash).not.toContain(token);
    const list = await t.call('GET', '/api/v1/auth/tokens', { cookie });
    expect(JSON.stringify(list.json())).not.toContain(token);

    const viaToken = await t.app.inject({ method: 'GET', url: '/api/v1/auth/me', headers: { authorization: `Bearer ${token}` } });
    expect(viaToken.json().user.email).toBe('wei@pond.test');
    // A token is not ambient authority: it needs no Origin header for writes.
    const write = await t.app.inject({ method: 'PATCH', url: '/api/v1/auth/me', headers: { authorization: `Bearer ${token}` }, payload: { displayName: 'Xiao Wei' } });
    expect(write.statusCode).toBe(200);

    expect((await t.call('DELETE', `/api/v1/auth/tokens/${id}`, { cookie })).statusCode).toBe(204);
    const after = await t.app.inject({ method: 'GET', url: '/api/v1/auth/me', headers: { authorization: `Bearer ${token}` } });
    expect(after.statusCode).toBe(401);
  });

  it("cannot revoke someone else's token (404) and that changes nothing", async () => {
    const owner = await t.login('wei@pond.test');
    const { id } = (await t.call('POST', '/api/v1/auth/tokens', { cookie: owner, body: { name: 'mine' } })).json();
    await t.user('other@pond.test', 'salesperson');
    const other = await t.login('other@pond.test');
    const before = await countRows(ctx.database, 'audit_log');
    expect((await t.call('DELETE', `/api/v1/auth/tokens/${id}`, { cookie: other })).statusCode).toBe(404);
    const row = await ctx.database.db.selectFrom('api_tokens').select('revoked_at').where('id', '=', id).executeTakeFirstOrThrow();
    expect(row.revoked_at).toBeNull();
    expect(await countRows(ctx.database, 'audit_log')).toBe(before);
  });

  it('records logins and failures in the audit log', async () => {
    const rows = await ctx.database.db.selectFrom('audit_log').select(['action']).execute();
    const actions = new Set(rows.map((r) => r.action));
    expect(actions).toContain('login.succeeded');
    expect(actions).toContain('login.failed');
    expect(actions).toContain('logout');
  });
});
