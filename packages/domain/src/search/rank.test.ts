import { describe, expect, it } from 'vitest';
import { MATCH_TIER, compareSearchHits, matchTier, searchScore } from './rank.js';
import { planQuery } from './keys.js';
import type { FieldMatch, SearchDocument } from './types.js';
import type { RankInput } from './rank.js';

const m = (field: FieldMatch['field'], kind: FieldMatch['kind'], exact = false, prefix = false): FieldMatch => ({
  field,
  index: 0,
  kind,
  ranges: [[0, 1]],
  exact,
  prefix,
});

describe('matchTier', () => {
  it.each([
    ['exact name', [m('name', 'text', true, true)], MATCH_TIER.nameExact],
    ['name prefix', [m('name', 'text', false, true)], MATCH_TIER.namePrefix],
    ['name substring', [m('name', 'text')], MATCH_TIER.nameContains],
    ['name pinyin from the first syllable', [m('name', 'pinyin', false, true)], MATCH_TIER.namePinyinPrefix],
    ['name initials inside', [m('name', 'initials')], MATCH_TIER.namePinyin],
    ['company pinyin', [m('company', 'pinyin', true, true)], MATCH_TIER.companyPinyin],
    ['company text, even exact', [m('company', 'text', true, true)], MATCH_TIER.otherField],
    ['phone digits', [m('phone', 'digits', true, true)], MATCH_TIER.otherField],
    ['email', [m('email', 'text')], MATCH_TIER.otherField],
    ['best of several', [m('email', 'text'), m('name', 'initials'), m('name', 'text', false, true)], MATCH_TIER.namePrefix],
    ['nothing', [], MATCH_TIER.none],
  ])('%s', (_label, matches, tier) => {
    expect(matchTier(matches)).toBe(tier);
  });
});

describe('searchScore / compareSearchHits', () => {
  const hit = (tier: FieldMatch[], owned: boolean, touchedAt: RankInput['touchedAt']): RankInput => ({ matches: tier, ownedBySearcher: owned, touchedAt });
  const exact = [m('name', 'text', true, true)];
  const contains = [m('name', 'text')];
  const email = [m('email', 'text')];

  it('orders by tier, then ownership, then recency', () => {
    const hits = {
      containsOwnedOld: hit(contains, true, new Date('2020-01-01')),
      exactOthersNever: hit(exact, false, null),
      emailOwnedNew: hit(email, true, Date.parse('2030-01-01')),
      containsOthersNew: hit(contains, false, new Date('2029-01-01')),
      containsOwnedNew: hit(contains, true, new Date('2024-06-01')),
    };
    const order = Object.entries(hits)
      .sort(([, a], [, b]) => compareSearchHits(a, b))
      .map(([k]) => k);
    expect(order).toEqual(['exactOthersNever', 'containsOwnedNew', 'containsOwnedOld', 'containsOthersNew', 'emailOwnedNew']);
  });

  it('treats invalid and negative timestamps as never touched', () => {
    expect(searchScore(hit(email, false, Number.NaN))).toBe(searchScore(hit(email, false, null)));
    expect(searchScore(hit(email, false, -5))).toBe(searchScore(hit(email, false, 0)));
  });

  it('stays an exact integer at the top of the range', () => {
    const top = searchScore(hit(exact, true, new Date('2999-12-31')));
    expect(Number.isSafeInteger(top)).toBe(true);
    expect(top).toBeGreaterThan(searchScore(hit(exact, false, new Date('2999-12-31'))));
  });

  it('ranks real plans: 小伟 itself above 王小伟, above pinyin look-alikes', () => {
    const docs: Record<string, SearchDocument> = {
      exact: { name: '小偉', emails: [], phones: [], tags: [] },
      prefix: { name: '小伟明', emails: [], phones: [], tags: [] },
      contains: { name: '王小伟', emails: [], phones: [], tags: [] },
    };
    const plan = planQuery('小伟');
    const ranked = Object.keys(docs).sort(
      (a, b) =>
        compareSearchHits(
          { matches: plan.verify(docs[a] as SearchDocument), ownedBySearcher: false, touchedAt: null },
          { matches: plan.verify(docs[b] as SearchDocument), ownedBySearcher: false, touchedAt: null },
        ),
    );
    expect(ranked).toEqual(['exact', 'prefix', 'contains']);

    const py = planQuery('xiaowei');
    expect(matchTier(py.verify({ name: '小伟', emails: [], phones: [], tags: [] }))).toBe(MATCH_TIER.namePinyinPrefix);
    expect(matchTier(py.verify({ name: '王小伟', emails: [], phones: [], tags: [] }))).toBe(MATCH_TIER.namePinyin);
  });
});
