import { prepared, type AuditLogTable, type Executor } from '@pond/db';
import type { Insertable } from 'kysely';

// Every write records one.
const insertEntry = prepared((db, p: Insertable<AuditLogTable>) => db.insertInto('audit_log').values(p));

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

const json = (v: unknown) => (v === undefined ? null : JSON.stringify(v));
const parse = (v: string | null): unknown => (v === null ? null : JSON.parse(v));

/** Append-only. Callers pass their transaction so the entry commits or rolls back with the change it describes. */
export class AuditRepository {
  /** Whether an entry of this action about this entity exists: how a retried job tells that its work is done. */
  async has(db: Executor, action: string, entityType: string, entityId: string): Promise<boolean> {
    const row = await db.selectFrom('audit_log').select('id').where('entity_type', '=', entityType).where('entity_id', '=', entityId).where('action', '=', action).limit(1).executeTakeFirst();
    return row !== undefined;
  }

  async record(db: Executor, entry: AuditEntry): Promise<void> {
    await insertEntry.execute(db, {
      at: entry.at,
      actor_id: entry.actorId,
      actor_label: entry.actorLabel,
      action: entry.action,
      entity_type: entry.entityType,
      entity_id: entry.entityId === null ? null : String(entry.entityId),
      before_json: json(entry.before),
      after_json: json(entry.after),
      ip: entry.ip ?? null,
    });
  }

  /** Newest first, keyset-paginated by id. */
  async page(db: Executor, options: { beforeId?: number; limit: number; entityType?: string; entityId?: string }): Promise<AuditRow[]> {
    let q = db.selectFrom('audit_log').selectAll().orderBy('id', 'desc').limit(options.limit);
    if (options.beforeId !== undefined) q = q.where('id', '<', options.beforeId);
    if (options.entityType) q = q.where('entity_type', '=', options.entityType);
    if (options.entityId) q = q.where('entity_id', '=', options.entityId);
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
}
