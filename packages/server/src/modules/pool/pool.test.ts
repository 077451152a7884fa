import { describeEachDialect } from '@pond/db/testing';
import { DEFAULT_POOL_POLICY, type PoolPolicy } from '@pond/domain';
import { beforeAll, expect, it } from 'vitest';
import { LONG_SESSIONS, person, prospect, team, type ProspectFields } from '../../testing/factories.js';
import { createTestApp, type TestApp } from '../../testing/test-app.js';

describeEachDialect('the shared pool', (ctx) => {
  let t: TestApp;
  let wei: string;
  let le: string;
  let mei: string;
  let boss: string;
  let admin: string;
  let weiId: number;
  let leId: number;
  const policy: PoolPolicy = { ...DEFAULT_POOL_POLICY, recallDays: { A: 30, B: 45, C: 60, unrated: null }, maxClaimsPerDay: 3, maxOwned: 50, reclaimWaitDays: 14 };

  beforeAll(async () => {
    t = await createTestApp(ctx.database, { POND_DEFAULT_TIME_ZONE: 'Asia/Taipei', ...LONG_SESSIONS });
    t.clock.set('2026-09-01T02:00:00.000Z');
    const showroom = await team(t, { name: 'Showroom', manager: { email: 'boss@pond.test' }, members: [{ email: 'wei@pond.test' }, { email: 'le@pond.test' }, { email: 'mei@pond.test' }] });
    [{ id: weiId, cookie: wei }, { id: leId, cookie: le }, { cookie: mei }] = showroom.members;
    boss = showroom.manager.cookie;
    ({ cookie: admin } = await person(t, 'admin', { email: 'root@pond.test' }));
    const current = (await t.call('GET', '/api/v1/settings/pool', { cookie: admin })).json();
    const saved = await t.call('PUT', '/api/v1/settings/pool', { cookie: admin, body: { policy, version: current.version } });
    expect(saved.statusCode, saved.body).toBe(200);
  });

  const at = (iso: string) => t.clock.set(iso);
  /** Moves the clock and signs everyone in again there, so sessions span each test's months. */
  const startAt = async (iso: string) => {
    at(iso);
    [wei, le, mei, boss, admin] = (await Promise.all(['wei', 'le', 'mei', 'boss', 'root'].map((n) => t.login(`${n}@pond.test`)))) as [string, string, string, string, string];
  };
  const create = (cookie: string, body: ProspectFields) => prospect(t, cookie, { phones: ['+886912345678'], ...body });
  const touch = (cookie: string, id: number) => t.call('POST', `/api/v1/prospects/${id}/touches`, { cookie, body: { channel: 'call', summary: 'called', relationshipKept: true } });
  const sweep = () => t.app.services.pool.sweep({ system: true, label: 'Pond (pool.sweep:test)', job: 'pool.sweep:test' });
  const ownerOf = async (id: number) => (await ctx.database.db.selectFrom('prospects').select('owner_id').where('id', '=', id).executeTakeFirstOrThrow()).owner_id;

  it('warns the owner on Today, recalls on the day the limit is passed, and writes history and audit as Pond', async () => {
    await startAt('2026-10-01T02:00:00.000Z');
    const p = await create(le, { name: '陳先生', grade: 'B' });
    expect((await touch(le, p.id)).statusCode).toBe(201);
    const keep = await create(le, { name: '王太太', grade: 'B' });
    const kept = await t.call('POST', `/api/v1/prospects/${keep.id}/disposition`, { cookie: le, body: { disposition: 'keep', version: keep.version } });
    expect(kept.statusCode, kept.body).toBe(200);

    // 2026-11-11 is 5 days before the 47th day (2026-11-16, in Taipei).
    await startAt('2026-11-11T02:00:00.000Z');
    const todayRes = await t.call('GET', '/api/v1/today', { cookie: le });
    expect(todayRes.statusCode, todayRes.body).toBe(200);
    const today = todayRes.json();
    expect(today.leavingForPool.items.map((i: { prospect: { id: number } }) => i.prospect.id)).toContain(p.id);
    expect(today.leavingForPool.items.find((i: { prospect: { id: number } }) => i.prospect.id === p.id)).toMatchObject({ recallOn: '2026-11-16', daysLeft: 5 });
    expect((await sweep()).moved).toBe(0);

    at('2026-11-15T12:00:00.000Z');
    expect((await sweep()).moved).toBe(0);
    at('2026-11-16T01:00:00.000Z');
    const report = await sweep();
    expect(report.moved).toBeGreaterThanOrEqual(1);
    expect(await ownerOf(p.id)).toBeNull();
    expect(await ownerOf(keep.id)).toBe(leId);
    // Run again: nothing more moves.
    expect((await sweep()).moved).toBe(0);

    const audit = await ctx.database.db.selectFrom('audit_log').selectAll().where('action', '=', 'pool.recalled').where('entity_id', '=', String(p.id)).execute();
    expect(audit).toHaveLength(1);
    expect(audit[0]).toMatchObject({ actor_id: null, actor_label: 'Pond (pool.sweep:test)' });
    expect(JSON.parse(audit[0]!.after_json!)).toMatchObject({ idleDays: 46, limitDays: 45 });
    const moves = await ctx.database.db.selectFrom('pool_moves').selectAll().where('prospect_id', '=', p.id).execute();
    expect(moves).toMatchObject([{ kind: 'recalled', from_owner_id: leId, idle_days: 46, limit_days: 45 }]);

    // Gone from Le's book and search; Le still reads it, read-only; colleagues see it only in the pool, phones hidden.
    expect((await t.call('GET', '/api/v1/prospects', { cookie: le })).json().items.map((i: { id: number }) => i.id)).not.toContain(p.id);
    const asFormer = await t.call('GET', `/api/v1/prospects/${p.id}`, { cookie: le });
    expect(asFormer.statusCode).toBe(200);
    expect(asFormer.json().prospect.can).toMatchObject({ edit: false, logTouch: false, release: false });
    expect((await touch(le, p.id)).statusCode).toBe(403);
    expect((await t.call('GET', `/api/v1/prospects/${p.id}`, { cookie: wei })).statusCode).toBe(404);
    const list = (await t.call('GET', '/api/v1/pool', { cookie: wei })).json();
    const entry = list.items.find((i: { id: number }) => i.id === p.id);
    expect(entry).toMatchObject({ phones: [], pool: { reason: 'recalled', formerOwner: { id: leId }, hidden: ['phones', 'emails', 'wechatId'], claim: true } });
    expect(list.allowance).toMatchObject({ claimsLeftToday: 3, claimsPerDay: 3 });
    const byAdmin = (await t.call('GET', `/api/v1/pool/${p.id}`, { cookie: admin })).json();
    expect(byAdmin.prospect.phones).toEqual(['+886912345678']);
    expect(byAdmin.touches).toHaveLength(1);

    // The former owner waits out the reclaim period.
    const early = await t.call('POST', `/api/v1/pool/${p.id}/claim`, { cookie: le });
    expect(early.statusCode).toBe(409);
    expect(early.json().error.code).toBe('POOL_RECLAIM_WAIT');

    // A colleague claims it and sees the whole history; it is on their Today.
    const claimed = await t.call('POST', `/api/v1/pool/${p.id}/claim`, { cookie: wei });
    expect(claimed.statusCode, claimed.body).toBe(200);
    const mine = (await t.call('GET', `/api/v1/prospects/${p.id}`, { cookie: wei })).json();
    expect(mine.prospect).toMatchObject({ owner: { id: weiId }, nextDueOn: '2026-11-16', phones: ['+886912345678'] });
    expect(mine.touches).toHaveLength(1);
    expect((await t.call('GET', `/api/v1/prospects/${p.id}`, { cookie: le })).statusCode).toBe(404);
    const history = (await t.call('GET', `/api/v1/prospects/${p.id}/timeline`, { cookie: wei }));
    expect(history.statusCode).toBe(200);
  });

  it('lets exactly one of many simultaneous claims win; the others get 409', async () => {
    await startAt('2026-11-20T02:00:00.000Z');
    const p = await create(mei, { name: '搶手客' });
    expect((await t.call('POST', `/api/v1/prospects/${p.id}/release`, { cookie: mei, body: { reason: '換區域' } })).statusCode).toBe(200);
    const claimers = await Promise.all(Array.from({ length: 6 }, () => person(t, 'salesperson')));
    const answers = await Promise.all(claimers.map((c) => t.call('POST', `/api/v1/pool/${p.id}/claim`, { cookie: c.cookie })));
    const codes = answers.map((a) => a.statusCode).sort();
    expect(codes.filter((c) => c === 200)).toHaveLength(1);
    expect(codes.filter((c) => c === 409)).toHaveLength(5);
    for (const a of answers.filter((x) => x.statusCode === 409)) expect(a.json().error.code).toBe('POOL_ALREADY_CLAIMED');
    const winner = claimers[answers.findIndex((a) => a.statusCode === 200)]!;
    expect(await ownerOf(p.id)).toBe(winner.id);
    const claims = await ctx.database.db.selectFrom('pool_moves').select('id').where('prospect_id', '=', p.id).where('kind', '=', 'claimed').execute();
    expect(claims).toHaveLength(1);
  });

  it('holds one claimer to the daily limit even when their claims arrive at once', async () => {
    await startAt('2026-11-21T02:00:00.000Z');
    const ids = [];
    for (let i = 0; i < 6; i++) {
      const p = await create(mei, { name: `待認領 ${i}` });
      await t.call('POST', `/api/v1/prospects/${p.id}/release`, { cookie: mei, body: { reason: 'too many' } });
      ids.push(p.id);
    }
    const answers = await Promise.all(ids.map((id) => t.call('POST', `/api/v1/pool/${id}/claim`, { cookie: boss })));
    expect(answers.filter((a) => a.statusCode === 200)).toHaveLength(3);
    for (const a of answers.filter((x) => x.statusCode !== 200)) expect(a.json().error.code).toBe('POOL_DAILY_LIMIT');
    // A manager's assignment is not bound by the limits, and is audited.
    const left = [];
    for (const id of ids) if ((await ownerOf(id)) === null) left.push(id);
    const assigned = await t.call('POST', `/api/v1/pool/${left[0]}/assign`, { cookie: boss, body: { userId: leId } });
    expect(assigned.statusCode, assigned.body).toBe(200);
    expect(await ownerOf(left[0]!)).toBe(leId);
    // Not to someone outside the team.
    const { id: outsider } = await person(t, 'salesperson', { signIn: false });
    expect((await t.call('POST', `/api/v1/pool/${left[1]}/assign`, { cookie: boss, body: { userId: outsider } })).statusCode).toBe(400);
    expect((await t.call('POST', `/api/v1/pool/${left[1]}/assign`, { cookie: wei, body: { userId: weiId } })).statusCode).toBe(403);
  });

  it('resumes a sweep cut off between batches and moves each prospect once', async () => {
    await startAt('2026-06-01T02:00:00.000Z');
    const ids = [];
    for (let i = 0; i < 7; i++) ids.push((await create(mei, { name: `久未聯絡 ${i}`, grade: 'A' })).id);
    at('2026-07-15T02:00:00.000Z');
    const abort = new AbortController();
    const first = t.app.services.pool.sweep({ system: true, label: 'Pond (pool.sweep:2026-07-15)', job: 'pool.sweep:2026-07-15' }, { batch: 3, signal: abort.signal, afterBatch: () => abort.abort() });
    await expect(first).rejects.toThrow();
    const movedSoFar = (await Promise.all(ids.map(ownerOf))).filter((o) => o === null).length;
    expect(movedSoFar).toBe(3);
    const rest = await t.app.services.pool.sweep({ system: true, label: 'Pond (pool.sweep:2026-07-15)', job: 'pool.sweep:2026-07-15' }, { batch: 3 });
    expect(rest.moved).toBeGreaterThanOrEqual(4);
    expect((await Promise.all(ids.map(ownerOf))).every((o) => o === null)).toBe(true);
    const moves = await ctx.database.db.selectFrom('pool_moves').select('prospect_id').where('prospect_id', 'in', ids).execute();
    expect(moves).toHaveLength(ids.length);
  });

  it('previews a change of rules without saving it, and refuses bad rules with a clear error', async () => {
    await startAt('2026-11-25T02:00:00.000Z');
    const strict = { ...policy, recallDays: { A: 1, B: 1, C: 1, unrated: 1 } };
    const preview = await t.call('POST', '/api/v1/settings/pool/preview', { cookie: admin, body: { policy: strict } });
    expect(preview.statusCode, preview.body).toBe(200);
    expect(preview.json().asOf).toBe('2026-11-26');
    expect(preview.json().total).toBeGreaterThan(0);
    expect((await t.call('GET', '/api/v1/settings/pool', { cookie: admin })).json().policy.recallDays.A).toBe(30);
    const bad = await t.call('PUT', '/api/v1/settings/pool', { cookie: admin, body: { policy: { ...policy, warnDays: -1 }, version: 1 } });
    expect(bad.statusCode).toBe(400);
    expect((await t.call('POST', '/api/v1/settings/pool/preview', { cookie: wei, body: { policy: strict } })).statusCode).toBe(403);
  });
  it('keeps or ends the former owner’s reading as the admin chose', async () => {
    await startAt('2026-11-22T02:00:00.000Z');
    const p = await create(le, { name: '舊客戶', grade: 'C', phones: ['+886912340088'] });
    expect((await t.call('POST', `/api/v1/prospects/${p.id}/release`, { cookie: le, body: { reason: '交給同事' } })).statusCode).toBe(200);
    const read = () => t.call('GET', `/api/v1/prospects/${p.id}`, { cookie: le });
    expect((await read()).statusCode).toBe(200);

    const setReads = async (formerOwnerReads: boolean | undefined) => {
      const current = (await t.call('GET', '/api/v1/settings/pool', { cookie: admin })).json();
      const next = { ...current.policy, formerOwnerReads };
      if (formerOwnerReads === undefined) delete next.formerOwnerReads;
      const saved = await t.call('PUT', '/api/v1/settings/pool', { cookie: admin, body: { policy: next, version: current.version } });
      expect(saved.statusCode, saved.body).toBe(200);
      return saved.json().policy;
    };
    await setReads(false);
    expect((await read()).statusCode).toBe(404);
    expect((await t.call('GET', `/api/v1/prospects/${p.id}/timeline`, { cookie: le })).statusCode).toBe(404);
    // Still in the pool for them, as for anyone: hidden fields hidden.
    const entry = (await t.call('GET', '/api/v1/pool', { cookie: le })).json().items.find((i: { id: number }) => i.id === p.id);
    expect(entry).toMatchObject({ phones: [], pool: { formerOwner: { id: leId } } });

    // A policy saved without the rule (as before it existed) reads as on.
    expect((await setReads(undefined)).formerOwnerReads).toBe(true);
    expect((await read()).statusCode).toBe(200);
    expect((await read()).json().prospect.can).toMatchObject({ edit: false, logTouch: false });
  });
  it('puts a claimed prospect on the claimer’s own today, in their time zone', async () => {
    await startAt('2026-11-20T02:00:00.000Z');
    expect((await t.call('PATCH', '/api/v1/auth/me', { cookie: mei, body: { timeZone: 'America/Los_Angeles' } })).statusCode).toBe(200);
    const p = await create(le, { name: '洛杉磯客', grade: 'B', phones: ['+886912340077'] });
    expect((await t.call('POST', `/api/v1/prospects/${p.id}/release`, { cookie: le, body: { reason: 'moving away' } })).statusCode).toBe(200);
    // 01:00 UTC on 21 November: already the 21st in Taipei (the installation's zone), still the 20th in Los Angeles.
    at('2026-11-21T01:00:00.000Z');
    const claimed = await t.call('POST', `/api/v1/pool/${p.id}/claim`, { cookie: mei });
    expect(claimed.statusCode, claimed.body).toBe(200);
    const mine = (await t.call('GET', `/api/v1/prospects/${p.id}`, { cookie: mei })).json();
    expect(mine.prospect.nextDueOn).toBe('2026-11-20');
    const today = (await t.call('GET', '/api/v1/today', { cookie: mei })).json();
    expect(today.buckets.today.items.map((i: { prospect: { id: number } }) => i.prospect.id)).toContain(p.id);
    expect(today.buckets.overdue.items.map((i: { prospect: { id: number } }) => i.prospect.id)).not.toContain(p.id);
    expect((await t.call('PATCH', '/api/v1/auth/me', { cookie: mei, body: { timeZone: null } })).statusCode).toBe(200);
  });
});
