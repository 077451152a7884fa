import dayjs, { type Dayjs } from 'dayjs';

/** A wall-clock time as the form holds it: the fields a date and a time picker show, read in the event's zone. */
export interface WallTime {
  date: Dayjs;
  time: Dayjs;
}

/** How far ahead of UTC a zone's clocks are at an instant, in milliseconds. */
function offsetAt(instant: number, timeZone: string): number {
  const parts = new Intl.DateTimeFormat('en-US', {
    timeZone,
    hourCycle: 'h23',
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
    hour: '2-digit',
    minute: '2-digit',
    second: '2-digit',
  }).formatToParts(new Date(instant));
  const n = (type: string) => Number(parts.find((p) => p.type === type)?.value ?? 0);
  return Date.UTC(n('year'), n('month') - 1, n('day'), n('hour'), n('minute'), n('second')) - Math.floor(instant / 1000) * 1000;
}

/**
 * The instant at which clocks in `timeZone` show the picked date and time, as an ISO string (the offset is read
 * again at the result, so a date across a change of clocks gets the offset in force that day).
 */
export function instantOf(wall: WallTime, timeZone: string): string {
  const asUtc = Date.UTC(wall.date.year(), wall.date.month(), wall.date.date(), wall.time.hour(), wall.time.minute());
  const guess = asUtc - offsetAt(asUtc, timeZone);
  return new Date(asUtc - offsetAt(guess, timeZone)).toISOString();
}

/** The date and time the clocks in `timeZone` show at an instant, as picker values (the device's own zone holds them). */
export function wallTimeOf(iso: string, timeZone: string): WallTime {
  const instant = Date.parse(iso);
  const shifted = new Date(instant + offsetAt(instant, timeZone));
  const local = dayjs(new Date(shifted.getUTCFullYear(), shifted.getUTCMonth(), shifted.getUTCDate(), shifted.getUTCHours(), shifted.getUTCMinutes()));
  return { date: local.startOf('day'), time: local };
}

function safeFormat(options: Intl.DateTimeFormatOptions, locale: string, timeZone: string): Intl.DateTimeFormat {
  try {
    return new Intl.DateTimeFormat(locale, { ...options, timeZone });
  } catch {
    return new Intl.DateTimeFormat(locale, options);
  }
}

const DAY_AND_TIME: Intl.DateTimeFormatOptions = { year: 'numeric', month: 'short', day: 'numeric', weekday: 'short', hour: 'numeric', minute: '2-digit' };

/** "Sat, Oct 16, 2027, 2:00 – 5:00 PM" in the event's own zone; a range across days names both. */
export function formatEventTime(event: { startsAt: string; endsAt: string | null; timeZone: string }, locale: string): string {
  const format = safeFormat(DAY_AND_TIME, locale, event.timeZone);
  const start = new Date(event.startsAt);
  if (!event.endsAt) return format.format(start);
  const end = new Date(event.endsAt);
  return end.getTime() > start.getTime() ? format.formatRange(start, end) : format.format(start);
}

/** The day of an event in its own zone, for a short line: "Oct 16, 2027". */
export function formatEventDay(event: { startsAt: string; timeZone: string }, locale: string): string {
  return safeFormat({ year: 'numeric', month: 'short', day: 'numeric', weekday: 'short' }, locale, event.timeZone).format(new Date(event.startsAt));
}
