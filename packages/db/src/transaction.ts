import type { Kysely, SelectQueryBuilder, Transaction } from 'kysely';
import { onSqlite } from './hints.js';
import type { DB } from './schema.js';

/** Either the root handle or an open transaction: repositories accept both. */
export type Executor = Kysely<DB> | Transaction<DB>;

/**
 * PostgreSQL's answers that mean "this transaction lost a race, the same work may simply run again":
 * a deadlock the server broke (40P01) and a serialization failure (40001).
 */
const RETRYABLE = new Set(['40P01', '40001']);
const ATTEMPTS = 4;

function isRetryable(err: unknown): boolean {
  return typeof err === 'object' && err !== null && RETRYABLE.has((err as { code?: string }).code ?? '');
}

/**
 * Runs `work` in one transaction, or joins the caller's if already inside one.
 * A thrown error rolls everything back; nothing is undone by hand. A transaction PostgreSQL aborted to
 * break a deadlock runs again from the start (only the outermost one: a joined transaction is its caller's).
 */
export async function withTransaction<T>(db: Executor, work: (trx: Transaction<DB>) => Promise<T>): Promise<T> {
  if (db.isTransaction) return work(db as Transaction<DB>);
  for (let attempt = 1; ; attempt++) {
    try {
      return await db.transaction().execute(work);
    } catch (err) {
      if (attempt >= ATTEMPTS || !isRetryable(err)) throw err;
      await new Promise((resolve) => setTimeout(resolve, attempt * 5 + Math.random() * 10));
    }
  }
}

/**
 * The rows a read-modify-write is about to change, locked until the transaction ends: `FOR UPDATE OF alias`
 * on PostgreSQL, so a concurrent writer waits and then reads what this one wrote. SQLite needs no clause: its
 * writers already run one transaction at a time (see sqlite-driver.ts). Outside a transaction there is nothing
 * to hold a lock, so the query is left as it is.
 */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export function lockedForUpdate<Q extends SelectQueryBuilder<any, any, any>>(db: Executor, query: Q, alias: string): Q {
  if (!db.isTransaction || onSqlite(db)) return query;
  return query.forUpdate(alias as never) as Q;
}

/** Whether a query built for `db` gets a lock from {@link lockedForUpdate}: part of a prepared query's shape. */
export function locks(db: Executor): boolean {
  return db.isTransaction && !onSqlite(db);
}
