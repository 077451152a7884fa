import { SqliteAdapter, sql, type ColumnDefinitionBuilder, type Kysely } from 'kysely';

/**
 * The per-engine column vocabulary shared by migrations. Frozen like the migrations themselves:
 * change a type here only by adding a new helper, never by editing one in place.
 */
export function columnTypes(db: Kysely<any>) {
  const sqlite = db.getExecutor().adapter instanceof SqliteAdapter;
  return {
    sqlite,
    /** Auto-increment primary key. */
    id: (col: ColumnDefinitionBuilder) =>
      sqlite ? col.primaryKey().autoIncrement() : col.primaryKey().generatedAlwaysAsIdentity(),
    idType: sqlite ? ('integer' as const) : ('bigint' as const),
    refType: sqlite ? ('integer' as const) : ('bigint' as const),
    timestamp: sqlite ? ('text' as const) : ('timestamptz' as const),
    date: sqlite ? ('text' as const) : ('date' as const),
    bool: sqlite ? ('integer' as const) : ('boolean' as const),
    falseValue: sqlite ? sql`0` : sql`false`,
    trueValue: sqlite ? sql`1` : sql`true`,
    /** Raw bytes (a picture). */
    bytes: sqlite ? ('blob' as const) : ('bytea' as const),
  };
}
