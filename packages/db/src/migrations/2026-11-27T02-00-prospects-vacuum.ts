import { sql, type Kysely } from 'kysely';
import { columnTypes } from './column-types.js';

/**
 * PostgreSQL only. Every touch rewrites its prospect's row (the clock), and an updated row's page is no
 * longer marked all-visible until VACUUM runs again. The agenda counts one owner's entries from its covering
 * index alone only while those marks hold: measured at 1M prospects after a few thousand touches, 1.2 ms with
 * the marks and 11–64 ms without (the scan went to 5,000 heap pages). By default autovacuum waits for 20% of
 * the table (200,000 rows here); for prospects it now runs after 0.5% plus 1,000 rows, each pass visiting only
 * the pages changed since the last.
 */
export async function up(db: Kysely<any>): Promise<void> {
  if (columnTypes(db).sqlite) return;
  await sql`alter table prospects set (autovacuum_vacuum_scale_factor = 0.005, autovacuum_vacuum_threshold = 1000)`.execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  if (columnTypes(db).sqlite) return;
  await sql`alter table prospects reset (autovacuum_vacuum_scale_factor, autovacuum_vacuum_threshold)`.execute(db);
}
