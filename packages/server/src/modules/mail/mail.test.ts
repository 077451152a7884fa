import { randomBytes } from 'node:crypto';
import { describeEachDialect } from '@pond/db/testing';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { JobRunner } from '../../jobs/runner.js';
import { jobDefinitions } from '../../jobs/definitions.js';
import { person } from '../../testing/factories.js';
import { createTestApp, type TestApp } from '../../testing/test-app.js';
import { Inbox } from '../../testing/smtp-inbox.js';

describeEachDialect('the mail seam', (ctx) => {
  let t: TestApp;
  let admin: string;
  const inbox = new Inbox();
  let runner: JobRunner;

  beforeAll(async () => {
    await inbox.start();
    t = await createTestApp(ctx.database, { POND_SECRET_KEY: randomBytes(32).toString('hex') });
    ({ cookie: admin } = await person(t, 'admin'));
    const { definitions } = jobDefinitions(t.app.services, { database: ctx.database, config: t.config, clock: t.clock });
    runner = new JobRunner(ctx.database, t.clock, definitions, { leaseMs: 60_000 });
  });
  afterAll(async () => {
    t.app.services.mail.close();
    await inbox.stop();
  });

  const settings = () => ({ host: '127.0.0.1', port: inbox.port, security: 'none', user: inbox.user, password: inbox.pass, fromAddress: 'wang@pond.test', fromName: '王經理' });

  it('keeps the SMTP password sealed, and never sends it back', async () => {
    const before = await t.call('GET', '/api/v1/settings/mail', { cookie: admin });
    expect(before.json()).toMatchObject({ configured: false, version: 0, secretsAvailable: true });
    const res = await t.call('PUT', '/api/v1/settings/mail', { cookie: admin, body: { version: 0, ...settings() } });
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json()).toMatchObject({ configured: true, passwordSet: true, host: '127.0.0.1', fromName: '王經理' });
    expect(res.body).not.toContain(inbox.pass);
    const stored = await ctx.database.db.selectFrom('settings').select('value_json').where('key', '=', 'mail').executeTakeFirstOrThrow();
    expect(stored.value_json).not.toContain(inbox.pass);
    // Left out, the password stays; a stale version is refused.
    const { password: _, ...withoutPassword } = settings();
    const again = await t.call('PUT', '/api/v1/settings/mail', { cookie: admin, body: { version: 1, ...withoutPassword, fromName: 'Wang' } });
    expect(again.json()).toMatchObject({ passwordSet: true, fromName: 'Wang', version: 2 });
    expect((await t.call('PUT', '/api/v1/settings/mail', { cookie: admin, body: { version: 1, ...withoutPassword } })).statusCode).toBe(412);
  });

  it('sends a test message that the SMTP server really receives, and says what a refusing server answered', async () => {
    const ok = await t.call('POST', '/api/v1/settings/mail/test', { cookie: admin, body: { to: 'xiaowei@example.com' } });
    expect(ok.statusCode, ok.body).toBe(200);
    const got = inbox.received.at(-1)!;
    expect(got.to).toEqual(['xiaowei@example.com']);
    expect(got.from).toBe('wang@pond.test');
    expect(got.data).toContain('Subject: Pond: test message');
    inbox.mode = 'refuse';
    const refused = await t.call('POST', '/api/v1/settings/mail/test', { cookie: admin, body: { to: 'xiaowei@example.com' } });
    inbox.mode = 'accept';
    expect(refused.statusCode).toBe(502);
    expect(refused.json().error).toMatchObject({ code: 'MAIL_SEND_FAILED' });
    expect(JSON.stringify(refused.json().error.details)).toContain('Mailbox unavailable');
  });

  it('sends a queued message once, through its job, and not at all when the transaction that queued it rolled back', async () => {
    const mail = t.app.services.mail;
    const db = ctx.database.db;
    const key = `test:${randomBytes(4).toString('hex')}`;
    await db.transaction().execute(async (trx) => {
      await mail.queue(trx, { key, to: 'xiaole@example.com', subject: '新車資料', text: '肖樂你好' });
      await mail.queue(trx, { key, to: 'xiaole@example.com', subject: '新車資料', text: '肖樂你好' });
    });
    await expect(
      db.transaction().execute(async (trx) => {
        await mail.queue(trx, { key: `${key}-rolled-back`, to: 'nobody@example.com', subject: 'x', text: 'x' });
        throw new Error('the change failed');
      }),
    ).rejects.toThrow('the change failed');
    const before = inbox.received.length;
    while (await runner.runOnce());
    const sent = inbox.received.slice(before);
    expect(sent.map((m) => m.to)).toEqual([['xiaole@example.com']]);
    expect(sent[0]!.data).toContain('Message-ID: <');
    const rows = await db.selectFrom('outbox').select(['key', 'status']).where('key', 'like', `${key}%`).execute();
    expect(rows).toEqual([{ key, status: 'sent' }]);
    expect(await runner.runOnce()).toBe(false);
  });

  it('retries after a 4xx or a dropped connection, keeping what went wrong, and gives up on a 5xx', async () => {
    const mail = t.app.services.mail;
    const db = ctx.database.db;
    const key = `retry:${randomBytes(4).toString('hex')}`;
    await mail.queue(db, { key, to: 'linjia@example.com', subject: '研討會', text: '林佳你好' });
    for (const mode of ['busy', 'drop'] as const) {
      inbox.mode = mode;
      expect(await runner.runOnce()).toBe(true);
      const row = await db.selectFrom('outbox').select(['status', 'last_error', 'attempts']).where('key', '=', key).executeTakeFirstOrThrow();
      expect(row.status).toBe('pending');
      expect(row.last_error).toBeTruthy();
      t.clock.advance(3_600_000);
      // A dropped connection leaves the pooled transport to reconnect.
      mail.close();
    }
    inbox.mode = 'accept';
    const before = inbox.received.length;
    expect(await runner.runOnce()).toBe(true);
    expect(inbox.received.length - before).toBe(1);
    expect((await db.selectFrom('outbox').select(['status', 'attempts']).where('key', '=', key).executeTakeFirstOrThrow())).toEqual({ status: 'sent', attempts: 3 });

    const hard = `refused:${randomBytes(4).toString('hex')}`;
    await mail.queue(db, { key: hard, to: 'gone@example.com', subject: 'x', text: 'x' });
    inbox.mode = 'refuse';
    expect(await runner.runOnce()).toBe(true);
    inbox.mode = 'accept';
    const failed = await db.selectFrom('outbox').select(['status', 'last_error']).where('key', '=', hard).executeTakeFirstOrThrow();
    expect(failed.status).toBe('failed');
    expect(failed.last_error).toContain('Mailbox unavailable');
    // A refusal for good is not retried: its job is done, the failure stays on the message.
    t.clock.advance(3_600_000);
    expect(await runner.runOnce()).toBe(false);
  });
});
