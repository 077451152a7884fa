import type { Driver } from '../lib/driver.js';
import { extras, SUMMARY } from './prospect-sql.js';
import { defineScenario, type OpParams } from './types.js';

interface PoolParams extends OpParams {
  userId: number;
  /** The start of the salesperson's day (UTC+8), from which today's claims are counted. */
  since: string;
}

const LIMIT = 50;
const marks = (n: number) => (n ? Array.from({ length: n }, () => '?').join(', ') : 'null');

/**
 * The SQL behind GET /api/v1/pool?limit=50 for a salesperson: the first page of the pool, longest in it first, with
 * its total; the claimer's allowance (live prospects owned, claims today); then the page's contacts and tags, its
 * former owners' names and the recalls from this salesperson among them.
 */
export async function poolSql(driver: Driver, a: PoolParams): Promise<unknown> {
  const inPool = 'p.owner_id is null and p.archived_at is null';
  const [rows, total, owned, claims] = await Promise.all([
    driver.all<{ id: number; pooled_from_id: number | null }>(
      `select ${SUMMARY}, p.pooled_at, p.pooled_from_id, p.pool_reason from prospects p where ${inPool} order by p.pooled_at, p.id limit ?`,
      [LIMIT + 1],
    ),
    driver.all(`select count(*) as n from prospects p where ${inPool}`),
    driver.all("select count(*) as n from prospects p where p.owner_id = ? and p.archived_at is null and p.disposition != 'dropped'", [a.userId]),
    driver.all("select count(*) as n from pool_moves where actor_id = ? and kind = 'claimed' and at >= ?", [a.userId, a.since]),
  ]);
  const page = rows.slice(0, LIMIT);
  const ids = page.map((r) => Number(r.id));
  const formers = [...new Set(page.flatMap((r) => (r.pooled_from_id === null ? [] : [Number(r.pooled_from_id)])))];
  const [more, names, recalls] = await Promise.all([
    extras(driver, ids),
    formers.length ? driver.all(`select id, display_name from users where id in (${marks(formers.length)})`, formers) : [],
    ids.length
      ? driver.all(`select prospect_id, max(at) as at from pool_moves where from_owner_id = ? and kind = 'recalled' and prospect_id in (${marks(ids.length)}) group by prospect_id`, [a.userId, ...ids])
      : [],
  ]);
  return { rows, total, owned, claims, more, names, recalls };
}

export default defineScenario<PoolParams>({
  name: 'pool',
  kind: 'http',
  measures: "the first page of the shared pool for a salesperson, with its total and the salesperson's claim allowance",
  pick(ctx, rng) {
    const u = rng.int(0, ctx.users.length - 1);
    // Midnight in UTC+8, as Pond counts "today" for these users.
    return { u, userId: ctx.users[u]!.id, since: new Date(`${ctx.today}T00:00:00+08:00`).toISOString() };
  },
  request: () => ({ method: 'GET', path: `/api/v1/pool?limit=${LIMIT}` }),
  baseline: poolSql,
});
