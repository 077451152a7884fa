import type { Executor } from '@pond/db';
import { AGENDA_BUCKETS, AppError, agendaWindow, reasonFor, todayIn, type AgendaView, type TeamAgendaView } from '@pond/domain';
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

  /**
   * A manager's team (an admin: every salesperson and manager): each member's section counts, from the same one
   * pass over their agenda index as their own Today, in their own calendar.
   */
  async team(actor: Actor): Promise<TeamAgendaView> {
    const db = this.prospects.db;
    const members = await this.members(db, actor);
    const now = this.prospects.now();
    const out = await Promise.all(
      members.map(async (m) => ({ user: { id: m.id, name: m.display_name, team: m.team_name }, counts: await this.countsOf(db, m, now) })),
    );
    return { members: out };
  }

  /** A member's section counts as their own Today counts them: one pass over their agenda index, in their calendar. */
  async countsOf(db: Executor, member: { id: number; time_zone: string | null }, now: Date): Promise<TeamAgendaView['members'][number]['counts']> {
    const today = todayIn(now, member.time_zone ?? this.prospects.deps.config.defaultTimeZone);
    const window = agendaWindow(today);
    const counts = await agendaCountsQuery.first(db, { ownerId: member.id, today, thisWeekEnd: window.thisWeekEnd, nextWeekEnd: window.nextWeekEnd, limit: 0 });
    return Object.fromEntries(AGENDA_BUCKETS.map((b) => [b, Number(counts?.[b] ?? 0)])) as TeamAgendaView['members'][number]['counts'];
  }

  /** One member's Today as they see it, for their manager (read-only; a touch from it goes through the touch route). */
  async memberToday(actor: Actor, userId: number, limit: number): Promise<AgendaView> {
    const member = (await this.members(this.prospects.db, actor)).find((m) => m.id === userId);
    if (!member) throw new AppError('NOT_FOUND');
    return this.today({ userId: member.id, displayName: member.display_name, timeZone: member.time_zone }, limit);
  }

  /** Whom the actor's team view shows: a manager's teams' active members, or (an admin) every active salesperson and manager. */
  private async members(db: Executor, actor: Actor) {
    if (actor.role !== 'manager' && actor.role !== 'admin') return [];
    let q = db
      .selectFrom('users as u')
      .leftJoin('teams as t', 't.id', 'u.team_id')
      .select(['u.id', 'u.display_name', 'u.time_zone', 't.name as team_name'])
      .where('u.active', '=', true)
      .where('u.role', 'in', ['salesperson', 'manager'])
      .where('u.id', '!=', actor.userId);
    if (actor.role === 'manager') q = q.where('u.team_id', 'in', db.selectFrom('teams').select('teams.id').where('teams.manager_id', '=', actor.userId));
    return q.orderBy('t.name').orderBy('u.display_name').orderBy('u.id').execute();
  }

  async today(actor: Pick<Actor, 'userId' | 'displayName' | 'timeZone'>, limit: number): Promise<AgendaView> {
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
