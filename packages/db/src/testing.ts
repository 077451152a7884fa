import { randomBytes } from 'node:crypto';
import { PGlite } from '@electric-sql/pglite';
import pg from 'pg';
import { afterAll, beforeAll, describe } from 'vitest';
import { createDb, pgliteParsers, type Database, type Dialect } from './create-db.js';
import { migrateToLatest } from './migrate.js';

export interface DialectContext {
  readonly dialect: Dialect;
  /** The migrated database of this suite; valid inside tests and hooks. */
  readonly database: Database;
}

/** Where PostgreSQL suites run: a real server when POND_TEST_DATABASE_URL is set, else in-process PGlite. */
export function postgresTarget(): string {
  return process.env.POND_TEST_DATABASE_URL ? 'server' : 'pglite';
}

/**
 * Opens a fresh, migrated database of the given dialect. On a real PostgreSQL server each call gets
 * its own schema, so suites in parallel workers never see each other's rows; `close` drops it.
 */
export async function openTestDatabase(dialect: Dialect): Promise<Database> {
  if (dialect === 'sqlite') {
    const database = createDb({ kind: 'sqlite', file: ':memory:' });
    await migrateToLatest(database);
    return database;
  }
  const url = process.env.POND_TEST_DATABASE_URL;
  if (!url) {
    const pglite = new PGlite({ parsers: pgliteParsers });
    const database = createDb({ kind: 'pglite', pglite });
    await migrateToLatest(database);
    return {
      ...database,
      async close() {
        await database.close();
        if (!pglite.closed) await pglite.close();
      },
    };
  }
  const schema = await createTestSchema(url);
  const database = createDb({ kind: 'postgres', url, poolMax: 4, searchPath: schema });
  await underSchemaLock(url, () => migrateToLatest(database));
  return {
    ...database,
    async close() {
      await database.close();
      await dropTestSchema(url, schema);
    },
  };
}

/**
 * Kysely's migrator first lists every table of the whole database; a schema dropped by another suite at that moment
 * fails the listing ("schema … does not exist", 3F000). Suites in parallel workers share one server database, so
 * migrating a suite's schema and dropping one take the same advisory lock and never overlap.
 */
const SCHEMA_LOCK = 0x504f4e44; // "POND"

async function underSchemaLock<T>(url: string, work: () => Promise<T>): Promise<T> {
  const lock = new pg.Client({ connectionString: url });
  await lock.connect();
  try {
    await lock.query('select pg_advisory_lock($1)', [SCHEMA_LOCK]);
    return await work();
  } finally {
    await lock.end();
  }
}

/** A fresh, empty schema for one suite on a real server. */
export async function createTestSchema(url: string): Promise<string> {
  const schema = `t_${randomBytes(6).toString('hex')}`;
  const admin = new pg.Client({ connectionString: url });
  await admin.connect();
  await admin.query(`create schema ${schema}`);
  await admin.end();
  return schema;
}

/** Migrates a suite's own database, never while another suite drops its schema. */
export function migrateTestDatabase(url: string, database: Database): Promise<string[]> {
  return underSchemaLock(url, () => migrateToLatest(database));
}

/** Drops a suite's schema, never while another suite's migrator lists the tables. */
export async function dropTestSchema(url: string, schema: string): Promise<void> {
  await underSchemaLock(url, async () => {
    const admin = new pg.Client({ connectionString: url });
    await admin.connect();
    try {
      await admin.query(`drop schema ${schema} cascade`);
    } finally {
      await admin.end();
    }
  });
}

/**
 * Declares the suite once per dialect: SQLite and PostgreSQL, in the same loop, each on a fresh
 * migrated database. Every repository and service test goes through here.
 */
export function describeEachDialect(name: string, suite: (ctx: DialectContext) => void): void {
  for (const dialect of ['sqlite', 'postgres'] as const) {
    const label = dialect === 'postgres' ? `postgres (${postgresTarget()})` : dialect;
    describe(`${name} [${label}]`, () => {
      let database: Database | undefined;
      const ctx: DialectContext = {
        dialect,
        get database() {
          if (!database) throw new Error('database is opened in beforeAll');
          return database;
        },
      };
      beforeAll(async () => {
        database = await openTestDatabase(dialect);
      });
      afterAll(async () => {
        await database?.close();
      });
      suite(ctx);
    });
  }
}
