import { sql, type Kysely } from 'kysely';
import { up as createSearchTerms } from './2026-11-26T02-00-search-terms.js';
import { columnTypes } from './column-types.js';

/**
 * The search index becomes one document per prospect in the engine's own inverted index, instead of one
 * B-tree row per (term, key, prospect). A prospect has ~100–150 terms: as rows, an import of 100,000 cards wrote
 * ~14 million postings into a table keyed by term and a second index by prospect, and took 14 times as long as
 * the rest of the import on SQLite (3.7 times on PostgreSQL). An inverted index writes a document's terms
 * together and merges them into its lists in bulk.
 *
 * A document is the prospect's terms plus its visibility keys: `k:<owner id>` (`k:0` for the pool) and
 * `k:-<user id>` for every colleague linked to it. A restricted search asks for all of a plan's terms and any of
 * its keys; an unrestricted one for the terms alone. So a colleague link costs one more token, not a copy.
 *
 * - SQLite: an FTS5 table (rowid = prospect id) whose tokenizer splits on spaces only, with no positions
 *   (`detail=none`) since every lookup is a whole term. It keeps its content, so that a row can be deleted by its
 *   id and, for an erasure, removed from the index pages at once (FTS5's secure-delete). A trigger deletes the
 *   document with its prospect, as the foreign key's cascade does on PostgreSQL.
 * - PostgreSQL: a `text[]` column with a GIN index, whose pending list takes bulk inserts cheaply.
 *
 * The documents are filled from the postings: the terms under the owner's key, and the keys from the prospect.
 */
export async function up(db: Kysely<any>): Promise<void> {
  const t = columnTypes(db);
  if (t.sqlite) {
    await sql`create virtual table search_index using fts5 (terms, columnsize = 0, detail = none, tokenize = "ascii tokenchars ':-'")`.execute(db);
    await sql`insert into search_index (rowid, terms)
      select p.id,
        'k:' || coalesce(p.owner_id, 0)
        || coalesce((select ' ' || group_concat('k:-' || pc.user_id, ' ') from prospect_colleagues pc where pc.prospect_id = p.id), '')
        || coalesce((select ' ' || group_concat(st.term, ' ') from search_terms st where st.prospect_id = p.id and st.owner_key >= 0), '')
      from prospects p`.execute(db);
    await sql`create trigger search_index_prospect_deleted after delete on prospects
      begin delete from search_index where rowid = old.id; end`.execute(db);
  } else {
    await sql`create table search_index (
      prospect_id bigint primary key references prospects (id) on delete cascade,
      terms text[] not null)`.execute(db);
    await sql`insert into search_index (prospect_id, terms)
      select p.id,
        array['k:' || coalesce(p.owner_id, 0)]
        || array(select 'k:-' || pc.user_id from prospect_colleagues pc where pc.prospect_id = p.id)
        || array(select st.term from search_terms st where st.prospect_id = p.id and st.owner_key >= 0)
      from prospects p`.execute(db);
    await sql`create index search_index_terms on search_index using gin (terms)`.execute(db);
  }
  await db.schema.dropTable('search_terms').execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  const t = columnTypes(db);
  // The older table as its own (frozen) migration made it.
  await createSearchTerms(db);
  // Every term of a document under each of its keys, the owner's and the colleagues' (negative). Tokens are
  // letters, digits, ':' and '-', so a document reads as a JSON array once its spaces become separators.
  if (t.sqlite) {
    await sql`insert into search_terms (term, owner_key, prospect_id)
      select term.value, cast(substr(k.value, 3) as integer), d.rowid
      from search_index d, json_each('["' || replace(d.terms, ' ', '","') || '"]') k, json_each('["' || replace(d.terms, ' ', '","') || '"]') term
      where k.value like 'k:%' and term.value not like 'k:%'
      on conflict do nothing`.execute(db);
    await sql`drop trigger search_index_prospect_deleted`.execute(db);
    await sql`drop table search_index`.execute(db);
  } else {
    await sql`insert into search_terms (term, owner_key, prospect_id)
      select term, cast(substr(k, 3) as bigint), d.prospect_id
      from search_index d, unnest(d.terms) k, unnest(d.terms) term
      where k like 'k:%' and term not like 'k:%'
      on conflict do nothing`.execute(db);
    await db.schema.dropTable('search_index').execute();
  }
}
