import type { Executor } from '@pond/db';

export class SettingsRepository {
  async get(db: Executor, key: string): Promise<{ value: unknown; version: number } | undefined> {
    const row = await db.selectFrom('settings').select(['value_json', 'version']).where('key', '=', key).executeTakeFirst();
    return row && { value: JSON.parse(row.value_json), version: row.version };
  }

  /** Writes a setting when `expectedVersion` is current (0 = not yet stored); false when someone else won. */
  async put(db: Executor, key: string, value: unknown, expectedVersion: number, at: string, by: number | null): Promise<boolean> {
    const json = JSON.stringify(value);
    if (expectedVersion === 0) {
      const r = await db
        .insertInto('settings')
        .values({ key, value_json: json, version: 1, updated_at: at, updated_by_id: by })
        .onConflict((oc) => oc.column('key').doNothing())
        .executeTakeFirst();
      return Number(r.numInsertedOrUpdatedRows ?? 0) > 0;
    }
    const r = await db
      .updateTable('settings')
      .set((eb) => ({ value_json: json, version: eb('version', '+', 1), updated_at: at, updated_by_id: by }))
      .where('key', '=', key)
      .where('version', '=', expectedVersion)
      .executeTakeFirst();
    return Number(r.numUpdatedRows) > 0;
  }
}
