import { lockedForUpdate, locks, prepared, type Executor } from '@pond/db';
import { sql, type ExpressionBuilder, type Insertable, type Selectable } from 'kysely';
import type { DB, ProspectsTable, TouchesTable } from '@pond/db';
import {
  extrasQuery,
  latestTouchesQuery,
  listQuery,
  prospectQuery,
  touchesQuery,
  type ListArgs,
  type ListFilterArgs,
  type CountBy,
  countsQuery,
  visibleTo,
  type ProspectScope,
} from './prospects.queries.js';

export type ProspectRow = Selectable<ProspectsTable> & { owner_name?: string | null; collector_name?: string | null };
/** A touch as the timeline reads it (coaching's own columns are read by coaching). */
export type TouchRow = Omit<Selectable<TouchesTable>, 'owner_id' | 'local_on' | 'due_on' | 'next_on' | 'has_feedback'> & { user_name?: string | null };

export interface ProspectExtras {
  phones: string[];
  emails: string[];
  tags: string[];
  colleagues: { id: number; name: string }[];
}

/** A new prospect as inserted: every column but the generated and derived ones. */
export type NewProspectRow = Omit<
  Insertable<ProspectsTable>,
  'id' | 'version' | 'touch_count' | 'last_touch_at' | 'explicit_next_on' | 'next_due_on' | 'archived_at' | 'resume_on' | 'dropped_reason'
> & { do_not_call: boolean; name_key: string };

export type ProspectPatch = Partial<Omit<NewProspectRow, 'created_at' | 'created_by_id'>> & {
  touch_count?: number;
  last_touch_at?: string | null;
  explicit_next_on?: string | null;
  next_due_on?: string | null;
  resume_on?: string | null;
  dropped_reason?: string | null;
  archived_at?: string | null;
};

const touchAtOrBefore = prepared((db, p: { id: number; at: string }) =>
  db.selectFrom('touches').select('id').where('prospect_id', '=', p.id).where('at', '<=', p.at).limit(1),
);

/** An owned prospect's recall clock starts when it is created, unless the row says otherwise. */
const withOwnedSince = (row: NewProspectRow): NewProspectRow => ({ ...row, owned_since: row.owned_since ?? (row.owner_id != null ? row.created_at : null) });

const insertProspect = prepared((db, p: NewProspectRow) => db.insertInto('prospects').values(p).returning('id'));

/** The first key of Pond's contact locks ('POND' in ASCII), so they never meet another application's advisory locks. */
const CONTACT_LOCK_CLASS = 0x504f4e44;
const CONTACT_BUCKETS = 128;
/** FNV-1a of the key, into one of CONTACT_BUCKETS. */
function contactBucket(key: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < key.length; i++) h = Math.imul(h ^ key.charCodeAt(i), 0x01000193);
  return (h >>> 0) % CONTACT_BUCKETS;
}

/** Rows per multi-row statement: well inside SQLite's 32,766 bound parameters for these tables. */
const ROWS_PER_INSERT = 1_000;

/** The day of the touch after `t` of the same prospect (by instant, then id), in its owner's calendar. */
const nextOn = (eb: ExpressionBuilder<DB & { t: TouchesTable }, 't'>) =>
  eb
    .selectFrom('touches as n')
    .select('n.local_on')
    .whereRef('n.prospect_id', '=', 't.prospect_id')
    .where(sql<boolean>`(n.at, n.id) > (t.at, t.id)`)
    .orderBy('n.at')
    .orderBy('n.id')
    .limit(1);

const insertTouch = prepared((db, p: Insertable<TouchesTable>) => db.insertInto('touches').values(p).returning('id'));

const updateProspect = prepared(
  (db, p: { id: number; patch: ProspectPatch; at: string; bumpVersion: boolean; expectedVersion?: number }, args) => {
    const q = db
      .updateTable('prospects')
      .set((eb) => ({ ...p.patch, updated_at: p.at, ...(args.bumpVersion && { version: eb('version', '+', 1) }) }))
      .where('id', '=', p.id);
    return args.expectedVersion === undefined ? q : q.where('version', '=', p.expectedVersion!);
  },
  (a) => String(a.bumpVersion),
);

/** Only this file, prospects.queries.ts and ../cards/duplicates.repository.ts (name keys and possible duplicates) speak SQL for prospects. */
const linkedTo = prepared((db, p: { userId: number }) => db.selectFrom('prospect_colleagues').select('prospect_id').where('user_id', '=', p.userId));

export class ProspectsRepository {
  /** Whether any prospect exists at all. */
  async any(db: Executor): Promise<boolean> {
    return (await db.selectFrom('prospects').select('id').limit(1).execute()).length > 0;
  }

  /** The prospects a user is linked to as a colleague (交叉聯系). */
  async linkedIdsOf(db: Executor, userId: number): Promise<number[]> {
    return (await linkedTo.all(db, { userId })).map((r) => r.prospect_id);
  }

  /**
   * One visible prospect. Inside a transaction (where Pond only goes to write) the row is locked until the
   * transaction ends, so every read-modify-write of a prospect is serialised here, once, for every service.
   */
  async find(db: Executor, id: number, scope: ProspectScope): Promise<ProspectRow | undefined> {
    return prospectQuery.first(db, { id, scope, lock: locks(db) });
  }

  /**
   * Locks the given prospects in id order, before a write that changes several (a merge): two such writes
   * on overlapping rows then queue instead of deadlocking. Returns the ids that exist.
   */
  async lockMany(db: Executor, ids: number[]): Promise<number[]> {
    const sorted = [...new Set(ids)].sort((a, b) => a - b);
    if (!sorted.length) return [];
    const rows = await lockedForUpdate(db, db.selectFrom('prospects as p').select('p.id').where('p.id', 'in', sorted).orderBy('p.id'), 'p').execute();
    return rows.map((r) => r.id);
  }

  async extras(db: Executor, ids: number[]): Promise<Map<number, ProspectExtras>> {
    const map = new Map<number, ProspectExtras>(ids.map((id) => [id, { phones: [], emails: [], tags: [], colleagues: [] }]));
    if (!ids.length) return map;
    const rows = await extrasQuery.all(db, { ids });
    // Contacts keep their stored order, tags sort by name; the union returns rows in no set order.
    rows.sort((a, b) => a.prospect_id - b.prospect_id || Number(a.ord) - Number(b.ord) || (a.value < b.value ? -1 : a.value > b.value ? 1 : 0));
    for (const r of rows) {
      const x = map.get(r.prospect_id)!;
      if (r.kind === 'phone') x.phones.push(r.value);
      else if (r.kind === 'email') x.emails.push(r.value);
      else if (r.kind === 'tag') x.tags.push(r.value);
      else x.colleagues.push({ id: Number(r.ord), name: r.value });
    }
    return map;
  }

  async insert(db: Executor, row: NewProspectRow): Promise<number> {
    const r = await db.insertInto('prospects').values(withOwnedSince(row)).returning('id').executeTakeFirstOrThrow();
    return r.id;
  }

  /** Inserts new prospects one statement each (the ids come back in order), for imports. */
  async insertMany(db: Executor, rows: NewProspectRow[]): Promise<number[]> {
    const ids: number[] = [];
    for (const row of rows) ids.push((await insertProspect.first(db, withOwnedSince(row)))!.id);
    return ids;
  }

  async insertContacts(db: Executor, rows: { prospect_id: number; kind: 'phone' | 'email'; value: string; position: number }[]): Promise<void> {
    for (let i = 0; i < rows.length; i += ROWS_PER_INSERT) await db.insertInto('prospect_contacts').values(rows.slice(i, i + ROWS_PER_INSERT)).execute();
  }

  async addTagRows(db: Executor, rows: { prospect_id: number; tag: string }[]): Promise<void> {
    for (let i = 0; i < rows.length; i += ROWS_PER_INSERT) {
      await db.insertInto('prospect_tags').values(rows.slice(i, i + ROWS_PER_INSERT)).onConflict((oc) => oc.columns(['prospect_id', 'tag']).doNothing()).execute();
    }
  }

  /**
   * Serialises writers that check contacts before creating them (an import's chunk): on PostgreSQL a transaction
   * lock per bucket of the given contact keys, taken in bucket order, so two imports of the same card cannot both
   * find it free. Buckets (128) bound the locks one transaction holds; two unrelated cards sharing one only wait.
   * SQLite's writers already queue.
   */
  async lockContacts(db: Executor, keys: string[]): Promise<void> {
    if (!locks(db) || !keys.length) return;
    const buckets = [...new Set(keys.map(contactBucket))].sort((a, b) => a - b);
    await sql`select pg_advisory_xact_lock(${CONTACT_LOCK_CLASS}::int, b) from unnest(${buckets}::int[]) as u(b) order by b`.execute(db);
  }

  /** Which prospect holds each of the given contacts (`phone:+86…`, `email:…`); absent keys are free. */
  async holdersOf(db: Executor, keys: string[]): Promise<Map<string, number>> {
    const holders = new Map<string, number>();
    for (const kind of ['phone', 'email'] as const) {
      const values = keys.filter((k) => k.startsWith(`${kind}:`)).map((k) => k.slice(kind.length + 1));
      for (let i = 0; i < values.length; i += ROWS_PER_INSERT) {
        const rows = await db
          .selectFrom('prospect_contacts')
          .select(['value', 'prospect_id'])
          .where('kind', '=', kind)
          .where('value', 'in', values.slice(i, i + ROWS_PER_INSERT))
          .orderBy('prospect_id')
          .execute();
        for (const r of rows) if (!holders.has(`${kind}:${r.value}`)) holders.set(`${kind}:${r.value}`, r.prospect_id);
      }
    }
    return holders;
  }

  /** Updates and bumps the version when `expectedVersion` still matches; false when it moved on. */
  async update(db: Executor, id: number, patch: ProspectPatch, at: string, expectedVersion?: number, bumpVersion = true): Promise<boolean> {
    const r = await updateProspect.execute(db, { id, patch, at, bumpVersion, ...(expectedVersion !== undefined && { expectedVersion }) });
    return Number(r.numAffectedRows ?? 0) > 0;
  }

  /**
   * Prospects to the pool in one statement, each from the owner it had (the caller holds their row locks, so the
   * owners and versions it read are the ones replaced). Returns how many moved.
   */
  async toPool(db: Executor, ids: number[], reason: string, at: string): Promise<number> {
    if (!ids.length) return 0;
    const r = await db
      .updateTable('prospects')
      .set((eb) => ({ pooled_from_id: eb.ref('owner_id'), owner_id: null, owned_since: null, pooled_at: at, pool_reason: reason, updated_at: at, version: eb('version', '+', 1) }))
      .where('id', 'in', ids)
      .where('owner_id', 'is not', null)
      .executeTakeFirst();
    return Number(r.numUpdatedRows);
  }

  async replaceContacts(db: Executor, id: number, kind: 'phone' | 'email', values: string[]): Promise<void> {
    await db.deleteFrom('prospect_contacts').where('prospect_id', '=', id).where('kind', '=', kind).execute();
    if (values.length) {
      await db
        .insertInto('prospect_contacts')
        .values(values.map((value, position) => ({ prospect_id: id, kind, value, position })))
        .execute();
    }
  }

  async replaceTags(db: Executor, id: number, tags: string[]): Promise<void> {
    await db.deleteFrom('prospect_tags').where('prospect_id', '=', id).execute();
    if (tags.length) await db.insertInto('prospect_tags').values(tags.map((tag) => ({ prospect_id: id, tag }))).execute();
  }

  async addTags(db: Executor, ids: number[], tags: string[]): Promise<void> {
    if (!ids.length || !tags.length) return;
    await db
      .insertInto('prospect_tags')
      .values(ids.flatMap((prospect_id) => tags.map((tag) => ({ prospect_id, tag }))))
      .onConflict((oc) => oc.columns(['prospect_id', 'tag']).doNothing())
      .execute();
  }

  async removeTags(db: Executor, ids: number[], tags: string[]): Promise<void> {
    if (!ids.length || !tags.length) return;
    await db.deleteFrom('prospect_tags').where('prospect_id', 'in', ids).where('tag', 'in', tags).execute();
  }

  async addHistory(db: Executor, rows: { prospect_id: number; at: string; user_id: number | null; field: string; before: unknown; after: unknown }[]): Promise<void> {
    if (!rows.length) return;
    await db
      .insertInto('prospect_history')
      .values(
        rows.map((r) => ({
          prospect_id: r.prospect_id,
          at: r.at,
          user_id: r.user_id,
          field: r.field,
          before_value: r.before === undefined ? null : JSON.stringify(r.before),
          after_value: r.after === undefined ? null : JSON.stringify(r.after),
        })),
      )
      .execute();
  }

  async history(db: Executor, id: number, limit: number) {
    return db
      .selectFrom('prospect_history as h')
      .leftJoin('users as u', 'u.id', 'h.user_id')
      .select(['h.id', 'h.at', 'h.user_id', 'u.display_name as user_name', 'h.field', 'h.before_value', 'h.after_value'])
      .where('h.prospect_id', '=', id)
      .orderBy('h.id', 'desc')
      .limit(limit)
      .execute();
  }

  async touches(db: Executor, id: number, limit: number, before?: { at: string; id: number }): Promise<TouchRow[]> {
    return touchesQuery.all(db, before ? { prospectId: id, limit, before } : { prospectId: id, limit });
  }

  async latestTouches(db: Executor, ids: number[]) {
    return ids.length ? latestTouchesQuery.all(db, { ids }) : [];
  }

  async hasTouchAtOrBefore(db: Executor, id: number, at: string): Promise<boolean> {
    return (await touchAtOrBefore.first(db, { id, at })) !== undefined;
  }

  async insertTouch(db: Executor, row: Omit<TouchRow, 'id' | 'user_name'> & { on_behalf: boolean; sale_made: boolean; relationship_kept: boolean; owner_id: number | null; local_on: string; due_on: string | null; has_feedback: boolean }): Promise<number> {
    return (await insertTouch.first(db, row))!.id;
  }

  /** A touch logged with an earlier date than the first one takes over as the first contact. */
  async demoteFirstContacts(db: Executor, prospectId: number, exceptId: number): Promise<void> {
    await db.updateTable('touches').set({ kind: 'revisit' }).where('prospect_id', '=', prospectId).where('kind', '=', 'first_contact').where('id', '!=', exceptId).execute();
  }

  async list(db: Executor, args: ListArgs): Promise<ProspectRowSummary[]> {
    return listQuery(db, args).execute();
  }

  /** The list's totals per grade or disposition under its filters. */
  async countsBy(db: Executor, args: ListFilterArgs, by: CountBy): Promise<Map<string, number>> {
    const rows = await countsQuery(db, args, by).execute();
    return new Map(rows.map((r) => [r.value, Number(r.n)]));
  }

  /** A page of the list with the columns an export writes beyond the summary's. */
  async listForExport(db: Executor, args: ListArgs): Promise<ExportRow[]> {
    return listQuery(db, args).select(['p.wechat_id', 'p.address', 'p.notes', 'p.source', 'p.collected_by_id', 'p.dropped_reason', 'p.newsletter_consent']).execute();
  }

  /**
   * Of the given ids, those the scope lets the actor see: batches are checked with one set query. Inside a
   * transaction the rows are locked, in id order so that two batches over the same rows queue, not deadlock.
   */
  async visibleIds(db: Executor, ids: number[], scope: ProspectScope): Promise<ProspectRow[]> {
    if (!ids.length) return [];
    const q = db.selectFrom('prospects as p').selectAll('p').where('p.id', 'in', ids).where(visibleTo(scope)).orderBy('p.id');
    return lockedForUpdate(db, q, 'p').execute();
  }

  async findByContact(db: Executor, kind: 'phone' | 'email', value: string) {
    return db
      .selectFrom('prospect_contacts as c')
      .innerJoin('prospects as p', 'p.id', 'c.prospect_id')
      .select(['p.id', 'p.name', 'p.owner_id'])
      .where('c.kind', '=', kind)
      .where('c.value', '=', value)
      .limit(20)
      .execute();
  }

  async addColleague(db: Executor, prospectId: number, userId: number, by: number, at: string): Promise<boolean> {
    const r = await db
      .insertInto('prospect_colleagues')
      .values({ prospect_id: prospectId, user_id: userId, created_by_id: by, created_at: at })
      .onConflict((oc) => oc.columns(['prospect_id', 'user_id']).doNothing())
      .executeTakeFirst();
    return Number(r.numInsertedOrUpdatedRows ?? 0) > 0;
  }

  async removeColleague(db: Executor, prospectId: number, userId: number): Promise<boolean> {
    const r = await db.deleteFrom('prospect_colleagues').where('prospect_id', '=', prospectId).where('user_id', '=', userId).executeTakeFirst();
    return Number(r.numDeletedRows) > 0;
  }

  /** A merge: the touches and field history of one prospect move to another. */
  async moveTouchesAndHistory(db: Executor, fromId: number, toId: number): Promise<void> {
    await db.updateTable('touches').set({ prospect_id: toId }).where('prospect_id', '=', fromId).execute();
    await db.updateTable('prospect_history').set({ prospect_id: toId }).where('prospect_id', '=', fromId).execute();
    // Orders are the prospect's history too: a sale made to either record is a sale made to the person.
    await db
      .updateTable('orders')
      .set((eb) => ({ prospect_id: toId, prospect_owner_id: eb.selectFrom('prospects').select('owner_id').where('id', '=', toId) }))
      .where('prospect_id', '=', fromId)
      .execute();
  }

  /**
   * Each touch of the prospect learns the day of the one after it (`next_on`), rows that already know it left alone.
   * Run under the prospect's row lock after a touch is added or two records' touches came together.
   */
  async relinkTouches(db: Executor, prospectId: number): Promise<void> {
    await db
      .updateTable('touches as t')
      .set((eb) => ({ next_on: nextOn(eb) }))
      .where('t.prospect_id', '=', prospectId)
      .where((eb) => eb('t.next_on', 'is distinct from', nextOn(eb)))
      .execute();
  }

  /** After touches of two records came together: the earliest one is the first contact, every other a revisit. */
  async renumberFirstContact(db: Executor, prospectId: number): Promise<void> {
    const first = await db.selectFrom('touches').select('id').where('prospect_id', '=', prospectId).orderBy('at').orderBy('id').limit(1).executeTakeFirst();
    if (!first) return;
    await db.updateTable('touches').set({ kind: 'revisit' }).where('prospect_id', '=', prospectId).where('kind', '=', 'first_contact').where('id', '!=', first.id).execute();
    await db.updateTable('touches').set({ kind: 'first_contact' }).where('id', '=', first.id).execute();
  }

  /** Removes the prospect and, through the foreign keys, every touch, contact, tag, link and history row. */
  async erase(db: Executor, id: number): Promise<boolean> {
    const r = await db.deleteFrom('prospects').where('id', '=', id).executeTakeFirst();
    return Number(r.numDeletedRows) > 0;
  }
}

/** A row of an export's page: the summary and every other column a user sees on the prospect. */
export type ExportRow = ProspectRowSummary & Pick<ProspectRow, 'wechat_id' | 'address' | 'notes' | 'source' | 'collected_by_id' | 'dropped_reason' | 'newsletter_consent'>;

export type ProspectRowSummary = Pick<
  ProspectRow,
  | 'id'
  | 'name'
  | 'company'
  | 'title'
  | 'owner_id'
  | 'grade'
  | 'importance'
  | 'expected_close'
  | 'disposition'
  | 'resume_on'
  | 'interval_days'
  | 'stage'
  | 'touch_count'
  | 'last_touch_at'
  | 'next_due_on'
  | 'archived_at'
  | 'version'
  | 'created_at'
>;

