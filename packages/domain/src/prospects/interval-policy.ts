import { z } from 'zod';
import { GRADES, IMPORTANCES } from './enums.js';
import type { Disposition, Grade, Importance } from './enums.js';

/** The article's revisit buckets: within 20, 40, 60 or 80 days. */
export const INTERVAL_LADDER = [20, 40, 60, 80] as const;

/** The bucket each grade starts from before importance shifts it. Unrated sits with B: no evidence either way. */
export const GRADE_BASE_INTERVAL: Readonly<Record<Grade, number>> = { A: 20, B: 40, C: 60, unrated: 40 };

/** Key accounts move one bucket shorter (more time on big buyers, as the article asks), small ones one longer. */
export const IMPORTANCE_SHIFT: Readonly<Record<Importance, number>> = { key: -1, normal: 0, small: 1 };

export const MIN_INTERVAL_DAYS = 1;
export const MAX_INTERVAL_DAYS = 365;

/** Days until the next contact is due: a whole number from 1 to 365. */
export const IntervalDays = z.number().int().min(MIN_INTERVAL_DAYS).max(MAX_INTERVAL_DAYS);

const PolicyRow = z.strictObject({ key: IntervalDays, normal: IntervalDays, small: IntervalDays });

/** The admin-edited policy table: every grade × importance cell, each 1..365 days. */
export const IntervalPolicySchema = z.strictObject({ A: PolicyRow, B: PolicyRow, C: PolicyRow, unrated: PolicyRow });
export type IntervalPolicy = z.infer<typeof IntervalPolicySchema>;

/** The ladder bucket for a grade and importance, clamped at both ends of the ladder. */
export function ladderInterval(grade: Grade, importance: Importance): number {
  const ladder: readonly number[] = INTERVAL_LADDER;
  const last = ladder.length - 1;
  const index = Math.min(last, Math.max(0, ladder.indexOf(GRADE_BASE_INTERVAL[grade]) + IMPORTANCE_SHIFT[importance]));
  return ladder[index] ?? INTERVAL_LADDER[3];
}

/** Builds the default policy table from the ladder; a fresh object each time, safe to edit. */
export function defaultIntervalPolicy(): IntervalPolicy {
  const row = (grade: Grade) =>
    Object.fromEntries(IMPORTANCES.map((i) => [i, ladderInterval(grade, i)])) as Record<Importance, number>;
  return Object.fromEntries(GRADES.map((g) => [g, row(g)])) as IntervalPolicy;
}

/** The shipped default table. Frozen: copy it with {@link defaultIntervalPolicy} before editing. */
export const DEFAULT_INTERVAL_POLICY: Readonly<IntervalPolicy> = Object.freeze(defaultIntervalPolicy());

/** The policy's cell for a grade and importance. */
export function policyIntervalDays(policy: IntervalPolicy, grade: Grade, importance: Importance): number {
  return policy[grade][importance];
}

/** The longest interval anywhere in the policy: the cadence of a "keep" (不放棄) prospect. */
export function longestIntervalDays(policy: IntervalPolicy): number {
  return Math.max(...GRADES.flatMap((g) => IMPORTANCES.map((i) => policy[g][i])));
}

/** What the interval rule needs to know about a prospect. */
export interface IntervalSubject {
  grade: Grade;
  importance: Importance;
  disposition: Disposition;
  /** The salesperson's per-prospect override in days; null follows the policy. */
  intervalDays: number | null;
}

/**
 * A prospect's effective revisit interval in days. The per-prospect override always wins, because the
 * salesperson chose it knowingly; otherwise "keep" uses the policy's longest interval and everything else
 * the policy cell for its grade and importance.
 */
export function effectiveIntervalDays(prospect: IntervalSubject, policy: IntervalPolicy): number {
  if (prospect.intervalDays !== null) return prospect.intervalDays;
  if (prospect.disposition === 'keep') return longestIntervalDays(policy);
  return policyIntervalDays(policy, prospect.grade, prospect.importance);
}
