import { withTransaction } from '@pond/db';
import { AppError, STAGES, nameKey } from '@pond/domain';
import type { Actor, RequestMeta } from '../../platform/actor.js';
import { assertVersion } from '../../platform/versioning.js';
import type { AuditRepository } from '../audit/audit.repository.js';
import { allow } from '../prospects/prospects.access.js';
import type { ProspectPatch, ProspectRow, ProspectsRepository } from '../prospects/prospects.repository.js';
import type { SearchService } from '../search/search.service.js';
import type { ProspectsService } from '../prospects/prospects.service.js';
import type { ProspectView } from '../prospects/prospects.views.js';
import type { Repositories } from '../../repositories.js';
import type { CoreDeps } from '../../platform/deps.js';
import type { ProspectAccess } from '../prospects/prospects.access.js';

/** Text fields the kept record takes from the merged one when it has none of its own. */
const FILLED = ['company', 'title', 'wechat_id', 'address', 'notes'] as const;

/**
 * Two records of one person become one. The kept record keeps its own fields, owner and grade; it gains the
 * other's touches, field history, phones, e-mails, tags and colleague links, and its empty text fields are
 * filled from the other. The other record's owner becomes a linked colleague, and its collector, owner,
 * source and name stay in the kept record's history. Then the other record is gone, its search terms with it.
 */
export class MergeService {
  private readonly audit: AuditRepository;
  private readonly prospectsRepo: ProspectsRepository;

  constructor(
    repos: Pick<Repositories, 'audit' | 'prospects'>,
    private readonly deps: CoreDeps,
    private readonly access: ProspectAccess,
    private readonly prospects: ProspectsService,
    private readonly search: SearchService,
  ) {
    this.audit = repos.audit;
    this.prospectsRepo = repos.prospects;
  }

  async merge(actor: Actor, keepId: number, version: number | undefined, fromId: number, meta: RequestMeta): Promise<ProspectView> {
    const repo = this.prospectsRepo;
    const search = this.search;
    return withTransaction(this.deps.database.db, async (trx) => {
      // Both rows are locked in id order first: A←B and B←A at once queue instead of deadlocking, and a
      // second merge of the same record waits, then finds it gone (404).
      await repo.lockMany(trx, [keepId, fromId]);
      const kept = await this.access.loadVisible(trx, actor, keepId);
      const gone = await this.access.loadVisible(trx, actor, fromId);
      allow(kept.can.edit && gone.can.edit);
      // Taking a colleague's record into one's own is a change of owner: only their manager (or an admin) may.
      if (gone.row.owner_id !== kept.row.owner_id) allow(gone.can.changeOwner);
      if (keepId === fromId) throw new AppError('VALIDATION_FAILED', { details: [{ path: ['body', 'fromId'], message: 'another prospect' }] });
      assertVersion(version, kept.row.version, await this.prospects.present(trx, actor, kept), false);

      const a = kept.row;
      const b = gone.row;
      const at = this.deps.clock.now().toISOString();
      const extras = await repo.extras(trx, [keepId, fromId]);
      const [ka, kb] = [extras.get(keepId)!, extras.get(fromId)!];
      const union = (x: string[], y: string[]) => [...new Set([...x, ...y])];
      const phones = union(ka.phones, kb.phones);
      const emails = union(ka.emails, kb.emails);

      await repo.moveTouchesAndHistory(trx, fromId, keepId);
      await repo.renumberFirstContact(trx, keepId);
      await repo.relinkTouches(trx, keepId);
      if (phones.length !== ka.phones.length) await repo.replaceContacts(trx, keepId, 'phone', phones);
      if (emails.length !== ka.emails.length) await repo.replaceContacts(trx, keepId, 'email', emails);
      await repo.addTags(trx, [keepId], kb.tags);
      const colleagues = new Set([...kb.colleagues.map((c) => c.id), ...(b.owner_id !== null ? [b.owner_id] : [])]);
      colleagues.delete(a.owner_id ?? -1);
      for (const c of ka.colleagues) colleagues.delete(c.id);
      for (const userId of colleagues) await repo.addColleague(trx, keepId, userId, actor.userId, at);

      const patch: ProspectPatch = {};
      for (const f of FILLED) if (a[f] === null && b[f] !== null) patch[f] = b[f];
      const latest = (b.last_touch_at ?? '') > (a.last_touch_at ?? '') ? b : a;
      // The kept record keeps its name; its key is written again with the merge (the other's goes with its row).
      patch.name_key = nameKey(a.name);
      patch.touch_count = a.touch_count + b.touch_count;
      patch.open_orders = a.open_orders + b.open_orders;
      // The person is the further along of the two: a customer merged with a prospect is a customer.
      const stage = STAGES.indexOf(b.stage) > STAGES.indexOf(a.stage) ? b.stage : a.stage;
      if (stage !== a.stage) patch.stage = stage;
      patch.last_touch_at = latest.last_touch_at;
      patch.explicit_next_on = latest.explicit_next_on;
      patch.next_due_on = await this.prospects.recomputeDue(trx, { ...a, ...patch } as ProspectRow);

      const record = { id: fromId, name: b.name, owner: b.owner_id, collectedBy: b.collected_by_id, source: b.source, createdAt: b.created_at };
      const filled = Object.fromEntries(FILLED.filter((f) => f in patch).map((f) => [f, patch[f]]));
      await repo.addHistory(trx, [
        { prospect_id: keepId, at, user_id: actor.userId, field: 'merged', before: record, after: { ...filled, phones, emails } },
        ...(patch.stage ? [{ prospect_id: keepId, at, user_id: actor.userId, field: 'stage', before: a.stage, after: patch.stage }] : []),
      ]);
      if (!(await repo.erase(trx, fromId))) throw new AppError('NOT_FOUND');
      if (!(await repo.update(trx, keepId, patch, at, a.version))) throw new AppError('STALE_VERSION');
      await search.reindex(trx, [keepId]);
      // The merged record's name stays in the entry (its row is gone), so the log can say whom it merged; erasing the
      // kept record clears it with the rest of that record's entries.
      await this.audit.record(trx, { at, actorId: actor.userId, actorLabel: actor.email, action: 'prospect.merged', entityType: 'prospect', entityId: keepId, before: { merged: fromId, name: b.name }, after: { touches: patch.touch_count }, ip: meta.ip });
      return this.prospects.present(trx, actor, await this.access.loadVisible(trx, actor, keepId));
    });
  }
}
