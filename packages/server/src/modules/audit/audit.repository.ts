import { prepared, type AuditLogTable, type Executor } from '@pond/db';
import type { AuditNamedType } from '@pond/domain/audit';
import type { Insertable } from 'kysely';

// Every write records one.
const insertEntry = prepared((db, p: Insertable<AuditLogTable>) => db.insertInto('audit_log').values(p));
/** 9 parameters a row: 500 rows stay far under both engines' limits on a statement's parameters. */
const ENTRIES_PER_INSERT = 500;

export interface AuditEntry {
  at: string;
  actorId: number | null;
  actorLabel: string | null;
  action: string;
  entityType: string;
  entityId: string | number | null;
  before?: unknown;
  after?: unknown;
  ip?: string | null;
}

function rowOf(entry: AuditEntry): Insertable<AuditLogTable> {
  return {
    at: entry.at,
    actor_id: entry.actorId,
    actor_label: entry.actorLabel,
    action: entry.action,
    entity_type: entry.entityType,
    entity_id: entry.entityId === null ? null : String(entry.entityId),
    before_json: json(entry.before),
    after_json: json(entry.after),
    ip: entry.ip ?? null,
  };
}

export interface AuditRow {
  id: number;
  at: string;
  actorId: number | null;
  actorLabel: string | null;
  action: string;
  entityType: string;
  entityId: string | null;
  before: unknown;
  after: unknown;
  ip: string | null;
}

/** What the audit page narrows by; `from` is inclusive and `to` exclusive, both instants. */
export interface AuditFilters {
  actor?: number | 'system';
  action?: string;
  from?: string;
  to?: string;
  entityType?: string;
  entityId?: string;
}

const json = (v: unknown) => (v === undefined ? null : JSON.stringify(v));
const parse = (v: string | null): unknown => (v === null ? null : JSON.parse(v));

/** Append-only. Callers pass their transaction so the entry commits or rolls back with the change it describes. */
export class AuditRepository {
  /** Whether an entry of this action about this entity exists: how a retried job tells that its work is done. */
  async has(db: Executor, action: string, entityType: string, entityId: string): Promise<boolean> {
    const row = await db.selectFrom('audit_log').select('id').where('entity_type', '=', entityType).where('entity_id', '=', entityId).where('action', '=', action).limit(1).executeTakeFirst();
    return row !== undefined;
  }

  /** Keeps an erased record's entries as tombstones: who did what and when stays, the data they held goes. */
  async forgetData(db: Executor, entityType: string, entityId: number | string): Promise<void> {
    await db.updateTable('audit_log').set({ before_json: null, after_json: null }).where('entity_type', '=', entityType).where('entity_id', '=', String(entityId)).execute();
  }

  async record(db: Executor, entry: AuditEntry): Promise<void> {
    await insertEntry.execute(db, rowOf(entry));
  }

  /** Many entries of one change (a sweep's batch), a few hundred rows to a statement. */
  async recordAll(db: Executor, entries: AuditEntry[]): Promise<void> {
    for (let i = 0; i < entries.length; i += ENTRIES_PER_INSERT) await db.insertInto('audit_log').values(entries.slice(i, i + ENTRIES_PER_INSERT).map(rowOf)).execute();
  }

  /**
   * Newest first by (at, id), from the keyset cursor on, under the filters. The cursor's bound on `at` is also a
   * plain range, so the (at, id), (actor_id, at, id) and (action, at, id) indexes seek to it instead of scanning
   * the pages before.
   */
  async page(db: Executor, f: AuditFilters, limit: number, before?: { at: string; id: number }): Promise<AuditRow[]> {
    let q = db.selectFrom('audit_log').selectAll().orderBy('at', 'desc').orderBy('id', 'desc').limit(limit);
    if (f.actor === 'system') q = q.where('actor_id', 'is', null);
    else if (f.actor !== undefined) q = q.where('actor_id', '=', f.actor);
    if (f.action) q = q.where('action', '=', f.action);
    if (f.from) q = q.where('at', '>=', f.from);
    if (f.to) q = q.where('at', '<', f.to);
    if (f.entityType) q = q.where('entity_type', '=', f.entityType);
    if (f.entityId) q = q.where('entity_id', '=', f.entityId);
    if (before) q = q.where('at', '<=', before.at).where((eb) => eb.or([eb('at', '<', before.at), eb('id', '<', before.id)]));
    const rows = await q.execute();
    return rows.map((r) => ({
      id: r.id,
      at: r.at,
      actorId: r.actor_id,
      actorLabel: r.actor_label,
      action: r.action,
      entityType: r.entity_type,
      entityId: r.entity_id,
      before: parse(r.before_json),
      after: parse(r.after_json),
      ip: r.ip,
    }));
  }

  /**
   * The names of the records a page of entries shows, keyed "type:id": one primary-key lookup per kind present. An
   * order and an invitation are named by their prospect; a product by its names as stored (JSON, one per language).
   * Records that are gone (an erased prospect) are simply absent.
   */
  async names(db: Executor, ids: ReadonlyMap<AuditNamedType, readonly number[]>): Promise<Map<string, string>> {
    const out = new Map<string, string>();
    const lookups = [...ids].filter(([, list]) => list.length > 0).map(async ([type, list]) => {
      const rows = await NAME_QUERIES[type](db, [...list]);
      for (const r of rows) out.set(`${type}:${r.id}`, r.name);
    });
    await Promise.all(lookups);
    return out;
  }
}

type NameQuery = (db: Executor, ids: number[]) => Promise<{ id: number; name: string }[]>;

const NAME_QUERIES: Record<AuditNamedType, NameQuery> = {
  user: (db, ids) => db.selectFrom('users').select(['id', 'display_name as name']).where('id', 'in', ids).execute(),
  prospect: (db, ids) => db.selectFrom('prospects').select(['id', 'name']).where('id', 'in', ids).execute(),
  team: (db, ids) => db.selectFrom('teams').select(['id', 'name']).where('id', 'in', ids).execute(),
  event: (db, ids) => db.selectFrom('events').select(['id', 'title as name']).where('id', 'in', ids).execute(),
  newsletter: (db, ids) => db.selectFrom('newsletter_issues').select(['id', 'subject as name']).where('id', 'in', ids).execute(),
  api_token: (db, ids) => db.selectFrom('api_tokens').select(['id', 'name']).where('id', 'in', ids).execute(),
  product: (db, ids) => db.selectFrom('products').select(['id', 'names_json as name']).where('id', 'in', ids).execute(),
  order: (db, ids) => db.selectFrom('orders as o').innerJoin('prospects as p', 'p.id', 'o.prospect_id').select(['o.id as id', 'p.name as name']).where('o.id', 'in', ids).execute(),
  invitation: (db, ids) => db.selectFrom('invitations as i').innerJoin('prospects as p', 'p.id', 'i.prospect_id').select(['i.id as id', 'p.name as name']).where('i.id', 'in', ids).execute(),
};
