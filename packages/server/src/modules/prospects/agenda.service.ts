import type { Executor } from '@pond/db';
import { AGENDA_BUCKETS, AppError, agendaWindow, reasonFor, todayIn, type AgendaBucket, type AgendaItemView, type AgendaSectionView, type AgendaView, type TeamAgendaView } from '@pond/domain';
import type { Actor } from '../../platform/actor.js';
import { agendaCountsQuery, agendaRowsQuery, type AgendaArgs } from './prospects.queries.js';
import type { PoolService } from '../pool/pool.service.js';
import { toLastTouch, toSummary } from './prospects.views.js';
import type { UsersRepository } from '../users/users.repository.js';
import type { Repositories } from '../../repositories.js';
import type { ProspectsRepository } from './prospects.repository.js';
import type { CoreDeps } from '../../platform/deps.js';
import type { SettingsService } from '../settings/settings.service.js';

/** 今日待辦: whom to contact today and why, for the signed-in user's own prospects. */
export class AgendaService {
  private readonly prospectsRepo: ProspectsRepository;
  private readonly users: UsersRepository;
  constructor(
    repos: Pick<Repositories, 'prospects' | 'users'>,
    private readonly deps: CoreDeps,
    private readonly pool: PoolService,
    private readonly settings: SettingsService,
  ) {
    this.prospectsRepo = repos.prospects;
    this.users = repos.users;
  }

  /**
   * A manager's team (an admin: every salesperson and manager): each member's section counts, from the same one
   * pass over their agenda index as their own Today, in their own calendar.
   */
  async team(actor: Actor): Promise<TeamAgendaView> {
    const db = this.deps.database.db;
    const members = await this.members(db, actor);
    const now = this.deps.clock.now();
    const out = await Promise.all(
      members.map(async (m) => ({ user: { id: m.id, name: m.display_name, team: m.team_name }, counts: await this.countsOf(db, m, now) })),
    );
    return { members: out };
  }

  /** A member's section counts as their own Today counts them: one pass over their agenda index, in their calendar. */
  async countsOf(db: Executor, member: { id: number; time_zone: string | null }, now: Date): Promise<TeamAgendaView['members'][number]['counts']> {
    const today = todayIn(now, member.time_zone ?? this.deps.config.defaultTimeZone);
    const window = agendaWindow(today);
    const counts = await agendaCountsQuery.first(db, { ownerId: member.id, today, thisWeekEnd: window.thisWeekEnd, nextWeekEnd: window.nextWeekEnd, limit: 0 });
    return Object.fromEntries(AGENDA_BUCKETS.map((b) => [b, Number(counts?.[b] ?? 0)])) as TeamAgendaView['members'][number]['counts'];
  }

  /** One member's Today as they see it, for their manager (read-only; a touch from it goes through the touch route). */
  async memberToday(actor: Actor, userId: number, limit: number): Promise<AgendaView> {
    const member = (await this.members(this.deps.database.db, actor)).find((m) => m.id === userId);
    if (!member) throw new AppError('NOT_FOUND');
    return this.today({ userId: member.id, displayName: member.display_name, timeZone: member.time_zone }, limit);
  }

  /** Whom the actor's team view shows: a manager's teams' active members, or (an admin) every active salesperson and manager. */
  private async members(db: Executor, actor: Actor) {
    if (actor.role !== 'manager' && actor.role !== 'admin') return [];
    return this.users.teamViewMembers(db, { userId: actor.userId, all: actor.role === 'admin' });
  }


  async today(actor: Pick<Actor, 'userId' | 'displayName' | 'timeZone'>, limit: number): Promise<AgendaView> {
    const day = this.dayOf(actor, limit, 0);
    const [policy, leaving, counts, ...sections] = await Promise.all([
      this.settings.intervalPolicy(),
      this.pool.leaving(actor, limit),
      agendaCountsQuery.first(this.deps.database.db, day.args),
      ...AGENDA_BUCKETS.map(async (bucket) => ({ bucket, rows: await agendaRowsQuery.all(this.deps.database.db, { ...day.args, bucket }) })),
    ]);
    const items = await this.itemsOf(actor, day, policy.policy, sections.flatMap((s) => s.rows));
    const buckets = {} as AgendaView['buckets'];
    for (const { bucket, rows } of sections) buckets[bucket] = { count: Number(counts?.[bucket] ?? 0), items: rows.map((r) => items.get(r.id)!) };
    return { today: day.today, timeZone: day.timeZone, buckets, leavingForPool: leaving };
  }

  /**
   * More of one section, after the rows Today already shows ("20 more"): the same order, the same reasons, and the
   * section's count read in the same pass, so a section that changed meanwhile still pages without a gap.
   */
  async section(actor: Pick<Actor, 'userId' | 'displayName' | 'timeZone'>, bucket: AgendaBucket, offset: number, limit: number): Promise<AgendaSectionView> {
    const day = this.dayOf(actor, limit, offset);
    const [policy, counts, rows] = await Promise.all([
      this.settings.intervalPolicy(),
      agendaCountsQuery.first(this.deps.database.db, day.args),
      agendaRowsQuery.all(this.deps.database.db, { ...day.args, bucket }),
    ]);
    const items = await this.itemsOf(actor, day, policy.policy, rows);
    return { count: Number(counts?.[bucket] ?? 0), items: rows.map((r) => items.get(r.id)!) };
  }

  /** The owner's calendar day and the query arguments for their sections. */
  private dayOf(actor: Pick<Actor, 'userId' | 'timeZone'>, limit: number, offset: number) {
    const timeZone = actor.timeZone ?? this.deps.config.defaultTimeZone;
    const today = todayIn(this.deps.clock.now(), timeZone);
    const window = agendaWindow(today);
    const args: AgendaArgs & { offset: number } = { ownerId: actor.userId, today, thisWeekEnd: window.thisWeekEnd, nextWeekEnd: window.nextWeekEnd, limit, offset };
    return { today, timeZone, args };
  }

  /** Each row as an agenda item: the summary, why it is on the agenda today, and what was said last time. */
  private async itemsOf(
    actor: Pick<Actor, 'userId' | 'displayName'>,
    day: { today: string; timeZone: string },
    policy: Parameters<typeof reasonFor>[1]['policy'],
    rows: Awaited<ReturnType<typeof agendaRowsQuery.all>>,
  ): Promise<Map<number, AgendaItemView>> {
    const db = this.deps.database.db;
    const ids = rows.map((r) => r.id);
    const [extras, latest] = await Promise.all([this.prospectsRepo.extras(db, ids), this.prospectsRepo.latestTouches(db, ids)]);
    const lastById = new Map(latest.map((t) => [t.prospect_id, t]));
    // Every row is the actor's own: their name is already known.
    const names = new Map([[actor.userId, actor.displayName]]);
    return new Map(
      rows.map((r) => {
        const last = lastById.get(r.id);
        return [
          r.id,
          {
            prospect: toSummary(r, extras.get(r.id), names),
            reason: reasonFor(
              { grade: r.grade, importance: r.importance, disposition: r.disposition, intervalDays: r.interval_days, nextDueOn: r.next_due_on, resumeOn: r.resume_on, lastTouchAt: r.last_touch_at, touchCount: r.touch_count },
              { today: day.today, timeZone: day.timeZone, policy },
            ),
            lastTouch: last ? toLastTouch(last) : null,
          },
        ];
      }),
    );
  }
}
