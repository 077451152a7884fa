import { createDb, migrateToLatest } from '@pond/db';
import pg from 'pg';
import type { Target } from '../lib/target.js';
import { createPgDatabase, pgDatabaseExists } from '../lib/target.js';
import { generateDataset, type DatasetPlan } from './generate.js';
import { GENERATOR_VERSION, MARKER_KEY, markerMatches, parseMarker, type DatasetMarker } from './marker.js';
import type { LoadReport } from './report.js';
import { BULK_TABLES, TABLES, type Column, type DatasetSink, type PgType, type Row, type TableName } from './tables.js';

const BATCH = 10_000;

export async function postgresMarker(target: Target): Promise<DatasetMarker | null> {
  if (!(await pgDatabaseExists(target))) return null;
  const client = new pg.Client({ connectionString: target.pgUrl });
  await client.connect();
  try {
    const exists = await client.query("select 1 from information_schema.tables where table_schema = 'public' and table_name = 'settings'");
    if (!exists.rowCount) return null;
    const { rows } = await client.query<{ value_json: string }>('select value_json from settings where key = $1', [MARKER_KEY]);
    return parseMarker(rows[0]?.value_json);
  } finally {
    await client.end();
  }
}

/**
 * insert … select from unnest($1::bigint[], $2::text[], …): one round trip per batch, booleans sent as 0/1,
 * a text[] column as one space-separated text per row (unnest takes no arrays of unequal lengths) split here.
 */
function insertSql(table: TableName, columns: readonly Column[]): string {
  const names = columns.map(([c]) => c);
  const sent = (type: PgType) => (type === 'bool' ? 'int' : type === 'words' ? 'text' : type);
  const arrays = columns.map(([, type], i) => `$${i + 1}::${sent(type)}[]`);
  const select = columns.map(([name, type]) => (type === 'bool' ? `(${name} <> 0)` : type === 'words' ? `string_to_array(${name}, ' ')` : name));
  const identity = names[0] === 'id' ? ' overriding system value' : '';
  return `insert into ${table} (${names.join(', ')})${identity} select ${select.join(', ')} from unnest(${arrays.join(', ')}) as u(${names.join(', ')})`;
}

/**
 * Loads a fresh PostgreSQL dataset. pg-copy-streams is not installed, so rows go in as batches of ~10k through
 * unnest() arrays, one batch in flight while the next is generated. Foreign-key triggers are skipped for the
 * load session (session_replication_role = replica; the generator only writes valid references), secondary
 * indexes are dropped and rebuilt from pg_indexes (the search index's GIN index among them), identity sequences
 * are moved past the loaded ids, then VACUUM ANALYZE.
 */
export async function loadPostgres(target: Target, plan: DatasetPlan, log: (m: string) => void): Promise<LoadReport> {
  const existing = await postgresMarker(target).catch(() => null);
  if (markerMatches(existing, plan.scale, plan.seed)) return { skipped: true, marker: existing! };
  await createPgDatabase(target, true);

  const started = performance.now();
  const database = createDb({ kind: 'postgres', url: target.pgUrl, poolMax: 1 });
  await migrateToLatest(database);
  await database.close();

  const client = new pg.Client({ connectionString: target.pgUrl });
  await client.connect();
  await client.query("set session_replication_role = 'replica'");
  await client.query('set synchronous_commit = off');
  await client.query("set maintenance_work_mem = '1GB'");
  const { rows: indexes } = await client.query<{ indexname: string; indexdef: string }>(
    `select i.indexname, i.indexdef from pg_indexes i
      where i.schemaname = 'public' and i.tablename = any($1)
        and not exists (select 1 from pg_constraint c where c.conname = i.indexname)`,
    [BULK_TABLES],
  );
  for (const index of indexes) await client.query(`drop index "${index.indexname}"`);
  const hasSearch = (await client.query("select 1 from information_schema.tables where table_schema = 'public' and table_name = 'search_index'")).rowCount === 1;
  plan = { ...plan, searchIndex: plan.searchIndex && hasSearch };

  const texts = new Map<TableName, string>();
  for (const [table, columns] of Object.entries(TABLES) as Array<[TableName, readonly Column[]]>) texts.set(table, insertSql(table, columns));
  const rowsPerTable = new Map<string, number>();
  let inFlight: Promise<unknown> = Promise.resolve();
  const send = (table: TableName, rows: Row[]) => {
    const width = TABLES[table].length;
    const columns: unknown[][] = Array.from({ length: width }, () => new Array(rows.length));
    for (let r = 0; r < rows.length; r++) {
      const row = rows[r]!;
      for (let c = 0; c < width; c++) columns[c]![r] = row[c];
    }
    return client.query(texts.get(table)!, columns);
  };
  const sink: DatasetSink = {
    async insert(table, rows) {
      rowsPerTable.set(table, (rowsPerTable.get(table) ?? 0) + rows.length);
      for (let i = 0; i < rows.length; i += BATCH) {
        const batch = rows.slice(i, i + BATCH);
        // Wait for the previous batch, then queue this one and return: the next batch is built while it runs.
        await inFlight;
        inFlight = send(table, batch);
      }
    },
  };
  await client.query('begin');
  const counts = await generateDataset(plan, sink, log);
  await inFlight;
  await client.query('commit');
  const insertSeconds = (performance.now() - started) / 1000;

  const indexStarted = performance.now();
  for (const index of indexes) {
    log(`index ${index.indexname}`);
    await client.query(index.indexdef);
  }
  for (const table of ['users', 'teams', 'prospects', 'prospect_contacts', 'touches', 'prospect_history']) {
    await client.query(`select setval(pg_get_serial_sequence('${table}', 'id'), greatest(1, (select coalesce(max(id), 0) from ${table})))`);
  }
  await client.query("set session_replication_role = 'origin'");
  log('vacuum analyze');
  await client.query('vacuum analyze');
  const indexSeconds = (performance.now() - indexStarted) / 1000;

  const loadSeconds = (performance.now() - started) / 1000;
  const marker: DatasetMarker = {
    scale: plan.scale, seed: plan.seed, today: plan.today, generator: GENERATOR_VERSION,
    generatedAt: new Date().toISOString(), counts, loadSeconds,
  };
  await client.query('insert into settings (key, value_json, version, updated_at, updated_by_id) values ($1, $2, 1, now(), null)', [
    MARKER_KEY, JSON.stringify(marker),
  ]);
  await client.end();
  return { skipped: false, marker, insertSeconds, indexSeconds, rows: Object.fromEntries(rowsPerTable) };
}
