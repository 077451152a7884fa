import type { Kysely } from 'kysely';

/**
 * Possible duplicates by name: each prospect gains `name_key`, its name folded (traditional → simplified,
 * full-width → half-width, case, spaces) so that 小偉, 小伟 and 小 偉 meet. The question is always "which records
 * that this user may see have this key", so the index leads with the key and carries what the visibility
 * predicate tests: the owner (`owner_id in …`) and the id (colleague links, `id in …`). One key holds a handful
 * of rows, so every scope answers from one short range of it.
 *
 * Existing rows are left NULL here. The fold needs the domain's `nameKey` (OpenCC's tables among others), and a
 * migration is frozen: it may not import code that will change after it. The server fills NULL keys when it
 * starts, and `pond search reindex` recomputes every key, both with the `nameKey` of their day.
 */
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable('prospects').addColumn('name_key', 'text').execute();
  await db.schema.createIndex('prospects_name_key').on('prospects').columns(['name_key', 'owner_id', 'id']).execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropIndex('prospects_name_key').execute();
  await db.schema.alterTable('prospects').dropColumn('name_key').execute();
}
