import { withTransaction, type Executor } from '@pond/db';
import { planQuery, searchScore, type FieldMatch } from '@pond/domain';
import type { Actor } from '../../platform/actor.js';
import type { CoreDeps } from '../../platform/deps.js';
import { DuplicatesRepository } from '../prospects/duplicates.repository.js';
import { userNames } from '../prospects/prospects.access.js';
import { reachOf } from '../prospects/prospects.policy.js';
import { SUMMARY_COLUMNS, visibleTo } from '../prospects/prospects.queries.js';
import { toSummary, type ProspectSummaryView } from '../prospects/prospects.views.js';
import { documentOf, SearchRepository } from './search.repository.js';

/** At most this many candidates are verified and ranked per query; the response says when it was cut. */
export const CANDIDATE_CAP = 1_000;

export interface SearchHit {
  prospect: ProspectSummaryView;
  matches: FieldMatch[];
}

export class SearchService {
  readonly repo = new SearchRepository();

  constructor(private readonly deps: CoreDeps) {}

  /** Keeps the index of the given prospects in step with them; callers pass their transaction. */
  async reindex(db: Executor, ids: number[]): Promise<void> {
    await this.repo.reindex(db, ids);
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
        return { ...v, score, literal: v.row.name.includes(literal) ? 1 : 0 };
      })
      .sort((a, b) => b.score - a.score || b.literal - a.literal || b.id - a.id);
    const top = ranked.slice(0, limit);
    // The hits shown carry their phones, e-mails and tags, and every field that matched.
    const missing = top.filter((h) => !h.complete).map((h) => h.id);
    const [lists, names] = await Promise.all([this.repo.contactsAndTags(db, missing), userNames(db, top.map((h) => h.row.owner_id))]);
    return {
      items: top.map((h) => {
        const doc = h.complete ? h.doc : documentOf(h.row, lists.get(h.id));
        return {
          prospect: toSummary(h.row, { phones: [...doc.phones], emails: [...doc.emails], tags: [...doc.tags], colleagues: [] }, names),
          matches: h.complete ? h.matches : plan.verify(doc, h.kinds),
        };
      }),
      total: ranked.length,
      truncated,
    };
  }

  /** Ids of the visible prospects a query truly matches (verified), for the list's free-text filter. */
  async matchingIds(actor: Actor, q: string): Promise<number[]> {
    return (await this.verifiedMatches(actor, q)).verified.map((v) => v.id);
  }

  /**
   * The candidates of the actor's scope that the query truly matches. Each is first checked against its
   * own columns (name, company, title, WeChat ID), which hold every field that ranks above "other
   * fields"; only the candidates those do not explain are read with their contacts and tags. So a broad
   * query ranks hundreds of candidates from one read of their rows, and `complete` says whether a hit's
   * matches already include its contacts and tags.
   */
  private async verifiedMatches(actor: Actor, q: string) {
    const db = this.deps.database.db;
    const plan = planQuery(q);
    if (!plan.alternatives.length) return { plan, verified: [], truncated: false };
    // Linked prospects are found through the actor's viewer key in their documents, so no list of links is read first.
    const reach = await reachOf(db, actor, 'in-query');
    const found = await this.repo.candidates(db, plan.alternatives, reach.scope, CANDIDATE_CAP);
    const ids = [...found.keys()];
    // The index already answers only what the scope may read; the rows are checked against it once more, so
    // that an index out of step with the links could hide a prospect from a colleague but never show one.
    const rows = ids.length
      ? await db.selectFrom('prospects as p').select([...SUMMARY_COLUMNS, 'p.wechat_id']).where('p.id', 'in', ids).where(visibleTo(reach.scope)).execute()
      : [];
    const verified = [];
    const unexplained = [];
    for (const row of rows) {
      const doc = documentOf(row);
      const matches = plan.verify(doc, found.get(row.id));
      if (matches.length) verified.push({ id: row.id, row, doc, matches, complete: false, kinds: found.get(row.id) });
      else unexplained.push(row);
    }
    const lists = await this.repo.contactsAndTags(db, unexplained.map((r) => r.id));
    for (const row of unexplained) {
      const doc = documentOf(row, lists.get(row.id));
      const matches = plan.verify(doc, found.get(row.id));
      if (matches.length) verified.push({ id: row.id, row, doc, matches, complete: true, kinds: found.get(row.id) });
    }
    return { plan, verified, truncated: ids.length >= CANDIDATE_CAP };
  }

  /**
   * Rebuilds the whole index in batches, each in its own transaction, then compacts it, and folds every name key
   * again (after an upgrade that changed the folding); `nameKeys` says how many keys changed.
   */
  async rebuild(onProgress?: (done: number) => void): Promise<{ prospects: number; tokens: number; nameKeys: number }> {
    const db = this.deps.database.db;
    const names = new DuplicatesRepository();
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
