import { randomBytes } from 'node:crypto';
import { describeEachDialect } from '@pond/db/testing';
import ICAL from 'ical.js';
import PostalMime from 'postal-mime';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { jobDefinitions } from '../../jobs/definitions.js';
import { JobRunner } from '../../jobs/runner.js';
import { LONG_SESSIONS, person, prospect, team, touches } from '../../testing/factories.js';
import { Inbox } from '../../testing/smtp-inbox.js';
import { createTestApp, type TestApp } from '../../testing/test-app.js';

describeEachDialect('reminders: the morning mail, the calendar feed and the bell', (ctx) => {
  let t: TestApp;
  const inbox = new Inbox();
  let runner: JobRunner;
  let weiId: number;
  let nyId: number;
  let bossId: number;
  let leId: number;
  let teamId: number;

  const env = { POND_SECRET_KEY: randomBytes(32).toString('hex'), POND_DEFAULT_TIME_ZONE: 'Asia/Taipei', ...LONG_SESSIONS };

  beforeAll(async () => {
    await inbox.start();
    t = await createTestApp(ctx.database, env);
    t.clock.set('2026-10-20T02:00:00.000Z');
    const showroom = await team(t, {
      name: 'Showroom',
      manager: { email: 'boss@pond.test', signIn: false },
      members: [{ email: 'wei@pond.test', signIn: false }, { email: 'le@pond.test', signIn: false }, { email: 'ny@pond.test', signIn: false }],
    });
    [bossId, teamId] = [showroom.manager.id, showroom.id];
    [{ id: weiId }, { id: leId }, { id: nyId }] = showroom.members;
    const { cookie: admin } = await person(t, 'admin');
    const mail = await t.call('PUT', '/api/v1/settings/mail', { cookie: admin, body: { version: 0, host: '127.0.0.1', port: inbox.port, security: 'none', user: inbox.user, password: inbox.pass, fromAddress: 'pond@pond.test', fromName: 'Pond' } });
    expect(mail.statusCode, mail.body).toBe(200);
    const { definitions } = jobDefinitions(t.app.services, { database: ctx.database, config: t.config, clock: t.clock });
    runner = new JobRunner(ctx.database, t.clock, definitions, { leaseMs: 60_000 });
  });
  afterAll(async () => {
    t.app.services.mail.close();
    await inbox.stop();
  });

  const login = (name: string) => t.login(`${name}@pond.test`);
  const create = async (cookie: string, name: string, nextContactOn?: string) => {
    const { id } = await prospect(t, cookie, { name, company: `${name}企業` });
    if (nextContactOn) await touches(t, cookie, id, [{ feedback: `${name}在比較三款轎車`, nextContactOn }]);
    return id;
  };
  const drain = async () => {
    const before = inbox.received.length;
    while (await runner.runOnce());
    return Promise.all(inbox.received.slice(before).map(async (m) => ({ to: m.to, parsed: await PostalMime.parse(m.data) })));
  };
  const plan = () => t.app.services.reminders.planDigests();
  const notices = (userId: number) => ctx.database.db.selectFrom('notifications').selectAll().where('user_id', '=', userId).orderBy('id').execute();

  it('sends at 08:00 in the user’s own zone, the same local hour on both sides of a daylight-saving change', async () => {
    const ny = await login('ny');
    expect((await t.call('PATCH', '/api/v1/auth/me', { cookie: ny, body: { timeZone: 'America/New_York', locale: 'en' } })).statusCode).toBe(200);
    // Every morning, weekends too, so the days around the change all count.
    expect((await t.call('PUT', '/api/v1/reminders/digest', { cookie: ny, body: { enabled: true, hour: 8, days: [1, 2, 3, 4, 5, 6, 7] } })).statusCode).toBe(200);
    await create(ny, '紐約客', '2026-10-25');
    const mailsTo = async (at: string) => {
      t.clock.set(at);
      await plan();
      return (await drain()).filter((m) => m.to.includes('ny@pond.test'));
    };
    // Saturday 31 October, summer time: 08:00 is 12:00 UTC.
    expect(await mailsTo('2026-10-31T11:59:00.000Z')).toHaveLength(0);
    expect(await mailsTo('2026-10-31T12:00:00.000Z')).toHaveLength(1);
    // Monday 2 November, winter time since Sunday: 08:00 is 13:00 UTC, and 12:30 UTC is still 07:30.
    await mailsTo('2026-11-01T13:00:00.000Z');
    expect(await mailsTo('2026-11-02T12:30:00.000Z')).toHaveLength(0);
    const monday = await mailsTo('2026-11-02T13:00:00.000Z');
    expect(monday).toHaveLength(1);
    expect(monday[0]!.parsed.subject).toMatch(/^Today: 1 overdue/);
    // Back to weekdays only, so the rest of the suite does not mail this user every morning.
    expect((await t.call('PUT', '/api/v1/reminders/digest', { cookie: ny, body: { enabled: false, hour: 8, days: [1, 2, 3, 4, 5] } })).statusCode).toBe(200);
  });

  it('mails the morning agenda once per local day, with what is due, why, what they said, and a one-click way out', async () => {
    t.clock.set('2026-11-20T02:00:00.000Z');
    const wei = await login('wei');
    expect((await t.call('PATCH', '/api/v1/auth/me', { cookie: wei, body: { locale: 'en', timeZone: 'Asia/Taipei' } })).statusCode).toBe(200);
    const overdue = await create(wei, '王大明', '2026-11-30');
    const today = await create(wei, '陳志明', '2026-12-03');
    const later = await create(wei, '林美玲', '2026-12-20');
    const boss = await login('boss');
    const team = await t.call('PUT', '/api/v1/reminders/digest', { cookie: boss, body: { enabled: true, hour: 8, days: [1, 2, 3, 4, 5], teamDigest: true } });
    expect(team.statusCode, team.body).toBe(200);
    expect(team.json().digest).toMatchObject({ teamDigest: true, teamDigestAvailable: true });
    expect((await t.call('PUT', '/api/v1/reminders/digest', { cookie: wei, body: { enabled: true, hour: 8, days: [1], teamDigest: true } })).statusCode).toBe(403);

    // Thursday 3 December 07:59 in Taipei: not yet.
    t.clock.set('2026-12-02T23:59:00.000Z');
    await plan();
    expect((await drain()).filter((m) => m.to.includes('wei@pond.test'))).toHaveLength(0);
    // A worker that was down at 08:00 sends it at 11:00, once, however often the planner runs.
    t.clock.set('2026-12-03T03:00:00.000Z');
    await Promise.all([plan(), plan()]);
    await plan();
    const sent = await drain();
    const mine = sent.filter((m) => m.to.includes('wei@pond.test'));
    expect(mine).toHaveLength(1);
    const m = mine[0]!.parsed;
    expect(m.subject).toBe('Today: 1 overdue, 1 due today');
    expect(m.text).toContain('王大明');
    expect(m.text).toContain('3 days overdue');
    expect(m.text).toContain('said: “王大明在比較三款轎車”');
    expect(m.text).toContain(`http://pond.test/prospects/${overdue}?touch=1`);
    expect(m.html).toContain(`http://pond.test/prospects/${today}`);
    expect(m.text).not.toContain('林美玲');
    const header = (name: string) => m.headers.find((h) => h.key === name)?.value;
    expect(header('list-unsubscribe-post')).toBe('List-Unsubscribe=One-Click');
    const unsubscribe = /<(http:\/\/pond\.test\/api\/v1\/reminders\/unsubscribe\?t=[^>]+)>/.exec(header('list-unsubscribe') ?? '')?.[1];
    expect(unsubscribe).toBeDefined();
    // The manager's mail carries the team's overdue counts.
    const bossMail = sent.find((s) => s.to.includes('boss@pond.test'));
    expect(bossMail?.parsed.text).toContain('wei: 1');
    // The bell: the day's follow-ups, once.
    expect((await notices(weiId)).filter((n) => n.kind === 'due_today')).toMatchObject([{ key: `due_today:${weiId}:2026-12-03` }]);

    await plan();
    expect((await drain()).filter((s) => s.to.includes('wei@pond.test'))).toHaveLength(0);
    void later;

    // A GET of the link changes nothing (link checkers open links); the one-click POST needs no session and no origin.
    const path = unsubscribe!.replace('http://pond.test', '');
    const page = await t.app.inject({ method: 'GET', url: path });
    expect(page.statusCode).toBe(200);
    expect(page.headers['content-type']).toMatch(/^text\/html/);
    expect((await t.call('GET', '/api/v1/reminders', { cookie: wei })).json().digest.enabled).toBe(true);
    const tampered = await t.app.inject({ method: 'POST', url: path.slice(0, -2) + (path.endsWith('AA') ? 'BB' : 'AA'), payload: 'List-Unsubscribe=One-Click', headers: { 'content-type': 'application/x-www-form-urlencoded' } });
    expect(tampered.statusCode).toBe(404);
    expect((await t.app.inject({ method: 'POST', url: `/api/v1/reminders/unsubscribe?t=${leId}.${'A'.repeat(32)}`, payload: 'List-Unsubscribe=One-Click', headers: { 'content-type': 'application/x-www-form-urlencoded' } })).statusCode).toBe(404);
    const off = await t.app.inject({ method: 'POST', url: path, payload: 'List-Unsubscribe=One-Click', headers: { 'content-type': 'application/x-www-form-urlencoded' } });
    expect(off.statusCode, off.body).toBe(200);
    expect((await t.call('GET', '/api/v1/reminders', { cookie: wei })).json().digest.enabled).toBe(false);
    expect((await t.app.inject({ method: 'POST', url: path, payload: 'List-Unsubscribe=One-Click', headers: { 'content-type': 'application/x-www-form-urlencoded' } })).statusCode).toBe(200);

    // Friday with the mail off: no mail, but the bell still has the day's follow-ups.
    t.clock.set('2026-12-04T00:30:00.000Z');
    await plan();
    expect((await drain()).filter((s) => s.to.includes('wei@pond.test'))).toHaveLength(0);
    expect((await notices(weiId)).filter((n) => n.kind === 'due_today').map((n) => n.key)).toEqual([`due_today:${weiId}:2026-12-03`, `due_today:${weiId}:2026-12-04`]);
  });

  it('never mails the same person twice in a day when they move west across the date line', async () => {
    const wei = await login('wei');
    t.clock.set('2026-12-07T00:30:00.000Z'); // Monday 08:30 in Taipei
    expect((await t.call('PUT', '/api/v1/reminders/digest', { cookie: wei, body: { enabled: true, hour: 8, days: [1, 2, 3, 4, 5] } })).statusCode).toBe(200);
    await plan();
    expect((await drain()).filter((s) => s.to.includes('wei@pond.test'))).toHaveLength(1);
    // Now in Los Angeles, where it is Sunday 16:30 and then Monday 08:00: that Monday was already mailed (in Taipei).
    expect((await t.call('PATCH', '/api/v1/auth/me', { cookie: wei, body: { timeZone: 'America/Los_Angeles' } })).statusCode).toBe(200);
    await plan();
    t.clock.set('2026-12-07T16:00:00.000Z');
    await plan();
    expect((await drain()).filter((s) => s.to.includes('wei@pond.test'))).toHaveLength(0);
    // Tuesday 08:00 in Los Angeles: a new day.
    t.clock.set('2026-12-08T16:00:00.000Z');
    await plan();
    expect((await drain()).filter((s) => s.to.includes('wei@pond.test'))).toHaveLength(1);
    expect((await t.call('PATCH', '/api/v1/auth/me', { cookie: wei, body: { timeZone: 'Asia/Taipei' } })).statusCode).toBe(200);
  });

  it('writes a morning’s notices and its mail together or not at all', async () => {
    t.clock.set('2026-12-09T00:10:00.000Z'); // Wednesday 08:10 in Taipei
    const mail = t.app.services.mail;
    const queue = mail.queue.bind(mail);
    mail.queue = async () => {
      throw new Error('the process died here');
    };
    const system = { system: true as const, label: 'Pond (test)', job: 'test' };
    try {
      await expect(t.app.services.reminders.sendDigest(weiId, '2026-12-09', system)).rejects.toThrow('the process died here');
    } finally {
      mail.queue = queue;
    }
    expect((await notices(weiId)).filter((n) => n.key === `due_today:${weiId}:2026-12-09`)).toHaveLength(0);
    const state = await ctx.database.db.selectFrom('users').select('digest_sent_for').where('id', '=', weiId).executeTakeFirstOrThrow();
    expect(state.digest_sent_for).toBe('2026-12-08');
    // Run again (the job's retry): one mail, one notice; a third run adds neither.
    expect(await t.app.services.reminders.sendDigest(weiId, '2026-12-09', system)).toBe('sent');
    expect(await t.app.services.reminders.sendDigest(weiId, '2026-12-09', system)).toBe('skipped');
    expect((await notices(weiId)).filter((n) => n.key === `due_today:${weiId}:2026-12-09`)).toHaveLength(1);
    expect((await drain()).filter((s) => s.to.includes('wei@pond.test'))).toHaveLength(1);
    // Yesterday's job, run today, sends nothing.
    expect(await t.app.services.reminders.sendDigest(weiId, '2026-12-08', system)).toBe('skipped');
  });

  it('serves a private calendar of the same follow-ups as Today, updates by UID, answers 304 to a matching tag, and forgets a revoked address at once', async () => {
    t.clock.set('2026-12-10T02:00:00.000Z'); // Thursday 10:00 in Taipei
    const wei = await login('wei');
    const made = await t.call('POST', '/api/v1/reminders/feed', { cookie: wei });
    expect(made.statusCode, made.body).toBe(201);
    const url = new URL(made.json().url as string);
    expect(url.origin).toBe('http://pond.test');
    const feedPath = url.pathname;
    // No session is asked for, and none would help.
    const res = await t.app.inject({ method: 'GET', url: feedPath });
    expect(res.statusCode, res.body).toBe(200);
    expect(res.headers['content-type']).toMatch(/^text\/calendar/);
    const events = new ICAL.Component(ICAL.parse(res.body)).getAllSubcomponents('vevent').map((v) => new ICAL.Event(v));
    const agenda = (await t.call('GET', '/api/v1/today?limit=50', { cookie: wei })).json();
    const todayIds = [...agenda.buckets.overdue.items, ...agenda.buckets.today.items].map((i: { prospect: { id: number } }) => `prospect-${i.prospect.id}@pond.test`).sort();
    expect(events.filter((e) => e.startDate.toString() === '2026-12-10').map((e) => e.uid).sort()).toEqual(todayIds);
    const later = events.find((e) => e.summary.startsWith('林美玲'));
    expect(later?.startDate.toString()).toBe('2026-12-20');
    expect(later?.startDate.isDate).toBe(true);
    expect(later?.description).toContain('?touch=1');
    expect(res.body).not.toContain('紐約客');

    const tag = res.headers.etag as string;
    expect((await t.app.inject({ method: 'GET', url: feedPath, headers: { 'if-none-match': tag } })).statusCode).toBe(304);
    // The prospect handed to a colleague leaves the next fetch, and the colleague hears of it.
    const laterId = Number(later!.uid.split('-')[1]!.split('@')[0]);
    const boss = await login('boss');
    const moved = await t.call('POST', '/api/v1/prospects/bulk', { cookie: boss, body: { ids: [laterId], ownerId: leId } });
    expect(moved.statusCode, moved.body).toBe(200);
    const after = await t.app.inject({ method: 'GET', url: feedPath, headers: { 'if-none-match': tag } });
    expect(after.statusCode).toBe(200);
    expect(after.body).not.toContain('林美玲');
    // A touch logged meanwhile: the next fetch (which takes the unchanged events from the last build) shows what was
    // said, and reads byte for byte as a build from nothing in another process.
    const otherId = Number(events.find((e) => e.uid !== later!.uid)!.uid.split('-')[1]!.split('@')[0]);
    await touches(t, wei, otherId, [{ feedback: '想先試乘油電版', nextContactOn: '2026-12-24' }]);
    const changed = await t.app.inject({ method: 'GET', url: feedPath, headers: { 'if-none-match': after.headers.etag as string } });
    expect(changed.statusCode).toBe(200);
    const otherEvent = new ICAL.Component(ICAL.parse(changed.body)).getAllSubcomponents('vevent').map((v) => new ICAL.Event(v)).find((e) => e.uid === `prospect-${otherId}@pond.test`);
    expect(otherEvent?.description).toContain('想先試乘油電版');
    expect(otherEvent?.startDate.toString()).toBe('2026-12-24');
    const elsewhere = await createTestApp(ctx.database, env);
    elsewhere.clock.set(t.clock.now().toISOString());
    expect((await elsewhere.app.inject({ method: 'GET', url: feedPath })).body).toBe(changed.body);
    // Another language changes every event's words: none is taken from the build in the old one.
    const locale = (await t.call('GET', '/api/v1/auth/me', { cookie: wei })).json().locale === 'zh-Hans' ? 'en' : 'zh-Hans';
    expect((await t.call('PATCH', '/api/v1/auth/me', { cookie: wei, body: { locale } })).statusCode).toBe(200);
    const relabelled = await t.app.inject({ method: 'GET', url: feedPath, headers: { 'if-none-match': changed.headers.etag as string } });
    expect(relabelled.statusCode).toBe(200);
    expect(relabelled.body).not.toBe(changed.body);
    const fresh = await createTestApp(ctx.database, env);
    fresh.clock.set(t.clock.now().toISOString());
    expect((await fresh.app.inject({ method: 'GET', url: feedPath })).body).toBe(relabelled.body);
    expect((await notices(leId)).filter((n) => n.kind === 'assigned')).toMatchObject([{ prospect_id: laterId, actor_label: 'boss' }]);

    // A new address replaces the old one; a revoked one answers 404 at once; a session opens no feed.
    const again = await t.call('POST', '/api/v1/reminders/feed', { cookie: wei });
    const newPath = new URL(again.json().url as string).pathname;
    expect((await t.app.inject({ method: 'GET', url: feedPath })).statusCode).toBe(404);
    expect((await t.app.inject({ method: 'GET', url: newPath })).statusCode).toBe(200);
    expect((await t.call('GET', '/api/v1/feeds/pondcal_not-a-token', { cookie: wei })).statusCode).toBe(404);
    expect((await t.call('DELETE', '/api/v1/reminders/feed', { cookie: wei })).statusCode).toBe(204);
    expect((await t.app.inject({ method: 'GET', url: newPath })).statusCode).toBe(404);
    expect((await t.call('DELETE', '/api/v1/reminders/feed', { cookie: wei })).statusCode).toBe(404);
    expect((await t.call('GET', '/api/v1/reminders', { cookie: wei })).json().feed.active).toBe(false);
  });

  it('rings the owner’s bell when a colleague logs a touch, lets only them read it, and keeps notices 90 days', async () => {
    t.clock.set('2026-12-10T03:00:00.000Z');
    const [wei, boss, le] = await Promise.all([login('wei'), login('boss'), login('le')]);
    const list = (await t.call('GET', '/api/v1/prospects?q=王大明', { cookie: wei })).json();
    const id = list.items[0].id as number;
    expect((await t.call('POST', `/api/v1/prospects/${id}/touches`, { cookie: boss, body: { channel: 'visit', relationshipKept: true } })).statusCode).toBe(201);
    // The owner's own touch rings nothing.
    expect((await t.call('POST', `/api/v1/prospects/${id}/touches`, { cookie: wei, body: { channel: 'call', relationshipKept: true } })).statusCode).toBe(201);
    const page = (await t.call('GET', '/api/v1/notifications', { cookie: wei })).json();
    const touchNotices = page.items.filter((n: { kind: string }) => n.kind === 'touch_logged');
    expect(touchNotices).toMatchObject([{ prospect: { id, name: '王大明' }, actor: 'boss', read: false, data: { channel: 'visit' } }]);
    expect(page.unread).toBeGreaterThanOrEqual(1);

    // Someone else's ids change nothing.
    expect((await t.call('POST', '/api/v1/notifications/read', { cookie: le, body: { ids: [touchNotices[0].id] } })).json().unread).toBe(1);
    const one = await t.call('POST', '/api/v1/notifications/read', { cookie: wei, body: { ids: [touchNotices[0].id] } });
    expect(one.json().unread).toBe(page.unread - 1);
    expect((await t.call('POST', '/api/v1/notifications/read', { cookie: wei, body: { all: true } })).json().unread).toBe(0);
    expect((await t.call('POST', '/api/v1/notifications/read', { cookie: wei, body: { ids: [] } })).statusCode).toBe(400);

    const paged = (await t.call('GET', '/api/v1/notifications?limit=1', { cookie: wei })).json();
    expect(paged.items).toHaveLength(1);
    expect(paged.nextCursor).toBe(paged.items[0].id);
    const next = (await t.call('GET', `/api/v1/notifications?limit=1&before=${paged.nextCursor}`, { cookie: wei })).json();
    expect(next.items[0].id).toBeLessThan(paged.items[0].id);

    const before = (await notices(weiId)).length;
    t.clock.set('2027-03-05T03:00:00.000Z'); // 85 days on: the October and November notices go
    const purged = await t.app.services.reminders.purgeNotifications();
    expect(purged).toBeGreaterThan(0);
    const left = await notices(weiId);
    expect(left.length).toBeLessThan(before);
    expect(left.every((n) => n.created_at >= '2026-12-05')).toBe(true);
    void bossId;
    void nyId;
    void teamId;
  });
});
