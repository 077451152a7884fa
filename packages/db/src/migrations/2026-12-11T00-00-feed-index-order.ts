import type { Kysely } from 'kysely';

/**
 * The feed reads its owner's live rows due within the window in (due date, id) order, and PostgreSQL's indexes do
 * not carry the row's id as SQLite's do: without it the feed index could not answer alone, and PostgreSQL scanned
 * the owner's rows and sorted them (10 ms for 6,000 rows). With the id placed after the due date the index holds
 * everything the read asks, already in its order, on both engines.
 */
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema.createIndex('prospects_owner_due_id_feed').on('prospects').columns(['owner_id', 'next_due_on', 'id', 'archived_at', 'disposition', 'version', 'updated_at']).execute();
  await db.schema.dropIndex('prospects_owner_due_feed').execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.createIndex('prospects_owner_due_feed').on('prospects').columns(['owner_id', 'next_due_on', 'archived_at', 'disposition', 'version', 'updated_at']).execute();
  await db.schema.dropIndex('prospects_owner_due_id_feed').execute();
}
