import type { Executor } from '@pond/db';
import { indexTerms, type PlanAlternative, type SearchDocument } from '@pond/domain';
import { sql } from 'kysely';
import type { ProspectScope } from '../prospects/prospects.queries.js';

export interface IndexedProspect {
  id: number;
  ownerId: number | null;
  doc: SearchDocument;
}

const ownerKey = (ownerId: number | null) => ownerId ?? 0;
/** Rows per insert statement; SQLite's default limit is 32,766 bound parameters. */
const BATCH = 3_000;

/** The inverted search table. Every write happens inside the caller's transaction. */
export class SearchRepository {
  /** The searchable parts of the given prospects, as stored. */
  async documents(db: Executor, ids: number[]): Promise<IndexedProspect[]> {
    if (!ids.length) return [];
    const [rows, contacts, tags] = await Promise.all([
      db.selectFrom('prospects').select(['id', 'owner_id', 'name', 'company', 'title', 'wechat_id']).where('id', 'in', ids).execute(),
      db.selectFrom('prospect_contacts').select(['prospect_id', 'kind', 'value']).where('prospect_id', 'in', ids).orderBy('position').execute(),
      db.selectFrom('prospect_tags').select(['prospect_id', 'tag']).where('prospect_id', 'in', ids).execute(),
    ]);
    const byId = new Map<number, IndexedProspect>(
      rows.map((r) => [r.id, { id: r.id, ownerId: r.owner_id, doc: { name: r.name, company: r.company, title: r.title, wechatId: r.wechat_id, emails: [], phones: [], tags: [] } }]),
    );
    for (const c of contacts) (c.kind === 'phone' ? (byId.get(c.prospect_id)!.doc.phones as string[]) : (byId.get(c.prospect_id)!.doc.emails as string[])).push(c.value);
    for (const t of tags) (byId.get(t.prospect_id)!.doc.tags as string[]).push(t.tag);
    return ids.map((id) => byId.get(id)).filter((x): x is IndexedProspect => x !== undefined);
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
   * scope may see inside the query (owners' postings, plus the colleague-link branch).
   */
  async candidates(db: Executor, alternatives: PlanAlternative[], scope: ProspectScope, cap: number): Promise<number[]> {
    const ids = new Set<number>();
    for (const alt of alternatives) {
      const terms = [...new Set(alt.terms)];
      if (!terms.length) continue;
      const having = sql<boolean>`count(distinct term) = ${terms.length}`;
      let owned = db.selectFrom('search_terms').select('prospect_id').where('term', 'in', terms);
      if (scope.kind === 'restricted') owned = owned.where('owner_key', 'in', scope.ownerIds.length ? scope.ownerIds : [-1]);
      const branches = [owned.groupBy('prospect_id').having(having).limit(cap)];
      if (scope.kind === 'restricted' && scope.linkedIds.length) {
        branches.push(
          db
            .selectFrom('search_terms')
            .select('prospect_id')
            .where('term', 'in', terms)
            .where('prospect_id', 'in', scope.linkedIds)
            .groupBy('prospect_id')
            .having(having)
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
