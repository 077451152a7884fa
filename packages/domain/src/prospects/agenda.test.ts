import { describe, expect, it } from 'vitest';
import { agendaBucketOf, agendaWindow, compareAgendaRows, reasonFor, todayIn, weekStartOf } from './agenda.js';
import type { AgendaRow } from './agenda.js';
import type { AgendaBucket } from './enums.js';
import { DEFAULT_INTERVAL_POLICY } from './interval-policy.js';

describe('todayIn', () => {
  it.each([
    // Taipei and Shanghai: UTC+8 all year; local midnight is 16:00Z.
    ['2026-03-08T15:59:59Z', 'Asia/Taipei', '2026-03-08'],
    ['2026-03-08T16:00:00Z', 'Asia/Taipei', '2026-03-09'],
    ['2026-03-08T15:59:59Z', 'Asia/Shanghai', '2026-03-08'],
    ['2026-03-08T16:00:00Z', 'Asia/Shanghai', '2026-03-09'],
    ['2026-10-31T15:59:59.999Z', 'Asia/Shanghai', '2026-10-31'],
    ['2026-10-31T16:00:00Z', 'Asia/Shanghai', '2026-11-01'],
    // New York, spring forward on Sunday 2026-03-08: midnight is 05:00Z before, 04:00Z after.
    ['2026-03-08T04:59:59Z', 'America/New_York', '2026-03-07'],
    ['2026-03-08T05:00:00Z', 'America/New_York', '2026-03-08'],
    ['2026-03-09T03:59:59Z', 'America/New_York', '2026-03-08'],
    ['2026-03-09T04:00:00Z', 'America/New_York', '2026-03-09'],
    // Fall back on Sunday 2026-11-01: midnight is 04:00Z before, 05:00Z after.
    ['2026-11-01T03:59:59Z', 'America/New_York', '2026-10-31'],
    ['2026-11-01T04:00:00Z', 'America/New_York', '2026-11-01'],
    ['2026-11-02T04:59:59Z', 'America/New_York', '2026-11-01'],
    ['2026-11-02T05:00:00Z', 'America/New_York', '2026-11-02'],
  ])('%s in %s is %s', (now, timeZone, today) => {
    expect(todayIn(now, timeZone)).toBe(today);
    expect(todayIn(new Date(now), timeZone)).toBe(today);
  });
});

describe('weeks start on Monday', () => {
  it.each([
    ['2026-03-08', '2026-03-02'], // Sunday belongs to the week before
    ['2026-03-09', '2026-03-09'],
    ['2026-03-11', '2026-03-09'],
    ['2026-01-01', '2025-12-29'], // across a year end
  ])('the week of %s starts %s', (date, monday) => {
    expect(weekStartOf(date)).toBe(monday);
  });

  it('gives this week and next week, ends inclusive', () => {
    expect(agendaWindow('2026-03-08')).toEqual({
      today: '2026-03-08',
      thisWeekStart: '2026-03-02',
      thisWeekEnd: '2026-03-08',
      nextWeekStart: '2026-03-09',
      nextWeekEnd: '2026-03-15',
    });
  });
});

const row = (over: Partial<AgendaRow> = {}): AgendaRow => ({
  grade: 'B',
  importance: 'normal',
  disposition: 'continue',
  intervalDays: null,
  resumeOn: null,
  nextDueOn: null,
  lastTouchAt: '2026-02-01T02:00:00Z',
  touchCount: 2,
  ...over,
});

describe('agendaBucketOf (today Wednesday 2026-03-04)', () => {
  const today = '2026-03-04';
  it.each<[string, Partial<AgendaRow>, AgendaBucket | null]>([
    ['due yesterday', { nextDueOn: '2026-03-03' }, 'overdue'],
    ['due long ago', { nextDueOn: '2025-12-01' }, 'overdue'],
    ['due today', { nextDueOn: '2026-03-04' }, 'today'],
    ['due tomorrow', { nextDueOn: '2026-03-05' }, 'this_week'],
    ['due Sunday', { nextDueOn: '2026-03-08' }, 'this_week'],
    ['due next Monday', { nextDueOn: '2026-03-09' }, 'next_week'],
    ['due next Sunday', { nextDueOn: '2026-03-15' }, 'next_week'],
    ['due later, touched twice', { nextDueOn: '2026-03-16' }, null],
    ['due later, touched once', { nextDueOn: '2026-03-16', touchCount: 1 }, 'touched_once'],
    ['due this week, touched once (the date wins)', { nextDueOn: '2026-03-05', touchCount: 1 }, 'this_week'],
    ['overdue, touched once (the date wins)', { nextDueOn: '2026-03-01', touchCount: 1 }, 'overdue'],
    ['no date, touched once', { touchCount: 1 }, 'touched_once'],
    ['no date, never touched', { touchCount: 0, lastTouchAt: null }, 'no_next_date'],
    ['no date, touched twice', {}, 'no_next_date'],
    ['dropped and overdue', { disposition: 'dropped', nextDueOn: '2026-03-01' }, null],
    ['dropped and touched once', { disposition: 'dropped', touchCount: 1 }, null],
    ['keep and overdue', { disposition: 'keep', nextDueOn: '2026-03-01' }, 'overdue'],
    ['paused ahead, touched once', { disposition: 'pause', resumeOn: '2026-05-01', nextDueOn: '2026-05-01', touchCount: 1 }, null],
    ['pause resumes today', { disposition: 'pause', resumeOn: '2026-03-04', nextDueOn: '2026-03-04', touchCount: 1 }, 'today'],
  ])('%s → %s', (_name, over, bucket) => {
    expect(agendaBucketOf(row(over), today)).toBe(bucket);
  });
});

describe('buckets around local midnight', () => {
  it.each<[string, string, string, AgendaBucket]>([
    ['Asia/Taipei', '2026-03-08T15:59:59Z', '2026-03-08', 'today'],
    ['Asia/Taipei', '2026-03-08T16:00:00Z', '2026-03-08', 'overdue'],
    ['Asia/Shanghai', '2026-03-08T15:59:59Z', '2026-03-09', 'next_week'], // Sunday night: Monday is next week
    ['Asia/Shanghai', '2026-03-08T16:00:00Z', '2026-03-09', 'today'],
    ['America/New_York', '2026-03-08T04:59:59Z', '2026-03-08', 'this_week'], // Saturday 23:59:59 EST
    ['America/New_York', '2026-03-08T05:00:00Z', '2026-03-08', 'today'],
    ['America/New_York', '2026-03-09T03:59:59Z', '2026-03-08', 'today'], // Sunday 23:59:59 EDT
    ['America/New_York', '2026-03-09T04:00:00Z', '2026-03-08', 'overdue'],
    ['America/New_York', '2026-03-09T03:59:59Z', '2026-03-12', 'next_week'],
    ['America/New_York', '2026-03-09T04:00:00Z', '2026-03-12', 'this_week'],
    ['America/New_York', '2026-11-02T04:59:59Z', '2026-11-01', 'today'], // Sunday 23:59:59 EST
    ['America/New_York', '2026-11-02T05:00:00Z', '2026-11-01', 'overdue'],
    ['America/New_York', '2026-11-01T03:59:59Z', '2026-11-01', 'this_week'], // Saturday 23:59:59 EDT
  ])('%s at %s, due %s → %s', (timeZone, now, due, bucket) => {
    expect(agendaBucketOf(row({ nextDueOn: due }), todayIn(now, timeZone))).toBe(bucket);
  });
});

describe('compareAgendaRows', () => {
  it('sorts by grade, then importance, then due date with undated rows last', () => {
    const rows = [
      { id: 'unrated-key', grade: 'unrated', importance: 'key', nextDueOn: '2026-01-01' },
      { id: 'B-normal-none', grade: 'B', importance: 'normal', nextDueOn: null },
      { id: 'B-normal-late', grade: 'B', importance: 'normal', nextDueOn: '2026-03-09' },
      { id: 'A-small', grade: 'A', importance: 'small', nextDueOn: '2026-01-01' },
      { id: 'C-key', grade: 'C', importance: 'key', nextDueOn: '2026-01-01' },
      { id: 'B-key', grade: 'B', importance: 'key', nextDueOn: '2026-04-01' },
      { id: 'B-normal-early', grade: 'B', importance: 'normal', nextDueOn: '2026-03-02' },
      { id: 'A-key', grade: 'A', importance: 'key', nextDueOn: '2026-05-01' },
      { id: 'B-small', grade: 'B', importance: 'small', nextDueOn: '2026-01-01' },
    ] as const;
    expect([...rows].sort(compareAgendaRows).map((r) => r.id)).toEqual([
      'A-key',
      'A-small',
      'B-key',
      'B-normal-early',
      'B-normal-late',
      'B-normal-none',
      'B-small',
      'C-key',
      'unrated-key',
    ]);
  });

  it('treats equal rows as equal', () => {
    expect(compareAgendaRows(row({ nextDueOn: '2026-03-01' }), row({ nextDueOn: '2026-03-01' }))).toBe(0);
    expect(compareAgendaRows(row(), row())).toBe(0);
  });
});

describe('reasonFor', () => {
  const taipei = { today: '2026-03-20', timeZone: 'Asia/Taipei', policy: DEFAULT_INTERVAL_POLICY };
  it('explains an overdue row', () => {
    // Touched 2026-02-01 (Taipei), B normal → 40 days → due 2026-03-13, a week late on 3/20.
    expect(reasonFor(row({ nextDueOn: '2026-03-13' }), taipei)).toEqual({
      bucket: 'overdue',
      nextDueOn: '2026-03-13',
      daysUntilDue: -7,
      lastTouchOn: '2026-02-01',
      daysSinceLastTouch: 47,
      intervalDays: 40,
      intervalSource: 'policy',
      touchCount: 2,
      resumeOn: null,
    });
  });

  it.each([
    ['an override', row({ intervalDays: 10, nextDueOn: '2026-03-25' }), 10, 'override', 5],
    ['keep', row({ disposition: 'keep', nextDueOn: '2026-04-22' }), 80, 'keep', 33],
  ] as const)('names %s as the interval source', (_name, r, days, source, until) => {
    expect(reasonFor(r, taipei)).toMatchObject({ intervalDays: days, intervalSource: source, daysUntilDue: until });
  });

  it('explains a paused, never-touched row', () => {
    const paused = row({ disposition: 'pause', resumeOn: '2026-03-21', nextDueOn: '2026-03-21', touchCount: 0, lastTouchAt: null });
    expect(reasonFor(paused, taipei)).toMatchObject({
      bucket: 'this_week',
      lastTouchOn: null,
      daysSinceLastTouch: null,
      resumeOn: '2026-03-21',
      daysUntilDue: 1,
    });
  });

  it('counts days since the last touch in the user’s calendar, across the DST change', () => {
    // 22:30 EST on Saturday 3/7, the night before clocks spring forward; by Monday 3/9 that is 2 calendar days.
    const r = reasonFor(row({ lastTouchAt: '2026-03-08T03:30:00Z', nextDueOn: '2026-04-16' }), {
      today: '2026-03-09',
      timeZone: 'America/New_York',
      policy: DEFAULT_INTERVAL_POLICY,
    });
    expect(r).toMatchObject({ lastTouchOn: '2026-03-07', daysSinceLastTouch: 2, daysUntilDue: 38, bucket: null });
  });
});
