import { SqliteAdapter, sql, type Selectable } from 'kysely';
import type { DB } from './schema.js';
import type { Executor } from './transaction.js';

/** True when the executor runs on SQLite, for the few statements written differently per engine. */
export function onSqlite(db: Executor): boolean {
  return db.getExecutor().adapter instanceof SqliteAdapter;
}

/**
 * `table as alias`, reading through the named index on SQLite. SQLite's planner can prefer an index that
 * matches only the first column and then reads every row from the table, where a covering index would
 * answer alone (measured on the agenda counts of one owner at 1M prospects: 9.6 ms against 0.7 ms).
 * PostgreSQL plans by itself. The derived table is flattened away by both engines.
 */
export function throughIndex<T extends keyof DB & string, A extends string>(db: Executor, table: T, alias: A, index: string) {
  const source =
    onSqlite(db)
      ? sql<Selectable<DB[T]>>`(select * from ${sql.table(table)} indexed by ${sql.id(index)})`
      : sql<Selectable<DB[T]>>`(select * from ${sql.table(table)})`;
  return source.as(alias);
}
