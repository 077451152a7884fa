import { z } from 'zod';
import { isoWeekday, localDateOf, type CalendarDate } from '../prospects/dates.js';

/** ISO weekdays, 1 Monday … 7 Sunday, as a bit set: bit 0 is Monday. */
export const WEEKDAYS = [1, 2, 3, 4, 5, 6, 7] as const;
export const WORKING_DAYS_MASK = 0b0011111;

export function daysToMask(days: readonly number[]): number {
  return days.reduce((mask, d) => mask | (1 << (d - 1)), 0);
}

export function maskToDays(mask: number): number[] {
  return WEEKDAYS.filter((d) => (mask & (1 << (d - 1))) !== 0);
}

/** The morning mail as a user sets it. */
export const DigestSettingsInput = z.strictObject({
  enabled: z.boolean(),
  /** Local hour, 0–23, in the user's own time zone. */
  hour: z.number().int().min(0).max(23),
  /** ISO weekdays it is sent on; none is the same as off. */
  days: z.array(z.number().int().min(1).max(7)).max(7).refine((d) => new Set(d).size === d.length, 'Each day once'),
  /** Managers only: a second part with their team's overdue counts. */
  teamDigest: z.boolean().optional(),
});
export type DigestSettingsInput = z.infer<typeof DigestSettingsInput>;

export interface DigestState {
  enabled: boolean;
  hour: number;
  /** Bit set of weekdays (bit 0 Monday). */
  days: number;
  /** The local day the last morning mail was for, if any. */
  sentFor: CalendarDate | null;
}

const hourFormatters = new Map<string, Intl.DateTimeFormat>();

/** The hour (0–23) an instant falls in, in a time zone. */
export function localHourOf(instant: Date, timeZone: string): number {
  let f = hourFormatters.get(timeZone);
  if (!f) {
    f = new Intl.DateTimeFormat('en-US', { timeZone, hour: '2-digit', hourCycle: 'h23', numberingSystem: 'latn' });
    hourFormatters.set(timeZone, f);
  }
  return Number(f.format(instant)) % 24;
}

/**
 * The local day whose morning mail is due now, or null. Due once the user's hour has come on one of their days, for
 * that day only: a worker back at 11:00 still sends the 08:00 mail, one back after midnight does not send
 * yesterday's. A day at or before the last one mailed is never due again, so moving west across the date line, or a
 * clock set back, cannot bring a second mail.
 */
export function digestDueFor(now: Date, timeZone: string, s: DigestState): CalendarDate | null {
  if (!s.enabled) return null;
  const day = localDateOf(now, timeZone);
  if ((s.days & (1 << (isoWeekday(day) - 1))) === 0) return null;
  if (localHourOf(now, timeZone) < s.hour) return null;
  if (s.sentFor !== null && s.sentFor >= day) return null;
  return day;
}
