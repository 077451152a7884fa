import { describe, expect, it } from 'vitest';
import { applyDisposition, applyTouch, classifyTouches, nextDueOn, touchKindOf } from './clock.js';
import type { ClockContext, ClockProspect, ClockTouch } from './clock.js';
import { DEFAULT_INTERVAL_POLICY, defaultIntervalPolicy } from './interval-policy.js';

const taipei: ClockContext = { policy: DEFAULT_INTERVAL_POLICY, timeZone: 'Asia/Taipei' };
const newYork: ClockContext = { policy: DEFAULT_INTERVAL_POLICY, timeZone: 'America/New_York' };

// Grade A, normal importance: a 20-day cadence under the default policy.
const fresh: ClockProspect = {
  grade: 'A',
  importance: 'normal',
  disposition: 'continue',
  resumeOn: null,
  intervalDays: null,
  lastTouchAt: null,
  explicitNextOn: null,
};
const touched = (at: string, extra: Partial<ClockProspect> = {}): ClockProspect => ({ ...fresh, lastTouchAt: at, ...extra });

describe('nextDueOn without a new touch', () => {
  it.each<[string, ClockProspect, string | null]>([
    ['never touched → no date', fresh, null],
    ['continue → last touch + 20', touched('2026-03-01T02:00:00Z'), '2026-03-21'],
    ['B normal → + 40', touched('2026-03-01T02:00:00Z', { grade: 'B' }), '2026-04-10'],
    ['override 7 days', touched('2026-03-01T02:00:00Z', { intervalDays: 7 }), '2026-03-08'],
    ['stored explicit date wins', touched('2026-03-01T02:00:00Z', { explicitNextOn: '2026-03-05' }), '2026-03-05'],
    ['keep → + 80 (the longest)', touched('2026-03-01T02:00:00Z', { disposition: 'keep' }), '2026-05-20'],
    ['keep with an override', touched('2026-03-01T02:00:00Z', { disposition: 'keep', intervalDays: 30 }), '2026-03-31'],
    ['keep never touched → no date', { ...fresh, disposition: 'keep' }, null],
    ['pause → resume date', touched('2026-03-01T02:00:00Z', { disposition: 'pause', resumeOn: '2026-06-01' }), '2026-06-01'],
    ['pause never touched → resume date', { ...fresh, disposition: 'pause', resumeOn: '2026-06-01' }, '2026-06-01'],
    [
      'pause run its course (touched on the resume day) → cadence',
      touched('2026-06-01T02:00:00Z', { disposition: 'pause', resumeOn: '2026-06-01' }),
      '2026-06-21',
    ],
    ['dropped → off the agenda', touched('2026-03-01T02:00:00Z', { disposition: 'dropped' }), null],
    [
      'dropped even with an explicit date',
      touched('2026-03-01T02:00:00Z', { disposition: 'dropped', explicitNextOn: '2026-03-05' }),
      null,
    ],
  ])('%s', (_name, prospect, due) => {
    expect(nextDueOn(prospect, taipei)).toBe(due);
  });

  it('reads an edited policy', () => {
    const policy = { ...defaultIntervalPolicy(), A: { key: 10, normal: 25, small: 30 } };
    expect(nextDueOn(touched('2026-03-01T02:00:00Z'), { ...taipei, policy })).toBe('2026-03-26');
  });
});

describe('nextDueOn when a touch is logged', () => {
  it.each<[string, ClockProspect, ClockTouch, string | null]>([
    ['first touch starts the clock', fresh, { at: '2026-03-01T02:00:00Z' }, '2026-03-21'],
    ['explicit next date wins', fresh, { at: '2026-03-01T02:00:00Z', nextContactOn: '2026-04-01' }, '2026-04-01'],
    [
      'a touch resets the clock and clears the old explicit date',
      touched('2026-01-01T02:00:00Z', { explicitNextOn: '2026-02-01' }),
      { at: '2026-03-01T02:00:00Z' },
      '2026-03-21',
    ],
    [
      'a touch logged late does not move the clock back',
      touched('2026-03-01T02:00:00Z'),
      { at: '2026-02-20T02:00:00Z' },
      '2026-03-21',
    ],
    [
      'a touch logged late keeps the latest touch’s explicit date',
      touched('2026-03-01T02:00:00Z', { explicitNextOn: '2026-05-01' }),
      { at: '2026-02-20T02:00:00Z' },
      '2026-05-01',
    ],
    [
      'a touch logged late with its own explicit date sets it',
      touched('2026-03-01T02:00:00Z'),
      { at: '2026-02-20T02:00:00Z', nextContactOn: '2026-03-10' },
      '2026-03-10',
    ],
    [
      'paused: a touch before the resume date keeps the resume date',
      touched('2026-03-01T02:00:00Z', { disposition: 'pause', resumeOn: '2026-06-01' }),
      { at: '2026-04-10T02:00:00Z' },
      '2026-06-01',
    ],
    [
      'paused: an explicit date on a touch wins',
      touched('2026-03-01T02:00:00Z', { disposition: 'pause', resumeOn: '2026-06-01' }),
      { at: '2026-04-10T02:00:00Z', nextContactOn: '2026-04-20' },
      '2026-04-20',
    ],
    [
      'paused: a touch after the resume date returns to the cadence',
      touched('2026-03-01T02:00:00Z', { disposition: 'pause', resumeOn: '2026-06-01' }),
      { at: '2026-06-02T02:00:00Z' },
      '2026-06-22',
    ],
    ['keep: a touch pushes it 80 days on', { ...fresh, disposition: 'keep' }, { at: '2026-03-01T02:00:00Z' }, '2026-05-20'],
    ['dropped: a touch keeps it off the agenda', { ...fresh, disposition: 'dropped' }, { at: '2026-03-01T02:00:00Z' }, null],
  ])('%s', (_name, prospect, touch, due) => {
    expect(nextDueOn(prospect, taipei, touch)).toBe(due);
  });

  // The touch's calendar day is the user's: the same instant is a different day in Taipei and New York.
  it.each<[string, ClockContext, string]>([
    ['2026-03-08T15:59:59Z', taipei, '2026-03-28'], // 23:59:59 on 3/8 in Taipei
    ['2026-03-08T16:00:00Z', taipei, '2026-03-29'], // 00:00 on 3/9 in Taipei
    ['2026-03-08T04:59:59Z', newYork, '2026-03-27'], // 23:59:59 EST on 3/7
    ['2026-03-08T05:00:00Z', newYork, '2026-03-28'], // 00:00 EST on 3/8, the day clocks spring forward
    ['2026-11-02T04:59:59Z', newYork, '2026-11-21'], // 23:59:59 EST on 11/1, the day clocks fall back
    ['2026-11-02T05:00:00Z', newYork, '2026-11-22'],
  ])('a touch at %s counts from the local day', (at, context, due) => {
    expect(nextDueOn(fresh, context, { at })).toBe(due);
  });
});

describe('applyTouch', () => {
  it('returns the fields to store', () => {
    const prospect = touched('2026-01-01T02:00:00Z', { explicitNextOn: '2026-02-01' });
    expect(applyTouch(prospect, { at: '2026-03-01T02:00:00Z', nextContactOn: '2026-03-03' }, taipei)).toEqual({
      lastTouchAt: '2026-03-01T02:00:00Z',
      explicitNextOn: '2026-03-03',
      nextDueOn: '2026-03-03',
    });
    expect(applyTouch(prospect, { at: '2026-03-01T02:00:00Z' }, taipei)).toEqual({
      lastTouchAt: '2026-03-01T02:00:00Z',
      explicitNextOn: null,
      nextDueOn: '2026-03-21',
    });
  });
});

describe('applyDisposition', () => {
  const withPromise = touched('2026-03-01T02:00:00Z', { explicitNextOn: '2026-03-05' });
  it.each([
    [
      'pause sets the resume date, overriding a promised call',
      { disposition: 'pause', resumeOn: '2026-06-01' } as const,
      { disposition: 'pause', resumeOn: '2026-06-01', droppedReason: null, explicitNextOn: null, nextDueOn: '2026-06-01' },
    ],
    [
      'keep moves to the longest interval',
      { disposition: 'keep' } as const,
      { disposition: 'keep', resumeOn: null, droppedReason: null, explicitNextOn: null, nextDueOn: '2026-05-20' },
    ],
    [
      'dropped keeps the reason and leaves the agenda',
      { disposition: 'dropped', reason: '已購他牌' } as const,
      { disposition: 'dropped', resumeOn: null, droppedReason: '已購他牌', explicitNextOn: null, nextDueOn: null },
    ],
    [
      'continue returns to the cadence',
      { disposition: 'continue' } as const,
      { disposition: 'continue', resumeOn: null, droppedReason: null, explicitNextOn: null, nextDueOn: '2026-03-21' },
    ],
  ])('%s', (_name, change, expected) => {
    expect(applyDisposition(withPromise, change, taipei)).toEqual(expected);
  });

  it('resuming a paused prospect clears the resume date', () => {
    const paused = touched('2026-03-01T02:00:00Z', { disposition: 'pause', resumeOn: '2026-06-01' });
    expect(applyDisposition(paused, { disposition: 'continue' }, taipei)).toMatchObject({
      resumeOn: null,
      nextDueOn: '2026-03-21',
    });
  });
});

describe('touch kind', () => {
  it.each<[string, string, string[], 'first_contact' | 'revisit']>([
    ['no earlier touch by anyone', '2026-03-01T02:00:00Z', [], 'first_contact'],
    ['an earlier touch (maybe a colleague’s)', '2026-03-01T02:00:00Z', ['2026-02-01T02:00:00Z'], 'revisit'],
    ['only later touches (logged before, dated after)', '2026-03-01T02:00:00Z', ['2026-03-02T02:00:00Z'], 'first_contact'],
    ['a touch at the same instant', '2026-03-01T02:00:00Z', ['2026-03-01T02:00:00Z'], 'revisit'],
    ['the same instant in another offset', '2026-03-01T10:00:00+08:00', ['2026-03-01T02:00:00Z'], 'revisit'],
    ['one millisecond later is not earlier', '2026-03-01T02:00:00.000Z', ['2026-03-01T02:00:00.001Z'], 'first_contact'],
  ])('%s', (_name, at, others, kind) => {
    expect(touchKindOf(at, others)).toBe(kind);
  });

  it('classifies a history chronologically, whatever the order it was logged in', () => {
    expect(
      classifyTouches([{ at: '2026-03-05T00:00:00Z' }, { at: '2026-03-01T00:00:00Z' }, { at: '2026-03-09T00:00:00Z' }]),
    ).toEqual(['revisit', 'first_contact', 'revisit']);
    expect(classifyTouches([{ at: '2026-03-01T00:00:00Z' }, { at: '2026-03-01T08:00:00+08:00' }])).toEqual([
      'first_contact',
      'revisit',
    ]);
    expect(classifyTouches([])).toEqual([]);
  });
});
