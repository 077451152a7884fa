import { pinyin } from 'pinyin-pro';
import { foldTextWithMap } from './fold.js';

/** One way of reading a name aloud, as typed on a pinyin keyboard (no tones, ü as v). */
export interface PinyinReading {
  /** Syllables joined without spaces: 'xiaowei'. */
  full: string;
  /** First letter of every syllable: 'xw'. */
  initials: string;
  /** The syllables in order: ['xiao', 'wei']. */
  syllables: string[];
  /** For each syllable, the [start, end) of its character in the original string. */
  spans: Array<[number, number]>;
}

/** Options for {@link nameReadings}. */
export interface NameReadingOptions {
  /** Person names read their first character as a surname (曾 zeng, 单 shan, 解 xie). */
  isPersonName: boolean;
  /** Upper bound on readings returned, the most likely first. Default 4. */
  maxVariants?: number;
}

interface Syllable {
  reading: string;
  alternatives: string[];
  span: [number, number];
}

const TONE_MARKS = /[\u0300-\u036f]/g;

function toneless(p: string): string {
  return p.normalize('NFD').replace(TONE_MARKS, '').replace(/ü/g, 'v');
}

/**
 * Every reading of a character in pinyin-pro's dictionary order, toneless and without repeats. A
 * character's readings do not depend on its context, so they are looked up once per character.
 */
const dictionaryReadings = new Map<string, string[]>();
function readingsOf(char: string): string[] {
  let readings = dictionaryReadings.get(char);
  if (!readings) {
    // In 'all' mode the first entry is the reading in context (here: alone); the dictionary's follow.
    const entry = pinyin(char, { toneType: 'none', type: 'all', v: true })[0];
    readings = [...new Set((entry?.polyphonic ?? []).slice(1).map(toneless))].filter((p) => /^[a-z]+$/.test(p));
    dictionaryReadings.set(char, readings);
  }
  return readings;
}

function syllablesOf(name: string, isPersonName: boolean): Syllable[] {
  // Simplified first: pinyin-pro's surname table and word list are simplified (單 would read dan).
  const folded = foldTextWithMap(name, { phrase: true });
  if (folded.text === '') return [];
  // The reading in context, one per character; a character without one comes back as itself.
  const chars = Array.from(folded.text);
  const inContext = pinyin(folded.text, { toneType: 'none', type: 'array', v: true, surname: isPersonName ? 'head' : 'off' });
  const out: Syllable[] = [];
  let pos = 0;
  chars.forEach((char, k) => {
    const reading = inContext[k] ?? '';
    if (reading !== char && /^[a-z]+$/.test(reading)) {
      const start = folded.starts[pos] ?? 0;
      const end = folded.ends[pos + char.length - 1] ?? start;
      out.push({ reading, alternatives: readingsOf(char).filter((p) => p !== reading), span: [start, end] });
    }
    pos += char.length;
  });
  return out;
}

function toReading(syllables: Syllable[], choice: string[]): PinyinReading {
  return {
    full: choice.join(''),
    initials: choice.map((s) => s[0] ?? '').join(''),
    syllables: choice,
    spans: syllables.map((s) => s.span),
  };
}

/**
 * Pinyin readings of a person or company name, most likely first. The first reading is
 * pinyin-pro's in-context reading (with its surname table for the head of a person name,
 * compound surnames such as 欧阳 and 万俟 included). Further readings swap one polyphonic
 * character for another of its readings, taking each character's next reading in turn so one
 * very polyphonic character cannot use up the budget. A person's surname is never swapped: it
 * has one right reading and a wrong one would match other families' names.
 * Non-Chinese characters contribute nothing (Latin text is matched as text). Returns [] when
 * the name has no Chinese characters.
 */
export function nameReadings(name: string, options: NameReadingOptions): PinyinReading[] {
  const syllables = syllablesOf(name, options.isPersonName);
  if (syllables.length === 0) return [];
  const max = Math.max(1, options.maxVariants ?? 4);
  const base = syllables.map((s) => s.reading);
  const readings = [toReading(syllables, base)];
  const seen = new Set([base.join(' ')]);
  const firstSwappable = options.isPersonName ? 1 : 0;
  const depth = Math.max(0, ...syllables.map((s) => s.alternatives.length));
  for (let rank = 0; rank < depth && readings.length < max; rank++) {
    for (let i = firstSwappable; i < syllables.length && readings.length < max; i++) {
      const alt = syllables[i]?.alternatives[rank];
      if (alt === undefined) continue;
      const choice = base.slice();
      choice[i] = alt;
      const key = choice.join(' ');
      if (seen.has(key)) continue;
      seen.add(key);
      readings.push(toReading(syllables, choice));
    }
  }
  return readings;
}
