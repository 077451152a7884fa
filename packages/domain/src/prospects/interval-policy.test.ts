import { describe, expect, it } from 'vitest';
import type { Disposition, Grade, Importance } from './enums.js';
import {
  DEFAULT_INTERVAL_POLICY,
  IntervalPolicySchema,
  defaultIntervalPolicy,
  effectiveIntervalDays,
  ladderInterval,
  longestIntervalDays,
} from './interval-policy.js';

describe('default interval policy', () => {
  // Base A 20, B 40, C 60, unrated 40; key one bucket shorter, small one longer, clamped to [20, 80].
  it.each<[Grade, Importance, number]>([
    ['A', 'key', 20], // clamped at the short end
    ['A', 'normal', 20],
    ['A', 'small', 40],
    ['B', 'key', 20],
    ['B', 'normal', 40],
    ['B', 'small', 60],
    ['C', 'key', 40],
    ['C', 'normal', 60],
    ['C', 'small', 80],
    ['unrated', 'key', 20],
    ['unrated', 'normal', 40],
    ['unrated', 'small', 60],
  ])('%s × %s → %i days', (grade, importance, days) => {
    expect(DEFAULT_INTERVAL_POLICY[grade][importance]).toBe(days);
    expect(ladderInterval(grade, importance)).toBe(days);
  });

  it('has 80 days as its longest interval', () => {
    expect(longestIntervalDays(DEFAULT_INTERVAL_POLICY)).toBe(80);
  });

  it('is frozen, while defaultIntervalPolicy() hands out an editable copy', () => {
    expect(Object.isFrozen(DEFAULT_INTERVAL_POLICY)).toBe(true);
    const copy = defaultIntervalPolicy();
    copy.A.normal = 10;
    expect(DEFAULT_INTERVAL_POLICY.A.normal).toBe(20);
  });

  it('validates against its own schema', () => {
    expect(IntervalPolicySchema.parse(defaultIntervalPolicy())).toEqual(DEFAULT_INTERVAL_POLICY);
  });
});

describe('effectiveIntervalDays', () => {
  const custom = { ...defaultIntervalPolicy(), C: { key: 50, normal: 70, small: 120 } };
  it.each<[string, Grade, Importance, Disposition, number | null, number]>([
    ['policy cell', 'B', 'normal', 'continue', null, 40],
    ['key account is shorter', 'C', 'key', 'continue', null, 40],
    ['override wins over the policy', 'A', 'normal', 'continue', 7, 7],
    ['override wins over keep', 'A', 'normal', 'keep', 15, 15],
    ['keep uses the longest interval', 'A', 'key', 'keep', null, 80],
    ['pause still has a cadence', 'B', 'small', 'pause', null, 60],
  ])('%s', (_name, grade, importance, disposition, intervalDays, days) => {
    expect(effectiveIntervalDays({ grade, importance, disposition, intervalDays }, DEFAULT_INTERVAL_POLICY)).toBe(days);
  });

  it('reads an edited policy, and keep follows its longest cell', () => {
    const base = { grade: 'C' as const, importance: 'normal' as const, intervalDays: null };
    expect(effectiveIntervalDays({ ...base, disposition: 'continue' }, custom)).toBe(70);
    expect(effectiveIntervalDays({ ...base, disposition: 'keep' }, custom)).toBe(120);
  });
});

describe('IntervalPolicySchema', () => {
  const withCell = (days: unknown) => ({ ...defaultIntervalPolicy(), B: { key: 20, normal: days, small: 60 } });
  it.each<[string, unknown, boolean]>([
    ['1 day is the minimum', withCell(1), true],
    ['365 days is the maximum', withCell(365), true],
    ['0 days is refused', withCell(0), false],
    ['366 days is refused', withCell(366), false],
    ['fractions are refused', withCell(1.5), false],
    ['strings are refused', withCell('40'), false],
    ['a missing grade is refused', { A: { key: 20, normal: 20, small: 40 } }, false],
    ['an unknown grade is refused', { ...defaultIntervalPolicy(), D: { key: 1, normal: 1, small: 1 } }, false],
    ['an unknown importance is refused', { ...defaultIntervalPolicy(), A: { key: 20, normal: 20, small: 40, huge: 5 } }, false],
  ])('%s', (_name, input, ok) => {
    expect(IntervalPolicySchema.safeParse(input).success).toBe(ok);
  });
});
