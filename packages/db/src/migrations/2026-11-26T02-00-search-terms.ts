import { sql, type Kysely } from 'kysely';
import { columnTypes } from './column-types.js';

/**
 * The search index: an inverted table of short terms (1- and 2-character CJK pieces, 1- to 3-character
 * Latin and pinyin pieces, 3-digit phone pieces) per prospect. A plain B-tree answers 1- and
 * 2-character queries, which trigram indexes cannot. The owner is part of the key so that a
 * salesperson's query reads only their own postings.
 */
export async function up(db: Kysely<any>): Promise<void> {
  const t = columnTypes(db);
  let table = db.schema
    .createTable('search_terms')
    .addColumn('term', 'text', (c) => c.notNull())
    // The owner's id, or 0 for the pool: NULL cannot take part in a primary key.
    .addColumn('owner_key', t.refType, (c) => c.notNull())
    .addColumn('prospect_id', t.refType, (c) => c.notNull().references('prospects.id').onDelete('cascade'))
    .addPrimaryKeyConstraint('search_terms_pk', ['term', 'owner_key', 'prospect_id']);
  if (t.sqlite) table = table.modifyEnd(sql`without rowid`);
  await table.execute();
  // Reindexing one prospect, owner changes, and the colleague-link branch of a query.
  await db.schema.createIndex('search_terms_prospect').on('search_terms').columns(['prospect_id', 'term']).execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('search_terms').execute();
}
