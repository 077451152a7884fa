import { onSqlite, prepared, type Executor } from '@pond/db';
import { IndexTermCache, type PlanAlternative, type PlanKind, type SearchDocument } from '@pond/domain';
import { sql } from 'kysely';
import type { ProspectScope } from '../prospects/prospects.queries.js';

export interface IndexedProspect {
  id: number;
  ownerId: number | null;
  /** The colleagues linked to it, who find it through their viewer key. */
  viewers: number[];
  doc: SearchDocument;
}

export interface DocumentLists {
  emails: string[];
  phones: string[];
  tags: string[];
}

/** A search document from a prospect's own columns and, when read, its contacts and tags. */
export function documentOf(
  row: { name: string; company: string | null; title: string | null; wechat_id: string | null },
  lists: DocumentLists = { emails: [], phones: [], tags: [] },
): SearchDocument {
  return { name: row.name, company: row.company, title: row.title, wechatId: row.wechat_id, ...lists };
}

/*
 * Every posting carries a key saying whose searches read it: the owner's id, 0 for the pool, or a viewer key,
 * the negative id of a colleague linked to the prospect, under which the prospect's terms are copied. So any
 * scope reads contiguous ranges, `term = ? and owner_key in (…)`, and a colleague link costs its prospect's
 * terms once more (~100 rows) instead of a probe per link and term at every query.
 */
const ownerKey = (ownerId: number | null) => ownerId ?? 0;
const viewerKey = (userId: number) => -userId;
/** Rows per insert statement on SQLite (whose default limit is 32,766 bound parameters). */
const BATCH = 512;
/** Rows per statement on PostgreSQL, sent as three arrays. */
const PG_BATCH = 20_000;

type Posting = { term: string; owner_key: number; prospect_id: number };

// Compiled once per row count. Inserts are cut into BATCH rows and then powers of two, so at most ten counts occur.
const insertPostings = prepared((db, p: { rows: Posting[] }) => db.insertInto('search_terms').values(p.rows).onConflict((oc) => oc.doNothing()));

/** Terms of names, companies, titles and tags already seen, shared by every write of this process. */
const termCache = new IndexTermCache();

/** The inverted search table. Every write happens inside the caller's transaction. */
export class SearchRepository {
  /** The searchable parts of the given prospects, as stored. */
  async documents(db: Executor, ids: number[]): Promise<IndexedProspect[]> {
    if (!ids.length) return [];
    const [rows, lists, links] = await Promise.all([
      db.selectFrom('prospects').select(['id', 'owner_id', 'name', 'company', 'title', 'wechat_id']).where('id', 'in', ids).execute(),
      this.contactsAndTags(db, ids),
      db.selectFrom('prospect_colleagues').select(['prospect_id', 'user_id']).where('prospect_id', 'in', ids).execute(),
    ]);
    const viewers = new Map<number, number[]>();
    for (const l of links) viewers.set(l.prospect_id, [...(viewers.get(l.prospect_id) ?? []), l.user_id]);
    const byId = new Map(rows.map((r) => [r.id, { id: r.id, ownerId: r.owner_id, viewers: viewers.get(r.id) ?? [], doc: documentOf(r, lists.get(r.id)) }]));
    return ids.map((id) => byId.get(id)).filter((x): x is IndexedProspect => x !== undefined);
  }

  /** The phones, e-mails and tags of the given prospects (those with none are absent from the map). */
  async contactsAndTags(db: Executor, ids: number[]): Promise<Map<number, DocumentLists>> {
    const lists = new Map<number, DocumentLists>();
    if (!ids.length) return lists;
    const [contacts, tags] = await Promise.all([
      db.selectFrom('prospect_contacts').select(['prospect_id', 'kind', 'value']).where('prospect_id', 'in', ids).orderBy('position').execute(),
      db.selectFrom('prospect_tags').select(['prospect_id', 'tag']).where('prospect_id', 'in', ids).execute(),
    ]);
    const of = (id: number) => {
      let l = lists.get(id);
      if (!l) lists.set(id, (l = { emails: [], phones: [], tags: [] }));
      return l;
    };
    for (const c of contacts) (c.kind === 'phone' ? of(c.prospect_id).phones : of(c.prospect_id).emails).push(c.value);
    for (const t of tags) of(t.prospect_id).tags.push(t.tag);
    return lists;
  }

  /** Rewrites the index rows of the given prospects from their current state. */
  async reindex(db: Executor, ids: number[]): Promise<number> {
    if (!ids.length) return 0;
    await db.deleteFrom('search_terms').where('prospect_id', 'in', ids).execute();
    const docs = await this.documents(db, ids);
    return this.insert(db, docs);
  }

  /** Adds index rows for prospects that have none yet (new records, bulk imports). */
  async insert(db: Executor, docs: IndexedProspect[]): Promise<number> {
    let rows: Posting[] = [];
    let total = 0;
    const sqlite = onSqlite(db);
    const flush = async (all: boolean) => {
      if (!sqlite) {
        // Three array parameters instead of a VALUES list: one short statement to parse and plan (measured
        // on 5,000 imported cards: 2.7 ms of index work per prospect against 5.9 ms with 512-row VALUES).
        if (rows.length >= PG_BATCH || (all && rows.length)) {
          await sql`insert into search_terms (term, owner_key, prospect_id)
            select * from unnest(${rows.map((r) => r.term)}::text[], ${rows.map((r) => r.owner_key)}::bigint[], ${rows.map((r) => r.prospect_id)}::bigint[])
            on conflict do nothing`.execute(db);
          total += rows.length;
          rows = [];
        }
        return;
      }
      let from = 0;
      for (let size = BATCH; size >= 1; size = all ? size >> 1 : 0) {
        while (rows.length - from >= size) {
          await insertPostings.execute(db, { rows: rows.slice(from, from + size) });
          from += size;
        }
      }
      total += from;
      rows = rows.slice(from);
    };
    for (const { id, ownerId, viewers, doc } of docs) {
      const terms = termCache.terms(doc);
      for (const key of [ownerKey(ownerId), ...viewers.map(viewerKey)]) {
        for (const term of terms) rows.push({ term, owner_key: key, prospect_id: id });
      }
      if (rows.length >= (sqlite ? BATCH : PG_BATCH)) await flush(false);
    }
    await flush(true);
    return total;
  }

  /** Follows an owner change without recomputing terms; the colleagues' copies stay as they are. */
  async moveOwner(db: Executor, ids: number[], ownerId: number | null): Promise<void> {
    if (!ids.length) return;
    await db.updateTable('search_terms').set({ owner_key: ownerKey(ownerId) }).where('prospect_id', 'in', ids).where('owner_key', '>=', 0).execute();
  }

  /** A colleague was linked to the prospect: its terms are copied under the colleague's viewer key. */
  async addViewer(db: Executor, prospectId: number, userId: number): Promise<void> {
    await db
      .insertInto('search_terms')
      .columns(['term', 'owner_key', 'prospect_id'])
      .expression((eb) =>
        eb
          .selectFrom('search_terms')
          .select((e) => ['term', e.val(viewerKey(userId)).as('owner_key'), 'prospect_id'])
          .where('prospect_id', '=', prospectId)
          .where('owner_key', '>=', 0),
      )
      .onConflict((oc) => oc.doNothing())
      .execute();
  }

  /** The colleague's link is gone, and with it their copy of the prospect's terms. */
  async removeViewer(db: Executor, prospectId: number, userId: number): Promise<void> {
    await db.deleteFrom('search_terms').where('prospect_id', '=', prospectId).where('owner_key', '=', viewerKey(userId)).execute();
  }

  /**
   * Candidate ids, each with the kinds of the alternatives that returned it: documents that hold every term
   * of at least one alternative, among the postings the scope may read: its owners' keys and, for the
   * colleague links, the actor's viewer key (`scope.linkedTo`). An unrestricted scope reads the owners'
   * postings only, so each prospect's terms count once.
   */
  async candidates(db: Executor, alternatives: PlanAlternative[], scope: ProspectScope, cap: number): Promise<Map<number, Set<PlanKind>>> {
    const found = new Map<number, Set<PlanKind>>();
    const keys =
      scope.kind === 'restricted' ? [...scope.ownerIds, ...(scope.linkedTo !== undefined ? [viewerKey(scope.linkedTo)] : [])] : null;
    if (keys !== null && !keys.length) return found;
    for (const alt of alternatives) {
      const terms = [...new Set(alt.terms)];
      if (!terms.length) continue;
      // The prospects holding all the terms. A prospect has each term once per key, so one term needs no
      // grouping, and several count distinct terms (an owner who is also linked holds them under two keys).
      const several = terms.length > 1;
      const all = sql<boolean>`count(distinct st.term) = ${terms.length}`;
      const rows = await db
        .selectFrom('search_terms as st')
        .select('st.prospect_id')
        .where('st.term', 'in', terms)
        .$if(keys !== null, (q) => q.where('st.owner_key', 'in', keys!))
        .$if(keys === null, (q) => q.where('st.owner_key', '>=', 0))
        .$if(several, (q) => q.groupBy('st.prospect_id').having(all))
        .limit(cap)
        .execute();
      for (const r of rows) {
        const kinds = found.get(r.prospect_id);
        if (kinds) kinds.add(alt.kind);
        else if (found.size < cap) found.set(r.prospect_id, new Set([alt.kind]));
      }
      if (found.size >= cap) break;
    }
    return found;
  }

  async countRows(db: Executor, prospectId?: number): Promise<number> {
    let q = db.selectFrom('search_terms').select((eb) => eb.fn.countAll<number>().as('n'));
    if (prospectId !== undefined) q = q.where('prospect_id', '=', prospectId);
    return Number((await q.executeTakeFirstOrThrow()).n);
  }

  /** All prospect ids in pages, for a full rebuild. */
  async idsAfter(db: Executor, afterId: number, limit: number): Promise<number[]> {
    const rows = await db.selectFrom('prospects').select('id').where('id', '>', afterId).orderBy('id').limit(limit).execute();
    return rows.map((r) => r.id);
  }
}
