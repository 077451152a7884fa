import { describe, expect, it } from 'vitest';
import { DigestSettingsInput, WORKING_DAYS_MASK, daysToMask, digestDueFor, localHourOf, maskToDays } from './rules.js';
import { digestHasContent, renderDigest, type DigestInput } from './digest.js';

const on = { enabled: true, hour: 8, days: WORKING_DAYS_MASK, sentFor: null };

describe('digestDueFor', () => {
  it.each([
    // [instant, zone, state, due day]
    ['2026-12-02T23:59:00Z', 'Asia/Taipei', on, null], // 07:59 in Taipei, Thursday: not yet
    ['2026-12-03T00:00:00Z', 'Asia/Taipei', on, '2026-12-03'],
    ['2026-12-03T03:00:00Z', 'Asia/Taipei', on, '2026-12-03'], // a worker back at 11:00 still sends it
    ['2026-12-03T15:59:00Z', 'Asia/Taipei', on, '2026-12-03'], // 23:59
    ['2026-12-03T16:00:00Z', 'Asia/Taipei', on, null], // midnight: Friday's 08:00 has not come
    ['2026-12-05T03:00:00Z', 'Asia/Taipei', on, null], // Saturday
    ['2026-12-05T03:00:00Z', 'Asia/Taipei', { ...on, days: daysToMask([6]) }, '2026-12-05'],
    ['2026-12-03T03:00:00Z', 'Asia/Taipei', { ...on, enabled: false }, null],
    ['2026-12-03T03:00:00Z', 'Asia/Taipei', { ...on, sentFor: '2026-12-03' }, null],
    ['2026-12-03T03:00:00Z', 'Asia/Taipei', { ...on, sentFor: '2026-12-02' }, '2026-12-03'],
    // Sent for Taipei's Thursday, then the user moves to Los Angeles, where it is still Wednesday 19:00: no second mail.
    ['2026-12-03T03:00:00Z', 'America/Los_Angeles', { ...on, sentFor: '2026-12-03' }, null],
    // Daylight saving: 08:00 in New York is 13:00 UTC before 8 March 2026 and 12:00 UTC after.
    ['2026-03-06T12:59:00Z', 'America/New_York', on, null],
    ['2026-03-06T13:00:00Z', 'America/New_York', on, '2026-03-06'],
    ['2026-03-09T11:59:00Z', 'America/New_York', on, null],
    ['2026-03-09T12:00:00Z', 'America/New_York', on, '2026-03-09'],
    ['2026-03-09T12:00:00Z', 'Asia/Kathmandu', { ...on, hour: 17 }, '2026-03-09'], // 17:45 in Kathmandu
  ])('%s in %s', (at, zone, state, expected) => {
    expect(digestDueFor(new Date(at), zone, state)).toBe(expected);
  });
});

describe('days and hours', () => {
  it('turns weekdays into a bit set and back', () => {
    expect(daysToMask([1, 2, 3, 4, 5])).toBe(WORKING_DAYS_MASK);
    expect(maskToDays(daysToMask([7, 1]))).toEqual([1, 7]);
  });
  it('reads the local hour', () => {
    expect(localHourOf(new Date('2026-12-02T16:30:00Z'), 'Asia/Taipei')).toBe(0);
    expect(localHourOf(new Date('2026-12-02T15:30:00Z'), 'Asia/Taipei')).toBe(23);
  });
  it('refuses an hour out of range and a day twice', () => {
    expect(DigestSettingsInput.safeParse({ enabled: true, hour: 24, days: [1] }).success).toBe(false);
    expect(DigestSettingsInput.safeParse({ enabled: true, hour: 8, days: [1, 1] }).success).toBe(false);
    expect(DigestSettingsInput.safeParse({ enabled: true, hour: 8, days: [0] }).success).toBe(false);
  });
});

describe('renderDigest', () => {
  const input: DigestInput = {
    locale: 'zh-Hant',
    displayName: '林小薇',
    today: '2026-12-03',
    overdue: { count: 3, rows: [{ name: '王大明', company: '大明<汽車>', daysOverdue: 4, nextDueOn: '2026-11-29', daysSinceLastTouch: 24, said: '在比較三款轎車', openUrl: 'https://pond.test/prospects/1', touchUrl: 'https://pond.test/prospects/1?touch=1' }] },
    dueToday: { count: 0, rows: [] },
    leaving: { count: 1, rows: [{ name: '陳志明', company: null, recallOn: '2026-12-06', daysLeft: 3, openUrl: 'https://pond.test/prospects/2' }] },
    team: null,
    links: { today: 'https://pond.test/', account: 'https://pond.test/account', unsubscribe: 'https://pond.test/api/v1/reminders/unsubscribe?t=x' },
  };
  it('says what is due, why, what they said, and where to act, in the user’s language', () => {
    const m = renderDigest(input);
    expect(m.subject).toBe('今日待辦：逾期 3 位，即將回收公海 1 位');
    expect(m.text).toContain('逾期 4 天');
    expect(m.text).toContain('「在比較三款轎車」');
    expect(m.text).toContain('還有 2 位');
    expect(m.text).toContain('https://pond.test/prospects/1?touch=1');
    expect(m.html).toContain('大明&lt;汽車&gt;');
    expect(m.html).not.toContain('<汽車>');
    expect(renderDigest({ ...input, locale: 'en' }).subject).toBe('Today: 3 overdue, 1 leaving for the pool');
  });
  it('has nothing to say when nothing is due', () => {
    const empty = { overdue: { count: 0, rows: [] }, dueToday: { count: 0, rows: [] }, leaving: { count: 0, rows: [] } };
    expect(digestHasContent({ ...empty, team: null })).toBe(false);
    expect(digestHasContent({ ...empty, team: [{ name: 'A', overdue: 0 }] })).toBe(false);
    expect(digestHasContent({ ...empty, team: [{ name: 'A', overdue: 2 }] })).toBe(true);
  });
});
