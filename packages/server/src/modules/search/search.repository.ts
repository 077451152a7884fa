import { onSqlite, prepared, type Executor } from '@pond/db';
import { IndexTermCache, type PlanAlternative, type PlanKind, type SearchDocument } from '@pond/domain';
import { sql, type Kysely } from 'kysely';
import { SUMMARY_COLUMNS, visibleTo, type ProspectScope } from '../prospects/prospects.queries.js';

export interface IndexedProspect {
  id: number;
  ownerId: number | null;
  /** The colleagues linked to it, who find it through their viewer key. */
  viewers: number[];
  doc: SearchDocument;
  /** The document's terms when already computed (a term worker's), else the repository computes them. */
  terms?: readonly string[];
}

/** A candidate: the kinds of the plan's alternatives that returned it, and its fields and owner where stored. */
export interface Candidate {
  kinds: Set<PlanKind>;
  stored?: { doc: SearchDocument; ownerId: number | null };
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
 * One document per prospect in the engine's own inverted index (FTS5 on SQLite, a GIN-indexed text[] on
 * PostgreSQL; see the migration 2026-11-27T18-00-search-index): the prospect's terms and its visibility keys,
 * `k:<owner id>` (`k:0` for the pool) and `k:-<user id>` per linked colleague. A restricted search asks for all
 * of a plan's terms and any of the scope's keys, so it reads only what the scope may see; an unrestricted one
 * asks for the terms alone. Any change to a prospect's terms, owner or links rewrites its document.
 *
 * On PostgreSQL the row also holds the searchable fields (`doc`) and the owner (see the migration
 * 2026-11-28T00-00-search-documents): reading a candidate's id there costs a heap page anyway, and the same page
 * then answers its verification. SQLite's FTS5 keeps the terms alone; its candidates' fields are read from their
 * rows, which cost little there.
 */
const KEY = 'k:';
const keyTokens = (ownerId: number | null, viewers: readonly number[]) => [`${KEY}${ownerId ?? 0}`, ...viewers.map((v) => `${KEY}-${v}`)];
/** The keys a restricted scope reads: its owners' and, for colleague links, the actor's viewer key. */
const scopeKeys = (scope: ProspectScope): string[] | null =>
  scope.kind === 'restricted'
    ? [...scope.ownerIds.map((o) => `${KEY}${o}`), ...(scope.linkedTo !== undefined ? [`${KEY}-${scope.linkedTo}`] : [])]
    : scope.kind === 'pool'
      ? // The pool's documents carry the owner key of "no owner".
        [`${KEY}0`]
      : null;

/** An FTS5 query string: every token quoted, so that nothing in a term is read as query syntax. */
const quote = (token: string) => `"${token.replace(/"/g, '""')}"`;
function ftsMatch(terms: readonly string[], keys: readonly string[] | null): string {
  const all = terms.map(quote).join(' AND ');
  return keys ? `${all} AND (${keys.map(quote).join(' OR ')})` : all;
}

/** An id column read back from PostgreSQL (bigint arrives as text), keeping NULL. */
const idOrNull = (value: number | string | null | undefined): number | null => (value == null ? null : Number(value));

/** Documents per insert statement on SQLite; a batch is cut into this and then powers of two. */
const BATCH = 64;
/** Documents per statement on PostgreSQL, sent as one array per column. */
const PG_BATCH = 2_000;

type Document = { id: number; ownerId: number | null; tokens: string; doc: SearchDocument };

// The FTS5 table is not in the schema's types (its columns differ by engine), hence the casts. SQLite only.
const insertDocuments = prepared((db, p: { rows: Document[] }) =>
  (db as unknown as Kysely<{ search_index: { rowid: number; terms: string } }>).insertInto('search_index').values(p.rows.map((r) => ({ rowid: r.id, terms: r.tokens }))),
);

/** Terms of names, companies, titles and tags already seen, shared by every write of this process. */
const termCache = new IndexTermCache();

/** The search index. Every write happens inside the caller's transaction. */
/** What ranking reads of every candidate; on PostgreSQL an index holds exactly these (prospects_search_rank). */
const RANK_COLUMNS = ['p.id', 'p.owner_id', 'p.archived_at', 'p.last_touch_at'] as const;
/** A candidate's own searchable columns, read with its row where the index does not store them. */
const OWN_COLUMNS = ['p.name', 'p.company', 'p.title', 'p.wechat_id'] as const;
export type OwnColumns = { name: string; company: string | null; title: string | null; wechat_id: string | null };
export type RankRow = { id: number; owner_id: number | null; archived_at: string | null; last_touch_at: string | null };

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

  /**
   * Rewrites the documents of the given prospects from their current state: terms, owner and colleague links.
   * Every change to any of them comes through here.
   */
  async reindex(db: Executor, ids: number[]): Promise<number> {
    if (!ids.length) return 0;
    await this.remove(db, ids);
    return this.insert(db, await this.documents(db, ids));
  }

  /** Adds the documents of prospects that have none yet (new records, bulk imports); returns the tokens written. */
  async insert(db: Executor, docs: IndexedProspect[]): Promise<number> {
    const sqlite = onSqlite(db);
    let rows: Document[] = [];
    let total = 0;
    const flush = async () => {
      if (!rows.length) return;
      if (!sqlite) {
        // One array parameter per column: one short statement to parse and plan, whatever the batch size.
        await sql`insert into search_index (prospect_id, owner_id, terms, doc)
          select id, owner_id, string_to_array(tokens, ' '), doc
          from unnest(${rows.map((r) => r.id)}::bigint[], ${rows.map((r) => r.ownerId)}::bigint[], ${rows.map((r) => r.tokens)}::text[],
            ${rows.map((r) => JSON.stringify(r.doc))}::json[]) as d (id, owner_id, tokens, doc)`.execute(db);
      } else {
        let from = 0;
        for (let size = BATCH; size >= 1; size >>= 1) {
          while (rows.length - from >= size) {
            await insertDocuments.execute(db, { rows: rows.slice(from, from + size) });
            from += size;
          }
        }
      }
      rows = [];
    };
    for (const { id, ownerId, viewers, doc, terms } of docs) {
      const tokens = [...keyTokens(ownerId, viewers), ...(terms ?? termCache.terms(doc))];
      total += tokens.length;
      rows.push({ id, ownerId, tokens: tokens.join(' '), doc });
      if (rows.length >= (sqlite ? BATCH * 8 : PG_BATCH)) await flush();
    }
    await flush();
    return total;
  }

  /** Deletes the given prospects' documents. */
  async remove(db: Executor, ids: number[]): Promise<void> {
    if (!ids.length) return;
    if (onSqlite(db)) await sql`delete from search_index where rowid in (${sql.join(ids)})`.execute(db);
    else await sql`delete from search_index where prospect_id in (${sql.join(ids)})`.execute(db);
  }

  /**
   * Deletes the documents of prospects being erased so that no trace stays in the index. FTS5 normally records
   * a deletion and drops the entries when it next merges its segments; with secure-delete on, it removes them
   * from the index pages at once (SQLite). On PostgreSQL the rows go as every erased row does, at the next vacuum.
   */
  async purge(db: Executor, ids: number[]): Promise<void> {
    if (!ids.length) return;
    if (!onSqlite(db)) return this.remove(db, ids);
    await sql`insert into search_index (search_index, rank) values ('secure-delete', 1)`.execute(db);
    await this.remove(db, ids);
    await sql`insert into search_index (search_index, rank) values ('secure-delete', 0)`.execute(db);
  }

  /**
   * Candidates by id, each with the kinds of the alternatives that returned it (and, on PostgreSQL, its stored
   * fields and owner): documents that hold every term of at least one alternative and, for a restricted scope,
   * one of its keys (`scopeKeys`).
   */
  async candidates(db: Executor, alternatives: PlanAlternative[], scope: ProspectScope, cap: number): Promise<Map<number, Candidate>> {
    const found = new Map<number, Candidate>();
    const keys = scopeKeys(scope);
    if (keys !== null && !keys.length) return found;
    const sqlite = onSqlite(db);
    type Row = { prospect_id: number; owner_id?: number | null; doc?: SearchDocument };
    const queryFor = (terms: string[]) =>
      sqlite
        ? sql<Row>`select rowid as prospect_id from search_index where search_index match ${ftsMatch(terms, keys)} limit ${cap}`
        : keys
          ? sql<Row>`select prospect_id, owner_id, doc from search_index where terms @> ${terms}::text[] and terms && ${keys}::text[] limit ${cap}`
          : sql<Row>`select prospect_id, owner_id, doc from search_index where terms @> ${terms}::text[] limit ${cap}`;
    const wanted = alternatives.map((alt) => ({ kind: alt.kind, terms: [...new Set(alt.terms)] })).filter((alt) => alt.terms.length);
    // Merged in the plan's order, so the first alternatives fill the cap. PostgreSQL answers the alternatives at
    // once from the pool (a query reading pinyin, initials and text waits for the slowest, not for their sum);
    // SQLite's one connection would only queue them, so it stops asking once the cap is reached.
    const merge = (kind: PlanKind, rows: Row[]) => {
      for (const r of rows) {
        const id = Number(r.prospect_id);
        const known = found.get(id);
        if (known) known.kinds.add(kind);
        else if (found.size < cap) {
          const stored = r.doc ? { doc: r.doc, ownerId: idOrNull(r.owner_id) } : undefined;
          found.set(id, stored ? { kinds: new Set([kind]), stored } : { kinds: new Set([kind]) });
        }
      }
      return found.size >= cap;
    };
    if (sqlite) {
      for (const alt of wanted) if (merge(alt.kind, (await queryFor(alt.terms).execute(db)).rows)) break;
    } else {
      const answers = await Promise.all(wanted.map((alt) => queryFor(alt.terms).execute(db)));
      for (const [i, alt] of wanted.entries()) if (merge(alt.kind, answers[i]!.rows)) break;
    }
    return found;
  }

  /**
   * What is stored with a prospect's document besides its terms: null when it has no document, undefined where
   * the index keeps terms only (SQLite).
   */
  async storedOf(db: Executor, prospectId: number): Promise<{ doc: SearchDocument; ownerId: number | null } | null | undefined> {
    if (onSqlite(db)) return undefined;
    const { rows } = await sql<{ doc: SearchDocument; owner_id: number | null }>`select doc, owner_id from search_index where prospect_id = ${prospectId}`.execute(db);
    const row = rows[0];
    return row ? { doc: row.doc, ownerId: idOrNull(row.owner_id) } : null;
  }

  /** The tokens stored for a prospect (keys first), or null when it has no document. */
  async tokensOf(db: Executor, prospectId: number): Promise<string[] | null> {
    const { rows } = onSqlite(db)
      ? await sql<{ terms: string }>`select terms from search_index where rowid = ${prospectId}`.execute(db)
      : await sql<{ terms: string[] }>`select terms from search_index where prospect_id = ${prospectId}`.execute(db);
    const terms = rows[0]?.terms;
    return terms === undefined ? null : typeof terms === 'string' ? terms.split(' ') : terms;
  }

  /**
   * After a full rebuild: FTS5 merges its segments into one, dropping the entries of rewritten and deleted
   * documents (3.6 s at 1M prospects; searches were 10–40% faster after it); PostgreSQL vacuums the table, which
   * also empties the GIN index's pending list. Outside any transaction (VACUUM cannot run in one).
   */
  async compact(db: Executor): Promise<void> {
    if (onSqlite(db)) await sql`insert into search_index (search_index) values ('optimize')`.execute(db);
    else await sql`vacuum (analyze) search_index`.execute(db);
  }

  /** How many documents the index holds. */
  async countDocuments(db: Executor): Promise<number> {
    const { rows } = await sql<{ n: number | string }>`select count(*) as n from search_index`.execute(db);
    return Number(rows[0]?.n ?? 0);
  }

  /** All prospect ids in pages, for a full rebuild. */
  async idsAfter(db: Executor, afterId: number, limit: number): Promise<number[]> {
    const rows = await db.selectFrom('prospects').select('id').where('id', '>', afterId).orderBy('id').limit(limit).execute();
    return rows.map((r) => r.id);
  }

  /**
   * What ranking needs of the candidates the scope may see. The index answers only what the scope may read; the
   * rows are checked against it once more, so that an index out of step with the links could hide a prospect from
   * a colleague but never show one. Where the index stores each candidate's owner, the rows are asked for by
   * (owner, id), the order of `prospects_search_rank`: one salesperson's candidates then share the few index pages
   * of their own book. Elsewhere they are read by id, with their own searchable columns.
   */
  async rankRows(db: Executor, found: Map<number, Candidate>, scope: ProspectScope): Promise<RankRow[]> {
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

  /** The summary columns of the hits shown, whatever their scope (they were verified against it). */
  async summariesOf(db: Executor, ids: number[]) {
    return ids.length ? db.selectFrom('prospects as p').select(SUMMARY_COLUMNS).where('p.id', 'in', ids).execute() : [];
  }
}
