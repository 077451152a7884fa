import { agendaWindow } from '@pond/domain';
import { hashPassword } from '../../packages/server/src/platform/secrets.js';
import { openDriver } from '../lib/driver.js';
import { databaseBytes, formatBytes, targetFor, type Engine } from '../lib/target.js';
import { loadPostgres } from './load-postgres.js';
import { loadSqlite } from './load-sqlite.js';
import type { LoadReport } from './report.js';
import { agendaShape, verifyClocks } from './verify.js';

export const BENCH_PASSWORD = 'bench-password-2026';
export const DEFAULT_SEED = 20261126;

export interface EnsureOptions {
  scale: number;
  seed: number;
  today: string;
  fresh: boolean;
  /** Fill Pond's search index (search_index, one document per prospect); on by default. */
  searchIndex?: boolean;
  log: (message: string) => void;
}

let passwordHash: Promise<string> | undefined;

/** Generates and loads the dataset for one engine unless a matching one is already there. */
export async function ensureDataset(engine: Engine, options: EnsureOptions): Promise<LoadReport & { bytes: number }> {
  const target = targetFor(engine, options.scale);
  passwordHash ??= hashPassword(BENCH_PASSWORD);
  const plan = { scale: options.scale, seed: options.seed, today: options.today, passwordHash: await passwordHash, searchIndex: options.searchIndex ?? true };
  const log = (m: string) => options.log(`[${engine}] ${m}`);
  if (options.fresh) {
    const { createPgDatabase, removeSqliteFiles } = await import('../lib/target.js');
    // Without its marker the dataset is generated again: an empty database, or no SQLite file.
    if (engine === 'sqlite') removeSqliteFiles(target.sqliteFile);
    else await createPgDatabase(target, true);
  }
  const report = engine === 'sqlite' ? await loadSqlite(target, plan, log) : await loadPostgres(target, plan, log);
  const bytes = await databaseBytes(target);
  if (!report.skipped) {
    const driver = openDriver(target, 2);
    try {
      const problems = await verifyClocks(driver, report.marker.counts.prospects);
      if (problems.length) throw new Error(`generated clocks disagree with the domain rules:\n${problems.slice(0, 5).join('\n')}`);
      log('clock check: 300 sampled prospects agree with the domain rules (touch_count, last_touch_at, next_due_on)');
      const shape = await agendaShape(driver, options.today, nextWeekEnd(options.today));
      log(`owned open prospects around ${options.today}: ${JSON.stringify(shape)}`);
    } finally {
      await driver.close();
    }
  }
  return { ...report, bytes };
}

/** Sunday of next week (weeks start on Monday), as packages/domain's agendaWindow has it. */
export function nextWeekEnd(today: string): string {
  return agendaWindow(today).nextWeekEnd;
}

/** Sunday of this week. */
export function thisWeekEnd(today: string): string {
  return agendaWindow(today).thisWeekEnd;
}

export function describeLoad(engine: Engine, report: LoadReport & { bytes: number }): string {
  const c = report.marker.counts;
  const total = c.users + c.teams + c.prospects + c.touches + c.contacts + c.tags + c.colleagues + c.history + (c.searchDocuments ?? 0);
  if (report.skipped) {
    return `${engine}: dataset scale ${report.marker.scale} seed ${report.marker.seed} (today ${report.marker.today}) already loaded ` +
      `(${c.prospects.toLocaleString('en')} prospects, ${c.touches.toLocaleString('en')} touches; loaded in ${report.marker.loadSeconds.toFixed(1)} s), ${formatBytes(report.bytes)} on disk`;
  }
  const rate = Math.round(total / report.insertSeconds);
  return [
    `${engine}: ${total.toLocaleString('en')} rows (${c.prospects.toLocaleString('en')} prospects, ${c.pool.toLocaleString('en')} in the pool, ` +
      `${c.touches.toLocaleString('en')} touches, ${c.contacts.toLocaleString('en')} contacts, ${c.tags.toLocaleString('en')} tags, ` +
      `${(c.searchDocuments ?? 0).toLocaleString('en')} search documents of ${(c.searchTokens ?? 0).toLocaleString('en')} tokens, ` +
      `${c.salespeople} salespeople in ${c.teams} teams)`,
    `  generate+insert ${report.insertSeconds.toFixed(1)} s = ${rate.toLocaleString('en')} rows/s; indexes+analyze ${report.indexSeconds.toFixed(1)} s; ` +
      `total ${report.marker.loadSeconds.toFixed(1)} s; ${formatBytes(report.bytes)} on disk`,
  ].join('\n');
}
