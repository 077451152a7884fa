import { withTransaction, type Executor } from '@pond/db';
import {
  AppError,
  checkDispositionDates,
  nameKey,
  nextDueOn,
  normalizePhones,
  phoneRegionOf,
  todayIn,
  type CreateProspectInput,
  type DispositionChangeInput,
  type PhoneRegion,
  type UpdateProspectInput,
} from '@pond/domain';
import type { Actor, RequestMeta } from '../../platform/actor.js';
import type { CoreDeps } from '../../platform/deps.js';
import { assertVersion } from '../../platform/versioning.js';
import type { AuditRepository } from '../audit/audit.repository.js';
import type { SearchIndex } from './search-index.js';
import type { UsersRepository } from '../users/users.repository.js';
import type { SettingsService } from '../settings/settings.service.js';
import { allow, type Loaded, type ProspectAccess } from './prospects.access.js';
import { canFor } from './prospects.policy.js';
import type { Repositories } from '../../repositories.js';
import { type ProspectsRepository, type NewProspectRow, type ProspectPatch, type ProspectRow } from './prospects.repository.js';
import { clockStateOf, toTouchView, toView, type ProspectView, type TouchView } from './prospects.views.js';

/** Fields whose every change is kept in the prospect's history, by API name → column. */
const TRACKED = {
  name: 'name',
  company: 'company',
  title: 'title',
  wechatId: 'wechat_id',
  address: 'address',
  notes: 'notes',
  source: 'source',
  grade: 'grade',
  importance: 'importance',
  expectedClose: 'expected_close',
  intervalDays: 'interval_days',
  newsletterConsent: 'newsletter_consent',
  doNotCall: 'do_not_call',
} as const satisfies Partial<Record<keyof UpdateProspectInput, keyof ProspectRow>>;

/** Changes to these fields rewrite the prospect's search terms. */
const SEARCHABLE = new Set(['name', 'company', 'title', 'wechatId', 'phones', 'emails', 'tags']);

/** A new prospect's row: the actor's, continuing, still a prospect, its clock not started. */
export function newProspectRow(
  input: Omit<CreateProspectInput, 'phones' | 'emails' | 'tags' | 'collectedByUserId'>,
  who: { actorId: number; collectedById: number; at: string },
): NewProspectRow {
  return {
    name: input.name,
    company: input.company ?? null,
    title: input.title ?? null,
    wechat_id: input.wechatId ?? null,
    address: input.address ?? null,
    notes: input.notes ?? null,
    source: input.source,
    collected_by_id: who.collectedById,
    owner_id: who.actorId,
    grade: input.grade,
    importance: input.importance,
    expected_close: input.expectedClose,
    disposition: 'continue',
    interval_days: input.intervalDays ?? null,
    newsletter_consent: input.newsletterConsent,
    do_not_call: input.doNotCall,
    stage: 'prospect',
    created_by_id: who.actorId,
    created_at: who.at,
    updated_at: who.at,
    name_key: nameKey(input.name),
  };
}

export class ProspectsService {
  private readonly repo: ProspectsRepository;
  private readonly audit: AuditRepository;
  private readonly users: UsersRepository;

  constructor(
    repos: Pick<Repositories, 'prospects' | 'audit' | 'users'>,
    private readonly deps: CoreDeps,
    private readonly access: ProspectAccess,
    private readonly settings: SettingsService,
    private readonly search: SearchIndex,
  ) {
    this.repo = repos.prospects;
    this.audit = repos.audit;
    this.users = repos.users;
  }

  get db() {
    return this.deps.database.db;
  }

  now(): Date {
    return this.deps.clock.now();
  }

  /** The phone region `actor` types numbers in: their choice, else their time zone's, else the installation's. */
  phoneRegion(actor: Pick<Actor, 'phoneRegion' | 'timeZone'>): PhoneRegion {
    return phoneRegionOf(actor, this.deps.config.defaultPhoneRegion) as PhoneRegion;
  }

  /** Normalises numbers the actor typed, read in their phone region; any bad one refuses the whole write. */
  normalizePhones(raws: string[], actor: Pick<Actor, 'phoneRegion' | 'timeZone'>): string[] {
    const { phones, issues } = normalizePhones(raws, this.phoneRegion(actor));
    if (issues.length) throw new AppError('CONTACT_INVALID', { details: issues.map((i) => ({ path: i.path, reason: i.reason })) });
    return phones.map((p) => p.e164);
  }

  /** The full record as the actor sees it, with what they may do next. */
  async present(db: Executor, actor: Actor, loaded: Pick<Loaded, 'row' | 'reach'>): Promise<ProspectView> {
    const { row, reach } = loaded;
    const [extras, { policy }] = await Promise.all([this.repo.extras(db, [row.id]), this.settings.intervalPolicy(db)]);
    const x = extras.get(row.id)!;
    // Rows loaded through the repository carry the two names; others are looked up.
    const names =
      row.owner_name !== undefined && row.collector_name !== undefined
        ? new Map<number, string>([
            ...(row.owner_id !== null ? [[row.owner_id, row.owner_name ?? '']] : []),
            ...(row.collected_by_id !== null ? [[row.collected_by_id, row.collector_name ?? '']] : []),
          ] as [number, string][])
        : await this.access.userNames(db, [row.owner_id, row.collected_by_id]);
    return toView(row, x, names, policy, canFor(actor, reach, row));
  }

  async get(actor: Actor, id: number): Promise<{ prospect: ProspectView; touches: TouchView[] }> {
    const loaded = await this.access.loadVisible(this.db, actor, id);
    const [prospect, touches] = await Promise.all([this.present(this.db, actor, loaded), this.repo.touches(this.db, id, 20)]);
    return { prospect, touches: touches.map((t) => toTouchView(t, new Map())) };
  }

  async create(actor: Actor, input: CreateProspectInput, meta: RequestMeta): Promise<ProspectView> {
    const phones = this.normalizePhones(input.phones, actor);
    if (phones.length + input.emails.length === 0 && !input.wechatId) throw new AppError('CONTACT_REQUIRED');
    return withTransaction(this.db, async (trx) => {
      const id = await this.createIn(trx, actor, input, phones, meta);
      const loaded = await this.access.loadVisible(trx, actor, id);
      return this.present(trx, actor, loaded);
    });
  }

  /**
   * A new prospect owned by the actor, inside the caller's transaction (a walk-in at an event comes with its
   * invitation): the record, its contacts and tags, its search document, the history row and the audit entry.
   * `phones` are already normalised.
   */
  async createIn(trx: Executor, actor: Actor, input: CreateProspectInput, phones: string[], meta: RequestMeta, audit: Record<string, unknown> = {}): Promise<number> {
    const collectedBy = input.collectedByUserId ?? actor.userId;
    if (collectedBy !== actor.userId && !(await this.users.inDirectory(trx, collectedBy))) {
      throw new AppError('VALIDATION_FAILED', { details: [{ path: ['body', 'collectedByUserId'], message: 'not in the colleague directory' }] });
    }
    const at = this.now().toISOString();
    const id = await this.repo.insert(trx, newProspectRow(input, { actorId: actor.userId, collectedById: collectedBy, at }));
    await this.repo.replaceContacts(trx, id, 'phone', phones);
    await this.repo.replaceContacts(trx, id, 'email', input.emails);
    await this.repo.replaceTags(trx, id, input.tags);
    await this.search.reindex(trx, [id]);
    await this.repo.addHistory(trx, [{ prospect_id: id, at, user_id: actor.userId, field: 'created', before: null, after: { owner: actor.userId, grade: input.grade } }]);
    await this.audit.record(trx, { at, actorId: actor.userId, actorLabel: actor.email, action: 'prospect.created', entityType: 'prospect', entityId: id, after: { name: input.name, grade: input.grade, ...audit }, ip: meta.ip });
    return id;
  }

  async update(actor: Actor, id: number, version: number | undefined, input: Omit<UpdateProspectInput, 'version'>, meta: RequestMeta): Promise<ProspectView> {
    const phones = input.phones && this.normalizePhones(input.phones, actor);
    return withTransaction(this.db, async (trx) => {
      const loaded = await this.access.loadVisible(trx, actor, id);
      allow(loaded.can.edit);
      const { row } = loaded;
      assertVersion(version, row.version, await this.present(trx, actor, loaded), false);
      const before = (await this.repo.extras(trx, [id])).get(id)!;
      const nextPhones = phones ?? before.phones;
      const nextEmails = input.emails ?? before.emails;
      const nextWechat = input.wechatId !== undefined ? input.wechatId : row.wechat_id;
      if (nextPhones.length + nextEmails.length === 0 && !nextWechat) throw new AppError('CONTACT_REQUIRED');

      const at = this.now().toISOString();
      const patch: ProspectPatch = {};
      const history: Parameters<ProspectsRepository['addHistory']>[1] = [];
      for (const [key, column] of Object.entries(TRACKED) as [keyof typeof TRACKED, (typeof TRACKED)[keyof typeof TRACKED]][]) {
        const value = input[key];
        if (value === undefined) continue;
        const old = column === 'do_not_call' ? Boolean(row[column]) : row[column];
        if (old === value) continue;
        (patch as Record<string, unknown>)[column] = value;
        history.push({ prospect_id: id, at, user_id: actor.userId, field: key, before: old, after: value });
      }
      // The name key follows the name in the same write.
      if (patch.name !== undefined) patch.name_key = nameKey(patch.name);
      const listChanged = (a: string[], b: string[]) => a.length !== b.length || a.some((v, i) => v !== b[i]);
      if (phones && listChanged(phones, before.phones)) {
        await this.repo.replaceContacts(trx, id, 'phone', phones);
        history.push({ prospect_id: id, at, user_id: actor.userId, field: 'phones', before: before.phones, after: phones });
      }
      if (input.emails && listChanged(input.emails, before.emails)) {
        await this.repo.replaceContacts(trx, id, 'email', input.emails);
        history.push({ prospect_id: id, at, user_id: actor.userId, field: 'emails', before: before.emails, after: input.emails });
      }
      if (input.tags && listChanged([...input.tags].sort(), before.tags)) {
        await this.repo.replaceTags(trx, id, input.tags);
        history.push({ prospect_id: id, at, user_id: actor.userId, field: 'tags', before: before.tags, after: [...input.tags].sort() });
      }
      if ('grade' in patch || 'importance' in patch || 'interval_days' in patch) {
        patch.next_due_on = await this.recomputeDue(trx, { ...row, ...patch } as ProspectRow);
      }
      if (!(await this.repo.update(trx, id, patch, at, row.version))) throw new AppError('STALE_VERSION');
      await this.repo.addHistory(trx, history);
      if (history.some((h) => SEARCHABLE.has(h.field))) await this.search.reindex(trx, [id]);
      await this.audit.record(trx, {
        at,
        actorId: actor.userId,
        actorLabel: actor.email,
        action: 'prospect.updated',
        entityType: 'prospect',
        entityId: id,
        before: Object.fromEntries(history.map((h) => [h.field, h.before])),
        after: Object.fromEntries(history.map((h) => [h.field, h.after])),
        ip: meta.ip,
      });
      return this.present(trx, actor, await this.access.loadVisible(trx, actor, id));
    });
  }

  /** Due date from the clock rules, in the owner's calendar. */
  async recomputeDue(db: Executor, row: ProspectRow): Promise<string | null> {
    const [{ policy }, timeZone] = await Promise.all([this.settings.intervalPolicy(db), this.access.timeZoneOf(db, row.owner_id, this.deps.config.defaultTimeZone)]);
    return nextDueOn(clockStateOf(row), { policy, timeZone });
  }

  async changeDisposition(actor: Actor, id: number, version: number | undefined, change: DispositionChangeInput, meta: RequestMeta): Promise<ProspectView> {
    return withTransaction(this.db, async (trx) => {
      const loaded = await this.access.loadVisible(trx, actor, id);
      allow(loaded.can.changeDisposition);
      const { row } = loaded;
      assertVersion(version, row.version, await this.present(trx, actor, loaded), false);
      const problem = checkDispositionDates(change, todayIn(this.now(), actor.timeZone ?? this.deps.config.defaultTimeZone));
      if (problem) throw new AppError(problem);
      const resumeOn = change.disposition === 'pause' ? change.resumeOn : null;
      const droppedReason = change.disposition === 'dropped' ? change.reason : null;
      const next: ProspectRow = { ...row, disposition: change.disposition, resume_on: resumeOn, dropped_reason: droppedReason, explicit_next_on: null };
      const at = this.now().toISOString();
      const patch: ProspectPatch = { disposition: change.disposition, resume_on: resumeOn, dropped_reason: droppedReason, explicit_next_on: null, next_due_on: await this.recomputeDue(trx, next) };
      if (!(await this.repo.update(trx, id, patch, at, row.version))) throw new AppError('STALE_VERSION');
      const before = { disposition: row.disposition, resumeOn: row.resume_on, reason: row.dropped_reason };
      const after = { disposition: change.disposition, resumeOn, reason: droppedReason };
      await this.repo.addHistory(trx, [{ prospect_id: id, at, user_id: actor.userId, field: 'disposition', before, after }]);
      await this.audit.record(trx, { at, actorId: actor.userId, actorLabel: actor.email, action: 'prospect.disposition_changed', entityType: 'prospect', entityId: id, before, after, ip: meta.ip });
      return this.present(trx, actor, await this.access.loadVisible(trx, actor, id));
    });
  }

  /** Managers take a prospect out of the working book; it stays, with its history, under "archived". */
  async archive(actor: Actor, id: number, meta: RequestMeta): Promise<ProspectView> {
    return withTransaction(this.db, async (trx) => {
      const loaded = await this.access.loadVisible(trx, actor, id);
      if (loaded.row.archived_at !== null) throw new AppError('ALREADY_ARCHIVED');
      allow(loaded.can.archive);
      const at = this.now().toISOString();
      if (!(await this.repo.update(trx, id, { archived_at: at }, at, loaded.row.version))) throw new AppError('STALE_VERSION');
      await this.repo.addHistory(trx, [{ prospect_id: id, at, user_id: actor.userId, field: 'archived', before: null, after: at }]);
      await this.audit.record(trx, { at, actorId: actor.userId, actorLabel: actor.email, action: 'prospect.archived', entityType: 'prospect', entityId: id, ip: meta.ip });
      return this.present(trx, actor, await this.access.loadVisible(trx, actor, id));
    });
  }

  /**
   * Erases a prospect for a privacy request (admin): the record, its touches, contacts, tags, links and
   * history all go, and its search document leaves the index pages at once. The audit log keeps a tombstone
   * that names no personal data.
   */
  async erase(actor: Actor, id: number, meta: RequestMeta): Promise<void> {
    await withTransaction(this.db, async (trx) => {
      const loaded = await this.access.loadVisible(trx, actor, id);
      allow(loaded.can.erase);
      await this.search.purge(trx, [id]);
      if (!(await this.repo.erase(trx, id))) throw new AppError('NOT_FOUND');
      await this.audit.forgetData(trx, 'prospect', id);
      await this.audit.record(trx, { at: this.now().toISOString(), actorId: actor.userId, actorLabel: actor.email, action: 'prospect.erased', entityType: 'prospect', entityId: id, ip: meta.ip });
    });
  }

  /** Whether a user may be named on a prospect (collector, colleague link): see UsersRepository.inDirectory. */
  async isColleague(db: Executor, userId: number): Promise<boolean> {
    return this.users.inDirectory(db, userId);
  }

  /** Answers 404 unless the actor may see every one of the given prospects (one set query). */
  async assertVisible(actor: Actor, ids: number[]): Promise<void> {
    const unique = [...new Set(ids)];
    // Given ids are checked in the query (colleague links, a former owner's pool prospects), index probes each.
    const reach = await this.access.reachOf(this.db, actor, 'in-query');
    if ((await this.repo.visibleIds(this.db, unique, reach.scope)).length !== unique.length) throw new AppError('NOT_FOUND');
  }

  async reach(actor: Actor, db: Executor = this.db) {
    return this.access.reachOf(db, actor);
  }
}
