import { t2sChar, t2sPhrase } from './opencc.js';

/**
 * Folded text plus, for every UTF-16 unit of `text`, the [start, end) span of the original
 * string it came from, so matches found in folded text can be highlighted in the original.
 */
export interface FoldedText {
  text: string;
  starts: number[];
  ends: number[];
}

// A base character with its combining marks: NFKC must see them together to compose.
// U+FF9E/FF9F (half-width kana voicing marks) are not \p{M} but compose like marks.
const CLUSTER = /[^\p{M}\uFF9E\uFF9F][\p{M}\uFF9E\uFF9F]*|[\p{M}\uFF9E\uFF9F]+/gsu;
const WHITESPACE = /\s/u;
const PLAIN_ASCII = /^[\x21-\x7e]$/;
const ASCII_TEXT = /^[\x20-\x7e\t\n\v\f\r]*$/;
const ASCII_SPACES = /[ \t\n\v\f\r]+/g;
// Below this code point there are no CJK ideographs, so t→s can be skipped cheaply.
const CJK_FLOOR = 0x2e80;

/**
 * Text that NFKC leaves alone and lowercasing maps unit for unit: printable ASCII and the CJK Unified
 * Ideographs block, with single spaces between words. Most names, companies and e-mails are written so.
 */
const PLAIN_TEXT = /^(?:[\x21-\x7e\u4e00-\u9fff]+(?: [\x21-\x7e\u4e00-\u9fff]+)*)?$/;

/**
 * NFKC + lowercase + whitespace collapse, keeping the source span of every output unit. Plain text (see
 * PLAIN_TEXT) is only lowercased, and each unit's span is its own position, as the general path would find.
 */
export function normaliseWithMap(s: string): FoldedText {
  if (!PLAIN_TEXT.test(s)) return normaliseGeneral(s);
  const starts = new Array<number>(s.length);
  const ends = new Array<number>(s.length);
  for (let i = 0; i < s.length; i++) {
    starts[i] = i;
    ends[i] = i + 1;
  }
  return { text: s.toLowerCase(), starts, ends };
}

/** The general path of {@link normaliseWithMap}, for any text. Both are exported for the test that compares them. */
export function normaliseGeneral(s: string): FoldedText {
  let text = '';
  const starts: number[] = [];
  const ends: number[] = [];
  let pendingSpace: [number, number] | null = null;
  for (const m of s.matchAll(CLUSTER)) {
    const src = m[0];
    const at = m.index;
    const folded = PLAIN_ASCII.test(src) ? src.toLowerCase() : src.normalize('NFKC').toLowerCase();
    for (const ch of folded) {
      if (WHITESPACE.test(ch)) {
        // Leading whitespace is dropped; inner runs become one space, emitted lazily so trailing runs vanish.
        if (text.length > 0) pendingSpace ??= [at, at + src.length];
        continue;
      }
      if (pendingSpace) {
        text += ' ';
        starts.push(pendingSpace[0]);
        ends.push(pendingSpace[1]);
        pendingSpace = null;
      }
      text += ch;
      for (let i = 0; i < ch.length; i++) {
        starts.push(at);
        ends.push(at + src.length);
      }
    }
  }
  return { text, starts, ends };
}

function charwiseSimplified(text: string): string {
  let out = '';
  for (const ch of text) out += (ch.codePointAt(0) ?? 0) >= CJK_FLOOR ? t2sChar(ch) : ch;
  return out;
}

/**
 * Fold with a map back to the original. `phrase: true` uses OpenCC's phrase-aware conversion
 * (better input for pinyin: 乾隆 stays 乾隆); the default is context-free per character,
 * which is what matching needs (see t2sChar).
 */
export function foldTextWithMap(s: string, options: { phrase?: boolean } = {}): FoldedText {
  const base = normaliseWithMap(s);
  let text = base.text;
  if (options.phrase) {
    const converted = t2sPhrase(text);
    // Phrase rules may change length; alignment matters more, so fall back to per character.
    text = converted.length === text.length ? converted : charwiseSimplified(text);
  } else {
    text = charwiseSimplified(text);
  }
  return { text, starts: base.starts, ends: base.ends };
}

/**
 * The canonical search form of a string: NFKC (full-width → half-width, compatibility forms),
 * lowercase, traditional → simplified per character, whitespace trimmed and collapsed.
 * Index terms and queries both go through this, so 小偉 and 小伟, ＡＢＣ and abc meet.
 */
export function foldText(s: string): string {
  // Printable ASCII and ASCII whitespace (e-mails, WeChat IDs, most titles abroad) fold to lower case with
  // whitespace trimmed and collapsed, which is what the general path gives them, without its position maps.
  if (ASCII_TEXT.test(s)) return s.toLowerCase().replace(ASCII_SPACES, ' ').trim();
  return foldTextWithMap(s).text;
}

/** Map a [start, end) range in folded text back to the original string. */
export function originalRange(folded: FoldedText, start: number, end: number): [number, number] {
  const from = folded.starts[start] ?? 0;
  const to = folded.ends[Math.max(start, end - 1)] ?? from;
  return [from, to];
}
