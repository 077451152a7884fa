import { copyFileSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { migrateToLatest } from '@pond/db';
import { sql } from 'kysely';
import { DEFAULT_POOL_POLICY, recallCuts, todayIn } from '@pond/domain';
import { createServices, loadConfig, openDatabase, systemClock } from '@pond/server';
import { PoolRepository } from '../packages/server/src/modules/pool/pool.repository.js';
import { numberFlag, parseArgs, stringFlag, todayUtc8 } from './lib/args.js';
import { DEFAULT_SEED, ensureDataset } from './dataset/ensure.js';
import { targetFor, withAdmin, type Engine } from './lib/target.js';

/**
 * npm run bench:pool -- --engine sqlite|postgres|both --scale S [--due-share 0.02] [--runs 3] [--skip-search-index]
 * The daily recall (pool.sweep) over a copy of the bench dataset with a given share of the owned prospects due:
 * how long the whole sweep takes, against the bare SQL pass that finds the same rows (the baseline, same run).
 * The dataset itself is never changed: each run sweeps a fresh copy (a file copy, or a PostgreSQL template).
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

for (const engine of engines) {
  await ensureDataset(engine, { scale, seed: DEFAULT_SEED, today: todayUtc8(), fresh: false, searchIndex: flags.get('skip-search-index') !== true, log });
  const target = targetFor(engine, scale);
  const sweeps: number[] = [];
  const scans: number[] = [];
  let moved = 0;
  let owned = 0;
  for (let run = 0; run < runs; run++) {
    const dir = mkdtempSync(join(tmpdir(), 'pond-pool-bench-'));
    const copy = `pond_pool_bench_${process.pid}_${run}`;
    if (engine === 'sqlite') copyFileSync(target.sqliteFile, join(dir, 'pond.db'));
    else await withAdmin(target, async (c) => c.query(`create database ${copy} template ${target.pgDatabase}`));
    const url = new URL(target.pgUrl);
    url.pathname = `/${copy}`;
    const config = loadConfig({ POND_DATA_DIR: dir, POND_BASE_URL: 'http://127.0.0.1', ...(engine === 'postgres' && { DATABASE_URL: url.toString() }), POND_DEFAULT_TIME_ZONE: 'Asia/Taipei' });
    const database = openDatabase(config);
    try {
      await migrateToLatest(database);
      const db = database.db;
      // Every owned prospect was taken yesterday, except one in `every`, untouched and taken 400 days ago.
      const now = new Date();
      const yesterday = new Date(now.getTime() - 86_400_000).toISOString();
      const longAgo = new Date(now.getTime() - 400 * 86_400_000).toISOString();
      await db.updateTable('prospects').set({ owned_since: yesterday, last_touch_at: yesterday }).where('owner_id', 'is not', null).where('disposition', 'in', ['continue', 'pause']).execute();
      await db
        .updateTable('prospects')
        .set({ owned_since: longAgo, last_touch_at: longAgo, resume_on: null })
        .where('owner_id', 'is not', null)
        .where(sql<boolean>`id % ${sql.lit(every)} = 0`)
        .execute();
      const services = createServices({ database, config, clock: systemClock });
      const policy = { ...DEFAULT_POOL_POLICY, recallDays: { A: 300, B: 300, C: 300, unrated: 300 } };
      await database.db.insertInto('settings').values({ key: 'pool_policy', value_json: JSON.stringify(policy), version: 1, updated_at: now.toISOString(), updated_by_id: null }).execute();
      owned = Number((await db.selectFrom('prospects').select((eb) => eb.fn.countAll<number>().as('n')).where('owner_id', 'is not', null).executeTakeFirstOrThrow()).n);
      // Baseline: the bare SQL pass that finds the due rows.
      const cuts = recallCuts(policy, todayIn(now, 'Asia/Taipei'), 'Asia/Taipei');
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
      await database.close();
      rmSync(dir, { recursive: true, force: true });
      if (engine === 'postgres') await withAdmin(target, async (c) => c.query(`drop database if exists ${copy}`));
    }
  }
  const m = median(sweeps);
  console.log(
    `| ${engine} | ${scale} | ${owned.toLocaleString('en')} | ${moved.toLocaleString('en')} | ${(m / 1000).toFixed(2)} s | ${(moved / (m / 1000)).toFixed(0)} /s | ${median(scans).toFixed(0)} ms | ${runs} |`,
  );
}
