import type { Driver } from './driver.js';
import { summarise, type Summary } from './stats.js';

/**
 * Runs `op` on the bare driver in-process for `seconds` after a warm-up: `workers` loops in parallel
 * (1 for SQLite, whose calls are synchronous anyway; a few for PostgreSQL, one connection each).
 */
export async function sqlLoad(driver: Driver, workers: number, warmup: number, seconds: number, op: () => Promise<unknown>): Promise<Summary & { errors: number }> {
  let errors = 0;
  const loop = async (until: number, samples: number[] | null) => {
    while (performance.now() < until) {
      const started = performance.now();
      try {
        await op();
      } catch {
        errors++;
      }
      samples?.push(performance.now() - started);
    }
  };
  const n = driver.dialect === 'sqlite' ? 1 : workers;
  const warmEnd = performance.now() + warmup * 1000;
  await Promise.all(Array.from({ length: n }, () => loop(warmEnd, null)));
  errors = 0;
  const samples: number[] = [];
  const started = performance.now();
  await Promise.all(Array.from({ length: n }, () => loop(started + seconds * 1000, samples)));
  return { ...summarise(samples, (performance.now() - started) / 1000), errors };
}
