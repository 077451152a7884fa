import { withTransaction, type Executor } from '@pond/db';
import { planQuery, searchScore, type FieldMatch } from '@pond/domain';
import { sql } from 'kysely';
import type { Actor } from '../../platform/actor.js';
import type { CoreDeps } from '../../platform/deps.js';
import { DuplicatesRepository } from '../cards/duplicates.repository.js';
import { userNames } from '../prospects/prospects.access.js';
import { reachOf } from '../prospects/prospects.policy.js';
import { SUMMARY_COLUMNS, visibleTo, type ProspectScope } from '../prospects/prospects.queries.js';
import { toSummary, type ProspectSummaryView } from '../prospects/prospects.views.js';
import { documentOf, SearchRepository, type Candidate } from './search.repository.js';

/** At most this many candidates are verified and ranked per query; the response says when it was cut. */
export const CANDIDATE_CAP = 1_000;

/** What ranking reads of every candidate; on PostgreSQL an index holds exactly these (prospects_search_rank). */
const RANK_COLUMNS = ['p.id', 'p.owner_id', 'p.archived_at', 'p.last_touch_at'] as const;
/** A candidate's own searchable columns, read with its row where the index does not store them. */
const OWN_COLUMNS = ['p.name', 'p.company', 'p.title', 'p.wechat_id'] as const;
type OwnColumns = { name: string; company: string | null; title: string | null; wechat_id: string | null };
type RankRow = { id: number; owner_id: number | null; archived_at: string | null; last_touch_at: string | null };

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
        return { ...v, score, literal: v.doc.name.includes(literal) ? 1 : 0 };
      })
      .sort((a, b) => b.score - a.score || b.literal - a.literal || b.id - a.id);
    const top = ranked.slice(0, limit);
    // Only the hits shown are read whole; they carry their phones, e-mails and tags, and every field that matched.
    const missing = top.filter((h) => !h.complete).map((h) => h.id);
    const [summaries, lists, names] = await Promise.all([
      top.length ? db.selectFrom('prospects as p').select(SUMMARY_COLUMNS).where('p.id', 'in', top.map((h) => h.id)).execute() : [],
      this.repo.contactsAndTags(db, missing),
      userNames(db, top.map((h) => h.row.owner_id)),
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
    const scope = within ?? (await reachOf(db, actor, 'in-query')).scope;
    const found = await this.repo.candidates(db, plan.alternatives, scope, CANDIDATE_CAP);
    const ids = [...found.keys()];
    const rows = ids.length ? await this.rankRows(found, scope) : [];
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
   * What ranking needs of the candidates the scope may see. The index answers only what the scope may read; the
   * rows are checked against it once more, so that an index out of step with the links could hide a prospect from
   * a colleague but never show one. Where the index stores each candidate's owner, the rows are asked for by
   * (owner, id), the order of `prospects_search_rank`: one salesperson's candidates then share the few index pages
   * of their own book. Elsewhere they are read by id, with their own searchable columns.
   */
  private async rankRows(found: Map<number, Candidate>, scope: ProspectScope): Promise<RankRow[]> {
    const db = this.deps.database.db;
    const visible = () => db.selectFrom('prospects as p').where(visibleTo(scope));
    const candidates = [...found];
    if (!candidates.every(([, c]) => c.stored)) {
      return visible().select([...RANK_COLUMNS, ...OWN_COLUMNS]).where('p.id', 'in', [...found.keys()]).execute();
    }
    const owned = candidates.filter(([, c]) => c.stored!.ownerId !== null).map(([id, c]) => [c.stored!.ownerId!, id] as const);
    owned.sort((a, b) => a[0] - b[0] || a[1] - b[1]);
    const pool = candidates.filter(([, c]) => c.stored!.ownerId === null).map(([id]) => id);
    const [byOwner, inPool] = await Promise.all([
      owned.length
        ? visible()
          .select(RANK_COLUMNS)
          .where(sql<boolean>`(p.owner_id, p.id) in (select * from unnest(${owned.map((o) => o[0])}::bigint[], ${owned.map((o) => o[1])}::bigint[]))`)
          .execute()
        : [],
      pool.length ? visible().select(RANK_COLUMNS).where('p.owner_id', 'is', null).where('p.id', 'in', pool).execute() : [],
    ]);
    return [...byOwner, ...inPool];
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
