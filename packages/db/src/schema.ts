import type { ColumnType, Generated } from 'kysely';

/**
 * The database as Kysely sees it. Timestamps are ISO-8601 UTC strings and calendar dates are
 * 'YYYY-MM-DD' on both engines (the PostgreSQL type parsers in create-db.ts make that so).
 * Booleans are written as booleans; SQLite hands them back as 0/1, so read them through `bool()`.
 */
export type Timestamp = string;
export type Bool = ColumnType<boolean | number, boolean, boolean>;

export interface UsersTable {
  id: Generated<number>;
  email: string;
  display_name: string;
  role: 'salesperson' | 'manager' | 'admin';
  team_id: number | null;
  password_hash: string;
  locale: string | null;
  time_zone: string | null;
  active: Bool;
  version: ColumnType<number, number | undefined, number>;
  created_at: Timestamp;
  updated_at: Timestamp;
}

export interface TeamsTable {
  id: Generated<number>;
  name: string;
  manager_id: number | null;
  version: ColumnType<number, number | undefined, number>;
  created_at: Timestamp;
  updated_at: Timestamp;
}

export interface SessionsTable {
  token_hash: string;
  user_id: number;
  created_at: Timestamp;
  last_seen_at: Timestamp;
  expires_at: Timestamp;
  ip: string | null;
  user_agent: string | null;
}

export interface ApiTokensTable {
  id: Generated<number>;
  user_id: number;
  name: string;
  token_hash: string;
  created_at: Timestamp;
  last_used_at: Timestamp | null;
  revoked_at: Timestamp | null;
}

export interface LoginThrottleTable {
  key: string;
  failures: number;
  window_started_at: Timestamp;
  locked_until: Timestamp | null;
}

export interface SetupTokensTable {
  token_hash: string;
  created_at: Timestamp;
  expires_at: Timestamp;
}

export interface AuditLogTable {
  id: Generated<number>;
  at: Timestamp;
  actor_id: number | null;
  actor_label: string | null;
  action: string;
  entity_type: string;
  entity_id: string | null;
  before_json: string | null;
  after_json: string | null;
  ip: string | null;
}

export interface DB {
  users: UsersTable;
  teams: TeamsTable;
  sessions: SessionsTable;
  api_tokens: ApiTokensTable;
  login_throttle: LoginThrottleTable;
  setup_tokens: SetupTokensTable;
  audit_log: AuditLogTable;
}

/** Reads a boolean column the same way on both engines. */
export function bool(value: boolean | number | null | undefined): boolean {
  return value === true || value === 1;
}
