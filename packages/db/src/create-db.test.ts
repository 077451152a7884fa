import { sql } from 'kysely';
import { describe, expect, it } from 'vitest';
import { bool } from './schema.js';
import { describeEachDialect } from './testing.js';
import { withTransaction } from './transaction.js';
import { createDb } from './create-db.js';
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
});
