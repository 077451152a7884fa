import { sql, type Kysely } from 'kysely';

/**
 * The search index gains a copy of each colleague-linked prospect's terms under the colleague's viewer key
 * (the negative user id; owners are positive and the pool is 0). A salesperson's search then reads one
 * contiguous range per term, `owner_key in (me, -me)`, instead of probing every linked prospect for every
 * term: at 1M prospects with ~230 links per salesperson, that probing took 5–12 ms a query on PostgreSQL.
 * This fills the copies for the links that exist; Pond keeps them from here on (link, unlink, reindex).
 */
export async function up(db: Kysely<any>): Promise<void> {
  await sql`insert into search_terms (term, owner_key, prospect_id)
    select st.term, -pc.user_id, st.prospect_id
    from prospect_colleagues pc inner join search_terms st on st.prospect_id = pc.prospect_id
    where st.owner_key >= 0
    on conflict do nothing`.execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  await sql`delete from search_terms where owner_key < 0`.execute(db);
}
