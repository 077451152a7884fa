import type { Kysely } from 'kysely';

/**
 * The audit page lists entries newest first by (at, id) and narrows them by actor, by action and by a period. Each
 * of the three orders answers one of those from an index, starting at the cursor and stopping after a page: the
 * whole log, one actor's entries (the actor index it had, by id, gives way to one by time), one action's.
 */
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema.createIndex('audit_log_at').on('audit_log').columns(['at', 'id']).execute();
  await db.schema.dropIndex('audit_log_actor').execute();
  await db.schema.createIndex('audit_log_actor').on('audit_log').columns(['actor_id', 'at', 'id']).execute();
  await db.schema.createIndex('audit_log_action').on('audit_log').columns(['action', 'at', 'id']).execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropIndex('audit_log_action').execute();
  await db.schema.dropIndex('audit_log_actor').execute();
  await db.schema.createIndex('audit_log_actor').on('audit_log').columns(['actor_id', 'id']).execute();
  await db.schema.dropIndex('audit_log_at').execute();
}
