import { describeEachDialect } from '@pond/db/testing';
import {
  OUTCOMES,
  TOUCH_MEASURE_KEYS,
  addDays,
  onTimeRate,
  periodIn,
  todayIn,
  touchMeasures,
  weeklySeries,
  weeksOf,
  type CoachTouch,
  type TouchMeasureKey,
} from '@pond/domain';
import { beforeAll, expect, it } from 'vitest';
import { LONG_SESSIONS, person, prospect, team } from '../../testing/factories.js';
import { createTestApp, type TestApp } from '../../testing/test-app.js';
import { ProspectsRepository } from '../prospects/prospects.repository.js';

/** A small deterministic generator, so a failing history can be replayed from its seed. */
function random(seed: number) {
  let s = seed >>> 0;
  return () => {
    s = (s * 1664525 + 1013904223) >>> 0;
    return s / 2 ** 32;
  };
}

const ZONES: Record<string, string> = { s1: 'Asia/Taipei', s2: 'Asia/Shanghai', s3: 'America/Los_Angeles' };

describeEachDialect('coaching: the SQL counts what the domain defines', (ctx) => {
  let t: TestApp;
  let boss: string;
  let admin: string;
  let s1: string;
  let far: string;
  let ids: Record<'s1' | 's2' | 's3' | 'far' | 'boss', number>;
  let teamA: number;
  let teamB: number;
  const prospects: number[] = [];

  beforeAll(async () => {
    t = await createTestApp(ctx.database, { POND_DEFAULT_TIME_ZONE: 'Asia/Taipei', ...LONG_SESSIONS });
    t.clock.set('2026-11-26T02:00:00.000Z');
    const a = await team(t, {
      name: 'Coach A',
      manager: { email: 'coach-boss@pond.test' },
      members: [
        { email: 'coach-s1@pond.test', timeZone: ZONES.s1 },
        { email: 'coach-s2@pond.test', timeZone: ZONES.s2 },
        { email: 'coach-s3@pond.test', timeZone: ZONES.s3 },
      ],
    });
    const b = await team(t, { name: 'Coach B', manager: null, members: [{ email: 'coach-far@pond.test' }] });
    [teamA, teamB] = [a.id, b.id];
    const [m1, m2, m3] = a.members;
    ids = { s1: m1.id, s2: m2.id, s3: m3.id, far: b.members[0].id, boss: a.manager.id };
    [boss, s1, far] = [a.manager.cookie, m1.cookie, b.members[0].cookie];
    ({ cookie: admin } = await person(t, 'admin', { email: 'coach-root@pond.test' }));
    const cookies = { s1, s2: m2.cookie, s3: m3.cookie, far };
    for (const who of ['s1', 's1', 's1', 's2', 's2', 's2', 's3', 's3', 'far', 'far'] as const) prospects.push((await prospect(t, cookies[who], { name: `客戶 ${prospects.length + 1}` })).id);
  });

  /** A generated history, written straight into the touches table, with every column as a logged touch sets it. */
  async function generate(seed: number, count: number): Promise<CoachTouch[]> {
    const db = ctx.database.db;
    await db.deleteFrom('touches').where('prospect_id', 'in', prospects).execute();
    const rnd = random(seed);
    const pick = <T,>(xs: readonly T[]) => xs[Math.floor(rnd() * xs.length)]!;
    const sellers = [ids.s1, ids.s2, ids.s3, ids.far];
    const zoneOf = (id: number | null) => Object.entries(ids).find(([, v]) => v === id)?.[0] ?? '';
    const raw = Array.from({ length: count }, () => {
      const userId = pick(sellers);
      const ownerId = rnd() < 0.1 ? null : rnd() < 0.7 ? userId : pick(sellers);
      // Between Oct 20 and Nov 26, at any minute: many near midnight somewhere.
      const at = new Date(Date.parse('2026-10-20T00:00:00Z') + Math.floor(rnd() * 37 * 24 * 60) * 60_000).toISOString();
      const localOn = todayIn(at, ZONES[zoneOf(ownerId)] ?? 'Asia/Taipei');
      const r = rnd();
      return {
        prospect_id: pick(prospects),
        user_id: userId,
        owner_id: ownerId,
        on_behalf: ownerId !== null && ownerId !== userId,
        at,
        local_on: localOn,
        due_on: r < 0.5 ? addDays(localOn, Math.floor(rnd() * 12)) : null,
        outcome: pick(OUTCOMES),
        feedback: rnd() < 0.3 ? '他說下個月再談' : rnd() < 0.5 ? '' : null,
      };
    });
    raw.sort((a, b) => (a.at < b.at ? -1 : a.at > b.at ? 1 : 0));
    const seen = new Set<number>();
    for (const r of raw) {
      const kind = seen.has(r.prospect_id) ? 'revisit' : 'first_contact';
      seen.add(r.prospect_id);
      await db
        .insertInto('touches')
        .values({ ...r, kind, has_feedback: Boolean(r.feedback), channel: 'phone', direction: 'outbound', summary: null, receptivity: null, sale_made: false, relationship_kept: false, lessons: null, next_contact_on: r.due_on, created_at: r.at })
        .execute();
    }
    // Each touch learns its next one as a logged touch does.
    for (const id of prospects) await new ProspectsRepository().relinkTouches(db, id);
    const rows = await db.selectFrom('touches').selectAll().where('prospect_id', 'in', prospects).execute();
    return rows.map((r) => ({
      id: r.id,
      prospectId: r.prospect_id,
      userId: r.user_id,
      ownerId: r.owner_id,
      onBehalf: Boolean(r.on_behalf),
      at: new Date(r.at).toISOString(),
      localOn: String(r.local_on).slice(0, 10),
      dueOn: r.due_on === null ? null : String(r.due_on).slice(0, 10),
      kind: r.kind,
      outcome: r.outcome as CoachTouch['outcome'],
      hasFeedback: r.feedback !== null && r.feedback !== '',
    }));
  }

  const KEYS: Record<TouchMeasureKey, (m: ReturnType<typeof touchMeasures>) => number> = Object.fromEntries(
    TOUCH_MEASURE_KEYS.map((k) => [k, (m: ReturnType<typeof touchMeasures>) => (k.startsWith('outcome.') ? m.outcomes[k.slice(8) as 'pass'] : (m as unknown as Record<string, number>)[k]!)]),
  ) as never;

  it.each([
    [1, '2026-11-02', '2026-11-15'],
    [2, '2026-10-20', '2026-11-26'],
    [3, '2026-11-09', '2026-11-09'],
  ])('seed %i, %s to %s: every count, week and drill-down equals the definition', async (seed, from, to) => {
    const history = await generate(seed, 160);
    const period = periodIn(from, to, 'Asia/Taipei');
    const weeks = weeksOf(period, 'Asia/Taipei');
    const today = '2026-11-26';
    const res = await t.call('GET', `/api/v1/coaching?from=${from}&to=${to}&teamId=${teamA}`, { cookie: admin });
    expect(res.statusCode, res.body).toBe(200);
    const report = res.json();
    expect(report.weeks).toHaveLength(weeks.length);
    for (const who of ['s1', 's2', 's3'] as const) {
      const row = report.rows.find((r: { user: { id: number } }) => r.user.id === ids[who]);
      const want = touchMeasures(history, ids[who], period, today);
      const m = row.measures;
      expect({ who, ...m, outcomes: undefined, revenue: undefined, commission: undefined }).toMatchObject({
        who,
        touches: want.touches,
        firstContacts: want.firstContacts,
        revisits: want.revisits,
        prospectsTouched: want.prospectsTouched,
        touchedOnce: want.touchedOnce,
        onBehalfMade: want.onBehalfMade,
        onBehalfReceived: want.onBehalfReceived,
        withFeedback: want.withFeedback,
        followUpsDue: want.followUpsDue,
        followUpsOnTime: want.followUpsOnTime,
        followUpsLate: want.followUpsLate,
        onTimePercent: onTimeRate(want),
      });
      expect(m.outcomes).toEqual(want.outcomes);
      const series = weeklySeries(history, ids[who], period, weeks, today);
      expect(row.series.firstContacts).toEqual(series.map((w) => w.firstContacts));
      expect(row.series.revisits).toEqual(series.map((w) => w.revisits));
      // Every touch number opens the same rows it counted.
      for (const key of TOUCH_MEASURE_KEYS) {
        const drill = await t.call('GET', `/api/v1/coaching/drill?userId=${ids[who]}&measure=${key}&from=${from}&to=${to}&limit=500`, { cookie: admin });
        expect(drill.statusCode, drill.body).toBe(200);
        expect({ who, key, total: drill.json().total }).toEqual({ who, key, total: KEYS[key](want) });
        expect(drill.json().rows).toHaveLength(Math.min(500, KEYS[key](want)));
      }
    }
  });

  it('a logged touch records whose book it was in, its day in the owner calendar and the follow-up it set', async () => {
    await ctx.database.db.deleteFrom('touches').where('prospect_id', 'in', prospects).execute();
    const [late, early] = [prospects[0]!, prospects[1]!];
    // 23:59 and 00:01 in Taipei (s1's zone): the day before and the day itself.
    for (const [id, at] of [
      [late, '2026-11-24T15:59:00.000Z'],
      [early, '2026-11-24T16:01:00.000Z'],
    ] as const) {
      const res = await t.call('POST', `/api/v1/prospects/${id}/touches`, { cookie: s1, body: { channel: 'call', at, relationshipKept: true, nextContactOn: '2026-11-28' } });
      expect(res.statusCode, res.body).toBe(201);
    }
    const rows = await ctx.database.db.selectFrom('touches').select(['prospect_id', 'owner_id', 'local_on', 'due_on']).where('prospect_id', 'in', [late, early]).orderBy('prospect_id').execute();
    expect(rows.map((r) => [r.owner_id, String(r.local_on).slice(0, 10), String(r.due_on).slice(0, 10)])).toEqual([
      [ids.s1, '2026-11-24', '2026-11-28'],
      [ids.s1, '2026-11-25', '2026-11-28'],
    ]);
  });

  it('the day of each touch\'s next one stays exact after touches logged out of order and a merge', async () => {
    const rnd = random(7);
    const mine: number[] = [];
    for (let i = 0; i < 3; i++) {
      const res = await t.call('POST', '/api/v1/prospects', { cookie: s1, body: { name: `鏈結 ${i}`, grade: 'B', phones: [`+8869${30_000_000 + i}`] } });
      expect(res.statusCode, res.body).toBe(201);
      mine.push(res.json().prospect.id);
    }
    for (let i = 0; i < 12; i++) {
      // Any moment in the last five weeks: later ones and backdated ones mixed, two at once now and then.
      const at = new Date(Date.parse('2026-10-20T00:00:00Z') + Math.floor(rnd() * 36 * 24 * 60) * 60_000).toISOString();
      const batch = rnd() < 0.3 ? [at, at] : [at];
      const res = await Promise.all(batch.map((a) => t.call('POST', `/api/v1/prospects/${mine[Math.floor(rnd() * mine.length)]}/touches`, { cookie: s1, body: { channel: 'call', at: a, relationshipKept: true, ...(rnd() < 0.5 && { feedback: '價格再談' }) } })));
      for (const r of res) expect(r.statusCode, r.body).toBe(201);
    }
    const keep = (await t.call('GET', `/api/v1/prospects/${mine[0]}`, { cookie: s1 })).json().prospect;
    const merged = await t.call('POST', `/api/v1/prospects/${mine[0]}/merge`, { cookie: s1, body: { fromId: mine[1], version: keep.version } });
    expect(merged.statusCode, merged.body).toBe(200);
    const rows = await ctx.database.db.selectFrom('touches').select(['id', 'prospect_id', 'at', 'local_on', 'next_on', 'has_feedback', 'feedback']).where('prospect_id', 'in', mine).execute();
    const iso = (v: unknown) => new Date(v as string).toISOString();
    const day = (v: unknown) => (v === null ? null : String(v).slice(0, 10));
    for (const r of rows) {
      const after = rows
        .filter((n) => n.prospect_id === r.prospect_id && (iso(n.at) > iso(r.at) || (iso(n.at) === iso(r.at) && n.id > r.id)))
        .sort((a, b) => (iso(a.at) < iso(b.at) ? -1 : iso(a.at) > iso(b.at) ? 1 : a.id - b.id))[0];
      expect({ id: r.id, next: day(r.next_on) }).toEqual({ id: r.id, next: after ? day(after.local_on) : null });
      expect(Boolean(r.has_feedback)).toBe(Boolean(r.feedback));
    }
    // Leave the other tests a book without these touches.
    await ctx.database.db.deleteFrom('touches').where('prospect_id', 'in', mine).execute();
  });

  it('a manager reads their team only, a salesperson themself beside anonymous medians', async () => {
    const mine = await t.call('GET', '/api/v1/coaching?preset=last_4_weeks', { cookie: boss });
    expect(mine.statusCode, mine.body).toBe(200);
    expect(mine.json().rows.map((r: { user: { id: number } }) => r.user.id).sort()).toEqual([ids.s1, ids.s2, ids.s3].sort());
    expect(mine.json().teams).toEqual([{ id: teamA, name: 'Coach A' }]);
    expect((await t.call('GET', `/api/v1/coaching?teamId=${teamB}`, { cookie: boss })).statusCode).toBe(404);
    expect((await t.call('GET', `/api/v1/coaching/drill?userId=${ids.far}&measure=touches&from=2026-11-01&to=2026-11-26`, { cookie: boss })).statusCode).toBe(404);

    const own = await t.call('GET', '/api/v1/coaching', { cookie: s1 });
    expect(own.statusCode, own.body).toBe(200);
    expect(own.json().rows.map((r: { user: { id: number } }) => r.user.id)).toEqual([ids.s1]);
    expect(own.json().median.touches).not.toBeUndefined();
    expect(own.json().can).toEqual({ compare: false, export: false });
    expect(JSON.stringify(own.json())).not.toContain('coach-s2');
    expect((await t.call('GET', `/api/v1/coaching/drill?userId=${ids.s2}&measure=touches&from=2026-11-01&to=2026-11-26`, { cookie: s1 })).statusCode).toBe(404);
    expect((await t.call('GET', `/api/v1/coaching/drill?userId=${ids.s1}&measure=book&from=2026-11-01&to=2026-11-26`, { cookie: s1 })).statusCode).toBe(200);
    expect((await t.call('GET', '/api/v1/coaching/export', { cookie: s1 })).statusCode).toBe(403);

    const all = await t.call('GET', '/api/v1/coaching', { cookie: admin });
    expect(all.json().rows.map((r: { user: { id: number } }) => r.user.id)).toEqual(expect.arrayContaining([ids.s1, ids.far, ids.boss]));
  });

  it('exports the table as CSV in the reader language, with the flag in words', async () => {
    const res = await t.call('GET', `/api/v1/coaching/export?teamId=${teamA}&preset=this_month`, { cookie: boss, headers: { 'accept-language': 'zh-TW' } });
    expect(res.statusCode, res.body).toBe(200);
    expect(res.headers['content-type']).toContain('text/csv');
    const lines = res.body.replace(/^\uFEFF/, '').trim().split('\r\n');
    expect(lines[0]).toMatch(/^業務員,團隊,接觸,初次接觸,回訪/);
    expect(lines).toHaveLength(4);
  });

  it('flags one-shot fishing by the admin thresholds and says why', async () => {
    await ctx.database.db.deleteFrom('touches').where('prospect_id', 'in', prospects).execute();
    const policy = await t.call('GET', '/api/v1/settings/coaching', { cookie: admin });
    // Three first contacts are enough for this installation's flag.
    const put = await t.call('PUT', '/api/v1/settings/coaching', { cookie: admin, body: { version: policy.json().version, policy: { ...policy.json().policy, minFirstContacts: 3 } } });
    expect(put.statusCode, put.body).toBe(200);
    expect((await t.call('PUT', '/api/v1/settings/coaching', { cookie: boss, body: { policy: put.json().policy } })).statusCode).toBe(403);
    for (const [i, id] of prospects.slice(0, 3).entries()) {
      const res = await t.call('POST', `/api/v1/prospects/${id}/touches`, { cookie: s1, body: { channel: 'visit', at: `2026-11-2${i}T03:00:00.000Z`, relationshipKept: false } });
      expect(res.statusCode, res.body).toBe(201);
    }
    const res = await t.call('GET', `/api/v1/coaching?teamId=${teamA}`, { cookie: boss });
    const row = res.json().rows.find((r: { user: { id: number } }) => r.user.id === ids.s1);
    expect(row.flag[0]).toMatchObject({ code: 'few_revisits', firstContacts: 3, revisits: 0, revisitPercent: 0, touchedOnce: 3 });
    expect(res.json().rows.find((r: { user: { id: number } }) => r.user.id === ids.s2).flag).toEqual([]);
    await t.call('PUT', '/api/v1/settings/coaching', { cookie: admin, body: { version: put.json().version, policy: policy.json().policy } });
  });

  it('refuses a reversed or too long period with a clear error', async () => {
    const reversed = await t.call('GET', '/api/v1/coaching?from=2026-11-20&to=2026-11-01', { cookie: boss, headers: { 'accept-language': 'en' } });
    expect(reversed.statusCode).toBe(400);
    expect(reversed.json().error.code).toBe('PERIOD_REVERSED');
    const long = await t.call('GET', '/api/v1/coaching?from=2024-01-01&to=2026-11-01', { cookie: boss });
    expect(long.json().error.code).toBe('PERIOD_TOO_LONG');
    expect((await t.call('GET', '/api/v1/coaching?from=2026-02-30', { cookie: boss })).statusCode).toBe(400);
    expect((await t.call('GET', '/api/v1/coaching/drill?userId=1&measure=bogus&from=2026-11-01&to=2026-11-02', { cookie: boss })).statusCode).toBe(400);
  });
});
