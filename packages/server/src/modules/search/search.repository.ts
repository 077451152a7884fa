import type { Executor } from '@pond/db';
import { indexTerms, type PlanAlternative, type SearchDocument } from '@pond/domain';
import { sql } from 'kysely';
import type { ProspectScope } from '../prospects/prospects.queries.js';

export interface IndexedProspect {
  id: number;
  ownerId: number | null;
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

const ownerKey = (ownerId: number | null) => ownerId ?? 0;
/** Rows per insert statement; SQLite's default limit is 32,766 bound parameters. */
const BATCH = 3_000;

/** The inverted search table. Every write happens inside the caller's transaction. */
export class SearchRepository {
  /** The searchable parts of the given prospects, as stored. */
  async documents(db: Executor, ids: number[]): Promise<IndexedProspect[]> {
    if (!ids.length) return [];
    const [rows, lists] = await Promise.all([
      db.selectFrom('prospects').select(['id', 'owner_id', 'name', 'company', 'title', 'wechat_id']).where('id', 'in', ids).execute(),
      this.contactsAndTags(db, ids),
    ]);
    const byId = new Map(rows.map((r) => [r.id, { id: r.id, ownerId: r.owner_id, doc: documentOf(r, lists.get(r.id)) }]));
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
    let rows: { term: string; owner_key: number; prospect_id: number }[] = [];
    let total = 0;
    const flush = async () => {
      if (!rows.length) return;
      await db.insertInto('search_terms').values(rows).onConflict((oc) => oc.doNothing()).execute();
      total += rows.length;
      rows = [];
    };
    for (const { id, ownerId, doc } of docs) {
      const terms = new Set(indexTerms(doc).map((r) => r.term));
      for (const term of terms) rows.push({ term, owner_key: ownerKey(ownerId), prospect_id: id });
      if (rows.length >= BATCH) await flush();
    }
    await flush();
    return total;
  }

  /** Follows an owner change without recomputing terms. */
  async moveOwner(db: Executor, ids: number[], ownerId: number | null): Promise<void> {
    if (!ids.length) return;
    await db.updateTable('search_terms').set({ owner_key: ownerKey(ownerId) }).where('prospect_id', 'in', ids).execute();
  }

  /**
   * Candidate ids: documents that hold every term of at least one alternative, restricted to what the
   * scope may see inside the query: the owners' postings, plus the prospects the actor is linked to as a
   * colleague (`scope.linkedTo`). That branch is read from the links, a few hundred (prospect, term)
   * lookups; `prospect_id in (…)` let PostgreSQL read every owner's postings of a common term and filter
   * them (7 ms for 「王」 at 1M prospects; 4 ms this way).
   */
  async candidates(db: Executor, alternatives: PlanAlternative[], scope: ProspectScope, cap: number): Promise<number[]> {
    const ids = new Set<number>();
    const ownerKeys = scope.kind === 'restricted' ? (scope.ownerIds.length ? scope.ownerIds : [-1]) : null;
    const linkedTo = scope.kind === 'restricted' ? scope.linkedTo : undefined;
    for (const alt of alternatives) {
      const terms = [...new Set(alt.terms)];
      if (!terms.length) continue;
      // The prospects holding all the terms. A prospect has each term once, so one term needs no grouping.
      const several = terms.length > 1;
      const all = sql<boolean>`count(distinct st.term) = ${terms.length}`;
      const branches: Array<{ execute(): Promise<Array<{ prospect_id: number }>> }> = [
        db
          .selectFrom('search_terms as st')
          .select('st.prospect_id')
          .where('st.term', 'in', terms)
          .$if(ownerKeys !== null, (q) => q.where('st.owner_key', 'in', ownerKeys!))
          .$if(several, (q) => q.groupBy('st.prospect_id').having(all))
          .limit(cap),
      ];
      if (linkedTo !== undefined) {
        // Per link, how many of the terms its prospect holds: a correlated count that both engines run as
        // index lookups per link (a join let PostgreSQL hash every owner's postings of a common term).
        branches.push(
          db
            .selectFrom('prospect_colleagues as pc')
            .select('pc.prospect_id')
            .where('pc.user_id', '=', linkedTo)
            .where(
              (eb) =>
                eb.selectFrom('search_terms as st').select((e) => e.fn.countAll<number>().as('n')).whereRef('st.prospect_id', '=', 'pc.prospect_id').where('st.term', 'in', terms),
              '=',
              terms.length,
            )
            .limit(cap),
        );
      }
      for (const branch of branches) for (const r of await branch.execute()) ids.add(r.prospect_id);
      if (ids.size >= cap) break;
    }
    return [...ids].slice(0, cap);
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
