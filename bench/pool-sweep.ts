import { execFileSync, spawn } from 'node:child_process';
import { copyFileSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { createInterface } from 'node:readline';
import { join } from 'node:path';
import { migrateToLatest } from '@pond/db';
import { sql } from 'kysely';
import { DEFAULT_POOL_POLICY, recallCuts, todayIn } from '@pond/domain';
import { createServices, loadConfig, openDatabase, systemClock } from '@pond/server';
import { PoolRepository } from '../packages/server/src/modules/pool/pool.repository.js';
import { numberFlag, parseArgs, stringFlag, todayUtc8 } from './lib/args.js';
import { BENCH_PASSWORD, DEFAULT_SEED, ensureDataset } from './dataset/ensure.js';
import { startPond } from './lib/children.js';
import { openDriver } from './lib/driver.js';
import { loadTest, type LoadRequest } from './lib/http-load.js';
import { rateTest } from './lib/rate-load.js';
import { benchUsers, logIn, pondHeaders } from './lib/sessions.js';
import { targetFor, withAdmin, type Engine, type Target } from './lib/target.js';

/**
 * npm run bench:pool -- --engine sqlite|postgres|both --scale S [--due-share 0.02] [--runs 3] [--skip-search-index] [--under-load]
 * The daily recall (pool.sweep) over a copy of the bench dataset with a given share of the owned prospects due:
 * how long the whole sweep takes, against the bare SQL pass that finds the same rows (the baseline, same run).
 * The dataset itself is never changed: each run sweeps a fresh copy (a file copy, or a PostgreSQL template).
 *
 * --under-load: then, on one more copy served by a Pond web process, Today (GET /api/v1/today) for the bench's
 * salespeople at a fixed rate of 60% of what Pond sustains for it (measured first, closed loop, same copy): its
 * latency without the sweep, while a second process (the worker) runs it, and without it again. The p99 during it
 * over the better quiet one is what the sweep costs the people using Pond meanwhile.
 */
const flags = parseArgs(process.argv.slice(2));
const scale = numberFlag(flags, 'scale', 0.1);
const dueShare = numberFlag(flags, 'due-share', 0.02);
const runs = numberFlag(flags, 'runs', 3);
const engineFlag = stringFlag(flags, 'engine', 'both');
const engines: Engine[] = engineFlag === 'both' ? ['sqlite', 'postgres'] : [engineFlag as Engine];
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
const log = (m: string) => console.log(`${new Date().toISOString().slice(11, 19)} ${m}`);
const every = Math.max(1, Math.round(1 / dueShare));
const underLoad = flags.get('under-load') === true;
const loadRows: string[] = [];

/**
 * A copy of the dataset for one run, aged for the recall: every owned prospect was taken yesterday, except one in
 * `every`, untouched and taken 400 days ago; the pool's rule recalls after 300 days.
 */
async function agedCopy(engine: Engine, target: Target, name: string) {
  const dir = mkdtempSync(join(tmpdir(), 'pond-pool-bench-'));
  const copy = `pond_pool_bench_${process.pid}_${name}`;
  if (engine === 'sqlite') copyFileSync(target.sqliteFile, join(dir, 'pond.db'));
  else await withAdmin(target, async (c) => c.query(`create database ${copy} template ${target.pgDatabase}`));
  const url = new URL(target.pgUrl);
  url.pathname = `/${copy}`;
  const env = { POND_DATA_DIR: dir, POND_BASE_URL: 'http://127.0.0.1', ...(engine === 'postgres' && { DATABASE_URL: url.toString() }), POND_DEFAULT_TIME_ZONE: 'Asia/Taipei' };
  const config = loadConfig(env);
  const database = openDatabase(config);
  const now = new Date();
  const policy = { ...DEFAULT_POOL_POLICY, recallDays: { A: 300, B: 300, C: 300, unrated: 300 } };
  try {
    await migrateToLatest(database);
    const db = database.db;
    const yesterday = new Date(now.getTime() - 86_400_000).toISOString();
    const longAgo = new Date(now.getTime() - 400 * 86_400_000).toISOString();
    await db.updateTable('prospects').set({ owned_since: yesterday, last_touch_at: yesterday }).where('owner_id', 'is not', null).where('disposition', 'in', ['continue', 'pause']).execute();
    await db
      .updateTable('prospects')
      .set({ owned_since: longAgo, last_touch_at: longAgo, resume_on: null })
      .where('owner_id', 'is not', null)
      .where(sql<boolean>`id % ${sql.lit(every)} = 0`)
      .execute();
    await db.insertInto('settings').values({ key: 'pool_policy', value_json: JSON.stringify(policy), version: 1, updated_at: now.toISOString(), updated_by_id: null }).execute();
    // The ageing rewrote every owned row: the runs start from a settled database, as a day's book would be, not
    // from a WAL of a million rows (SQLite) or the dead rows of the update (PostgreSQL), and with the copy on disk.
    if (engine === 'sqlite') {
      await sql`pragma wal_checkpoint(truncate)`.execute(db);
      execFileSync('sync');
    } else {
      await sql`vacuum analyze prospects`.execute(db);
      await sql`checkpoint`.execute(db);
    }
  } catch (err) {
    await database.close();
    throw err;
  }
  const drop = async () => {
    await database.close().catch(() => {});
    rmSync(dir, { recursive: true, force: true });
    if (engine === 'postgres') await withAdmin(target, async (c) => c.query(`drop database if exists ${copy}`));
  };
  return { dir, env, config, database, policy, now, drop, served: { ...target, dataDir: dir, sqliteFile: join(dir, 'pond.db'), pgUrl: url.toString() } };
}

/** The worker's sweep in a child process: resolves once it is ready, and `run` starts it and resolves with its report. */
async function sweepProcess(env: Record<string, string>): Promise<{ run: () => Promise<{ moved: number; ms: number }> }> {
  const child = spawn(process.execPath, ['--import', 'tsx', 'bench/lib/sweep-child.ts'], { env: { ...process.env, ...env, DATABASE_URL: env.DATABASE_URL ?? '' }, stdio: ['pipe', 'pipe', 'inherit'] });
  const lines = createInterface({ input: child.stdout })[Symbol.asyncIterator]();
  const line = async (): Promise<string> => {
    const next = await lines.next();
    if (next.done) throw new Error(`the sweep process exited with ${child.exitCode}`);
    return next.value;
  };
  if ((await line()) !== 'ready') throw new Error('the sweep process did not start');
  return {
    run: async () => {
      child.stdin.write('go\n');
      return JSON.parse(await line()) as { moved: number; ms: number };
    },
  };
}

/** Today at 60% of what Pond sustains, without the sweep and while a worker process runs it. */
async function sweepUnderLoad(engine: Engine, target: Target): Promise<void> {
  const aged = await agedCopy(engine, target, 'load');
  await aged.database.close();
  const pond = await startPond(aged.served);
  const driver = openDriver(aged.served, 2);
  try {
    const users = await benchUsers(driver, 50);
    await logIn(pond.port, users, BENCH_PASSWORD);
    let i = 0;
    const next = (): LoadRequest => {
      const user = users[i++ % users.length]!;
      const request = { method: 'GET' as const, path: '/api/v1/today' };
      return { ...request, headers: pondHeaders(pond.port, user, request) };
    };
    const saturated = await loadTest(pond.port, 10, 3, 10, next);
    const rate = Math.max(1, Math.round(saturated.opsPerSecond * 0.6));
    const quiet = await rateTest(pond.port, 10, rate, 2, 20, next);
    const sweeper = await sweepProcess(aged.env);
    // The sweep starts with the run's warm-up; the measured window is the sweep's own length, known from the runs above.
    const seconds = Math.max(5, Math.round(lastSweepMs / 1000));
    const [during, report] = await Promise.all([rateTest(pond.port, 10, rate, 1, seconds, next), sweeper.run()]);
    // A second quiet window after it: on a shared machine one window's tail can be the machine's, not Pond's.
    const after = await rateTest(pond.port, 10, rate, 2, 20, next);
    const bad = [quiet, during, after].find((r) => r.errors > 0);
    if (bad) throw new Error(`Today answered ${bad.errors} errors at ${rate}/s: ${JSON.stringify(bad.statuses)} ${bad.socketErrors.join('; ')}`);
    // Against the better of the two quiet windows: what the sweep costs at most.
    const ratio = during.p99 / Math.min(quiet.p99, after.p99);
    const ms = (r: { p50: number; p99: number }) => `${r.p50.toFixed(1)} / ${r.p99.toFixed(1)} ms`;
    log(
      `[${engine}] Today saturated ${saturated.opsPerSecond.toFixed(0)} ops/s; at ${rate}/s p50 / p99 ${ms(quiet)} before the sweep, ${ms(during)} while it ran (${report.moved} recalled in ${(report.ms / 1000).toFixed(1)} s), ${ms(after)} after`,
    );
    loadRows.push(
      `| ${engine} | ${scale} | ${saturated.opsPerSecond.toFixed(0)} ops/s | ${rate}/s | ${ms(quiet)}; ${ms(after)} | ${ms(during)} | ${ratio.toFixed(2)} | ${report.moved.toLocaleString('en')} in ${(report.ms / 1000).toFixed(1)} s |`,
    );
  } finally {
    await driver.close();
    await pond.stop();
    await aged.drop();
  }
}
let lastSweepMs = 0;

for (const engine of engines) {
  await ensureDataset(engine, { scale, seed: DEFAULT_SEED, today: todayUtc8(), fresh: false, searchIndex: flags.get('skip-search-index') !== true, log });
  const target = targetFor(engine, scale);
  const sweeps: number[] = [];
  const scans: number[] = [];
  let moved = 0;
  let owned = 0;
  for (let run = 0; run < runs; run++) {
    const aged = await agedCopy(engine, target, String(run));
    try {
      const db = aged.database.db;
      const services = createServices({ database: aged.database, config: aged.config, clock: systemClock });
      owned = Number((await db.selectFrom('prospects').select((eb) => eb.fn.countAll<number>().as('n')).where('owner_id', 'is not', null).executeTakeFirstOrThrow()).n);
      // Baseline: the bare SQL pass that finds the due rows.
      const cuts = recallCuts(aged.policy, todayIn(aged.now, 'Asia/Taipei'), 'Asia/Taipei');
      const t0 = performance.now();
      const ids = await new PoolRepository().dueIds(db, cuts, 0, 10_000_000);
      scans.push(performance.now() - t0);
      const t1 = performance.now();
      const report = await services.pool.sweep({ system: true, label: 'Pond (pool.sweep:bench)', job: 'pool.sweep:bench' });
      sweeps.push(performance.now() - t1);
      moved = report.moved;
      if (report.moved !== ids.length) throw new Error(`the sweep moved ${report.moved}, the scan found ${ids.length}`);
      log(`[${engine}] run ${run + 1}: ${report.moved} of ${owned} owned prospects recalled in ${(sweeps.at(-1)! / 1000).toFixed(2)} s; the bare scan ${scans.at(-1)!.toFixed(0)} ms`);
    } finally {
      await aged.drop();
    }
  }
  const m = median(sweeps);
  console.log(
    `| ${engine} | ${scale} | ${owned.toLocaleString('en')} | ${moved.toLocaleString('en')} | ${(m / 1000).toFixed(2)} s | ${(moved / (m / 1000)).toFixed(0)} /s | ${median(scans).toFixed(0)} ms | ${runs} |`,
  );
  lastSweepMs = m;
  if (underLoad) await sweepUnderLoad(engine, target);
}
if (loadRows.length) {
  console.log('| engine | scale | Today saturated (10 connections) | fixed rate (60%) | without the sweep p50 / p99: before; after | during the sweep p50 / p99 | p99 during ÷ the better quiet p99 | the sweep (worker process) |');
  console.log('|---|---|---|---|---|---|---|---|');
  for (const r of loadRows) console.log(r);
}
