import { withTransaction, type Executor } from '@pond/db';
import type { NotificationsRepository } from '../reminders/notifications.repository.js';
import { AppError, addDays, applyTouch, checkTouchDates, nextDueOn, outcomeOf, todayIn, type AttemptInput, type LogTouchInput, type TouchKind } from '@pond/domain';
import type { Actor, RequestMeta } from '../../platform/actor.js';
import type { AuditRepository } from '../audit/audit.repository.js';
import { allow, type Loaded } from './prospects.access.js';
import type { ProspectPatch, ProspectRow } from './prospects.repository.js';
import type { ProspectsService } from './prospects.service.js';
import { clockStateOf, toTouchView, type ProspectView, type TouchView } from './prospects.views.js';
import type { Repositories } from '../../repositories.js';
import type { ProspectsRepository } from './prospects.repository.js';
import type { CoreDeps } from '../../platform/deps.js';
import type { ProspectAccess } from './prospects.access.js';
import type { SettingsService } from '../settings/settings.service.js';

const NEXT_STAGE = { prospect: 'customer', customer: 'repeat_customer', repeat_customer: 'repeat_customer' } as const;

export interface TimelineEntry {
  type: 'touch' | 'change';
  at: string;
  touch?: TouchView;
  change?: { id: number; field: string; before: unknown; after: unknown; user: { id: number; name: string } | null };
}

export class TouchesService {
  private readonly notices: NotificationsRepository;
  private readonly audit: AuditRepository;

  private readonly prospectsRepo: ProspectsRepository;
  constructor(
    repos: Pick<Repositories, 'audit' | 'notifications' | 'prospects'>,
    private readonly deps: CoreDeps,
    private readonly access: ProspectAccess,
    private readonly prospects: ProspectsService,
    private readonly settings: SettingsService,
  ) {
    this.notices = repos.notifications;
    this.audit = repos.audit;
    this.prospectsRepo = repos.prospects;
  }

  /**
   * Logs a touch and resets the prospect's clock in the same transaction. A touch by someone other
   * than the owner is made on behalf of the company; the owner does not change.
   */
  async log(actor: Actor, prospectId: number, input: LogTouchInput, meta: RequestMeta): Promise<{ touch: TouchView; prospect: ProspectView }> {
    return withTransaction(this.deps.database.db, async (trx) => {
      const loaded = await this.access.loadVisible(trx, actor, prospectId);
      allow(loaded.can.logTouch);
      const { touch, row } = await this.logIn(trx, actor, loaded, input, meta);
      // Presented from what this request already knows: the actor's reach and the row exactly as the update wrote it.
      return { touch, prospect: await this.prospects.present(trx, actor, { row, reach: loaded.reach }) };
    });
  }

  /**
   * The touch itself, inside a transaction that already loaded (and locked) the prospect and checked the actor may
   * log it. `stage`: a sale logged as a touch moves the stage up by itself, unless the caller (an order's
   * confirmation, which counts the orders) sets it in the same transaction.
   */
  async logIn(
    trx: Executor,
    actor: Actor,
    loaded: Loaded,
    input: LogTouchInput,
    meta: RequestMeta,
    options: {
      stage?: 'from-touch' | 'set-by-caller';
      audit?: Record<string, unknown>;
      ownerZone?: string;
      /** More of the prospect the caller changes with this touch (an order's stage and open count): one update for both. */
      also?: { patch: ProspectPatch; history: { field: string; before: unknown; after: unknown }[] };
    } = {},
  ): Promise<{ touch: TouchView; touchId: number; row: ProspectRow }> {
    const repo = this.prospectsRepo;
    const prospectId = loaded.row.id;
    {
      const { row } = loaded;
      const now = this.deps.clock.now();
      const at = input.at ? new Date(input.at).toISOString() : now.toISOString();
      const ownerZone = options.ownerZone ?? (await this.access.ownerZoneOf(trx, actor, row.owner_id, this.deps.config.defaultTimeZone));
      const problem = checkTouchDates({ at, nextContactOn: input.nextContactOn ?? null }, now, actor.timeZone ?? ownerZone);
      if (problem) throw new AppError(problem);

      const earlier = row.touch_count > 0 && (await repo.hasTouchAtOrBefore(trx, prospectId, at));
      const kind: TouchKind = earlier ? 'revisit' : 'first_contact';
      const { policy } = await this.settings.intervalPolicy(trx);
      const clock = applyTouch(clockStateOf(row), { at, nextContactOn: input.nextContactOn ?? null }, { policy, timeZone: ownerZone });
      const touchRow = {
        prospect_id: prospectId,
        user_id: actor.userId,
        on_behalf: row.owner_id !== actor.userId,
        channel: input.channel,
        direction: input.direction,
        at,
        kind,
        summary: input.summary ?? null,
        feedback: input.feedback ?? null,
        receptivity: input.receptivity ?? null,
        sale_made: input.saleMade,
        relationship_kept: input.relationshipKept,
        outcome: outcomeOf(input.saleMade, input.relationshipKept),
        lessons: input.lessons ?? null,
        next_contact_on: input.nextContactOn ?? null,
        created_at: now.toISOString(),
        // What coaching reads: whose book it was in, its day in the owner's calendar, the follow-up it set.
        owner_id: row.owner_id,
        local_on: todayIn(at, ownerZone),
        due_on: clock.nextDueOn,
        has_feedback: Boolean(input.feedback?.trim()),
      };
      const touchId = await repo.insertTouch(trx, touchRow);
      if (kind === 'first_contact' && row.touch_count > 0) await repo.demoteFirstContacts(trx, prospectId, touchId);
      // The touch before this one (and this one, when it was backdated) now has a next touch.
      await repo.relinkTouches(trx, prospectId);

      const patch: ProspectPatch = {
        touch_count: row.touch_count + 1,
        last_touch_at: clock.lastTouchAt,
        explicit_next_on: clock.explicitNextOn,
        next_due_on: clock.nextDueOn,
      };
      const history = [];
      if (input.saleMade && row.stage !== 'repeat_customer' && options.stage !== 'set-by-caller') {
        patch.stage = NEXT_STAGE[row.stage];
        history.push({ prospect_id: prospectId, at: now.toISOString(), user_id: actor.userId, field: 'stage', before: row.stage, after: patch.stage });
      }
      if (options.also) {
        Object.assign(patch, options.also.patch);
        for (const h of options.also.history) history.push({ prospect_id: prospectId, at: now.toISOString(), user_id: actor.userId, ...h });
      }
      // The clock fields are derived, not edited, so an open edit form is not made stale by a touch.
      const bump = patch.stage !== undefined;
      await repo.update(trx, prospectId, patch, now.toISOString(), undefined, bump);
      await repo.addHistory(trx, history);
      await this.audit.record(trx, {
        at: now.toISOString(),
        actorId: actor.userId,
        actorLabel: actor.email,
        action: 'touch.logged',
        entityType: 'prospect',
        entityId: prospectId,
        after: { touchId, channel: input.channel, kind, nextDueOn: clock.nextDueOn, ...options.audit },
        ip: meta.ip,
      });
      // The owner hears of a colleague's touch on their prospect (the bell), in this transaction.
      if (row.owner_id !== null && row.owner_id !== actor.userId) {
        await this.notices.insert(trx, { userId: row.owner_id, kind: 'touch_logged', prospectId, actorId: actor.userId, actorLabel: actor.displayName, data: { channel: input.channel }, at: now.toISOString() });
      }
      // The row as patched (exactly what the update wrote) and the touch as inserted, instead of reading them back.
      const after = { ...row, ...patch, updated_at: now.toISOString(), version: bump ? row.version + 1 : row.version };
      const touch = toTouchView({ ...touchRow, id: touchId, user_name: actor.displayName }, new Map());
      return { touch, touchId, row: after };
    }
  }

  /**
   * A try that did not reach the person (no answer, busy, a message left): kept on the timeline as an `attempt`, with
   * the retry as the next contact. The clock's last touch, the touch count and the first-contact/revisit split stay
   * as they were: only a contact that reached the person is a touch.
   */
  async attempt(actor: Actor, prospectId: number, input: AttemptInput, meta: RequestMeta): Promise<{ prospect: ProspectView }> {
    return withTransaction(this.deps.database.db, async (trx) => {
      const loaded = await this.access.loadVisible(trx, actor, prospectId);
      allow(loaded.can.logTouch);
      const { row } = loaded;
      const now = this.deps.clock.now();
      const at = now.toISOString();
      const ownerZone = await this.access.ownerZoneOf(trx, actor, row.owner_id, this.deps.config.defaultTimeZone);
      const today = todayIn(now, actor.timeZone ?? ownerZone);
      const retryOn = input.retryOn ?? addDays(today, 1);
      if (retryOn < today) throw new AppError('VALIDATION_FAILED', { details: [{ path: ['body', 'retryOn'], message: 'a retry is today or later' }] });
      const { policy } = await this.settings.intervalPolicy(trx);
      const patch: ProspectPatch = { explicit_next_on: retryOn, next_due_on: nextDueOn(clockStateOf({ ...row, explicit_next_on: retryOn }), { policy, timeZone: ownerZone }) };
      await this.prospectsRepo.update(trx, prospectId, patch, at, undefined, false);
      await this.prospectsRepo.addHistory(trx, [{ prospect_id: prospectId, at, user_id: actor.userId, field: 'attempt', before: null, after: { channel: input.channel, result: input.result, note: input.note ?? null, retryOn } }]);
      await this.audit.record(trx, { at, actorId: actor.userId, actorLabel: actor.email, action: 'touch.attempted', entityType: 'prospect', entityId: prospectId, after: { channel: input.channel, result: input.result, retryOn }, ip: meta.ip });
      return { prospect: await this.prospects.present(trx, actor, { row: { ...row, ...patch, updated_at: at }, reach: loaded.reach }) };
    });
  }

  /** Touches and field changes, newest first. */
  async timeline(actor: Actor, prospectId: number, limit: number): Promise<TimelineEntry[]> {
    const db = this.deps.database.db;
    await this.access.loadVisible(db, actor, prospectId);
    const [touches, changes] = await Promise.all([this.prospectsRepo.touches(db, prospectId, limit), this.prospectsRepo.history(db, prospectId, limit)]);
    const entries: TimelineEntry[] = [
      ...touches.map((t) => ({ type: 'touch' as const, at: t.at, touch: toTouchView(t, new Map()) })),
      ...changes.map((c) => ({
        type: 'change' as const,
        at: c.at,
        change: {
          id: c.id,
          field: c.field,
          before: c.before_value === null ? null : JSON.parse(c.before_value),
          after: c.after_value === null ? null : JSON.parse(c.after_value),
          user: c.user_id === null ? null : { id: c.user_id, name: c.user_name ?? '' },
        },
      })),
    ];
    return entries.sort((a, b) => (a.at < b.at ? 1 : a.at > b.at ? -1 : 0)).slice(0, limit);
  }
}
