import { addDays, daysBetween, isoWeekday, localDateOf } from './dates.js';
import type { CalendarDate, Instant } from './dates.js';
import type { AgendaBucket, Grade, Importance } from './enums.js';
import { effectiveIntervalDays } from './interval-policy.js';
import type { IntervalPolicy, IntervalSubject } from './interval-policy.js';

/** "Today" for a user: the calendar date of `now` in their IANA time zone. */
export function todayIn(now: Instant | Date, timeZone: string): CalendarDate {
  return localDateOf(now, timeZone);
}

/** The Monday on or before `date`: weeks start on Monday (ISO 8601), as work weeks do in CN and TW. */
export function weekStartOf(date: CalendarDate): CalendarDate {
  return addDays(date, 1 - isoWeekday(date));
}

/** The date ranges the agenda buckets use; all ends are inclusive. */
export interface AgendaWindow {
  today: CalendarDate;
  thisWeekStart: CalendarDate;
  /** Sunday of this week. */
  thisWeekEnd: CalendarDate;
  nextWeekStart: CalendarDate;
  nextWeekEnd: CalendarDate;
}

/** The week boundaries around `today`. */
export function agendaWindow(today: CalendarDate): AgendaWindow {
  const thisWeekStart = weekStartOf(today);
  return {
    today,
    thisWeekStart,
    thisWeekEnd: addDays(thisWeekStart, 6),
    nextWeekStart: addDays(thisWeekStart, 7),
    nextWeekEnd: addDays(thisWeekStart, 13),
  };
}

let lastWindow: Readonly<AgendaWindow> | null = null;
/** {@link agendaWindow}, remembered for the last date asked: an agenda places all its rows on one day. */
function windowOf(today: CalendarDate): Readonly<AgendaWindow> {
  if (lastWindow?.today !== today) lastWindow = Object.freeze(agendaWindow(today));
  return lastWindow;
}

/** One prospect as the agenda sees it. */
export interface AgendaRow extends IntervalSubject {
  nextDueOn: CalendarDate | null;
  resumeOn: CalendarDate | null;
  lastTouchAt: Instant | null;
  /** Touches by anyone; newsletters are not touches. */
  touchCount: number;
}

/**
 * The agenda section a prospect belongs to on `today`, or null when it is not on the agenda now.
 * First match wins:
 * - dropped → null;
 * - due before today → overdue; due today → today; due after today up to Sunday → this_week;
 *   due Monday to Sunday of next week → next_week;
 * - touched_once: exactly one touch by anyone, nobody followed it up, and no due date in the dated
 *   sections above (due later, or no date), unless paused with the resume date still ahead;
 *   a deliberate pause is not neglect;
 * - no_next_date: no due date at all (typically never touched);
 * - otherwise (due after next week, touched more than once) → null.
 */
export function agendaBucketOf(row: AgendaRow, today: CalendarDate): AgendaBucket | null {
  if (row.disposition === 'dropped') return null;
  const w = windowOf(today);
  const due = row.nextDueOn;
  if (due !== null) {
    if (due < today) return 'overdue';
    if (due === today) return 'today';
    if (due <= w.thisWeekEnd) return 'this_week';
    if (due <= w.nextWeekEnd) return 'next_week';
  }
  const pausedAhead = row.disposition === 'pause' && row.resumeOn !== null && row.resumeOn > today;
  if (row.touchCount === 1 && !pausedAhead) return 'touched_once';
  if (due === null) return 'no_next_date';
  return null;
}

const GRADE_RANK: Readonly<Record<Grade, number>> = { A: 0, B: 1, C: 2, unrated: 3 };
const IMPORTANCE_RANK: Readonly<Record<Importance, number>> = { key: 0, normal: 1, small: 2 };

/**
 * Agenda order: grade (A, B, C, unrated), then importance (key, normal, small), then due date with the
 * earliest first and rows without a date last. Use with Array.prototype.sort, which is stable.
 */
export function compareAgendaRows(
  a: Pick<AgendaRow, 'grade' | 'importance' | 'nextDueOn'>,
  b: Pick<AgendaRow, 'grade' | 'importance' | 'nextDueOn'>,
): number {
  const byGrade = GRADE_RANK[a.grade] - GRADE_RANK[b.grade];
  if (byGrade) return byGrade;
  const byImportance = IMPORTANCE_RANK[a.importance] - IMPORTANCE_RANK[b.importance];
  if (byImportance) return byImportance;
  if (a.nextDueOn === b.nextDueOn) return 0;
  if (a.nextDueOn === null) return 1;
  if (b.nextDueOn === null) return -1;
  return a.nextDueOn < b.nextDueOn ? -1 : 1;
}

/** Where the interval came from, so the UI can say "custom" or "keep". */
export type IntervalSource = 'override' | 'keep' | 'policy';

/** Why a prospect is where it is on the agenda, for the UI to render without re-deriving rules. */
export interface AgendaReason {
  bucket: AgendaBucket | null;
  nextDueOn: CalendarDate | null;
  /** Negative when overdue: -3 means three days late. */
  daysUntilDue: number | null;
  /** The latest touch's calendar date in the user's time zone. */
  lastTouchOn: CalendarDate | null;
  daysSinceLastTouch: number | null;
  intervalDays: number;
  intervalSource: IntervalSource;
  touchCount: number;
  /** Only while paused. */
  resumeOn: CalendarDate | null;
}

/** Context for {@link reasonFor}: the user's today and time zone, and the interval policy. */
export interface ReasonContext {
  today: CalendarDate;
  timeZone: string;
  policy: IntervalPolicy;
}

/** The structured "why it is here" for one agenda row. */
export function reasonFor(row: AgendaRow, context: ReasonContext): AgendaReason {
  const lastTouchOn = row.lastTouchAt === null ? null : localDateOf(row.lastTouchAt, context.timeZone);
  const intervalSource: IntervalSource =
    row.intervalDays !== null ? 'override' : row.disposition === 'keep' ? 'keep' : 'policy';
  return {
    bucket: agendaBucketOf(row, context.today),
    nextDueOn: row.nextDueOn,
    daysUntilDue: row.nextDueOn === null ? null : daysBetween(context.today, row.nextDueOn),
    lastTouchOn,
    daysSinceLastTouch: lastTouchOn === null ? null : daysBetween(lastTouchOn, context.today),
    intervalDays: effectiveIntervalDays(row, context.policy),
    intervalSource,
    touchCount: row.touchCount,
    resumeOn: row.disposition === 'pause' ? row.resumeOn : null,
  };
}
