import { sql, type Kysely } from 'kysely';
import { columnTypes } from './column-types.js';

/**
 * The pool's list reads the prospects in the pool longest first, (pooled_at, id), and counts them. PostgreSQL does
 * not take `owner_id IS NULL` as fixing the first column of the (owner_id, pooled_at, id) index for that order: on a
 * book of 1M with 100,000 in the pool it read them all and sorted them for each page (140–190 ms). On PostgreSQL an
 * index of the pool's own rows in the list's order replaces it: the page comes from its first entries, the count
 * from the index alone. SQLite's planner reads the old index in order already (and, measured, would not choose the
 * partial one), so it keeps it.
 */
export async function up(db: Kysely<any>): Promise<void> {
  if (columnTypes(db).sqlite) return;
  await sql`create index prospects_pool_queue on prospects (pooled_at, id) where owner_id is null and archived_at is null`.execute(db);
  await db.schema.dropIndex('prospects_pool').execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  if (columnTypes(db).sqlite) return;
  await db.schema.createIndex('prospects_pool').on('prospects').columns(['owner_id', 'pooled_at', 'id']).execute();
  await db.schema.dropIndex('prospects_pool_queue').execute();
}
