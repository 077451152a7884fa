import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import type { PGlite } from '@electric-sql/pglite';
import SQLite from 'better-sqlite3';
import { Kysely, PGliteDialect, PostgresDialect } from 'kysely';
import pg from 'pg';
import type { DB } from './schema.js';
import { statementName } from './prepared.js';
import { pondSqliteDialect } from './sqlite-driver.js';

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
/** Any timestamp text PostgreSQL sends, as an ISO instant with milliseconds; one without an offset is UTC. */
export const toIsoGeneral = (v: string) => new Date(v.endsWith('Z') || /[+-]\d\d(:?\d\d)?$/.test(v) ? v : `${v}Z`).toISOString();
// What a UTC session sends for a timestamp from year 1000 on: 'YYYY-MM-DD HH:MM:SS[.ffffff][+00]'.
const UTC_TEXT = /^([1-9]\d{3}-\d\d-\d\d) (\d\d:\d\d:\d\d)(?:\.(\d{1,6}))?(?:\+00)?$/;
/**
 * toIsoGeneral, rearranging the text when it is in UTC (the fraction cut to milliseconds, as Date does) instead of
 * parsing a Date: 0.73 µs a value became 0.10 µs, and a broad search reads a thousand of them.
 */
export const toIso = (v: string) => {
  const m = UTC_TEXT.exec(v);
  return m ? `${m[1]}T${m[2]}.${(m[3] ?? '').padEnd(3, '0').slice(0, 3)}Z` : toIsoGeneral(v);
};
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
 * A pg client that sends the SQL of Pond's prepared queries as named statements (see prepared.ts): each is
 * parsed once per connection instead of at every run, and PostgreSQL may keep its plan. Everything else
 * goes through unchanged.
 */
class NamingClient extends pg.Client {
  // pg's overloads are many; only the (text, values) form Kysely uses is rewritten.
  override query(...args: unknown[]): never {
    const [text, values] = args;
    const name = typeof text === 'string' && Array.isArray(values) ? statementName(text) : undefined;
    const query = super.query as (...a: unknown[]) => unknown;
    return (name ? query.call(this, { name, text, values }) : query.apply(this, args)) as never;
  }
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
    const db = new Kysely<DB>({ dialect: pondSqliteDialect(handle) });
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
    Client: NamingClient,
    connectionString: config.url,
    max: config.poolMax ?? 10,
    connectionTimeoutMillis: 5_000,
    idleTimeoutMillis: 30_000,
    // Pond's queries are many and small: starting a parallel worker (~30 ms measured on 2 cores) cost more
    // than the index lookups it was meant to share, so Pond's sessions plan without them.
    options: ['-c max_parallel_workers_per_gather=0', ...(config.searchPath ? [`-c search_path=${config.searchPath}`] : [])].join(' '),
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

/** Reads DATABASE_URL-style settings into a config: postgres:// switches engines, anything else is SQLite. */
export function dbConfigFromUrl(databaseUrl: string | undefined, sqliteFile: string): DbConfig {
  if (databaseUrl && /^postgres(ql)?:\/\//.test(databaseUrl)) return { kind: 'postgres', url: databaseUrl };
  return { kind: 'sqlite', file: sqliteFile };
}
