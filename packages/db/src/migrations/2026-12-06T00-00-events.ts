import { sql, type Kysely } from 'kysely';
import { columnTypes } from './column-types.js';

/**
 * Events (研討會): seminars, test-drive days, fairs and dinners a team holds, the colleagues who host them, and the
 * invitations of prospects with their states. An invitation is one row per (event, prospect); attendance logs a
 * touch, kept on the invitation. `mail_key` names the invitation mail in the outbox when it went by e-mail.
 */
export async function up(db: Kysely<any>): Promise<void> {
  const t = columnTypes(db);
  await db.schema
    .createTable('events')
    .addColumn('id', t.idType, t.id)
    .addColumn('title', 'text', (c) => c.notNull())
    .addColumn('kind', 'text', (c) => c.notNull().check(sql`kind in ('seminar', 'test_drive', 'trade_fair', 'dinner', 'other')`))
    .addColumn('status', 'text', (c) => c.notNull().defaultTo('planned').check(sql`status in ('planned', 'cancelled')`))
    .addColumn('starts_at', t.timestamp, (c) => c.notNull())
    .addColumn('ends_at', t.timestamp)
    .addColumn('time_zone', 'text', (c) => c.notNull())
    .addColumn('place', 'text')
    .addColumn('online_url', 'text')
    .addColumn('capacity', 'integer')
    .addColumn('notes', 'text')
    .addColumn('team_id', t.refType, (c) => c.references('teams.id').onDelete('set null'))
    .addColumn('created_by_id', t.refType, (c) => c.references('users.id'))
    .addColumn('cancel_reason', 'text')
    .addColumn('cancelled_at', t.timestamp)
    .addColumn('closed_at', t.timestamp)
    .addColumn('version', 'integer', (c) => c.notNull().defaultTo(1))
    .addColumn('created_at', t.timestamp, (c) => c.notNull())
    .addColumn('updated_at', t.timestamp, (c) => c.notNull())
    .execute();
  await db.schema.createIndex('events_starts').on('events').columns(['starts_at', 'id']).execute();
  await db.schema.createIndex('events_team').on('events').columns(['team_id', 'starts_at']).execute();

  await db.schema
    .createTable('event_hosts')
    .addColumn('event_id', t.refType, (c) => c.notNull().references('events.id').onDelete('cascade'))
    .addColumn('user_id', t.refType, (c) => c.notNull().references('users.id'))
    .addPrimaryKeyConstraint('event_hosts_pk', ['event_id', 'user_id'])
    .execute();
  await db.schema.createIndex('event_hosts_user').on('event_hosts').columns(['user_id', 'event_id']).execute();

  await db.schema
    .createTable('invitations')
    .addColumn('id', t.idType, t.id)
    .addColumn('event_id', t.refType, (c) => c.notNull().references('events.id').onDelete('cascade'))
    .addColumn('prospect_id', t.refType, (c) => c.notNull().references('prospects.id').onDelete('cascade'))
    .addColumn('state', 'text', (c) => c.notNull().check(sql`state in ('invited', 'accepted', 'declined', 'no_answer', 'attended', 'no_show')`))
    .addColumn('channel', 'text', (c) => c.notNull().check(sql`channel in ('email', 'in_person')`))
    .addColumn('walk_in', t.bool, (c) => c.notNull().defaultTo(t.falseValue))
    .addColumn('invited_by_id', t.refType, (c) => c.references('users.id'))
    .addColumn('invited_at', t.timestamp, (c) => c.notNull())
    .addColumn('answered_at', t.timestamp)
    .addColumn('checked_in_by_id', t.refType, (c) => c.references('users.id'))
    .addColumn('checked_in_at', t.timestamp)
    .addColumn('touch_id', t.refType, (c) => c.references('touches.id').onDelete('set null'))
    .addColumn('mail_key', 'text')
    .addColumn('mail_refused', 'text')
    .addColumn('version', 'integer', (c) => c.notNull().defaultTo(1))
    .addColumn('updated_at', t.timestamp, (c) => c.notNull())
    .execute();
  // One invitation per guest and event: two colleagues inviting the same prospect at once make one.
  await db.schema.createIndex('invitations_event_prospect').on('invitations').columns(['event_id', 'prospect_id']).unique().execute();
  await db.schema.createIndex('invitations_prospect').on('invitations').columns(['prospect_id', 'invited_at']).execute();
  await db.schema.createIndex('invitations_event_state').on('invitations').columns(['event_id', 'state']).execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('invitations').execute();
  await db.schema.dropTable('event_hosts').execute();
  await db.schema.dropTable('events').execute();
}
