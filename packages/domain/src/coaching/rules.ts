import { z } from 'zod';
import { CalendarDateSchema, addDays, daysBetween, isoWeekday, startOfDayIn, type CalendarDate, type Instant } from '../prospects/dates.js';
import { OUTCOMES, type Outcome } from '../prospects/enums.js';

/**
 * Coaching (銷售人員PK): who nurtures their pond and who only fishes once. The measures are defined here, once, on a
 * history of touches; the server counts the same things in SQL, and a test compares the two on generated histories.
 * A period is a range of calendar days in the viewer's time zone; a touch belongs to it when its instant falls
 * between the first instant of its first day and the first instant of the day after its last.
 */

/** A real calendar day (2026-02-30 is refused). */
export const CalendarDateString = CalendarDateSchema;

/** The longest period a report covers: a year and a little, so "this year" and "the last 12 months" both fit. */
export const MAX_PERIOD_DAYS = 400;
/** A follow-up is kept when the prospect is touched on or before its due day, or the day after. */
export const GRACE_DAYS = 1;

export const PERIOD_PRESETS = ['this_week', 'last_week', 'last_4_weeks', 'this_month', 'last_month', 'this_quarter', 'last_quarter', 'last_12_months'] as const;
export const PeriodPreset = z.enum(PERIOD_PRESETS);
export type PeriodPreset = z.infer<typeof PeriodPreset>;

export interface CoachPeriod {
  from: CalendarDate;
  to: CalendarDate;
  /** The first instant of `from` and of the day after `to`, in the viewer's zone: touches at ≥ startsAt and < endsAt. */
  startsAt: Instant;
  endsAt: Instant;
}

function monthStart(date: CalendarDate): CalendarDate {
  return `${date.slice(0, 8)}01`;
}

function addMonths(date: CalendarDate, months: number): CalendarDate {
  const y = Number(date.slice(0, 4));
  const m = Number(date.slice(5, 7)) - 1 + months;
  const year = y + Math.floor(m / 12);
  const month = ((m % 12) + 12) % 12;
  return `${String(year).padStart(4, '0')}-${String(month + 1).padStart(2, '0')}-01`;
}

function quarterStart(date: CalendarDate): CalendarDate {
  const m = Number(date.slice(5, 7)) - 1;
  return `${date.slice(0, 4)}-${String(m - (m % 3) + 1).padStart(2, '0')}-01`;
}

/** The days a preset covers, as of `today`; "this" periods end today, "last" ones are whole. */
export function presetRange(preset: PeriodPreset, today: CalendarDate): { from: CalendarDate; to: CalendarDate } {
  const monday = addDays(today, 1 - isoWeekday(today));
  switch (preset) {
    case 'this_week':
      return { from: monday, to: today };
    case 'last_week':
      return { from: addDays(monday, -7), to: addDays(monday, -1) };
    case 'last_4_weeks':
      return { from: addDays(today, -27), to: today };
    case 'this_month':
      return { from: monthStart(today), to: today };
    case 'last_month':
      return { from: addMonths(monthStart(today), -1), to: addDays(monthStart(today), -1) };
    case 'this_quarter':
      return { from: quarterStart(today), to: today };
    case 'last_quarter':
      return { from: addMonths(quarterStart(today), -3), to: addDays(quarterStart(today), -1) };
    case 'last_12_months':
      return { from: addMonths(monthStart(today), -11), to: today };
  }
}

/** Why a period cannot be read; null when it can. */
export function periodProblem(from: CalendarDate, to: CalendarDate): 'PERIOD_REVERSED' | 'PERIOD_TOO_LONG' | null {
  if (daysBetween(from, to) < 0) return 'PERIOD_REVERSED';
  if (daysBetween(from, to) + 1 > MAX_PERIOD_DAYS) return 'PERIOD_TOO_LONG';
  return null;
}

export function periodIn(from: CalendarDate, to: CalendarDate, timeZone: string): CoachPeriod {
  return { from, to, startsAt: startOfDayIn(from, timeZone), endsAt: startOfDayIn(addDays(to, 1), timeZone) };
}

/** The weeks of a period (Monday to Sunday, the first and last cut to the period), for the charts and sparklines. */
export interface CoachWeek {
  from: CalendarDate;
  to: CalendarDate;
  startsAt: Instant;
}

export function weeksOf(period: CoachPeriod, timeZone: string): CoachWeek[] {
  const weeks: CoachWeek[] = [];
  let from = period.from;
  while (daysBetween(from, period.to) >= 0) {
    const sunday = addDays(from, 7 - isoWeekday(from));
    const to = daysBetween(sunday, period.to) < 0 ? period.to : sunday;
    weeks.push({ from, to, startsAt: from === period.from ? period.startsAt : startOfDayIn(from, timeZone) });
    from = addDays(to, 1);
  }
  return weeks;
}

/** The index of the week an instant or a day falls in; -1 outside the period. */
export function weekIndexOf(weeks: readonly CoachWeek[], at: Instant): number {
  for (let i = weeks.length - 1; i >= 0; i--) if (at >= weeks[i]!.startsAt) return i;
  return -1;
}

export function weekIndexOfDay(weeks: readonly CoachWeek[], day: CalendarDate): number {
  for (let i = weeks.length - 1; i >= 0; i--) if (day >= weeks[i]!.from) return day <= weeks[weeks.length - 1]!.to ? i : -1;
  return -1;
}

/** What the measures read of a touch. */
export interface CoachTouch {
  id: number;
  prospectId: number;
  userId: number;
  /** Whose book the prospect was in when it was touched (null: the pool). */
  ownerId: number | null;
  onBehalf: boolean;
  at: Instant;
  /** Its day in the owner's calendar, and the next contact it set. */
  localOn: CalendarDate;
  dueOn: CalendarDate | null;
  kind: 'first_contact' | 'revisit';
  outcome: Outcome;
  /** The prospect's own words were recorded. */
  hasFeedback: boolean;
}

export interface TouchMeasures {
  touches: number;
  firstContacts: number;
  revisits: number;
  prospectsTouched: number;
  /** First contacts in the period of prospects never touched again, by anyone, since. */
  touchedOnce: number;
  onBehalfMade: number;
  onBehalfReceived: number;
  outcomes: Record<Outcome, number>;
  withFeedback: number;
  /** Follow-ups due in the period in the member's book (as owner when the touch set them). */
  followUpsDue: number;
  followUpsOnTime: number;
  /** Due, not kept, and past the grace day as of today. */
  followUpsLate: number;
}

export const emptyTouchMeasures = (): TouchMeasures => ({
  touches: 0,
  firstContacts: 0,
  revisits: 0,
  prospectsTouched: 0,
  touchedOnce: 0,
  onBehalfMade: 0,
  onBehalfReceived: 0,
  outcomes: Object.fromEntries(OUTCOMES.map((o) => [o, 0])) as Record<Outcome, number>,
  withFeedback: 0,
  followUpsDue: 0,
  followUpsOnTime: 0,
  followUpsLate: 0,
});

const inPeriod = (t: { at: Instant }, p: CoachPeriod) => t.at >= p.startsAt && t.at < p.endsAt;

/**
 * A follow-up set by `t` was kept: the prospect's next touch (the first after it, by anyone) fell on or before its
 * due day plus the grace, in the calendar of the book it was in. A follow-up is answered by the touch that comes
 * next, not by one long after a missed date.
 */
export function followUpKept(t: CoachTouch, history: readonly CoachTouch[]): boolean {
  if (t.dueOn === null) return false;
  let next: CoachTouch | null = null;
  for (const n of history) {
    if (n.prospectId !== t.prospectId || n.at < t.at || (n.at === t.at && n.id <= t.id)) continue;
    if (!next || n.at < next.at || (n.at === next.at && n.id < next.id)) next = n;
  }
  return next !== null && next.localOn <= addDays(t.dueOn, GRACE_DAYS);
}

/**
 * Which of a member's measures a touch counts in. The definition every count, chart and drill-down follows; the
 * SQL in the coaching repository is its twin.
 */
export function touchCountsIn(t: CoachTouch, userId: number, period: CoachPeriod, today: CalendarDate, history: readonly CoachTouch[]): Set<TouchMeasureKey> {
  const keys = new Set<TouchMeasureKey>();
  if (t.userId === userId && inPeriod(t, period)) {
    keys.add('touches');
    keys.add(t.kind === 'first_contact' ? 'firstContacts' : 'revisits');
    if (t.kind === 'first_contact' && !history.some((o) => o.prospectId === t.prospectId && o.id !== t.id)) keys.add('touchedOnce');
    if (t.onBehalf) keys.add('onBehalfMade');
    keys.add(`outcome.${t.outcome}`);
    if (t.hasFeedback) keys.add('withFeedback');
  }
  if (t.ownerId === userId && t.userId !== userId && inPeriod(t, period)) keys.add('onBehalfReceived');
  if (t.ownerId === userId && t.dueOn !== null && t.dueOn >= period.from && t.dueOn <= period.to) {
    keys.add('followUpsDue');
    if (followUpKept(t, history)) keys.add('followUpsOnTime');
    else if (addDays(t.dueOn, GRACE_DAYS) < today) keys.add('followUpsLate');
  }
  return keys;
}

export const TOUCH_MEASURE_KEYS = [
  'touches',
  'firstContacts',
  'revisits',
  'touchedOnce',
  'onBehalfMade',
  'onBehalfReceived',
  'withFeedback',
  'followUpsDue',
  'followUpsOnTime',
  'followUpsLate',
  ...OUTCOMES.map((o) => `outcome.${o}` as const),
] as const;
export type TouchMeasureKey = (typeof TOUCH_MEASURE_KEYS)[number];

/** A member's touch measures over a period, from the whole history (the reference the SQL is tested against). */
export function touchMeasures(history: readonly CoachTouch[], userId: number, period: CoachPeriod, today: CalendarDate): TouchMeasures {
  const m = emptyTouchMeasures();
  const prospects = new Set<number>();
  for (const t of history) {
    const keys = touchCountsIn(t, userId, period, today, history);
    if (keys.has('touches')) prospects.add(t.prospectId);
    for (const k of keys) {
      if (k.startsWith('outcome.')) m.outcomes[k.slice(8) as Outcome]++;
      else (m as unknown as Record<string, number>)[k]!++;
    }
  }
  m.prospectsTouched = prospects.size;
  return m;
}

/** Each week's first contacts, revisits and kept and late follow-ups (the charts' series). */
export interface WeekPoint {
  firstContacts: number;
  revisits: number;
  followUpsOnTime: number;
  followUpsLate: number;
}

export function weeklySeries(history: readonly CoachTouch[], userId: number, period: CoachPeriod, weeks: readonly CoachWeek[], today: CalendarDate): WeekPoint[] {
  const out = weeks.map(() => ({ firstContacts: 0, revisits: 0, followUpsOnTime: 0, followUpsLate: 0 }));
  for (const t of history) {
    const keys = touchCountsIn(t, userId, period, today, history);
    if (keys.has('touches')) {
      const w = weekIndexOf(weeks, t.at);
      if (keys.has('firstContacts')) out[w]!.firstContacts++;
      else out[w]!.revisits++;
    }
    if (keys.has('followUpsOnTime') || keys.has('followUpsLate')) {
      const w = weekIndexOfDay(weeks, t.dueOn!);
      if (keys.has('followUpsOnTime')) out[w]!.followUpsOnTime++;
      else out[w]!.followUpsLate++;
    }
  }
  return out;
}

/** A share as a whole percent, or null when there is nothing to divide (absent, not zero). */
export function percent(part: number, whole: number): number | null {
  return whole > 0 ? Math.round((part / whole) * 100) : null;
}

export const revisitRate = (m: Pick<TouchMeasures, 'revisits' | 'touches'>) => percent(m.revisits, m.touches);
export const onTimeRate = (m: Pick<TouchMeasures, 'followUpsOnTime' | 'followUpsLate'>) => percent(m.followUpsOnTime, m.followUpsOnTime + m.followUpsLate);

/** The middle value (the mean of the two middle ones for an even count), for a salesperson's anonymous comparison. */
export function median(values: readonly number[]): number | null {
  if (values.length === 0) return null;
  const s = [...values].sort((a, b) => a - b);
  const mid = Math.floor(s.length / 2);
  return s.length % 2 ? s[mid]! : Math.round(((s[mid - 1]! + s[mid]!) / 2) * 10) / 10;
}

/** The one-shot pattern (只開發不回訪): the admin's thresholds. */
export const CoachingPolicySchema = z.strictObject({
  /** The window the flag looks back over, ending on the report's last day. */
  windowDays: z.number().int().min(7).max(180),
  /** Flag when at least this many first contacts in the window… */
  minFirstContacts: z.number().int().min(1).max(10_000),
  /** …and fewer revisits than this share of all touches. */
  maxRevisitPercent: z.number().int().min(0).max(100),
  /** Or flag when more than this share of the book was touched once and never since… */
  maxBookOncePercent: z.number().int().min(1).max(100),
  /** …in a book of at least this many prospects. */
  minBook: z.number().int().min(1).max(1_000_000),
});
export type CoachingPolicy = z.infer<typeof CoachingPolicySchema>;

export const DEFAULT_COACHING_POLICY: Readonly<CoachingPolicy> = Object.freeze({
  windowDays: 28,
  minFirstContacts: 30,
  maxRevisitPercent: 10,
  maxBookOncePercent: 60,
  minBook: 20,
});

export type FlagReason =
  | { code: 'few_revisits'; days: number; firstContacts: number; revisits: number; revisitPercent: number; touchedOnce: number }
  | { code: 'book_touched_once'; book: number; touchedOnce: number; percent: number };

/** What the flag reads: the window's touch counts and the book as it stands. */
export interface FlagInput {
  firstContacts: number;
  revisits: number;
  touchedOnce: number;
  book: number;
  bookTouchedOnce: number;
}

/** Why a member is flagged for fishing once; empty when they are not. */
export function oneShotReasons(w: FlagInput, policy: CoachingPolicy): FlagReason[] {
  const reasons: FlagReason[] = [];
  const touches = w.firstContacts + w.revisits;
  const rate = touches > 0 ? (w.revisits / touches) * 100 : 0;
  if (w.firstContacts >= policy.minFirstContacts && rate < policy.maxRevisitPercent) {
    reasons.push({ code: 'few_revisits', days: policy.windowDays, firstContacts: w.firstContacts, revisits: w.revisits, revisitPercent: Math.round(rate), touchedOnce: w.touchedOnce });
  }
  if (w.book >= policy.minBook && (w.bookTouchedOnce / w.book) * 100 > policy.maxBookOncePercent) {
    reasons.push({ code: 'book_touched_once', book: w.book, touchedOnce: w.bookTouchedOnce, percent: Math.round((w.bookTouchedOnce / w.book) * 100) });
  }
  return reasons;
}

type Lang = 'zh-Hant' | 'zh-Hans' | 'en';

/** A flag's reason in words and numbers, in the reader's language (the page, the digest and the CSV say the same). */
export function describeReason(r: FlagReason, locale: Lang): string {
  const weeks = r.code === 'few_revisits' && r.days % 7 === 0 ? r.days / 7 : null;
  if (r.code === 'few_revisits') {
    if (locale === 'en') {
      const span = weeks ? `${weeks} weeks` : `${r.days} days`;
      return `${r.firstContacts} first contacts, ${r.revisits} revisits in ${span}: ${r.revisitPercent}% revisit rate; ${r.touchedOnce} prospects touched once`;
    }
    const span = weeks ? (locale === 'zh-Hant' ? `${weeks} 週` : `${weeks} 周`) : `${r.days} 天`;
    return locale === 'zh-Hant'
      ? `${span}內初次接觸 ${r.firstContacts} 次、回訪 ${r.revisits} 次：回訪率 ${r.revisitPercent}%；${r.touchedOnce} 位客戶只接觸過一次`
      : `${span}内初次接触 ${r.firstContacts} 次、回访 ${r.revisits} 次：回访率 ${r.revisitPercent}%；${r.touchedOnce} 位客户只接触过一次`;
  }
  if (locale === 'en') return `${r.touchedOnce} of ${r.book} prospects in the book (${r.percent}%) were touched once and never since`;
  return locale === 'zh-Hant'
    ? `名下 ${r.book} 位客戶中有 ${r.touchedOnce} 位（${r.percent}%）只接觸過一次，之後再無聯繫`
    : `名下 ${r.book} 位客户中有 ${r.touchedOnce} 位（${r.percent}%）只接触过一次，之后再无联系`;
}
