import { withTransaction, type Executor } from '@pond/db';
import { planQuery, searchScore, type FieldMatch } from '@pond/domain';
import type { Actor } from '../../platform/actor.js';
import type { CoreDeps } from '../../platform/deps.js';
import type { DuplicatesRepository } from '../cards/duplicates.repository.js';
import type { ProspectScope } from '../prospects/prospects.queries.js';
import { toSummary, type ProspectSummaryView } from '../prospects/prospects.views.js';
import { documentOf, type OwnColumns, type RankRow, type SearchRepository } from './search.repository.js';
import type { Repositories } from '../../repositories.js';
import type { ProspectAccess } from '../prospects/prospects.access.js';
import type { SearchIndex } from '../prospects/search-index.js';

/** At most this many candidates are verified and ranked per query; the response says when it was cut. */
export const CANDIDATE_CAP = 1_000;


export interface SearchHit {
  prospect: ProspectSummaryView;
  matches: FieldMatch[];
}

export class SearchService implements SearchIndex {
  private readonly repo: SearchRepository;
  private readonly names: DuplicatesRepository;

  constructor(
    repos: Pick<Repositories, 'search' | 'duplicates'>,
    private readonly access: ProspectAccess,
    private readonly deps: CoreDeps,
  ) {
    this.repo = repos.search;
    this.names = repos.duplicates;
  }

  /** Keeps the index of the given prospects in step with them; callers pass their transaction. */
  async reindex(db: Executor, ids: number[]): Promise<void> {
    await this.repo.reindex(db, ids);
  }

  /** Adds the documents of new prospects whose terms the caller built (an import's, off the main thread). */
  async insertDocuments(db: Executor, docs: Parameters<SearchRepository['insert']>[1]): Promise<number> {
    return this.repo.insert(db, docs);
  }

  /** Takes erased prospects' documents out of the index at once; callers pass their transaction. */
  async purge(db: Executor, ids: number[]): Promise<void> {
    await this.repo.purge(db, ids);
  }

  /**
   * One search box: any fragment of name, company, title, email, WeChat ID or tag, in either script,
   * by pinyin or initials, or phone digits. Only what the actor may see is ever a candidate.
   */
  async search(actor: Actor, q: string, limit: number): Promise<{ items: SearchHit[]; total: number; truncated: boolean }> {
    const db = this.deps.database.db;
    const { plan, verified, truncated } = await this.verifiedMatches(actor, q);
    // Among equals, the name written exactly as typed (same script) comes first.
    const literal = q.trim();
    const ranked = verified
      .filter((v) => v.row.archived_at === null)
      .map((v) => {
        const score = searchScore({ matches: v.matches, ownedBySearcher: v.row.owner_id === actor.userId, touchedAt: v.row.last_touch_at ? Date.parse(v.row.last_touch_at) : null });
        return { ...v, score, literal: v.doc.name.includes(literal) ? 1 : 0 };
      })
      .sort((a, b) => b.score - a.score || b.literal - a.literal || b.id - a.id);
    const top = ranked.slice(0, limit);
    // Only the hits shown are read whole; they carry their phones, e-mails and tags, and every field that matched.
    const missing = top.filter((h) => !h.complete).map((h) => h.id);
    const [summaries, lists, names] = await Promise.all([
      this.repo.summariesOf(db, top.map((h) => h.id)),
      this.repo.contactsAndTags(db, missing),
      this.access.userNames(db, top.map((h) => h.row.owner_id)),
    ]);
    const byId = new Map(summaries.map((r) => [r.id, r]));
    const items: SearchHit[] = [];
    for (const h of top) {
      // A hit deleted since it was ranked is left out of the page.
      const row = byId.get(h.id);
      if (!row) continue;
      const doc = h.complete ? h.doc : { ...h.doc, ...lists.get(h.id) };
      items.push({
        prospect: toSummary(row, { phones: [...doc.phones], emails: [...doc.emails], tags: [...doc.tags], colleagues: [] }, names),
        matches: h.complete ? h.matches : plan.verify(doc, h.kinds),
      });
    }
    return { items, total: ranked.length, truncated };
  }

  /** Ids of the visible prospects a query truly matches (verified), for the list's free-text filter. */
  async matchingIds(actor: Actor, q: string): Promise<number[]> {
    return (await this.verifiedMatches(actor, q)).verified.map((v) => v.id);
  }

  /** The same, within a scope other than the actor's own (the pool's views). */
  async matchingIdsIn(actor: Actor, scope: ProspectScope, q: string): Promise<number[]> {
    return (await this.verifiedMatches(actor, q, scope)).verified.map((v) => v.id);
  }

  /**
   * The candidates of the actor's scope that the query truly matches, with what ranking needs. A candidate's
   * fields come from the index where it stores them (PostgreSQL: `complete`, every field at hand); otherwise its
   * own columns (name, company, title, WeChat ID) are read with its row and checked first, since they hold every
   * field that ranks above "other fields", and only the candidates they do not explain are read with their
   * contacts and tags. Either way a broad query ranks hundreds of candidates from one narrow read of their rows.
   */
  private async verifiedMatches(actor: Actor, q: string, within?: ProspectScope) {
    const db = this.deps.database.db;
    const plan = planQuery(q);
    if (!plan.alternatives.length) return { plan, verified: [], truncated: false };
    // Linked prospects are found through the actor's viewer key in their documents, so no list of links is read first.
    const scope = within ?? (await this.access.reachOf(db, actor, 'in-query')).scope;
    const found = await this.repo.candidates(db, plan.alternatives, scope, CANDIDATE_CAP);
    const ids = [...found.keys()];
    const rows = ids.length ? await this.repo.rankRows(db, found, scope) : [];
    const verified = [];
    const unexplained = [];
    for (const row of rows) {
      const { kinds, stored } = found.get(row.id)!;
      const storedDoc = stored?.doc;
      const doc = storedDoc ?? documentOf(row as RankRow & OwnColumns);
      const matches = plan.verify(doc, kinds);
      if (matches.length) verified.push({ id: row.id, row, doc, matches, complete: storedDoc !== undefined, kinds });
      else if (!storedDoc) unexplained.push({ row, doc, kinds });
    }
    const lists = await this.repo.contactsAndTags(db, unexplained.map((u) => u.row.id));
    for (const { row, doc: own, kinds } of unexplained) {
      const doc = { ...own, ...lists.get(row.id) };
      const matches = plan.verify(doc, kinds);
      if (matches.length) verified.push({ id: row.id, row, doc, matches, complete: true, kinds });
    }
    return { plan, verified, truncated: ids.length >= CANDIDATE_CAP };
  }

  /**
   * Rebuilds the whole index in batches, each in its own transaction, then compacts it, and folds every name key
   * again (after an upgrade that changed the folding); `nameKeys` says how many keys changed.
   */
  async rebuild(onProgress?: (done: number) => void): Promise<{ prospects: number; tokens: number; nameKeys: number }> {
    const db = this.deps.database.db;
    const names = this.names;
    let after = 0;
    let prospects = 0;
    let tokens = 0;
    let nameKeys = 0;
    for (;;) {
      const ids = await this.repo.idsAfter(db, after, 500);
      if (!ids.length) break;
      tokens += await withTransaction(db, async (trx) => {
        nameKeys += await names.rekey(trx, ids);
        return this.repo.reindex(trx, ids);
      });
      prospects += ids.length;
      after = ids[ids.length - 1]!;
      onProgress?.(prospects);
    }
    await this.repo.compact(db);
    return { prospects, tokens, nameKeys };
  }
}
