import { sql, type Kysely } from 'kysely';
import { columnTypes } from './column-types.js';

/**
 * The shared pool (公海). A prospect is in the pool when it has no owner; these columns say since when, whose book it
 * left and why, and when its current owner took it (the recall clock counts from the later of that and the last
 * touch). Every move in or out is one row of `pool_moves`: the claim limits, the reclaim wait and coaching read them.
 */
export async function up(db: Kysely<any>): Promise<void> {
  const t = columnTypes(db);
  await db.schema.alterTable('prospects').addColumn('owned_since', t.timestamp).execute();
  await db.schema.alterTable('prospects').addColumn('pooled_at', t.timestamp).execute();
  await db.schema.alterTable('prospects').addColumn('pooled_from_id', t.refType, (c) => c.references('users.id')).execute();
  await db.schema.alterTable('prospects').addColumn('pool_reason', 'text').execute();
  // The recall rule starts today for the prospects already owned: an upgrade warns their owners before it recalls
  // anything, instead of emptying every book of what went untouched before the pool existed. Rows already unowned
  // entered the pool when they were made.
  await sql`update prospects set owned_since = ${new Date().toISOString()} where owner_id is not null`.execute(db);
  await sql`update prospects set pooled_at = created_at where owner_id is null`.execute(db);
  // The pool list: unowned rows, longest in the pool first (owner_id is null is an equality for both planners).
  await db.schema.createIndex('prospects_pool').on('prospects').columns(['owner_id', 'pooled_at', 'id']).execute();

  await db.schema
    .createTable('pool_moves')
    .addColumn('id', t.idType, t.id)
    .addColumn('prospect_id', t.refType, (c) => c.notNull().references('prospects.id').onDelete('cascade'))
    .addColumn('kind', 'text', (c) => c.notNull().check(sql`kind in ('recalled', 'released', 'claimed', 'assigned')`))
    .addColumn('at', t.timestamp, (c) => c.notNull())
    // The person who moved it; NULL when Pond did (a recall), with the job named in actor_label.
    .addColumn('actor_id', t.refType, (c) => c.references('users.id'))
    .addColumn('actor_label', 'text', (c) => c.notNull())
    .addColumn('from_owner_id', t.refType, (c) => c.references('users.id'))
    .addColumn('to_owner_id', t.refType, (c) => c.references('users.id'))
    .addColumn('reason', 'text')
    .addColumn('idle_days', 'integer')
    .addColumn('limit_days', 'integer')
    .execute();
  await db.schema.createIndex('pool_moves_prospect').on('pool_moves').columns(['prospect_id', 'at']).execute();
  // "Claims by this user today" and "what the pool took from this user".
  await db.schema.createIndex('pool_moves_actor').on('pool_moves').columns(['actor_id', 'kind', 'at']).execute();
  await db.schema.createIndex('pool_moves_from').on('pool_moves').columns(['from_owner_id', 'kind', 'at']).execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('pool_moves').execute();
  // On PostgreSQL the pool's list reads its own index since 2026-12-11T01-00-pool-queue-index.
  await db.schema.dropIndex('prospects_pool').ifExists().execute();
  for (const column of ['pool_reason', 'pooled_from_id', 'pooled_at', 'owned_since']) {
    await db.schema.alterTable('prospects').dropColumn(column).execute();
  }
}
