import { withTransaction, type Executor } from '@pond/db';
import { planQuery, searchScore, type FieldMatch } from '@pond/domain';
import type { Actor } from '../../platform/actor.js';
import type { CoreDeps } from '../../platform/deps.js';
import { userNames } from '../prospects/prospects.access.js';
import { reachOf } from '../prospects/prospects.policy.js';
import { SUMMARY_COLUMNS } from '../prospects/prospects.queries.js';
import { toSummary, type ProspectSummaryView } from '../prospects/prospects.views.js';
import { SearchRepository } from './search.repository.js';

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
    const { verified, truncated } = await this.verifiedMatches(actor, q);
    if (!verified.length) return { items: [], total: 0, truncated: false };
    const rows = await db
      .selectFrom('prospects as p')
      .select(SUMMARY_COLUMNS)
      .where('p.id', 'in', verified.map((v) => v.id))
      .where('p.archived_at', 'is', null)
      .execute();
    const byId = new Map(rows.map((r) => [r.id, r]));
    // Among equals, the name written exactly as typed (same script) comes first.
    const literal = q.trim();
    const ranked = verified
      .filter((v) => byId.has(v.id))
      .map((v) => {
        const row = byId.get(v.id)!;
        const score = searchScore({ matches: v.matches, ownedBySearcher: row.owner_id === actor.userId, touchedAt: row.last_touch_at ? Date.parse(row.last_touch_at) : null });
        return { ...v, row, score, literal: row.name.includes(literal) ? 1 : 0 };
      })
      .sort((a, b) => b.score - a.score || b.literal - a.literal || b.id - a.id);
    const top = ranked.slice(0, limit);
    const names = await userNames(db, top.map((h) => h.row.owner_id));
    return {
      items: top.map((h) => ({
        prospect: toSummary(h.row, { phones: [...h.doc.phones], emails: [...h.doc.emails], tags: [...h.doc.tags], colleagues: [] }, names),
        matches: h.matches,
      })),
      total: ranked.length,
      truncated,
    };
  }

  /** Ids of the visible prospects a query truly matches (verified), for the list's free-text filter. */
  async matchingIds(actor: Actor, q: string): Promise<number[]> {
    return (await this.verifiedMatches(actor, q)).verified.map((v) => v.id);
  }

  /** The candidates of the actor's scope that the query truly matches, with the fields that matched. */
  private async verifiedMatches(actor: Actor, q: string) {
    const db = this.deps.database.db;
    const plan = planQuery(q);
    if (!plan.alternatives.length) return { verified: [], truncated: false };
    const reach = await reachOf(db, actor);
    const ids = await this.repo.candidates(db, plan.alternatives, reach.scope, CANDIDATE_CAP);
    const docs = await this.repo.documents(db, ids);
    const verified = docs.map((d) => ({ id: d.id, doc: d.doc, matches: plan.verify(d.doc) })).filter((h) => h.matches.length > 0);
    return { verified, truncated: ids.length >= CANDIDATE_CAP };
  }

  /** Rebuilds the whole index in batches, each in its own transaction. */
  async rebuild(onProgress?: (done: number) => void): Promise<{ prospects: number; rows: number }> {
    const db = this.deps.database.db;
    let after = 0;
    let prospects = 0;
    let rows = 0;
    for (;;) {
      const ids = await this.repo.idsAfter(db, after, 500);
      if (!ids.length) break;
      rows += await withTransaction(db, (trx) => this.repo.reindex(trx, ids));
      prospects += ids.length;
      after = ids[ids.length - 1]!;
      onProgress?.(prospects);
    }
    return { prospects, rows };
  }
}
