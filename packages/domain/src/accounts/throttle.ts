/**
 * Login throttling as pure rules. Two counters guard every attempt: one per account (a password
 * being guessed) and one per client address (one client spraying many accounts).
 */
export interface ThrottleState {
  failures: number;
  windowStartedAt: string;
  lockedUntil: string | null;
}

export interface ThrottlePolicy {
  /** Failures allowed inside the window before a lock. */
  maxFailures: number;
  windowMs: number;
  /** First lock length; each further failure doubles it, up to maxLockMs. */
  baseLockMs: number;
  maxLockMs: number;
}

export const ACCOUNT_THROTTLE: ThrottlePolicy = { maxFailures: 5, windowMs: 15 * 60_000, baseLockMs: 30_000, maxLockMs: 15 * 60_000 };
export const ADDRESS_THROTTLE: ThrottlePolicy = { maxFailures: 20, windowMs: 15 * 60_000, baseLockMs: 60_000, maxLockMs: 60 * 60_000 };

/** Seconds until the lock ends, or 0 when an attempt may proceed. */
export function lockRemainingSeconds(state: ThrottleState | undefined, now: Date): number {
  if (!state?.lockedUntil) return 0;
  const ms = new Date(state.lockedUntil).getTime() - now.getTime();
  return ms > 0 ? Math.ceil(ms / 1000) : 0;
}

/** The counter after one more failure: a new window when the old one lapsed, a lock past the limit. */
export function recordFailure(state: ThrottleState | undefined, now: Date, policy: ThrottlePolicy): ThrottleState {
  const t = now.getTime();
  const fresh = !state || t - new Date(state.windowStartedAt).getTime() > policy.windowMs;
  const failures = fresh ? 1 : state.failures + 1;
  const windowStartedAt = fresh ? now.toISOString() : state.windowStartedAt;
  const over = failures - policy.maxFailures;
  const lockedUntil =
    over > 0 ? new Date(t + Math.min(policy.maxLockMs, policy.baseLockMs * 2 ** Math.min(over - 1, 20))).toISOString() : null;
  return { failures, windowStartedAt, lockedUntil };
}
