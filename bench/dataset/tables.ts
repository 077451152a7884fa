/**
 * The columns the generator fills, in row order, with the PostgreSQL type each is sent as. Booleans travel as
 * 0/1 (what better-sqlite3 binds) and are cast on the PostgreSQL side. `words` is a space-separated text: SQLite
 * stores it as it is (the FTS5 document), PostgreSQL splits it into a text[]. Names follow Pond's migrations.
 */
export type PgType = 'bigint' | 'int' | 'text' | 'date' | 'timestamptz' | 'bool' | 'words' | 'json';
export type Column = readonly [name: string, type: PgType];

export const TABLES = {
  users: [
    ['id', 'bigint'], ['email', 'text'], ['display_name', 'text'], ['role', 'text'], ['team_id', 'bigint'],
    ['password_hash', 'text'], ['locale', 'text'], ['time_zone', 'text'], ['active', 'bool'], ['version', 'int'],
    ['created_at', 'timestamptz'], ['updated_at', 'timestamptz'],
  ],
  teams: [
    ['id', 'bigint'], ['name', 'text'], ['manager_id', 'bigint'], ['version', 'int'],
    ['created_at', 'timestamptz'], ['updated_at', 'timestamptz'],
  ],
  prospects: [
    ['id', 'bigint'], ['name', 'text'], ['company', 'text'], ['title', 'text'], ['wechat_id', 'text'],
    ['address', 'text'], ['source', 'text'], ['collected_by_id', 'bigint'], ['owner_id', 'bigint'],
    ['grade', 'text'], ['importance', 'text'], ['expected_close', 'text'], ['disposition', 'text'],
    ['resume_on', 'date'], ['dropped_reason', 'text'], ['interval_days', 'int'], ['newsletter_consent', 'text'],
    ['do_not_call', 'bool'], ['stage', 'text'], ['touch_count', 'int'], ['last_touch_at', 'timestamptz'],
    ['explicit_next_on', 'date'], ['next_due_on', 'date'], ['archived_at', 'timestamptz'],
    ['created_by_id', 'bigint'], ['version', 'int'], ['created_at', 'timestamptz'], ['updated_at', 'timestamptz'],
    ['name_key', 'text'],
  ],
  prospect_contacts: [['id', 'bigint'], ['prospect_id', 'bigint'], ['kind', 'text'], ['value', 'text'], ['position', 'int']],
  prospect_tags: [['prospect_id', 'bigint'], ['tag', 'text']],
  prospect_colleagues: [['prospect_id', 'bigint'], ['user_id', 'bigint'], ['created_by_id', 'bigint'], ['created_at', 'timestamptz']],
  touches: [
    ['id', 'bigint'], ['prospect_id', 'bigint'], ['user_id', 'bigint'], ['on_behalf', 'bool'], ['channel', 'text'],
    ['direction', 'text'], ['at', 'timestamptz'], ['kind', 'text'], ['summary', 'text'], ['feedback', 'text'],
    ['receptivity', 'text'], ['sale_made', 'bool'], ['relationship_kept', 'bool'], ['outcome', 'text'],
    ['lessons', 'text'], ['next_contact_on', 'date'], ['created_at', 'timestamptz'],
    ['owner_id', 'bigint'], ['local_on', 'date'], ['due_on', 'date'], ['next_on', 'date'], ['has_feedback', 'bool'],
  ],
  prospect_history: [
    ['id', 'bigint'], ['prospect_id', 'bigint'], ['at', 'timestamptz'], ['user_id', 'bigint'], ['field', 'text'],
    ['before_value', 'text'], ['after_value', 'text'],
  ],
  // One document per prospect: its keys (k:<owner id> or k:0, k:-<colleague id>…) and terms, and on PostgreSQL the
  // owner and the searchable fields as JSON. The id is the FTS5 table's rowid on SQLite, which stores the terms only.
  search_index: [['prospect_id', 'bigint'], ['terms', 'words'], ['owner_id', 'bigint'], ['doc', 'json']],
} as const satisfies Record<string, readonly Column[]>;

export type TableName = keyof typeof TABLES;
export type Row = unknown[];

/** The bulk tables whose secondary indexes are dropped during the load and rebuilt after it. */
export const BULK_TABLES: readonly TableName[] = [
  'prospects', 'prospect_contacts', 'prospect_tags', 'prospect_colleagues', 'touches', 'prospect_history', 'search_index',
];

/** Where generated rows go. May return a promise; the generator awaits it before producing more. */
export interface DatasetSink {
  insert(table: TableName, rows: Row[]): void | Promise<void>;
}
