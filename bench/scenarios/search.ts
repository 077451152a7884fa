import { planQuery, type PlanKind, type SearchDocument } from '@pond/domain';
import { COMPANY_CORES, GIVEN_CHARS, SURNAMES } from '../dataset/vocabulary.js';
import type { Driver } from '../lib/driver.js';
import type { Rng } from '../lib/rng.js';
import { SUMMARY, visibleOne } from './prospect-sql.js';
import { defineScenario, SEARCH_SHAPES, type BenchContext, type BenchUser, type OpParams, type Scenario, type SearchShape } from './types.js';

interface SearchParams extends OpParams {
  userId: number;
  q: string;
}

const CANDIDATE_CAP = 1_000;
/** Hits per page, as the route's default. */
const PAGE = 20;
const marks = (n: number) => Array.from({ length: n }, () => '?').join(', ');
/** One token as an FTS5 string: in double quotes, a double quote inside doubled. */
const phrase = (token: string) => `"${token.replaceAll('"', '""')}"`;

/**
 * The SQL behind GET /api/v1/search (packages/server/src/modules/search): per plan alternative, the
 * search_index documents holding every term and one of the user's keys, `k:<id>` for their own prospects and
 * `k:-<id>` for colleague-linked ones (an FTS5 MATCH on SQLite, `@>` and `&&` on the GIN-indexed text[] on
 * PostgreSQL, which also returns each document's stored fields); then what ranking needs of the candidates'
 * visible rows (on SQLite with their own searchable columns, which the domain's verify() checks first); contacts
 * and tags of the SQLite candidates those do not explain; and the page's rows, with contacts and tags where they
 * are not at hand. Ranking and presentation are left out (not SQL): the page is the first PAGE confirmed hits.
 */
export async function searchSql(driver: Driver, a: SearchParams): Promise<unknown> {
  const plan = planQuery(a.q);
  if (!plan.alternatives.length) return [];
  const sqlite = driver.dialect === 'sqlite';
  const found = new Map<number, { kinds: Set<PlanKind>; doc?: SearchDocument; owner?: number | null }>();
  const keys = [`k:${a.userId}`, `k:-${a.userId}`];
  const wanted = plan.alternatives.map((alt) => ({ kind: alt.kind, terms: [...new Set(alt.terms)] }));
  type Found = { prospect_id: number; owner_id?: number | null; doc?: SearchDocument };
  const ask = (terms: string[]) =>
    sqlite
      ? driver.all<Found>('select rowid as prospect_id from search_index where search_index match ? limit ?', [
        `${terms.map(phrase).join(' AND ')} AND (${keys.map(phrase).join(' OR ')})`, CANDIDATE_CAP,
      ])
      : driver.all<Found>('select prospect_id, owner_id, doc from search_index where terms @> ?::text[] and terms && ?::text[] limit ?', [
        terms, keys, CANDIDATE_CAP,
      ]);
  const merge = (kind: PlanKind, rows: Found[]) => {
    for (const r of rows) {
      const known = found.get(Number(r.prospect_id));
      if (known) known.kinds.add(kind);
      else if (found.size < CANDIDATE_CAP) found.set(Number(r.prospect_id), { kinds: new Set([kind]), doc: r.doc, owner: r.owner_id == null ? null : Number(r.owner_id) });
    }
    return found.size >= CANDIDATE_CAP;
  };
  // As Pond does: one alternative after another on SQLite, all at once from the pool on PostgreSQL.
  if (sqlite) {
    for (const alt of wanted) if (merge(alt.kind, await ask(alt.terms))) break;
  } else {
    const answers = await Promise.all(wanted.map((alt) => ask(alt.terms)));
    for (const [i, alt] of wanted.entries()) if (merge(alt.kind, answers[i]!)) break;
  }
  const list = [...found.keys()];
  if (!list.length) return [];
  // Pond checks the candidates' rows against the user's visibility once more, reading what ranking needs: on
  // PostgreSQL by (owner, id) pairs in that order (the index prospects_search_rank), pool candidates by id.
  const visible = visibleOne(a.userId);
  type Ranked = { id: number; owner_id: number | null; archived_at: string | null; last_touch_at: string | null; name?: string; company?: string | null; title?: string | null; wechat_id?: string | null };
  const rankColumns = 'p.id, p.owner_id, p.archived_at, p.last_touch_at';
  let rows: Ranked[];
  if (sqlite) {
    rows = await driver.all<Ranked>(`select ${rankColumns}, p.name, p.company, p.title, p.wechat_id from prospects p where p.id in (${marks(list.length)}) and ${visible.where}`, [
      ...list, ...visible.params,
    ]);
  } else {
    const owned = list.filter((id) => found.get(id)!.owner != null).map((id) => [found.get(id)!.owner!, id] as const).sort((x, y) => x[0] - y[0] || x[1] - y[1]);
    const pool = list.filter((id) => found.get(id)!.owner == null);
    const parts = await Promise.all([
      owned.length
        ? driver.all<Ranked>(`select ${rankColumns} from prospects p where (p.owner_id, p.id) in (select * from unnest(?::bigint[], ?::bigint[])) and ${visible.where}`, [
          owned.map((o) => o[0]), owned.map((o) => o[1]), ...visible.params,
        ])
        : [],
      pool.length ? driver.all<Ranked>(`select ${rankColumns} from prospects p where p.owner_id is null and p.id in (${marks(pool.length)}) and ${visible.where}`, [...pool, ...visible.params]) : [],
    ]);
    rows = parts.flat();
  }
  const none = { emails: [], phones: [], tags: [] };
  const docOf = (r: Ranked): SearchDocument => found.get(Number(r.id))!.doc ?? { name: r.name!, company: r.company, title: r.title, wechatId: r.wechat_id, ...none };
  // Each candidate is checked only for the kinds of alternatives that returned it, as Pond does.
  const explained = rows.filter((r) => plan.verify(docOf(r), found.get(Number(r.id))!.kinds).length > 0);
  const isExplained = new Set(explained.map((r) => Number(r.id)));
  const unexplained = sqlite ? rows.filter((r) => !isExplained.has(Number(r.id))) : [];
  const more = await contactsAndTags(driver, unexplained.map((r) => Number(r.id)));
  const verified = [...explained, ...unexplained.filter((r) => plan.verify({ ...docOf(r), ...more.get(Number(r.id)) }, found.get(Number(r.id))!.kinds).length > 0)]
    .filter((r) => r.archived_at === null);
  const page = verified.slice(0, PAGE).map((r) => Number(r.id));
  const incomplete = sqlite ? page.filter((id) => isExplained.has(id)) : [];
  const [summaries, lists] = await Promise.all([
    page.length ? driver.all(`select ${SUMMARY} from prospects p where p.id in (${marks(page.length)})`, page) : [],
    contactsAndTags(driver, incomplete),
  ]);
  return { verified, summaries, lists };
}

type Lists = { emails: string[]; phones: string[]; tags: string[] };

async function contactsAndTags(driver: Driver, ids: number[]): Promise<Map<number, Lists>> {
  const lists = new Map<number, Lists>();
  if (!ids.length) return lists;
  const [contacts, tags] = await Promise.all([
    driver.all<{ prospect_id: number; kind: string; value: string }>(
      `select prospect_id, kind, value from prospect_contacts where prospect_id in (${marks(ids.length)}) order by position`,
      ids,
    ),
    driver.all<{ prospect_id: number; tag: string }>(`select prospect_id, tag from prospect_tags where prospect_id in (${marks(ids.length)})`, ids),
  ]);
  const of = (id: number) => lists.get(id) ?? lists.set(id, { emails: [], phones: [], tags: [] }).get(id)!;
  for (const c of contacts) (c.kind === 'phone' ? of(Number(c.prospect_id)).phones : of(Number(c.prospect_id)).emails).push(c.value);
  for (const t of tags) of(Number(t.prospect_id)).tags.push(t.tag);
  return lists;
}

// Character tables from the generator's vocabulary: traditional → simplified, and any form → pinyin.
const toSimplified = new Map<string, string>();
const pinyinOf = new Map<string, string>();
for (const [trad, simp, pinyin] of [...SURNAMES.map(([t, s, p]) => [t, s, p] as const), ...GIVEN_CHARS]) {
  if (trad !== simp) toSimplified.set(trad, simp);
  pinyinOf.set(trad, pinyin);
  pinyinOf.set(simp, pinyin);
}
// The generator writes 蕭 for 肖 in traditional names; the standard conversion (OpenCC) of 蕭 is 萧.
toSimplified.set('蕭', '萧');
const compounds = SURNAMES.filter(([t]) => t.length > 1);

/** Syllables of a generated name: compound surnames first, then one syllable per character. */
function syllables(name: string): string[] {
  const compound = compounds.find(([t, s]) => name.startsWith(t) || name.startsWith(s));
  const head = compound ? [compound[2]] : [];
  const rest = [...name.slice(compound ? compound[0].length : 0)].map((c) => pinyinOf.get(c) ?? '');
  return [...head, ...rest].filter(Boolean);
}

function termsFor(rows: Array<{ name: string; company: string | null; phones: string[]; emails: string[] }>): Partial<Record<SearchShape, string[]>> {
  const out: Record<SearchShape, string[]> = Object.fromEntries(SEARCH_SHAPES.map((s) => [s, [] as string[]])) as Record<SearchShape, string[]>;
  for (const r of rows) {
    const chars = [...r.name];
    out.cjk1.push(chars[0]!);
    out.cjk2.push(chars.slice(0, 2).join(''));
    const core = r.company ? COMPANY_CORES.find(([t, s]) => r.company!.includes(t) || r.company!.includes(s)) : undefined;
    if (core && r.company) {
      const at = Math.max(r.company.indexOf(core[0]), r.company.indexOf(core[1]));
      out.cjk4.push(r.company.slice(at, at + 4));
    }
    if (chars.some((c) => toSimplified.has(c))) out['simplified-for-traditional'].push(chars.map((c) => toSimplified.get(c) ?? c).join(''));
    const syl = syllables(r.name);
    out.initials.push(syl.map((s) => s[0]).join(''));
    out['pinyin-full'].push(syl.join(''));
    for (const phone of r.phones) {
      out.phone4.push(phone.slice(-4));
      out.phone7.push(phone.slice(-7));
    }
    for (const email of r.emails) {
      const local = email.split('@')[0]!;
      const word = local.split(/[.\d]/)[0]!;
      if (word.length >= 3) out['email-fragment'].push(word.slice(0, Math.min(6, word.length)));
    }
  }
  // Rare characters no generated record uses.
  out.miss = ['龘靐', '齉龘', '靐齾'];
  return out;
}

/** Loads each user's search terms from a sample of their own prospects (shared by all search shapes). */
async function loadTerms(ctx: BenchContext): Promise<void> {
  for (const user of ctx.users) {
    if (Object.keys(user.search).length) continue;
    const ids = user.owned.slice(0, 40);
    const marks = ids.map(() => '?').join(', ');
    const people = await ctx.driver.all<{ id: number; name: string; company: string | null }>(`select id, name, company from prospects where id in (${marks})`, ids);
    const contacts = await ctx.driver.all<{ prospect_id: number; kind: string; value: string }>(
      `select prospect_id, kind, value from prospect_contacts where prospect_id in (${marks}) order by prospect_id, position`,
      ids,
    );
    user.search = termsFor(
      people.map((p) => ({
        name: p.name,
        company: p.company,
        phones: contacts.filter((c) => Number(c.prospect_id) === Number(p.id) && c.kind === 'phone').map((c) => c.value),
        emails: contacts.filter((c) => Number(c.prospect_id) === Number(p.id) && c.kind === 'email').map((c) => c.value),
      })),
    );
  }
}

function pickUserWith(ctx: BenchContext, rng: Rng, shape: SearchShape): { u: number; user: BenchUser } {
  for (let tries = 0; tries < 20; tries++) {
    const u = rng.int(0, ctx.users.length - 1);
    if (ctx.users[u]!.search[shape]?.length) return { u, user: ctx.users[u]! };
  }
  const u = Math.max(0, ctx.users.findIndex((x) => x.search[shape]?.length));
  return { u, user: ctx.users[u]! };
}

/**
 * search:<shape>: GET /api/v1/search?q=… with terms drawn from the user's own prospects; skipped with
 * "endpoint not available (404)" while the route answers 404.
 */
export function searchScenario(shape: SearchShape): Scenario {
  return defineScenario<SearchParams>({
    name: `search:${shape}`,
    kind: 'http',
    measures: `search box, query shape ${shape}`,
    setup: loadTerms,
    pick(ctx, rng) {
      const { u, user } = pickUserWith(ctx, rng, shape);
      return { u, userId: user.id, q: rng.pick(user.search[shape] ?? ['王']) };
    },
    request: (_ctx, p) => ({ method: 'GET', path: `/api/v1/search?q=${encodeURIComponent(p.q)}` }),
    baseline: searchSql,
  });
}

export const searchScenarios = SEARCH_SHAPES.map(searchScenario);
