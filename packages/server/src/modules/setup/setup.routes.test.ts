import { describeEachDialect } from '@pond/db/testing';
import { beforeAll, expect, it } from 'vitest';
import { countRows, createTestApp, type TestApp } from '../../testing/test-app.js';

describeEachDialect('first-admin setup', (ctx) => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp(ctx.database);
  });

  const body = (token: string, overrides: object = {}) => ({ token, email: 'boss@pond.test', displayName: '陳經理', password: 'a long harbour morning', ...overrides });

  it('reports that setup is needed and issues a link built from POND_BASE_URL', async () => {
    expect((await t.call('GET', '/api/v1/setup/status')).json()).toEqual({ needsSetup: true });
    const link = await t.app.services.setup.issueLink();
    expect(link!.url).toMatch(/^http:\/\/pond\.test\/setup\?token=/);
  });

  it('refuses a bad token and creates nothing', async () => {
    const res = await t.call('POST', '/api/v1/setup', { body: body('not-the-token') });
    expect(res.statusCode).toBe(400);
    expect(res.json().error.code).toBe('SETUP_TOKEN_INVALID');
    expect(await countRows(ctx.database, 'users')).toBe(0);
  });

  it('refuses an expired token and creates nothing', async () => {
    const link = await t.app.services.setup.issueLink();
    const token = new URL(link!.url).searchParams.get('token')!;
    t.clock.advance(t.config.setupTokenMs + 1);
    const res = await t.call('POST', '/api/v1/setup', { body: body(token) });
    expect(res.json().error.code).toBe('SETUP_TOKEN_INVALID');
    expect(await countRows(ctx.database, 'users')).toBe(0);
  });

  it('refuses a common password and keeps the token usable', async () => {
    const link = await t.app.services.setup.issueLink();
    const token = new URL(link!.url).searchParams.get('token')!;
    const weak = await t.call('POST', '/api/v1/setup', { body: body(token, { password: 'password123' }) });
    expect(weak.json().error.code).toBe('PASSWORD_TOO_COMMON');
    const ok = await t.call('POST', '/api/v1/setup', { body: body(token) });
    expect(ok.statusCode).toBe(201);
    expect(ok.json().user.role).toBe('admin');
    const cookie = ok.cookies.find((c) => c.name === 'pond_session')!;
    const me = await t.call('GET', '/api/v1/auth/me', { cookie: `pond_session=${cookie.value}` });
    expect(me.json().user.email).toBe('boss@pond.test');
    // One-time: the same link cannot make a second admin.
    const again = await t.call('POST', '/api/v1/setup', { body: body(token, { email: 'second@pond.test' }) });
    expect(again.statusCode).toBe(409);
    expect(await countRows(ctx.database, 'users')).toBe(1);
    expect(await t.app.services.setup.issueLink()).toBeNull();
  });
});
