import { describeEachDialect } from '@pond/db/testing';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { Inbox } from '../../testing/smtp-inbox.js';
import { createTestApp, type TestApp } from '../../testing/test-app.js';

describeEachDialect('removing the mail settings', (ctx) => {
  let t: TestApp;
  let admin: string;
  let inbox: Inbox;

  beforeAll(async () => {
    t = await createTestApp(ctx.database);
    await t.user(`clear-admin-${ctx.dialect}@pond.test`, 'admin');
    admin = await t.login(`clear-admin-${ctx.dialect}@pond.test`);
    inbox = new Inbox('pond', 'smtp-secret-phrase', { authOptional: true });
    await inbox.start();
  });
  afterAll(async () => {
    t.app.services.mail.close();
    await inbox.stop();
  });

  const settings = async () => (await t.call('GET', '/api/v1/settings/mail', { cookie: admin })).json();
  const put = async (version: number) =>
    t.call('PUT', '/api/v1/settings/mail', { cookie: admin, body: { version, host: '127.0.0.1', port: inbox.port, security: 'none', fromAddress: 'pond@pond.test' } });

  it('stops every send until an admin sets them again, audited, and refuses a stale version', async () => {
    const before = await settings();
    const saved = (await put(before.version)).json();
    expect(saved.configured).toBe(true);
    expect((await t.call('POST', '/api/v1/settings/mail/test', { cookie: admin, body: { to: 'xiaowei@example.com' } })).statusCode).toBe(200);

    const stale = await t.call('DELETE', `/api/v1/settings/mail?version=${saved.version - 1}`, { cookie: admin });
    expect(stale.statusCode).toBe(412);
    expect((await settings()).configured).toBe(true);

    const cleared = await t.call('DELETE', `/api/v1/settings/mail?version=${saved.version}`, { cookie: admin, headers: { 'accept-language': 'en' } });
    expect(cleared.statusCode).toBe(200);
    expect(cleared.json()).toMatchObject({ configured: false, host: null, fromAddress: null, passwordSet: false, version: saved.version + 1 });
    expect(await t.app.services.mail.isConfigured()).toBe(false);

    const refused = await t.call('POST', '/api/v1/settings/mail/test', { cookie: admin, body: { to: 'xiaowei@example.com' } });
    expect(refused.json().error.code).toBe('MAIL_NOT_CONFIGURED');
    const entry = await ctx.database.db.selectFrom('audit_log').selectAll().where('action', '=', 'settings.mail_cleared').orderBy('id', 'desc').executeTakeFirstOrThrow();
    expect(JSON.parse(entry.before_json!)).toMatchObject({ configured: true, host: '127.0.0.1' });

    // Removing what is already gone changes nothing; setting them again continues from the new version.
    expect((await t.call('DELETE', `/api/v1/settings/mail?version=${saved.version + 1}`, { cookie: admin })).json().version).toBe(saved.version + 1);
    expect((await put(saved.version + 1)).json()).toMatchObject({ configured: true, version: saved.version + 2 });
    expect((await t.call('POST', '/api/v1/settings/mail/test', { cookie: admin, body: { to: 'xiaowei@example.com' } })).statusCode).toBe(200);
  });
});
