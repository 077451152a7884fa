import type { Kysely } from 'kysely';

/**
 * A calendar polls its feed every few minutes, and each poll asks what the feed depends on: the owner's live rows
 * due within its window, their count, latest change and versions. The owner's due-date index grows to hold those
 * columns too, so the answer comes from the index alone instead of a table row per prospect; it still serves every
 * query that read it by (owner, due date), and the table keeps as many indexes as before.
 */
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema.createIndex('prospects_owner_due_feed').on('prospects').columns(['owner_id', 'next_due_on', 'archived_at', 'disposition', 'version', 'updated_at']).execute();
  await db.schema.dropIndex('prospects_owner_due').execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.createIndex('prospects_owner_due').on('prospects').columns(['owner_id', 'next_due_on']).execute();
  await db.schema.dropIndex('prospects_owner_due_feed').execute();
}
