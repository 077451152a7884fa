import type { Kysely } from 'kysely';
import { columnTypes } from './column-types.js';

/**
 * Reminders that reach people: each user's morning agenda mail (on by default at 08:00 local, Monday to Friday),
 * their private calendar feed (one token per user, stored as its SHA-256) and the in-app notifications.
 */
export async function up(db: Kysely<any>): Promise<void> {
  const t = columnTypes(db);
  await db.schema.alterTable('users').addColumn('digest_enabled', t.bool, (c) => c.notNull().defaultTo(t.trueValue)).execute();
  await db.schema.alterTable('users').addColumn('digest_hour', 'integer', (c) => c.notNull().defaultTo(8)).execute();
  // Bit 0 is Monday … bit 6 Sunday; 31 is Monday to Friday.
  await db.schema.alterTable('users').addColumn('digest_days', 'integer', (c) => c.notNull().defaultTo(31)).execute();
  await db.schema.alterTable('users').addColumn('team_digest', t.bool, (c) => c.notNull().defaultTo(t.falseValue)).execute();
  // The local day of the last morning mail: a day at or before it is never mailed again, whatever the time zone says.
  await db.schema.alterTable('users').addColumn('digest_sent_for', t.date).execute();

  await db.schema
    .createTable('feed_tokens')
    .addColumn('user_id', t.refType, (c) => c.primaryKey().references('users.id').onDelete('cascade'))
    .addColumn('token_hash', 'text', (c) => c.notNull().unique())
    .addColumn('created_at', t.timestamp, (c) => c.notNull())
    .addColumn('last_used_at', t.timestamp)
    .execute();

  await db.schema
    .createTable('notifications')
    .addColumn('id', t.idType, t.id)
    .addColumn('user_id', t.refType, (c) => c.notNull().references('users.id').onDelete('cascade'))
    .addColumn('kind', 'text', (c) => c.notNull())
    // Set for the notices that exist once (the day's due follow-ups): the same key written twice is one notice.
    .addColumn('key', 'text', (c) => c.unique())
    .addColumn('prospect_id', t.refType, (c) => c.references('prospects.id').onDelete('cascade'))
    .addColumn('actor_id', t.refType, (c) => c.references('users.id'))
    .addColumn('actor_label', 'text')
    .addColumn('data_json', 'text', (c) => c.notNull().defaultTo('{}'))
    .addColumn('created_at', t.timestamp, (c) => c.notNull())
    .addColumn('read_at', t.timestamp)
    .execute();
  await db.schema.createIndex('notifications_user').on('notifications').columns(['user_id', 'id']).execute();
  await db.schema.createIndex('notifications_created').on('notifications').columns(['created_at']).execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('notifications').execute();
  await db.schema.dropTable('feed_tokens').execute();
  for (const column of ['digest_sent_for', 'team_digest', 'digest_days', 'digest_hour', 'digest_enabled']) {
    await db.schema.alterTable('users').dropColumn(column).execute();
  }
}
