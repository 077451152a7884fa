import { withTransaction } from '@pond/db';
import {
  AppError,
  DISPOSITIONS,
  GRADES,
  CalendarDateSchema,
  Disposition,
  ExpectedClose,
  Grade,
  Importance,
  InstantSchema,
  Stage,
  Tag,
  agendaWindow,
  hasForbiddenCharacters,
  normalizeProspectEmail,
  todayIn,
  type AgendaBucket,
} from '@pond/domain';
import { z } from 'zod';
import type { Actor, RequestMeta } from '../../platform/actor.js';
import type { AuditRepository } from '../audit/audit.repository.js';
import type { NotificationsRepository } from '../reminders/notifications.repository.js';
import { allow } from './prospects.access.js';
import { canFor } from './prospects.policy.js';
import { LIST_SORTS, type CountBy, type ListArgs, type ListSort, type ProspectScope } from './prospects.queries.js';
import type { ProspectsService } from './prospects.service.js';
import { toRef, toSummary, type ContactLookupView, type ProspectSummaryView, type ProspectView } from './prospects.views.js';
import type { UsersRepository } from '../users/users.repository.js';
import type { Repositories } from '../../repositories.js';
import type { ProspectsRepository } from './prospects.repository.js';
import type { CoreDeps } from '../../platform/deps.js';
import type { ProspectAccess } from './prospects.access.js';
import type { SearchIndex } from './search-index.js';

/** What narrows the list (and an export); a page of the list adds its sort and cursor. */
export interface ListFilterValues {
  grade?: string[];
  importance?: string[];
  expectedClose?: string[];
  disposition?: string[];
  stage?: string[];
  ownerId?: number[];
  pool?: boolean;
  tag?: string;
  touchedOnce?: boolean;
  due?: AgendaBucket;
  q?: string;
  archived?: boolean;
}

export interface ListFilters extends ListFilterValues {
  sort: ListSort;
  order: 'asc' | 'desc';
  cursor?: string;
  limit: number;
}

const CursorText = z.string().max(500).refine((s) => !hasForbiddenCharacters(s));
/**
 * What a cursor's sort value may be, per sort: exactly the type of its column (or null where the column may be
 * empty), so a crafted cursor is a 400 and never reaches the database as a value it cannot compare.
 */
const CURSOR_VALUES: Record<ListSort, z.ZodType<string | number | null>> = {
  name: CursorText,
  grade: Grade,
  importance: Importance,
  expectedClose: ExpectedClose,
  disposition: Disposition,
  stage: Stage,
  nextDueOn: CalendarDateSchema.nullable(),
  lastTouchAt: InstantSchema.nullable(),
  touchCount: z.number().int().nonnegative().max(2 ** 31 - 1),
  createdAt: InstantSchema,
};
const cursorOf = (sort: ListSort) => z.tuple([CURSOR_VALUES[sort], z.number().int().positive().max(2 ** 53 - 1)]);

export const BulkInput = z.strictObject({
  ids: z.array(z.number().int().positive()).min(1).max(500),
  grade: Grade.optional(),
  intervalDays: z.number().int().min(1).max(365).nullable().optional(),
  addTags: z.array(Tag).max(30).optional(),
  removeTags: z.array(Tag).max(30).optional(),
  ownerId: z.number().int().positive().optional(),
});
export type BulkInput = z.infer<typeof BulkInput>;

/** The book as a whole: lists, lookups by contact, bulk changes and colleague links. */
export class BookService {
  private readonly notices: NotificationsRepository;
  private readonly audit: AuditRepository;

  private readonly prospectsRepo: ProspectsRepository;
  private readonly users: UsersRepository;
  constructor(
    repos: Pick<Repositories, 'audit' | 'notifications' | 'prospects' | 'users'>,
    private readonly deps: CoreDeps,
    private readonly access: ProspectAccess,
    private readonly prospects: ProspectsService,
    private readonly search: SearchIndex,
  ) {
    this.notices = repos.notifications;
    this.audit = repos.audit;
    this.prospectsRepo = repos.prospects;
    this.users = repos.users;
  }

  async list(actor: Actor, f: ListFilters): Promise<{ items: ProspectSummaryView[]; nextCursor: string | null }> {
    const db = this.deps.database.db;
    const reach = await this.prospects.reach(actor);
    let after: ListArgs['after'];
    if (f.cursor) {
      try {
        const [value, id] = cursorOf(f.sort).parse(JSON.parse(Buffer.from(f.cursor, 'base64url').toString('utf8')));
        after = { value, id };
      } catch {
        throw new AppError('VALIDATION_FAILED', { details: [{ path: ['query', 'cursor'], message: 'invalid cursor' }] });
      }
    }
    const rows = await this.prospectsRepo.list(db, { ...(await this.filterArgs(actor, f, reach.scope)), sort: f.sort, order: f.order, after, limit: f.limit });
    const more = rows.length > f.limit;
    const page = more ? rows.slice(0, f.limit) : rows;
    const [extras, names] = await Promise.all([this.prospectsRepo.extras(db, page.map((r) => r.id)), this.access.userNames(db, page.map((r) => r.owner_id))]);
    const last = page[page.length - 1];
    const column = LIST_SORTS[f.sort].slice(2) as keyof typeof last & string;
    const nextCursor = more && last ? Buffer.from(JSON.stringify([last[column as keyof typeof last] ?? null, last.id])).toString('base64url') : null;
    return { items: page.map((r) => toSummary(r, extras.get(r.id), names)), nextCursor };
  }

  /**
   * The board's column totals: how many of the prospects the list holds under these filters have each grade (or
   * disposition), counted in the database rather than from the rows a page happened to load.
   */
  async counts(actor: Actor, f: ListFilterValues, by: CountBy): Promise<Record<string, number>> {
    const reach = await this.prospects.reach(actor);
    const counts = await this.prospectsRepo.countsBy(this.deps.database.db, await this.filterArgs(actor, f, reach.scope), by);
    const values: readonly string[] = by === 'grade' ? GRADES : DISPOSITIONS;
    return Object.fromEntries(values.map((v) => [v, counts.get(v) ?? 0]));
  }

  /** The ids the list shows under these filters, oldest first, at most `limit` (acting on "everything listed"). */
  async idsMatching(actor: Actor, f: ListFilterValues, limit: number): Promise<number[]> {
    const db = this.deps.database.db;
    const reach = await this.prospects.reach(actor);
    const rows = await this.prospectsRepo.list(db, { ...(await this.filterArgs(actor, f, reach.scope)), sort: 'createdAt', order: 'asc', limit });
    return rows.map((r) => r.id);
  }

  /**
   * The list's filters as query arguments within the actor's scope: the due section in the actor's calendar,
   * the free text as the search's verified matches. The list and the export both read through this.
   */
  async filterArgs(actor: Actor, f: ListFilterValues, scope: ProspectScope): Promise<Omit<ListArgs, 'sort' | 'order' | 'after' | 'limit'>> {
    const today = todayIn(this.deps.clock.now(), actor.timeZone ?? this.deps.config.defaultTimeZone);
    const w = agendaWindow(today);
    return {
      scope,
      grade: f.grade,
      importance: f.importance,
      expectedClose: f.expectedClose,
      disposition: f.disposition,
      stage: f.stage,
      ownerIds: f.ownerId,
      pool: f.pool,
      tag: f.tag,
      touchedOnce: f.touchedOnce,
      due: f.due ? { bucket: f.due, today, thisWeekEnd: w.thisWeekEnd, nextWeekEnd: w.nextWeekEnd } : undefined,
      idsIn: f.q?.trim() ? await this.search.matchingIds(actor, f.q) : undefined,
      archived: f.archived,
    };
  }

  /**
   * "Is this contact already in Pond?" while typing. Matches the actor may see come with a link;
   * others only say that the contact exists, with no detail at all.
   */
  async lookup(actor: Actor, query: { phone?: string; email?: string }): Promise<ContactLookupView> {
    const db = this.deps.database.db;
    let kind: 'phone' | 'email';
    let value: string;
    if (query.phone) {
      kind = 'phone';
      try {
        [value] = this.prospects.normalizePhones([query.phone], actor) as [string];
      } catch {
        return { matches: [], elsewhere: false };
      }
    } else if (query.email) {
      const r = normalizeProspectEmail(query.email);
      if (!r.ok) return { matches: [], elsewhere: false };
      kind = 'email';
      value = r.value;
    } else {
      throw new AppError('VALIDATION_FAILED', { details: [{ path: ['query'], message: 'phone or email' }] });
    }
    const found = await this.prospectsRepo.findByContact(db, kind, value);
    if (!found.length) return { matches: [], elsewhere: false };
    const reach = await this.prospects.reach(actor);
    const visible = await this.prospectsRepo.visibleIds(db, found.map((f) => f.id), reach.scope);
    const visibleIds = new Set(visible.map((v) => v.id));
    const names = await this.access.userNames(db, visible.map((v) => v.owner_id));
    return {
      matches: visible.map((v) => toRef(v, names, actor.userId)),
      elsewhere: found.some((f) => !visibleIds.has(f.id)),
    };
  }

  /** One change to many prospects; every id must be visible and editable, or nothing changes. */
  async bulk(actor: Actor, input: BulkInput, meta: RequestMeta): Promise<{ updated: number }> {
    const db = this.deps.database.db;
    const ids = [...new Set(input.ids)];
    return withTransaction(db, async (trx) => {
      const reach = await this.prospects.reach(actor, trx);
      const rows = await this.prospectsRepo.visibleIds(trx, ids, reach.scope);
      if (rows.length !== ids.length) throw new AppError('NOT_FOUND');
      for (const row of rows) {
        const can = canFor(actor, reach, row);
        allow(can.edit);
        if (input.ownerId !== undefined) allow(can.changeOwner);
      }
      if (input.ownerId !== undefined) {
        const owner = await this.users.findById(trx, input.ownerId);
        const inReach = reach.scope.kind === 'all' || (reach.scope.kind === 'restricted' && reach.scope.ownerIds.includes(input.ownerId));
        if (!owner || !owner.active || !inReach) throw new AppError('VALIDATION_FAILED', { details: [{ path: ['body', 'ownerId'], message: 'not a colleague you manage' }] });
      }
      const at = this.deps.clock.now().toISOString();
      const history: Parameters<ProspectsService['repo']['addHistory']>[1] = [];
      for (const row of rows) {
        const patch: Record<string, unknown> = {};
        if (input.grade !== undefined && input.grade !== row.grade) patch.grade = input.grade;
        if (input.intervalDays !== undefined && input.intervalDays !== row.interval_days) patch.interval_days = input.intervalDays;
        if (input.ownerId !== undefined && input.ownerId !== row.owner_id) patch.owner_id = input.ownerId;
        for (const [field, value] of Object.entries(patch)) {
          const key = field === 'interval_days' ? 'intervalDays' : field === 'owner_id' ? 'owner' : field;
          history.push({ prospect_id: row.id, at, user_id: actor.userId, field: key, before: row[field as keyof typeof row], after: value });
        }
        // A new owner's recall clock starts today.
        if ('owner_id' in patch) patch.owned_since = at;
        if ('grade' in patch || 'interval_days' in patch || 'owner_id' in patch) {
          patch.next_due_on = await this.prospects.recomputeDue(trx, { ...row, ...patch } as typeof row);
        }
        if (Object.keys(patch).length) await this.prospectsRepo.update(trx, row.id, patch, at);
      }
      await this.prospectsRepo.addTags(trx, ids, input.addTags ?? []);
      await this.prospectsRepo.removeTags(trx, ids, input.removeTags ?? []);
      if (input.addTags?.length || input.removeTags?.length || input.ownerId !== undefined) await this.search.reindex(trx, ids);
      if (input.addTags?.length || input.removeTags?.length) {
        for (const id of ids) history.push({ prospect_id: id, at, user_id: actor.userId, field: 'tags', before: { removed: input.removeTags ?? [] }, after: { added: input.addTags ?? [] } });
      }
      await this.prospectsRepo.addHistory(trx, history);
      // The new owner hears of what was handed to them: one notice for the batch, naming the prospect when it is one.
      const handed = rows.filter((r) => input.ownerId !== undefined && r.owner_id !== input.ownerId);
      if (input.ownerId !== undefined && input.ownerId !== actor.userId && handed.length > 0) {
        await this.notices.insert(trx, { userId: input.ownerId, kind: 'assigned', prospectId: handed.length === 1 ? handed[0]!.id : null, actorId: actor.userId, actorLabel: actor.displayName, data: { from: 'owner', count: handed.length }, at });
      }
      await this.audit.record(trx, { at, actorId: actor.userId, actorLabel: actor.email, action: 'prospect.bulk_updated', entityType: 'prospect', entityId: null, after: input, ip: meta.ip });
      return { updated: ids.length };
    });
  }

  async linkColleague(actor: Actor, prospectId: number, userId: number, meta: RequestMeta): Promise<ProspectView> {
    return withTransaction(this.deps.database.db, async (trx) => {
      const loaded = await this.access.loadVisible(trx, actor, prospectId);
      allow(loaded.can.linkColleagues);
      if (userId === loaded.row.owner_id || !(await this.prospects.isColleague(trx, userId))) {
        throw new AppError('VALIDATION_FAILED', { details: [{ path: ['body', 'userId'], message: 'a colleague from the directory other than the owner' }] });
      }
      const at = this.deps.clock.now().toISOString();
      if (await this.prospectsRepo.addColleague(trx, prospectId, userId, actor.userId, at)) {
        await this.search.reindex(trx, [prospectId]);
        await this.prospectsRepo.addHistory(trx, [{ prospect_id: prospectId, at, user_id: actor.userId, field: 'colleagues', before: null, after: { added: userId } }]);
        await this.audit.record(trx, { at, actorId: actor.userId, actorLabel: actor.email, action: 'prospect.colleague_linked', entityType: 'prospect', entityId: prospectId, after: { userId }, ip: meta.ip });
      }
      return this.prospects.present(trx, actor, await this.access.loadVisible(trx, actor, prospectId));
    });
  }

  async unlinkColleague(actor: Actor, prospectId: number, userId: number, meta: RequestMeta): Promise<ProspectView> {
    return withTransaction(this.deps.database.db, async (trx) => {
      const loaded = await this.access.loadVisible(trx, actor, prospectId);
      allow(loaded.can.linkColleagues);
      const at = this.deps.clock.now().toISOString();
      if (!(await this.prospectsRepo.removeColleague(trx, prospectId, userId))) throw new AppError('NOT_FOUND');
      await this.search.reindex(trx, [prospectId]);
      await this.prospectsRepo.addHistory(trx, [{ prospect_id: prospectId, at, user_id: actor.userId, field: 'colleagues', before: { removed: userId }, after: null }]);
      await this.audit.record(trx, { at, actorId: actor.userId, actorLabel: actor.email, action: 'prospect.colleague_unlinked', entityType: 'prospect', entityId: prospectId, before: { userId }, ip: meta.ip });
      return this.prospects.present(trx, actor, await this.access.loadVisible(trx, actor, prospectId));
    });
  }
}
