import { sql } from 'kysely';
import { describe, expect, it } from 'vitest';
import { bool } from './schema.js';
import { describeEachDialect } from './testing.js';
import { withTransaction } from './transaction.js';
import { createDb } from './create-db.js';
import SQLite from 'better-sqlite3';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const now = '2026-11-26T08:00:00.000Z';

describeEachDialect('database layer', (ctx) => {
  it('round-trips booleans, timestamps and ids the same way on both engines', async () => {
    const { db } = ctx.database;
    const row = await db
      .insertInto('users')
      .values({
        email: 'wei@example.com',
        display_name: '小偉',
        role: 'salesperson',
        password_hash: 'x',
        active: false,
        created_at: now,
        updated_at: now,
      })
      .returning(['id', 'active', 'created_at'])
      .executeTakeFirstOrThrow();
    expect(typeof row.id).toBe('number');
    expect(bool(row.active)).toBe(false);
    expect(row.created_at).toBe(now);
    const found = await db.selectFrom('users').select(['active']).where('active', '=', false).execute();
    expect(found).toHaveLength(1);
  });

  it('rolls back everything in a failed transaction', async () => {
    const { db } = ctx.database;
    const before = await db.selectFrom('teams').select(sql<number>`count(*)`.as('n')).executeTakeFirstOrThrow();
    await expect(
      withTransaction(db, async (trx) => {
        await trx.insertInto('teams').values({ name: 'North', created_at: now, updated_at: now }).execute();
        await trx.insertInto('teams').values({ name: 'North', created_at: now, updated_at: now }).execute();
      }),
    ).rejects.toThrow();
    const after = await db.selectFrom('teams').select(sql<number>`count(*)`.as('n')).executeTakeFirstOrThrow();
    expect(Number(after.n)).toBe(Number(before.n));
  });

  it('asks PostgreSQL to vacuum prospects early, so the agenda can count from its index alone', async () => {
    if (ctx.dialect !== 'postgres') return;
    const { rows } = await sql<{ options: string[] | null }>`
      select c.reloptions as options from pg_class c where c.relname = 'prospects' and c.relnamespace = current_schema()::regnamespace`.execute(ctx.database.db);
    expect(rows[0]?.options).toEqual(expect.arrayContaining(['autovacuum_vacuum_scale_factor=0.005', 'autovacuum_vacuum_threshold=1000']));
  });

  it('answers ping', async () => {
    await expect(ctx.database.ping()).resolves.toBeUndefined();
  });
});

describe('sqlite file settings', () => {
  it('uses WAL with synchronous=FULL and enforces foreign keys', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'pond-db-'));
    const database = createDb({ kind: 'sqlite', file: join(dir, 'pond.db') });
    try {
      const handle = database.sqlite!;
      expect(handle.pragma('journal_mode', { simple: true })).toBe('wal');
      expect(handle.pragma('synchronous', { simple: true })).toBe(2);
      expect(handle.pragma('foreign_keys', { simple: true })).toBe(1);
    } finally {
      await database.close();
    }
  });

  it('takes the write lock when a transaction begins, so another process writing meanwhile cannot break it', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'pond-db-'));
    const file = join(dir, 'pond.db');
    const database = createDb({ kind: 'sqlite', file });
    const other = new SQLite(file);
    other.pragma('busy_timeout = 0');
    try {
      await sql`create table t (n integer not null)`.execute(database.db);
      await withTransaction(database.db, async (trx) => {
        await sql`select count(*) from t`.execute(trx);
        // Another process tries to write while Pond's transaction is open: it must wait (here: fail at
        // once, having no busy timeout), not slip in and invalidate the snapshot Pond has read.
        expect(() => other.prepare('insert into t (n) values (2)').run()).toThrow(/locked|busy/i);
        await sql`insert into t (n) values (1)`.execute(trx);
      });
      expect(other.prepare('select group_concat(n) as ns from t').get()).toEqual({ ns: '1' });
    } finally {
      other.close();
      await database.close();
    }
  });
});
