import { randomBytes } from 'node:crypto';
import { describeEachDialect } from '@pond/db/testing';
import PostalMime from 'postal-mime';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { jobDefinitions } from '../../jobs/definitions.js';
import { JobRunner } from '../../jobs/runner.js';
import { LONG_SESSIONS, person, prospect as newProspect, team, uniquePhone, type ProspectFields } from '../../testing/factories.js';
import { Inbox } from '../../testing/smtp-inbox.js';
import { createTestApp, type TestApp } from '../../testing/test-app.js';

describeEachDialect('events: invitations, the door and the day after', (ctx) => {
  let t: TestApp;
  const inbox = new Inbox();
  let runner: JobRunner;
  let wei: string;
  let le: string;
  let far: string;
  let boss: string;
  let weiId: number;
  let leId: number;
  let teamId: number;

  beforeAll(async () => {
    await inbox.start();
    t = await createTestApp(ctx.database, { POND_SECRET_KEY: randomBytes(32).toString('hex'), POND_DEFAULT_TIME_ZONE: 'Asia/Taipei', ...LONG_SESSIONS });
    t.clock.set('2026-12-01T02:00:00.000Z');
    const showroom = await team(t, { name: 'Showroom', members: [{ email: 'wei@pond.test' }, {}] });
    const south = await team(t, { name: 'South', manager: null, members: [{}] });
    teamId = showroom.id;
    [{ id: weiId, cookie: wei }, { id: leId, cookie: le }] = showroom.members;
    [boss, far] = [showroom.manager.cookie, south.members[0].cookie];
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

  const prospect = async (cookie: string, name: string, extra: ProspectFields = {}) => (await newProspect(t, cookie, { name, grade: 'A', phones: [uniquePhone()], ...extra })).id;
  // The seminar: Saturday 5 December 2026, 14:00–17:00 in Taipei.
  const seminar = async (body: object = {}) => {
    const res = await t.call('POST', '/api/v1/events', {
      cookie: boss,
      body: { title: '新車品鑑會', kind: 'seminar', startsAt: '2026-12-05T14:00:00+08:00', endsAt: '2026-12-05T17:00:00+08:00', timeZone: 'Asia/Taipei', place: '台北展示中心', teamId, hostIds: [weiId], ...body },
    });
    expect(res.statusCode, res.body).toBe(201);
    return res.json() as { id: number; version: number };
  };
  const invitationsOf = async (cookie: string, eventId: number) => {
    const res = await t.call('GET', `/api/v1/events/${eventId}/invitations`, { cookie });
    expect(res.statusCode, res.body).toBe(200);
    return res.json() as { items: { id: number; state: string; version: number; prospect: { id: number }; can: { checkIn: boolean; move: string[] } }[]; hidden: number };
  };

  it('shows an event to its team, its hosts and its organiser only; only managers hold events', async () => {
    t.clock.set('2026-12-01T02:00:00.000Z');
    const e = await seminar();
    expect((await t.call('GET', `/api/v1/events/${e.id}`, { cookie: le })).statusCode).toBe(200);
    expect((await t.call('GET', `/api/v1/events/${e.id}`, { cookie: far })).statusCode).toBe(404);
    expect((await t.call('GET', `/api/v1/events/${e.id}/invitations`, { cookie: far })).statusCode).toBe(404);
    expect((await t.call('PATCH', `/api/v1/events/${e.id}`, { cookie: far, body: { title: 'x', version: e.version } })).statusCode).toBe(404);
    const list = (await t.call('GET', '/api/v1/events', { cookie: far })).json();
    expect(list.items.map((i: { id: number }) => i.id)).not.toContain(e.id);
    expect(list.canCreate).toBe(false);
    // A company event (no team) is everyone's.
    const open = await seminar({ title: '年終感恩餐會', kind: 'dinner', teamId: null, hostIds: [] });
    expect((await t.call('GET', `/api/v1/events/${open.id}`, { cookie: far })).statusCode).toBe(200);
    // A salesperson sees the event but may not change it or hold one.
    expect((await t.call('PATCH', `/api/v1/events/${e.id}`, { cookie: le, body: { title: 'x', version: e.version } })).statusCode).toBe(403);
    const made = await t.call('POST', '/api/v1/events', { cookie: wei, body: { title: 'x', kind: 'other', startsAt: '2026-12-09T10:00:00+08:00', timeZone: 'Asia/Taipei' } });
    expect(made.statusCode).toBe(403);
    // Ends before it starts, an unknown zone, a script link: refused, nothing made.
    const before = await ctx.database.db.selectFrom('events').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow();
    for (const body of [{ endsAt: '2026-12-05T13:00:00+08:00' }, { timeZone: 'Mars/Olympus' }, { onlineUrl: 'javascript:alert(1)' }, { capacity: 0 }]) {
      const res = await t.call('POST', '/api/v1/events', { cookie: boss, body: { title: 'x', kind: 'seminar', startsAt: '2026-12-05T14:00:00+08:00', timeZone: 'Asia/Taipei', ...body } });
      expect(res.statusCode, JSON.stringify(body)).toBe(400);
    }
    const after = await ctx.database.db.selectFrom('events').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow();
    expect(Number(after.n)).toBe(Number(before.n));
  });

  it('invites what the inviter sees, one by one or by filter, and shows each invitation only where its invitee is seen', async () => {
    t.clock.set('2026-12-01T02:00:00.000Z');
    const e = await seminar();
    const mine = await prospect(wei, '張先生');
    const hers = await prospect(le, '李小姐', { tags: ['品鑑會'] });
    await prospect(le, '陳太太', { tags: ['品鑑會'] });
    // One prospect wei may not see refuses the whole round, and invites nobody.
    const refused = await t.call('POST', `/api/v1/events/${e.id}/invitations`, { cookie: wei, body: { prospectIds: [mine, hers] } });
    expect(refused.statusCode).toBe(404);
    expect((await invitationsOf(boss, e.id)).items).toHaveLength(0);
    const one = await t.call('POST', `/api/v1/events/${e.id}/invitations`, { cookie: wei, body: { prospectIds: [mine] } });
    expect(one.json()).toMatchObject({ invited: 1, alreadyInvited: 0 });
    const tagged = await t.call('POST', `/api/v1/events/${e.id}/invitations`, { cookie: le, body: { filter: 'tag=品鑑會' } });
    expect(tagged.json()).toMatchObject({ invited: 2, alreadyInvited: 0, truncated: false });
    const again = await t.call('POST', `/api/v1/events/${e.id}/invitations`, { cookie: le, body: { filter: 'tag=品鑑會' } });
    expect(again.json()).toMatchObject({ invited: 0, alreadyInvited: 2 });
    // The manager sees all three; wei his own and that two more exist; the invitee's page shows it.
    expect((await invitationsOf(boss, e.id)).items).toHaveLength(3);
    const weiView = await invitationsOf(wei, e.id);
    expect(weiView.items.map((i) => i.prospect.id)).toEqual([mine]);
    expect(weiView.hidden).toBe(2);
    const onProspect = await t.call('GET', `/api/v1/prospects/${hers}/invitations`, { cookie: le });
    expect(onProspect.json().items).toMatchObject([{ event: { id: e.id }, state: 'invited' }]);
    expect((await t.call('GET', `/api/v1/prospects/${hers}/invitations`, { cookie: wei })).statusCode).toBe(404);
    const inv = weiView.items[0]!;
    expect((await t.call('POST', `/api/v1/invitations/${(await invitationsOf(boss, e.id)).items.find((i) => i.prospect.id === hers)!.id}/state`, { cookie: wei, body: { state: 'accepted', version: 1 } })).statusCode).toBe(404);
    expect((await t.call('POST', `/api/v1/invitations/${inv.id}/check-in`, { cookie: far, body: { version: inv.version } })).statusCode).toBe(404);
    // The timeline keeps the invitation.
    const history = await ctx.database.db.selectFrom('prospect_history').select(['field', 'after_value']).where('prospect_id', '=', mine).where('field', '=', 'invitation').execute();
    expect(history).toHaveLength(1);
  });

  it('checks guests in at the door as touches by the colleague there, and the owner finds them on Today the next day', async () => {
    t.clock.set('2026-12-01T02:00:00.000Z');
    const e = await seminar();
    const lin = await prospect(le, '林先生');
    const invited = await t.call('POST', `/api/v1/events/${e.id}/invitations`, { cookie: le, body: { prospectIds: [lin] } });
    expect(invited.statusCode, invited.body).toBe(200);
    const [inv] = (await invitationsOf(boss, e.id)).items;
    // Four days early the door is shut.
    const early = await t.call('POST', `/api/v1/invitations/${inv!.id}/check-in`, { cookie: boss, body: { version: inv!.version } });
    expect(early.statusCode).toBe(409);
    expect(early.json().error.code).toBe('CHECK_IN_CLOSED');
    // At the seminar (15:00 Taipei) the manager checks le's guest in, on the company's behalf.
    t.clock.set('2026-12-05T07:00:00.000Z');
    const done = await t.call('POST', `/api/v1/invitations/${inv!.id}/check-in`, { cookie: boss, body: { version: inv!.version, summary: '對油電車型很有興趣' } });
    expect(done.statusCode, done.body).toBe(200);
    expect(done.json().invitation).toMatchObject({ state: 'attended', checkedInBy: { name: expect.any(String) } });
    expect(done.json().event.counts).toMatchObject({ attended: 1, invited: 0 });
    const touch = await ctx.database.db.selectFrom('touches').selectAll().where('id', '=', done.json().invitation.touchId).executeTakeFirstOrThrow();
    expect(touch).toMatchObject({ channel: 'event', summary: '對油電車型很有興趣', next_contact_on: '2026-12-06' });
    expect(Boolean(touch.on_behalf)).toBe(true);
    const row = await ctx.database.db.selectFrom('prospects').select(['next_due_on', 'touch_count']).where('id', '=', lin).executeTakeFirstOrThrow();
    expect(row).toEqual({ next_due_on: '2026-12-06', touch_count: 1 });
    // Checked in twice: one touch. A host who may not see le's prospect cannot check it in at all.
    const twice = await t.call('POST', `/api/v1/invitations/${inv!.id}/check-in`, { cookie: boss, body: { version: done.json().invitation.version } });
    expect(twice.statusCode).toBe(409);
    expect((await t.call('POST', `/api/v1/invitations/${inv!.id}/check-in`, { cookie: wei, body: {} })).statusCode).toBe(404);
    expect(await ctx.database.db.selectFrom('touches').select('id').where('prospect_id', '=', lin).execute()).toHaveLength(1);
    // The owner heard of it, and the next morning the guest is on Today, with the seminar as the last words.
    const bell = await ctx.database.db.selectFrom('notifications').select(['kind']).where('user_id', '=', leId).where('prospect_id', '=', lin).execute();
    expect(bell.map((b) => b.kind)).toContain('touch_logged');
    t.clock.set('2026-12-06T01:00:00.000Z');
    const today = await t.call('GET', '/api/v1/today', { cookie: le });
    expect(today.statusCode, today.body).toBe(200);
    const dueToday = today.json().buckets.today.items as { prospect: { id: number }; lastTouch: { channel: string; summary: string } | null }[];
    expect(dueToday.find((i) => i.prospect.id === lin)?.lastTouch).toMatchObject({ channel: 'event', summary: '對油電車型很有興趣' });
  });

  it('adds a walk-in as a new prospect from the event, collected by whoever checks in', async () => {
    t.clock.set('2026-12-05T07:30:00.000Z');
    const e = await seminar({ startsAt: '2026-12-05T14:00:00+08:00' });
    const res = await t.call('POST', `/api/v1/events/${e.id}/walk-ins`, { cookie: wei, body: { name: '路過的黃先生', company: '黃氏貿易', phones: ['+886 912 345 678'] } });
    expect(res.statusCode, res.body).toBe(201);
    const view = res.json();
    expect(view.invitation).toMatchObject({ state: 'attended', walkIn: true, prospect: { name: '路過的黃先生', owner: { id: weiId } } });
    const p = await ctx.database.db.selectFrom('prospects').select(['source', 'collected_by_id', 'owner_id', 'next_due_on']).where('id', '=', view.invitation.prospect.id).executeTakeFirstOrThrow();
    expect(p).toEqual({ source: 'event', collected_by_id: weiId, owner_id: weiId, next_due_on: '2026-12-06' });
    // le is in the team but not at the door.
    const notHost = await t.call('POST', `/api/v1/events/${e.id}/walk-ins`, { cookie: le, body: { name: '某人', phones: ['+886 912 000 111'] } });
    expect(notHost.statusCode).toBe(403);
    const bad = await t.call('POST', `/api/v1/events/${e.id}/walk-ins`, { cookie: wei, body: { name: '沒有電話' } });
    expect(bad.statusCode).toBe(400);
  });

  it('mails the invitation signed by the inviter; the guest answers through the link without signing in', async () => {
    t.clock.set('2026-12-01T02:00:00.000Z');
    const e = await seminar({ capacity: 1 });
    const zhang = await prospect(wei, '張小姐', { emails: ['zhang@example.test'] });
    const wang = await prospect(wei, '王先生', { emails: ['wang@example.test'] });
    const quiet = await prospect(wei, '不收信', { emails: ['no@example.test'], newsletterConsent: 'unsubscribed' });
    const res = await t.call('POST', `/api/v1/events/${e.id}/invitations`, { cookie: wei, body: { prospectIds: [zhang, wang, quiet], channel: 'email', message: '上次您問到的新車型會在現場' } });
    expect(res.json()).toMatchObject({ invited: 3, mailed: 2, notMailed: 1 });
    const before = inbox.received.length;
    while (await runner.runOnce());
    const sent = await Promise.all(inbox.received.slice(before).map(async (m) => ({ to: m.to, parsed: await PostalMime.parse(m.data) })));
    expect(sent.map((s) => s.to).flat().sort()).toEqual(['wang@example.test', 'zhang@example.test']);
    const toZhang = sent.find((s) => s.to.includes('zhang@example.test'))!.parsed;
    expect(toZhang.replyTo?.[0]?.address).toBe('wei@pond.test');
    expect(toZhang.text).toContain('上次您問到的新車型會在現場');
    const accept = /(http[^\s]+answer=accepted)/.exec(toZhang.text ?? '')![1]!;
    const path = new URL(accept).pathname + new URL(accept).search;
    // The page opens without a session and changes nothing; a tampered link is 404.
    const page = await t.call('GET', path);
    expect(page.statusCode).toBe(200);
    expect(page.body).toContain('新車品鑑會');
    expect((await invitationsOf(wei, e.id)).items.find((i) => i.prospect.id === zhang)!.state).toBe('invited');
    expect((await t.call('GET', path.replace(/t=(\d+)\./, (_m, id: string) => `t=${Number(id) + 1}.`))).statusCode).toBe(404);
    const yes = await t.call('POST', path, { headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: 'x=1' });
    expect(yes.statusCode, yes.body).toBe(200);
    expect((await invitationsOf(wei, e.id)).items.find((i) => i.prospect.id === zhang)!.state).toBe('accepted');
    // The one seat is taken: Wang's accept is refused, his decline is not.
    const toWang = sent.find((s) => s.to.includes('wang@example.test'))!.parsed;
    const wangAccept = /(http[^\s]+answer=accepted)/.exec(toWang.text ?? '')![1]!;
    const full = await t.call('POST', new URL(wangAccept).pathname + new URL(wangAccept).search, { headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: 'x=1' });
    expect(full.statusCode).toBe(409);
    // After the start, answers are closed.
    t.clock.set('2026-12-05T06:30:00.000Z');
    const late = await t.call('POST', path.replace('answer=accepted', 'answer=declined'), { headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: 'x=1' });
    expect(late.statusCode).toBe(409);
  });

  it('puts the events a colleague hosts or made in their calendar feed, and takes a cancelled one off', async () => {
    t.clock.set('2026-12-01T02:00:00.000Z');
    const e = await seminar({ title: '春節前保養講座' });
    const feedOf = async (cookie: string) => {
      const url = new URL((await t.call('POST', '/api/v1/reminders/feed', { cookie })).json().url as string);
      return (await t.call('GET', url.pathname)).body;
    };
    const weiFeed = await feedOf(wei);
    expect(weiFeed).toContain(`UID:event-${e.id}@`);
    expect(weiFeed).toContain('DTSTART:20261205T060000Z');
    expect(weiFeed).toContain('春節前保養講座');
    // le is in the team but neither hosts nor made it.
    expect(await feedOf(le)).not.toContain(`UID:event-${e.id}@`);
    const cancelled = await t.call('POST', `/api/v1/events/${e.id}/cancel`, { cookie: boss, body: { reason: '講師生病', version: e.version } });
    expect(cancelled.statusCode, cancelled.body).toBe(200);
    const after = await feedOf(boss);
    expect(after.slice(after.indexOf(`UID:event-${e.id}@`)).split('END:VEVENT')[0]).toContain('STATUS:CANCELLED');
  });

  it('lists the day’s events in the host’s morning mail', async () => {
    t.clock.set('2026-12-02T02:00:00.000Z');
    const e = await seminar({ title: '冬季保養講座', startsAt: '2026-12-06T14:00:00+08:00', endsAt: '2026-12-06T16:00:00+08:00' });
    expect((await t.call('PUT', '/api/v1/reminders/digest', { cookie: wei, body: { enabled: true, hour: 8, days: [1, 2, 3, 4, 5, 6, 7] } })).statusCode).toBe(200);
    // 08:10 in Taipei on the day of the event.
    t.clock.set('2026-12-06T00:10:00.000Z');
    await t.app.services.reminders.planDigests();
    const before = inbox.received.length;
    while (await runner.runOnce());
    const mails = await Promise.all(inbox.received.slice(before).filter((m) => m.to.includes('wei@pond.test')).map((m) => PostalMime.parse(m.data)));
    expect(mails).toHaveLength(1);
    expect(mails[0]!.text).toMatch(/Your events today \(1\)|今天的活動（1）/);
    expect(mails[0]!.text).toContain('冬季保養講座');
    expect(mails[0]!.text).toContain(`/events/${e.id}`);
  });

  it('closes the list after the event: accepted guests who did not come are no-shows, the unanswered have no answer', async () => {
    t.clock.set('2026-12-01T02:00:00.000Z');
    const e = await seminar();
    const a = await prospect(wei, '說會來的');
    const b = await prospect(wei, '沒回覆的');
    await t.call('POST', `/api/v1/events/${e.id}/invitations`, { cookie: wei, body: { prospectIds: [a, b] } });
    const inv = (await invitationsOf(wei, e.id)).items.find((i) => i.prospect.id === a)!;
    const accepted = await t.call('POST', `/api/v1/invitations/${inv.id}/state`, { cookie: wei, body: { state: 'accepted', version: inv.version } });
    expect(accepted.statusCode, accepted.body).toBe(200);
    const early = await t.call('POST', `/api/v1/events/${e.id}/close`, { cookie: wei, body: { version: e.version } });
    expect(early.statusCode).toBe(409);
    expect(early.json().error.code).toBe('EVENT_NOT_OVER');
    // le is in the team, but neither organises nor hosts it.
    expect((await t.call('POST', `/api/v1/events/${e.id}/close`, { cookie: le, body: { version: e.version } })).statusCode).toBe(403);
    t.clock.set('2026-12-06T02:00:00.000Z');
    const current = (await t.call('GET', `/api/v1/events/${e.id}`, { cookie: wei })).json();
    const closed = await t.call('POST', `/api/v1/events/${e.id}/close`, { cookie: wei, body: { version: current.version } });
    expect(closed.statusCode, closed.body).toBe(200);
    expect(closed.json().counts).toMatchObject({ no_show: 1, no_answer: 1, accepted: 0, invited: 0 });
    expect(closed.json().can.close).toBe(false);
  });
});
