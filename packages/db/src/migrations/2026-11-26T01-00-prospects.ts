import { sql, type Kysely } from 'kysely';
import { columnTypes } from './column-types.js';

/**
 * The prospect book: prospects with their follow-up clock, contacts, tags, colleague links,
 * touches and field history. Enumerations are stored as their glossary names; 'A' < 'B' < 'C' < 'unrated'
 * and 'key' < 'normal' < 'small' also sort in agenda order, so plain indexes serve the agenda.
 */
export async function up(db: Kysely<any>): Promise<void> {
  const t = columnTypes(db);

  await db.schema
    .createTable('prospects')
    .addColumn('id', t.idType, t.id)
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('company', 'text')
    .addColumn('title', 'text')
    .addColumn('wechat_id', 'text')
    .addColumn('address', 'text')
    .addColumn('source', 'text', (c) => c.notNull())
    .addColumn('collected_by_id', t.refType, (c) => c.references('users.id'))
    .addColumn('owner_id', t.refType, (c) => c.references('users.id'))
    .addColumn('grade', 'text', (c) => c.notNull().check(sql`grade in ('A', 'B', 'C', 'unrated')`))
    .addColumn('importance', 'text', (c) => c.notNull().check(sql`importance in ('key', 'normal', 'small')`))
    .addColumn('expected_close', 'text', (c) => c.notNull())
    .addColumn('disposition', 'text', (c) => c.notNull().check(sql`disposition in ('continue', 'pause', 'keep', 'dropped')`))
    .addColumn('resume_on', t.date)
    .addColumn('dropped_reason', 'text')
    .addColumn('interval_days', 'integer')
    .addColumn('newsletter_consent', 'text', (c) => c.notNull())
    .addColumn('do_not_call', t.bool, (c) => c.notNull().defaultTo(t.falseValue))
    .addColumn('stage', 'text', (c) => c.notNull().check(sql`stage in ('prospect', 'customer', 'repeat_customer')`))
    .addColumn('touch_count', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('last_touch_at', t.timestamp)
    .addColumn('explicit_next_on', t.date)
    .addColumn('next_due_on', t.date)
    .addColumn('archived_at', t.timestamp)
    .addColumn('created_by_id', t.refType, (c) => c.references('users.id'))
    .addColumn('version', 'integer', (c) => c.notNull().defaultTo(1))
    .addColumn('created_at', t.timestamp, (c) => c.notNull())
    .addColumn('updated_at', t.timestamp, (c) => c.notNull())
    .execute();
  // The agenda: one owner's prospects by due date.
  await db.schema.createIndex('prospects_owner_due').on('prospects').columns(['owner_id', 'next_due_on']).execute();
  // Lists: one owner's prospects in id order, for keyset pages.
  await db.schema.createIndex('prospects_owner_id').on('prospects').columns(['owner_id', 'id']).execute();
  await db.schema.createIndex('prospects_owner_touched').on('prospects').columns(['owner_id', 'last_touch_at']).execute();
  // The agenda's "touched only once" section.
  await db.schema.createIndex('prospects_owner_touch_count').on('prospects').columns(['owner_id', 'touch_count']).execute();

  await db.schema
    .createTable('prospect_contacts')
    .addColumn('id', t.idType, t.id)
    .addColumn('prospect_id', t.refType, (c) => c.notNull().references('prospects.id').onDelete('cascade'))
    .addColumn('kind', 'text', (c) => c.notNull().check(sql`kind in ('phone', 'email')`))
    .addColumn('value', 'text', (c) => c.notNull())
    .addColumn('position', 'integer', (c) => c.notNull())
    .execute();
  // "Does this phone or email already exist?" is asked while the user types.
  await db.schema.createIndex('prospect_contacts_value').on('prospect_contacts').columns(['kind', 'value']).execute();
  await db.schema.createIndex('prospect_contacts_prospect').on('prospect_contacts').columns(['prospect_id', 'position']).execute();

  await db.schema
    .createTable('prospect_tags')
    .addColumn('prospect_id', t.refType, (c) => c.notNull().references('prospects.id').onDelete('cascade'))
    .addColumn('tag', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('prospect_tags_pk', ['prospect_id', 'tag'])
    .execute();
  await db.schema.createIndex('prospect_tags_tag').on('prospect_tags').columns(['tag', 'prospect_id']).execute();

  await db.schema
    .createTable('prospect_colleagues')
    .addColumn('prospect_id', t.refType, (c) => c.notNull().references('prospects.id').onDelete('cascade'))
    .addColumn('user_id', t.refType, (c) => c.notNull().references('users.id'))
    .addColumn('created_by_id', t.refType, (c) => c.references('users.id'))
    .addColumn('created_at', t.timestamp, (c) => c.notNull())
    .addPrimaryKeyConstraint('prospect_colleagues_pk', ['prospect_id', 'user_id'])
    .execute();
  await db.schema.createIndex('prospect_colleagues_user').on('prospect_colleagues').columns(['user_id', 'prospect_id']).execute();

  await db.schema
    .createTable('touches')
    .addColumn('id', t.idType, t.id)
    .addColumn('prospect_id', t.refType, (c) => c.notNull().references('prospects.id').onDelete('cascade'))
    .addColumn('user_id', t.refType, (c) => c.notNull().references('users.id'))
    .addColumn('on_behalf', t.bool, (c) => c.notNull().defaultTo(t.falseValue))
    .addColumn('channel', 'text', (c) => c.notNull())
    .addColumn('direction', 'text', (c) => c.notNull())
    .addColumn('at', t.timestamp, (c) => c.notNull())
    .addColumn('kind', 'text', (c) => c.notNull().check(sql`kind in ('first_contact', 'revisit')`))
    .addColumn('summary', 'text')
    .addColumn('feedback', 'text')
    .addColumn('receptivity', 'text')
    .addColumn('sale_made', t.bool, (c) => c.notNull().defaultTo(t.falseValue))
    .addColumn('relationship_kept', t.bool, (c) => c.notNull().defaultTo(t.trueValue))
    .addColumn('outcome', 'text', (c) => c.notNull())
    .addColumn('lessons', 'text')
    .addColumn('next_contact_on', t.date)
    .addColumn('created_at', t.timestamp, (c) => c.notNull())
    .execute();
  // A prospect's timeline, newest first.
  await db.schema.createIndex('touches_prospect_at').on('touches').columns(['prospect_id', 'at', 'id']).execute();
  // Coaching: one user's touches over a period.
  await db.schema.createIndex('touches_user_at').on('touches').columns(['user_id', 'at']).execute();

  await db.schema
    .createTable('prospect_history')
    .addColumn('id', t.idType, t.id)
    .addColumn('prospect_id', t.refType, (c) => c.notNull().references('prospects.id').onDelete('cascade'))
    .addColumn('at', t.timestamp, (c) => c.notNull())
    .addColumn('user_id', t.refType, (c) => c.references('users.id'))
    .addColumn('field', 'text', (c) => c.notNull())
    .addColumn('before_value', 'text')
    .addColumn('after_value', 'text')
    .execute();
  await db.schema.createIndex('prospect_history_prospect').on('prospect_history').columns(['prospect_id', 'id']).execute();

  await db.schema
    .createTable('settings')
    .addColumn('key', 'text', (c) => c.primaryKey())
    .addColumn('value_json', 'text', (c) => c.notNull())
    .addColumn('version', 'integer', (c) => c.notNull().defaultTo(1))
    .addColumn('updated_at', t.timestamp, (c) => c.notNull())
    .addColumn('updated_by_id', t.refType)
    .execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  for (const table of ['settings', 'prospect_history', 'touches', 'prospect_colleagues', 'prospect_tags', 'prospect_contacts', 'prospects']) {
    await db.schema.dropTable(table).execute();
  }
}
