import { AppError, prospectsVcard, todayIn, type PrivacyExportView } from '@pond/domain';
import type { Actor, RequestMeta } from '../../platform/actor.js';
import type { AuditRepository } from '../audit/audit.repository.js';
import type { EventsService } from '../events/events.service.js';
import type { OrdersService } from '../orders/orders.service.js';
import type { ProspectsService } from '../prospects/prospects.service.js';
import type { TouchesService } from '../prospects/touches.service.js';
import type { Repositories } from '../../repositories.js';
import type { CoreDeps } from '../../platform/deps.js';
import type { ProspectAccess } from '../prospects/prospects.access.js';

/** The most timeline entries and orders one export holds: far beyond any real relationship. */
const MAX_ENTRIES = 10_000;

/**
 * A data-subject export of one prospect, assembled from the modules that hold its parts, each read through its own
 * service (so each part is exactly what that module shows the actor), and audited. A prospect the actor may not see
 * is 404; a pool prospect (whose hidden fields the pool masks) only the admin exports.
 */
export class PrivacyService {
  private readonly audit: AuditRepository;

  constructor(
    repos: Pick<Repositories, 'audit'>,
    private readonly deps: CoreDeps,
    private readonly access: ProspectAccess,
    private readonly prospects: ProspectsService,
    private readonly touches: TouchesService,
    private readonly orders: OrdersService,
    private readonly events: EventsService,
  ) {
    this.audit = repos.audit;
  }

  async export(actor: Actor, prospectId: number, meta: RequestMeta): Promise<{ filename: string; body: PrivacyExportView }> {
    const db = this.deps.database.db;
    const loaded = await this.access.loadVisible(db, actor, prospectId);
    if (loaded.row.owner_id === null && actor.role !== 'admin') throw new AppError('FORBIDDEN');
    const [prospect, timeline, orders, invitations] = await Promise.all([
      this.prospects.present(db, actor, loaded),
      this.touches.timeline(actor, prospectId, MAX_ENTRIES),
      this.orders.list(actor, { prospectId, limit: 200 }),
      this.events.ofProspect(actor, prospectId),
    ]);
    // The card from the record as presented (its contacts and tags already read for it).
    const p = prospect;
    const vcard = prospectsVcard([{ name: p.name, company: p.company, title: p.title, phones: p.phones, emails: p.emails, wechatId: p.wechatId, address: p.address, notes: p.notes, tags: p.tags, grade: p.grade }]);
    const now = this.deps.clock.now();
    await this.audit.record(db, { at: now.toISOString(), actorId: actor.userId, actorLabel: actor.email, action: 'prospect.privacy_exported', entityType: 'prospect', entityId: prospectId, after: { timeline: timeline.length, orders: orders.items.length, invitations: invitations.items.length }, ip: meta.ip });
    const day = todayIn(now, actor.timeZone ?? this.deps.config.defaultTimeZone);
    return {
      filename: `pond-prospect-${prospectId}-${day}.json`,
      body: { exportedAt: now.toISOString(), prospect, timeline: timeline as PrivacyExportView['timeline'], orders: orders.items, invitations: invitations.items, vcard },
    };
  }
}
