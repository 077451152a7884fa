import { onSqlite, type DB, type Executor, type ProspectsTable, type TouchesTable } from '@pond/db';
import { GRACE_DAYS, OUTCOMES, addDays, type CoachWeek, type MeasureKey, type Outcome } from '@pond/domain';
import { sql, type ExpressionBuilder, type RawBuilder } from 'kysely';
import { isLiveOf, visibleTo, type ProspectScope } from '../prospects/prospects.queries.js';

/**
 * Coaching's counts in SQL: the twin of the domain's `touchCountsIn`, one predicate per measure, shared by the report's
 * aggregates and the drill-down's rows so a number and the list behind it cannot disagree. A test compares every
 * count with the domain's definition on generated histories, on both engines.
 */

type T = ExpressionBuilder<DB & { t: TouchesTable }, 't'>;
type P = ExpressionBuilder<DB & { p: ProspectsTable }, 'p'>;

/** The period's instants and days, and the day the report is read (for "late"). */
export interface Span {
  startsAt: string;
  endsAt: string;
  from: string;
  to: string;
  /** Follow-ups due before this day and not kept are late (today less the grace). */
  lateBefore: string;
}

export function spanOf(p: { startsAt: string; endsAt: string; from: string; to: string }, today: string): Span {
  return { ...p, lateBefore: addDays(today, -GRACE_DAYS) };
}

const made = (eb: T, userIds: readonly number[], s: Span) => eb.and([eb('t.user_id', 'in', userIds), eb('t.at', '>=', s.startsAt), eb('t.at', '<', s.endsAt)]);
const received = (eb: T, userIds: readonly number[], s: Span) =>
  eb.and([eb('t.owner_id', 'in', userIds), eb('t.user_id', '!=', eb.ref('t.owner_id')), eb('t.at', '>=', s.startsAt), eb('t.at', '<', s.endsAt)]);
const due = (eb: T, userIds: readonly number[], s: Span) => eb.and([eb('t.owner_id', 'in', userIds), eb('t.due_on', '>=', s.from), eb('t.due_on', '<=', s.to)]);

/** No touch of the prospect came after it (a first contact is the earliest): a first contact never followed up. */
const alone = (eb: T) => eb('t.next_on', 'is', null);

/**
 * The prospect's next touch (kept on the touch as `next_on`, its day in the owner's calendar) fell on or before the
 * due day plus the grace.
 */
function graceEnd(db: Executor) {
  return onSqlite(db) ? sql<string>`date(t.due_on, ${`+${GRACE_DAYS} day`})` : sql<string>`t.due_on + ${sql.lit(GRACE_DAYS)}`;
}
const kept = (db: Executor) => (eb: T) => eb('t.next_on', '<=', graceEnd(db));
/** Not kept (yet): no next touch, or one after the grace day. */
const missed = (db: Executor) => (eb: T) => eb.or([eb('t.next_on', 'is', null), eb('t.next_on', '>', graceEnd(db))]);

const hasFeedback = (eb: T) => eb('t.has_feedback', '=', true);

/** The predicate of a touch measure for the given members (the drill-down's and the aggregates' single source). */
export function touchPredicate(db: Executor, measure: MeasureKey, userIds: readonly number[], s: Span): ((eb: T) => ReturnType<T['and']>) | null {
  if (measure.startsWith('outcome.')) {
    const outcome = measure.slice(8) as Outcome;
    return (eb) => eb.and([made(eb, userIds, s), eb('t.outcome', '=', outcome)]);
  }
  switch (measure) {
    case 'touches':
      return (eb) => made(eb, userIds, s);
    case 'firstContacts':
      return (eb) => eb.and([made(eb, userIds, s), eb('t.kind', '=', 'first_contact')]);
    case 'revisits':
      return (eb) => eb.and([made(eb, userIds, s), eb('t.kind', '=', 'revisit')]);
    case 'touchedOnce':
      return (eb) => eb.and([made(eb, userIds, s), eb('t.kind', '=', 'first_contact'), alone(eb)]);
    case 'onBehalfMade':
      return (eb) => eb.and([made(eb, userIds, s), eb('t.on_behalf', '=', true)]);
    case 'withFeedback':
      return (eb) => eb.and([made(eb, userIds, s), hasFeedback(eb)]);
    case 'onBehalfReceived':
      return (eb) => received(eb, userIds, s);
    case 'followUpsDue':
      return (eb) => due(eb, userIds, s);
    case 'followUpsOnTime':
      return (eb) => eb.and([due(eb, userIds, s), kept(db)(eb)]);
    case 'followUpsLate':
      return (eb) => eb.and([due(eb, userIds, s), missed(db)(eb), eb('t.due_on', '<', s.lateBefore)]);
    default:
      return null;
  }
}

/**
 * Which week of the period a row falls in, as a balanced tree of `case when <column> >= <week start>`: about six
 * comparisons a row for a year's 53 weeks instead of up to 53.
 */
function weekOf(column: 't.at' | 't.due_on', weeks: readonly CoachWeek[]): RawBuilder<number> {
  const col = sql.ref(column);
  const bound = (i: number) => (column === 't.at' ? weeks[i]!.startsAt : weeks[i]!.from);
  // The week among [lo, hi] (inclusive) that a row at or after week lo's start falls in.
  const tree = (lo: number, hi: number): RawBuilder<number> => {
    if (lo === hi) return sql<number>`${sql.lit(lo)}`;
    const mid = Math.ceil((lo + hi) / 2);
    return sql<number>`(case when ${col} >= ${bound(mid)} then ${tree(mid, hi)} else ${tree(lo, mid - 1)} end)`;
  };
  return tree(0, weeks.length - 1);
}

export interface WeekCounts {
  userId: number;
  week: number;
  touches: number;
  firstContacts: number;
  revisits: number;
  touchedOnce: number;
  onBehalfMade: number;
  withFeedback: number;
  outcomes: Record<Outcome, number>;
}

export interface DueCounts {
  userId: number;
  week: number;
  followUpsDue: number;
  followUpsOnTime: number;
  followUpsLate: number;
}

const n = (v: unknown) => Number(v ?? 0);

export class CoachingRepository {
  /** The touches each member made, per week of the period: one range of the (user_id, at) index per member. */
  async madeByWeek(db: Executor, userIds: readonly number[], s: Span, weeks: readonly CoachWeek[]): Promise<WeekCounts[]> {
    if (!userIds.length) return [];
    const rows = await db
      .selectFrom('touches as t')
      .where((eb) => made(eb, userIds, s))
      .select((eb) => [
        't.user_id as user_id',
        weekOf('t.at', weeks).as('week'),
        eb.fn.countAll<number>().as('touches'),
        eb.fn.countAll<number>().filterWhere('t.kind', '=', 'first_contact').as('first_contacts'),
        eb.fn.countAll<number>().filterWhere('t.kind', '=', 'revisit').as('revisits'),
        eb.fn.countAll<number>().filterWhere((f) => f.and([f('t.kind', '=', 'first_contact'), alone(f as unknown as T)])).as('touched_once'),
        eb.fn.countAll<number>().filterWhere('t.on_behalf', '=', true).as('on_behalf'),
        eb.fn.countAll<number>().filterWhere((f) => hasFeedback(f as unknown as T)).as('with_feedback'),
        ...OUTCOMES.map((o) => eb.fn.countAll<number>().filterWhere('t.outcome', '=', o).as(`o_${o}`)),
      ])
      .groupBy(['t.user_id', 'week'])
      .execute();
    return rows.map((r) => {
      const row = r as unknown as Record<string, unknown>;
      return {
        userId: n(r.user_id),
        week: n(r.week),
        touches: n(r.touches),
        firstContacts: n(r.first_contacts),
        revisits: n(r.revisits),
        touchedOnce: n(r.touched_once),
        onBehalfMade: n(r.on_behalf),
        withFeedback: n(r.with_feedback),
        outcomes: Object.fromEntries(OUTCOMES.map((o) => [o, n(row[`o_${o}`])])) as Record<Outcome, number>,
      };
    });
  }

  /** Distinct prospects each member touched, and the first moment of their single touches (for the age shown). */
  async prospectsTouched(db: Executor, userIds: readonly number[], s: Span): Promise<Map<number, { prospects: number; onceSince: string | null }>> {
    if (!userIds.length) return new Map();
    const rows = await db
      .selectFrom('touches as t')
      .where((eb) => made(eb, userIds, s))
      .select((eb) => [
        't.user_id as user_id',
        eb.fn.count<number>('t.prospect_id').distinct().as('prospects'),
        eb.fn.min<string>('t.at').filterWhere((f) => f.and([f('t.kind', '=', 'first_contact'), alone(f as unknown as T)])).as('once_since'),
      ])
      .groupBy('t.user_id')
      .execute();
    return new Map(rows.map((r) => [n(r.user_id), { prospects: n(r.prospects), onceSince: r.once_since === null ? null : new Date(r.once_since).toISOString() }]));
  }

  /** Touches colleagues made in each member's book during the period. */
  async receivedBy(db: Executor, userIds: readonly number[], s: Span): Promise<Map<number, number>> {
    if (!userIds.length) return new Map();
    const rows = await db
      .selectFrom('touches as t')
      .where((eb) => received(eb, userIds, s))
      .select((eb) => ['t.owner_id as owner_id', eb.fn.countAll<number>().as('c')])
      .groupBy('t.owner_id')
      .execute();
    return new Map(rows.map((r) => [n(r.owner_id), n(r.c)]));
  }

  /** Follow-ups due in each member's book during the period, kept or late, per week of their due day. */
  async dueByWeek(db: Executor, userIds: readonly number[], s: Span, weeks: readonly CoachWeek[]): Promise<DueCounts[]> {
    if (!userIds.length) return [];
    const isKept = kept(db);
    const isMissed = missed(db);
    const rows = await db
      .selectFrom('touches as t')
      .where((eb) => due(eb, userIds, s))
      .select((eb) => [
        't.owner_id as owner_id',
        weekOf('t.due_on', weeks).as('week'),
        eb.fn.countAll<number>().as('due'),
        eb.fn.countAll<number>().filterWhere((f) => isKept(f as unknown as T)).as('kept'),
        eb.fn.countAll<number>().filterWhere((f) => f.and([isMissed(f as unknown as T), f('t.due_on', '<', s.lateBefore)])).as('late'),
      ])
      .groupBy(['t.owner_id', 'week'])
      .execute();
    return rows.map((r) => ({ userId: n(r.owner_id), week: n(r.week), followUpsDue: n(r.due), followUpsOnTime: n(r.kept), followUpsLate: n(r.late) }));
  }

  /** Each member's live book now: its size, those touched exactly once, and those the newsletters reach (≥ 3 copies accepted in the year to `endsAt`). */
  async books(db: Executor, userIds: readonly number[], endsAt: string): Promise<Map<number, { book: number; touchedOnce: number; covered: number }>> {
    if (!userIds.length) return new Map();
    const rows = await db
      .selectFrom('prospects as p')
      .where('p.owner_id', 'in', userIds)
      .where('p.disposition', '!=', 'dropped')
      .where('p.archived_at', 'is', null)
      .select((eb) => [
        'p.owner_id as owner_id',
        eb.fn.countAll<number>().as('book'),
        eb.fn.countAll<number>().filterWhere('p.touch_count', '=', 1).as('once'),
        eb.fn.countAll<number>().filterWhere((f) => coveredBy(f as unknown as P, endsAt)).as('covered'),
      ])
      .groupBy('p.owner_id')
      .execute();
    return new Map(rows.map((r) => [n(r.owner_id), { book: n(r.book), touchedOnce: n(r.once), covered: n(r.covered) }]));
  }

  /** Orders each member closed in the period (confirmed or delivered), per currency, with their commission. */
  async orders(db: Executor, userIds: readonly number[], s: Span): Promise<{ userId: number; currency: string; orders: number; revenue: number; commission: number }[]> {
    if (!userIds.length) return [];
    const rows = await db
      .selectFrom('orders as o')
      .where('o.closed_by_id', 'in', userIds)
      .where('o.status', 'in', ['confirmed', 'delivered'])
      .where('o.dated_at', '>=', s.startsAt)
      .where('o.dated_at', '<', s.endsAt)
      .select((eb) => ['o.closed_by_id as user_id', 'o.currency', eb.fn.countAll<number>().as('orders'), eb.fn.sum<number>('o.total_minor').as('revenue'), eb.fn.sum<number>('o.commission_minor').as('commission')])
      .groupBy(['o.closed_by_id', 'o.currency'])
      .orderBy('o.currency')
      .execute();
    return rows.map((r) => ({ userId: n(r.user_id), currency: r.currency, orders: n(r.orders), revenue: n(r.revenue), commission: n(r.commission) }));
  }

  /** Prospects taken back to the pool from each member (recalled or released), and claimed by them from it. */
  async poolMoves(db: Executor, userIds: readonly number[], s: Span): Promise<Map<number, { lost: number; claimed: number }>> {
    const out = new Map<number, { lost: number; claimed: number }>();
    if (!userIds.length) return out;
    const rows = await db
      .selectFrom('pool_moves as m')
      .where('m.at', '>=', s.startsAt)
      .where('m.at', '<', s.endsAt)
      .where((eb) => eb.or([eb.and([eb('m.kind', 'in', ['recalled', 'released']), eb('m.from_owner_id', 'in', userIds)]), eb.and([eb('m.kind', '=', 'claimed'), eb('m.to_owner_id', 'in', userIds)])]))
      .select(['m.kind', 'm.from_owner_id', 'm.to_owner_id'])
      .execute();
    for (const r of rows) {
      const id = r.kind === 'claimed' ? r.to_owner_id! : r.from_owner_id!;
      const e = out.get(id) ?? { lost: 0, claimed: 0 };
      if (r.kind === 'claimed') e.claimed++;
      else e.lost++;
      out.set(id, e);
    }
    return out;
  }

  /**
   * The touches behind a touch measure, newest first, with whether the reader may see each prospect (a member's
   * touch in another team's book still counts, unnamed).
   */
  async drillTouches(db: Executor, measure: MeasureKey, userId: number, s: Span, scope: ProspectScope, limit: number) {
    const where = touchPredicate(db, measure, [userId], s)!;
    const total = await db.selectFrom('touches as t').where(where).select((eb) => eb.fn.countAll<number>().as('c')).executeTakeFirstOrThrow();
    const rows = await db
      .selectFrom('touches as t')
      .innerJoin('prospects as p', 'p.id', 't.prospect_id')
      .leftJoin('users as u', 'u.id', 't.user_id')
      .where(where)
      .select((eb) => [
        't.id',
        't.at',
        't.kind',
        't.outcome',
        't.channel',
        't.due_on',
        't.feedback',
        't.summary',
        'u.display_name as by_name',
        'p.id as prospect_id',
        'p.name as prospect_name',
        'p.company as prospect_company',
        eb.case().when(visibleTo(scope)(eb as unknown as P)).then(1).else(0).end().as('visible'),
      ])
      .orderBy(measure.startsWith('followUps') ? 't.due_on' : 't.at', 'desc')
      .orderBy('t.id', 'desc')
      .limit(limit)
      .execute();
    return { total: n(total.c), rows };
  }

  /** The prospects behind a measure of the book or the pool, with the moment each row is about. */
  async drillProspects(db: Executor, measure: MeasureKey, userId: number, s: Span, today: string, scope: ProspectScope, limit: number) {
    let q = db.selectFrom('prospects as p');
    switch (measure) {
      case 'book':
      case 'bookTouchedOnce':
      case 'overdue':
      case 'newsletterCovered':
        q = q.where((eb) => isLiveOf(eb as unknown as P, userId));
        if (measure === 'bookTouchedOnce') q = q.where('p.touch_count', '=', 1);
        if (measure === 'overdue') q = q.where('p.next_due_on', '<', today);
        if (measure === 'newsletterCovered') q = q.where((eb) => coveredBy(eb as unknown as P, s.endsAt));
        break;
      case 'prospectsTouched':
        q = q.where('p.id', 'in', db.selectFrom('touches as t').where((eb) => made(eb as unknown as T, [userId], s)).select('t.prospect_id'));
        break;
      case 'lostToPool':
      case 'claimedFromPool': {
        const moves = db.selectFrom('pool_moves as m').where('m.at', '>=', s.startsAt).where('m.at', '<', s.endsAt);
        q = q.where(
          'p.id',
          'in',
          measure === 'lostToPool'
            ? moves.where('m.kind', 'in', ['recalled', 'released']).where('m.from_owner_id', '=', userId).select('m.prospect_id')
            : moves.where('m.kind', '=', 'claimed').where('m.to_owner_id', '=', userId).select('m.prospect_id'),
        );
        break;
      }
      case 'orders':
        q = q.where(
          'p.id',
          'in',
          db.selectFrom('orders as o').where('o.closed_by_id', '=', userId).where('o.status', 'in', ['confirmed', 'delivered']).where('o.dated_at', '>=', s.startsAt).where('o.dated_at', '<', s.endsAt).select('o.prospect_id'),
        );
        break;
      default:
        throw new Error(`not a prospect measure: ${measure}`);
    }
    const total = await q.select((eb) => eb.fn.countAll<number>().as('c')).executeTakeFirstOrThrow();
    const rows = await q
      .select((eb) => ['p.id', 'p.name', 'p.company', 'p.last_touch_at', 'p.next_due_on', 'p.touch_count', eb.case().when(visibleTo(scope)(eb as unknown as P)).then(1).else(0).end().as('visible')])
      .orderBy('p.last_touch_at', measure === 'bookTouchedOnce' ? 'asc' : 'desc')
      .orderBy('p.id')
      .limit(limit)
      .execute();
    return { total: n(total.c), rows };
  }

  /** Members of the given teams (or of every team) who sell: active salespeople and managers; `only`: just that one. */
  async members(db: Executor, teamIds: readonly number[] | 'all', only?: number) {
    let q = db
      .selectFrom('users as u')
      .leftJoin('teams as tm', 'tm.id', 'u.team_id')
      .select(['u.id', 'u.display_name', 'u.team_id', 'u.time_zone', 'u.locale', 'tm.name as team_name'])
      .where('u.active', '=', true)
      .where('u.role', 'in', ['salesperson', 'manager']);
    if (only !== undefined) q = q.where('u.id', '=', only);
    if (teamIds !== 'all') {
      if (!teamIds.length) return [];
      q = q.where('u.team_id', 'in', teamIds);
    }
    return q.orderBy('tm.name').orderBy('u.display_name').orderBy('u.id').execute();
  }

  /** Managers who get the weekly coaching mail: active, managing a team, with the morning mail and its team part on. */
  async digestManagers(db: Executor) {
    return db
      .selectFrom('users as u')
      .select(['u.id', 'u.time_zone', 'u.digest_hour'])
      .where('u.active', '=', true)
      .where('u.role', '=', 'manager')
      .where('u.digest_enabled', '=', true)
      .where('u.team_digest', '=', true)
      .where((eb) => eb.exists(eb.selectFrom('teams as tm').select(eb.lit(1).as('one')).whereRef('tm.manager_id', '=', 'u.id')))
      .orderBy('u.id')
      .execute();
  }

  async teams(db: Executor, managerId: number | 'all') {
    let q = db.selectFrom('teams').select(['id', 'name', 'manager_id']);
    if (managerId !== 'all') q = q.where('manager_id', '=', managerId);
    return q.orderBy('name').orderBy('id').execute();
  }
}

/** At least three newsletter copies accepted for the prospect in the 365 days to the period's end. */
function coveredBy(eb: P, endsAt: string) {
  const yearAgo = new Date(Date.parse(endsAt) - 365 * 86_400_000).toISOString();
  return eb(
    eb
      .selectFrom('newsletter_copies as c')
      .select((c) => c.fn.countAll<number>().as('c'))
      .whereRef('c.prospect_id', '=', 'p.id')
      .where('c.state', '=', 'accepted')
      .where('c.sent_at', '>=', yearAgo)
      .where('c.sent_at', '<', endsAt),
    '>=',
    3,
  );
}
