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
  /** How the user's typed numbers are read and which they see nationally; null: from their time zone, else the installation's. */
  phone_region: string | null;
  /** The signature under their cover notes: a job title and a phone (E.164). */
  title: string | null;
  phone: string | null;
  active: Bool;
  digest_enabled: ColumnType<boolean | number, boolean | undefined, boolean>;
  digest_hour: ColumnType<number, number | undefined, number>;
  /** Bit 0 Monday … bit 6 Sunday. */
  digest_days: ColumnType<number, number | undefined, number>;
  team_digest: ColumnType<boolean | number, boolean | undefined, boolean>;
  digest_sent_for: ColumnType<string | null, string | null | undefined, string | null>;
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

export type JobStatus = 'queued' | 'running' | 'done' | 'dead';

export interface JobsTable {
  id: Generated<number>;
  key: string;
  type: string;
  version: number;
  payload: string;
  status: JobStatus;
  run_at: Timestamp;
  attempts: Generated<number>;
  max_attempts: number;
  lease_until: Timestamp | null;
  locked_by: string | null;
  last_error: string | null;
  created_at: Timestamp;
  updated_at: Timestamp;
  finished_at: Timestamp | null;
}

export type OutboxStatus = 'pending' | 'sent' | 'failed';

export interface OutboxTable {
  id: Generated<number>;
  key: string;
  to_address: string;
  reply_to: string | null;
  subject: string;
  text_body: string;
  html_body: string | null;
  headers_json: string;
  status: OutboxStatus;
  attempts: Generated<number>;
  last_error: string | null;
  message_id: string;
  created_at: Timestamp;
  sent_at: Timestamp | null;
}

export interface ProspectsTable {
  id: Generated<number>;
  name: string;
  company: string | null;
  title: string | null;
  wechat_id: string | null;
  address: string | null;
  /** Free text: what the card's remarks said, what the salesperson wants to remember. */
  notes: string | null;
  source: string;
  collected_by_id: number | null;
  owner_id: number | null;
  grade: 'A' | 'B' | 'C' | 'unrated';
  importance: 'key' | 'normal' | 'small';
  expected_close: string;
  disposition: 'continue' | 'pause' | 'keep' | 'dropped';
  resume_on: string | null;
  dropped_reason: string | null;
  interval_days: number | null;
  newsletter_consent: string;
  do_not_call: Bool;
  stage: 'prospect' | 'customer' | 'repeat_customer';
  touch_count: ColumnType<number, number | undefined, number>;
  last_touch_at: Timestamp | null;
  explicit_next_on: string | null;
  next_due_on: string | null;
  archived_at: Timestamp | null;
  created_by_id: number | null;
  version: ColumnType<number, number | undefined, number>;
  created_at: Timestamp;
  updated_at: Timestamp;
  /**
   * The name folded by the domain's `nameKey`, for "possibly the same person" by name; '' when the name folds to
   * nothing. NULL only for rows written before the column existed, until the server's start fills them in.
   */
  name_key: string | null;
  /** When the current owner took it (created, claimed, assigned): the recall clock counts from here at the earliest. */
  owned_since: Timestamp | null;
  /** In the pool (no owner): since when, whose book it left, and why ('recalled' by Pond or the owner's reason). */
  pooled_at: Timestamp | null;
  pooled_from_id: number | null;
  pool_reason: string | null;
  /** Confirmed, undelivered orders: while there is one, the pool's recall leaves the customer alone. */
  open_orders: ColumnType<number, number | undefined, number>;
}

export interface PoolMovesTable {
  id: Generated<number>;
  prospect_id: number;
  kind: 'recalled' | 'released' | 'claimed' | 'assigned';
  at: Timestamp;
  actor_id: number | null;
  actor_label: string;
  from_owner_id: number | null;
  to_owner_id: number | null;
  reason: string | null;
  idle_days: number | null;
  limit_days: number | null;
}

export interface ProspectContactsTable {
  id: Generated<number>;
  prospect_id: number;
  kind: 'phone' | 'email';
  value: string;
  position: number;
}

export interface ProspectTagsTable {
  prospect_id: number;
  tag: string;
}

export interface ProspectColleaguesTable {
  prospect_id: number;
  user_id: number;
  created_by_id: number | null;
  created_at: Timestamp;
}

export interface TouchesTable {
  id: Generated<number>;
  prospect_id: number;
  user_id: number;
  on_behalf: Bool;
  channel: string;
  direction: string;
  at: Timestamp;
  kind: 'first_contact' | 'revisit';
  summary: string | null;
  feedback: string | null;
  receptivity: string | null;
  sale_made: Bool;
  relationship_kept: Bool;
  outcome: string;
  lessons: string | null;
  next_contact_on: string | null;
  created_at: Timestamp;
  /** Whose book the prospect was in when touched, the day it fell on in their calendar, and the next contact it set. */
  owner_id: ColumnType<number | null, number | null | undefined, number | null>;
  local_on: ColumnType<string | null, string | null | undefined, string | null>;
  due_on: ColumnType<string | null, string | null | undefined, string | null>;
  /** The day (in its owner's calendar) of the prospect's next touch; null while this is the latest. */
  next_on: ColumnType<string | null, string | null | undefined, string | null>;
  has_feedback: ColumnType<boolean | number, boolean | undefined, boolean>;
}

export interface ProspectHistoryTable {
  id: Generated<number>;
  prospect_id: number;
  at: Timestamp;
  user_id: number | null;
  field: string;
  before_value: string | null;
  after_value: string | null;
}

export interface SettingsTable {
  key: string;
  value_json: string;
  version: ColumnType<number, number | undefined, number>;
  updated_at: Timestamp;
  updated_by_id: number | null;
}

/**
 * The tables queries build on. `search_index` is left out: its columns differ by engine (an FTS5 table on SQLite,
 * `prospect_id`, `owner_id`, `terms text[]` and the document `doc json` on PostgreSQL), so the search repository
 * writes its SQL per engine.
 */
export interface FeedTokensTable {
  user_id: number;
  token_hash: string;
  created_at: Timestamp;
  last_used_at: Timestamp | null;
}

export interface NotificationsTable {
  id: Generated<number>;
  user_id: number;
  kind: string;
  key: string | null;
  prospect_id: number | null;
  actor_id: number | null;
  actor_label: string | null;
  data_json: ColumnType<string, string | undefined, string>;
  created_at: Timestamp;
  read_at: Timestamp | null;
}

export interface ProductsTable {
  id: Generated<number>;
  names_json: string;
  sort_name: string;
  category: 'vehicle' | 'part' | 'accessory' | 'service' | 'other';
  list_price_minor: number;
  currency: string;
  active: Bool;
  version: ColumnType<number, number | undefined, number>;
  created_at: Timestamp;
  updated_at: Timestamp;
}

export interface CommissionRulesTable {
  id: Generated<number>;
  category: 'vehicle' | 'part' | 'accessory' | 'service' | 'other';
  kind: 'percent' | 'fixed';
  basis_points: number | null;
  fixed_minor: number | null;
  currency: string | null;
  effective_on: string;
  created_by_id: number | null;
  created_at: Timestamp;
}

export interface OrdersTable {
  id: Generated<number>;
  prospect_id: number;
  /** Always the prospect's owner now (a trigger keeps it so): what the order list's visibility reads. */
  prospect_owner_id: number | null;
  owner_id: number | null;
  closed_by_id: number | null;
  on_behalf: ColumnType<boolean | number, boolean | undefined, boolean>;
  status: 'draft' | 'confirmed' | 'delivered' | 'cancelled';
  currency: string;
  total_minor: number;
  commission_minor: number;
  lines_without_commission: ColumnType<number, number | undefined, number>;
  delivery_on: string | null;
  note: string | null;
  lessons: string | null;
  relationship_kept: ColumnType<boolean | number | null, boolean | null | undefined, boolean | null>;
  touch_id: number | null;
  stage_before: 'prospect' | 'customer' | 'repeat_customer' | null;
  dated_at: Timestamp;
  confirmed_at: Timestamp | null;
  delivered_at: Timestamp | null;
  cancelled_at: Timestamp | null;
  cancel_reason: string | null;
  created_by_id: number | null;
  version: ColumnType<number, number | undefined, number>;
  created_at: Timestamp;
  updated_at: Timestamp;
}

export interface OrderLinesTable {
  id: Generated<number>;
  order_id: number;
  position: number;
  product_id: number | null;
  description: string | null;
  category: 'vehicle' | 'part' | 'accessory' | 'service' | 'other';
  quantity: number;
  unit_minor: number;
  discount_kind: 'amount' | 'percent' | null;
  discount_value: number | null;
  amount_minor: number;
  commission_minor: number | null;
  commission_rule_id: number | null;
}

export interface EventsTable {
  id: Generated<number>;
  title: string;
  kind: 'seminar' | 'test_drive' | 'trade_fair' | 'dinner' | 'other';
  status: ColumnType<'planned' | 'cancelled', 'planned' | 'cancelled' | undefined, 'planned' | 'cancelled'>;
  starts_at: Timestamp;
  ends_at: Timestamp | null;
  time_zone: string;
  place: string | null;
  online_url: string | null;
  capacity: number | null;
  notes: string | null;
  /** Whose event it is: its team's members see it; null for the whole company's. */
  team_id: number | null;
  created_by_id: number | null;
  cancel_reason: string | null;
  cancelled_at: Timestamp | null;
  closed_at: Timestamp | null;
  version: ColumnType<number, number | undefined, number>;
  created_at: Timestamp;
  updated_at: Timestamp;
}

export interface EventHostsTable {
  event_id: number;
  user_id: number;
}

export type InvitationStateColumn = 'invited' | 'accepted' | 'declined' | 'no_answer' | 'attended' | 'no_show';

export interface InvitationsTable {
  id: Generated<number>;
  event_id: number;
  prospect_id: number;
  state: InvitationStateColumn;
  channel: 'email' | 'in_person';
  walk_in: ColumnType<boolean, boolean | undefined, boolean>;
  invited_by_id: number | null;
  invited_at: Timestamp;
  answered_at: Timestamp | null;
  checked_in_by_id: number | null;
  checked_in_at: Timestamp | null;
  touch_id: number | null;
  /** The invitation mail's outbox key, when it went by e-mail. */
  mail_key: string | null;
  /** Why no mail went although e-mail was asked for (no address, unsubscribed, dropped). */
  mail_refused: string | null;
  version: ColumnType<number, number | undefined, number>;
  updated_at: Timestamp;
}

export type IssueStateColumn = 'draft' | 'submitted' | 'approved' | 'rejected' | 'sending' | 'paused' | 'sent' | 'cancelled';

export interface NewsletterIssuesTable {
  id: Generated<number>;
  subject: string;
  body_md: string;
  advertisement: Bool;
  templates_json: string;
  audience: string;
  state: IssueStateColumn;
  author_id: number;
  team_id: number | null;
  submitted_at: Timestamp | null;
  reviewed_by_id: number | null;
  reviewed_at: Timestamp | null;
  review_comment: string | null;
  approval_hash: string | null;
  send_at: Timestamp | null;
  started_at: Timestamp | null;
  finished_at: Timestamp | null;
  version: ColumnType<number, number | undefined, number>;
  created_at: Timestamp;
  updated_at: Timestamp;
}

export type CopyStateColumn = 'planned' | 'claimed' | 'sending' | 'accepted' | 'retry' | 'failed' | 'suppressed' | 'unknown' | 'excluded';

export interface NewsletterCopiesTable {
  id: Generated<number>;
  issue_id: number;
  prospect_id: number;
  /** Why the prospect is on the list but gets no copy (no address, unsubscribed, the caps, …); null when included. */
  excluded: string | null;
  signer_id: number | null;
  address: string | null;
  locale: string | null;
  note: string | null;
  note_by_id: number | null;
  note_at: Timestamp | null;
  state: CopyStateColumn;
  lease_until: Timestamp | null;
  claimed_by: string | null;
  claimed_at: Timestamp | null;
  attempts: ColumnType<number, number | undefined, number>;
  retry_at: Timestamp | null;
  message_id: string | null;
  smtp_reply: string | null;
  suppressed_reason: string | null;
  sent_at: Timestamp | null;
  decided_by_id: number | null;
}

export interface MailSuppressionsTable {
  address: string;
  reason: 'hard_bounce' | 'complaint' | 'refused' | 'soft_bounces' | 'unsubscribed';
  detail: string | null;
  soft_count: ColumnType<number, number | undefined, number>;
  active: ColumnType<boolean | number, boolean | undefined, boolean>;
  at: Timestamp;
}

export interface SendWindowsTable {
  name: string;
  used: ColumnType<number, number | undefined, number>;
}

export interface NewsletterInboundTable {
  id: Generated<number>;
  copy_id: number | null;
  kind: string;
  status: string | null;
  detail: string | null;
  from_address: string | null;
  subject: string | null;
  body: string | null;
  at: Timestamp;
}

export interface NewsletterImagesTable {
  id: Generated<number>;
  issue_id: number;
  /** The picture's public address: random, unguessable. */
  token: string;
  kind: 'png' | 'jpg' | 'gif' | 'webp';
  name: string;
  byte_size: number;
  width: number;
  height: number;
  sha256: string;
  /** better-sqlite3 and node-postgres read a Buffer, PGlite a Uint8Array. */
  data: Uint8Array;
  uploaded_by_id: number | null;
  created_at: Timestamp;
}

export interface DB {
  newsletter_issues: NewsletterIssuesTable;
  newsletter_images: NewsletterImagesTable;
  newsletter_copies: NewsletterCopiesTable;
  mail_suppressions: MailSuppressionsTable;
  send_windows: SendWindowsTable;
  newsletter_inbound: NewsletterInboundTable;
  events: EventsTable;
  event_hosts: EventHostsTable;
  invitations: InvitationsTable;
  products: ProductsTable;
  commission_rules: CommissionRulesTable;
  orders: OrdersTable;
  order_lines: OrderLinesTable;
  prospects: ProspectsTable;
  prospect_contacts: ProspectContactsTable;
  prospect_tags: ProspectTagsTable;
  prospect_colleagues: ProspectColleaguesTable;
  touches: TouchesTable;
  prospect_history: ProspectHistoryTable;
  settings: SettingsTable;
  users: UsersTable;
  teams: TeamsTable;
  sessions: SessionsTable;
  api_tokens: ApiTokensTable;
  login_throttle: LoginThrottleTable;
  setup_tokens: SetupTokensTable;
  audit_log: AuditLogTable;
  jobs: JobsTable;
  outbox: OutboxTable;
  pool_moves: PoolMovesTable;
  feed_tokens: FeedTokensTable;
  notifications: NotificationsTable;
}

/** Reads a boolean column the same way on both engines. */
export function bool(value: boolean | number | null | undefined): boolean {
  return value === true || value === 1;
}
