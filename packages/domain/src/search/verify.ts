import { foldTextWithMap, originalRange } from './fold.js';
import { phoneDigitForms } from './digits.js';
import { memoize } from './memo.js';
import { nameReadings } from './pinyin.js';
import type { PinyinReading } from './pinyin.js';
import type { FieldMatch, SearchDocument, SearchField } from './types.js';

/** What a plan asks the verifier to confirm; empty strings/arrays switch a kind off. */
export interface VerifySpec {
  text: string;
  digits: string[];
  pinyin: string;
  initials: string;
}

/**
 * Readings per field. Given names are chosen character by character, so other readings of a
 * polyphonic character are plausible; companies are words, which pinyin-pro segments and reads
 * well, and a swapped reading there mostly adds false hits (简单 would answer 'shan').
 */
export const PERSON_VARIANTS = 4;
export const COMPANY_VARIANTS = 1;

type Range = [number, number];

function mergeRanges(ranges: Range[]): Range[] {
  const sorted = ranges.slice().sort((a, b) => a[0] - b[0] || a[1] - b[1]);
  const out: Range[] = [];
  for (const r of sorted) {
    const last = out[out.length - 1];
    if (last && r[0] <= last[1]) last[1] = Math.max(last[1], r[1]);
    else out.push([r[0], r[1]]);
  }
  return out;
}

function occurrences(haystack: string, needle: string): number[] {
  const out: number[] = [];
  if (needle === '') return out;
  for (let i = haystack.indexOf(needle); i !== -1; i = haystack.indexOf(needle, i + needle.length)) out.push(i);
  return out;
}

// Legal-form endings nobody types in pinyin; indexing them would add ~20 terms per company.
const COMPANY_FORM = /(?:(?:股份)?有限(?:责任|責任)?公司|股份公司|集团|集團|公司)$/u;

/**
 * The part of a name or company that pinyin is computed from. Stripping a suffix keeps the
 * offsets of what remains, so spans still point into the original string.
 */
export function pinyinSource(value: string, isPersonName: boolean): string {
  if (isPersonName) return value;
  const trimmed = value.trimEnd();
  const stripped = trimmed.replace(COMPANY_FORM, '');
  return stripped.trim() === '' ? trimmed : stripped;
}

/*
 * Readings and folded text of the values a search verifies, remembered: one broad query checks up to a thousand
 * candidates, and pinyin for a name or a company costs ~70 µs, folding ~3 µs a field. Names and companies repeat
 * across prospects and across one user's searches. Bounded, so memory stays in the tens of megabytes.
 */
const personReadings = memoize((name) => nameReadings(name, { isPersonName: true, maxVariants: PERSON_VARIANTS }), 20_000);
const companyReadings = memoize((company) => nameReadings(pinyinSource(company, false), { isPersonName: false, maxVariants: COMPANY_VARIANTS }), 20_000);
const foldedValue = memoize(foldTextWithMap, 50_000);

/** Pinyin readings of a document's name and company, as indexed and as verified. */
export function documentReadings(doc: SearchDocument): Array<[SearchField, PinyinReading[]]> {
  const out: Array<[SearchField, PinyinReading[]]> = [];
  if (doc.name) out.push(['name', personReadings(doc.name)]);
  if (doc.company) out.push(['company', companyReadings(doc.company)]);
  return out;
}

/** Every single-valued and multi-valued text field with its position, in a fixed order. */
export function textFields(doc: SearchDocument): Array<[SearchField, number, string]> {
  const out: Array<[SearchField, number, string]> = [['name', 0, doc.name]];
  if (doc.company) out.push(['company', 0, doc.company]);
  if (doc.title) out.push(['title', 0, doc.title]);
  doc.emails.forEach((e, i) => out.push(['email', i, e]));
  if (doc.wechatId) out.push(['wechat', 0, doc.wechatId]);
  doc.tags.forEach((t, i) => out.push(['tag', i, t]));
  return out;
}

function verifyText(doc: SearchDocument, q: string, out: FieldMatch[]): void {
  for (const [field, index, value] of textFields(doc)) {
    const folded = foldedValue(value);
    const hits = occurrences(folded.text, q);
    if (hits.length === 0) continue;
    out.push({
      field,
      index,
      kind: 'text',
      ranges: mergeRanges(hits.map((h) => originalRange(folded, h, h + q.length))),
      exact: folded.text === q,
      prefix: hits[0] === 0,
    });
  }
}

function verifyDigits(doc: SearchDocument, candidates: readonly string[], out: FieldMatch[]): void {
  doc.phones.forEach((phone, index) => {
    const ranges: Range[] = [];
    let exact = false;
    let prefix = false;
    for (const form of phoneDigitForms(phone)) {
      for (const c of candidates) {
        for (const h of occurrences(form.digits, c)) {
          const known = form.positions.slice(h, h + c.length).filter((p) => p >= 0);
          // A trunk 0 the stored number lacks has no position; highlight what does exist.
          ranges.push(known.length > 0 ? [Math.min(...known), Math.max(...known) + 1] : [0, phone.length]);
          exact ||= form.digits === c;
          prefix ||= h === 0;
        }
      }
    }
    if (ranges.length > 0) out.push({ field: 'phone', index, kind: 'digits', ranges: mergeRanges(ranges), exact, prefix });
  });
}

function verifyPinyin(doc: SearchDocument, spec: VerifySpec, out: FieldMatch[]): void {
  for (const [field, readings] of documentReadings(doc)) {
    const found: Record<'pinyin' | 'initials', { ranges: Range[]; exact: boolean; prefix: boolean }> = {
      pinyin: { ranges: [], exact: false, prefix: false },
      initials: { ranges: [], exact: false, prefix: false },
    };
    for (const r of readings) {
      const span = (from: number, to: number): Range => [r.spans[from]?.[0] ?? 0, r.spans[to]?.[1] ?? 0];
      if (spec.pinyin) {
        // Full pinyin must start on a syllable boundary: 'wei' finds 小伟, not 'we' inside 'wen'.
        let at = 0;
        r.syllables.forEach((s, k) => {
          if (r.full.startsWith(spec.pinyin, at)) {
            // Highlight every character whose syllable the query reaches into ('xiaow' → 小伟).
            let last = k;
            let reached = at + s.length;
            while (reached < at + spec.pinyin.length && last + 1 < r.syllables.length) reached += r.syllables[++last]?.length ?? 0;
            found.pinyin.ranges.push(span(k, last));
            found.pinyin.exact ||= r.full === spec.pinyin;
            found.pinyin.prefix ||= k === 0;
          }
          at += s.length;
        });
      }
      if (spec.initials) {
        // A single letter is only indexed as the first initial (surname); anywhere would match half the table.
        const hits = occurrences(r.initials, spec.initials).filter((h) => h === 0 || spec.initials.length > 1);
        for (const h of hits) {
          found.initials.ranges.push(span(h, h + spec.initials.length - 1));
          found.initials.exact ||= r.initials === spec.initials;
          found.initials.prefix ||= h === 0;
        }
      }
    }
    for (const kind of ['pinyin', 'initials'] as const) {
      const f = found[kind];
      if (f.ranges.length > 0) out.push({ field, index: 0, kind, ranges: mergeRanges(f.ranges), exact: f.exact, prefix: f.prefix });
    }
  }
}

/**
 * Confirm a candidate against the query: the folded query is a substring of a folded field,
 * a digit candidate is a substring of one of a phone's digit forms, or the pinyin / initials
 * query starts at a syllable of a name or company reading. Returns every matching field.
 */
export function verifyDocument(doc: SearchDocument, spec: VerifySpec): FieldMatch[] {
  const out: FieldMatch[] = [];
  if (spec.text) verifyText(doc, spec.text, out);
  if (spec.digits.length > 0) verifyDigits(doc, spec.digits, out);
  if (spec.pinyin || spec.initials) verifyPinyin(doc, spec, out);
  return out;
}
