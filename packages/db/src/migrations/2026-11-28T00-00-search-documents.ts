import { sql, type Kysely } from 'kysely';
import { columnTypes } from './column-types.js';

/**
 * PostgreSQL only. A search reads each candidate's index row anyway (GIN has no index-only scans), and then read
 * its prospect row and, when those columns did not explain the match, its contacts and tags: a second and third
 * random page per candidate, up to a thousand of them. The index row now also holds the searchable fields
 * themselves (`doc`, the domain's SearchDocument as JSON) and the owner, written with the terms, so a search
 * verifies every candidate from the row it already read.
 *
 * Ranking still needs each candidate's archive mark and last touch, which change with every touch; the index
 * `prospects_search_rank` holds them by (owner, id). A search asks for its candidates by that pair, so the
 * hundreds of one salesperson's candidates fall on the few dozen index pages of their book, which stay in
 * PostgreSQL's buffers from one search to the next, instead of on as many heap pages as candidates. The scan
 * stays in the index while VACUUM keeps the table's pages marked all-visible.
 *
 * The table is rebuilt rather than altered in place: an UPDATE of every row would leave the table twice its size
 * until a VACUUM FULL.
 */
export async function up(db: Kysely<any>): Promise<void> {
  if (columnTypes(db).sqlite) return;
  await sql`create table search_index_next (
    prospect_id bigint not null,
    owner_id bigint,
    terms text[] not null,
    doc json not null)`.execute(db);
  await sql`insert into search_index_next (prospect_id, owner_id, terms, doc)
    select s.prospect_id, p.owner_id, s.terms, json_build_object(
      'name', p.name, 'company', p.company, 'title', p.title, 'wechatId', p.wechat_id,
      'emails', array(select c.value from prospect_contacts c where c.prospect_id = p.id and c.kind = 'email' order by c.position),
      'phones', array(select c.value from prospect_contacts c where c.prospect_id = p.id and c.kind = 'phone' order by c.position),
      'tags', array(select t.tag from prospect_tags t where t.prospect_id = p.id))
    from search_index s join prospects p on p.id = s.prospect_id`.execute(db);
  await sql`drop table search_index`.execute(db);
  await sql`alter table search_index_next rename to search_index`.execute(db);
  await sql`alter table search_index add constraint search_index_pkey primary key (prospect_id)`.execute(db);
  await sql`alter table search_index add constraint search_index_prospect_id_fkey foreign key (prospect_id) references prospects (id) on delete cascade`.execute(db);
  await sql`create index search_index_terms on search_index using gin (terms)`.execute(db);
  await sql`create index prospects_search_rank on prospects (owner_id, id) include (archived_at, last_touch_at)`.execute(db);
  // The new table has no statistics yet; without them the planner would guess at the GIN index's selectivity.
  await sql`analyze search_index`.execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  if (columnTypes(db).sqlite) return;
  await sql`drop index prospects_search_rank`.execute(db);
  await sql`alter table search_index drop column doc, drop column owner_id`.execute(db);
}
