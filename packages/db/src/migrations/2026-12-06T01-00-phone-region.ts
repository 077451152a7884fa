import type { Kysely } from 'kysely';

/**
 * Each user's phone region: how numbers they type without a country code are read, and which numbers they see in
 * national format. Null: guessed from their time zone, else the installation's default.
 */
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable('users').addColumn('phone_region', 'text').execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable('users').dropColumn('phone_region').execute();
}
