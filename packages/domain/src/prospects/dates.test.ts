import { describe, expect, it } from 'vitest';
import { CalendarDateSchema, InstantSchema, addDays, daysBetween, isCalendarDate, isoWeekday, localDateOf, minDate } from './dates.js';

describe('calendar dates', () => {
  it.each([
    ['2026-03-08', true],
    ['2028-02-29', true],
    ['2026-02-29', false],
    ['2026-13-01', false],
    ['2026-3-8', false],
    ['2026-03-08T00:00:00Z', false],
    ['', false],
  ])('%j is a calendar date: %s', (value, ok) => {
    expect(isCalendarDate(value)).toBe(ok);
    expect(CalendarDateSchema.safeParse(value).success).toBe(ok);
  });

  it.each([
    ['2026-03-08', 1, '2026-03-09'],
    ['2026-02-28', 1, '2026-03-01'],
    ['2026-12-31', 1, '2027-01-01'],
    ['2026-03-01', 80, '2026-05-20'],
    ['2026-03-01', -1, '2026-02-28'],
    ['2026-11-01', 0, '2026-11-01'],
  ])('%s + %i days = %s', (date, days, expected) => {
    expect(addDays(date, days)).toBe(expected);
    expect(daysBetween(date, expected)).toBe(days);
  });

  it.each([
    ['2026-03-08', 7], // Sunday: US clocks spring forward
    ['2026-03-09', 1],
    ['2026-11-01', 7], // Sunday: US clocks fall back
    ['2026-01-01', 4],
  ])('%s is ISO weekday %i', (date, weekday) => {
    expect(isoWeekday(date)).toBe(weekday);
  });

  it('picks the earlier date, treating null as absent', () => {
    expect(minDate('2026-03-09', '2026-03-08')).toBe('2026-03-08');
    expect(minDate(null, '2026-03-08')).toBe('2026-03-08');
    expect(minDate(null, null)).toBeNull();
  });

  it('throws on a malformed date rather than computing garbage', () => {
    expect(() => addDays('2026-02-30', 1)).toThrow(RangeError);
    expect(() => addDays('2026-0a-01', 1)).toThrow(RangeError);
    expect(() => daysBetween('2026-03-08', '2026/03/09')).toThrow(RangeError);
  });

  it("agrees with the platform's own calendar on every day from 1600 to 2400", () => {
    const DAY_MS = 86_400_000;
    const origin = '1970-01-01';
    const mismatches: string[] = [];
    for (let day = Math.round(Date.UTC(1600, 0, 1) / DAY_MS); day <= Date.UTC(2400, 11, 31) / DAY_MS; day++) {
      const expected = new Date(day * DAY_MS).toISOString().slice(0, 10);
      const utcDay = new Date(day * DAY_MS).getUTCDay();
      const date = addDays(origin, day);
      if (date !== expected || daysBetween(origin, expected) !== day || isoWeekday(expected) !== (utcDay === 0 ? 7 : utcDay) || !isCalendarDate(expected)) {
        mismatches.push(`${day}: ${date} for ${expected}`);
      }
    }
    expect(mismatches.slice(0, 5)).toEqual([]);
  });
});

describe('localDateOf', () => {
  it.each([
    ['2026-03-08T15:59:59Z', 'Asia/Taipei', '2026-03-08'],
    ['2026-03-08T16:00:00Z', 'Asia/Taipei', '2026-03-09'],
    ['2026-03-08T23:59:59+08:00', 'Asia/Shanghai', '2026-03-08'],
    ['2026-03-09T00:00:00+08:00', 'Asia/Shanghai', '2026-03-09'],
    ['2026-03-08T06:59:59Z', 'America/New_York', '2026-03-08'], // 01:59:59 EST
    ['2026-03-08T07:00:00Z', 'America/New_York', '2026-03-08'], // 03:00 EDT, same day
    ['2026-11-01T05:30:00Z', 'America/New_York', '2026-11-01'], // 01:30 EDT
    ['2026-11-01T06:30:00Z', 'America/New_York', '2026-11-01'], // 01:30 EST, the repeated hour
  ])('%s in %s is %s', (instant, timeZone, date) => {
    expect(localDateOf(instant, timeZone)).toBe(date);
  });

  it('agrees with the time zone database through a year, DST changes and quarter-hour offsets included', () => {
    const zones = ['Asia/Taipei', 'America/New_York', 'Europe/London', 'Asia/Kathmandu', 'Australia/Lord_Howe', 'Pacific/Chatham'];
    const mismatches: string[] = [];
    for (const timeZone of zones) {
      const reference = new Intl.DateTimeFormat('en-CA', { timeZone, year: 'numeric', month: '2-digit', day: '2-digit' });
      // Every 7 minutes 13 seconds, so consecutive instants often share a quarter hour and the cache answers.
      const instants: number[] = [];
      for (let ms = Date.UTC(2026, 0, 1); ms < Date.UTC(2027, 0, 1); ms += 433_000) instants.push(ms);
      for (const ms of instants) {
        const date = localDateOf(new Date(ms).toISOString(), timeZone);
        if (date !== reference.format(ms)) mismatches.push(`${new Date(ms).toISOString()} ${timeZone}: ${date}`);
      }
    }
    expect(mismatches.slice(0, 5)).toEqual([]);
  });

  it.each([
    ['Asia/Kathmandu', '2026-05-31T18:14:59Z', '2026-05-31T18:15:00Z', '2026-05-31T18:00:00Z'], // +05:45
    ['Pacific/Chatham', '2026-05-31T11:14:59Z', '2026-05-31T11:15:00Z', '2026-05-31T11:00:00Z'], // +12:45
    ['Asia/Taipei', '2026-05-31T15:59:59Z', '2026-05-31T16:00:00Z', '2026-05-31T15:45:00Z'],
  ])('in %s the day changes between %s and %s, whatever was asked before', (timeZone, before, after, earlier) => {
    localDateOf(earlier, timeZone);
    expect(localDateOf(before, timeZone)).toBe('2026-05-31');
    expect(localDateOf(after, timeZone)).toBe('2026-06-01');
  });

  it('throws on an unknown time zone or a bad instant', () => {
    expect(() => localDateOf('2026-03-08T00:00:00Z', 'Mars/Olympus')).toThrow(RangeError);
    expect(() => localDateOf('yesterday', 'Asia/Taipei')).toThrow(RangeError);
  });

  it('requires an offset on instants', () => {
    expect(InstantSchema.safeParse('2026-03-08T00:00:00Z').success).toBe(true);
    expect(InstantSchema.safeParse('2026-03-08T00:00:00+08:00').success).toBe(true);
    expect(InstantSchema.safeParse('2026-03-08T00:00:00').success).toBe(false);
  });
});
