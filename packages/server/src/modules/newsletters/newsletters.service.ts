import { createHash, randomBytes } from 'node:crypto';
import { hostname } from 'node:os';
import { withTransaction, type Executor } from '@pond/db';
import {
  AppError,
  DEFAULT_TEMPLATES,
  EDITABLE,
  MAX_COPY_ATTEMPTS,
  VOIDABLE,
  can,
  capRefusal,
  displayPhone,
  meansBadAddress,
  phoneRegionOf,
  retryDelayMs,
  subjectWithMarker,
  type CopyListView,
  type CopyPreviewView,
  type CopyView,
  type CoverTemplates,
  type Exclusion,
  type IssueInput,
  type IssuePatch,
  type IssueState,
  type IssueView,
  type Locale,
  type NewsletterPolicy,
  type QuietReportView,
  type ReviewInput,
} from '@pond/domain';
import type { JobQueue } from '../../jobs/queue.js';
import { actorFor, type Actor, type RequestMeta, type SystemActor } from '../../platform/actor.js';
import { link } from '../../platform/config.js';
import type { LinkSigner } from '../../platform/signed-links.js';
import type { AuditRepository } from '../audit/audit.repository.js';
import { MailSendError } from '../mail/mail-transport.js';
import type { MailService } from '../mail/mail.service.js';
import type { BookService } from '../prospects/book.service.js';
import { ListFilterQuery } from '../prospects/list-filters.js';
import type { NotificationsRepository } from '../reminders/notifications.repository.js';
import type { SettingsService } from '../settings/settings.service.js';
import { NEWSLETTER_SEND } from './newsletters.jobs.js';
import type { NewslettersRepository} from './newsletters.repository.js';
import { EMPTY_COUNTS, type AudienceFacts, type CopyRow, type IssueRow, type IssueViewer, type SignerRow } from './newsletters.repository.js';
import { IMAGE_PATH } from './newsletter-images.service.js';
import { fillTemplate, renderBody, renderCopy } from './render.js';
import type { InboundEvent } from './inbound.js';
import type { Repositories } from '../../repositories.js';
import type { ProspectsRepository } from '../prospects/prospects.repository.js';
import type { CoreDeps } from '../../platform/deps.js';
import type { TeamsRepository } from '../teams/teams.repository.js';
import type { UsersRepository } from '../users/users.repository.js';

/** The most prospects one issue's audience takes. */
export const AUDIENCE_MAX = 100_000;
/** How long one send job keeps sending before it hands over to its successor (other jobs get the worker meanwhile). */
const JOB_SLICE_MS = 20_000;
/**
 * Copies one claim takes. Claimed copies have not left: a worker killed holding them loses only their lease's time
 * (they go back to planned); only the `inFlight` copies it was sending can be unknown.
 */
const CLAIM_BATCH = 25;
/** Soft bounces of one address before it is suppressed. */
const SOFT_LIMIT = 3;

const LOCALES: Locale[] = ['en', 'zh-Hant', 'zh-Hans'];
const asLocale = (l: string | null | undefined): Locale => (LOCALES.includes(l as Locale) ? (l as Locale) : 'zh-Hant');

/** What the actor is to an issue. */
interface Part {
  author: boolean;
  /** A manager of the author's team, or an admin. */
  reviewer: boolean;
  admin: boolean;
}

/** A claimed batch's copies as claimed, with their signers and readers, read once for the whole batch. */
interface Batch {
  rows: Map<number, CopyRow>;
  signers: Map<number, SignerRow>;
  readers: Map<number, { id: number; name: string }>;
  policy: NewsletterPolicy;
}

/** A copy as a send step holds it, with what rendering it needs. */
interface InHand {
  id: number;
  prospectId: number;
  attempts: number;
}

/**
 * Newsletters (通訊): an issue is written against an audience from the book's filters, its list frozen with one
 * copy per prospect, each signed by the person who knows that prospect best (their own note, or the template).
 * A manager other than the author approves the exact content, list and notes (a hash of them); any change returns it
 * to draft. Sending is one durable row per copy, taken by workers under leases, marked just before SMTP, so a crash
 * loses nothing and sends nothing twice outside `unknown`.
 */
export class NewslettersService {
  private readonly repo: NewslettersRepository;
  private readonly audit: AuditRepository;
  private readonly notices: NotificationsRepository;
  readonly worker = `${hostname()}:${process.pid}:${randomBytes(3).toString('hex')}`;

  private readonly prospectsRepo: ProspectsRepository;
  private readonly teams: TeamsRepository;
  private readonly users: UsersRepository;
  constructor(
    repos: Pick<Repositories, 'audit' | 'newsletters' | 'notifications' | 'prospects' | 'teams' | 'users'>,
    private readonly deps: CoreDeps,
    private readonly book: BookService,
    private readonly mail: MailService,
    private readonly links: LinkSigner,
    private readonly settings: SettingsService,
    private readonly jobs: JobQueue,
  ) {
    this.repo = repos.newsletters;
    this.audit = repos.audit;
    this.notices = repos.notifications;
    this.prospectsRepo = repos.prospects;
    this.teams = repos.teams;
    this.users = repos.users;
  }

  private get db() {
    return this.deps.database.db;
  }

  private get config() {
    return this.deps.config;
  }

  /** Where this installation serves the pictures uploaded into issues. */
  private get ownImages(): string {
    return link(this.config, IMAGE_PATH);
  }

  private now(): Date {
    return this.deps.clock.now();
  }

  policy(db: Executor = this.db): Promise<{ policy: NewsletterPolicy; version: number }> {
    return this.settings.newsletterPolicy(db);
  }

  private async managedTeams(db: Executor, actor: Actor): Promise<number[]> {
    if (actor.role !== 'manager') return [];
    return this.teams.managedBy(db, actor.userId);
  }

  private async viewer(db: Executor, actor: Actor): Promise<IssueViewer> {
    return { all: actor.role === 'admin', userId: actor.userId, managedTeams: await this.managedTeams(db, actor) };
  }

  private partIn(actor: Actor, viewer: IssueViewer, issue: Pick<IssueRow, 'author_id' | 'team_id'>): Part {
    const admin = actor.role === 'admin';
    const reviewer = admin || (actor.role === 'manager' && issue.team_id !== null && viewer.managedTeams.includes(issue.team_id));
    return { author: issue.author_id === actor.userId, reviewer, admin };
  }

  /** An issue the actor may see, or 404. */
  private async visible(db: Executor, actor: Actor, id: number): Promise<{ issue: IssueRow; viewer: IssueViewer; part: Part }> {
    const viewer = await this.viewer(db, actor);
    const issue = await this.repo.find(db, viewer, id);
    if (!issue) throw new AppError('NOT_FOUND');
    return { issue, viewer, part: this.partIn(actor, viewer, issue) };
  }

  async assertVisible(actor: Actor, id: number): Promise<void> {
    await this.visible(this.db, actor, id);
  }

  /**
   * The issue, locked, when the actor may change its content now (its author or an admin, before it is sent), for
   * an addition that changes nothing an approval covers (a picture the body does not show yet); else 404, 403 or 409.
   */
  async lockEditable(trx: Executor, actor: Actor, id: number): Promise<IssueRow> {
    const { part } = await this.visible(trx, actor, id);
    const issue = await this.repo.lock(trx, id);
    if (!issue) throw new AppError('NOT_FOUND');
    if (!this.canFor(part, issue).edit) throw new AppError(EDITABLE.includes(issue.state) ? 'FORBIDDEN' : 'ISSUE_WRONG_STATE');
    return issue;
  }

  private canFor(part: Part, issue: IssueRow) {
    const manage = part.author || part.admin;
    const s = issue.state;
    return {
      edit: manage && EDITABLE.includes(s),
      refresh: manage && (s === 'draft' || s === 'rejected'),
      submit: manage && (s === 'draft' || s === 'rejected'),
      review: part.reviewer && !part.author && s === 'submitted',
      send: (manage || part.reviewer) && s === 'approved',
      pause: (manage || part.reviewer) && s === 'sending',
      resume: (manage || part.reviewer) && s === 'paused',
      cancel: (manage || part.reviewer) && (s === 'approved' || s === 'sending' || s === 'paused'),
      decide: manage || part.reviewer,
    };
  }

  private templatesOf(issue: Pick<IssueRow, 'templates_json'>): CoverTemplates {
    return { ...DEFAULT_TEMPLATES, ...(JSON.parse(issue.templates_json) as Partial<CoverTemplates>) };
  }

  private async present(db: Executor, actor: Actor, viewer: IssueViewer, rows: IssueRow[]): Promise<IssueView[]> {
    const ids = rows.map((r) => r.id);
    const [counts, mine, { policy }] = await Promise.all([this.repo.counts(db, ids), this.repo.mine(db, ids, actor.userId), this.policy(db)]);
    const people = await this.users.namesOf(db, rows.flatMap((r) => [r.author_id, r.reviewed_by_id]));
    const name = (id: number | null) => (id === null ? null : { id, name: people.get(id) ?? '' });
    return rows.map((r) => ({
      id: r.id,
      subject: r.subject,
      sentSubject: subjectWithMarker(r.subject, Boolean(r.advertisement), policy.advertisementMarker),
      bodyMarkdown: r.body_md,
      bodyHtml: renderBody(r.body_md, this.ownImages),
      advertisement: Boolean(r.advertisement),
      templates: this.templatesOf(r),
      audience: r.audience,
      state: r.state,
      author: name(r.author_id)!,
      reviewer: name(r.reviewed_by_id),
      reviewedAt: r.reviewed_at,
      reviewComment: r.review_comment,
      submittedAt: r.submitted_at,
      sendAt: r.send_at,
      startedAt: r.started_at,
      finishedAt: r.finished_at,
      version: r.version,
      createdAt: r.created_at,
      updatedAt: r.updated_at,
      counts: counts.get(r.id) ?? { ...EMPTY_COUNTS },
      mine: mine.get(r.id) ?? { recipients: 0, notes: 0 },
      can: this.canFor(this.partIn(actor, viewer, r), r),
    }));
  }

  private async viewIn(db: Executor, actor: Actor, id: number): Promise<IssueView> {
    const viewer = await this.viewer(db, actor);
    const row = (await this.repo.find(db, viewer, id))!;
    return (await this.present(db, actor, viewer, [row]))[0]!;
  }

  async list(actor: Actor, q: { state?: IssueState; signing?: boolean; cursor?: string; limit: number }): Promise<{ items: IssueView[]; nextCursor: string | null }> {
    const db = this.db;
    const viewer = await this.viewer(db, actor);
    const before = q.cursor && /^[0-9]{1,15}$/.test(q.cursor) ? Number(q.cursor) : undefined;
    const rows = await this.repo.list(db, viewer, { state: q.state, ...(q.signing && { signerId: actor.userId }), before, limit: q.limit + 1 });
    const page = rows.slice(0, q.limit);
    return { items: await this.present(db, actor, viewer, page), nextCursor: rows.length > q.limit ? String(page.at(-1)!.id) : null };
  }

  async get(actor: Actor, id: number): Promise<IssueView> {
    await this.visible(this.db, actor, id);
    return this.viewIn(this.db, actor, id);
  }

  // ---- Writing ----------------------------------------------------------------------------------------------------

  async create(actor: Actor, input: IssueInput, meta: RequestMeta): Promise<IssueView> {
    if (!can.writeNewsletters(actor.role)) throw new AppError('FORBIDDEN');
    this.parseAudience(input.audience);
    return withTransaction(this.db, async (trx) => {
      const at = this.now().toISOString();
      // The issue belongs to the author's team (a manager's, the team they lead): its manager reviews it.
      const teamId = actor.teamId ?? (await this.managedTeams(trx, actor))[0] ?? null;
      const id = await this.repo.insert(trx, {
        subject: input.subject,
        body_md: input.bodyMarkdown,
        advertisement: input.advertisement,
        templates_json: JSON.stringify(input.templates ?? DEFAULT_TEMPLATES),
        audience: input.audience,
        state: 'draft',
        author_id: actor.userId,
        team_id: teamId,
        created_at: at,
        updated_at: at,
      });
      await this.audit.record(trx, { at, actorId: actor.userId, actorLabel: actor.email, action: 'newsletter.created', entityType: 'newsletter', entityId: id, after: { subject: input.subject, audience: input.audience }, ip: meta.ip });
      return this.viewIn(trx, actor, id);
    });
  }

  private parseAudience(audience: string) {
    const parsed = ListFilterQuery.safeParse(Object.fromEntries(new URLSearchParams(audience)));
    if (!parsed.success) throw new AppError('VALIDATION_FAILED', { details: parsed.error.issues.map((i) => ({ path: ['body', 'audience', ...i.path.map(String)], message: i.message })) });
    return parsed.data;
  }

  /** Loads an issue for a change: visible, then locked, with the version the client read. */
  private async forChange(trx: Executor, actor: Actor, id: number, version: number | undefined) {
    const { viewer, part } = await this.visible(trx, actor, id);
    const issue = (await this.repo.lock(trx, id))!;
    if (version === undefined && actor.via !== 'cli') throw new AppError('VERSION_REQUIRED');
    if (version !== undefined && version !== issue.version) throw new AppError('STALE_VERSION', { details: { current: await this.viewIn(trx, actor, id) } });
    return { issue, viewer, part, can: this.canFor(part, issue) };
  }

  /** A change to anything an approval covers: a submitted, approved or rejected issue goes back to draft. */
  private voided(issue: IssueRow) {
    return VOIDABLE.includes(issue.state) ? { state: 'draft' as const, approval_hash: null, submitted_at: null } : {};
  }

  async update(actor: Actor, id: number, patch: IssuePatch, meta: RequestMeta): Promise<IssueView> {
    if (patch.audience !== undefined) this.parseAudience(patch.audience);
    return withTransaction(this.db, async (trx) => {
      const { issue, can } = await this.forChange(trx, actor, id, patch.version);
      if (!can.edit) throw new AppError(EDITABLE.includes(issue.state) ? 'FORBIDDEN' : 'ISSUE_WRONG_STATE');
      const at = this.now().toISOString();
      const set = {
        ...(patch.subject !== undefined && { subject: patch.subject }),
        ...(patch.bodyMarkdown !== undefined && { body_md: patch.bodyMarkdown }),
        ...(patch.advertisement !== undefined && { advertisement: patch.advertisement }),
        ...(patch.templates !== undefined && { templates_json: JSON.stringify(patch.templates) }),
        ...(patch.audience !== undefined && { audience: patch.audience }),
      };
      if (!Object.keys(set).length) return this.viewIn(trx, actor, id);
      const back = this.voided(issue);
      if (!(await this.repo.update(trx, id, { ...set, ...back, updated_at: at }, { version: issue.version }))) throw new AppError('ISSUE_WRONG_STATE');
      await this.audit.record(trx, {
        at,
        actorId: actor.userId,
        actorLabel: actor.email,
        action: 'newsletter.edited',
        entityType: 'newsletter',
        entityId: id,
        before: { state: issue.state, subject: issue.subject },
        after: { ...set, state: back.state ?? issue.state, approvalVoided: issue.state !== (back.state ?? issue.state) },
        ip: meta.ip,
      });
      return this.viewIn(trx, actor, id);
    });
  }

  // ---- The audience -----------------------------------------------------------------------------------------------

  /** Who signs a prospect's copy: of the owner and the linked colleagues still active, whoever touched them last; the owner when none did. */
  private signerFor(f: AudienceFacts, touches: Map<number, string> | undefined, users: Map<number, SignerRow>): number | null {
    const active = (id: number | null): id is number => id !== null && Boolean(users.get(id)?.active);
    const candidates = [f.ownerId, ...f.colleagues].filter(active);
    if (!candidates.length) return null;
    let best: number | null = active(f.ownerId) ? f.ownerId : null;
    let bestAt = best !== null ? (touches?.get(best) ?? '') : '';
    for (const c of candidates) {
      const at = touches?.get(c) ?? '';
      if (at > bestAt) {
        best = c;
        bestAt = at;
      }
    }
    return best ?? candidates[0]!;
  }

  /**
   * The prospects the audience filter matches as the author sees the book, read before the change's transaction
   * (the book's search reads on its own connection; on SQLite the transaction holds the only one).
   */
  private async matching(actor: Actor, id: number): Promise<{ ids: number[]; truncated: boolean; version: number }> {
    const { issue } = await this.visible(this.db, actor, id);
    const author = actor.userId === issue.author_id ? actor : await this.authorActor(this.db, issue.author_id);
    const ids = await this.book.idsMatching(author, { ...this.parseAudience(issue.audience), archived: false }, AUDIENCE_MAX + 1);
    return { ids: ids.slice(0, AUDIENCE_MAX), truncated: ids.length > AUDIENCE_MAX, version: issue.version };
  }

  /**
   * Builds the issue's list from its audience filter as the author sees the book: one row per prospect, included or
   * excluded with its reason. Notes already written stay with their prospects; rows of prospects no longer matched go.
   */
  private async build(trx: Executor, issue: IssueRow, matched: { ids: number[]; truncated: boolean }): Promise<{ included: number; excluded: number; truncated: boolean }> {
    const { ids, truncated } = matched;
    const { policy } = await this.policy(trx);
    const facts = await this.repo.audienceFacts(trx, ids);
    const touches = await this.repo.latestTouches(trx, ids);
    const users = await this.repo.signers(trx, facts.flatMap((f) => [f.ownerId ?? 0, ...f.colleagues]));
    const suppressed = await this.repo.suppressedAmong(trx, facts.map((f) => f.email?.toLowerCase() ?? '').filter(Boolean));
    const previous = await this.repo.previousCopies(trx, ids, issue.id);
    const existing = new Map((await this.repo.copiesOf(trx, issue.id)).map((c) => [c.prospect_id, c]));
    const now = issue.send_at && issue.send_at > this.now().toISOString() ? new Date(issue.send_at) : this.now();
    const keep = new Set<number>();
    const inserts = [];
    let included = 0;
    for (const f of facts) {
      keep.add(f.id);
      const signerId = this.signerFor(f, touches.get(f.id), users);
      const old = existing.get(f.id);
      const note = old?.note ?? null;
      const reason = this.exclusion(f, signerId, note, suppressed, previous.get(f.id) ?? [], now, policy);
      const row = {
        excluded: reason,
        state: reason ? ('excluded' as const) : ('planned' as const),
        signer_id: signerId,
        address: f.email?.toLowerCase() ?? null,
        locale: signerId !== null ? asLocale(users.get(signerId)?.locale) : null,
      };
      if (!reason) included++;
      if (old) {
        if (old.excluded !== row.excluded || old.signer_id !== row.signer_id || old.address !== row.address || old.locale !== row.locale || old.state !== row.state) {
          // A note belongs to its signer: a new signer starts from the template.
          await this.repo.updateCopy(trx, old.id, { ...row, ...(old.signer_id !== signerId && { note: null, note_by_id: null, note_at: null }) });
        }
      } else inserts.push({ issue_id: issue.id, prospect_id: f.id, ...row });
    }
    await this.repo.insertCopies(trx, inserts);
    await this.repo.removeCopies(
      trx,
      issue.id,
      [...existing.keys()].filter((id) => !keep.has(id)),
    );
    return { included, excluded: facts.length - included, truncated };
  }

  /** Why one prospect of the audience gets no copy, or null. */
  private exclusion(f: AudienceFacts, signerId: number | null, note: string | null, suppressed: Set<string>, previous: string[], at: Date, policy: NewsletterPolicy): Exclusion | null {
    if (f.archived) return 'archived';
    if (f.disposition === 'dropped') return 'dropped';
    if (!f.email) return 'no_email';
    if (f.consent === 'unsubscribed') return 'unsubscribed';
    if (suppressed.has(f.email.toLowerCase())) return 'suppressed';
    if (f.consent === 'unknown' && !policy.unknownConsentMails) return 'no_consent';
    if (signerId === null) return 'no_signer';
    // No cold bulk mail to customers: someone who bought from us hears from the person who knows them, in their words.
    if (f.stage !== 'prospect' && !note) return 'customer_without_note';
    return capRefusal(previous, at, policy);
  }

  private async authorActor(db: Executor, userId: number): Promise<Actor> {
    const user = await this.users.findById(db, userId);
    if (!user) throw new AppError('NOT_FOUND');
    return { ...actorFor(user, 'job'), locale: asLocale(user.locale) };
  }

  async refresh(actor: Actor, id: number, version: number | undefined, meta: RequestMeta): Promise<IssueView & { truncated: boolean }> {
    const matched = await this.matching(actor, id);
    return withTransaction(this.db, async (trx) => {
      const { issue, can } = await this.forChange(trx, actor, id, version);
      if (issue.version !== matched.version) throw new AppError('STALE_VERSION', { details: { current: await this.viewIn(trx, actor, id) } });
      if (!can.refresh) throw new AppError(issue.state === 'draft' || issue.state === 'rejected' ? 'FORBIDDEN' : 'ISSUE_WRONG_STATE');
      const built = await this.build(trx, issue, matched);
      const at = this.now().toISOString();
      await this.repo.update(trx, id, { state: 'draft', updated_at: at }, { version: issue.version });
      await this.audit.record(trx, { at, actorId: actor.userId, actorLabel: actor.email, action: 'newsletter.audience_built', entityType: 'newsletter', entityId: id, after: built, ip: meta.ip });
      return { ...(await this.viewIn(trx, actor, id)), truncated: built.truncated };
    });
  }

  /** SHA-256 of what an approval covers: the content as sent and every included row with its signer and note. */
  private async hashOf(db: Executor, issue: IssueRow): Promise<string> {
    const rows = await this.repo.approvalRows(db, issue.id);
    const h = createHash('sha256');
    h.update(JSON.stringify([issue.subject, issue.body_md, Boolean(issue.advertisement), this.templatesOf(issue)]));
    for (const r of rows) h.update(`\n${r.prospect_id}:${r.signer_id}:${r.address}:${JSON.stringify(r.note)}`);
    return h.digest('hex');
  }

  async submit(actor: Actor, id: number, version: number | undefined, meta: RequestMeta): Promise<IssueView> {
    const matched = await this.matching(actor, id);
    return withTransaction(this.db, async (trx) => {
      const { issue, can } = await this.forChange(trx, actor, id, version);
      if (issue.version !== matched.version) throw new AppError('STALE_VERSION', { details: { current: await this.viewIn(trx, actor, id) } });
      if (!can.submit) throw new AppError(issue.state === 'draft' || issue.state === 'rejected' ? 'FORBIDDEN' : 'ISSUE_WRONG_STATE');
      const built = await this.build(trx, issue, matched);
      if (built.included === 0) throw new AppError('NO_RECIPIENTS');
      const at = this.now().toISOString();
      const hash = await this.hashOf(trx, issue);
      await this.repo.update(trx, id, { state: 'submitted', submitted_at: at, approval_hash: hash, reviewed_by_id: null, reviewed_at: null, review_comment: null, updated_at: at }, { version: issue.version });
      // The approvers hear of it on the bell: the author's team's manager, else the admins.
      const approvers = await this.approversOf(trx, issue);
      for (const userId of approvers) {
        await this.notices.insert(trx, { userId, kind: 'issue_submitted', key: `issue_submitted:${id}:${at}:${userId}`, actorId: actor.userId, actorLabel: actor.displayName, data: { issueId: id, subject: issue.subject, recipients: built.included }, at });
      }
      await this.audit.record(trx, { at, actorId: actor.userId, actorLabel: actor.email, action: 'newsletter.submitted', entityType: 'newsletter', entityId: id, after: { ...built, hash }, ip: meta.ip });
      return this.viewIn(trx, actor, id);
    });
  }

  private async approversOf(db: Executor, issue: IssueRow): Promise<number[]> {
    const team = issue.team_id === null ? undefined : await this.teams.findById(db, issue.team_id);
    if (team?.managerId && team.managerId !== issue.author_id) return [team.managerId];
    return (await this.users.activeAdminIds(db)).filter((id) => id !== issue.author_id);
  }

  async review(actor: Actor, id: number, input: ReviewInput, meta: RequestMeta): Promise<IssueView> {
    return withTransaction(this.db, async (trx) => {
      const { issue, part, can: allowed } = await this.forChange(trx, actor, id, input.version);
      if (part.author && can.reviewNewsletters(actor.role)) throw new AppError('SELF_APPROVAL');
      if (!part.reviewer) throw new AppError('FORBIDDEN');
      if (!allowed.review) throw new AppError('ISSUE_WRONG_STATE');
      const at = this.now().toISOString();
      // The hash guards what the approval covers: if the list or a note changed without passing through draft, refuse.
      if (input.decision === 'approve' && (await this.hashOf(trx, issue)) !== issue.approval_hash) {
        await this.repo.update(trx, id, { state: 'draft', approval_hash: null, updated_at: at }, { version: issue.version });
        throw new AppError('ISSUE_WRONG_STATE');
      }
      const state = input.decision === 'approve' ? ('approved' as const) : ('rejected' as const);
      await this.repo.update(trx, id, { state, reviewed_by_id: actor.userId, reviewed_at: at, review_comment: input.comment || null, ...(state === 'rejected' && { approval_hash: null }), updated_at: at }, { version: issue.version, states: ['submitted'] });
      await this.notices.insert(trx, { userId: issue.author_id, kind: 'issue_reviewed', key: `issue_reviewed:${id}:${at}`, actorId: actor.userId, actorLabel: actor.displayName, data: { issueId: id, subject: issue.subject, decision: input.decision, comment: input.comment ?? null }, at });
      await this.audit.record(trx, { at, actorId: actor.userId, actorLabel: actor.email, action: `newsletter.${state}`, entityType: 'newsletter', entityId: id, after: { comment: input.comment ?? null, hash: issue.approval_hash }, ip: meta.ip });
      return this.viewIn(trx, actor, id);
    });
  }

  // ---- Notes --------------------------------------------------------------------------------------------------------

  private async copyFor(db: Executor, actor: Actor, copyId: number): Promise<{ copy: CopyRow; issue: IssueRow; part: Part }> {
    const copy = await this.repo.findCopy(db, copyId);
    if (!copy) throw new AppError('NOT_FOUND');
    const viewer = await this.viewer(db, actor);
    const issue = await this.repo.find(db, viewer, copy.issue_id);
    if (!issue) throw new AppError('NOT_FOUND');
    const part = this.partIn(actor, viewer, issue);
    // A signer who neither wrote nor reviews the issue sees their own readers' copies only.
    if (!part.author && !part.reviewer && copy.signer_id !== actor.userId) throw new AppError('NOT_FOUND');
    return { copy, issue, part };
  }

  /** 404 for a copy the actor may not see; with `signer`, 403 for one they see but do not sign. */
  async assertCopyVisible(actor: Actor, copyId: number, need: 'see' | 'signer' = 'see'): Promise<void> {
    const { copy } = await this.copyFor(this.db, actor, copyId);
    if (need === 'signer' && copy.signer_id !== actor.userId) throw new AppError('FORBIDDEN');
  }

  /** The signer's own words for one reader, or back to the template (null). An approved issue goes back to draft. */
  async setNote(actor: Actor, copyId: number, note: string | null, meta: RequestMeta): Promise<CopyView> {
    return withTransaction(this.db, async (trx) => {
      const { copy, issue: seen } = await this.copyFor(trx, actor, copyId);
      if (copy.signer_id !== actor.userId) throw new AppError('FORBIDDEN');
      const issue = (await this.repo.lock(trx, seen.id))!;
      if (!EDITABLE.includes(issue.state)) throw new AppError('ISSUE_WRONG_STATE');
      const current = (await this.repo.lockCopy(trx, copyId))!;
      if (current.note === note) return (await this.copyViews(trx, actor, issue, [current]))[0]!;
      const at = this.now().toISOString();
      const [stage] = await this.repo.prospectsOf(trx, [copy.prospect_id]);
      if (!stage) throw new AppError('NOT_FOUND');
      // A customer's copy goes only with a note of their signer's own: writing one lets it go, removing it holds it back.
      const gate = stage.stage !== 'prospect' && (current.excluded === 'customer_without_note' || current.excluded === null);
      await this.repo.updateCopy(trx, copyId, {
        note,
        note_by_id: note === null ? null : actor.userId,
        note_at: note === null ? null : at,
        ...(gate && (note === null ? { excluded: 'customer_without_note', state: 'excluded' } : { excluded: null, state: 'planned' })),
      });
      const back = this.voided(issue);
      await this.repo.update(trx, issue.id, { ...back, updated_at: at }, { version: issue.version });
      await this.audit.record(trx, { at, actorId: actor.userId, actorLabel: actor.email, action: 'newsletter.note_written', entityType: 'newsletter', entityId: issue.id, after: { copyId, prospectId: copy.prospect_id, note, approvalVoided: Boolean(back.state) }, ip: meta.ip });
      return (await this.copyViews(trx, actor, (await this.repo.findAny(trx, issue.id))!, [(await this.repo.findCopy(trx, copyId))!]))[0]!;
    });
  }

  private async copyViews(db: Executor, actor: Actor, issue: IssueRow, rows: (CopyRow & { prospect_name?: string; prospect_company?: string | null; prospect_stage?: string })[]): Promise<CopyView[]> {
    const signers = await this.repo.signers(
      db,
      rows.map((r) => r.signer_id ?? 0),
    );
    const missing = rows.filter((r) => r.prospect_name === undefined).map((r) => r.prospect_id);
    const names = await this.repo.prospectsOf(db, missing);
    const templates = this.templatesOf(issue);
    const viewer = await this.viewer(db, actor);
    const part = this.partIn(actor, viewer, issue);
    return rows.map((r) => {
      const p = r.prospect_name !== undefined ? { id: r.prospect_id, name: r.prospect_name, company: r.prospect_company ?? null, stage: r.prospect_stage! } : (({ id, name, company, stage }) => ({ id, name, company, stage }))(names.find((n) => n.id === r.prospect_id)!);
      const s = r.signer_id !== null ? signers.get(r.signer_id) : undefined;
      const noteShown = s ? this.noteFor(r, templates, s, p.name, actor) : null;
      return {
        id: r.id,
        prospect: p,
        address: r.address,
        locale: r.locale,
        signer: s ? { id: s.id, name: s.display_name } : null,
        note: r.note,
        noteShown,
        excluded: r.excluded as Exclusion | null,
        state: r.state,
        attempts: r.attempts,
        smtpReply: r.smtp_reply,
        suppressedReason: r.suppressed_reason,
        sentAt: r.sent_at,
        can: {
          note: r.signer_id === actor.userId && EDITABLE.includes(issue.state) && (r.excluded === null || r.excluded === 'customer_without_note'),
          decide: r.state === 'unknown' && (part.author || part.reviewer),
        },
      };
    });
  }

  private signature(s: SignerRow, viewerRegion: string) {
    return { name: s.display_name, title: s.title, phone: s.phone ? displayPhone(s.phone, viewerRegion) : null, email: s.email };
  }

  private noteFor(r: Pick<CopyRow, 'note' | 'locale'>, templates: CoverTemplates, s: SignerRow, readerName: string, actor: Pick<Actor, 'phoneRegion' | 'timeZone'> | null): string {
    if (r.note) return r.note;
    const region = phoneRegionOf({ phoneRegion: actor?.phoneRegion ?? null, timeZone: actor?.timeZone ?? null }, this.config.defaultPhoneRegion);
    const sig = this.signature(s, region);
    return fillTemplate(templates[asLocale(r.locale)], { reader: readerName, signer: sig.name, title: sig.title ?? '', phone: sig.phone ?? '', email: sig.email });
  }

  /** The list: everyone for the author and reviewers; a signer's own readers for anyone else. */
  async copies(actor: Actor, id: number, q: { mine?: boolean; state?: string; excluded?: boolean; cursor?: string; limit: number }): Promise<CopyListView> {
    const db = this.db;
    const { issue, part } = await this.visible(db, actor, id);
    const onlyMine = q.mine || (!part.author && !part.reviewer);
    const after = q.cursor && /^[0-9]{1,15}$/.test(q.cursor) ? Number(q.cursor) : undefined;
    const rows = await this.repo.listCopies(db, id, { ...(onlyMine && { signerId: actor.userId }), state: q.state, excluded: q.excluded, after, limit: q.limit + 1 });
    const page = rows.slice(0, q.limit);
    const excludedBy = onlyMine ? {} : await this.repo.excludedBy(db, id);
    let newSinceFrozen: number | null = null;
    if (!onlyMine && issue.state !== 'draft') {
      const author = actor.userId === issue.author_id ? actor : await this.authorActor(db, issue.author_id);
      const matching = await this.book.idsMatching(author, { ...this.parseAudience(issue.audience), archived: false }, AUDIENCE_MAX);
      const listed = new Set((await this.repo.copiesOf(db, id)).map((c) => c.prospect_id));
      newSinceFrozen = matching.filter((m) => !listed.has(m)).length;
    }
    return { items: await this.copyViews(db, actor, issue, page), nextCursor: rows.length > q.limit ? String(page.at(-1)!.id) : null, excludedBy, newSinceFrozen };
  }

  /** One copy exactly as it will leave (or left): the reader's language, the signer's note, the headers' people. */
  async preview(actor: Actor, copyId: number): Promise<CopyPreviewView> {
    const db = this.db;
    const { copy, issue } = await this.copyFor(db, actor, copyId);
    const rendered = await this.renderFor(db, issue, copy);
    if (!rendered) throw new AppError('NOT_FOUND');
    const sender = await this.mail.sender(db);
    return { subject: rendered.subject, html: rendered.html, text: rendered.text, to: copy.address, from: `${rendered.fromName} <${sender?.address ?? 'pond@pond.invalid'}>`, replyTo: rendered.replyTo };
  }

  private async renderFor(db: Executor, issue: IssueRow, copy: Pick<CopyRow, 'id' | 'prospect_id' | 'signer_id' | 'note' | 'locale'>) {
    if (copy.signer_id === null) return null;
    const [signers, prospect, { policy }] = await Promise.all([this.repo.signers(db, [copy.signer_id]), this.repo.prospectsOf(db, [copy.prospect_id]).then((found) => found[0]), this.policy(db)]);
    return this.renderWith(issue, copy, signers.get(copy.signer_id), prospect, policy);
  }

  /** A copy from what it is made of, already read (one copy's preview, or a whole claimed batch at once). */
  private async renderWith(issue: IssueRow, copy: Pick<CopyRow, 'id' | 'note' | 'locale'>, s: SignerRow | undefined, prospect: { name: string } | undefined, policy: NewsletterPolicy) {
    if (!s || !prospect) return null;
    const locale = asLocale(copy.locale);
    const region = this.config.defaultPhoneRegion;
    const token = await this.links.sign('newsletter-unsubscribe', copy.id);
    const unsubscribeUrl = link(this.config, `/api/v1/newsletters/unsubscribe?t=${encodeURIComponent(token)}`);
    const rendered = renderCopy({
      locale,
      subject: issue.subject,
      advertisementMarker: issue.advertisement ? policy.advertisementMarker : null,
      bodyMarkdown: issue.body_md,
      note: this.noteFor(copy, this.templatesOf(issue), s, prospect.name, { phoneRegion: region, timeZone: null }),
      signer: this.signature(s, region),
      readerName: prospect.name,
      organisation: policy.organisation,
      unsubscribeUrl,
      ownImages: this.ownImages,
    });
    return { ...rendered, fromName: s.display_name, replyTo: s.email, unsubscribeUrl };
  }

  // ---- Sending ------------------------------------------------------------------------------------------------------

  async send(actor: Actor, id: number, input: { version?: number; sendAt?: string }, meta: RequestMeta): Promise<IssueView> {
    const expired = await withTransaction(this.db, async (trx) => {
      const { issue, can } = await this.forChange(trx, actor, id, input.version);
      if (issue.state === 'draft' || issue.state === 'submitted' || issue.state === 'rejected') throw new AppError('ISSUE_NOT_APPROVED');
      if (!can.send) throw new AppError(issue.state === 'approved' ? 'FORBIDDEN' : 'ISSUE_WRONG_STATE');
      const { policy } = await this.policy(trx);
      const at = this.now();
      const sendAt = input.sendAt && input.sendAt > at.toISOString() ? input.sendAt : at.toISOString();
      if (this.approvalTooOld(issue, new Date(sendAt), policy)) {
        await this.repo.update(trx, id, { state: 'submitted', reviewed_by_id: null, reviewed_at: null, updated_at: at.toISOString() }, { version: issue.version });
        await this.audit.record(trx, { at: at.toISOString(), actorId: actor.userId, actorLabel: actor.email, action: 'newsletter.approval_expired', entityType: 'newsletter', entityId: id, after: { approvedAt: issue.reviewed_at }, ip: meta.ip });
        return true;
      }
      if ((await this.hashOf(trx, issue)) !== issue.approval_hash) throw new AppError('ISSUE_NOT_APPROVED');
      await this.repo.update(trx, id, { state: 'sending', send_at: sendAt, started_at: at.toISOString(), updated_at: at.toISOString() }, { version: issue.version, states: ['approved'] });
      await this.startLanes(trx, id, `v${issue.version + 1}`, new Date(sendAt));
      await this.audit.record(trx, { at: at.toISOString(), actorId: actor.userId, actorLabel: actor.email, action: 'newsletter.send_started', entityType: 'newsletter', entityId: id, after: { sendAt, hash: issue.approval_hash }, ip: meta.ip });
      return false;
    });
    if (expired) throw new AppError('APPROVAL_EXPIRED');
    return this.get(actor, id);
  }

  private approvalTooOld(issue: IssueRow, at: Date, policy: NewsletterPolicy): boolean {
    return issue.reviewed_at !== null && at.getTime() - new Date(issue.reviewed_at).getTime() > policy.approvalValidDays * 86_400_000;
  }

  /** The issue's send jobs, one per lane; `round` names this start (a resume starts a new round). */
  private async startLanes(db: Executor, issueId: number, round: string, runAt: Date): Promise<void> {
    for (let lane = 1; lane <= this.config.newsletters.lanes; lane++) {
      await this.jobs.enqueue(NEWSLETTER_SEND, `${NEWSLETTER_SEND.type}:${issueId}:${round}:${lane}:0`, { issueId, round, lane, step: 0 }, { db, runAt });
    }
  }

  async pause(actor: Actor, id: number, version: number | undefined, meta: RequestMeta): Promise<IssueView> {
    return this.move(actor, id, version, 'pause', meta);
  }

  async resume(actor: Actor, id: number, version: number | undefined, meta: RequestMeta): Promise<IssueView> {
    return this.move(actor, id, version, 'resume', meta);
  }

  async cancel(actor: Actor, id: number, version: number | undefined, meta: RequestMeta): Promise<IssueView> {
    return this.move(actor, id, version, 'cancel', meta);
  }

  private async move(actor: Actor, id: number, version: number | undefined, to: 'pause' | 'resume' | 'cancel', meta: RequestMeta): Promise<IssueView> {
    return withTransaction(this.db, async (trx) => {
      const { issue, can } = await this.forChange(trx, actor, id, version);
      if (!can[to]) throw new AppError(can.decide ? 'ISSUE_WRONG_STATE' : 'FORBIDDEN');
      const at = this.now().toISOString();
      const state = to === 'pause' ? 'paused' : to === 'resume' ? 'sending' : 'cancelled';
      await this.repo.update(trx, id, { state, updated_at: at, ...(to === 'cancel' && { finished_at: at }) }, { version: issue.version });
      if (to === 'resume') await this.startLanes(trx, id, `v${issue.version + 1}`, this.now());
      if (to === 'cancel') await this.repo.suppressUnsent(trx, id, 'cancelled');
      await this.audit.record(trx, { at, actorId: actor.userId, actorLabel: actor.email, action: `newsletter.${state}`, entityType: 'newsletter', entityId: id, before: { state: issue.state }, ip: meta.ip });
      return this.viewIn(trx, actor, id);
    });
  }

  /** A person decides a copy whose fate is unknown: it reached them (counted as sent), or send it again. */
  async decide(actor: Actor, copyId: number, decision: 'mark_sent' | 'resend', meta: RequestMeta): Promise<CopyView> {
    return withTransaction(this.db, async (trx) => {
      const { copy, part } = await this.copyFor(trx, actor, copyId);
      if (!part.author && !part.reviewer) throw new AppError('FORBIDDEN');
      const issue = (await this.repo.lock(trx, copy.issue_id))!;
      const current = (await this.repo.lockCopy(trx, copyId))!;
      if (current.state !== 'unknown') throw new AppError('ISSUE_WRONG_STATE');
      const at = this.now().toISOString();
      if (decision === 'mark_sent') {
        await this.repo.updateCopy(trx, copyId, { state: 'accepted', sent_at: current.claimed_at ?? at, decided_by_id: actor.userId, smtp_reply: 'marked as sent' });
        await this.onTimeline(trx, issue, current, current.claimed_at ?? at);
      } else {
        await this.repo.updateCopy(trx, copyId, { state: 'planned', decided_by_id: actor.userId, lease_until: null, claimed_by: null });
        if (issue.state === 'sent') await this.repo.update(trx, issue.id, { state: 'sending', finished_at: null, updated_at: at }, { version: issue.version });
        if (issue.state === 'sent' || issue.state === 'sending') await this.startLanes(trx, issue.id, `d${copyId}`, this.now());
      }
      await this.audit.record(trx, { at, actorId: actor.userId, actorLabel: actor.email, action: `newsletter.unknown_${decision}`, entityType: 'newsletter', entityId: issue.id, after: { copyId, prospectId: copy.prospect_id }, ip: meta.ip });
      return (await this.copyViews(trx, actor, (await this.repo.findAny(trx, issue.id))!, [(await this.repo.findCopy(trx, copyId))!]))[0]!;
    });
  }

  /** The copy on the prospect's timeline, credited to its signer; the personal follow-up clock is left alone. */
  private async onTimeline(db: Executor, issue: Pick<IssueRow, 'id' | 'subject'>, copy: Pick<CopyRow, 'id' | 'prospect_id' | 'signer_id'>, at: string): Promise<void> {
    await this.prospectsRepo.addHistory(db, [{ prospect_id: copy.prospect_id, at, user_id: copy.signer_id, field: 'newsletter', before: null, after: { issueId: issue.id, subject: issue.subject, copyId: copy.id } }]);
  }

  /**
   * One send job's work: steps of claimed copies until the issue stops, nothing is left, the rate allows no more this
   * minute, or the job's slice is used; then its successor is queued (a deterministic key, so a rerun after a crash
   * queues the same one). Each copy is marked `sending` in its own statement just before SMTP gets it.
   */
  async sendLane(payload: { issueId: number; round: string; lane: number; step: number }, ctx: { actor: SystemActor; signal: AbortSignal }): Promise<void> {
    const started = Date.now();
    const cfg = this.config.newsletters;
    let wait: Date | null = null;
    for (;;) {
      if (ctx.signal.aborted) throw new Error('stopped');
      const step = await this.claimStep(payload.issueId, CLAIM_BATCH);
      if (step.kind === 'stopped') return;
      if (step.kind === 'throttled') {
        wait = step.until;
        break;
      }
      if (step.kind === 'empty') break;
      await this.sendClaimed(step.issue, step.copies, cfg.inFlight, ctx.signal);
      if (Date.now() - started > JOB_SLICE_MS) break;
    }
    const left = await this.repo.remaining(this.db, payload.issueId);
    const next = { ...payload, step: payload.step + 1 };
    const key = `${NEWSLETTER_SEND.type}:${payload.issueId}:${payload.round}:${payload.lane}:${next.step}`;
    if (wait || left.planned > 0) {
      await this.jobs.enqueue(NEWSLETTER_SEND, key, next, { runAt: wait ?? this.now() });
    } else if (left.retry > 0 || left.inHand > 0) {
      // Retries fall due later; copies in another worker's hands either settle or, if it died, come back when their
      // lease runs out: look again then.
      const leaseEnd = this.now().getTime() + cfg.leaseMs;
      const retryAt = left.retry > 0 && left.nextRetry ? new Date(left.nextRetry).getTime() : Infinity;
      await this.jobs.enqueue(NEWSLETTER_SEND, key, next, { runAt: new Date(left.inHand > 0 ? Math.min(retryAt, leaseEnd) : retryAt) });
    } else {
      await this.finish(payload.issueId);
    }
  }

  private async finish(issueId: number): Promise<void> {
    const at = this.now().toISOString();
    const issue = await this.repo.findAny(this.db, issueId);
    if (!issue || issue.state !== 'sending') return;
    if (await this.repo.update(this.db, issueId, { state: 'sent', finished_at: at, updated_at: at }, { version: issue.version, states: ['sending'] })) {
      await this.audit.record(this.db, { at, actorId: null, actorLabel: 'Pond (newsletter.send)', action: 'newsletter.sent', entityType: 'newsletter', entityId: issueId, after: (await this.repo.counts(this.db, [issueId])).get(issueId) ?? null, ip: null });
    }
  }

  private windows(now: Date, policy: NewsletterPolicy) {
    const iso = now.toISOString();
    return [
      { name: `m:${iso.slice(0, 16)}`, limit: policy.perMinute },
      { name: `h:${iso.slice(0, 13)}`, limit: policy.perHour },
    ];
  }

  /**
   * One transaction: the issue still sending, a killed worker's leases settled, the shared budget drawn, the due copies
   * locked (SKIP LOCKED), their prospects locked and checked again (unsubscribed, dropped, suppressed, the caps), and
   * the rest claimed under this worker's lease.
   */
  private async claimStep(issueId: number, want: number): Promise<{ kind: 'stopped' } | { kind: 'empty' } | { kind: 'throttled'; until: Date } | { kind: 'claimed'; issue: IssueRow; copies: InHand[] }> {
    return withTransaction(this.db, async (trx) => {
      const issue = await this.repo.findAny(trx, issueId);
      if (!issue || issue.state !== 'sending') return { kind: 'stopped' as const };
      const now = this.now();
      const nowIso = now.toISOString();
      await this.repo.expireLeases(trx, issueId, nowIso);
      const { policy } = await this.policy(trx);
      const windows = this.windows(now, policy);
      const granted = await this.repo.takeBudget(trx, want, windows);
      if (granted === 0) {
        const minute = new Date(Math.floor(now.getTime() / 60_000) * 60_000 + 60_000);
        return { kind: 'throttled' as const, until: minute };
      }
      const due = await this.repo.due(trx, issueId, nowIso, granted);
      if (due.length < granted)
        await this.repo.returnBudget(
          trx,
          granted - due.length,
          windows.map((w) => w.name),
        );
      if (!due.length) return { kind: 'empty' as const };
      const facts = new Map((await this.repo.lockProspects(trx, due.map((d) => d.prospect_id))).map((p) => [p.id, p]));
      const suppressed = await this.repo.suppressedAmong(trx, due.map((d) => d.address ?? '').filter(Boolean));
      const previous = await this.repo.previousCopies(trx, due.map((d) => d.prospect_id), issueId);
      const stop = new Map<string, number[]>();
      const take: InHand[] = [];
      for (const d of due) {
        const p = facts.get(d.prospect_id);
        const reason = !p || p.archived_at !== null ? 'archived' : p.disposition === 'dropped' ? 'dropped' : p.newsletter_consent === 'unsubscribed' ? 'unsubscribed' : !d.address || suppressed.has(d.address) ? 'suppressed' : capRefusal(previous.get(d.prospect_id) ?? [], now, policy);
        if (reason) stop.set(reason, [...(stop.get(reason) ?? []), d.id]);
        else take.push({ id: d.id, prospectId: d.prospect_id, attempts: d.attempts });
      }
      for (const [reason, ids] of stop) await this.repo.suppress(trx, ids, reason);
      if (stop.size) await this.repo.returnBudget(trx, due.length - take.length, windows.map((w) => w.name));
      await this.repo.claim(
        trx,
        take.map((t) => t.id),
        { worker: this.worker, now: nowIso, leaseUntil: new Date(now.getTime() + this.config.newsletters.leaseMs).toISOString() },
      );
      return { kind: 'claimed' as const, issue, copies: take };
    });
  }

  /** Hands the claimed copies to SMTP, `inFlight` at a time, each marked `sending` first and settled after. */
  private async sendClaimed(issue: IssueRow, copies: InHand[], inFlight: number, signal: AbortSignal): Promise<void> {
    const queue = [...copies];
    const sender = await this.mail.sender();
    const domain = this.config.newsletters.bounceDomain ?? sender?.address.split('@')[1] ?? 'pond.invalid';
    const listId = `<newsletter.${domain}>`;
    // What the batch's copies are made of, read once for all of them: the rows as claimed, their signers and
    // readers. Each copy is still taken only by its own conditional update (markSending), so a row that moved on
    // since is skipped there.
    const rows = await this.repo.findCopies(this.db, copies.map((c) => c.id));
    const [signers, readers, { policy }] = await Promise.all([
      this.repo.signers(this.db, [...rows.values()].flatMap((r) => (r.signer_id === null ? [] : [r.signer_id]))),
      this.repo.prospectsOf(this.db, [...new Set([...rows.values()].map((r) => r.prospect_id))]).then((found) => new Map(found.map((p) => [p.id, p]))),
      this.policy(),
    ]);
    const batch: Batch = { rows, signers, readers, policy };
    const lanes = Array.from({ length: Math.min(inFlight, queue.length) }, async () => {
      for (let c = queue.shift(); c; c = queue.shift()) {
        if (signal.aborted) {
          await this.repo.release(this.db, [c.id, ...queue.splice(0).map((q) => q.id)], this.worker);
          return;
        }
        await this.sendOne(issue, c, domain, listId, batch);
      }
    });
    await Promise.all(lanes);
  }

  private async sendOne(issue: IssueRow, c: InHand, domain: string, listId: string, batch: Batch): Promise<void> {
    const copy = batch.rows.get(c.id);
    if (!copy || copy.state !== 'claimed' || copy.claimed_by !== this.worker) return;
    const rendered = copy.signer_id === null ? null : await this.renderWith(issue, copy, batch.signers.get(copy.signer_id), batch.readers.get(copy.prospect_id), batch.policy);
    if (!rendered || !copy.address) {
      await this.repo.updateCopy(this.db, c.id, { state: 'suppressed', suppressed_reason: 'no_signer', lease_until: null });
      return;
    }
    const leaseUntil = new Date(this.now().getTime() + this.config.newsletters.leaseMs).toISOString();
    if (!(await this.repo.markSending(this.db, c.id, this.worker, leaseUntil))) return;
    const returnPath = `bounce+${await this.links.sign('newsletter-return', c.id)}@${domain}`;
    const messageId = this.mail.messageIdFor(`newsletter:${copy.issue_id}:${copy.prospect_id}`, `pond@${domain}`);
    try {
      const r = await this.mail.sendNow({
        fromName: rendered.fromName,
        to: copy.address,
        replyTo: rendered.replyTo,
        subject: rendered.subject,
        text: rendered.text,
        html: rendered.html,
        messageId,
        envelope: { from: returnPath, to: copy.address },
        headers: {
          'List-Id': listId,
          'List-Unsubscribe': `<${rendered.unsubscribeUrl}>`,
          'List-Unsubscribe-Post': 'List-Unsubscribe=One-Click',
          Precedence: 'bulk',
        },
      });
      const at = this.now().toISOString();
      await withTransaction(this.db, async (trx) => {
        if (await this.repo.settle(trx, c.id, this.worker, { state: 'accepted', message_id: messageId, smtp_reply: r.response.slice(0, 500), sent_at: at })) {
          await this.onTimeline(trx, issue, copy, at);
        }
      });
    } catch (err) {
      const e = err instanceof MailSendError ? err : new MailSendError(String((err as Error)?.message ?? err), false, null);
      const at = this.now();
      const reply = e.message.slice(0, 500);
      if (e.permanent) {
        await withTransaction(this.db, async (trx) => {
          await this.repo.settle(trx, c.id, this.worker, { state: 'failed', smtp_reply: reply });
          if (meansBadAddress(e.responseCode, e.message)) await this.repo.suppressAddress(trx, copy.address!, 'refused', reply, at.toISOString());
        });
      } else if (copy.attempts >= MAX_COPY_ATTEMPTS) {
        await this.repo.settle(this.db, c.id, this.worker, { state: 'failed', smtp_reply: reply });
      } else {
        await this.repo.settle(this.db, c.id, this.worker, { state: 'retry', smtp_reply: reply, retry_at: new Date(at.getTime() + retryDelayMs(copy.attempts)).toISOString() });
      }
    }
  }

  // ---- Coming back: unsubscribes, bounces, replies ------------------------------------------------------------

  /** The copy an unsubscribe link was made for, as its page shows it (a GET changes nothing). */
  async unsubscribePage(copyId: number): Promise<{ subscribed: boolean; name: string }> {
    const copy = await this.repo.findCopy(this.db, copyId);
    if (!copy) throw new AppError('NOT_FOUND');
    const [p] = await this.repo.prospectsOf(this.db, [copy.prospect_id]);
    if (!p) throw new AppError('NOT_FOUND');
    return { subscribed: p.newsletter_consent !== 'unsubscribed', name: p.name };
  }

  /** RFC 8058's one-click unsubscribe: the prospect's consent becomes 'unsubscribed'; copies not yet sent stop at send time. */
  async unsubscribe(copyId: number, meta: RequestMeta): Promise<void> {
    await withTransaction(this.db, async (trx) => {
      const copy = await this.repo.findCopy(trx, copyId);
      if (!copy) throw new AppError('NOT_FOUND');
      const [p] = await this.repo.lockProspects(trx, [copy.prospect_id]);
      if (!p || p.newsletter_consent === 'unsubscribed') return;
      const at = this.now().toISOString();
      await this.repo.unsubscribe(trx, copy.prospect_id, at);
      await this.prospectsRepo.addHistory(trx, [{ prospect_id: copy.prospect_id, at, user_id: null, field: 'newsletterConsent', before: p.newsletter_consent, after: 'unsubscribed' }]);
      await this.audit.record(trx, { at, actorId: null, actorLabel: 'reader (unsubscribe link)', action: 'newsletter.unsubscribed', entityType: 'prospect', entityId: copy.prospect_id, after: { copyId, issueId: copy.issue_id }, ip: meta.ip });
    });
  }

  /** Whether a return-path token is one Pond signed (the inbound listener refuses anything else at RCPT). */
  async returnCopy(token: string): Promise<number | null> {
    return this.links.verify('newsletter-return', token);
  }

  /** A bounce, a complaint or a reply that came back to a copy's return path. */
  async inbound(event: InboundEvent): Promise<void> {
    const copyId = await this.returnCopy(event.token);
    if (copyId === null) return;
    await withTransaction(this.db, async (trx) => {
      const copy = await this.repo.findCopy(trx, copyId);
      if (!copy) return;
      const at = this.now().toISOString();
      const address = (event.recipient ?? copy.address ?? '').toLowerCase();
      await this.repo.addInbound(trx, { copy_id: copyId, kind: event.kind, status: event.status, detail: event.diagnostic, from_address: event.from, subject: event.subject, body: event.text, at });
      if (event.kind === 'hard_bounce' || event.kind === 'complaint') {
        if (address) await this.repo.suppressAddress(trx, address, event.kind, event.diagnostic ?? event.status, at);
        await this.prospectsRepo.addHistory(trx, [{ prospect_id: copy.prospect_id, at, user_id: null, field: 'newsletterReturn', before: null, after: { kind: event.kind, issueId: copy.issue_id, status: event.status, detail: event.diagnostic } }]);
      } else if (event.kind === 'soft_bounce') {
        if (address && (await this.repo.softBounce(trx, address, event.diagnostic ?? event.status, at)) >= SOFT_LIMIT) await this.repo.activateSuppression(trx, address);
      } else {
        await this.prospectsRepo.addHistory(trx, [{ prospect_id: copy.prospect_id, at, user_id: null, field: 'newsletterReply', before: null, after: { issueId: copy.issue_id, from: event.from, subject: event.subject, text: event.text?.slice(0, 2000) ?? null } }]);
        if (copy.signer_id !== null) {
          await this.notices.insert(trx, { userId: copy.signer_id, kind: 'newsletter_reply', prospectId: copy.prospect_id, actorLabel: event.from, data: { issueId: copy.issue_id, subject: event.subject }, at });
        }
      }
    });
  }

  // ---- Reports ----------------------------------------------------------------------------------------------------

  /** Whose pond is going quiet: per owner, live prospects that got fewer than the yearly minimum in the last 365 days. */
  async quietReport(actor: Actor): Promise<QuietReportView> {
    if (!can.reviewNewsletters(actor.role)) throw new AppError('FORBIDDEN');
    const db = this.db;
    const { policy } = await this.policy(db);
    let owners: number[] | null = null;
    if (actor.role !== 'admin') {
      const teams = await this.managedTeams(db, actor);
      owners = await this.users.idsInTeams(db, teams);
      owners.push(actor.userId);
    }
    const since = new Date(this.now().getTime() - 365 * 86_400_000).toISOString();
    const rows = await this.repo.coverage(db, since, policy.minPerYear, owners);
    const names = await this.repo.signers(
      db,
      rows.map((r) => r.owner_id ?? 0),
    );
    return {
      minPerYear: policy.minPerYear,
      owners: rows
        .map((r) => ({ owner: r.owner_id === null ? null : { id: r.owner_id, name: names.get(r.owner_id)?.display_name ?? '' }, prospects: Number(r.prospects), quiet: Number(r.quiet), none: Number(r.none) }))
        .sort((a, b) => b.quiet - a.quiet),
    };
  }

  /** Send windows older than a day go (the per-hour budget only ever reads the current hour). */
  async purgeWindows(): Promise<void> {
    const day = new Date(this.now().getTime() - 86_400_000).toISOString();
    await this.repo.purgeWindows(this.db, day.slice(0, 16), day.slice(0, 13));
  }
}
