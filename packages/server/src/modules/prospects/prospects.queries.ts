import { lockedForUpdate, prepared, throughIndex, type DB, type Executor, type ProspectsTable } from '@pond/db';
import { AGENDA_BUCKETS, type AgendaBucket } from '@pond/domain';
import { sql, type ExpressionBuilder } from 'kysely';

/**
 * Who may see which prospects, as data: 'all' (admin), or the owners whose books are visible plus the
 * prospects the user is linked to as a colleague. Applied inside every query, never filtered afterwards.
 * The linked ids are resolved up front (a short list): `owner_id in (…) or id in (…)` is two index
 * lookups on both engines, where a subquery in the OR made PostgreSQL scan the whole table.
 */
export type ProspectScope =
  | { kind: 'all' }
  /** The shared pool's views: live prospects with no owner, whoever asks (their hidden fields are masked by the pool service). */
  | { kind: 'pool' }
  | {
      kind: 'restricted';
      ownerIds: number[];
      linkedIds: number[];
      /**
       * Instead of listing linked ids: the prospects this user is linked to, looked up inside the query. Only
       * for lookups of given ids (one prospect, search's candidates: an index probe each) and for search's
       * index, read under this user's viewer key; in a list's OR it would make PostgreSQL scan the table.
       */
      linkedTo?: number;
      /**
       * Also the pool prospects this user owned last, read-only (a former owner keeps reading their history). Looked
       * up inside the query like `linkedTo`, so only for loading given ids.
       */
      formerOwner?: number;
    };

/** The database with the prospects table aliased as p, as every query here names it. */
type DBP = DB & { p: ProspectsTable };
type P = ExpressionBuilder<DBP, 'p'>;

/**
 * The visibility predicate. An OR of two indexable terms, which both engines answer with two index lookups.
 * Its form follows `scope`; its values come from `values` (the placeholders of a prepared query).
 */
export function visibleTo(scope: ProspectScope, values: ProspectScope = scope) {
  return (eb: P) => {
    if (scope.kind === 'all' || values.kind === 'all') return eb.lit(true);
    if (scope.kind === 'pool' || values.kind === 'pool') return eb.and([eb('p.owner_id', 'is', null), eb('p.archived_at', 'is', null)]);
    const terms = [];
    if (scope.ownerIds.length) terms.push(eb('p.owner_id', 'in', values.ownerIds));
    if (scope.linkedIds.length) terms.push(eb('p.id', 'in', values.linkedIds));
    const linkedTo = values.linkedTo;
    if (scope.linkedTo !== undefined && linkedTo !== undefined) {
      terms.push(
        eb.exists(
          eb.selectFrom('prospect_colleagues as pc').select(eb.lit(1).as('one')).whereRef('pc.prospect_id', '=', 'p.id').where('pc.user_id', '=', linkedTo),
        ),
      );
    }
    const formerOwner = values.formerOwner;
    if (scope.formerOwner !== undefined && formerOwner !== undefined) {
      terms.push(eb.and([eb('p.owner_id', 'is', null), eb('p.pooled_from_id', '=', formerOwner)]));
    }
    return terms.length ? eb.or(terms) : eb.lit(false);
  };
}

/** What changes the SQL of a scoped query beyond list lengths. */
export const scopeShape = (a: { scope: ProspectScope }) => (a.scope.kind === 'restricted' && a.scope.formerOwner !== undefined ? 'restricted+former' : a.scope.kind);

export const SUMMARY_COLUMNS = [
  'p.id',
  'p.name',
  'p.company',
  'p.title',
  'p.owner_id',
  'p.grade',
  'p.importance',
  'p.expected_close',
  'p.disposition',
  'p.resume_on',
  'p.interval_days',
  'p.stage',
  'p.touch_count',
  'p.last_touch_at',
  'p.next_due_on',
  'p.archived_at',
  'p.version',
  'p.created_at',
] as const;

/** The dates that place a due date in an agenda section, in the user's calendar. */
export interface AgendaDates {
  today: string;
  thisWeekEnd: string;
  nextWeekEnd: string;
}

export interface AgendaArgs extends AgendaDates {
  ownerId: number;
  limit: number;
}

/**
 * Written into the SQL, not bound: a planner can use a partial index only when it can see that the query's
 * condition implies the index's, which a bound parameter hides.
 */
const DROPPED = sql.lit<'dropped'>('dropped');

/** One of the owner's live prospects: neither dropped nor archived (the agenda index holds exactly these). */
export function isLiveOf(eb: P, ownerId: number) {
  return eb.and([eb('p.owner_id', '=', ownerId), eb('p.disposition', '!=', DROPPED), eb('p.archived_at', 'is', null)]);
}

/** Whether a live prospect belongs to an agenda section. The sections never overlap. */
function inBucket(eb: P, bucket: AgendaBucket, a: AgendaDates) {
  switch (bucket) {
    case 'overdue':
      return eb('p.next_due_on', '<', a.today);
    case 'today':
      return eb('p.next_due_on', '=', a.today);
    case 'this_week':
      return eb.and([eb('p.next_due_on', '>', a.today), eb('p.next_due_on', '<=', a.thisWeekEnd)]);
    case 'next_week':
      return eb.and([eb('p.next_due_on', '>', a.thisWeekEnd), eb('p.next_due_on', '<=', a.nextWeekEnd)]);
    case 'touched_once':
      // Exactly one touch, nothing dated in the sections above, and no pause still running.
      return eb.and([
        eb('p.touch_count', '=', 1),
        eb.or([eb('p.next_due_on', 'is', null), eb('p.next_due_on', '>', a.nextWeekEnd)]),
        eb.not(eb.and([eb('p.disposition', '=', 'pause'), eb('p.resume_on', '>', a.today)])),
      ]);
    case 'no_next_date':
      return eb.and([
        eb('p.next_due_on', 'is', null),
        eb.or([eb('p.touch_count', '!=', 1), eb.and([eb('p.disposition', '=', 'pause'), eb('p.resume_on', '>', a.today)])]),
      ]);
  }
}

/**
 * The agenda's partial index: one owner's live prospects in agenda order (grade, importance, due date)
 * with every column the sections test. SQLite is told to use it; PostgreSQL plans by itself.
 */
const AGENDA_INDEX = 'prospects_agenda';

/**
 * The first rows of one section in agenda order. The ids come from walking the owner's entries of the
 * agenda index in order until the section has its rows, so only the rows shown are read from the table.
 */
export const agendaRowsQuery = prepared(
  (db, p: AgendaArgs & { bucket: AgendaBucket; offset: number }, args) => {
    const ids = db
      .selectFrom(throughIndex(db, 'prospects', 'p', AGENDA_INDEX))
      // The derived table reads like the prospects table, which the predicates are written for.
      .where((eb) => isLiveOf(eb as unknown as P, p.ownerId))
      .where((eb) => inBucket(eb as unknown as P, args.bucket, p))
      .select('p.id')
      .orderBy('p.grade')
      .orderBy('p.importance')
      .orderBy('p.next_due_on')
      .orderBy('p.id')
      .limit(p.limit)
      .offset(p.offset);
    return db
      .selectFrom('prospects as p')
      .select(SUMMARY_COLUMNS)
      .where('p.id', 'in', ids)
      .orderBy('p.grade')
      .orderBy('p.importance')
      .orderBy('p.next_due_on')
      .orderBy('p.id');
  },
  (a) => a.bucket,
);

/** How many live prospects each section holds, in one pass over the owner's entries in the agenda index. */
export const agendaCountsQuery = prepared((db, p: AgendaArgs) =>
  db
    .selectFrom(throughIndex(db, 'prospects', 'p', AGENDA_INDEX))
    .where((eb) => isLiveOf(eb as unknown as P, p.ownerId))
    .select((eb) => AGENDA_BUCKETS.map((bucket) => eb.fn.countAll<number>().filterWhere((f) => inBucket(f as unknown as P, bucket, p)).as(bucket))),
);

/**
 * The id of a prospect's latest touch (by its time, then its id), for the prospect column named: one backward
 * index seek on (prospect_id, at, id). Every reader of "what did they say last time" asks it this way.
 */
export function latestTouchIdOf(prospectId: 'p.id' | 'lp.id') {
  return sql<number>`(select t2.id from touches t2 where t2.prospect_id = ${sql.ref(prospectId)} order by t2.at desc, t2.id desc limit 1)`;
}

/**
 * The latest touch of each given prospect, for "what did they say last time": one index seek per
 * prospect on (prospect_id, at, id), instead of a subquery per touch.
 */
export const latestTouchesQuery = prepared((db, p: { ids: number[] }) => {
  const latest = db
    .selectFrom('prospects as lp')
    .where('lp.id', 'in', p.ids)
    .select(latestTouchIdOf('lp.id').as('touch_id'));
  return db
    .selectFrom('touches as t')
    .select(['t.prospect_id', 't.at', 't.channel', 't.summary', 't.feedback', 't.receptivity', 't.outcome'])
    .where('t.id', 'in', latest);
});

export const TOUCH_COLUMNS = [
  't.id',
  't.prospect_id',
  't.user_id',
  't.on_behalf',
  't.channel',
  't.direction',
  't.at',
  't.kind',
  't.summary',
  't.feedback',
  't.receptivity',
  't.sale_made',
  't.relationship_kept',
  't.outcome',
  't.lessons',
  't.next_contact_on',
  't.created_at',
] as const;

/** A prospect's touches, newest first, optionally before a keyset position. */
export const touchesQuery = prepared((db, p: { prospectId: number; limit: number; before?: { at: string; id: number } }) => {
  let q = db
    .selectFrom('touches as t')
    .leftJoin('users as u', 'u.id', 't.user_id')
    .select([...TOUCH_COLUMNS, 'u.display_name as user_name'])
    .where('t.prospect_id', '=', p.prospectId);
  const before = p.before;
  if (before) {
    q = q.where((eb) => eb.or([eb('t.at', '<', before.at), eb.and([eb('t.at', '=', before.at), eb('t.id', '<', before.id)])]));
  }
  return q.orderBy('t.at', 'desc').orderBy('t.id', 'desc').limit(p.limit);
});

/** One prospect with every column and the names of its owner and collector, if the scope lets the actor see it. */
/**
 * One prospect the scope lets the actor see. `lock`: the row is about to be changed, so it is read under
 * a row lock (see lockedForUpdate) and every derived field is computed from what the last writer left.
 */
export const prospectQuery = prepared(
  (db, p: { id: number; scope: ProspectScope; lock: boolean }, args) => {
    const q = db
      .selectFrom('prospects as p')
      .leftJoin('users as o', 'o.id', 'p.owner_id')
      .leftJoin('users as c', 'c.id', 'p.collected_by_id')
      .selectAll('p')
      .select(['o.display_name as owner_name', 'c.display_name as collector_name'])
      .where('p.id', '=', p.id)
      .where(visibleTo(args.scope, p.scope));
    return args.lock ? lockedForUpdate(db, q, 'p') : q;
  },
  (a) => `${scopeShape(a)}|${a.lock}`,
);

export const LIST_SORTS = {
  name: 'p.name',
  grade: 'p.grade',
  importance: 'p.importance',
  expectedClose: 'p.expected_close',
  disposition: 'p.disposition',
  stage: 'p.stage',
  nextDueOn: 'p.next_due_on',
  lastTouchAt: 'p.last_touch_at',
  touchCount: 'p.touch_count',
  createdAt: 'p.created_at',
} as const;
export type ListSort = keyof typeof LIST_SORTS;

/** Values that stand in for NULL so keyset comparisons stay total; they sort after every real value. */
const NULL_LAST: Partial<Record<ListSort, string>> = { nextDueOn: '9999-12-31', lastTouchAt: '0001-01-01T00:00:00.000Z' };

export interface ListArgs {
  scope: ProspectScope;
  grade?: string[];
  importance?: string[];
  expectedClose?: string[];
  disposition?: string[];
  stage?: string[];
  ownerIds?: number[];
  pool?: boolean;
  tag?: string;
  touchedOnce?: boolean;
  /** Only the prospects of one agenda section (live ones: neither dropped nor archived), as Today counts them. */
  due?: { bucket: AgendaBucket } & AgendaDates;
  /** Only these ids (the free-text filter: the search's verified matches). */
  idsIn?: number[];
  archived?: boolean;
  sort: ListSort;
  order: 'asc' | 'desc';
  after?: { value: string | number | null; id: number };
  limit: number;
}

/** A filtered, sorted page of prospects with keyset pagination: no OFFSET, so page 1,000 costs what page 1 does. */
export function listQuery(db: Executor, a: ListArgs) {
  const column = LIST_SORTS[a.sort];
  const nullValue = NULL_LAST[a.sort];
  const key = nullValue === undefined ? sql.ref(column) : sql`coalesce(${sql.ref(column)}, ${nullValue})`;
  let q = filtered(db, a).select(SUMMARY_COLUMNS);
  if (a.after) {
    const cmp = a.order === 'asc' ? sql.raw('>') : sql.raw('<');
    const v = a.after.value ?? nullValue ?? null;
    q = q.where(sql<boolean>`(${key} ${cmp} ${v} or (${key} = ${v} and p.id ${cmp} ${a.after.id}))`);
  }
  return q.orderBy(key, a.order).orderBy('p.id', a.order).limit(a.limit + 1);
}

/** The columns the board groups by. */
export const COUNT_BY = { grade: 'p.grade', disposition: 'p.disposition' } as const;
export type CountBy = keyof typeof COUNT_BY;

/** How many prospects the list holds under these filters in each value of one column: the board's true totals. */
export function countsQuery(db: Executor, a: ListFilterArgs, by: CountBy) {
  const column = COUNT_BY[by];
  return filtered(db, a)
    .select([sql<string>`${sql.ref(column)}`.as('value'), (eb) => eb.fn.countAll<number | string>().as('n')])
    .groupBy(column);
}

/** The list's filters without its order and page: what the list, the export and the board's counts share. */
export type ListFilterArgs = Omit<ListArgs, 'sort' | 'order' | 'after' | 'limit'>;

/** The prospects table within the actor's scope, narrowed by the list's filters. */
function filtered(db: Executor, a: ListFilterArgs) {
  let q = db.selectFrom('prospects as p').where(visibleTo(a.scope));
  q = a.archived ? q.where('p.archived_at', 'is not', null) : q.where('p.archived_at', 'is', null);
  if (a.grade?.length) q = q.where('p.grade', 'in', a.grade as never[]);
  if (a.importance?.length) q = q.where('p.importance', 'in', a.importance as never[]);
  if (a.expectedClose?.length) q = q.where('p.expected_close', 'in', a.expectedClose);
  if (a.disposition?.length) q = q.where('p.disposition', 'in', a.disposition as never[]);
  if (a.stage?.length) q = q.where('p.stage', 'in', a.stage as never[]);
  if (a.ownerIds?.length) q = q.where('p.owner_id', 'in', a.ownerIds);
  if (a.pool) q = q.where('p.owner_id', 'is', null);
  if (a.touchedOnce) q = q.where('p.touch_count', '=', 1);
  if (a.tag) q = q.where('p.id', 'in', db.selectFrom('prospect_tags').select('prospect_id').where('tag', '=', a.tag));
  const due = a.due;
  if (due) q = q.where((eb) => eb.and([eb('p.disposition', '!=', DROPPED), inBucket(eb as P, due.bucket, due)]));
  if (a.idsIn) q = q.where('p.id', 'in', a.idsIn.length ? a.idsIn : [-1]);
  return q;
}

/**
 * Phones, emails, tags and colleagues of the given prospects in one round trip: one row per item,
 * `kind` saying which, `ord` keeping contacts in their order (and carrying a colleague's user id).
 */
export const extrasQuery = prepared((db, p: { ids: number[] }) =>
  db
    .selectFrom('prospect_contacts as c')
    .select(['c.prospect_id', sql<string>`c.kind`.as('kind'), 'c.value', 'c.position as ord'])
    .where('c.prospect_id', 'in', p.ids)
    .unionAll(
      db
        .selectFrom('prospect_tags as t')
        .select(['t.prospect_id', sql<string>`'tag'`.as('kind'), 't.tag as value', sql<number>`0`.as('ord')])
        .where('t.prospect_id', 'in', p.ids),
    )
    .unionAll(
      db
        .selectFrom('prospect_colleagues as pc')
        .innerJoin('users as u', 'u.id', 'pc.user_id')
        .select(['pc.prospect_id', sql<string>`'colleague'`.as('kind'), 'u.display_name as value', 'u.id as ord'])
        .where('pc.prospect_id', 'in', p.ids),
    ),
);
