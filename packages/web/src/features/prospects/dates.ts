/** Calendar-date helpers ('YYYY-MM-DD'), immune to daylight saving: a day is always one step. */
const DAY_MS = 86_400_000;

export function addDays(date: string, days: number): string {
  return new Date(Date.parse(`${date}T00:00:00Z`) + days * DAY_MS).toISOString().slice(0, 10);
}

export function daysBetween(from: string, to: string): number {
  return Math.round((Date.parse(`${to}T00:00:00Z`) - Date.parse(`${from}T00:00:00Z`)) / DAY_MS);
}

/** Today's calendar date in a time zone (the user's, else the device's). */
export function todayIn(timeZone: string | null | undefined): string {
  try {
    return new Intl.DateTimeFormat('en-CA', { timeZone: timeZone ?? undefined, year: 'numeric', month: '2-digit', day: '2-digit' }).format(new Date());
  } catch {
    return new Intl.DateTimeFormat('en-CA', { year: 'numeric', month: '2-digit', day: '2-digit' }).format(new Date());
  }
}

/** A calendar date for reading, with its weekday: "Mon, Mar 22" / "3月22日 週一". */
export function formatDay(date: string | null | undefined, locale: string): string {
  if (!date) return '';
  const d = new Date(`${date}T00:00:00Z`);
  if (Number.isNaN(d.getTime())) return date;
  return new Intl.DateTimeFormat(locale, { timeZone: 'UTC', year: 'numeric', month: 'short', day: 'numeric', weekday: 'short' }).format(d);
}

/** A calendar date without the year: "Dec 3" / "12月3日". */
export function formatShortDay(date: string | null | undefined, locale: string): string {
  if (!date) return '';
  const d = new Date(`${date}T00:00:00Z`);
  if (Number.isNaN(d.getTime())) return date;
  return new Intl.DateTimeFormat(locale, { timeZone: 'UTC', month: 'short', day: 'numeric' }).format(d);
}

/** The calendar date of an instant in a time zone (the user's, else the device's). */
export function localDate(instant: string, timeZone: string | null | undefined): string {
  const date = new Date(instant);
  if (Number.isNaN(date.getTime())) return instant.slice(0, 10);
  try {
    return new Intl.DateTimeFormat('en-CA', { timeZone: timeZone ?? undefined, year: 'numeric', month: '2-digit', day: '2-digit' }).format(date);
  } catch {
    return instant.slice(0, 10);
  }
}

/**
 * The one way a list or card writes a calendar date: "Sep 2" / "9月2日", with the year only when it is not this
 * year's ("Aug 13, 2025" / "2025年8月13日"). Pages that plan a day (Today, the next contact) add the weekday with
 * {@link formatDay}; nothing shows an ISO date.
 */
export function formatListDay(date: string | null | undefined, locale: string, today: string): string {
  if (!date) return '';
  const d = new Date(`${date}T00:00:00Z`);
  if (Number.isNaN(d.getTime())) return date;
  const sameYear = date.slice(0, 4) === today.slice(0, 4);
  return new Intl.DateTimeFormat(locale, { timeZone: 'UTC', month: 'short', day: 'numeric', ...(sameYear ? {} : { year: 'numeric' }) }).format(d);
}
