import { randomBytes } from 'node:crypto';
import { describeEachDialect } from '@pond/db/testing';
import PostalMime from 'postal-mime';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { jobDefinitions } from '../../jobs/definitions.js';
import { JobRunner } from '../../jobs/runner.js';
import { LONG_SESSIONS, person, prospectWithTouches, team } from '../../testing/factories.js';
import { Inbox } from '../../testing/smtp-inbox.js';
import { createTestApp, type TestApp } from '../../testing/test-app.js';

describeEachDialect('coaching: the weekly mail to each manager', (ctx) => {
  let t: TestApp;
  const inbox = new Inbox();
  let runner: JobRunner;
  let boss: string;
  let le: string;

  beforeAll(async () => {
    await inbox.start();
    t = await createTestApp(ctx.database, { POND_SECRET_KEY: randomBytes(32).toString('hex'), POND_DEFAULT_TIME_ZONE: 'Asia/Taipei', ...LONG_SESSIONS });
    // The week of Monday 23 November, in Taipei.
    t.clock.set('2026-11-24T02:00:00.000Z');
    const showroom = await team(t, {
      name: '週報展示中心',
      manager: { email: 'digest-boss@pond.test', locale: 'zh-Hant' },
      members: [{ email: 'digest-le@pond.test' }, { email: 'digest-wei@pond.test', signIn: false }],
    });
    [boss, le] = [showroom.manager.cookie, showroom.members[0].cookie];
    const { cookie: admin } = await person(t, 'admin');
    expect((await t.call('PUT', '/api/v1/settings/mail', { cookie: admin, body: { version: 0, host: '127.0.0.1', port: inbox.port, security: 'none', user: inbox.user, password: inbox.pass, fromAddress: 'pond@pond.test', fromName: 'Pond' } })).statusCode).toBe(200);
    const policy = (await t.call('GET', '/api/v1/settings/coaching', { cookie: admin })).json();
    expect((await t.call('PUT', '/api/v1/settings/coaching', { cookie: admin, body: { version: policy.version, policy: { ...policy.policy, minFirstContacts: 4 } } })).statusCode).toBe(200);
    const on = await t.call('PUT', '/api/v1/reminders/digest', { cookie: boss, body: { enabled: true, hour: 8, days: [1, 2, 3, 4, 5], teamDigest: true } });
    expect(on.statusCode, on.body).toBe(200);
    for (let i = 0; i < 5; i++) await prospectWithTouches(t, le, { name: `週報客戶${i}` }, [{ channel: 'visit', relationshipKept: false }]);
    const { definitions } = jobDefinitions(t.app.services, { database: ctx.database, config: t.config, clock: t.clock });
    runner = new JobRunner(ctx.database, t.clock, definitions, { leaseMs: 60_000 });
  });
  afterAll(async () => {
    t.app.services.mail.close();
    await inbox.stop();
  });

  const drain = async () => {
    const before = inbox.received.length;
    while (await runner.runOnce());
    return Promise.all(inbox.received.slice(before).map(async (m) => ({ to: m.to, parsed: await PostalMime.parse(m.data) })));
  };

  it('goes on Monday from the manager’s hour, once, with the week’s table and the flags in their language', async () => {
    // Sunday evening and Monday 07:59 in Taipei: not yet.
    t.clock.set('2026-11-29T12:00:00.000Z');
    expect(await t.app.services.coaching.planDigests()).toBe(0);
    t.clock.set('2026-11-29T23:59:00.000Z');
    expect(await t.app.services.coaching.planDigests()).toBe(0);
    // Monday 09:30: planned once, however often the planner runs (two processes, or every quarter hour).
    t.clock.set('2026-11-30T01:30:00.000Z');
    expect(await t.app.services.coaching.planDigests()).toBe(1);
    expect(await t.app.services.coaching.planDigests()).toBe(0);
    const sent = (await drain()).filter((m) => m.to.includes('digest-boss@pond.test'));
    expect(sent).toHaveLength(1);
    const mail = sent[0]!.parsed;
    expect(mail.subject).toBe('銷售 PK 週報 2026-11-23 – 2026-11-29：1 位只開發不回訪');
    expect(mail.text).toContain('digest-le: 4 週內初次接觸 5 次、回訪 0 次：回訪率 0%；5 位客戶只接觸過一次');
    expect(mail.text).toMatch(/digest-wei \| 0 \| 0 \| — \| — \| 0/);
    expect(mail.html).toContain('<table');
    expect(mail.text).toContain('/coaching?from=2026-11-23&to=2026-11-29');
    // The job run again (a retry after a crash past the queueing) sends nothing more.
    expect(await t.app.services.coaching.sendDigest((await ctx.database.db.selectFrom('users').select('id').where('email', '=', 'digest-boss@pond.test').executeTakeFirstOrThrow()).id, '2026-11-30')).toBe('queued');
    expect((await drain()).filter((m) => m.to.includes('digest-boss@pond.test'))).toHaveLength(0);
    // Tuesday: the week's mail is done; nothing new is planned.
    t.clock.set('2026-12-01T01:30:00.000Z');
    expect(await t.app.services.coaching.planDigests()).toBe(0);
  });

  it('a manager who turned the team part off gets none', async () => {
    expect((await t.call('PUT', '/api/v1/reminders/digest', { cookie: boss, body: { enabled: true, hour: 8, days: [1, 2, 3, 4, 5], teamDigest: false } })).statusCode).toBe(200);
    t.clock.set('2026-12-07T01:30:00.000Z');
    expect(await t.app.services.coaching.planDigests()).toBe(0);
  });
});
