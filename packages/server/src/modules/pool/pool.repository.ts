import { lockedForUpdate, type Executor, type PoolMovesTable } from '@pond/db';
import { GRADES, RECALLED_DISPOSITIONS, type Grade, type RecallCut } from '@pond/domain';
import type { ExpressionBuilder, Insertable } from 'kysely';
import type { DB, ProspectsTable } from '@pond/db';
import { SUMMARY_COLUMNS } from '../prospects/prospects.queries.js';

type P = ExpressionBuilder<DB & { p: ProspectsTable }, 'p'>;

/** The recall rule's SQL: an owned, live prospect of a recalled disposition whose clock started before its grade's cut. */
function dueBy(eb: P, cuts: readonly RecallCut[]) {
  if (!cuts.length) return eb.lit(false);
  return eb.and([
    eb('p.owner_id', 'is not', null),
    eb('p.archived_at', 'is', null),
    eb('p.disposition', 'in', [...RECALLED_DISPOSITIONS]),
    eb('p.open_orders', '=', 0),
    eb.or([eb('p.last_touch_at', 'is not', null), eb('p.owned_since', 'is not', null), eb('p.resume_on', 'is not', null)]),
    eb.or(
      cuts.map((c) =>
        eb.and([
          eb('p.grade', '=', c.grade),
          eb.or([eb('p.last_touch_at', 'is', null), eb('p.last_touch_at', '<', c.beforeInstant)]),
          eb.or([eb('p.owned_since', 'is', null), eb('p.owned_since', '<', c.beforeInstant)]),
          eb.or([eb('p.resume_on', 'is', null), eb('p.resume_on', '<', c.beforeDate)]),
        ]),
      ),
    ),
  ]);
}

export const POOL_COLUMNS = [...SUMMARY_COLUMNS, 'p.pooled_at', 'p.pooled_from_id', 'p.pool_reason'] as const;

export interface PoolFilters {
  grade?: Grade;
  source?: string;
  tag?: string;
  /** At least this long in the pool, as an instant it entered before. */
  pooledBefore?: string;
  formerTeamId?: number;
  /** The ids a free-text query matched, when there is one. */
  ids?: number[];
}

/** The pool's SQL: its list, the sweep's candidates, the claim limits' counts and the record of moves. */
export class PoolRepository {
  private filtered(db: Executor, f: PoolFilters) {
    let q = db.selectFrom('prospects as p').where('p.owner_id', 'is', null).where('p.archived_at', 'is', null);
    if (f.grade) q = q.where('p.grade', '=', f.grade);
    if (f.source) q = q.where('p.source', '=', f.source);
    if (f.tag) q = q.where((eb) => eb.exists(eb.selectFrom('prospect_tags as t').select('t.tag').whereRef('t.prospect_id', '=', 'p.id').where('t.tag', '=', f.tag!)));
    if (f.pooledBefore) q = q.where('p.pooled_at', '<', f.pooledBefore);
    if (f.formerTeamId !== undefined) q = q.where((eb) => eb.exists(eb.selectFrom('users as fu').select('fu.id').whereRef('fu.id', '=', 'p.pooled_from_id').where('fu.team_id', '=', f.formerTeamId!)));
    if (f.ids) q = q.where('p.id', 'in', f.ids.length ? f.ids : [0]);
    return q;
  }

  /** Longest in the pool first, keyset-paginated by (pooled_at, id). */
  async page(db: Executor, f: PoolFilters, limit: number, after?: { pooledAt: string; id: number }) {
    let q = this.filtered(db, f).select(POOL_COLUMNS).orderBy('p.pooled_at').orderBy('p.id').limit(limit);
    if (after) q = q.where((eb) => eb.or([eb('p.pooled_at', '>', after.pooledAt), eb.and([eb('p.pooled_at', '=', after.pooledAt), eb('p.id', '>', after.id)])]));
    return q.execute();
  }

  async count(db: Executor, f: PoolFilters): Promise<number> {
    const r = await this.filtered(db, f).select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirst();
    return Number(r?.n ?? 0);
  }

  /** One pool prospect, locked until the transaction ends when inside one. */
  async lockInPool(db: Executor, id: number) {
    return lockedForUpdate(db, db.selectFrom('prospects as p').selectAll('p').where('p.id', '=', id), 'p').executeTakeFirst();
  }

  /** Live prospects (not dropped, not archived) a user owns: the claim limit counts these. */
  async ownedLive(db: Executor, userId: number): Promise<number> {
    const r = await db
      .selectFrom('prospects as p')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .where('p.owner_id', '=', userId)
      .where('p.archived_at', 'is', null)
      .where('p.disposition', '!=', 'dropped')
      .executeTakeFirst();
    return Number(r?.n ?? 0);
  }

  async claimsSince(db: Executor, userId: number, since: string): Promise<number> {
    const r = await db
      .selectFrom('pool_moves')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .where('actor_id', '=', userId)
      .where('kind', '=', 'claimed')
      .where('at', '>=', since)
      .executeTakeFirst();
    return Number(r?.n ?? 0);
  }

  /** When the pool last took these prospects from the user (recalls only), by prospect. */
  async lastRecallsFrom(db: Executor, userId: number, prospectIds: number[]): Promise<Map<number, string>> {
    if (!prospectIds.length) return new Map();
    const rows = await db
      .selectFrom('pool_moves')
      .select(['prospect_id', (eb) => eb.fn.max('at').as('at')])
      .where('from_owner_id', '=', userId)
      .where('kind', '=', 'recalled')
      .where('prospect_id', 'in', prospectIds)
      .groupBy('prospect_id')
      .execute();
    return new Map(rows.map((r) => [r.prospect_id, String(r.at)]));
  }

  async wasTakenFromPool(db: Executor, prospectId: number): Promise<boolean> {
    const r = await db.selectFrom('pool_moves').select('id').where('prospect_id', '=', prospectId).where('kind', 'in', ['claimed', 'assigned']).limit(1).executeTakeFirst();
    return r !== undefined;
  }

  async recordMoves(db: Executor, rows: Insertable<PoolMovesTable>[]): Promise<void> {
    for (let i = 0; i < rows.length; i += 500) await db.insertInto('pool_moves').values(rows.slice(i, i + 500)).execute();
  }

  /** The next ids due for the pool after `afterId`, in id order: a sweep walks the table once in such batches. */
  async dueIds(db: Executor, cuts: readonly RecallCut[], afterId: number, limit: number): Promise<number[]> {
    const rows = await db
      .selectFrom('prospects as p')
      .select('p.id')
      .where('p.id', '>', afterId)
      .where((eb) => dueBy(eb, cuts))
      .orderBy('p.id')
      .limit(limit)
      .execute();
    return rows.map((r) => r.id);
  }

  /** The given prospects, locked, with what the recall rule reads. */
  async lockForRecall(db: Executor, ids: number[]) {
    if (!ids.length) return [];
    return lockedForUpdate(
      db,
      db
        .selectFrom('prospects as p')
        .select(['p.id', 'p.owner_id', 'p.grade', 'p.disposition', 'p.resume_on', 'p.last_touch_at', 'p.owned_since', 'p.archived_at', 'p.open_orders', 'p.version'])
        .where('p.id', 'in', ids)
        .orderBy('p.id'),
      'p',
    ).execute();
  }

  /** How many prospects are due by grade under the given cuts (the settings page's preview, a dry sweep). */
  async dueCounts(db: Executor, cuts: readonly RecallCut[]): Promise<Record<Grade, number>> {
    const rows = await db
      .selectFrom('prospects as p')
      .select(['p.grade', (eb) => eb.fn.countAll<number>().as('n')])
      .where((eb) => dueBy(eb, cuts))
      .groupBy('p.grade')
      .execute();
    const out = Object.fromEntries(GRADES.map((g) => [g, 0])) as Record<Grade, number>;
    for (const r of rows) out[r.grade] = Number(r.n);
    return out;
  }

  /** One owner's prospects due by the cuts (those of the warning horizon), soonest first. */
  async dueOf(db: Executor, ownerId: number, cuts: readonly RecallCut[], limit: number) {
    return db
      .selectFrom('prospects as p')
      .select([...SUMMARY_COLUMNS, 'p.owned_since', 'p.open_orders'])
      .where('p.owner_id', '=', ownerId)
      .where((eb) => dueBy(eb, cuts))
      .orderBy('p.last_touch_at')
      .orderBy('p.id')
      .limit(limit)
      .execute();
  }

  async countDueOf(db: Executor, ownerId: number, cuts: readonly RecallCut[]): Promise<number> {
    const r = await db
      .selectFrom('prospects as p')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .where('p.owner_id', '=', ownerId)
      .where((eb) => dueBy(eb, cuts))
      .executeTakeFirst();
    return Number(r?.n ?? 0);
  }
}
