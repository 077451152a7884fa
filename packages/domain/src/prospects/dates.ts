import { z } from 'zod';

const DAY_MS = 86_400_000;
const DATE_PATTERN = /^(\d{4})-(\d{2})-(\d{2})$/;

/** A calendar date as 'YYYY-MM-DD', with no time zone: what a salesperson means by "on the 3rd". */
export type CalendarDate = string;
/** A moment in time as an ISO 8601 string with an offset, e.g. 2026-03-08T04:59:59Z. */
export type Instant = string;

/** True when the string is a real Gregorian date in 'YYYY-MM-DD' form (2026-02-29 is not). */
export function isCalendarDate(value: string): boolean {
  const m = DATE_PATTERN.exec(value);
  if (!m) return false;
  const [y, mo, d] = [Number(m[1]), Number(m[2]), Number(m[3])];
  const t = new Date(Date.UTC(y, mo - 1, d));
  return t.getUTCFullYear() === y && t.getUTCMonth() === mo - 1 && t.getUTCDate() === d;
}

/** Zod schema for a 'YYYY-MM-DD' calendar date. */
export const CalendarDateSchema = z.string().refine(isCalendarDate, 'Expected a date as YYYY-MM-DD');

/** Zod schema for an ISO 8601 instant; the offset is required so the moment is unambiguous. */
export const InstantSchema = z.iso.datetime({ offset: true });

// Day numbers since the epoch make date arithmetic immune to DST: a calendar day is always one step.
function toDayNumber(date: CalendarDate): number {
  if (!isCalendarDate(date)) throw new RangeError(`Not a calendar date: ${date}`);
  return Math.round(Date.parse(`${date}T00:00:00Z`) / DAY_MS);
}

function fromDayNumber(day: number): CalendarDate {
  return new Date(day * DAY_MS).toISOString().slice(0, 10);
}

/** The date `days` calendar days after `date` (negative goes back). */
export function addDays(date: CalendarDate, days: number): CalendarDate {
  return fromDayNumber(toDayNumber(date) + days);
}

/** Whole calendar days from `from` to `to`; positive when `to` is later. */
export function daysBetween(from: CalendarDate, to: CalendarDate): number {
  return toDayNumber(to) - toDayNumber(from);
}

/** Day of the week, ISO numbering: Monday 1 … Sunday 7. */
export function isoWeekday(date: CalendarDate): number {
  const utcDay = new Date(toDayNumber(date) * DAY_MS).getUTCDay();
  return utcDay === 0 ? 7 : utcDay;
}

/** The earlier of two dates; null counts as absent. */
export function minDate(a: CalendarDate | null, b: CalendarDate | null): CalendarDate | null {
  if (a === null) return b;
  if (b === null) return a;
  return a <= b ? a : b;
}

/** Milliseconds since the epoch; throws on a string that is not a valid instant. */
export function instantMs(instant: Instant | Date): number {
  const ms = instant instanceof Date ? instant.getTime() : Date.parse(instant);
  if (Number.isNaN(ms)) throw new RangeError(`Not an instant: ${String(instant)}`);
  return ms;
}

const formatters = new Map<string, Intl.DateTimeFormat>();

function formatterFor(timeZone: string): Intl.DateTimeFormat {
  let f = formatters.get(timeZone);
  if (!f) {
    // Fixed calendar and digits so the parts are always Gregorian ASCII, whatever the runtime's default locale.
    f = new Intl.DateTimeFormat('en-US', {
      timeZone,
      calendar: 'gregory',
      numberingSystem: 'latn',
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
    });
    formatters.set(timeZone, f);
  }
  return f;
}

/**
 * The calendar date an instant falls on in an IANA time zone, e.g. 2026-03-08T16:00:00Z is
 * 2026-03-09 in Asia/Taipei. Throws RangeError on an unknown time zone or an invalid instant.
 */
export function localDateOf(instant: Instant | Date, timeZone: string): CalendarDate {
  const parts = formatterFor(timeZone).formatToParts(new Date(instantMs(instant)));
  const get = (type: Intl.DateTimeFormatPartTypes) => parts.find((p) => p.type === type)?.value ?? '';
  return `${get('year').padStart(4, '0')}-${get('month')}-${get('day')}`;
}
