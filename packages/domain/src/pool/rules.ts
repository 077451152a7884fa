import { z } from 'zod';
import { addDays, daysBetween, localDateOf, startOfDayIn, type CalendarDate, type Instant } from '../prospects/dates.js';
import { GRADES, type Disposition, type Grade } from '../prospects/enums.js';

/**
 * The shared pool (公海): when a neglected prospect returns to the team, who is warned, and who may claim it.
 * Every rule here is a pure function of a prospect's fields, the admin's pool policy and a calendar date; the
 * server's SQL asks the same questions through `recallCuts`, and a test ties the two together on generated rows.
 */

/** Fields an admin may hide from pool views until the prospect is claimed. */
export const POOL_HIDEABLE_FIELDS = ['phones', 'emails', 'wechatId', 'address'] as const;
export const PoolHideableField = z.enum(POOL_HIDEABLE_FIELDS);
export type PoolHideableField = z.infer<typeof PoolHideableField>;

/** Days without a touch before recall, per grade; null = never recalled. */
const RecallDays = z.number().int().min(1).max(3650).nullable();

export const PoolPolicySchema = z.strictObject({
  recallDays: z.strictObject({ A: RecallDays, B: RecallDays, C: RecallDays, unrated: RecallDays }),
  /** How many days before recall the owner is warned. */
  warnDays: z.number().int().min(0).max(90),
  /** A salesperson may own at most this many live prospects (not dropped, not archived) to claim one more. */
  maxOwned: z.number().int().min(1).max(1_000_000),
  /** Claims per salesperson per day. */
  maxClaimsPerDay: z.number().int().min(0).max(10_000),
  /** Days a former owner waits before claiming back what the pool took from them. */
  reclaimWaitDays: z.number().int().min(0).max(3650),
  hiddenFields: z.array(PoolHideableField).max(POOL_HIDEABLE_FIELDS.length).refine((a) => new Set(a).size === a.length, 'each field once'),
  /**
   * Whether the former owner keeps reading a recalled prospect's page and history (never acting on it). Off, they
   * see it only as any salesperson does, through the pool's views. Policies saved before this rule read as on.
   */
  formerOwnerReads: z.boolean().default(true),
});
export type PoolPolicy = z.infer<typeof PoolPolicySchema>;

export const DEFAULT_POOL_POLICY: Readonly<PoolPolicy> = Object.freeze({
  recallDays: Object.freeze({ A: 30, B: 45, C: 60, unrated: 30 }),
  warnDays: 5,
  maxOwned: 500,
  maxClaimsPerDay: 5,
  reclaimWaitDays: 30,
  hiddenFields: Object.freeze(['phones', 'emails', 'wechatId']) as unknown as PoolHideableField[],
  formerOwnerReads: true,
}) as PoolPolicy;

/** What the recall rule reads of a prospect. */
export interface RecallProspect {
  ownerId: number | null;
  grade: Grade;
  disposition: Disposition;
  resumeOn: CalendarDate | null;
  lastTouchAt: Instant | null;
  ownedSince: Instant | null;
  archivedAt: Instant | null;
  /** Confirmed orders not yet delivered: a customer waiting for their car is not neglected. */
  openOrders: number;
}

/** Why a prospect is never recalled as it stands; null when the recall clock runs. */
export type RecallExemption = 'unowned' | 'archived' | 'keep' | 'dropped' | 'open_order' | 'never' | 'no_clock';

export function recallExemption(p: RecallProspect, policy: PoolPolicy): RecallExemption | null {
  if (p.ownerId === null) return 'unowned';
  if (p.archivedAt !== null) return 'archived';
  // "Keep" (不放棄) is a deliberate long cycle; a dropped prospect is off the agenda and in nobody's way.
  if (p.disposition === 'keep') return 'keep';
  if (p.disposition === 'dropped') return 'dropped';
  if (p.openOrders > 0) return 'open_order';
  if (policy.recallDays[p.grade] === null) return 'never';
  if (p.lastTouchAt === null && p.ownedSince === null && p.resumeOn === null) return 'no_clock';
  return null;
}

/**
 * The day the recall clock starts: the latest of the last touch (by anyone), the day the owner took the prospect,
 * and a pause's resume date (a pause stops the clock until then).
 */
export function recallClockStart(p: RecallProspect, timeZone: string): CalendarDate | null {
  let start: CalendarDate | null = null;
  for (const d of [p.lastTouchAt && localDateOf(p.lastTouchAt, timeZone), p.ownedSince && localDateOf(p.ownedSince, timeZone), p.resumeOn]) {
    if (d && (start === null || d > start)) start = d;
  }
  return start;
}

/**
 * The first day on which the prospect is due for the pool: the day its days without a touch exceed its grade's
 * limit (limit 45, last touch on the 1st: due on the 47th day, 46 days later). Null when it is exempt.
 */
export function recallOn(p: RecallProspect, policy: PoolPolicy, timeZone: string): CalendarDate | null {
  if (recallExemption(p, policy) !== null) return null;
  const start = recallClockStart(p, timeZone)!;
  return addDays(start, policy.recallDays[p.grade]! + 1);
}

export function isRecallDue(p: RecallProspect, policy: PoolPolicy, today: CalendarDate, timeZone: string): boolean {
  const on = recallOn(p, policy, timeZone);
  return on !== null && on <= today;
}

/** Whole days since the clock started, as the recall's history entry says it ("47 days without a touch"). */
export function idleDays(p: RecallProspect, today: CalendarDate, timeZone: string): number {
  const start = recallClockStart(p, timeZone);
  return start === null ? 0 : daysBetween(start, today);
}

/** The owner's warning: from `warnDays` before the recall day until it, with the day and the days left. */
export function recallWarning(
  p: RecallProspect,
  policy: PoolPolicy,
  today: CalendarDate,
  timeZone: string,
): { recallOn: CalendarDate; daysLeft: number } | null {
  const on = recallOn(p, policy, timeZone);
  if (on === null || on <= today) return null;
  const daysLeft = daysBetween(today, on);
  return daysLeft <= policy.warnDays ? { recallOn: on, daysLeft } : null;
}

/**
 * The recall rule as comparisons SQL can make on stored columns. A prospect of `grade` is due on `asOf` exactly
 * when its clock started before `beforeDate`: every one of its last touch and owned-since instants is before
 * `beforeInstant` (that date's first moment in the zone) and its resume date, if any, before `beforeDate`. Grades
 * that are never recalled have no cut. The dispositions that are recalled at all are `RECALLED_DISPOSITIONS`.
 */
export interface RecallCut {
  grade: Grade;
  limitDays: number;
  beforeDate: CalendarDate;
  beforeInstant: Instant;
}

export const RECALLED_DISPOSITIONS = ['continue', 'pause'] as const satisfies readonly Disposition[];

export function recallCuts(policy: PoolPolicy, asOf: CalendarDate, timeZone: string): RecallCut[] {
  const cuts: RecallCut[] = [];
  for (const grade of GRADES) {
    const limitDays = policy.recallDays[grade];
    if (limitDays === null) continue;
    // Due on asOf ⇔ start + limit + 1 ≤ asOf ⇔ start < asOf − limit.
    const beforeDate = addDays(asOf, -limitDays);
    cuts.push({ grade, limitDays, beforeDate, beforeInstant: startOfDayIn(beforeDate, timeZone) });
  }
  return cuts;
}

/** What a claim is checked against. */
export interface ClaimerState {
  /** Live prospects (not dropped, not archived) the claimer owns now. */
  owned: number;
  /** Claims the claimer made today. */
  claimedToday: number;
  /** When the pool last took this prospect from the claimer (a recall), if ever. */
  recalledFromClaimerOn: CalendarDate | null;
}

export type ClaimRefusal = 'POOL_OWNED_LIMIT' | 'POOL_DAILY_LIMIT' | 'POOL_RECLAIM_WAIT';

/** Why the claimer may not take one more prospect from the pool, or null. A manager's assignment is not bound. */
export function claimRefusal(state: ClaimerState, policy: PoolPolicy, today: CalendarDate): ClaimRefusal | null {
  if (state.owned >= policy.maxOwned) return 'POOL_OWNED_LIMIT';
  if (state.claimedToday >= policy.maxClaimsPerDay) return 'POOL_DAILY_LIMIT';
  if (state.recalledFromClaimerOn !== null && today < reclaimAllowedOn(state.recalledFromClaimerOn, policy)) return 'POOL_RECLAIM_WAIT';
  return null;
}

/** The first day a former owner may claim back what the pool took from them on `recalledOn`. */
export function reclaimAllowedOn(recalledOn: CalendarDate, policy: PoolPolicy): CalendarDate {
  return addDays(recalledOn, policy.reclaimWaitDays);
}

/** What the claimer may still take: "3 of 5 claims left today", and room under the owned limit. */
export function claimAllowance(state: Pick<ClaimerState, 'owned' | 'claimedToday'>, policy: PoolPolicy) {
  const claimsLeftToday = Math.max(0, policy.maxClaimsPerDay - state.claimedToday);
  const ownedRoom = Math.max(0, policy.maxOwned - state.owned);
  return { claimsLeftToday, claimsPerDay: policy.maxClaimsPerDay, ownedRoom, maxOwned: policy.maxOwned, left: Math.min(claimsLeftToday, ownedRoom) };
}
