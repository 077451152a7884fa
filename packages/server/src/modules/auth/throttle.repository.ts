import { lockedForUpdate, type Executor } from '@pond/db';

export interface ThrottleRow {
  key: string;
  failures: number;
  windowStartedAt: string;
  lockedUntil: string | null;
}

/** Failure counters for login throttling, shared by every process that uses the same database. */
export class ThrottleRepository {
  /**
   * The counters of the given keys, each row created when missing and, inside a transaction, locked until
   * it ends: attempts sent at once are then counted one after the other instead of all from the same read.
   * Keys are locked in sorted order so two attempts sharing one key never wait on each other in a circle.
   */
  async lock(db: Executor, keys: string[], at: string): Promise<ThrottleRow[]> {
    const sorted = [...new Set(keys)].sort();
    if (sorted.length === 0) return [];
    await db
      .insertInto('login_throttle')
      .values(sorted.map((key) => ({ key, failures: 0, window_started_at: at, locked_until: null })))
      .onConflict((oc) => oc.column('key').doNothing())
      .execute();
    const q = db.selectFrom('login_throttle').selectAll().where('key', 'in', sorted).orderBy('key');
    const rows = await lockedForUpdate(db, q, 'login_throttle').execute();
    return rows.map((r) => ({ key: r.key, failures: r.failures, windowStartedAt: r.window_started_at, lockedUntil: r.locked_until }));
  }

  async save(db: Executor, row: ThrottleRow): Promise<void> {
    await db
      .updateTable('login_throttle')
      .set({ failures: row.failures, window_started_at: row.windowStartedAt, locked_until: row.lockedUntil })
      .where('key', '=', row.key)
      .execute();
  }

  /** Takes back one counted attempt (it turned out to be a success), in one statement. */
  async forgiveOne(db: Executor, key: string): Promise<void> {
    await db
      .updateTable('login_throttle')
      .set((eb) => ({ failures: eb('failures', '-', 1) }))
      .where('key', '=', key)
      .where('failures', '>', 0)
      .execute();
  }

  async clear(db: Executor, key: string): Promise<void> {
    await db.deleteFrom('login_throttle').where('key', '=', key).execute();
  }
}
