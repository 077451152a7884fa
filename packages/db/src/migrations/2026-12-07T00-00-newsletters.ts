import { sql, type Kysely } from 'kysely';
import { columnTypes } from './column-types.js';

/**
 * Newsletters (通訊): the issues, one send row per recipient (the frozen list, its cover notes and every copy's
 * fate), the addresses that must never be mailed again, and the send rate's windows shared by every worker. Users
 * gain a title and a phone for the signature under their cover notes.
 */
export async function up(db: Kysely<any>): Promise<void> {
  const t = columnTypes(db);
  await db.schema.alterTable('users').addColumn('title', 'text').execute();
  await db.schema.alterTable('users').addColumn('phone', 'text').execute();

  await db.schema
    .createTable('newsletter_issues')
    .addColumn('id', t.idType, t.id)
    .addColumn('subject', 'text', (c) => c.notNull())
    .addColumn('body_md', 'text', (c) => c.notNull())
    .addColumn('advertisement', t.bool, (c) => c.notNull().defaultTo(t.falseValue))
    // The cover note's template in each language, with placeholders: {"en": "...", "zh-Hant": "...", "zh-Hans": "..."}.
    .addColumn('templates_json', 'text', (c) => c.notNull())
    // The prospect list's filter (its query string) the audience is built from.
    .addColumn('audience', 'text', (c) => c.notNull().defaultTo(''))
    .addColumn('state', 'text', (c) =>
      c.notNull().check(sql`state in ('draft', 'submitted', 'approved', 'rejected', 'sending', 'paused', 'sent', 'cancelled')`),
    )
    .addColumn('author_id', t.refType, (c) => c.notNull().references('users.id'))
    .addColumn('team_id', t.refType, (c) => c.references('teams.id').onDelete('set null'))
    .addColumn('submitted_at', t.timestamp)
    .addColumn('reviewed_by_id', t.refType, (c) => c.references('users.id'))
    .addColumn('reviewed_at', t.timestamp)
    .addColumn('review_comment', 'text')
    // SHA-256 of the content, the recipient list and the notes the approval covered.
    .addColumn('approval_hash', 'text')
    .addColumn('send_at', t.timestamp)
    .addColumn('started_at', t.timestamp)
    .addColumn('finished_at', t.timestamp)
    .addColumn('version', 'integer', (c) => c.notNull().defaultTo(1))
    .addColumn('created_at', t.timestamp, (c) => c.notNull())
    .addColumn('updated_at', t.timestamp, (c) => c.notNull())
    .execute();
  await db.schema.createIndex('newsletter_issues_state').on('newsletter_issues').columns(['state', 'id']).execute();
  await db.schema.createIndex('newsletter_issues_author').on('newsletter_issues').columns(['author_id', 'id']).execute();

  await db.schema
    .createTable('newsletter_copies')
    .addColumn('id', t.idType, t.id)
    .addColumn('issue_id', t.refType, (c) => c.notNull().references('newsletter_issues.id').onDelete('cascade'))
    .addColumn('prospect_id', t.refType, (c) => c.notNull().references('prospects.id').onDelete('cascade'))
    // Excluded rows stay on the list with their reason, so the preview can say why; they are never sent.
    .addColumn('excluded', 'text')
    .addColumn('signer_id', t.refType, (c) => c.references('users.id'))
    .addColumn('address', 'text')
    .addColumn('locale', 'text')
    .addColumn('note', 'text')
    .addColumn('note_by_id', t.refType, (c) => c.references('users.id'))
    .addColumn('note_at', t.timestamp)
    .addColumn('state', 'text', (c) =>
      c.notNull().check(sql`state in ('planned', 'claimed', 'sending', 'accepted', 'retry', 'failed', 'suppressed', 'unknown', 'excluded')`),
    )
    .addColumn('lease_until', t.timestamp)
    .addColumn('claimed_by', 'text')
    .addColumn('claimed_at', t.timestamp)
    .addColumn('attempts', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('retry_at', t.timestamp)
    .addColumn('message_id', 'text')
    .addColumn('smtp_reply', 'text')
    .addColumn('suppressed_reason', 'text')
    .addColumn('sent_at', t.timestamp)
    .addColumn('decided_by_id', t.refType, (c) => c.references('users.id'))
    .execute();
  // One copy per issue and prospect: two refreshes of one audience at once make one row.
  await db.schema.createIndex('newsletter_copies_issue_prospect').on('newsletter_copies').columns(['issue_id', 'prospect_id']).unique().execute();
  // What a worker takes next, and a leased row whose lease ran out.
  await db.schema.createIndex('newsletter_copies_issue_state').on('newsletter_copies').columns(['issue_id', 'state', 'id']).execute();
  // The caps: a prospect's copies sent or on their way, by when.
  await db.schema.createIndex('newsletter_copies_prospect').on('newsletter_copies').columns(['prospect_id', 'claimed_at']).execute();
  await db.schema.createIndex('newsletter_copies_signer').on('newsletter_copies').columns(['signer_id', 'issue_id']).execute();

  await db.schema
    .createTable('mail_suppressions')
    .addColumn('address', 'text', (c) => c.primaryKey())
    .addColumn('reason', 'text', (c) => c.notNull().check(sql`reason in ('hard_bounce', 'complaint', 'refused', 'soft_bounces', 'unsubscribed')`))
    .addColumn('detail', 'text')
    .addColumn('soft_count', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('active', t.bool, (c) => c.notNull().defaultTo(t.trueValue))
    .addColumn('at', t.timestamp, (c) => c.notNull())
    .execute();

  // Send budgets per fixed window ('m:<minute>' and 'h:<hour>'), counted under the row's lock by every worker.
  await db.schema
    .createTable('send_windows')
    .addColumn('name', 'text', (c) => c.primaryKey())
    .addColumn('used', 'integer', (c) => c.notNull().defaultTo(0))
    .execute();

  // Bounces, complaints and replies that came back through the inbound path, kept for the signer to read.
  await db.schema
    .createTable('newsletter_inbound')
    .addColumn('id', t.idType, t.id)
    .addColumn('copy_id', t.refType, (c) => c.references('newsletter_copies.id').onDelete('cascade'))
    .addColumn('kind', 'text', (c) => c.notNull())
    .addColumn('status', 'text')
    .addColumn('detail', 'text')
    .addColumn('from_address', 'text')
    .addColumn('subject', 'text')
    .addColumn('body', 'text')
    .addColumn('at', t.timestamp, (c) => c.notNull())
    .execute();
  await db.schema.createIndex('newsletter_inbound_copy').on('newsletter_inbound').columns(['copy_id', 'id']).execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('newsletter_inbound').execute();
  await db.schema.dropTable('send_windows').execute();
  await db.schema.dropTable('mail_suppressions').execute();
  await db.schema.dropTable('newsletter_copies').execute();
  await db.schema.dropTable('newsletter_issues').execute();
  await db.schema.alterTable('users').dropColumn('phone').execute();
  await db.schema.alterTable('users').dropColumn('title').execute();
}
