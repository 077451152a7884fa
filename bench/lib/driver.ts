import SQLite from 'better-sqlite3';
import { pgliteParsers } from '@pond/db';
import pg from 'pg';
import type { Engine, Target } from './target.js';

/**
 * The bare drivers the baselines run on: better-sqlite3 and pg with nothing in between. SQL is written once
 * with `?` placeholders and renumbered to `$n` for PostgreSQL.
 */
export interface Driver {
  readonly dialect: Engine;
  all<T = Record<string, unknown>>(sql: string, params?: readonly unknown[]): Promise<T[]>;
  run(sql: string, params?: readonly unknown[]): Promise<void>;
  /** Runs `fn` in one transaction on one connection. */
  transaction<T>(fn: (tx: Driver) => Promise<T>): Promise<T>;
  close(): Promise<void>;
}

export function openDriver(target: Target, poolMax = 10): Driver {
  return target.engine === 'sqlite' ? sqliteDriver(target.sqliteFile) : pgDriver(target.pgUrl, poolMax);
}

function sqliteDriver(file: string): Driver {
  const handle = new SQLite(file);
  handle.pragma('journal_mode = WAL');
  handle.pragma('synchronous = FULL');
  handle.pragma('busy_timeout = 5000');
  // The same page cache and memory map as Pond's own connection (packages/db/src/create-db.ts), so the
  // baseline differs from Pond only by what Pond adds on top of the SQL.
  handle.pragma('mmap_size = 2147418112');
  handle.pragma('cache_size = -65536');
  const statements = new Map<string, SQLite.Statement>();
  const prepare = (sql: string) => {
    let s = statements.get(sql);
    if (!s) statements.set(sql, (s = handle.prepare(sql)));
    return s;
  };
  // One connection: transactions queue behind each other, as they do behind Kysely's SQLite connection mutex.
  let queue: Promise<unknown> = Promise.resolve();
  const driver: Driver = {
    dialect: 'sqlite',
    async all<T>(sql: string, params: readonly unknown[] = []) {
      return prepare(sql).all(...params) as T[];
    },
    async run(sql, params = []) {
      prepare(sql).run(...params);
    },
    transaction<T>(fn: (tx: Driver) => Promise<T>): Promise<T> {
      const result = queue.then(async () => {
        handle.exec('begin immediate');
        try {
          const value = await fn(driver);
          handle.exec('commit');
          return value;
        } catch (err) {
          handle.exec('rollback');
          throw err;
        }
      });
      queue = result.catch(() => undefined);
      return result;
    },
    async close() {
      handle.close();
    },
  };
  return driver;
}

const numbered = new Map<string, string>();
function toPg(sql: string): string {
  let s = numbered.get(sql);
  if (s === undefined) {
    let n = 0;
    s = sql.replace(/\?/g, () => `$${++n}`);
    numbered.set(sql, s);
  }
  return s;
}

function clientDriver(client: pg.PoolClient | pg.Pool, pool: pg.Pool): Driver {
  // A single connection answers one query at a time: queue them here rather than inside pg.
  let queue: Promise<unknown> = Promise.resolve();
  const query = (sql: string, params: readonly unknown[]) => {
    if (client === pool) return pool.query({ text: toPg(sql), values: params as unknown[] });
    const result = queue.then(() => client.query({ text: toPg(sql), values: params as unknown[] }));
    queue = result.catch(() => undefined);
    return result;
  };
  return {
    dialect: 'postgres',
    async all<T>(sql: string, params: readonly unknown[] = []) {
      return (await query(sql, params)).rows as T[];
    },
    async run(sql, params = []) {
      await query(sql, params);
    },
    async transaction<T>(fn: (tx: Driver) => Promise<T>): Promise<T> {
      const conn = await pool.connect();
      try {
        await conn.query('begin');
        const value = await fn(clientDriver(conn, pool));
        await conn.query('commit');
        return value;
      } catch (err) {
        await conn.query('rollback').catch(() => undefined);
        throw err;
      } finally {
        conn.release();
      }
    },
    async close() {
      await pool.end();
    },
  };
}

function pgDriver(url: string, max: number): Driver {
  // Read values the way Pond's createDb does (dates as strings, bigint as numbers), so both sides parse alike.
  for (const [oid, parse] of Object.entries(pgliteParsers)) pg.types.setTypeParser(Number(oid), parse);
  // The same session settings as Pond's pool (no parallel workers), so both sides run the same plans.
  const pool = new pg.Pool({ connectionString: url, max, options: '-c max_parallel_workers_per_gather=0' });
  pool.on('error', () => undefined);
  return clientDriver(pool, pool);
}
