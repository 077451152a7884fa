import { describe, expect, it } from 'vitest';
import {
  DEFAULT_COACHING_POLICY,
  describeReason,
  median,
  oneShotReasons,
  periodIn,
  periodProblem,
  presetRange,
  touchMeasures,
  weeklySeries,
  weeksOf,
  type CoachTouch,
} from './rules.js';

const TPE = 'Asia/Taipei';
let seq = 0;
/** A touch by `userId` of prospect `p` in `ownerId`'s book at a Taipei wall-clock time ("2026-11-03 23:59"). */
function touch(p: number, userId: number, local: string, extra: Partial<CoachTouch> = {}): CoachTouch {
  const [day, time] = local.split(' ') as [string, string];
  const at = new Date(`${day}T${time}:00+08:00`).toISOString();
  return { id: ++seq, prospectId: p, userId, ownerId: userId, onBehalf: false, at, localOn: day, dueOn: null, kind: 'revisit', outcome: 'pass', hasFeedback: false, ...extra };
}

const nov = periodIn('2026-11-02', '2026-11-08', TPE); // Monday to Sunday

describe('the period and its edges in the viewer calendar', () => {
  it.each([
    ['2026-11-01 23:59', false],
    ['2026-11-02 00:01', true],
    ['2026-11-08 23:59', true],
    ['2026-11-09 00:01', false],
  ])('a touch at %s (Taipei) is in the week: %s', (local, inside) => {
    const t = touch(1, 7, local, { kind: 'first_contact' });
    expect(touchMeasures([t], 7, nov, '2026-11-20').touches).toBe(inside ? 1 : 0);
  });

  it('the same instant falls on different days for viewers in different zones', () => {
    const t = touch(1, 7, '2026-11-02 07:30', { kind: 'first_contact' }); // 2026-11-01 23:30 UTC
    expect(touchMeasures([t], 7, periodIn('2026-11-02', '2026-11-08', 'UTC'), '2026-11-20').touches).toBe(0);
    expect(touchMeasures([t], 7, nov, '2026-11-20').touches).toBe(1);
  });

  it.each([
    ['this_week', '2026-11-04', { from: '2026-11-02', to: '2026-11-04' }],
    ['last_week', '2026-11-04', { from: '2026-10-26', to: '2026-11-01' }],
    ['last_4_weeks', '2026-11-04', { from: '2026-10-08', to: '2026-11-04' }],
    ['this_month', '2026-11-04', { from: '2026-11-01', to: '2026-11-04' }],
    ['last_month', '2026-01-15', { from: '2025-12-01', to: '2025-12-31' }],
    ['this_quarter', '2026-11-04', { from: '2026-10-01', to: '2026-11-04' }],
    ['last_quarter', '2026-02-10', { from: '2025-10-01', to: '2025-12-31' }],
    ['last_12_months', '2026-11-04', { from: '2025-12-01', to: '2026-11-04' }],
  ] as const)('preset %s as of %s', (preset, today, range) => {
    expect(presetRange(preset, today)).toEqual(range);
  });

  it('refuses a reversed or too long period', () => {
    expect(periodProblem('2026-11-08', '2026-11-02')).toBe('PERIOD_REVERSED');
    expect(periodProblem('2025-01-01', '2026-12-31')).toBe('PERIOD_TOO_LONG');
    expect(periodProblem('2026-11-02', '2026-11-02')).toBeNull();
  });

  it('cuts weeks at Monday and at the period ends', () => {
    const weeks = weeksOf(periodIn('2026-11-04', '2026-11-17', TPE), TPE);
    expect(weeks.map((w) => [w.from, w.to])).toEqual([
      ['2026-11-04', '2026-11-08'],
      ['2026-11-09', '2026-11-15'],
      ['2026-11-16', '2026-11-17'],
    ]);
  });
});

describe('the measures on hand-built histories', () => {
  it('counts first contacts, revisits and prospects touched once and never since', () => {
    const h = [
      touch(1, 7, '2026-11-02 09:00', { kind: 'first_contact' }),
      touch(2, 7, '2026-11-02 10:00', { kind: 'first_contact' }),
      touch(2, 7, '2026-11-05 10:00', { kind: 'revisit', hasFeedback: true, outcome: 'complete' }),
      // Prospect 3: met once in the week, then touched after the period: not "touched once" any more.
      touch(3, 7, '2026-11-03 10:00', { kind: 'first_contact' }),
      touch(3, 7, '2026-11-12 10:00'),
    ];
    const m = touchMeasures(h, 7, nov, '2026-11-20');
    expect(m).toMatchObject({ touches: 4, firstContacts: 3, revisits: 1, prospectsTouched: 3, touchedOnce: 1, withFeedback: 1 });
    expect(m.outcomes).toEqual({ complete: 1, pass: 3, success: 0, failure: 0 });
  });

  it('a colleague touching on the company behalf counts for the maker as made and for the owner as received', () => {
    const h = [touch(5, 8, '2026-11-04 15:00', { ownerId: 7, onBehalf: true })];
    expect(touchMeasures(h, 8, nov, '2026-11-20')).toMatchObject({ touches: 1, onBehalfMade: 1, onBehalfReceived: 0 });
    expect(touchMeasures(h, 7, nov, '2026-11-20')).toMatchObject({ touches: 0, onBehalfMade: 0, onBehalfReceived: 1 });
  });

  it('a prospect moved between owners mid-period: each follow-up belongs to the book it was set in', () => {
    const h = [
      touch(9, 7, '2026-11-02 09:00', { kind: 'first_contact', dueOn: '2026-11-04' }),
      // Moved to 8 on the 4th; 8 touches it on the 5th (inside 7's grace day) and sets the 7th, then misses it.
      touch(9, 8, '2026-11-05 09:00', { ownerId: 8, dueOn: '2026-11-07' }),
    ];
    expect(touchMeasures(h, 7, nov, '2026-11-20')).toMatchObject({ followUpsDue: 1, followUpsOnTime: 1, followUpsLate: 0, touches: 1 });
    expect(touchMeasures(h, 8, nov, '2026-11-20')).toMatchObject({ followUpsDue: 1, followUpsOnTime: 0, followUpsLate: 1, touches: 1 });
  });

  it.each([
    ['on the due day', '2026-11-04 18:00', 'onTime'],
    ['within the grace day, at 23:59', '2026-11-05 23:59', 'onTime'],
    ['two days after, at 00:01', '2026-11-06 00:01', 'late'],
  ])('a follow-up kept %s', (_label, local, expected) => {
    const h = [touch(4, 7, '2026-11-02 09:00', { kind: 'first_contact', dueOn: '2026-11-04' }), touch(4, 7, local)];
    const m = touchMeasures(h, 7, nov, '2026-11-20');
    expect(expected === 'onTime' ? m.followUpsOnTime : m.followUpsLate).toBe(1);
  });

  it('a follow-up still inside its grace day is neither kept nor late yet', () => {
    const h = [touch(4, 7, '2026-11-02 09:00', { kind: 'first_contact', dueOn: '2026-11-07' })];
    expect(touchMeasures(h, 7, nov, '2026-11-08')).toMatchObject({ followUpsDue: 1, followUpsOnTime: 0, followUpsLate: 0 });
    expect(touchMeasures(h, 7, nov, '2026-11-09')).toMatchObject({ followUpsLate: 1 });
  });

  it('after a merge the surviving prospect carries both histories: a single touch followed by the other is no longer single', () => {
    const a = touch(10, 7, '2026-11-02 09:00', { kind: 'first_contact' });
    const b = touch(11, 7, '2026-11-03 09:00', { kind: 'first_contact' });
    expect(touchMeasures([a, b], 7, nov, '2026-11-20').touchedOnce).toBe(2);
    const merged = [a, { ...b, prospectId: 10, kind: 'revisit' as const }];
    expect(touchMeasures(merged, 7, nov, '2026-11-20')).toMatchObject({ touchedOnce: 0, firstContacts: 1, revisits: 1 });
  });

  it('the weekly series adds up to the totals', () => {
    const period = periodIn('2026-11-02', '2026-11-15', TPE);
    const weeks = weeksOf(period, TPE);
    const h = [touch(1, 7, '2026-11-02 09:00', { kind: 'first_contact', dueOn: '2026-11-10' }), touch(1, 7, '2026-11-10 09:00'), touch(2, 7, '2026-11-15 23:59', { kind: 'first_contact' })];
    expect(weeklySeries(h, 7, period, weeks, '2026-11-20')).toEqual([
      { firstContacts: 1, revisits: 0, followUpsOnTime: 0, followUpsLate: 0 },
      { firstContacts: 1, revisits: 1, followUpsOnTime: 1, followUpsLate: 0 },
    ]);
  });
});

describe('the one-shot flag', () => {
  const p = DEFAULT_COACHING_POLICY;
  it.each([
    ['58 first contacts and 2 revisits', { firstContacts: 58, revisits: 2, touchedOnce: 51, book: 10, bookTouchedOnce: 0 }, ['few_revisits']],
    ['29 first contacts: under the minimum', { firstContacts: 29, revisits: 0, touchedOnce: 29, book: 10, bookTouchedOnce: 0 }, []],
    ['a 10% revisit rate: not under it', { firstContacts: 45, revisits: 5, touchedOnce: 0, book: 10, bookTouchedOnce: 0 }, []],
    ['61% of a book of 100 touched once', { firstContacts: 0, revisits: 0, touchedOnce: 0, book: 100, bookTouchedOnce: 61 }, ['book_touched_once']],
    ['60% of the book: not over', { firstContacts: 0, revisits: 0, touchedOnce: 0, book: 100, bookTouchedOnce: 60 }, []],
    ['a book of 19: too small to judge', { firstContacts: 0, revisits: 0, touchedOnce: 0, book: 19, bookTouchedOnce: 19 }, []],
  ])('%s', (_label, input, codes) => {
    expect(oneShotReasons(input, p).map((r) => r.code)).toEqual(codes);
  });

  it('says why in words and numbers, in each language', () => {
    const [r] = oneShotReasons({ firstContacts: 58, revisits: 2, touchedOnce: 51, book: 0, bookTouchedOnce: 0 }, p);
    expect(describeReason(r!, 'en')).toBe('58 first contacts, 2 revisits in 4 weeks: 3% revisit rate; 51 prospects touched once');
    expect(describeReason(r!, 'zh-Hant')).toBe('4 週內初次接觸 58 次、回訪 2 次：回訪率 3%；51 位客戶只接觸過一次');
    expect(describeReason(r!, 'zh-Hans')).toContain('回访率 3%');
  });

  it('the median of the team', () => {
    expect(median([3, 1, 2])).toBe(2);
    expect(median([4, 1, 2, 3])).toBe(2.5);
    expect(median([])).toBeNull();
  });
});
