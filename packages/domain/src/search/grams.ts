/**
 * Term classes. Pinyin, initials and text share the alphabet, so without a tag the trigram
 * 'wei' from an email would satisfy a pinyin plan and vice versa; digits of a phone must not
 * answer a text query for a company's digits either. Tags keep each plan's postings to terms
 * that can verify.
 */
export const TEXT = 't:';
export const PINYIN = 'p:';
export const INITIALS = 'i:';
export const DIGITS = 'd:';

const CJK = /[\p{Script=Han}\p{Script=Hiragana}\p{Script=Katakana}\p{Script=Hangul}\p{Script=Bopomofo}]/u;
const WORD = /[\p{L}\p{N}\p{M}]/u;

/** A maximal run of one class in folded text: CJK characters, or word characters of other scripts. */
export interface Run {
  chars: string[];
  cjk: boolean;
}

/**
 * Split folded text into runs. Classification is per character, never contextual, so a query
 * fragment splits exactly as the same characters do inside a field.
 */
export function runs(folded: string): Run[] {
  const out: Run[] = [];
  let current: Run | null = null;
  for (const ch of folded) {
    const cjk = CJK.test(ch);
    if (!cjk && !WORD.test(ch)) {
      current = null;
      continue;
    }
    if (!current || current.cjk !== cjk) {
      current = { chars: [], cjk };
      out.push(current);
    }
    current.chars.push(ch);
  }
  return out;
}

/** Every n-gram of `chars` for n in [min, max], by start position. */
export function ngrams(chars: readonly string[], min: number, max: number): string[] {
  const out: string[] = [];
  for (let i = 0; i < chars.length; i++) {
    let gram = '';
    // Grow one gram per start position instead of slicing: this runs for every field of every prospect.
    for (let n = 1; n <= max && i + n <= chars.length; n++) {
      gram += chars[i + n - 1];
      if (n >= min) out.push(gram);
    }
  }
  return out;
}

/**
 * The n-grams of `chars` a query needs: side by side from the start, plus the last one when they leave a tail
 * ('xiaowei' → xia, owe, wei). Every character is in one of them, so a document holding the string holds them
 * all; overlapping grams would add terms that each index lookup must intersect, for little more selectivity
 * (verify() checks the string itself).
 */
export function coveringNgrams(chars: readonly string[], n: number): string[] {
  if (chars.length <= n) return chars.length ? [chars.join('')] : [];
  const out: string[] = [];
  for (let i = 0; i + n <= chars.length; i += n) out.push(chars.slice(i, i + n).join(''));
  if (chars.length % n) out.push(chars.slice(chars.length - n).join(''));
  return out;
}

/**
 * Index terms for folded text. CJK runs: every unigram and bigram (a 1- or 2-character query is
 * then a single equality lookup; longer ones intersect bigrams). Other words: every 1-, 2- and
 * 3-gram, so any fragment is one lookup up to 3 characters and trigram intersections beyond.
 */
export function textIndexTerms(folded: string, into: Set<string>): void {
  for (const run of runs(folded)) {
    for (const g of ngrams(run.chars, 1, run.cjk ? 2 : 3)) into.add(TEXT + g);
  }
}

/** The terms a text query needs: per run, the run itself when short, else its covering bigrams/trigrams. */
export function textQueryTerms(folded: string): string[] {
  const out: string[] = [];
  for (const run of runs(folded)) out.push(...coveringNgrams(run.chars, run.cjk ? 2 : 3).map((g) => TEXT + g));
  return out;
}

/** Index terms of a pinyin reading; see keys.ts for the scheme. */
export function pinyinIndexTerms(full: string, syllables: readonly string[], into: Set<string>): void {
  const chars = [...full];
  for (const g of ngrams(chars, 3, 3)) into.add(PINYIN + g);
  let at = 0;
  for (const s of syllables) {
    const start = full.slice(at, at + 2);
    if (start.length === 2) into.add(PINYIN + start);
    at += s.length;
  }
  const initials = syllables.map((s) => s[0] ?? '');
  // One letter only as the first initial: 'w' for 王…, not every w anywhere in a company.
  if (initials[0]) into.add(INITIALS + initials[0]);
  for (const g of ngrams(initials, 2, 3)) into.add(INITIALS + g);
}

/** Every 3-gram of a digit string (a shorter string is its own term). */
export function digitGrams(digits: string): string[] {
  if (digits.length <= 3) return digits.length > 0 ? [digits] : [];
  return ngrams([...digits], 3, 3);
}
