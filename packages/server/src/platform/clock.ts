import { readFileSync } from 'node:fs';

/** The one source of "now", injected so tests can move time forward instead of sleeping. */
export interface Clock {
  now(): Date;
}

export const systemClock: Clock = { now: () => new Date() };

/**
 * A clock that reads "now" from a file holding an ISO instant, for browser tests that move time
 * forward across weeks without sleeping. Only used when POND_CLOCK_FILE is set; an empty or missing
 * file falls back to the system time.
 */
export function fileClock(path: string): Clock {
  return {
    now() {
      try {
        const text = readFileSync(path, 'utf8').trim();
        const t = text ? new Date(text) : null;
        return t && !Number.isNaN(t.getTime()) ? t : new Date();
      } catch {
        return new Date();
      }
    },
  };
}

/** A clock tests can set and advance. */
export class ManualClock implements Clock {
  #now: number;
  constructor(start: Date | string) {
    this.#now = new Date(start).getTime();
  }
  now(): Date {
    return new Date(this.#now);
  }
  set(to: Date | string): void {
    this.#now = new Date(to).getTime();
  }
  advance(ms: number): void {
    this.#now += ms;
  }
}
