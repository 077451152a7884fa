import { describeEachDialect } from '@pond/db/testing';
import { DEFAULT_POOL_POLICY, addDays, isRecallDue, recallCuts, startOfDayIn, type CalendarDate, type Disposition, type Grade, type PoolPolicy } from '@pond/domain';
import { beforeAll, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../../testing/test-app.js';
import { seededRandom as rng } from '../../testing/seeded-random.js';
import { newProspectRow } from '../prospects/prospects.service.js';
import { ProspectsRepository } from '../prospects/prospects.repository.js';
import { PoolRepository } from './pool.repository.js';

/**
 * The recall rule is written twice: as SQL comparisons (`dueBy`, which the sweep, the preview and Today's warning
 * read) and as the domain's `isRecallDue`, which the sweep applies again under its row locks. On generated rows
 * around every edge (touch instants either side of local midnight, claims, pauses ending before and after, every
 * grade including a "never" one, every disposition, archived and unowned rows) both must pick the same prospects.
 */
const ZONE = 'Asia/Taipei';
const TODAY: CalendarDate = '2026-12-02';
const GRADES: Grade[] = ['A', 'B', 'C', 'unrated'];
const DISPOSITIONS: Disposition[] = ['continue', 'pause', 'keep', 'dropped'];
const policy: PoolPolicy = { ...DEFAULT_POOL_POLICY, recallDays: { A: 30, B: 45, C: 60, unrated: null } };

describeEachDialect('pool recall: SQL and the domain rule agree', (ctx) => {
  let t: TestApp;
  const expected = new Map<number, boolean>();

  beforeAll(async () => {
    t = await createTestApp(ctx.database);
    const owner = await t.user('le@pond.test', 'salesperson');
    const repo = new ProspectsRepository();
    const random = rng(20261203);
    const pick = <T>(xs: T[]) => xs[Math.floor(random() * xs.length)]!;
    // An instant some days before today, a few minutes either side of local midnight or in the day.
    const instant = (daysBack: number) => {
      const midnight = Date.parse(startOfDayIn(addDays(TODAY, -daysBack), ZONE));
      return new Date(midnight + pick([-60_000, 0, 0, 60_000, 9 * 3_600_000])).toISOString();
    };
    for (let i = 0; i < 600; i++) {
      const grade = pick(GRADES);
      const disposition = pick(DISPOSITIONS);
      const row = newProspectRow(
        { name: `客戶${i}`, company: null, title: null, wechatId: null, address: null, source: 'other', grade, importance: 'normal', expectedClose: 'unknown', intervalDays: null, newsletterConsent: 'unknown', doNotCall: false },
        { actorId: owner, collectedById: owner, at: instant(90) },
      );
      const id = await repo.insert(ctx.database.db, row);
      // Half the rows sit on a limit's edge (the day before, of and after its cut).
      const limit = policy.recallDays[grade] ?? 45;
      const edge = () => limit + pick([-1, 0, 0, 1]);
      const daysBack = (spread: number, from: number) => (random() < 0.5 ? edge() : from + Math.floor(random() * spread));
      const lastTouchAt = random() < 0.2 ? null : instant(daysBack(40, 25));
      const ownedSince = random() < 0.1 ? null : instant(daysBack(50, 20) + pick([0, 0, 5]));
      const resumeOn = disposition === 'pause' ? addDays(TODAY, Math.floor(random() * 80) - 70) : null;
      const archivedAt = random() < 0.05 ? instant(1) : null;
      const ownerId = random() < 0.05 ? null : owner;
      const openOrders = random() < 0.1 ? 1 : 0;
      await repo.update(ctx.database.db, id, { disposition, resume_on: resumeOn, last_touch_at: lastTouchAt, owned_since: ownedSince, archived_at: archivedAt, owner_id: ownerId, open_orders: openOrders }, instant(0));
      expected.set(id, isRecallDue({ ownerId, grade, disposition, resumeOn, lastTouchAt, ownedSince, archivedAt, openOrders }, policy, TODAY, ZONE));
    }
  });

  it('finds exactly the prospects the domain says are due, and counts them alike', async () => {
    const pool = new PoolRepository();
    const cuts = recallCuts(policy, TODAY, ZONE);
    const found = new Set(await pool.dueIds(ctx.database.db, cuts, 0, 10_000));
    for (const [id, due] of expected) expect(found.has(id), `prospect ${id}`).toBe(due);
    const counts = await pool.dueCounts(ctx.database.db, cuts);
    expect(Object.values(counts).reduce((a, b) => a + b, 0)).toBe(found.size);
    // Both outcomes were generated, in good numbers.
    const due = [...expected.values()].filter(Boolean).length;
    expect(due).toBeGreaterThan(25);
    expect(expected.size - due).toBeGreaterThan(50);
  });
});
