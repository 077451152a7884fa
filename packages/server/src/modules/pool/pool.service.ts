import { withTransaction, type Executor } from '@pond/db';
import {
  can,
  AppError,
  addDays,
  claimAllowance,
  claimRefusal,
  GRADES,
  idleDays,
  isRecallDue,
  localDateOf,
  recallCuts,
  recallWarning,
  startOfDayIn,
  todayIn,
  type ClaimerState,
  type Grade,
  type LeavingView,
  type PoolDetailView,
  type PoolEntryView,
  type PoolHideableField,
  type PoolInfoView,
  type PoolPageView,
  type PoolPolicy,
  type PoolPreviewView,
  type ProspectCanView,
  type RecallProspect,
  type SweepReportView,
} from '@pond/domain';
import { keysetCursor } from '../../platform/keyset-cursor.js';
import type { Actor, RequestMeta, SystemActor } from '../../platform/actor.js';
import type { AuditEntry, AuditRepository } from '../audit/audit.repository.js';
import type { UsersRepository } from '../users/users.repository.js';
import type { NotificationsRepository } from '../reminders/notifications.repository.js';
import { canFor } from '../prospects/prospects.policy.js';
import type { ProspectsService } from '../prospects/prospects.service.js';
import type { ProspectRow } from '../prospects/prospects.repository.js';
import { toSummary, toTouchView } from '../prospects/prospects.views.js';
import { type PoolRepository, type PoolFilters } from './pool.repository.js';
import type { Repositories } from '../../repositories.js';
import type { ProspectsRepository } from '../prospects/prospects.repository.js';
import type { CoreDeps } from '../../platform/deps.js';
import type { ProspectAccess } from '../prospects/prospects.access.js';
import type { SearchService } from '../search/search.service.js';
import type { SettingsService } from '../settings/settings.service.js';

/** Prospects moved per transaction by a sweep: short enough that SQLite's one writer is never held for long. */
export const SWEEP_BATCH = 500;

export interface PoolListQuery {
  q?: string;
  grade?: Grade;
  source?: string;
  tag?: string;
  minDaysInPool?: number;
  formerTeamId?: number;
  cursor?: string;
  limit: number;
}

const NOTHING: ProspectCanView = { edit: false, logTouch: false, changeDisposition: false, linkColleagues: false, changeOwner: false, archive: false, erase: false, release: false, order: false };

type Row = Pick<ProspectRow, 'owner_id' | 'grade' | 'disposition' | 'resume_on' | 'last_touch_at' | 'owned_since' | 'archived_at' | 'open_orders'>;
const recallOf = (r: Row): RecallProspect => ({
  ownerId: r.owner_id,
  grade: r.grade,
  disposition: r.disposition,
  resumeOn: r.resume_on,
  lastTouchAt: r.last_touch_at,
  ownedSince: r.owned_since,
  archivedAt: r.archived_at,
  openOrders: r.open_orders,
});

/**
 * The shared pool (公海): neglected prospects return to the team and colleagues claim them, within the admin's
 * limits. Every move keeps the prospect's whole history and is written three times in one transaction: the field
 * history ("owner"), a pool move (what the limits and coaching count) and the audit log.
 */
export class PoolService {
  private readonly notices: NotificationsRepository;
  private readonly repo: PoolRepository;
  private readonly audit: AuditRepository;
  private readonly users: UsersRepository;

  private readonly prospectsRepo: ProspectsRepository;
  constructor(
    repos: Pick<Repositories, 'audit' | 'notifications' | 'pool' | 'prospects' | 'users'>,
    private readonly deps: CoreDeps,
    private readonly access: ProspectAccess,
    private readonly prospects: ProspectsService,
    private readonly search: SearchService,
    private readonly settings: SettingsService,
  ) {
    this.notices = repos.notifications;
    this.repo = repos.pool;
    this.audit = repos.audit;
    this.users = repos.users;
    this.prospectsRepo = repos.prospects;
  }

  private get db() {
    return this.deps.database.db;
  }
  private get zone() {
    return this.deps.config.defaultTimeZone;
  }
  /** The pool's calendar: recalls, warnings and daily claim limits count days in the installation's time zone. */
  private today(): string {
    return todayIn(this.deps.clock.now(), this.zone);
  }
  policy(db: Executor = this.db) {
    return this.settings.poolPolicy(db);
  }

  private hiddenFor(actor: Actor, policy: PoolPolicy): PoolHideableField[] {
    return actor.role === 'admin' ? [] : [...policy.hiddenFields];
  }

  private async claimerState(db: Executor, actor: Actor): Promise<Pick<ClaimerState, 'owned' | 'claimedToday'>> {
    const [owned, claimedToday] = await Promise.all([this.repo.ownedLive(db, actor.userId), this.repo.claimsSince(db, actor.userId, startOfDayIn(this.today(), this.zone))]);
    return { owned, claimedToday };
  }

  private info(
    actor: Actor,
    row: Pick<ProspectRow, 'id' | 'pooled_at' | 'pooled_from_id' | 'pool_reason'>,
    ctx: { policy: PoolPolicy; state: Pick<ClaimerState, 'owned' | 'claimedToday'>; recalls: Map<number, string>; names: Map<number, string> },
  ): PoolInfoView {
    const recalled = ctx.recalls.get(row.id);
    const recalledOn = recalled ? localDateOf(recalled, this.zone) : null;
    const refusal = can.claimFromPool(actor.role) ? claimRefusal({ ...ctx.state, recalledFromClaimerOn: recalledOn }, ctx.policy, this.today()) : null;
    return {
      since: row.pooled_at,
      formerOwner: row.pooled_from_id === null ? null : { id: row.pooled_from_id, name: ctx.names.get(row.pooled_from_id) ?? '' },
      reason: row.pool_reason,
      hidden: this.hiddenFor(actor, ctx.policy),
      claim: can.claimFromPool(actor.role),
      claimRefusal: refusal,
      reclaimOn: recalledOn && refusal === 'POOL_RECLAIM_WAIT' ? addDays(recalledOn, ctx.policy.reclaimWaitDays) : null,
      assign: can.assignFromPool(actor.role),
    };
  }

  private mask<T extends { phones: string[]; emails: string[]; wechatId?: string | null; address?: string | null }>(view: T, hidden: PoolHideableField[]): T {
    const out = { ...view };
    for (const field of hidden) {
      if (field === 'phones' || field === 'emails') out[field] = [];
      else if (field in out) (out as Record<string, unknown>)[field] = null;
    }
    return out;
  }

  async list(actor: Actor, query: PoolListQuery): Promise<PoolPageView> {
    const db = this.db;
    const { policy } = await this.policy();
    const filters: PoolFilters = {
      ...(query.grade && { grade: query.grade }),
      ...(query.source && { source: query.source }),
      ...(query.tag && { tag: query.tag }),
      ...(query.formerTeamId !== undefined && { formerTeamId: query.formerTeamId }),
      ...(query.minDaysInPool !== undefined && { pooledBefore: startOfDayIn(addDays(this.today(), -query.minDaysInPool + 1), this.zone) }),
    };
    if (query.q?.trim()) filters.ids = await this.search.matchingIdsIn(actor, { kind: 'pool' }, query.q);
    const cursor = query.cursor ? keysetCursor.decode(query.cursor) : undefined;
    const after = cursor && { pooledAt: cursor.at, id: cursor.id };
    const [rows, total, state] = await Promise.all([this.repo.page(db, filters, query.limit + 1, after), this.repo.count(db, filters), this.claimerState(db, actor)]);
    const page = rows.slice(0, query.limit);
    const ids = page.map((r) => r.id);
    const [extras, names, recalls] = await Promise.all([
      this.prospectsRepo.extras(db, ids),
      this.access.userNames(db, page.map((r) => r.pooled_from_id)),
      this.repo.lastRecallsFrom(db, actor.userId, ids),
    ]);
    const hidden = this.hiddenFor(actor, policy);
    const items: PoolEntryView[] = page.map((r) => ({
      ...this.mask(toSummary(r, extras.get(r.id), names), hidden),
      pool: this.info(actor, r, { policy, state, recalls, names }),
    }));
    const last = page.at(-1);
    return {
      items,
      nextCursor: rows.length > query.limit && last ? keysetCursor.encode(last.pooled_at ?? '1970-01-01T00:00:00.000Z', last.id) : null,
      total,
      allowance: claimAllowance(state, policy),
    };
  }

  async get(actor: Actor, id: number): Promise<PoolDetailView> {
    const db = this.db;
    const row = await this.prospectsRepo.find(db, id, { kind: 'pool' });
    if (!row) throw new AppError('NOT_FOUND');
    const [{ policy }, state, recalls, touches] = await Promise.all([
      this.policy(),
      this.claimerState(db, actor),
      this.repo.lastRecallsFrom(db, actor.userId, [id]),
      this.prospectsRepo.touches(db, id, 50),
    ]);
    const reach = await this.access.reachOf(db, actor, 'in-query');
    const view = await this.prospects.present(db, actor, { row, reach });
    const names = await this.access.userNames(db, [row.pooled_from_id, ...touches.map((t) => t.user_id)]);
    const hidden = this.hiddenFor(actor, policy);
    return {
      prospect: { ...this.mask(view, hidden), can: actor.role === 'admin' ? view.can : NOTHING },
      pool: this.info(actor, row, { policy, state, recalls, names }),
      touches: touches.map((t) => toTouchView(t, names)),
      allowance: claimAllowance(state, policy),
    };
  }

  /**
   * Claims pool prospects for the actor, all or none, within the limits. Each is locked first: of two claims of
   * one prospect at once, the second finds it owned and answers 409. The claimer's own row is locked before
   * counting, so two of their claims at once cannot both pass the limits.
   */
  async claim(actor: Actor, ids: number[], meta: RequestMeta): Promise<{ claimed: number[] }> {
    if (!can.claimFromPool(actor.role)) throw new AppError('FORBIDDEN');
    const unique = [...new Set(ids)].sort((a, b) => a - b);
    return withTransaction(this.db, async (trx) => {
      await this.users.findById(trx, actor.userId);
      const { policy } = await this.policy(trx);
      const state = await this.claimerState(trx, actor);
      const recalls = await this.repo.lastRecallsFrom(trx, actor.userId, unique);
      const today = this.today();
      const at = this.deps.clock.now().toISOString();
      for (const id of unique) {
        const row = await this.repo.lockInPool(trx, id);
        if (!row || row.archived_at !== null) throw new AppError('NOT_FOUND');
        if (row.owner_id !== null) throw new AppError(await this.claimedAnswer(trx, id));
        const recalled = recalls.get(id);
        const refusal = claimRefusal({ ...state, recalledFromClaimerOn: recalled ? localDateOf(recalled, this.zone) : null }, policy, today);
        if (refusal) throw new AppError(refusal, { details: { prospectId: id, allowance: claimAllowance(state, policy) } });
        await this.takeFromPool(trx, { id, version: row.version, from: row.pooled_from_id }, actor.userId, at);
        await this.repo.recordMoves(trx, [{ prospect_id: id, kind: 'claimed', at, actor_id: actor.userId, actor_label: actor.email, from_owner_id: row.pooled_from_id, to_owner_id: actor.userId }]);
        await this.prospectsRepo.addHistory(trx, [{ prospect_id: id, at, user_id: actor.userId, field: 'owner', before: null, after: actor.userId }]);
        await this.audit.record(trx, { at, actorId: actor.userId, actorLabel: actor.email, action: 'pool.claimed', entityType: 'prospect', entityId: id, after: { owner: actor.userId }, ip: meta.ip });
        if (row.disposition !== 'dropped') state.owned += 1;
        state.claimedToday += 1;
      }
      await this.search.reindex(trx, unique);
      return { claimed: unique };
    });
  }

  /**
   * An owned prospect asked for as a pool prospect: "someone claimed it first" (409) when it was taken from the
   * pool, which every salesperson saw; otherwise it was never anyone's to claim and is answered as unseen (404).
   */
  private async claimedAnswer(db: Executor, id: number): Promise<'POOL_ALREADY_CLAIMED' | 'NOT_FOUND'> {
    return (await this.repo.wasTakenFromPool(db, id)) ? 'POOL_ALREADY_CLAIMED' : 'NOT_FOUND';
  }

  /**
   * A claim or assignment: the new owner's clock starts now and the prospect is on their Today, today being theirs
   * (due dates are in the owner's time zone): Taipei's today is not the installation's from 16:00 UTC.
   */
  private async takeFromPool(trx: Executor, row: { id: number; version: number; from: number | null }, ownerId: number, at: string) {
    const today = todayIn(new Date(at), await this.access.timeZoneOf(trx, ownerId, this.zone));
    const moved = await this.prospectsRepo.update(
      trx,
      row.id,
      { owner_id: ownerId, owned_since: at, pooled_at: null, pooled_from_id: null, pool_reason: null, explicit_next_on: today, next_due_on: today },
      at,
      row.version,
    );
    if (!moved) throw new AppError('POOL_ALREADY_CLAIMED');
  }

  /** A manager hands a pool prospect to a member of their team (an admin to anyone); limits do not bind, the audit log says so. */
  async assign(actor: Actor, id: number, userId: number, meta: RequestMeta): Promise<{ prospectId: number; ownerId: number }> {
    return withTransaction(this.db, async (trx) => {
      const reach = await this.access.reachOf(trx, actor);
      const allowed = reach.scope.kind === 'all' || (actor.role === 'manager' && reach.scope.kind === 'restricted' && reach.scope.ownerIds.includes(userId));
      if (!can.assignFromPool(actor.role)) throw new AppError('FORBIDDEN');
      const row = await this.repo.lockInPool(trx, id);
      if (!row || row.archived_at !== null) throw new AppError('NOT_FOUND');
      if (row.owner_id !== null) throw new AppError(await this.claimedAnswer(trx, id));
      if (!allowed || !(await this.users.inDirectory(trx, userId))) {
        throw new AppError('VALIDATION_FAILED', { details: [{ path: ['body', 'userId'], message: 'not a colleague you manage' }] });
      }
      const at = this.deps.clock.now().toISOString();
      await this.takeFromPool(trx, { id, version: row.version, from: row.pooled_from_id }, userId, at);
      await this.repo.recordMoves(trx, [{ prospect_id: id, kind: 'assigned', at, actor_id: actor.userId, actor_label: actor.email, from_owner_id: row.pooled_from_id, to_owner_id: userId }]);
      await this.prospectsRepo.addHistory(trx, [{ prospect_id: id, at, user_id: actor.userId, field: 'owner', before: null, after: userId }]);
      await this.audit.record(trx, { at, actorId: actor.userId, actorLabel: actor.email, action: 'pool.assigned', entityType: 'prospect', entityId: id, after: { owner: userId, limitsApplied: false }, ip: meta.ip });
      if (userId !== actor.userId) await this.notices.insert(trx, { userId, kind: 'assigned', prospectId: id, actorId: actor.userId, actorLabel: actor.displayName, data: { from: 'pool', count: 1 }, at });
      await this.search.reindex(trx, [id]);
      return { prospectId: id, ownerId: userId };
    });
  }

  /** The owner (or their manager, or an admin) hands a prospect to the pool, with a reason. */
  async release(actor: Actor, id: number, reason: string, meta: RequestMeta): Promise<{ prospectId: number }> {
    return withTransaction(this.db, async (trx) => {
      const reach = await this.access.reachOf(trx, actor, 'in-query');
      const row = await this.prospectsRepo.find(trx, id, reach.scope);
      if (!row) throw new AppError('NOT_FOUND');
      if (row.owner_id === null) throw new AppError('POOL_NOT_OWNED');
      if (!canFor(actor, reach, row).release) throw new AppError('FORBIDDEN');
      const at = this.deps.clock.now().toISOString();
      await this.toPool(trx, row, reason, at);
      await this.repo.recordMoves(trx, [{ prospect_id: id, kind: 'released', at, actor_id: actor.userId, actor_label: actor.email, from_owner_id: row.owner_id, to_owner_id: null, reason }]);
      await this.prospectsRepo.addHistory(trx, [{ prospect_id: id, at, user_id: actor.userId, field: 'owner', before: row.owner_id, after: null }]);
      await this.audit.record(trx, { at, actorId: actor.userId, actorLabel: actor.email, action: 'pool.released', entityType: 'prospect', entityId: id, before: { owner: row.owner_id }, after: { owner: null, reason }, ip: meta.ip });
      await this.search.reindex(trx, [id]);
      return { prospectId: id };
    });
  }

  private async toPool(trx: Executor, row: { id: number; owner_id: number | null; version: number }, reason: string, at: string) {
    const moved = await this.prospectsRepo.update(trx, row.id, { owner_id: null, owned_since: null, pooled_at: at, pooled_from_id: row.owner_id, pool_reason: reason }, at, row.version);
    if (!moved) throw new AppError('STALE_VERSION');
  }

  /**
   * 回收: moves every prospect due for the pool, in batches of SWEEP_BATCH, each its own transaction. Candidates
   * come from the SQL form of the rule and are checked once more under their row locks with the domain's rule,
   * so a touch logged meanwhile keeps its prospect. Run twice, it moves nothing more; cut off, it resumes where
   * the due rows still are.
   */
  async sweep(
    by: SystemActor | Actor,
    options: { dryRun?: boolean; batch?: number; signal?: AbortSignal; afterBatch?: (moved: number) => void } = {},
  ): Promise<SweepReportView> {
    const asOf = this.today();
    const { policy } = await this.policy();
    const cuts = recallCuts(policy, asOf, this.zone);
    const byGrade = Object.fromEntries(GRADES.map((g) => [g, 0])) as Record<Grade, number>;
    if (options.dryRun) {
      const counts = await this.repo.dueCounts(this.db, cuts);
      return { asOf, dryRun: true, moved: Object.values(counts).reduce((a, b) => a + b, 0), byGrade: counts };
    }
    const label = 'system' in by ? by.label : by.email;
    const actorId = 'system' in by ? null : by.userId;
    let afterId = 0;
    let moved = 0;
    for (;;) {
      options.signal?.throwIfAborted();
      const ids = await this.repo.dueIds(this.db, cuts, afterId, options.batch ?? SWEEP_BATCH);
      if (!ids.length) break;
      afterId = ids.at(-1)!;
      const done = await withTransaction(this.db, async (trx) => {
        const at = this.deps.clock.now().toISOString();
        const rows = (await this.repo.lockForRecall(trx, ids)).filter((r) => isRecallDue(recallOf(r), policy, asOf, this.zone));
        const moves = [];
        const history = [];
        const entries: AuditEntry[] = [];
        for (const r of rows) {
          const limitDays = policy.recallDays[r.grade]!;
          const idle = idleDays(recallOf(r), asOf, this.zone);
          moves.push({ prospect_id: r.id, kind: 'recalled' as const, at, actor_id: actorId, actor_label: label, from_owner_id: r.owner_id, to_owner_id: null, idle_days: idle, limit_days: limitDays });
          history.push({ prospect_id: r.id, at, user_id: actorId, field: 'owner', before: r.owner_id, after: { pool: 'recalled', by: label, idleDays: idle, limitDays } });
          entries.push({
            at,
            actorId,
            actorLabel: label,
            action: 'pool.recalled',
            entityType: 'prospect',
            entityId: r.id,
            before: { owner: r.owner_id },
            after: { owner: null, idleDays: idle, limitDays, grade: r.grade },
          });
          byGrade[r.grade] += 1;
        }
        // One statement a batch for the rows and one for their audit entries, under the locks just taken.
        if ((await this.prospectsRepo.toPool(trx, rows.map((r) => r.id), 'recalled', at)) !== rows.length) throw new AppError('STALE_VERSION');
        await this.audit.recordAll(trx, entries);
        await this.repo.recordMoves(trx, moves);
        await this.prospectsRepo.addHistory(trx, history);
        await this.search.reindex(trx, rows.map((r) => r.id));
        return rows.length;
      });
      moved += done;
      options.afterBatch?.(done);
    }
    return { asOf, dryRun: false, moved, byGrade };
  }

  /** With these rules, how many prospects would go to the pool tomorrow, by grade; nothing is saved. */
  async preview(policy: PoolPolicy): Promise<PoolPreviewView> {
    const asOf = addDays(this.today(), 1);
    const byGrade = await this.repo.dueCounts(this.db, recallCuts(policy, asOf, this.zone));
    return { asOf, total: Object.values(byGrade).reduce((a, b) => a + b, 0), byGrade };
  }

  /** The owner's prospects that leave for the pool within the warning days, for Today. */
  async leaving(actor: Pick<Actor, 'userId' | 'displayName'>, limit: number): Promise<{ count: number; items: LeavingView[] }> {
    const { policy } = await this.policy();
    const today = this.today();
    const horizon = recallCuts(policy, addDays(today, policy.warnDays), this.zone);
    const [rows, count] = await Promise.all([this.repo.dueOf(this.db, actor.userId, horizon, limit), this.repo.countDueOf(this.db, actor.userId, horizon)]);
    const extras = await this.prospectsRepo.extras(this.db, rows.map((r) => r.id));
    const names = new Map([[actor.userId, actor.displayName]]);
    const items: LeavingView[] = [];
    for (const r of rows) {
      const warning = recallWarning(recallOf(r as Row), policy, today, this.zone);
      // Already due (the sweep has not run yet today): it leaves today.
      items.push({ prospect: toSummary(r, extras.get(r.id), names), recallOn: warning?.recallOn ?? today, daysLeft: warning?.daysLeft ?? 0 });
    }
    items.sort((a, b) => (a.recallOn < b.recallOn ? -1 : a.recallOn > b.recallOn ? 1 : a.prospect.id - b.prospect.id));
    return { count, items };
  }
}
