import { describe, expect, it } from 'vitest';
import { localDateOf, startOfDayIn } from '../prospects/dates.js';
import {
  claimAllowance,
  claimRefusal,
  DEFAULT_POOL_POLICY,
  idleDays,
  isRecallDue,
  recallCuts,
  recallExemption,
  recallOn,
  recallWarning,
  type PoolPolicy,
  type RecallProspect,
} from './rules.js';

const ZONE = 'Asia/Taipei';
const policy: PoolPolicy = { ...DEFAULT_POOL_POLICY, recallDays: { A: 30, B: 45, C: 60, unrated: null } };
const base: RecallProspect = {
  ownerId: 7,
  openOrders: 0,
  grade: 'B',
  disposition: 'continue',
  resumeOn: null,
  // 2026-10-01 09:00 in Taipei.
  lastTouchAt: '2026-10-01T01:00:00.000Z',
  ownedSince: '2026-09-01T01:00:00.000Z',
  archivedAt: null,
};

describe('recall', () => {
  it.each([
    ['a B prospect last touched 2026-10-01 is due on the 47th day (46 days later)', base, '2026-11-16'],
    ['an A prospect goes sooner', { ...base, grade: 'A' }, '2026-11-01'],
    ['a later claim restarts the clock', { ...base, ownedSince: '2026-10-20T01:00:00.000Z' }, '2026-12-05'],
    ['never touched: the clock runs from the day it was taken', { ...base, lastTouchAt: null }, '2026-10-17'],
    ['a pause restarts the clock at its resume date', { ...base, disposition: 'pause', resumeOn: '2026-12-24' }, '2027-02-08'],
    ['a pause already over counts from its resume date too', { ...base, disposition: 'pause', resumeOn: '2026-10-10' }, '2026-11-25'],
    // 2026-10-01T17:00Z is already 2026-10-02 in Taipei.
    ['the touch counts in the installation zone', { ...base, lastTouchAt: '2026-10-01T17:00:00.000Z' }, '2026-11-17'],
  ] satisfies [string, RecallProspect, string][])('%s', (_, p, expected) => {
    expect(recallOn(p, policy, ZONE)).toBe(expected);
    expect(isRecallDue(p, policy, expected, ZONE)).toBe(true);
    expect(isRecallDue(p, policy, localDateOf(new Date(Date.parse(`${expected}T12:00:00+08:00`) - 86_400_000), ZONE), ZONE)).toBe(false);
  });

  it.each([
    ['unowned', { ...base, ownerId: null }],
    ['archived', { ...base, archivedAt: '2026-10-05T00:00:00.000Z' }],
    ['keep', { ...base, disposition: 'keep' }],
    ['dropped', { ...base, disposition: 'dropped' }],
    ['open_order', { ...base, openOrders: 1 }],
    ['never', { ...base, grade: 'unrated' }],
    ['no_clock', { ...base, lastTouchAt: null, ownedSince: null }],
  ] satisfies [string, RecallProspect][])('exempt: %s', (reason, p) => {
    expect(recallExemption(p, policy)).toBe(reason);
    expect(recallOn(p, policy, ZONE)).toBeNull();
    expect(isRecallDue(p, policy, '2030-01-01', ZONE)).toBe(false);
  });

  it('says how long it went untouched', () => {
    expect(idleDays(base, '2026-11-16', ZONE)).toBe(46);
  });

  it.each([
    ['2026-11-10', null],
    ['2026-11-11', { recallOn: '2026-11-16', daysLeft: 5 }],
    ['2026-11-15', { recallOn: '2026-11-16', daysLeft: 1 }],
    ['2026-11-16', null],
  ])('warns from warnDays before the recall day: %s', (today, expected) => {
    expect(recallWarning(base, policy, today, ZONE)).toEqual(expected);
  });

  it('gives SQL cuts that say the same as recallOn', () => {
    const cuts = recallCuts(policy, '2026-11-16', ZONE);
    expect(cuts.map((c) => c.grade)).toEqual(['A', 'B', 'C']);
    const b = cuts.find((c) => c.grade === 'B')!;
    expect(b.beforeDate).toBe('2026-10-02');
    expect(b.beforeInstant).toBe('2026-10-01T16:00:00.000Z');
  });
});

describe('startOfDayIn', () => {
  it.each([
    ['2026-10-02', 'Asia/Taipei', '2026-10-01T16:00:00.000Z'],
    ['2026-03-08', 'America/New_York', '2026-03-08T05:00:00.000Z'],
    ['2026-07-01', 'UTC', '2026-07-01T00:00:00.000Z'],
    ['2026-04-05', 'Asia/Kathmandu', '2026-04-04T18:15:00.000Z'],
    // Santiago springs forward at midnight: the day starts at 01:00 local.
    ['2026-09-06', 'America/Santiago', '2026-09-06T04:00:00.000Z'],
  ])('%s in %s starts at %s', (date, zone, instant) => {
    expect(startOfDayIn(date, zone)).toBe(instant);
    expect(localDateOf(instant, zone)).toBe(date);
    expect(localDateOf(new Date(Date.parse(instant) - 1), zone) < date).toBe(true);
  });
});

describe('claims', () => {
  const p = { ...DEFAULT_POOL_POLICY, maxOwned: 10, maxClaimsPerDay: 3, reclaimWaitDays: 14 };
  it.each([
    ['within the limits', { owned: 9, claimedToday: 2, recalledFromClaimerOn: null }, null],
    ['owns the most allowed', { owned: 10, claimedToday: 0, recalledFromClaimerOn: null }, 'POOL_OWNED_LIMIT'],
    ['claimed enough today', { owned: 0, claimedToday: 3, recalledFromClaimerOn: null }, 'POOL_DAILY_LIMIT'],
    ['the pool took it from them 13 days ago', { owned: 0, claimedToday: 0, recalledFromClaimerOn: '2026-11-19' }, 'POOL_RECLAIM_WAIT'],
    ['the wait is over', { owned: 0, claimedToday: 0, recalledFromClaimerOn: '2026-11-18' }, null],
  ] as const)('%s', (_, state, expected) => {
    expect(claimRefusal(state, p, '2026-12-02')).toBe(expected);
  });

  it('shows what is left', () => {
    expect(claimAllowance({ owned: 8, claimedToday: 1 }, p)).toEqual({ claimsLeftToday: 2, claimsPerDay: 3, ownedRoom: 2, maxOwned: 10, left: 2 });
    expect(claimAllowance({ owned: 12, claimedToday: 5 }, p).left).toBe(0);
  });
});
