import type { Kysely } from 'kysely';
import { columnTypes } from './column-types.js';

/**
 * Pictures uploaded into a newsletter issue. The bytes live in the database, so every Pond process serves the
 * same picture without a shared disk; each has a random token, its public address, since the mail clients that
 * load it never sign in. One upload of the same bytes per issue: the second answers with the first.
 */
export async function up(db: Kysely<any>): Promise<void> {
  const t = columnTypes(db);
  await db.schema
    .createTable('newsletter_images')
    .addColumn('id', t.idType, t.id)
    .addColumn('issue_id', t.refType, (c) => c.notNull().references('newsletter_issues.id').onDelete('cascade'))
    .addColumn('token', 'text', (c) => c.notNull().unique())
    .addColumn('kind', 'text', (c) => c.notNull())
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('byte_size', 'integer', (c) => c.notNull())
    .addColumn('width', 'integer', (c) => c.notNull())
    .addColumn('height', 'integer', (c) => c.notNull())
    .addColumn('sha256', 'text', (c) => c.notNull())
    .addColumn('data', t.bytes, (c) => c.notNull())
    .addColumn('uploaded_by_id', t.refType, (c) => c.references('users.id'))
    .addColumn('created_at', t.timestamp, (c) => c.notNull())
    .execute();
  await db.schema.createIndex('newsletter_images_issue_sha').on('newsletter_images').columns(['issue_id', 'sha256']).unique().execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('newsletter_images').execute();
}
