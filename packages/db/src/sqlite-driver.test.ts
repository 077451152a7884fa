import SQLite from 'better-sqlite3';
import { Kysely, sql, type Generated } from 'kysely';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { pondSqliteDialect } from './sqlite-driver.js';
import { withTransaction } from './transaction.js';

interface T {
  parents: { id: Generated<number> };
  items: { id: Generated<number>; parent_id: number | null; label: string };
}

/** The SQLite file, its group-committing Kysely handle, a second independent connection, and the COMMITs run. */
function open() {
  const file = join(mkdtempSync(join(tmpdir(), 'pond-gc-')), 'pond.db');
  const handle = new SQLite(file);
  handle.pragma('journal_mode = WAL');
  handle.pragma('synchronous = FULL');
  handle.pragma('foreign_keys = ON');
  handle.exec(`create table parents (id integer primary key);
    create table items (id integer primary key, parent_id integer references parents(id) deferrable initially deferred, label text not null)`);
  const commits: number[] = [];
  // Count the COMMITs the driver runs on the real handle (statements are prepared once and reused).
  const counted = new Proxy(handle, {
    get(target, key) {
      if (key !== 'prepare') return Reflect.get(target, key, target);
      return (text: string) => {
        const stmt = target.prepare(text);
        if (text.trim().toLowerCase() !== 'commit') return stmt;
        const run = stmt.run.bind(stmt);
        return Object.assign(stmt, { run: (...args: unknown[]) => (commits.push(Date.now()), run(...(args as []))) });
      };
    },
  });
  const db = new Kysely<T>({ dialect: pondSqliteDialect(counted) });
  const other = new SQLite(file, { readonly: true });
  const labels = () => (other.prepare('select label from items order by label').all() as Array<{ label: string }>).map((r) => r.label);
  return { db, handle, other, commits, labels };
}

describe('SQLite group commit', () => {
  let s: ReturnType<typeof open>;
  beforeEach(() => {
    s = open();
  });
  afterEach(async () => {
    s.other.close();
    if (s.handle.open) await s.db.destroy();
  });

  const insert = (db: Kysely<T>, label: string, parent: number | null = null) =>
    db.insertInto('items').values({ label, parent_id: parent }).execute();

  it('commits transactions that arrive together once, and settles each only when it is visible to another connection', async () => {
    const labels = Array.from({ length: 20 }, (_, i) => `t${String(i).padStart(2, '0')}`);
    const seenAtResolve: number[] = [];
    await Promise.all(
      labels.map((label) =>
        withTransaction(s.db as never, async (trx) => {
          await insert(trx as never, label);
        }).then(() => seenAtResolve.push(s.labels().includes(label) ? 1 : 0)),
      ),
    );
    expect(s.labels()).toEqual(labels);
    expect(seenAtResolve).toEqual(labels.map(() => 1));
    expect(s.commits).toHaveLength(1);
    expect(s.handle.inTransaction).toBe(false);
  });

  it('rolls back a failing transaction alone, leaving the others of its batch committed', async () => {
    const results = await Promise.allSettled([
      withTransaction(s.db as never, async (trx) => insert(trx as never, 'a')),
      withTransaction(s.db as never, async (trx) => {
        await insert(trx as never, 'b');
        throw new Error('refused');
      }),
      withTransaction(s.db as never, async (trx) => insert(trx as never, 'c')),
    ]);
    expect(results.map((r) => r.status)).toEqual(['fulfilled', 'rejected', 'fulfilled']);
    expect(s.labels()).toEqual(['a', 'c']);
    expect(s.handle.inTransaction).toBe(false);
  });

  it('fails every transaction of a batch whose COMMIT fails, and keeps none of them', async () => {
    // A deferred foreign key is checked at COMMIT: the first transaction's bad reference fails the batch.
    const results = await Promise.allSettled([
      withTransaction(s.db as never, async (trx) => insert(trx as never, 'orphan', 999)),
      withTransaction(s.db as never, async (trx) => insert(trx as never, 'fine')),
    ]);
    expect(results.map((r) => r.status)).toEqual(['rejected', 'rejected']);
    expect(s.labels()).toEqual([]);
    expect(s.handle.inTransaction).toBe(false);
    // The connection is usable afterwards.
    await withTransaction(s.db as never, async (trx) => insert(trx as never, 'later'));
    expect(s.labels()).toEqual(['later']);
  });

  /** Starts a transaction inserting `label` and resolves `worked` once its work is done (its COMMIT still pending). */
  function started(label: string) {
    let worked!: () => void;
    const done = new Promise<void>((resolve) => (worked = resolve));
    const pending = withTransaction(s.db as never, async (trx) => {
      await insert(trx as never, label);
      worked();
    });
    return { done, pending };
  }

  it('commits the open batch before a write outside any transaction, which is durable when it answers', async () => {
    const { done, pending } = started('in-batch');
    await done;
    expect(s.labels()).toEqual([]);
    await insert(s.db, 'plain');
    expect(s.labels()).toEqual(['in-batch', 'plain']);
    await pending;
    expect(s.commits.length).toBeGreaterThanOrEqual(1);
  });

  it('runs a read outside a transaction without committing the batch', async () => {
    const { done, pending } = started('x');
    await done;
    const count = await sql<{ n: number }>`select count(*) as n from items`.execute(s.db);
    // The read runs on the same connection and sees the finished transaction; another connection does not yet.
    expect(count.rows[0]!.n).toBe(1);
    expect(s.labels()).toEqual([]);
    await pending;
    expect(s.commits).toHaveLength(1);
  });

  it('commits a pending batch when the database is closed', async () => {
    const { done, pending } = started('last');
    await done;
    const closing = s.db.destroy();
    await Promise.all([pending, closing]);
    expect(s.labels()).toEqual(['last']);
  });

  it('rolls back a lone failing transaction completely, leaving no transaction open', async () => {
    await expect(
      withTransaction(s.db as never, async (trx) => {
        await insert(trx as never, 'gone');
        throw new Error('no');
      }),
    ).rejects.toThrow('no');
    expect(s.handle.inTransaction).toBe(false);
    expect(s.labels()).toEqual([]);
    expect(s.commits).toHaveLength(0);
  });
});
