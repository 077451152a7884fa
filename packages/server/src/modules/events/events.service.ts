import { withTransaction, type Executor } from '@pond/db';
import {
  AppError,
  can,
  CreateProspectInput,
  EVENT_KIND_LABELS,
  INVITATION_MOVES,
  answersOpen,
  checkInOpen,
  closedState,
  followUpAfter,
  isOver,
  mayCheckIn,
  renderInvitation,
  seatsLeft,
  todayIn,
  type CancelEventInput,
  type CheckInInput,
  type CheckInResultView,
  type EventInput,
  type EventPageView,
  type EventPatch,
  type EventView,
  type InvitationAnswerView,
  type InvitationListView,
  type InvitationMoveInput,
  type InvitationState,
  type InvitationView,
  type InviteInput,
  type InviteResultView,
  type WalkInInput,
} from '@pond/domain';
import type { Actor, RequestMeta } from '../../platform/actor.js';
import { link } from '../../platform/config.js';
import type { LinkSigner } from '../../platform/signed-links.js';
import { keysetCursor } from '../../platform/keyset-cursor.js';
import { assertVersion } from '../../platform/versioning.js';
import type { AuditRepository } from '../audit/audit.repository.js';
import type { MailService } from '../mail/mail.service.js';
import type { BookService } from '../prospects/book.service.js';
import { ListFilterQuery } from '../prospects/list-filters.js';
import { type Loaded } from '../prospects/prospects.access.js';
import { type ActorReach } from '../prospects/prospects.policy.js';
import type { ProspectsService } from '../prospects/prospects.service.js';
import type { TouchesService } from '../prospects/touches.service.js';
import type { UsersRepository } from '../users/users.repository.js';
import type { EventsRepository} from './events.repository.js';
import { EMPTY_COUNTS, type EventRow, type EventViewer, type InvitationRow } from './events.repository.js';
import type { TeamsRepository } from '../teams/teams.repository.js';
import type { Repositories } from '../../repositories.js';
import type { ProspectsRepository } from '../prospects/prospects.repository.js';
import type { CoreDeps } from '../../platform/deps.js';
import type { ProspectAccess } from '../prospects/prospects.access.js';

export interface EventListQuery {
  when: 'upcoming' | 'past';
  kind?: string;
  cursor?: string;
  limit: number;
}

/** The most prospects one invitation round takes (a filter matching more invites the first ones, and says so). */
export const INVITE_MAX = 500;
/** The most invitations one list answer holds. */
const LIST_MAX = 1000;


/** What the actor is to an event: whether they organise it (its maker, its team's manager, an admin) or host it. */
interface Role {
  organizer: boolean;
  host: boolean;
  actorRole: Actor['role'];
}

/**
 * Events (研討會): a team's seminars, test-drive days, fairs and dinners, the colleagues who host them, and the
 * invitations of prospects. An event is seen by its team (the company's own, with no team, by everyone), its hosts
 * and its maker; an invitation only by whoever may see the invitee. Checking a guest in logs the attendance as a
 * touch by the colleague at the door (on the company's behalf when not the owner), with the day after the event as
 * the owner's next contact, so Today shows the attendee the next morning.
 */
export class EventsService {
  private readonly repo: EventsRepository;
  private readonly audit: AuditRepository;
  private readonly users: UsersRepository;

  private readonly prospectsRepo: ProspectsRepository;
  private readonly teams: TeamsRepository;
  constructor(
    repos: Pick<Repositories, 'audit' | 'events' | 'prospects' | 'teams' | 'users'>,
    private readonly deps: CoreDeps,
    private readonly access: ProspectAccess,
    private readonly prospects: ProspectsService,
    private readonly touches: TouchesService,
    private readonly book: BookService,
    private readonly mail: MailService,
    private readonly links: LinkSigner,
  ) {
    this.repo = repos.events;
    this.audit = repos.audit;
    this.users = repos.users;
    this.prospectsRepo = repos.prospects;
    this.teams = repos.teams;
  }

  private get db() {
    return this.deps.database.db;
  }

  private viewer(actor: Actor): EventViewer {
    return { all: actor.role === 'admin', userId: actor.userId, teamId: actor.teamId };
  }

  private async managedTeams(db: Executor, actor: Actor): Promise<Set<number>> {
    if (actor.role !== 'manager') return new Set();
    return new Set(await this.teams.managedBy(db, actor.userId));
  }

  /** The actor's part in one event, reading the teams they manage. */
  private async partOf(db: Executor, actor: Actor, e: Pick<EventRow, 'created_by_id' | 'team_id'>, hostIds: readonly number[]): Promise<Role> {
    return this.roleIn(actor, e, hostIds, await this.managedTeams(db, actor));
  }

  private roleIn(actor: Actor, e: Pick<EventRow, 'created_by_id' | 'team_id'>, hostIds: readonly number[], managed: Set<number>): Role {
    const organizer = actor.role === 'admin' || (actor.role === 'manager' && (e.created_by_id === actor.userId || (e.team_id !== null && managed.has(e.team_id))));
    return { organizer, host: hostIds.includes(actor.userId), actorRole: actor.role };
  }

  private canFor(role: Role, e: Pick<EventRow, 'status' | 'starts_at' | 'ends_at' | 'closed_at'>, now: Date) {
    const planned = e.status === 'planned';
    const ev = { startsAt: e.starts_at, endsAt: e.ends_at };
    const over = isOver(ev, now);
    return {
      edit: planned && role.organizer,
      cancel: planned && role.organizer && !over,
      invite: planned && !over,
      checkIn: planned && (role.organizer || role.host) && checkInOpen(ev, now),
      walkIn: planned && (role.organizer || role.host) && checkInOpen(ev, now) && can.collectWalkIns(role.actorRole),
      close: planned && (role.organizer || role.host) && over && e.closed_at === null,
    };
  }

  private async present(db: Executor, actor: Actor, rows: EventRow[]): Promise<EventView[]> {
    const ids = rows.map((r) => r.id);
    const [hosts, counts, managed, makers] = await Promise.all([
      this.repo.hosts(db, ids),
      this.repo.counts(db, ids),
      this.managedTeams(db, actor),
      this.access.userNames(
        db,
        rows.map((r) => r.created_by_id),
      ),
    ]);
    const now = this.deps.clock.now();
    return rows.map((r) => {
      const h = hosts.get(r.id) ?? [];
      const c = counts.get(r.id) ?? EMPTY_COUNTS;
      return {
        id: r.id,
        title: r.title,
        kind: r.kind,
        status: r.status,
        startsAt: r.starts_at,
        endsAt: r.ends_at,
        timeZone: r.time_zone,
        place: r.place,
        onlineUrl: r.online_url,
        capacity: r.capacity,
        seatsLeft: seatsLeft(r.capacity, c.accepted + c.attended),
        notes: r.notes,
        team: r.team_id === null ? null : { id: r.team_id, name: r.team_name ?? '' },
        hosts: h,
        createdBy: r.created_by_id === null ? null : { id: r.created_by_id, name: makers.get(r.created_by_id) ?? '' },
        cancelReason: r.cancel_reason,
        closedAt: r.closed_at,
        counts: c,
        version: r.version,
        can: this.canFor(
          this.roleIn(
            actor,
            r,
            h.map((x) => x.id),
            managed,
          ),
          r,
          now,
        ),
      };
    });
  }

  async list(actor: Actor, q: EventListQuery): Promise<EventPageView> {
    const rows = await this.repo.page(this.db, this.viewer(actor), { when: q.when, now: this.deps.clock.now().toISOString(), kind: q.kind, limit: q.limit + 1, after: q.cursor ? keysetCursor.decode(q.cursor) : undefined });
    const page = rows.slice(0, q.limit);
    const last = page.at(-1);
    return {
      items: await this.present(this.db, actor, page),
      nextCursor: rows.length > q.limit && last ? keysetCursor.encode(last.starts_at, last.id) : null,
      canCreate: can.manageEvents(actor.role),
    };
  }

  private async visibleEvent(db: Executor, actor: Actor, id: number): Promise<EventRow> {
    const row = await this.repo.find(db, this.viewer(actor), id);
    if (!row) throw new AppError('NOT_FOUND');
    return row;
  }

  async get(actor: Actor, id: number): Promise<EventView> {
    return (await this.present(this.db, actor, [await this.visibleEvent(this.db, actor, id)]))[0]!;
  }

  /** 404 unless the actor may see the event: for routes that check before they read the body. */
  async assertVisible(actor: Actor, id: number): Promise<void> {
    await this.visibleEvent(this.db, actor, id);
  }

  /**
   * Before a body is read: 404 unless the actor sees the event, 403 unless they may take the part the route needs
   * (`organise`: its maker, its team's manager, an admin; `door`: those or a host, and someone who can own a card).
   */
  async assertPart(actor: Actor, id: number, need: 'see' | 'organise' | 'door'): Promise<void> {
    const row = await this.visibleEvent(this.db, actor, id);
    if (need === 'see') return;
    const role = await this.partOf(this.db, actor, row, (await this.repo.hosts(this.db, [id])).get(id)?.map((h) => h.id) ?? []);
    if (need === 'organise' ? !role.organizer : !(role.organizer || role.host)) throw new AppError('FORBIDDEN');
  }

  /** 404 unless the actor may see the invitee of the invitation. */
  async assertInvitationVisible(actor: Actor, id: number): Promise<void> {
    const keys = await this.repo.keysOf(this.db, id);
    if (!keys) throw new AppError('NOT_FOUND');
    await this.prospects.assertVisible(actor, [keys.prospect_id]);
  }

  /** Hosts must be active colleagues; a manager holds events for the company or for a team they manage. */
  private async checkPeople(db: Executor, actor: Actor, teamId: number | null | undefined, hostIds: number[] | undefined): Promise<void> {
    if (teamId !== undefined && teamId !== null) {
      const team = await this.teams.findById(db, teamId);
      if (!team || (!can.holdEventsForAnyTeam(actor.role) && team.managerId !== actor.userId)) {
        throw new AppError('VALIDATION_FAILED', { details: [{ path: ['body', 'teamId'], message: 'not a team you manage' }] });
      }
    }
    for (const [i, id] of (hostIds ?? []).entries()) {
      if (!(await this.users.inDirectory(db, id))) throw new AppError('VALIDATION_FAILED', { details: [{ path: ['body', 'hostIds', i], message: 'not in the colleague directory' }] });
    }
  }

  async create(actor: Actor, input: EventInput, meta: RequestMeta): Promise<EventView> {
    if (!can.manageEvents(actor.role)) throw new AppError('FORBIDDEN');
    return withTransaction(this.db, async (trx) => {
      await this.checkPeople(trx, actor, input.teamId, input.hostIds);
      const at = this.deps.clock.now().toISOString();
      const id = await this.repo.insert(trx, {
        title: input.title,
        kind: input.kind,
        starts_at: input.startsAt,
        ends_at: input.endsAt ?? null,
        time_zone: input.timeZone,
        place: input.place ?? null,
        online_url: input.onlineUrl ?? null,
        capacity: input.capacity ?? null,
        notes: input.notes ?? null,
        team_id: input.teamId ?? null,
        created_by_id: actor.userId,
        created_at: at,
        updated_at: at,
      });
      await this.repo.replaceHosts(trx, id, [...new Set(input.hostIds)]);
      await this.audit.record(trx, { at, actorId: actor.userId, actorLabel: actor.email, action: 'event.created', entityType: 'event', entityId: id, after: { title: input.title, kind: input.kind, startsAt: input.startsAt, teamId: input.teamId ?? null, hosts: input.hostIds }, ip: meta.ip });
      return this.reloadIn(trx, actor, id);
    });
  }

  /** Loads an event for a change by its organiser: visible, then locked, with the version checked. */
  private async loadForChange(trx: Executor, actor: Actor, id: number, version: number | undefined) {
    const row = await this.visibleEvent(trx, actor, id);
    const locked = await this.repo.lock(trx, id);
    if (!locked) throw new AppError('NOT_FOUND');
    const [view] = await this.present(trx, actor, [{ ...row, ...locked }]);
    if (version === undefined && actor.via !== 'cli') throw new AppError('VERSION_REQUIRED');
    if (version !== undefined && version !== locked.version) assertVersion(version, locked.version, view, false);
    return { row: { ...row, ...locked }, view: view! };
  }

  async update(actor: Actor, id: number, version: number | undefined, patch: Omit<EventPatch, 'version'>, meta: RequestMeta): Promise<EventView> {
    return withTransaction(this.db, async (trx) => {
      const { row, view } = await this.loadForChange(trx, actor, id, version);
      if (!view.can.edit) throw new AppError(row.status === 'cancelled' ? 'EVENT_CLOSED' : 'FORBIDDEN');
      await this.checkPeople(trx, actor, patch.teamId, patch.hostIds);
      const startsAt = patch.startsAt ?? row.starts_at;
      const endsAt = patch.endsAt !== undefined ? patch.endsAt : row.ends_at;
      if (endsAt !== null && endsAt < startsAt) throw new AppError('VALIDATION_FAILED', { details: [{ path: ['body', 'endsAt'], message: 'An event ends after it starts' }] });
      const at = this.deps.clock.now().toISOString();
      const ok = await this.repo.update(
        trx,
        id,
        {
          ...(patch.title !== undefined && { title: patch.title }),
          ...(patch.kind !== undefined && { kind: patch.kind }),
          starts_at: startsAt,
          ends_at: endsAt,
          ...(patch.timeZone !== undefined && { time_zone: patch.timeZone }),
          ...(patch.place !== undefined && { place: patch.place }),
          ...(patch.onlineUrl !== undefined && { online_url: patch.onlineUrl }),
          ...(patch.capacity !== undefined && { capacity: patch.capacity }),
          ...(patch.notes !== undefined && { notes: patch.notes }),
          ...(patch.teamId !== undefined && { team_id: patch.teamId }),
          updated_at: at,
        },
        row.version,
      );
      if (!ok) throw new AppError('STALE_VERSION');
      if (patch.hostIds) await this.repo.replaceHosts(trx, id, [...new Set(patch.hostIds)]);
      await this.audit.record(trx, { at, actorId: actor.userId, actorLabel: actor.email, action: 'event.updated', entityType: 'event', entityId: id, after: patch, ip: meta.ip });
      return this.reloadIn(trx, actor, id);
    });
  }

  async cancel(actor: Actor, id: number, input: CancelEventInput, meta: RequestMeta): Promise<EventView> {
    return withTransaction(this.db, async (trx) => {
      const { row, view } = await this.loadForChange(trx, actor, id, input.version);
      if (!view.can.cancel) throw new AppError(row.status === 'cancelled' ? 'EVENT_CLOSED' : view.can.edit ? 'EVENT_CLOSED' : 'FORBIDDEN');
      const at = this.deps.clock.now().toISOString();
      if (!(await this.repo.update(trx, id, { status: 'cancelled', cancelled_at: at, cancel_reason: input.reason, updated_at: at }, row.version))) throw new AppError('STALE_VERSION');
      await this.audit.record(trx, { at, actorId: actor.userId, actorLabel: actor.email, action: 'event.cancelled', entityType: 'event', entityId: id, after: { reason: input.reason }, ip: meta.ip });
      return this.reloadIn(trx, actor, id);
    });
  }

  /** After the event: whoever accepted and did not come is a no-show, whoever never answered has no answer. */
  async close(actor: Actor, id: number, version: number | undefined, meta: RequestMeta): Promise<EventView> {
    return withTransaction(this.db, async (trx) => {
      const { row, view } = await this.loadForChange(trx, actor, id, version);
      if (!view.can.close) {
        const role = await this.partOf(
          trx,
          actor,
          row,
          view.hosts.map((h) => h.id),
        );
        if (!role.organizer && !role.host) throw new AppError('FORBIDDEN');
        throw new AppError(row.closed_at !== null || row.status === 'cancelled' ? 'EVENT_CLOSED' : 'EVENT_NOT_OVER');
      }
      const at = this.deps.clock.now().toISOString();
      if (!(await this.repo.update(trx, id, { closed_at: at, updated_at: at }, row.version))) throw new AppError('STALE_VERSION');
      const moved = await this.repo.closeList(trx, id, at);
      await this.audit.record(trx, { at, actorId: actor.userId, actorLabel: actor.email, action: 'event.closed', entityType: 'event', entityId: id, after: { ...moved, accepted: closedState('accepted'), invited: closedState('invited') }, ip: meta.ip });
      return this.reloadIn(trx, actor, id);
    });
  }

  private async reloadIn(db: Executor, actor: Actor, id: number): Promise<EventView> {
    const row = await this.repo.find(db, { all: true, userId: actor.userId, teamId: null }, id);
    return (await this.present(db, actor, [row!]))[0]!;
  }

  // ---- Invitations -------------------------------------------------------------------------------------------

  private async presentInvitations(db: Executor, actor: Actor, reach: ActorReach, rows: InvitationRow[], eventCan?: EventView['can']): Promise<InvitationView[]> {
    const names = await this.access.userNames(
      db,
      rows.flatMap((r) => [r.prospect_owner_id, r.invited_by_id, r.checked_in_by_id]),
    );
    const person = (id: number | null) => (id === null ? null : { id, name: names.get(id) ?? '' });
    return rows.map((r) => {
      const mine = actor.role === 'admin' || r.prospect_owner_id === actor.userId || r.invited_by_id === actor.userId || reach.manages(r.prospect_owner_id) || Boolean(eventCan && (eventCan.checkIn || eventCan.close || eventCan.edit));
      const planned = r.event_status === 'planned';
      return {
        id: r.id,
        event: { id: r.event_id, title: r.event_title, kind: r.event_kind, startsAt: r.event_starts_at, timeZone: r.event_time_zone, status: r.event_status },
        prospect: { id: r.prospect_id, name: r.prospect_name, company: r.prospect_company, owner: person(r.prospect_owner_id) },
        state: r.state,
        channel: r.channel,
        walkIn: Boolean(r.walk_in),
        invitedBy: person(r.invited_by_id),
        invitedAt: r.invited_at,
        answeredAt: r.answered_at,
        checkedInBy: person(r.checked_in_by_id),
        checkedInAt: r.checked_in_at,
        touchId: r.touch_id,
        mail: r.mail_key === null ? (r.mail_refused ? 'not_allowed' : 'none') : r.mail_status === 'sent' ? 'sent' : r.mail_status === 'failed' ? 'failed' : 'queued',
        version: r.version,
        can: {
          checkIn: Boolean(eventCan?.checkIn) && mayCheckIn(r.state),
          move: planned && mine ? [...INVITATION_MOVES[r.state]] : [],
        },
      };
    });
  }

  async invitations(actor: Actor, eventId: number, f: { state?: InvitationState; q?: string }): Promise<InvitationListView> {
    const db = this.db;
    const [event] = await this.present(db, actor, [await this.visibleEvent(db, actor, eventId)]);
    const reach = await this.access.reachOf(db, actor, 'in-query');
    const [rows, seen] = await Promise.all([this.repo.ofEvent(db, reach.scope, eventId, { ...f, limit: LIST_MAX }), this.repo.visibleCount(db, reach.scope, eventId)]);
    return { items: await this.presentInvitations(db, actor, reach, rows, event!.can), hidden: Math.max(0, event!.counts.total - seen) };
  }

  async ofProspect(actor: Actor, prospectId: number): Promise<{ items: InvitationView[] }> {
    const db = this.db;
    const loaded = await this.access.loadVisible(db, actor, prospectId);
    const rows = await this.repo.ofProspect(db, prospectId);
    return { items: await this.presentInvitations(db, actor, loaded.reach, rows) };
  }

  /** The invitation as the actor sees it now (after a change, read inside the transaction). */
  private async invitationView(db: Executor, actor: Actor, reach: ActorReach, id: number): Promise<InvitationView> {
    const row = (await this.repo.findInvitation(db, id))!;
    const event = await this.repo.find(db, this.viewer(actor), row.event_id);
    const can = event ? (await this.present(db, actor, [event]))[0]!.can : undefined;
    return (await this.presentInvitations(db, actor, reach, [row], can))[0]!;
  }

  /**
   * Invites prospects the actor sees: one by one, or everything the prospect list shows under a filter (its own query
   * string). A prospect invited already keeps its invitation. By e-mail, each guest who may be mailed gets the
   * invitation signed by the inviter, with links to accept or decline that need no sign-in.
   */
  async invite(actor: Actor, eventId: number, input: InviteInput, meta: RequestMeta): Promise<InviteResultView> {
    const db = this.db;
    const [event] = await this.present(db, actor, [await this.visibleEvent(db, actor, eventId)]);
    if (!event!.can.invite) throw new AppError('EVENT_CLOSED');
    let ids: number[];
    let truncated = false;
    if (input.prospectIds) {
      ids = [...new Set(input.prospectIds)];
      await this.prospects.assertVisible(actor, ids);
    } else {
      const parsed = ListFilterQuery.safeParse(Object.fromEntries(new URLSearchParams(input.filter ?? '')));
      if (!parsed.success) throw new AppError('VALIDATION_FAILED', { details: parsed.error.issues.map((i) => ({ path: ['body', 'filter', ...i.path.map(String)], message: i.message })) });
      // Live prospects only: an archived record is not invited by a filter.
      ids = await this.book.idsMatching(actor, { ...parsed.data, archived: false }, INVITE_MAX + 1);
      truncated = ids.length > INVITE_MAX;
      ids = ids.slice(0, INVITE_MAX);
    }
    const mailOn = input.channel === 'email' && (await this.mail.isConfigured());
    return withTransaction(db, async (trx) => {
      const locked = await this.repo.lock(trx, eventId);
      if (!locked || locked.status !== 'planned') throw new AppError('EVENT_CLOSED');
      const at = this.deps.clock.now().toISOString();
      const made = await this.repo.insertMany(
        trx,
        ids.map((prospect_id) => ({ event_id: eventId, prospect_id, state: 'invited' as const, channel: input.channel, invited_by_id: actor.userId, invited_at: at, updated_at: at })),
      );
      await this.prospectsRepo.addHistory(
        trx,
        made.map((m) => ({ prospect_id: m.prospect_id, at, user_id: actor.userId, field: 'invitation', before: null, after: { eventId, title: locked.title, state: 'invited' } })),
      );
      let mailed = 0;
      let notMailed = 0;
      if (input.channel === 'email' && made.length) {
        const guests = await this.repo.guests(
          trx,
          made.map((m) => m.prospect_id),
        );
        for (const m of made) {
          const g = guests.get(m.prospect_id)!;
          const refused = !mailOn ? 'no_mail_server' : g.email === null ? 'no_address' : g.consent === 'unsubscribed' ? 'unsubscribed' : g.dropped ? 'dropped' : g.archived ? 'archived' : null;
          if (refused) {
            await this.repo.setMail(trx, m.id, { key: null, refused });
            notMailed++;
            continue;
          }
          const key = `invitation:${m.id}`;
          const sign = await this.links.sign('invitation-answer', m.id);
          const answer = (a: string) => link(this.deps.config, `/api/v1/invitations/answer?t=${encodeURIComponent(sign)}&answer=${a}`);
          const rendered = renderInvitation({
            locale: actor.locale ?? 'en',
            guestName: g.name,
            event: { title: locked.title, kind: locked.kind, startsAt: locked.starts_at, endsAt: locked.ends_at, timeZone: locked.time_zone, place: locked.place, onlineUrl: locked.online_url },
            message: input.message ?? null,
            signer: { name: actor.displayName, email: actor.email },
            links: { accept: answer('accepted'), decline: answer('declined') },
          });
          await this.mail.queue(trx, { key, to: g.email!, replyTo: actor.email, subject: rendered.subject, text: rendered.text, html: rendered.html, headers: {} });
          await this.repo.setMail(trx, m.id, { key, refused: null });
          mailed++;
        }
      }
      await this.audit.record(trx, { at, actorId: actor.userId, actorLabel: actor.email, action: 'event.invited', entityType: 'event', entityId: eventId, after: { invited: made.length, alreadyInvited: ids.length - made.length, channel: input.channel, mailed, filter: input.filter ?? null }, ip: meta.ip });
      return { invited: made.length, alreadyInvited: ids.length - made.length, mailed, notMailed, truncated };
    });
  }

  /** Loads an invitation for a change: the prospect first (locked, as every path takes it first), then the row. */
  private async loadInvitation(trx: Executor, actor: Actor, id: number): Promise<{ loaded: Loaded; keys: { event_id: number; prospect_id: number } }> {
    const keys = await this.repo.keysOf(trx, id);
    if (!keys) throw new AppError('NOT_FOUND');
    const loaded = await this.access.loadVisible(trx, actor, keys.prospect_id);
    return { loaded, keys };
  }

  private checkVersion(actor: Actor, given: number | undefined, current: number): void {
    if (given === undefined && actor.via !== 'cli') throw new AppError('VERSION_REQUIRED');
    if (given !== undefined && given !== current) throw new AppError('INVITATION_WRONG_STATE');
  }

  /** Attendance as a touch: by the colleague at the door, the day after the event as the owner's next contact. */
  private async attend(trx: Executor, actor: Actor, loaded: Loaded, event: EventRow, invitationId: number, summary: string | null | undefined, meta: RequestMeta) {
    const now = this.deps.clock.now();
    const ownerZone = await this.access.ownerZoneOf(trx, actor, loaded.row.owner_id, this.deps.config.defaultTimeZone);
    const nextContactOn = followUpAfter({ startsAt: event.starts_at, endsAt: event.ends_at }, ownerZone, todayIn(now, ownerZone));
    const locale = actor.locale ?? 'en';
    const label = `${EVENT_KIND_LABELS[locale][event.kind]}${locale === 'en' ? ': ' : '：'}`;
    return this.touches.logIn(
      trx,
      actor,
      loaded,
      { channel: 'event', direction: 'inbound', summary: summary ?? `${label}${event.title}`, saleMade: false, relationshipKept: true, nextContactOn },
      meta,
      { ownerZone, audit: { eventId: event.id, invitationId } },
    );
  }

  async checkIn(actor: Actor, id: number, input: CheckInInput, meta: RequestMeta): Promise<CheckInResultView> {
    return withTransaction(this.db, async (trx) => {
      const { loaded, keys } = await this.loadInvitation(trx, actor, id);
      const event = await this.visibleEvent(trx, actor, keys.event_id);
      const [view] = await this.present(trx, actor, [event]);
      if (!view!.can.checkIn) throw new AppError(await this.closedReason(trx, actor, event, view!));
      if (!loaded.can.logTouch) throw new AppError('FORBIDDEN');
      const inv = await this.repo.lockInvitation(trx, id);
      if (!inv) throw new AppError('NOT_FOUND');
      this.checkVersion(actor, input.version, inv.version);
      if (!mayCheckIn(inv.state)) throw new AppError('INVITATION_WRONG_STATE');
      const logged = await this.attend(trx, actor, loaded, event, id, input.summary, meta);
      const at = this.deps.clock.now().toISOString();
      if (!(await this.repo.move(trx, id, { state: 'attended', checked_in_by_id: actor.userId, checked_in_at: at, touch_id: logged.touchId, updated_at: at }, { version: inv.version, state: inv.state }))) throw new AppError('INVITATION_WRONG_STATE');
      await this.prospectsRepo.addHistory(trx, [{ prospect_id: loaded.row.id, at, user_id: actor.userId, field: 'invitation', before: inv.state, after: { eventId: event.id, title: event.title, state: 'attended' } }]);
      await this.audit.record(trx, { at, actorId: actor.userId, actorLabel: actor.email, action: 'invitation.checked_in', entityType: 'invitation', entityId: id, before: { state: inv.state }, after: { eventId: event.id, prospectId: loaded.row.id, touchId: logged.touchId }, ip: meta.ip });
      return { invitation: await this.invitationView(trx, actor, loaded.reach, id), event: await this.reloadIn(trx, actor, event.id) };
    });
  }

  /** Why the door is shut for this actor: a cancelled event, the hours of check-in, or not being at the door at all. */
  private async closedReason(db: Executor, actor: Actor, event: EventRow, view: EventView): Promise<'EVENT_CLOSED' | 'CHECK_IN_CLOSED' | 'FORBIDDEN'> {
    if (event.status !== 'planned') return 'EVENT_CLOSED';
    const role = await this.partOf(
      db,
      actor,
      event,
      view.hosts.map((h) => h.id),
    );
    return role.organizer || role.host ? 'CHECK_IN_CLOSED' : 'FORBIDDEN';
  }

  /** Someone at the door who was not invited: a new prospect from the event, collected and owned by the checker. */
  async walkIn(actor: Actor, eventId: number, input: WalkInInput, meta: RequestMeta): Promise<CheckInResultView> {
    const phones = this.prospects.normalizePhones(input.phones, actor);
    return withTransaction(this.db, async (trx) => {
      const event = await this.visibleEvent(trx, actor, eventId);
      const [view] = await this.present(trx, actor, [event]);
      if (!view!.can.checkIn) throw new AppError(await this.closedReason(trx, actor, event, view!));
      if (!view!.can.walkIn) throw new AppError('FORBIDDEN'); // declared on the route too (collectWalkIns)
      const card = CreateProspectInput.parse({ name: input.name, company: input.company ?? null, title: input.title ?? null, phones: input.phones, emails: input.emails, wechatId: input.wechatId ?? null, source: 'event', grade: input.grade });
      const prospectId = await this.prospects.createIn(trx, actor, card, phones, meta, { eventId });
      const at = this.deps.clock.now().toISOString();
      const [made] = await this.repo.insertMany(trx, [{ event_id: eventId, prospect_id: prospectId, state: 'invited', channel: 'in_person', walk_in: true, invited_by_id: actor.userId, invited_at: at, updated_at: at }]);
      const loaded = await this.access.loadVisible(trx, actor, prospectId);
      const logged = await this.attend(trx, actor, loaded, event, made!.id, input.summary, meta);
      await this.repo.move(trx, made!.id, { state: 'attended', checked_in_by_id: actor.userId, checked_in_at: at, touch_id: logged.touchId, updated_at: at }, { version: 1, state: 'invited' });
      await this.prospectsRepo.addHistory(trx, [{ prospect_id: prospectId, at, user_id: actor.userId, field: 'invitation', before: null, after: { eventId, title: event.title, state: 'attended', walkIn: true } }]);
      await this.audit.record(trx, { at, actorId: actor.userId, actorLabel: actor.email, action: 'invitation.walk_in', entityType: 'invitation', entityId: made!.id, after: { eventId, prospectId, touchId: logged.touchId }, ip: meta.ip });
      return { invitation: await this.invitationView(trx, actor, loaded.reach, made!.id), event: await this.reloadIn(trx, actor, eventId) };
    });
  }

  /** A hand move: an answer given by phone or in person, a no-show marked; seats are counted under the event's lock. */
  async move(actor: Actor, id: number, input: InvitationMoveInput, meta: RequestMeta): Promise<InvitationView> {
    return withTransaction(this.db, async (trx) => {
      const { loaded, keys } = await this.loadInvitation(trx, actor, id);
      const current = (await this.repo.findInvitation(trx, id))!;
      const event = await this.repo.lock(trx, keys.event_id);
      if (!event) throw new AppError('NOT_FOUND');
      const visibleEvent = await this.repo.find(trx, this.viewer(actor), keys.event_id);
      const can = visibleEvent ? (await this.present(trx, actor, [visibleEvent]))[0]!.can : undefined;
      const [shown] = await this.presentInvitations(trx, actor, loaded.reach, [current], can);
      if (event.status !== 'planned') throw new AppError('EVENT_CLOSED');
      if (!shown!.can.move.length && !INVITATION_MOVES[current.state].length) throw new AppError('INVITATION_WRONG_STATE');
      if (!shown!.can.move.length) throw new AppError('FORBIDDEN');
      const inv = await this.repo.lockInvitation(trx, id);
      if (!inv) throw new AppError('NOT_FOUND');
      this.checkVersion(actor, input.version, inv.version);
      if (!INVITATION_MOVES[inv.state].includes(input.state)) throw new AppError('INVITATION_WRONG_STATE');
      if (input.state === 'accepted' && event.capacity !== null && (await this.repo.seated(trx, event.id)) >= event.capacity) throw new AppError('EVENT_FULL');
      const at = this.deps.clock.now().toISOString();
      const answered = input.state === 'accepted' || input.state === 'declined';
      if (!(await this.repo.move(trx, id, { state: input.state, ...(answered && { answered_at: at }), updated_at: at }, { version: inv.version, state: inv.state }))) throw new AppError('INVITATION_WRONG_STATE');
      await this.prospectsRepo.addHistory(trx, [{ prospect_id: loaded.row.id, at, user_id: actor.userId, field: 'invitation', before: inv.state, after: { eventId: event.id, title: event.title, state: input.state } }]);
      await this.audit.record(trx, { at, actorId: actor.userId, actorLabel: actor.email, action: 'invitation.moved', entityType: 'invitation', entityId: id, before: { state: inv.state }, after: { state: input.state }, ip: meta.ip });
      return this.invitationView(trx, actor, loaded.reach, id);
    });
  }

  // ---- The guest's own answer (a signed link, no sign-in) -----------------------------------------------------

  private async answerView(db: Executor, id: number): Promise<InvitationAnswerView> {
    const inv = await this.repo.findInvitation(db, id);
    if (!inv) throw new AppError('NOT_FOUND');
    const event = (await this.repo.find(db, { all: true, userId: 0, teamId: null }, inv.event_id))!;
    const seated = await this.repo.seated(db, event.id);
    const full = event.capacity !== null && seated >= event.capacity && inv.state !== 'accepted' && inv.state !== 'attended';
    const open = event.status === 'planned' && answersOpen({ startsAt: event.starts_at }, this.deps.clock.now()) && inv.state !== 'attended';
    return { title: event.title, kind: event.kind, startsAt: event.starts_at, endsAt: event.ends_at, timeZone: event.time_zone, place: event.place, onlineUrl: event.online_url, status: event.status, state: inv.state, open, full };
  }

  async answerPage(invitationId: number): Promise<InvitationAnswerView> {
    return this.answerView(this.db, invitationId);
  }

  /** The guest accepts or declines. Until the event starts, and while a seat is free for an accept. */
  async answer(invitationId: number, answer: 'accepted' | 'declined', meta: RequestMeta): Promise<InvitationAnswerView> {
    return withTransaction(this.db, async (trx) => {
      const keys = await this.repo.keysOf(trx, invitationId);
      if (!keys) throw new AppError('NOT_FOUND');
      const event = await this.repo.lock(trx, keys.event_id);
      if (!event) throw new AppError('NOT_FOUND');
      const inv = (await this.repo.lockInvitation(trx, invitationId))!;
      if (event.status !== 'planned' || !answersOpen({ startsAt: event.starts_at }, this.deps.clock.now()) || inv.state === 'attended') throw new AppError('EVENT_CLOSED');
      if (inv.state === answer) return this.answerView(trx, invitationId);
      if (answer === 'accepted' && event.capacity !== null && (await this.repo.seated(trx, event.id)) >= event.capacity) throw new AppError('EVENT_FULL');
      const at = this.deps.clock.now().toISOString();
      if (!(await this.repo.move(trx, invitationId, { state: answer, answered_at: at, updated_at: at }, { version: inv.version, state: inv.state }))) throw new AppError('INVITATION_WRONG_STATE');
      await this.prospectsRepo.addHistory(trx, [{ prospect_id: keys.prospect_id, at, user_id: null, field: 'invitation', before: inv.state, after: { eventId: event.id, title: event.title, state: answer, byGuest: true } }]);
      await this.audit.record(trx, { at, actorId: null, actorLabel: 'guest (signed link)', action: 'invitation.answered', entityType: 'invitation', entityId: invitationId, before: { state: inv.state }, after: { state: answer }, ip: meta.ip });
      return this.answerView(trx, invitationId);
    });
  }
}
