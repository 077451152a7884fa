import { AppError, addDays, can, startOfDayIn, type CalendarDate, type Locale } from '@pond/domain';
import { AUDIT_NAMED_TYPES, auditDataRefs, auditEntityRef, auditRefKey, auditRefs, type AuditNamedType } from '@pond/domain/audit';
import type { Actor, SystemActor } from '../../platform/actor.js';
import type { CoreDeps } from '../../platform/deps.js';
import { keysetCursor } from '../../platform/keyset-cursor.js';
import { nameIn, parseNames } from '../orders/catalogue.service.js';
import type { AuditFilters, AuditRepository, AuditRow } from './audit.repository.js';
import type { Repositories } from '../../repositories.js';

export interface AuditQuery {
  limit: number;
  cursor?: string;
  /** A user's id, or "system": entries no user made (Pond's jobs, signed links, the CLI, failed sign-ins). */
  actor?: number | 'system';
  action?: string;
  /** Calendar days in the viewer's time zone, both included. */
  from?: CalendarDate;
  to?: CalendarDate;
  entityType?: string;
  entityId?: string;
}

/** An entry with the names its sentence shows: the actor's, the entity's, and those of records its data names. */
export interface AuditItem extends AuditRow {
  actorName: string | null;
  entityName: string | null;
  related: Record<string, string>;
}

export class AuditService {
  private readonly repo: AuditRepository;

  constructor(
    repos: Pick<Repositories, 'audit'>,
    private readonly deps: CoreDeps,
  ) {
    this.repo = repos.audit;
  }

  /** Records what a job did, once per job key however often the job runs (a retry after a crash adds nothing). */
  async recordForJobOnce(actor: SystemActor, entry: { action: string; entityId: string; after: Record<string, unknown> }): Promise<void> {
    const { action, entityId, after } = entry;
    const db = this.deps.database.db;
    if (await this.repo.has(db, action, 'job', entityId)) return;
    await this.repo.record(db, { at: this.deps.clock.now().toISOString(), actorId: null, actorLabel: actor.label, action, entityType: 'job', entityId, after });
  }

  /** The audit log for an admin, newest first. Admins see every record, so every name is theirs to read. */
  async page(actor: Actor, query: AuditQuery, locale: Locale): Promise<{ items: AuditItem[]; nextCursor: string | null }> {
    if (!can.readAudit(actor.role)) throw new AppError('FORBIDDEN');
    if (query.from && query.to && query.from > query.to) throw new AppError('PERIOD_REVERSED');
    const zone = actor.timeZone ?? this.deps.config.defaultTimeZone;
    const filters: AuditFilters = {
      ...(query.actor !== undefined && { actor: query.actor }),
      ...(query.action && { action: query.action }),
      ...(query.from && { from: startOfDayIn(query.from, zone) }),
      ...(query.to && { to: startOfDayIn(addDays(query.to, 1), zone) }),
      ...(query.entityType && { entityType: query.entityType }),
      ...(query.entityId && { entityId: query.entityId }),
    };
    const cursor = query.cursor ? keysetCursor.decode(query.cursor) : undefined;
    const db = this.deps.database.db;
    const rows = await this.repo.page(db, filters, query.limit + 1, cursor);
    const page = rows.slice(0, query.limit);
    const last = page.at(-1);
    const names = await this.names(page, locale);
    const items = page.map((row): AuditItem => {
      const entity = auditEntityRef(row);
      const related: Record<string, string> = {};
      for (const ref of auditDataRefs(row)) {
        const name = names.get(auditRefKey(ref));
        if (name !== undefined) related[auditRefKey(ref)] = name;
      }
      return {
        ...row,
        actorName: (row.actorId !== null ? names.get(`user:${row.actorId}`) : undefined) ?? row.actorLabel,
        entityName: (entity && names.get(auditRefKey(entity))) ?? null,
        related,
      };
    });
    return { items, nextCursor: rows.length > query.limit && last ? keysetCursor.encode(last.at, last.id) : null };
  }

  private async names(rows: AuditRow[], locale: Locale): Promise<Map<string, string>> {
    const ids = new Map<AuditNamedType, Set<number>>(AUDIT_NAMED_TYPES.map((t) => [t, new Set<number>()]));
    for (const row of rows) for (const ref of auditRefs(row)) ids.get(ref.type)!.add(Number(ref.id));
    const names = await this.repo.names(this.deps.database.db, new Map([...ids].map(([t, s]) => [t, [...s]])));
    // A product is stored with a name per language: the reader's.
    for (const [key, json] of names) if (key.startsWith('product:')) names.set(key, nameIn(parseNames(json), locale));
    return names;
  }
}
