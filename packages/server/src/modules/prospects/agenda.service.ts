import { AGENDA_BUCKETS, agendaWindow, reasonFor, todayIn, type AgendaView } from '@pond/domain';
import type { Actor } from '../../platform/actor.js';
import { agendaCountsQuery, agendaRowsQuery, type AgendaArgs } from './prospects.queries.js';
import type { ProspectsService } from './prospects.service.js';
import type { PoolService } from '../pool/pool.service.js';
import { toLastTouch, toSummary } from './prospects.views.js';

/** 今日待辦: whom to contact today and why, for the signed-in user's own prospects. */
export class AgendaService {
  constructor(
    private readonly prospects: ProspectsService,
    private readonly pool: PoolService,
  ) {}

  async today(actor: Actor, limit: number): Promise<AgendaView> {
    const db = this.prospects.db;
    const timeZone = actor.timeZone ?? this.prospects.deps.config.defaultTimeZone;
    const today = todayIn(this.prospects.now(), timeZone);
    const window = agendaWindow(today);
    const args: AgendaArgs = { ownerId: actor.userId, today, thisWeekEnd: window.thisWeekEnd, nextWeekEnd: window.nextWeekEnd, limit };
    const [{ policy }, leaving, counts, ...sections] = await Promise.all([
      this.prospects.settings.intervalPolicy(),
      this.pool.leaving(actor, limit),
      agendaCountsQuery.first(db, args),
      ...AGENDA_BUCKETS.map(async (bucket) => ({ bucket, rows: await agendaRowsQuery.all(db, { ...args, bucket }) })),
    ]);
    const ids = sections.flatMap((s) => s.rows.map((r) => r.id));
    const [extras, latest] = await Promise.all([this.prospects.repo.extras(db, ids), this.prospects.repo.latestTouches(db, ids)]);
    const lastById = new Map(latest.map((t) => [t.prospect_id, t]));
    // Every row is the actor's own: their name is already known.
    const names = new Map([[actor.userId, actor.displayName]]);
    const buckets = {} as AgendaView['buckets'];
    for (const { bucket, rows } of sections) {
      buckets[bucket] = {
        count: Number(counts?.[bucket] ?? 0),
        items: rows.map((r) => {
          const last = lastById.get(r.id);
          return {
            prospect: toSummary(r, extras.get(r.id), names),
            reason: reasonFor(
              { grade: r.grade, importance: r.importance, disposition: r.disposition, intervalDays: r.interval_days, nextDueOn: r.next_due_on, resumeOn: r.resume_on, lastTouchAt: r.last_touch_at, touchCount: r.touch_count },
              { today, timeZone, policy },
            ),
            lastTouch: last ? toLastTouch(last) : null,
          };
        }),
      };
    }
    return { today, timeZone, buckets, leavingForPool: leaving };
  }
}
