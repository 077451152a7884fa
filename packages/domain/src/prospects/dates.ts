import { z } from 'zod';

/** A calendar date as 'YYYY-MM-DD', with no time zone: what a salesperson means by "on the 3rd". */
export type CalendarDate = string;
/** A moment in time as an ISO 8601 string with an offset, e.g. 2026-03-08T04:59:59Z. */
export type Instant = string;

/** True when the string is a real Gregorian date in 'YYYY-MM-DD' form (2026-02-29 is not). */
export function isCalendarDate(value: string): boolean {
  return partsOf(value) !== null;
}

const isLeap = (y: number) => (y % 4 === 0 && y % 100 !== 0) || y % 400 === 0;
const MONTH_DAYS = [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];

/** The number in `value` from `from` up to `to`, or -1 when a character there is not a digit. */
function digitsAt(value: string, from: number, to: number): number {
  let n = 0;
  for (let i = from; i < to; i++) {
    const c = value.charCodeAt(i) - 48;
    if (c < 0 || c > 9) return -1;
    n = n * 10 + c;
  }
  return n;
}

/** Year, month and day of a valid 'YYYY-MM-DD', else null. Read digit by digit: the agenda calls this per row. */
function partsOf(value: string): [number, number, number] | null {
  if (value.length !== 10 || value.charCodeAt(4) !== 45 || value.charCodeAt(7) !== 45) return null;
  const y = digitsAt(value, 0, 4);
  const m = digitsAt(value, 5, 7);
  const d = digitsAt(value, 8, 10);
  if (y < 0 || m < 1 || m > 12 || d < 1) return null;
  const last = m === 2 && isLeap(y) ? 29 : MONTH_DAYS[m - 1]!;
  return d <= last ? [y, m, d] : null;
}

/** Zod schema for a 'YYYY-MM-DD' calendar date. */
export const CalendarDateSchema = z.string().refine(isCalendarDate, 'Expected a date as YYYY-MM-DD');

/** Zod schema for an ISO 8601 instant; the offset is required so the moment is unambiguous. */
export const InstantSchema = z.iso.datetime({ offset: true });

// Day numbers since the epoch make date arithmetic immune to DST: a calendar day is always one step.
// The conversions are the proleptic Gregorian civil-date formulas, in integers (no Date, no string parsing).
function toDayNumber(date: CalendarDate): number {
  const parts = partsOf(date);
  if (!parts) throw new RangeError(`Not a calendar date: ${date}`);
  const [d, m] = [parts[2], parts[1]];
  const y = m <= 2 ? parts[0] - 1 : parts[0];
  const era = Math.floor(y / 400);
  const yearOfEra = y - era * 400;
  const dayOfYear = Math.floor((153 * (m > 2 ? m - 3 : m + 9) + 2) / 5) + d - 1;
  const dayOfEra = yearOfEra * 365 + Math.floor(yearOfEra / 4) - Math.floor(yearOfEra / 100) + dayOfYear;
  return era * 146_097 + dayOfEra - 719_468;
}

const two = (n: number) => (n < 10 ? `0${n}` : String(n));

function fromDayNumber(day: number): CalendarDate {
  const z = day + 719_468;
  const era = Math.floor(z / 146_097);
  const dayOfEra = z - era * 146_097;
  const yearOfEra = Math.floor((dayOfEra - Math.floor(dayOfEra / 1460) + Math.floor(dayOfEra / 36_524) - Math.floor(dayOfEra / 146_096)) / 365);
  const dayOfYear = dayOfEra - (365 * yearOfEra + Math.floor(yearOfEra / 4) - Math.floor(yearOfEra / 100));
  const mp = Math.floor((5 * dayOfYear + 2) / 153);
  const d = dayOfYear - Math.floor((153 * mp + 2) / 5) + 1;
  const m = mp < 10 ? mp + 3 : mp - 9;
  const y = yearOfEra + era * 400 + (m <= 2 ? 1 : 0);
  return `${String(y).padStart(4, '0')}-${two(m)}-${two(d)}`;
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
  // Day 0, 1970-01-01, was a Thursday (4).
  const weekday = (((toDayNumber(date) + 3) % 7) + 7) % 7;
  return weekday + 1;
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
  const ms = instantMs(instant);
  // Since 1980 every zone's offset is a whole number of quarter hours and changes on a quarter hour, so
  // local midnight falls on one too: all instants of a UTC quarter hour share their local date.
  const key = ms >= SINCE_QUARTER_HOURS ? `${timeZone} ${Math.floor(ms / QUARTER_HOUR)}` : null;
  const known = key === null ? undefined : localDates.get(key);
  if (known !== undefined) return known;
  // en-US with these options formats as MM/DD/YYYY, cheaper to take apart than formatToParts' objects.
  const [month, day, year] = formatterFor(timeZone).format(ms).split('/');
  const date = `${year!.padStart(4, '0')}-${month}-${day}`;
  if (key !== null) {
    if (localDates.size >= 50_000) localDates.clear();
    localDates.set(key, date);
  }
  return date;
}

const QUARTER_HOUR = 900_000;
const SINCE_QUARTER_HOURS = Date.UTC(1980, 0, 1);
/** Local dates by time zone and UTC quarter hour: an agenda asks for one per row, mostly of few days. */
const localDates = new Map<string, CalendarDate>();

/**
 * The first instant of a calendar date in a time zone (its local midnight, or the first moment after a gap at
 * midnight), so "touched before that day" can be asked of stored instants: `at < startOfDayIn(date, zone)`.
 */
export function startOfDayIn(date: CalendarDate, timeZone: string): Instant {
  const parts = partsOf(date);
  if (!parts) throw new RangeError(`Not a calendar date: ${date}`);
  const utcMidnight = Date.UTC(parts[0], parts[1] - 1, parts[2]);
  // Offsets lie within ±14 h and are whole quarter hours, so local midnight (or the end of a gap at midnight) falls on
  // a UTC quarter hour of that span: the first one already on the date.
  let at = utcMidnight - 14 * 3_600_000;
  while (localDateOf(new Date(at), timeZone) < date) at += QUARTER_HOUR;
  return new Date(at).toISOString();
}
