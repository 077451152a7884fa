import type { Kysely } from 'kysely';

/** A prospect's notes: free text, a card's remarks when imported, kept in the field history like the other fields. */
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable('prospects').addColumn('notes', 'text').execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable('prospects').dropColumn('notes').execute();
}
