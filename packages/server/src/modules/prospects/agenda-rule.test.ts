import { describeEachDialect } from '@pond/db/testing';
import { AGENDA_BUCKETS, addDays, agendaBucketOf, agendaWindow, type AgendaBucket, type CalendarDate, type Disposition, type Grade, type Importance } from '@pond/domain';
import { beforeAll, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../../testing/test-app.js';
import { seededRandom as rng } from '../../testing/seeded-random.js';
import { newProspectRow } from './prospects.service.js';
import { agendaCountsQuery, agendaRowsQuery } from './prospects.queries.js';
import { ProspectsRepository } from './prospects.repository.js';

/**
 * The agenda's sections are written twice: as SQL predicates (`inBucket`, for the index walk) and as the
 * domain's `agendaBucketOf`. On generated rows covering every case (due dates around the week's edges, no
 * date, one touch or several, pauses ending before and after today, dropped and archived), both must put
 * every prospect in the same section, on both engines.
 */
const TODAY: CalendarDate = '2026-12-02'; // a Wednesday
const GRADES: Grade[] = ['A', 'B', 'C', 'unrated'];
const IMPORTANCES: Importance[] = ['key', 'normal', 'small'];
const DISPOSITIONS: Disposition[] = ['continue', 'pause', 'keep', 'dropped'];


describeEachDialect('agenda sections: SQL and the domain rule agree', (ctx) => {
  let t: TestApp;
  let owner: number;
  const expected = new Map<number, AgendaBucket | null>();

  beforeAll(async () => {
    t = await createTestApp(ctx.database);
    owner = await t.user('wei@pond.test', 'salesperson');
    const repo = new ProspectsRepository();
    const random = rng(20261202);
    const pick = <T>(xs: T[]) => xs[Math.floor(random() * xs.length)]!;
    const at = '2026-12-01T08:00:00.000Z';
    for (let i = 0; i < 600; i++) {
      const disposition = pick(DISPOSITIONS);
      // Due dates from three weeks back to four weeks ahead (every edge of this and next week), or none.
      const nextDueOn = random() < 0.2 ? null : addDays(TODAY, Math.floor(random() * 49) - 21);
      const resumeOn = disposition === 'pause' ? addDays(TODAY, Math.floor(random() * 20) - 10) : null;
      const touchCount = pick([0, 1, 1, 2, 5]);
      const archived = random() < 0.1;
      const row = newProspectRow(
        { name: `客戶${i}`, company: null, title: null, wechatId: null, address: null, source: 'other', grade: pick(GRADES), importance: pick(IMPORTANCES), expectedClose: 'unknown', intervalDays: null, newsletterConsent: 'unknown', doNotCall: false },
        { actorId: owner, collectedById: owner, at },
      );
      const id = await repo.insert(ctx.database.db, row);
      await repo.update(ctx.database.db, id, { disposition, next_due_on: nextDueOn, resume_on: resumeOn, touch_count: touchCount, archived_at: archived ? at : null, ...(disposition === 'dropped' && { dropped_reason: 'moved away' }) }, at);
      // Archived prospects are off the agenda: the SQL reads only live rows (its index holds exactly those).
      expected.set(id, archived ? null : agendaBucketOf({ grade: row.grade, importance: row.importance, disposition, intervalDays: null, nextDueOn, resumeOn, lastTouchAt: null, touchCount }, TODAY));
    }
  });

  it('puts every generated prospect in the section the domain names, and counts them alike', async () => {
    const w = agendaWindow(TODAY);
    const args = { ownerId: owner, today: TODAY, thisWeekEnd: w.thisWeekEnd, nextWeekEnd: w.nextWeekEnd, limit: 10_000 };
    const counts = await agendaCountsQuery.first(ctx.database.db, args);
    const seen = new Map<number, AgendaBucket>();
    for (const bucket of AGENDA_BUCKETS) {
      const rows = await agendaRowsQuery.all(ctx.database.db, { ...args, bucket, offset: 0 });
      for (const r of rows) {
        expect(seen.has(r.id), `prospect ${r.id} in two sections`).toBe(false);
        seen.set(r.id, bucket);
      }
      expect(Number(counts?.[bucket]), bucket).toBe([...expected.values()].filter((b) => b === bucket).length);
    }
    for (const [id, bucket] of expected) expect(seen.get(id) ?? null, `prospect ${id}`).toBe(bucket);
    // Every section and the "not on the agenda" case were generated.
    for (const bucket of [...AGENDA_BUCKETS, null]) expect([...expected.values()]).toContain(bucket);
  });
});
