import { foldText } from './fold.js';
import { phoneDigits, queryDigitCandidates } from './digits.js';
import { DIGITS, INITIALS, PINYIN, coveringNgrams, digitGrams, pinyinIndexTerms, textIndexTerms, textQueryTerms } from './grams.js';
import { documentReadings, textFields, verifyDocument } from './verify.js';
import type { IndexRow, PlanAlternative, PlanKind, QueryPlan, SearchDocument, SearchField } from './types.js';

/*
 * Term scheme for the search index (each prospect's terms as one document of an inverted index).
 * Every lookup is a whole term, so 1- and 2-character queries are served by the index too
 * (trigram indexes give up below 3 characters).
 *
 *   t:  folded text of name, company, title, emails, WeChat ID, tags.
 *       CJK runs: every unigram and bigram. Other words (split at spaces/punctuation, so an
 *       email gives its local-part and domain words): every 1-, 2- and 3-gram.
 *   p:  full pinyin of name and company readings: every trigram, plus the first two letters of
 *       every syllable ('xi' finds 小 in 王小伟; 'ao' finds nothing, which is what people expect).
 *   i:  pinyin initials: every substring of length 1–3 ('xw' inside 'wxw').
 *   d:  phone digit forms (national, with country code, with trunk 0): every 3-gram.
 *
 * A query becomes OR-ed AND-plans whose terms are always a subset of the terms of any document
 * it truly matches, so the intersection never loses a hit; verify() removes false candidates.
 *
 * Measured terms per prospect (asserted in keys.test.ts): 王小伟 / 腾讯科技有限公司 /
 * +8613800138000 / xiaowei.wang@tencent.com → 103 (t: 60, p: 25, i: 10, d: 8; the email alone
 * is 40). With the 14-character 深圳市腾讯计算机系统有限公司 instead → 150; the typical one plus a
 * title, a WeChat id and two tags → 147. Company pinyin skips the legal form (有限公司…), which
 * nobody types and which would add ~20 rows.
 */

/**
 * Bump whenever the rows indexTerms() produces for the same document could change (this file,
 * grams.ts, folding, or a pinyin-pro / opencc-js upgrade), so stored rows can be rebuilt.
 */
export const SEARCH_TERMS_VERSION = 1;

/** Longer queries keep this many of their terms, spread across the query; verify() does the rest. */
const MAX_PLAN_TERMS = 12;

function spread(terms: string[]): string[] {
  const unique = [...new Set(terms)];
  if (unique.length <= MAX_PLAN_TERMS) return unique;
  const step = (unique.length - 1) / (MAX_PLAN_TERMS - 1);
  return [...new Set(Array.from({ length: MAX_PLAN_TERMS }, (_, i) => unique[Math.round(i * step)] ?? ''))];
}

/**
 * The rows to store for one prospect: distinct (term, field) pairs under the scheme above.
 * Replace all of a prospect's rows whenever any searchable field changes.
 */
export function indexTerms(doc: SearchDocument): IndexRow[] {
  const byField = new Map<SearchField, Set<string>>();
  const bucket = (field: SearchField): Set<string> => {
    let set = byField.get(field);
    if (!set) byField.set(field, (set = new Set()));
    return set;
  };
  for (const [field, , value] of textFields(doc)) textIndexTerms(foldText(value), bucket(field));
  for (const [field, readings] of documentReadings(doc)) {
    for (const r of readings) pinyinIndexTerms(r.full, r.syllables, bucket(field));
  }
  for (const phone of doc.phones) {
    for (const digits of phoneDigits(phone)) for (const g of digitGrams(digits)) bucket('phone').add(DIGITS + g);
  }
  const rows: IndexRow[] = [];
  for (const [field, terms] of byField) for (const term of terms) rows.push({ term, field });
  return rows;
}

// Letters as typed on a pinyin keyboard; apostrophes separate syllables (xi'an).
const PINYIN_QUERY = /^[a-z' ]+$/;

/**
 * Plan a search-box query. Alternatives, each an AND of terms:
 *  - text: per run of the folded query, the run itself (CJK ≤ 2, other ≤ 3 characters) or its
 *    covering bigrams (CJK) / trigrams (other), see coveringNgrams;
 *  - digits: for each reading of a phone-like query, its covering digit 3-grams;
 *  - pinyin: letters-only queries with spaces and apostrophes removed ('xiao wei' → 'xiaowei'):
 *    the 2-letter syllable start, or covering trigrams;
 *  - initials: letters-only queries without spaces ('xw'): the whole query up to 3 letters, or covering
 *    trigrams.
 * `verify` confirms true substring matches and gives highlight ranges in the original text.
 */
export function planQuery(q: string): QueryPlan {
  const folded = foldText(q);
  const alternatives: PlanAlternative[] = [];
  const add = (kind: PlanAlternative['kind'], terms: string[]): void => {
    if (terms.length > 0) alternatives.push({ kind, terms: spread(terms) });
  };
  add('text', textQueryTerms(folded));
  const digits = queryDigitCandidates(q);
  for (const d of digits) add('digits', coveringNgrams([...d], 3).map((g) => DIGITS + g));
  let pinyin = '';
  let initials = '';
  if (PINYIN_QUERY.test(folded)) {
    const letters = folded.replace(/[' ]/g, '');
    if (letters.length >= 2) {
      pinyin = letters;
      add('pinyin', coveringNgrams([...letters], 3).map((g) => PINYIN + g));
    }
    if (letters.length > 0 && letters === folded) {
      initials = letters;
      add('initials', coveringNgrams([...letters], 3).map((g) => INITIALS + g));
    }
  }
  const spec = { text: alternatives.some((a) => a.kind === 'text') ? folded : '', digits, pinyin, initials };
  const only = (kinds: ReadonlySet<PlanKind>) => ({
    text: kinds.has('text') ? spec.text : '',
    digits: kinds.has('digits') ? spec.digits : [],
    pinyin: kinds.has('pinyin') ? spec.pinyin : '',
    initials: kinds.has('initials') ? spec.initials : '',
  });
  return { folded, alternatives, verify: (doc, kinds) => verifyDocument(doc, kinds ? only(kinds) : spec) };
}

const NO_LISTS = { emails: [], phones: [], tags: [] } as const;

/**
 * indexTerms for many documents: the terms of values that repeat across prospects (names, companies, titles,
 * tags) are worked out once and remembered; contacts are computed each time. A document's terms are the
 * union of its fields' terms (no term depends on two fields), so the result is the same set as indexTerms
 * gives. Pinyin for a company costs ~80 µs; an import of cards from one trade show repeats most of them.
 */
export class IndexTermCache {
  private readonly cache = new Map<string, readonly string[]>();

  /** `capacity` bounds the remembered values; the cache starts over when it is full. */
  constructor(private readonly capacity = 20_000) {}

  private of(kind: string, value: string, doc: SearchDocument): readonly string[] {
    const key = `${kind}\u0000${value}`;
    let terms = this.cache.get(key);
    if (!terms) {
      terms = [...new Set(indexTerms(doc).map((r) => r.term))];
      if (this.cache.size >= this.capacity) this.cache.clear();
      this.cache.set(key, terms);
    }
    return terms;
  }

  terms(doc: SearchDocument): Set<string> {
    const out = new Set<string>(doc.name ? this.of('n', doc.name, { name: doc.name, ...NO_LISTS }) : []);
    const add = (terms: readonly string[]) => {
      for (const t of terms) out.add(t);
    };
    if (doc.company) add(this.of('c', doc.company, { name: '', company: doc.company, ...NO_LISTS }));
    if (doc.title) add(this.of('t', doc.title, { name: '', title: doc.title, ...NO_LISTS }));
    for (const tag of doc.tags) add(this.of('g', tag, { name: '', ...NO_LISTS, tags: [tag] }));
    for (const r of indexTerms({ name: '', wechatId: doc.wechatId ?? null, emails: doc.emails, phones: doc.phones, tags: [] })) out.add(r.term);
    return out;
  }
}
