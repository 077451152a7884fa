/** The browser's own IANA time zone, e.g. Asia/Taipei. */
export function browserTimeZone(): string {
  return Intl.DateTimeFormat().resolvedOptions().timeZone || 'UTC';
}

let cached: string[] | undefined;

/** Every zone the browser knows, with the browser's own always present. */
export function timeZones(): string[] {
  if (!cached) {
    const known = typeof Intl.supportedValuesOf === 'function' ? Intl.supportedValuesOf('timeZone') : [];
    cached = [...new Set([...known, browserTimeZone(), 'UTC'])].sort();
  }
  return cached;
}

/** A date and time in the user's zone and language. */
export function formatDateTime(
  iso: string | null | undefined,
  locale: string,
  timeZone?: string | null,
  dateStyle: 'short' | 'medium' = 'medium',
): string {
  if (!iso) return '';
  const date = new Date(iso);
  if (Number.isNaN(date.getTime())) return iso;
  try {
    return new Intl.DateTimeFormat(locale, { dateStyle, timeStyle: 'short', timeZone: timeZone ?? undefined }).format(date);
  } catch {
    // A zone saved by an older browser may be unknown to this one; fall back to the device's.
    return new Intl.DateTimeFormat(locale, { dateStyle, timeStyle: 'short' }).format(date);
  }
}
