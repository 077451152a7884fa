import type { Executor } from '@pond/db';

export interface ThrottleRow {
  key: string;
  failures: number;
  windowStartedAt: string;
  lockedUntil: string | null;
}

/** Failure counters for login throttling, shared by every process that uses the same database. */
export class ThrottleRepository {
  async find(db: Executor, keys: string[]): Promise<ThrottleRow[]> {
    if (keys.length === 0) return [];
    const rows = await db.selectFrom('login_throttle').selectAll().where('key', 'in', keys).execute();
    return rows.map((r) => ({ key: r.key, failures: r.failures, windowStartedAt: r.window_started_at, lockedUntil: r.locked_until }));
  }

  async save(db: Executor, row: ThrottleRow): Promise<void> {
    await db
      .insertInto('login_throttle')
      .values({ key: row.key, failures: row.failures, window_started_at: row.windowStartedAt, locked_until: row.lockedUntil })
      .onConflict((oc) =>
        oc.column('key').doUpdateSet({ failures: row.failures, window_started_at: row.windowStartedAt, locked_until: row.lockedUntil }),
      )
      .execute();
  }

  async clear(db: Executor, key: string): Promise<void> {
    await db.deleteFrom('login_throttle').where('key', '=', key).execute();
  }
}
