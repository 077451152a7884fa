const DAY_MS = 86_400_000;
/** Every bench user lives in UTC+8 (Asia/Taipei or Asia/Shanghai, neither has DST). */
const OFFSET_MS = 8 * 3_600_000;

const two = Array.from({ length: 60 }, (_, i) => String(i).padStart(2, '0'));

/**
 * Day arithmetic for the generator on local (UTC+8) day numbers, with cached formatting:
 * ten million `toISOString()` calls would cost more than the inserts they feed.
 */
export class Clock {
  /** Local day number of "today". */
  readonly today: number;
  /** The first day of the two-year history. */
  readonly minDay: number;
  private readonly dates = new Map<number, string>();

  constructor(today: string) {
    this.today = Math.round(Date.parse(`${today}T00:00:00Z`) / DAY_MS);
    this.minDay = this.today - 730;
  }

  /** The instant at `secondOfDay` local time on local day `day`. */
  instant(day: number, secondOfDay: number): number {
    return day * DAY_MS + secondOfDay * 1000 - OFFSET_MS;
  }

  /** The local day an instant falls on. */
  dayOf(ms: number): number {
    return Math.floor((ms + OFFSET_MS) / DAY_MS);
  }

  /** 'YYYY-MM-DD' of a day number (local days and UTC days share the numbering). */
  date(day: number): string {
    let s = this.dates.get(day);
    if (s === undefined) {
      s = new Date(day * DAY_MS).toISOString().slice(0, 10);
      this.dates.set(day, s);
    }
    return s;
  }

  /** The same string as `new Date(ms).toISOString()` for whole seconds. */
  iso(ms: number): string {
    const utcDay = Math.floor(ms / DAY_MS);
    let rest = Math.floor((ms - utcDay * DAY_MS) / 1000);
    const h = Math.floor(rest / 3600);
    rest -= h * 3600;
    const m = Math.floor(rest / 60);
    return `${this.date(utcDay)}T${two[h]}:${two[m]}:${two[rest - m * 60]}.000Z`;
  }
}
