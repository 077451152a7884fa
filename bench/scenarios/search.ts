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
 * The SQL behind GET /api/v1/search (packages/server/src/modules/search): per plan alternative, the ids of the
 * search_index documents holding every term and one of the user's keys, `k:<id>` for their own prospects and
 * `k:-<id>` for colleague-linked ones (an FTS5 MATCH on SQLite, `@>` and `&&` on the GIN-indexed text[] on
 * PostgreSQL); then the candidates' visible rows, which the domain's verify() checks first; contacts and tags of
 * the candidates their rows do not explain; and contacts and tags of the page shown. Ranking and presentation are
 * left out (not SQL): the page is the first PAGE confirmed rows.
 */
export async function searchSql(driver: Driver, a: SearchParams): Promise<unknown> {
  const plan = planQuery(a.q);
  if (!plan.alternatives.length) return [];
  const ids = new Map<number, Set<PlanKind>>();
  const keys = [`k:${a.userId}`, `k:-${a.userId}`];
  const wanted = plan.alternatives.map((alt) => ({ kind: alt.kind, terms: [...new Set(alt.terms)] }));
  const ask = (terms: string[]) =>
    driver.dialect === 'sqlite'
      ? driver.all<{ prospect_id: number }>('select rowid as prospect_id from search_index where search_index match ? limit ?', [
        `${terms.map(phrase).join(' AND ')} AND (${keys.map(phrase).join(' OR ')})`, CANDIDATE_CAP,
      ])
      : driver.all<{ prospect_id: number }>('select prospect_id from search_index where terms @> ?::text[] and terms && ?::text[] limit ?', [
        terms, keys, CANDIDATE_CAP,
      ]);
  const merge = (kind: PlanKind, found: { prospect_id: number }[]) => {
    for (const r of found) {
      const kinds = ids.get(Number(r.prospect_id));
      if (kinds) kinds.add(kind);
      else if (ids.size < CANDIDATE_CAP) ids.set(Number(r.prospect_id), new Set([kind]));
    }
    return ids.size >= CANDIDATE_CAP;
  };
  // As Pond does: one alternative after another on SQLite, all at once from the pool on PostgreSQL.
  if (driver.dialect === 'sqlite') {
    for (const alt of wanted) if (merge(alt.kind, await ask(alt.terms))) break;
  } else {
    const answers = await Promise.all(wanted.map((alt) => ask(alt.terms)));
    for (const [i, alt] of wanted.entries()) if (merge(alt.kind, answers[i]!)) break;
  }
  const list = [...ids.keys()];
  if (!list.length) return [];
  // Pond checks the candidates' rows against the user's visibility once more.
  const visible = visibleOne(a.userId);
  const rows = await driver.all<{ id: number; name: string; company: string | null; title: string | null; wechat_id: string | null; archived_at: string | null }>(
    `select ${SUMMARY}, p.wechat_id from prospects p where p.id in (${marks(list.length)}) and ${visible.where}`,
    [...list, ...visible.params],
  );
  const doc = (r: (typeof rows)[number], more?: Lists): SearchDocument => ({ name: r.name, company: r.company, title: r.title, wechatId: r.wechat_id, ...(more ?? { emails: [], phones: [], tags: [] }) });
  // Each candidate is checked only for the kinds of alternatives that returned it, as Pond does.
  const explained = rows.filter((r) => plan.verify(doc(r), ids.get(Number(r.id))).length > 0);
  const unexplained = rows.filter((r) => !explained.includes(r));
  const more = await contactsAndTags(driver, unexplained.map((r) => Number(r.id)));
  const verified = [...explained, ...unexplained.filter((r) => plan.verify(doc(r, more.get(Number(r.id))), ids.get(Number(r.id))).length > 0)].filter((r) => r.archived_at === null);
  const page = verified.slice(0, PAGE).filter((r) => explained.includes(r));
  return { verified, page: await contactsAndTags(driver, page.map((r) => Number(r.id))) };
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
