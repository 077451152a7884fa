import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import type { PGlite } from '@electric-sql/pglite';
import SQLite from 'better-sqlite3';
import { Kysely, PGliteDialect, PostgresDialect, SqliteDialect } from 'kysely';
import pg from 'pg';
import type { DB } from './schema.js';

export type Dialect = 'sqlite' | 'postgres';

export type DbConfig =
  | { kind: 'sqlite'; file: string }
  | { kind: 'postgres'; url: string; poolMax?: number; searchPath?: string }
  | { kind: 'pglite'; pglite: PGlite };

export interface Database {
  readonly db: Kysely<DB>;
  readonly dialect: Dialect;
  /** Throws when the database cannot answer a trivial query. */
  ping(): Promise<void>;
  close(): Promise<void>;
  /** The raw better-sqlite3 handle, for the online backup; null on PostgreSQL. */
  readonly sqlite: SQLite.Database | null;
  /** The PostgreSQL schema Pond lives in when it is not the default (test isolation). */
  readonly schema?: string;
}

export interface DbLogger {
  warn(obj: object, msg: string): void;
}

// PostgreSQL type OIDs whose text form we keep or reshape so both engines hand back the same values.
const INT8 = 20;
const DATE = 1082;
const TIMESTAMP = 1114;
const TIMESTAMPTZ = 1184;
const toIso = (v: string) => new Date(v.endsWith('Z') || /[+-]\d\d(:?\d\d)?$/.test(v) ? v : `${v}Z`).toISOString();
const pgParsers: Record<number, (v: string) => unknown> = {
  [INT8]: (v) => Number(v),
  [DATE]: (v) => v,
  [TIMESTAMP]: toIso,
  [TIMESTAMPTZ]: toIso,
};

/** Parsers to pass to a PGlite instance so it reads values like the pg driver configured here. */
export const pgliteParsers = pgParsers;

let pgTypesConfigured = false;
function configurePgTypes(): void {
  if (pgTypesConfigured) return;
  for (const [oid, parse] of Object.entries(pgParsers)) pg.types.setTypeParser(Number(oid), parse);
  pgTypesConfigured = true;
}

/**
 * Opens Pond's database. This is the only place that knows which engine is underneath:
 * SQLite (embedded default) in WAL mode with synchronous=FULL so an acknowledged write survives a crash,
 * or PostgreSQL through a pool whose connection errors are logged instead of crashing the process.
 */
export function createDb(config: DbConfig, logger?: DbLogger): Database {
  if (config.kind === 'sqlite') {
    if (config.file !== ':memory:') mkdirSync(dirname(config.file), { recursive: true });
    const handle = new SQLite(config.file);
    handle.pragma('journal_mode = WAL');
    handle.pragma('synchronous = FULL');
    handle.pragma('foreign_keys = ON');
    handle.pragma('busy_timeout = 5000');
    // Reads of a large book are page lookups scattered over the file: memory-map it (SQLite caps this at
    // 2 GiB in this build) and keep 64 MiB of pages in SQLite's own cache, instead of a read() per page.
    // Measured on 1M prospects: the agenda's latest-touch lookups went from 11 ms to 1.2 ms.
    handle.pragma('mmap_size = 2147418112');
    handle.pragma('cache_size = -65536');
    const db = new Kysely<DB>({ dialect: new SqliteDialect({ database: withStatementCache(handle) }) });
    return {
      db,
      dialect: 'sqlite',
      sqlite: handle,
      async ping() {
        handle.prepare('select 1').get();
      },
      async close() {
        await db.destroy();
      },
    };
  }

  if (config.kind === 'pglite') {
    const db = new Kysely<DB>({ dialect: new PGliteDialect({ pglite: config.pglite }) });
    return {
      db,
      dialect: 'postgres',
      sqlite: null,
      async ping() {
        await config.pglite.query('select 1');
      },
      async close() {
        await db.destroy();
      },
    };
  }

  configurePgTypes();
  const pool = new pg.Pool({
    connectionString: config.url,
    max: config.poolMax ?? 10,
    connectionTimeoutMillis: 5_000,
    idleTimeoutMillis: 30_000,
    ...(config.searchPath ? { options: `-c search_path=${config.searchPath}` } : {}),
  });
  // A client losing its server (restart, failover) emits 'error'. The pool forwards it only while the
  // client is idle; a checked-out client with no listener would crash the process, so every client
  // gets one. The query in flight still fails on its own and becomes a 503.
  pool.on('error', (err) => logger?.warn({ err }, 'postgres pool client error'));
  pool.on('connect', (client) => client.on('error', (err) => logger?.warn({ err }, 'postgres connection lost')));
  const db = new Kysely<DB>({ dialect: new PostgresDialect({ pool }) });
  return {
    db,
    dialect: 'postgres',
    sqlite: null,
    ...(config.searchPath && { schema: config.searchPath }),
    async ping() {
      const client = await pool.connect();
      try {
        await client.query('select 1');
      } finally {
        client.release();
      }
    },
    async close() {
      await db.destroy();
    },
  };
}

/** How many distinct statements stay prepared; Pond issues a few hundred shapes of SQL at most. */
const STATEMENT_CACHE_SIZE = 1_000;

/** The part of a better-sqlite3 statement Kysely's SQLite driver uses. */
type Runner = Pick<SQLite.Statement, 'reader' | 'all' | 'run' | 'iterate'>;

/** better-sqlite3 refuses to bind booleans; SQLite has none, so they travel as 1 and 0. */
function bindable(params: unknown[]): unknown[] {
  for (let i = 0; i < params.length; i++) {
    if (typeof params[i] === 'boolean') return params.map((v) => (typeof v === 'boolean' ? Number(v) : v));
  }
  return params;
}

/**
 * What Kysely's SQLite driver sees as the database handle. Kysely prepares every query afresh, and
 * preparing (parsing and planning) costs more than running most of Pond's indexed lookups, so statements
 * are kept per SQL text; Kysely runs one query at a time on SQLite, so a statement is never in use twice
 * at once. Booleans become 1 and 0 here, on the way in, which costs a scan of the parameters instead of
 * a rewrite of every query's syntax tree.
 */
function withStatementCache(handle: SQLite.Database): SQLite.Database {
  const cache = new Map<string, Runner>();
  const prepare = (text: string): Runner => {
    // Every transaction takes the write lock when it begins. A deferred one reads first and upgrades
    // later; if another process (the CLI, a backup script) wrote in between, the upgrade fails with
    // SQLITE_BUSY_SNAPSHOT and busy_timeout cannot help. Begun immediately, it waits its turn instead.
    const source = text === 'begin' ? 'begin immediate' : text;
    let runner = cache.get(source);
    if (!runner) {
      const stmt = handle.prepare(source);
      runner = {
        reader: stmt.reader,
        all: (params: unknown[]) => stmt.all(bindable(params)),
        run: (params: unknown[]) => stmt.run(bindable(params)),
        iterate: (params: unknown[]) => stmt.iterate(bindable(params)),
      } as Runner;
      if (cache.size >= STATEMENT_CACHE_SIZE) cache.delete(cache.keys().next().value!);
      cache.set(source, runner);
    }
    return runner;
  };
  return new Proxy(handle, { get: (target, key) => (key === 'prepare' ? prepare : Reflect.get(target, key, target)) });
}

/** Reads DATABASE_URL-style settings into a config: postgres:// switches engines, anything else is SQLite. */
export function dbConfigFromUrl(databaseUrl: string | undefined, sqliteFile: string): DbConfig {
  if (databaseUrl && /^postgres(ql)?:\/\//.test(databaseUrl)) return { kind: 'postgres', url: databaseUrl };
  return { kind: 'sqlite', file: sqliteFile };
}
