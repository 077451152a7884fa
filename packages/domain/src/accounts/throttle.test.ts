import { describe, expect, it } from 'vitest';
import { ACCOUNT_THROTTLE, lockRemainingSeconds, recordFailure, type ThrottleState } from './throttle.js';

const at = (s: number) => new Date(Date.UTC(2026, 10, 26, 8, 0, s));

describe('login throttle', () => {
  it('locks after the allowed failures and doubles the lock on each further failure', () => {
    let state: ThrottleState | undefined;
    for (let i = 1; i <= 5; i++) {
      state = recordFailure(state, at(i), ACCOUNT_THROTTLE);
      expect(state.lockedUntil).toBeNull();
    }
    state = recordFailure(state, at(6), ACCOUNT_THROTTLE);
    expect(lockRemainingSeconds(state, at(6))).toBe(30);
    state = recordFailure(state, at(7), ACCOUNT_THROTTLE);
    expect(lockRemainingSeconds(state, at(7))).toBe(60);
    expect(lockRemainingSeconds(state, at(7 + 61))).toBe(0);
  });

  it('caps the lock length', () => {
    let state: ThrottleState | undefined;
    for (let i = 0; i < 40; i++) state = recordFailure(state, at(i), ACCOUNT_THROTTLE);
    expect(lockRemainingSeconds(state, at(39))).toBe(15 * 60);
  });

  it('starts a new window once the old one lapsed', () => {
    const old: ThrottleState = { failures: 4, windowStartedAt: at(0).toISOString(), lockedUntil: null };
    const next = recordFailure(old, new Date(at(0).getTime() + 16 * 60_000), ACCOUNT_THROTTLE);
    expect(next.failures).toBe(1);
  });
});
