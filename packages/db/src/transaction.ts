import type { Kysely, Transaction } from 'kysely';
import type { DB } from './schema.js';

/** Either the root handle or an open transaction: repositories accept both. */
export type Executor = Kysely<DB> | Transaction<DB>;

/**
 * Runs `work` in one transaction, or joins the caller's if already inside one.
 * A thrown error rolls everything back; nothing is undone by hand.
 */
export async function withTransaction<T>(db: Executor, work: (trx: Transaction<DB>) => Promise<T>): Promise<T> {
  if (db.isTransaction) return work(db as Transaction<DB>);
  return db.transaction().execute(work);
}
