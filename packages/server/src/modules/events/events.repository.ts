import { lockedForUpdate, type DB, type EventsTable, type Executor, type InvitationsTable } from '@pond/db';
import type { InvitationState } from '@pond/domain';
import type { ExpressionBuilder, Insertable, Selectable, Updateable } from 'kysely';
import { visibleTo, type ProspectScope } from '../prospects/prospects.queries.js';

export type EventRow = Selectable<EventsTable> & { team_name: string | null };
export type InvitationRow = Selectable<InvitationsTable> & {
  prospect_name: string;
  prospect_company: string | null;
  prospect_owner_id: number | null;
  event_title: string;
  event_kind: EventsTable['kind'];
  event_starts_at: string;
  event_ends_at: string | null;
  event_time_zone: string;
  event_status: 'planned' | 'cancelled';
  mail_status: 'pending' | 'sent' | 'failed' | null;
};

/** Who looks at events: everyone sees the company's own (no team); the rest are their team's, hosts' and maker's. */
export interface EventViewer {
  all: boolean;
  userId: number;
  teamId: number | null;
}

export interface EventCounts {
  invited: number;
  accepted: number;
  declined: number;
  no_answer: number;
  attended: number;
  no_show: number;
  total: number;
  walkIns: number;
}

/** An event nobody is invited to yet. */
export const EMPTY_COUNTS: Readonly<EventCounts> = { invited: 0, accepted: 0, declined: 0, no_answer: 0, attended: 0, no_show: 0, total: 0, walkIns: 0 };

/** Events, their hosts and their invitations: the only SQL for them. */
export class EventsRepository {
  /** Whether the viewer may see an event, as a predicate on `e`. */
  private visible(eb: ExpressionBuilder<DB & { e: EventsTable }, 'e'>, v: EventViewer) {
    if (v.all) return eb.lit(true);
    const terms = [
      eb('e.team_id', 'is', null),
      eb('e.created_by_id', '=', v.userId),
      eb('e.team_id', 'in', eb.selectFrom('teams').select('teams.id').where('teams.manager_id', '=', v.userId)),
      eb.exists(eb.selectFrom('event_hosts as h').select('h.user_id').whereRef('h.event_id', '=', 'e.id').where('h.user_id', '=', v.userId)),
    ];
    if (v.teamId !== null) terms.push(eb('e.team_id', '=', v.teamId));
    return eb.or(terms);
  }

  private events(db: Executor, v: EventViewer) {
    return db
      .selectFrom('events as e')
      .leftJoin('teams as t', 't.id', 'e.team_id')
      .selectAll('e')
      .select('t.name as team_name')
      .where((eb) => this.visible(eb as never, v));
  }

  /**
   * Upcoming (not yet ended; soonest first) or past (latest first), keyset-paginated by (starts_at, id).
   */
  async page(db: Executor, v: EventViewer, q: { when: 'upcoming' | 'past'; now: string; kind?: string; limit: number; after?: { at: string; id: number } }): Promise<EventRow[]> {
    let s = this.events(db, v);
    const ended = (eb: ExpressionBuilder<DB & { e: EventsTable }, 'e'>) => eb(eb.fn.coalesce('e.ends_at', 'e.starts_at'), '<', q.now);
    s = q.when === 'upcoming' ? s.where((eb) => eb.not(ended(eb as never))) : s.where((eb) => ended(eb as never));
    if (q.kind) s = s.where('e.kind', '=', q.kind as EventsTable['kind']);
    const a = q.after;
    if (a) {
      s = q.when === 'upcoming'
        ? s.where((eb) => eb.or([eb('e.starts_at', '>', a.at), eb.and([eb('e.starts_at', '=', a.at), eb('e.id', '>', a.id)])]))
        : s.where((eb) => eb.or([eb('e.starts_at', '<', a.at), eb.and([eb('e.starts_at', '=', a.at), eb('e.id', '<', a.id)])]));
    }
    const dir = q.when === 'upcoming' ? 'asc' : 'desc';
    return (await s.orderBy('e.starts_at', dir).orderBy('e.id', dir).limit(q.limit).execute()) as EventRow[];
  }

  async find(db: Executor, v: EventViewer, id: number): Promise<EventRow | undefined> {
    return (await this.events(db, v).where('e.id', '=', id).executeTakeFirst()) as EventRow | undefined;
  }

  /** The event row locked until the transaction ends: its version, its capacity, its list's closing. */
  async lock(db: Executor, id: number): Promise<Selectable<EventsTable> | undefined> {
    return lockedForUpdate(db, db.selectFrom('events as e').selectAll('e').where('e.id', '=', id), 'e').executeTakeFirst();
  }

  async insert(db: Executor, row: Insertable<EventsTable>): Promise<number> {
    return (await db.insertInto('events').values(row).returning('id').executeTakeFirstOrThrow()).id;
  }

  /** One conditional statement: changed only on the version read. */
  async update(db: Executor, id: number, patch: Updateable<EventsTable>, version: number): Promise<boolean> {
    const r = await db.updateTable('events').set({ ...patch, version: version + 1 }).where('id', '=', id).where('version', '=', version).executeTakeFirst();
    return Number(r.numUpdatedRows) > 0;
  }

  async hosts(db: Executor, eventIds: number[]): Promise<Map<number, { id: number; name: string }[]>> {
    const out = new Map<number, { id: number; name: string }[]>();
    if (!eventIds.length) return out;
    const rows = await db
      .selectFrom('event_hosts as h')
      .innerJoin('users as u', 'u.id', 'h.user_id')
      .select(['h.event_id', 'u.id', 'u.display_name'])
      .where('h.event_id', 'in', eventIds)
      .orderBy('u.display_name')
      .execute();
    for (const r of rows) out.set(r.event_id, [...(out.get(r.event_id) ?? []), { id: r.id, name: r.display_name }]);
    return out;
  }

  async replaceHosts(db: Executor, eventId: number, userIds: number[]): Promise<void> {
    await db.deleteFrom('event_hosts').where('event_id', '=', eventId).execute();
    if (userIds.length) await db.insertInto('event_hosts').values(userIds.map((user_id) => ({ event_id: eventId, user_id }))).execute();
  }

  async isHost(db: Executor, eventId: number, userId: number): Promise<boolean> {
    return Boolean(await db.selectFrom('event_hosts').select('user_id').where('event_id', '=', eventId).where('user_id', '=', userId).executeTakeFirst());
  }

  /** Every invitation of the events counted by state (from the (event, state) index). */
  async counts(db: Executor, eventIds: number[]): Promise<Map<number, EventCounts>> {
    const out = new Map<number, EventCounts>();
    if (!eventIds.length) return out;
    const rows = await db
      .selectFrom('invitations')
      .select((eb) => ['event_id', 'state', eb.fn.countAll<number>().as('n'), eb.fn.sum<number>(eb.case().when('walk_in', '=', true as never).then(1).else(0).end()).as('walk_ins')])
      .where('event_id', 'in', eventIds)
      .groupBy(['event_id', 'state'])
      .execute();
    for (const id of eventIds) out.set(id, { ...EMPTY_COUNTS });
    for (const r of rows) {
      const c = out.get(r.event_id)!;
      c[r.state] = Number(r.n);
      c.total += Number(r.n);
      c.walkIns += Number(r.walk_ins ?? 0);
    }
    return out;
  }

  /** Seats taken (accepted or attended), read under the event's lock. */
  async seated(db: Executor, eventId: number): Promise<number> {
    const r = await db.selectFrom('invitations').select((eb) => eb.fn.countAll<number>().as('n')).where('event_id', '=', eventId).where('state', 'in', ['accepted', 'attended']).executeTakeFirstOrThrow();
    return Number(r.n);
  }

  private invitationsQuery(db: Executor) {
    return db
      .selectFrom('invitations as i')
      .innerJoin('prospects as p', 'p.id', 'i.prospect_id')
      .innerJoin('events as e', 'e.id', 'i.event_id')
      .leftJoin('outbox as m', 'm.key', 'i.mail_key')
      .selectAll('i')
      .select([
        'p.name as prospect_name',
        'p.company as prospect_company',
        'p.owner_id as prospect_owner_id',
        'e.title as event_title',
        'e.kind as event_kind',
        'e.starts_at as event_starts_at',
        'e.ends_at as event_ends_at',
        'e.time_zone as event_time_zone',
        'e.status as event_status',
        'm.status as mail_status',
      ]);
  }

  /** An event's invitations whose invitee the scope sees, by name; `q` matches name or company. */
  async ofEvent(db: Executor, scope: ProspectScope, eventId: number, f: { state?: InvitationState; q?: string; limit: number }): Promise<InvitationRow[]> {
    let s = this.invitationsQuery(db).where('i.event_id', '=', eventId).where((eb) => visibleTo(scope)(eb as never));
    if (f.state) s = s.where('i.state', '=', f.state);
    // A plain substring of the name or company, either case; LIKE's wildcards are taken out of what was typed.
    const typed = f.q?.replace(/[%_\\]/g, '').trim().toLowerCase();
    if (typed) s = s.where((eb) => eb.or([eb(eb.fn('lower', ['p.name']), 'like', `%${typed}%`), eb(eb.fn('lower', ['p.company']), 'like', `%${typed}%`)]));
    return (await s.orderBy('p.name').orderBy('i.id').limit(f.limit).execute()) as InvitationRow[];
  }

  /** How many of an event's invitations the scope sees. */
  async visibleCount(db: Executor, scope: ProspectScope, eventId: number): Promise<number> {
    const r = await db
      .selectFrom('invitations as i')
      .innerJoin('prospects as p', 'p.id', 'i.prospect_id')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .where('i.event_id', '=', eventId)
      .where((eb) => visibleTo(scope)(eb as never))
      .executeTakeFirstOrThrow();
    return Number(r.n);
  }

  async ofProspect(db: Executor, prospectId: number): Promise<InvitationRow[]> {
    return (await this.invitationsQuery(db).where('i.prospect_id', '=', prospectId).orderBy('e.starts_at', 'desc').limit(100).execute()) as InvitationRow[];
  }

  async findInvitation(db: Executor, id: number): Promise<InvitationRow | undefined> {
    return (await this.invitationsQuery(db).where('i.id', '=', id).executeTakeFirst()) as InvitationRow | undefined;
  }

  /** Whose invitation it is, before anything is locked: the prospect's lock is taken first on every path. */
  async keysOf(db: Executor, id: number): Promise<{ event_id: number; prospect_id: number } | undefined> {
    return db.selectFrom('invitations').select(['event_id', 'prospect_id']).where('id', '=', id).executeTakeFirst();
  }

  async lockInvitation(db: Executor, id: number): Promise<Selectable<InvitationsTable> | undefined> {
    return lockedForUpdate(db, db.selectFrom('invitations as i').selectAll('i').where('i.id', '=', id), 'i').executeTakeFirst();
  }

  /** New invitations; a prospect already invited keeps its invitation (two colleagues at once make one). Returns the new ones. */
  async insertMany(db: Executor, rows: Insertable<InvitationsTable>[]): Promise<{ id: number; prospect_id: number }[]> {
    if (!rows.length) return [];
    return db.insertInto('invitations').values(rows).onConflict((oc) => oc.columns(['event_id', 'prospect_id']).doNothing()).returning(['id', 'prospect_id']).execute();
  }

  /** One conditional statement: moved only from the version and state read. */
  async move(db: Executor, id: number, patch: Updateable<InvitationsTable>, expected: { version: number; state: InvitationState }): Promise<boolean> {
    const r = await db
      .updateTable('invitations')
      .set({ ...patch, version: expected.version + 1 })
      .where('id', '=', id)
      .where('version', '=', expected.version)
      .where('state', '=', expected.state)
      .executeTakeFirst();
    return Number(r.numUpdatedRows) > 0;
  }

  async setMail(db: Executor, id: number, mail: { key: string | null; refused: string | null }): Promise<void> {
    await db.updateTable('invitations').set({ mail_key: mail.key, mail_refused: mail.refused }).where('id', '=', id).execute();
  }

  /** Closing the list after the event, in one statement per state: accepted → no-show, invited → no answer. */
  async closeList(db: Executor, eventId: number, at: string): Promise<{ noShow: number; noAnswer: number }> {
    const noShow = await db.updateTable('invitations').set((eb) => ({ state: 'no_show', updated_at: at, version: eb('version', '+', 1) })).where('event_id', '=', eventId).where('state', '=', 'accepted').executeTakeFirst();
    const noAnswer = await db.updateTable('invitations').set((eb) => ({ state: 'no_answer', updated_at: at, version: eb('version', '+', 1) })).where('event_id', '=', eventId).where('state', '=', 'invited').executeTakeFirst();
    return { noShow: Number(noShow.numUpdatedRows), noAnswer: Number(noAnswer.numUpdatedRows) };
  }

  /**
   * The events a user's calendar feed shows: those they host or made, from a day back to `until`, soonest first
   * (cancelled ones too, so a calendar takes them off).
   */
  private forFeed(db: Executor, userId: number, from: string, until: string) {
    return db
      .selectFrom('events as e')
      .where('e.starts_at', '>=', from)
      .where('e.starts_at', '<', until)
      .where((eb) => eb.or([eb('e.created_by_id', '=', userId), eb.exists(eb.selectFrom('event_hosts as h').select('h.user_id').whereRef('h.event_id', '=', 'e.id').where('h.user_id', '=', userId))]));
  }

  async feedEvents(db: Executor, userId: number, from: string, until: string, limit: number): Promise<Selectable<EventsTable>[]> {
    return this.forFeed(db, userId, from, until).selectAll('e').orderBy('e.starts_at').orderBy('e.id').limit(limit).execute();
  }

  /** What the feed's events part depends on: their count, latest change and versions, in one aggregate. */
  async feedStamp(db: Executor, userId: number, from: string, until: string): Promise<string> {
    const r = await this.forFeed(db, userId, from, until)
      .select((eb) => [eb.fn.countAll<number | string>().as('n'), eb.fn.max('e.updated_at').as('latest'), eb.fn.sum<number | string>('e.version').as('versions')])
      .executeTakeFirst();
    return `${Number(r?.n ?? 0)}:${String(r?.latest ?? '')}:${String(r?.versions ?? 0)}`;
  }

  /** What an invitation mail needs of its guests: name, first e-mail, consent, whether dropped or archived. */
  async guests(db: Executor, prospectIds: number[]) {
    if (!prospectIds.length) return new Map<number, { name: string; email: string | null; consent: string; dropped: boolean; archived: boolean }>();
    const rows = await db
      .selectFrom('prospects as p')
      .select((eb) => [
        'p.id',
        'p.name',
        'p.newsletter_consent',
        'p.disposition',
        'p.archived_at',
        eb.selectFrom('prospect_contacts as c').select('c.value').whereRef('c.prospect_id', '=', 'p.id').where('c.kind', '=', 'email').orderBy('c.position').limit(1).as('email'),
      ])
      .where('p.id', 'in', prospectIds)
      .execute();
    return new Map(rows.map((r) => [r.id, { name: r.name, email: r.email ?? null, consent: r.newsletter_consent, dropped: r.disposition === 'dropped', archived: r.archived_at !== null }]));
  }
}
