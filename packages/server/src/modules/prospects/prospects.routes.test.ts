import { describeEachDialect } from '@pond/db/testing';
import { beforeAll, expect, it } from 'vitest';
import { LONG_SESSIONS, person, team } from '../../testing/factories.js';
import { createTestApp, type TestApp } from '../../testing/test-app.js';
import { CONSOLE } from '../../platform/actor.js';

describeEachDialect('prospects, touches and the clock', (ctx) => {
  let t: TestApp;
  let wei: string;
  let le: string;
  let boss: string;
  let admin: string;
  let weiId: number;
  let leId: number;

  beforeAll(async () => {
    // The clock moves weeks ahead in these stories; sessions must outlive it.
    t = await createTestApp(ctx.database, { POND_DEFAULT_PHONE_REGION: 'CN', ...LONG_SESSIONS });
    const showroom = await team(t, { name: 'Showroom', members: [{ timeZone: 'Asia/Taipei', phoneRegion: 'CN' }, { timeZone: 'Asia/Shanghai' }] });
    [{ id: weiId, cookie: wei }, { id: leId, cookie: le }] = showroom.members;
    boss = showroom.manager.cookie;
    ({ cookie: admin } = await person(t, 'admin', { email: 'root@pond.test' }));
  });

  const create = (cookie: string, body: object) => t.call('POST', '/api/v1/prospects', { cookie, body });

  it('quick-creates a prospect from a card with a name, one phone and a grade', async () => {
    const res = await create(wei, { name: '王先生', phones: ['138 0013 8000'], grade: 'A' });
    expect(res.statusCode).toBe(201);
    const p = res.json().prospect;
    expect(p).toMatchObject({ name: '王先生', phones: ['+8613800138000'], grade: 'A', stage: 'prospect', disposition: 'continue', touchCount: 0, nextDueOn: null, effectiveIntervalDays: 20 });
    expect(p.owner.id).toBe(weiId);
    expect(p.can).toMatchObject({ edit: true, logTouch: true, erase: false });
  });

  it('names as collector or colleague only someone from the colleague directory, refusing anyone else alike', async () => {
    const adminId = (await t.app.services.users.findByEmail('root@pond.test'))!.id;
    const { id: goneId } = await person(t, 'salesperson', { signIn: false });
    await t.app.services.users.update(CONSOLE, goneId, undefined, { active: false }, { ip: null, userAgent: null });
    const refusals = [];
    for (const who of [adminId, goneId, 999_999]) {
      const res = await create(wei, { name: '收名片', phones: ['13812340000'], grade: 'B', collectedByUserId: who });
      expect(res.statusCode).toBe(400);
      refusals.push(res.json().error.details);
    }
    // The same answer for an admin, a deactivated account and no one at all: nothing to list names with.
    expect(new Set(refusals.map((r) => JSON.stringify(r))).size).toBe(1);
    const ok = await create(wei, { name: '收名片', phones: ['13812340001'], grade: 'B', collectedByUserId: leId });
    expect(ok.statusCode).toBe(201);
    expect(ok.json().prospect.collectedBy).toMatchObject({ id: leId });
    const id = ok.json().prospect.id;
    for (const who of [adminId, goneId]) {
      expect((await t.call('POST', `/api/v1/prospects/${id}/colleagues`, { cookie: wei, body: { userId: who } })).statusCode).toBe(400);
    }
  });

  it('refuses a bad phone, a missing contact and owner/stage fields, writing nothing', async () => {
    const count = async () => Number((await ctx.database.db.selectFrom('prospects').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow()).n);
    const before = await count();
    const bad = await create(wei, { name: 'X', phones: ['12'], grade: 'B' });
    expect(bad.json().error.code).toBe('CONTACT_INVALID');
    // The field at fault and why, in the asker's language, so a form marks the phone itself.
    const worded = await t.call('POST', '/api/v1/prospects', { cookie: wei, body: { name: 'X', phones: ['138 0013 8000', '12'], grade: 'B' }, headers: { 'accept-language': 'zh-TW' } });
    expect(worded.json().error.details).toEqual([{ path: ['phones', 1], reason: 'TOO_SHORT', message: '電話號碼太短。' }]);
    expect((await create(wei, { name: 'X', grade: 'B' })).statusCode).toBe(400);
    const sneaky = await create(wei, { name: 'X', emails: ['x@example.com'], grade: 'B', ownerId: leId, stage: 'customer' });
    expect(sneaky.statusCode).toBe(400);
    expect(await count()).toBe(before);
  });

  it('counts a WeChat ID as a contact: a card with only that is kept, and the last way to reach someone cannot be removed', async () => {
    const res = await create(wei, { name: '微信客戶', wechatId: 'chen_dawen88', grade: 'unrated', source: 'card' });
    expect(res.statusCode).toBe(201);
    const p = res.json().prospect;
    expect(p).toMatchObject({ wechatId: 'chen_dawen88', phones: [], emails: [], source: 'card' });
    const edit = (body: object, version: number) => t.call('PATCH', `/api/v1/prospects/${p.id}`, { cookie: wei, body: { version, ...body } });
    const cleared = await edit({ wechatId: null }, p.version);
    expect(cleared.statusCode).toBe(400);
    expect(cleared.json().error.code).toBe('CONTACT_REQUIRED');
    const withPhone = await edit({ phones: ['138 0013 8111'] }, p.version);
    expect(withPhone.statusCode).toBe(200);
    expect((await edit({ wechatId: null }, withPhone.json().prospect.version)).statusCode).toBe(200);
  });

  it('logs touches that reset the clock: first contact, then revisits at the interval', async () => {
    const p = (await create(wei, { name: '李小姐', emails: ['li@example.com'], grade: 'A', source: 'walk_in' })).json().prospect;
    t.clock.set('2026-11-26T11:00:00.000Z'); // 19:00 in Taipei
    const first = await t.call('POST', `/api/v1/prospects/${p.id}/touches`, {
      cookie: wei,
      body: { channel: 'call', summary: 'Evening call', feedback: 'Comparing three sedans', receptivity: 'welcomed', relationshipKept: true },
    });
    expect(first.statusCode, first.body).toBe(201);
    expect(first.json().touch).toMatchObject({ kind: 'first_contact', outcome: 'success', onBehalfOfCompany: false });
    expect(first.json().prospect).toMatchObject({ touchCount: 1, nextDueOn: '2026-12-16' });

    t.clock.set('2026-12-16T02:00:00.000Z');
    const second = await t.call('POST', `/api/v1/prospects/${p.id}/touches`, { cookie: wei, body: { channel: 'call', relationshipKept: true, nextContactOn: '2026-12-20' } });
    expect(second.json().touch.kind).toBe('revisit');
    expect(second.json().prospect.nextDueOn).toBe('2026-12-20');

    const future = await t.call('POST', `/api/v1/prospects/${p.id}/touches`, { cookie: wei, body: { channel: 'call', relationshipKept: true, at: '2027-01-01T00:00:00.000Z' } });
    expect(future.json().error.code).toBe('TOUCH_IN_FUTURE');

    const sale = await t.call('POST', `/api/v1/prospects/${p.id}/touches`, { cookie: wei, body: { channel: 'visit', relationshipKept: true, saleMade: true } });
    expect(sale.json().touch.outcome).toBe('complete');
    expect(sale.json().prospect.stage).toBe('customer');
    // The record a touch answers with is the one stored, version and stage included.
    for (const logged of [first, second, sale]) expect(logged.json().prospect.id).toBe(p.id);
    const stored = (await t.call('GET', `/api/v1/prospects/${p.id}`, { cookie: wei })).json().prospect;
    expect(sale.json().prospect).toEqual(stored);
  });

  it('needs a version to edit: 428 without, 412 with the current record when stale, history kept', async () => {
    const p = (await create(wei, { name: '張先生', phones: ['13900139000'], grade: 'B' })).json().prospect;
    expect((await t.call('PATCH', `/api/v1/prospects/${p.id}`, { cookie: wei, body: { grade: 'A' } })).statusCode).toBe(428);
    const ok = await t.call('PATCH', `/api/v1/prospects/${p.id}`, { cookie: wei, body: { grade: 'A', version: p.version } });
    expect(ok.json().prospect).toMatchObject({ grade: 'A', version: p.version + 1 });
    const stale = await t.call('PATCH', `/api/v1/prospects/${p.id}`, { cookie: wei, body: { grade: 'C', version: p.version } });
    expect(stale.statusCode).toBe(412);
    expect(stale.json().error.details.current).toMatchObject({ grade: 'A' });
    const owner = await t.call('PATCH', `/api/v1/prospects/${p.id}`, { cookie: wei, body: { version: p.version + 1, ownerId: leId } });
    expect(owner.statusCode).toBe(400);
    const timeline = (await t.call('GET', `/api/v1/prospects/${p.id}/timeline`, { cookie: wei })).json().items;
    expect(timeline.some((e: { change?: { field: string; before: unknown; after: unknown } }) => e.change?.field === 'grade' && e.change.before === 'B' && e.change.after === 'A')).toBe(true);
  });

  it('pauses until a resume date, keeps on the long cycle, and drops with a reason', async () => {
    t.clock.set('2026-11-26T08:00:00.000Z');
    const p = (await create(wei, { name: '陳太太', phones: ['13700137000'], grade: 'C' })).json().prospect;
    await t.call('POST', `/api/v1/prospects/${p.id}/touches`, { cookie: wei, body: { channel: 'visit', relationshipKept: true } });
    const paused = await t.call('POST', `/api/v1/prospects/${p.id}/disposition`, { cookie: wei, body: { disposition: 'pause', resumeOn: '2027-03-01', version: p.version } });
    expect(paused.json().prospect).toMatchObject({ disposition: 'pause', nextDueOn: '2027-03-01' });
    const v = paused.json().prospect.version;
    const kept = await t.call('POST', `/api/v1/prospects/${p.id}/disposition`, { cookie: wei, body: { disposition: 'keep', version: v } });
    expect(kept.json().prospect).toMatchObject({ disposition: 'keep', nextDueOn: '2027-02-14', effectiveIntervalDays: 80 });
    const noReason = await t.call('POST', `/api/v1/prospects/${p.id}/disposition`, { cookie: wei, body: { disposition: 'dropped', version: v + 1 } });
    expect(noReason.statusCode).toBe(400);
    const dropped = await t.call('POST', `/api/v1/prospects/${p.id}/disposition`, { cookie: wei, body: { disposition: 'dropped', reason: 'Moved abroad', version: v + 1 } });
    expect(dropped.json().prospect).toMatchObject({ disposition: 'dropped', droppedReason: 'Moved abroad', nextDueOn: null });
  });

  it('puts prospects into the agenda sections of the user’s own today', async () => {
    t.clock.set('2026-11-26T08:00:00.000Z'); // Thursday
    const overdue = (await create(le, { name: '過期', phones: ['13600136000'], grade: 'B' })).json().prospect;
    await t.call('POST', `/api/v1/prospects/${overdue.id}/touches`, { cookie: le, body: { channel: 'call', relationshipKept: true, at: '2026-10-01T02:00:00.000Z' } });
    const once = (await create(le, { name: '一次', phones: ['13500135000'], grade: 'A', intervalDays: 60 })).json().prospect;
    await t.call('POST', `/api/v1/prospects/${once.id}/touches`, { cookie: le, body: { channel: 'visit', relationshipKept: true } });
    await create(le, { name: '沒日期', phones: ['13400134000'], grade: 'C' });
    const agenda = (await t.call('GET', '/api/v1/today', { cookie: le })).json();
    expect(agenda).toMatchObject({ today: '2026-11-26', timeZone: 'Asia/Shanghai' });
    expect(agenda.buckets.overdue.items.map((i: { prospect: { name: string } }) => i.prospect.name)).toEqual(['過期']);
    expect(agenda.buckets.overdue.items[0].reason).toMatchObject({ bucket: 'overdue', daysUntilDue: -16, intervalDays: 40 });
    expect(agenda.buckets.touched_once.items.map((i: { prospect: { name: string } }) => i.prospect.name)).toEqual(['一次']);
    expect(agenda.buckets.no_next_date.count).toBe(1);
    const counts = (a: { buckets: Record<string, { count: number }> }) => Object.fromEntries(Object.entries(a.buckets).map(([k, v]) => [k, v.count]));
    expect(counts(agenda)).toEqual({ overdue: 1, today: 0, this_week: 0, next_week: 0, touched_once: 1, no_next_date: 1 });
    // A shorter page shows fewer rows; the counts still cover the whole section.
    await create(le, { name: '也沒日期', phones: ['13400134001'], grade: 'B' });
    const short = (await t.call('GET', '/api/v1/today?limit=1', { cookie: le })).json();
    expect(short.buckets.no_next_date.items).toHaveLength(1);
    expect(short.buckets.no_next_date.items[0].prospect.name).toBe('也沒日期'); // grade B before C
    expect(counts(short)).toEqual({ overdue: 1, today: 0, this_week: 0, next_week: 0, touched_once: 1, no_next_date: 2 });
    // "More" in one section: the rows after the ones shown, in the same order, with the section's count.
    const more = await t.call('GET', '/api/v1/today/sections/no_next_date?offset=1&limit=5', { cookie: le });
    expect(more.statusCode).toBe(200);
    expect(more.json()).toMatchObject({ count: 2, items: [{ prospect: { name: '沒日期' }, reason: { bucket: 'no_next_date' } }] });
    expect((await t.call('GET', '/api/v1/today/sections/no_next_date?offset=2', { cookie: le })).json()).toMatchObject({ count: 2, items: [] });
    // Only the signed-in user's own sections: another's prospects never appear, and a made-up section is refused.
    expect((await t.call('GET', '/api/v1/today/sections/no_next_date', { cookie: wei })).json().items.map((i: { prospect: { name: string } }) => i.prospect.name)).not.toContain('沒日期');
    expect((await t.call('GET', '/api/v1/today/sections/someday', { cookie: le })).statusCode).toBe(400);
    expect((await t.call('GET', '/api/v1/today/sections/overdue?offset=-1', { cookie: le })).statusCode).toBe(400);
    // The list's due filter is the same section as Today's (过期 was touched once too, but is overdue).
    for (const [bucket, count] of Object.entries(counts(short))) {
      const list = (await t.call('GET', `/api/v1/prospects?due=${bucket}&limit=50`, { cookie: le })).json();
      expect([bucket, list.items.length]).toEqual([bucket, count]);
    }
    const onceList = (await t.call('GET', '/api/v1/prospects?due=touched_once', { cookie: le })).json();
    expect(onceList.items.map((p: { name: string }) => p.name)).toEqual(['一次']);
    // Xiao Wei's agenda holds none of Xiao Le's prospects.
    const weiAgenda = (await t.call('GET', '/api/v1/today', { cookie: wei })).json();
    const names = Object.values(weiAgenda.buckets).flatMap((b) => (b as { items: { prospect: { name: string } }[] }).items.map((i) => i.prospect.name));
    expect(names).not.toContain('過期');
  });

  it('hides a colleague’s prospect everywhere until linked; a linked colleague logs on behalf of the company', async () => {
    const p = (await create(wei, { name: '黃董', phones: ['+86 133 0013 3000'], grade: 'A', tags: ['VIP'] })).json().prospect;
    expect((await t.call('GET', `/api/v1/prospects/${p.id}`, { cookie: le })).statusCode).toBe(404);
    expect((await t.call('GET', `/api/v1/prospects/${p.id}/timeline`, { cookie: le })).statusCode).toBe(404);
    expect((await t.call('POST', `/api/v1/prospects/${p.id}/touches`, { cookie: le, body: { channel: 'call', relationshipKept: true } })).statusCode).toBe(404);
    const list = (await t.call('GET', '/api/v1/prospects?tag=VIP', { cookie: le })).json();
    expect(list.items).toHaveLength(0);
    const lookup = (await t.call('GET', '/api/v1/prospects/lookup?phone=13300133000', { cookie: le })).json();
    expect(lookup).toEqual({ matches: [], elsewhere: true });
    const ownLookup = (await t.call('GET', '/api/v1/prospects/lookup?phone=133-0013-3000', { cookie: wei })).json();
    expect(ownLookup.matches[0]).toMatchObject({ id: p.id, mine: true });

    expect((await t.call('POST', `/api/v1/prospects/${p.id}/colleagues`, { cookie: wei, body: { userId: leId } })).statusCode).toBe(200);
    const seen = await t.call('GET', `/api/v1/prospects/${p.id}`, { cookie: le });
    expect(seen.json().prospect.can).toMatchObject({ edit: false, logTouch: true });
    const touch = await t.call('POST', `/api/v1/prospects/${p.id}/touches`, { cookie: le, body: { channel: 'event', relationshipKept: true } });
    expect(touch.json().touch.onBehalfOfCompany).toBe(true);
    expect(touch.json().prospect.owner.id).toBe(weiId);
    const edit = await t.call('PATCH', `/api/v1/prospects/${p.id}`, { cookie: le, body: { grade: 'B', version: touch.json().prospect.version } });
    expect(edit.statusCode).toBe(403);
  });

  it('counts the board’s columns over everything the list holds under its filters, not the loaded page', async () => {
    const total = async (cookie: string, query: string) => {
      let n = 0;
      let cursor: string | null = null;
      do {
        const page: { items: unknown[]; nextCursor: string | null } = (await t.call('GET', `/api/v1/prospects?${query}&limit=2${cursor ? `&cursor=${cursor}` : ''}`, { cookie })).json();
        n += page.items.length;
        cursor = page.nextCursor;
      } while (cursor);
      return n;
    };
    for (let i = 0; i < 5; i++) await create(le, { name: `看板${i}`, phones: [`1391111000${i}`], grade: i < 3 ? 'A' : 'C', tags: ['board'] });
    for (const [cookie, by] of [[le, 'grade'], [le, 'disposition'], [wei, 'grade'], [boss, 'grade']] as const) {
      const res = await t.call('GET', `/api/v1/prospects/counts?by=${by}`, { cookie });
      expect(res.statusCode).toBe(200);
      const { counts } = res.json();
      for (const [value, n] of Object.entries(counts)) expect([by, value, n]).toEqual([by, value, await total(cookie, `${by}=${value}`)]);
    }
    const tagged = (await t.call('GET', '/api/v1/prospects/counts?by=grade&tag=board', { cookie: le })).json();
    expect(tagged.counts).toEqual({ A: 3, B: 0, C: 2, unrated: 0 });
    // Another salesperson's cards are not theirs to count.
    expect((await t.call('GET', '/api/v1/prospects/counts?by=grade&tag=board', { cookie: wei })).json().counts).toEqual({ A: 0, B: 0, C: 0, unrated: 0 });
    expect((await t.call('GET', '/api/v1/prospects/counts?by=owner', { cookie: le })).statusCode).toBe(400);
    expect((await t.call('GET', '/api/v1/prospects/counts', { cookie: le })).statusCode).toBe(400);
  });

  it('pages the list by keyset in any sort order without repeats', async () => {
    for (let i = 0; i < 7; i++) await create(boss, { name: `分頁${i}`, phones: [`1380000000${i}`], grade: (['A', 'B', 'C'] as const)[i % 3] });
    const seen: string[] = [];
    let cursor: string | null = null;
    do {
      const url: string = `/api/v1/prospects?sort=grade&order=desc&limit=3${cursor ? `&cursor=${cursor}` : ''}`;
      const page = (await t.call('GET', url, { cookie: boss })).json();
      seen.push(...page.items.map((p: { name: string }) => p.name));
      cursor = page.nextCursor;
    } while (cursor);
    const mine = seen.filter((n) => n.startsWith('分頁'));
    expect(mine).toHaveLength(7);
    expect(new Set(seen).size).toBe(seen.length);
    expect((await t.call('GET', '/api/v1/prospects?cursor=garbage', { cookie: boss })).statusCode).toBe(400);
    // The manager sees the team's books; a filter by owner narrows them.
    const weis = (await t.call('GET', `/api/v1/prospects?ownerId=${weiId}&limit=200`, { cookie: boss })).json().items;
    expect(weis.length).toBeGreaterThan(3);
    expect(weis.every((p: { owner: { id: number } }) => p.owner.id === weiId)).toBe(true);
  });

  it('bulk changes need every id visible and editable, or nothing changes', async () => {
    const mine = (await create(le, { name: '批量一', phones: ['13200132000'], grade: 'C' })).json().prospect;
    const theirs = (await create(wei, { name: '批量二', phones: ['13100131000'], grade: 'C' })).json().prospect;
    const refused = await t.call('POST', '/api/v1/prospects/bulk', { cookie: le, body: { ids: [mine.id, theirs.id], grade: 'A' } });
    expect(refused.statusCode).toBe(404);
    expect((await t.call('GET', `/api/v1/prospects/${mine.id}`, { cookie: le })).json().prospect.grade).toBe('C');
    const ok = await t.call('POST', '/api/v1/prospects/bulk', { cookie: le, body: { ids: [mine.id], grade: 'A', addTags: ['展會'] } });
    expect(ok.json()).toEqual({ updated: 1 });
    expect((await t.call('GET', `/api/v1/prospects/${mine.id}`, { cookie: le })).json().prospect).toMatchObject({ grade: 'A', tags: ['展會'] });
    const reassign = await t.call('POST', '/api/v1/prospects/bulk', { cookie: le, body: { ids: [mine.id], ownerId: weiId } });
    expect(reassign.statusCode).toBe(403);
    const byBoss = await t.call('POST', '/api/v1/prospects/bulk', { cookie: boss, body: { ids: [mine.id], ownerId: weiId } });
    expect(byBoss.statusCode).toBe(200);
    expect((await t.call('GET', `/api/v1/prospects/${mine.id}`, { cookie: wei })).json().prospect.owner.id).toBe(weiId);
  });

  it('archives (managers) and erases every trace (admin) leaving a tombstone', async () => {
    const p = (await create(wei, { name: '私隱', phones: ['13000130000'], emails: ['privacy@example.com'], grade: 'B' })).json().prospect;
    await t.call('POST', `/api/v1/prospects/${p.id}/touches`, { cookie: wei, body: { channel: 'call', relationshipKept: true, feedback: 'secret words' } });
    expect((await t.call('POST', `/api/v1/prospects/${p.id}/archive`, { cookie: wei })).statusCode).toBe(403);
    expect((await t.call('DELETE', `/api/v1/prospects/${p.id}`, { cookie: boss })).statusCode).toBe(403);
    expect((await t.call('POST', `/api/v1/prospects/${p.id}/archive`, { cookie: boss })).json().prospect.archivedAt).not.toBeNull();
    expect((await t.call('DELETE', `/api/v1/prospects/${p.id}`, { cookie: admin })).statusCode).toBe(204);
    const { db } = ctx.database;
    for (const table of ['touches', 'prospect_contacts', 'prospect_history', 'prospect_tags'] as const) {
      const left = await db.selectFrom(table).select('prospect_id').where('prospect_id', '=', p.id).execute();
      expect(left, table).toHaveLength(0);
    }
    const audit = await db.selectFrom('audit_log').selectAll().where('entity_type', '=', 'prospect').where('entity_id', '=', String(p.id)).execute();
    expect(audit.some((a) => a.action === 'prospect.erased')).toBe(true);
    expect(JSON.stringify(audit)).not.toMatch(/私隱|privacy@|secret/);
    expect((await t.call('GET', `/api/v1/prospects/${p.id}`, { cookie: admin })).statusCode).toBe(404);
  });
});
