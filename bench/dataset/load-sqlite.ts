import type SQLite from 'better-sqlite3';
import { createDb, migrateToLatest } from '@pond/db';
import type { Target } from '../lib/target.js';
import { removeSqliteFiles } from '../lib/target.js';
import { generateDataset, type DatasetPlan } from './generate.js';
import { GENERATOR_VERSION, MARKER_KEY, markerMatches, parseMarker, type DatasetMarker } from './marker.js';
import { BULK_TABLES, TABLES, type DatasetSink, type TableName } from './tables.js';
import type { LoadReport } from './report.js';

/** Reads the marker of an existing SQLite dataset, or null. */
export async function sqliteMarker(target: Target): Promise<DatasetMarker | null> {
  const database = createDb({ kind: 'sqlite', file: target.sqliteFile });
  try {
    const table = database.sqlite!.prepare("select 1 from sqlite_master where type = 'table' and name = 'settings'").get();
    if (!table) return null;
    const row = database.sqlite!.prepare('select value_json from settings where key = ?').get(MARKER_KEY) as { value_json: string } | undefined;
    return parseMarker(row?.value_json);
  } finally {
    await database.close();
  }
}

/**
 * Loads a fresh SQLite dataset: Pond's migrations, then one transaction of prepared inserts with the
 * secondary indexes dropped, then the indexes rebuilt from their own definitions and ANALYZE.
 * synchronous is OFF only for the load and back to FULL before the marker is written. The search index is an
 * FTS5 table (no SQL indexes to drop): its documents go in by rowid, the prospect id.
 */
export async function loadSqlite(target: Target, plan: DatasetPlan, log: (m: string) => void): Promise<LoadReport> {
  const existing = await sqliteMarker(target).catch(() => null);
  if (markerMatches(existing, plan.scale, plan.seed)) return { skipped: true, marker: existing! };
  removeSqliteFiles(target.sqliteFile);

  const database = createDb({ kind: 'sqlite', file: target.sqliteFile });
  const started = performance.now();
  await migrateToLatest(database);
  const handle = database.sqlite as SQLite.Database;
  handle.pragma('synchronous = OFF');
  handle.pragma('foreign_keys = OFF');
  handle.pragma('cache_size = -1048576');
  handle.pragma('temp_store = MEMORY');

  const hasTable = (name: string) => !!handle.prepare("select 1 from sqlite_master where type = 'table' and name = ?").get(name);
  // sqlite_master lists virtual tables as type 'table' too.
  plan = { ...plan, searchIndex: plan.searchIndex && hasTable('search_index') };
  const indexes = handle
    .prepare(`select name, sql from sqlite_master where type = 'index' and sql is not null and tbl_name in (${BULK_TABLES.map(() => '?').join(',')})`)
    .all(...BULK_TABLES) as Array<{ name: string; sql: string }>;
  for (const index of indexes) handle.exec(`drop index "${index.name}"`);

  const statements = new Map<TableName, { statement: SQLite.Statement; width: number }>();
  for (const [table, columns] of Object.entries(TABLES) as Array<[TableName, ReadonlyArray<readonly [string, string]>]>) {
    if (!hasTable(table)) continue;
    // FTS5 keeps the id as its rowid and the terms only (the document's fields are PostgreSQL's).
    const names = table === 'search_index' ? ['rowid', 'terms'] : columns.map(([c]) => c);
    const statement = handle.prepare(`insert into ${table} (${names.join(', ')}) values (${names.map(() => '?').join(', ')})`);
    statements.set(table, { statement, width: names.length });
  }
  const rowsPerTable = new Map<TableName, number>();
  const sink: DatasetSink = {
    insert(table, rows) {
      const { statement, width } = statements.get(table)!;
      for (const row of rows) statement.run(row.length > width ? row.slice(0, width) : row);
      rowsPerTable.set(table, (rowsPerTable.get(table) ?? 0) + rows.length);
    },
  };

  handle.exec('begin');
  const counts = await generateDataset(plan, sink, log);
  handle.exec('commit');
  const insertSeconds = (performance.now() - started) / 1000;

  const indexStarted = performance.now();
  for (const index of indexes) {
    log(`index ${index.name}`);
    handle.exec(index.sql);
  }
  handle.exec('analyze');
  const indexSeconds = (performance.now() - indexStarted) / 1000;

  handle.pragma('synchronous = FULL');
  handle.pragma('foreign_keys = ON');
  const loadSeconds = (performance.now() - started) / 1000;
  const marker: DatasetMarker = {
    scale: plan.scale, seed: plan.seed, today: plan.today, generator: GENERATOR_VERSION,
    generatedAt: new Date().toISOString(), counts, loadSeconds,
  };
  handle.prepare('insert into settings (key, value_json, version, updated_at, updated_by_id) values (?, ?, 1, ?, null)')
    .run(MARKER_KEY, JSON.stringify(marker), new Date().toISOString());
  handle.pragma('wal_checkpoint(TRUNCATE)');
  await database.close();
  return { skipped: false, marker, insertSeconds, indexSeconds, rows: Object.fromEntries(rowsPerTable) };
}
