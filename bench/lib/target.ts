import { closeSync, existsSync, openSync, readSync, rmSync, statSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import pg from 'pg';

export type Engine = 'sqlite' | 'postgres';

export const BENCH_DIR = dirname(dirname(fileURLToPath(import.meta.url)));
export const ROOT_DIR = dirname(BENCH_DIR);

/** Where one (engine, scale) dataset lives. */
export interface Target {
  engine: Engine;
  scale: number;
  /** The scale as written in names: 0.01 → "0_01". */
  label: string;
  dataDir: string;
  sqliteFile: string;
  adminUrl: string;
  pgDatabase: string;
  pgUrl: string;
}

export function scaleLabel(scale: number): string {
  return String(scale).replace('.', '_');
}

export function targetFor(engine: Engine, scale: number): Target {
  const label = scaleLabel(scale);
  const dataDir = resolve(BENCH_DIR, '.data', `scale-${scale}`);
  const adminUrl = process.env.POND_BENCH_DATABASE_URL || 'postgres://postgres@127.0.0.1:5432/test';
  const pgDatabase = `pond_bench_${label}`;
  const url = new URL(adminUrl);
  url.pathname = `/${pgDatabase}`;
  return { engine, scale, label, dataDir, sqliteFile: resolve(dataDir, 'pond.db'), adminUrl, pgDatabase, pgUrl: url.toString() };
}

export function removeSqliteFiles(file: string): void {
  for (const suffix of ['', '-wal', '-shm']) rmSync(file + suffix, { force: true });
}

/** SQLite: the file plus its WAL; PostgreSQL: pg_database_size. */
export async function databaseBytes(target: Target): Promise<number> {
  if (target.engine === 'sqlite') {
    let total = 0;
    for (const suffix of ['', '-wal']) {
      if (existsSync(target.sqliteFile + suffix)) total += statSync(target.sqliteFile + suffix).size;
    }
    return total;
  }
  const client = new pg.Client({ connectionString: target.pgUrl });
  await client.connect();
  try {
    const { rows } = await client.query<{ size: string }>('select pg_database_size(current_database())::text as size');
    return Number(rows[0]?.size ?? 0);
  } finally {
    await client.end();
  }
}

/** Runs `fn` on a connection to the maintenance database named by POND_BENCH_DATABASE_URL. */
export async function withAdmin<T>(target: Target, fn: (client: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: target.adminUrl });
  await client.connect();
  try {
    return await fn(client);
  } finally {
    await client.end();
  }
}

export async function pgDatabaseExists(target: Target): Promise<boolean> {
  return withAdmin(target, async (c) => (await c.query('select 1 from pg_database where datname = $1', [target.pgDatabase])).rowCount === 1);
}

export async function createPgDatabase(target: Target, fresh: boolean): Promise<void> {
  await withAdmin(target, async (c) => {
    // The name is built from a number only (pond_bench_<digits and _>), so quoting it is safe.
    if (!/^pond_bench_[0-9_]+$/.test(target.pgDatabase)) throw new Error(`unexpected database name ${target.pgDatabase}`);
    if (fresh) await c.query(`drop database if exists "${target.pgDatabase}" with (force)`);
    const exists = (await c.query('select 1 from pg_database where datname = $1', [target.pgDatabase])).rowCount === 1;
    if (!exists) await c.query(`create database "${target.pgDatabase}"`);
  });
}

export function formatBytes(bytes: number): string {
  if (bytes >= 1024 ** 3) return `${(bytes / 1024 ** 3).toFixed(2)} GiB`;
  if (bytes >= 1024 ** 2) return `${(bytes / 1024 ** 2).toFixed(1)} MiB`;
  return `${(bytes / 1024).toFixed(0)} KiB`;
}

/**
 * Reads the whole dataset once so that every run meets the same warm page cache: a dataset just generated,
 * or pushed out by the other engine's, otherwise serves the first scenario from disk (seen: the first run's
 * Pond phase at a third of the bare route's rate, which ran second on the pages Pond had read). SQLite: the
 * file and its WAL, read through. PostgreSQL: every table and index through pg_prewarm's 'read' mode, which
 * fills the operating system's cache, not shared_buffers; skipped with a note when the extension is missing.
 * Returns what it did, for the log.
 */
export async function warmCache(target: Target): Promise<string> {
  const started = performance.now();
  const took = () => `${((performance.now() - started) / 1000).toFixed(1)} s`;
  if (target.engine === 'sqlite') {
    let bytes = 0;
    const chunk = Buffer.allocUnsafe(8 * 1024 * 1024);
    for (const suffix of ['', '-wal']) {
      const file = target.sqliteFile + suffix;
      if (!existsSync(file)) continue;
      const fd = openSync(file, 'r');
      try {
        for (let n = readSync(fd, chunk); n > 0; n = readSync(fd, chunk)) bytes += n;
      } finally {
        closeSync(fd);
      }
    }
    return `page cache warmed: read ${formatBytes(bytes)} of SQLite files in ${took()}`;
  }
  const client = new pg.Client({ connectionString: target.pgUrl });
  await client.connect();
  try {
    const available = (await client.query("select 1 from pg_available_extensions where name = 'pg_prewarm'")).rowCount === 1;
    if (!available) return 'page cache not warmed: the pg_prewarm extension is not installed on this server';
    await client.query('create extension if not exists pg_prewarm');
    const { rows } = await client.query<{ bytes: string }>(
      `select (coalesce(sum(pg_prewarm(c.oid::regclass, 'read')), 0) * current_setting('block_size')::bigint)::text as bytes from pg_class c
        where c.relnamespace = 'public'::regnamespace and c.relkind in ('r', 'i') and c.relpersistence = 'p'`,
    );
    return `page cache warmed: pg_prewarm read ${formatBytes(Number(rows[0]?.bytes ?? 0))} of tables and indexes in ${took()}`;
  } finally {
    await client.end();
  }
}
