import { AppError, can } from '@pond/domain';
import type { Actor } from '../../platform/actor.js';
import type { CoreDeps } from '../../platform/deps.js';
import { AuditRepository, type AuditRow } from './audit.repository.js';

export class AuditService {
  constructor(
    private readonly deps: CoreDeps,
    private readonly repo = new AuditRepository(),
  ) {}

  async page(actor: Actor, options: { cursor?: string; limit: number; entityType?: string; entityId?: string }): Promise<{ items: AuditRow[]; nextCursor: string | null }> {
    if (!can.readAudit(actor.role)) throw new AppError('FORBIDDEN');
    const beforeId = options.cursor ? Number(options.cursor) : undefined;
    if (beforeId !== undefined && !Number.isSafeInteger(beforeId)) throw new AppError('VALIDATION_FAILED', { details: [{ path: ['cursor'], message: 'invalid cursor' }] });
    const items = await this.repo.page(this.deps.database.db, { ...options, beforeId, limit: options.limit + 1 });
    const more = items.length > options.limit;
    const page = more ? items.slice(0, options.limit) : items;
    return { items: page, nextCursor: more ? String(page[page.length - 1]!.id) : null };
  }
}
