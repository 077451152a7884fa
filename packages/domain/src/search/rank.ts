import type { FieldMatch } from './types.js';

/** What ranking needs to know about one verified hit. */
export interface RankInput {
  matches: readonly FieldMatch[];
  /** The prospect is owned by whoever is searching. */
  ownedBySearcher: boolean;
  /** Last touched (contact, note, edit); null when never. */
  touchedAt: Date | number | null;
}

/**
 * Match tiers, best first. A name the user typed exactly beats one that starts with it, which
 * beats one that merely contains it; pinyin comes after any literal name match because it is
 * a looser reading (xiaowei is six different people in the fixture), and anything found only
 * in company, title, email, phone, WeChat or tags comes last.
 */
export const MATCH_TIER = {
  nameExact: 7,
  namePrefix: 6,
  nameContains: 5,
  namePinyinPrefix: 4,
  namePinyin: 3,
  companyPinyin: 2,
  otherField: 1,
  none: 0,
} as const;

/** The best tier among a hit's matches. */
export function matchTier(matches: readonly FieldMatch[]): number {
  let best: number = MATCH_TIER.none;
  for (const m of matches) {
    let tier: number = MATCH_TIER.otherField;
    const phonetic = m.kind === 'pinyin' || m.kind === 'initials';
    if (m.field === 'name' && m.kind === 'text') {
      tier = m.exact ? MATCH_TIER.nameExact : m.prefix ? MATCH_TIER.namePrefix : MATCH_TIER.nameContains;
    } else if (m.field === 'name' && phonetic) {
      tier = m.prefix ? MATCH_TIER.namePinyinPrefix : MATCH_TIER.namePinyin;
    } else if (m.field === 'company' && phonetic) {
      tier = MATCH_TIER.companyPinyin;
    }
    best = Math.max(best, tier);
  }
  return best;
}

// Score = tier · TIER_UNIT + owned · OWNED_UNIT + touched ms. Timestamps stay below OWNED_UNIT
// until the year 3554, and the largest score (≈ 7.5e14) is far inside Number's exact range.
const OWNED_UNIT = 5e13;
const TIER_UNIT = 2 * OWNED_UNIT;

/**
 * One comparable number per hit, higher is better: tier first, then owned by the searcher,
 * then more recently touched.
 */
export function searchScore(hit: RankInput): number {
  const t = hit.touchedAt instanceof Date ? hit.touchedAt.getTime() : (hit.touchedAt ?? 0);
  const touched = Number.isFinite(t) ? Math.min(Math.max(t, 0), OWNED_UNIT - 1) : 0;
  return matchTier(hit.matches) * TIER_UNIT + (hit.ownedBySearcher ? OWNED_UNIT : 0) + touched;
}

/** Comparator for Array.prototype.sort: best hit first. */
export function compareSearchHits(a: RankInput, b: RankInput): number {
  return searchScore(b) - searchScore(a);
}
