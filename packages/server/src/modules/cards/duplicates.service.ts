import type { Executor } from '@pond/db';
import { POSSIBLE_DUPLICATES_SHOWN, nameKey, type PossibleDuplicatesView, type ProspectRefView } from '@pond/domain';
import type { Actor } from '../../platform/actor.js';
import type { DuplicatesRepository } from './duplicates.repository.js';
import { canFor } from '../prospects/prospects.policy.js';
import type { ProspectScope } from '../prospects/prospects.queries.js';
import { toRef, toSummary } from '../prospects/prospects.views.js';
import type { Repositories } from '../../repositories.js';
import type { ProspectsRepository } from '../prospects/prospects.repository.js';
import type { CoreDeps } from '../../platform/deps.js';
import type { ProspectAccess } from '../prospects/prospects.access.js';

/** Records a detail page lists at most. */
const SHOWN_ON_DETAIL = 10;
/** Contact rows read per record: a switchboard number shared by a whole company is not a hundred duplicates. */
const SHARERS_READ = 500;
/** Name keys per query of an import. */
const KEYS_PER_QUERY = 500;
/** Rows per statement when keys are filled in. */
const FILL_BATCH = 500;

/** Same-name prospects of an import's cards, by name key. */
export type SameNames = Map<string, { existing: ProspectRefView[]; count: number }>;

/**
 * Records that may be one person: the same phone or e-mail, or a name that folds alike (`nameKey`). A name is a
 * hint, not evidence, so only what the user may see is ever named or counted.
 */
export class DuplicatesService {
  private readonly repo: DuplicatesRepository;

  private readonly prospectsRepo: ProspectsRepository;
  constructor(
    repos: Pick<Repositories, 'duplicates' | 'prospects'>,
    private readonly deps: CoreDeps,
    private readonly access: ProspectAccess,
  ) {
    this.repo = repos.duplicates;
    this.prospectsRepo = repos.prospects;
  }

  /** The visible, unarchived records that share a contact or the name key with a prospect the actor may see (else 404). */
  async of(actor: Actor, id: number): Promise<PossibleDuplicatesView> {
    const db = this.deps.database.db;
    const loaded = await this.access.loadVisible(db, actor, id);
    const { row, reach } = loaded;
    const own = (await this.prospectsRepo.extras(db, [id])).get(id)!;
    const sharing = await this.repo.contactSharers(db, id, own.phones, own.emails, SHARERS_READ);
    const key = row.name_key ?? nameKey(row.name);
    const sharers = [...new Set(sharing.map((s) => s.prospect_id))];
    const { rows, total } = await this.repo.sameNameOrContact(db, { id, key, sharers, scope: reach.scope, actorId: actor.userId, limit: SHOWN_ON_DETAIL });
    const [extras, names] = await Promise.all([this.prospectsRepo.extras(db, rows.map((r) => r.id)), this.access.userNames(db, rows.map((r) => r.owner_id))]);
    return {
      items: rows.map((r) => {
        const can = canFor(actor, reach, r);
        const shares = (kind: 'phone' | 'email') => sharing.some((s) => s.prospect_id === r.id && s.kind === kind);
        return {
          prospect: toSummary(r, extras.get(r.id), names),
          reasons: [...(shares('phone') ? ['phone' as const] : []), ...(shares('email') ? ['email' as const] : []), ...(key && r.name_key === key ? ['name' as const] : [])],
          // As the merge decides: both editable, and taking in another owner's record is a change of owner.
          canMerge: loaded.can.edit && can.edit && (r.owner_id === row.owner_id || can.changeOwner),
        };
      }),
      total,
    };
  }

  /** For an import: the visible, unarchived prospects with each of these name keys (a few each, and how many). */
  async sameNames(db: Executor, actor: Actor, scope: ProspectScope, keys: string[]): Promise<SameNames> {
    const found: SameNames = new Map();
    const unique = [...new Set(keys.filter(Boolean))];
    const rows = [];
    for (let i = 0; i < unique.length; i += KEYS_PER_QUERY) {
      rows.push(...(await this.repo.sameNames(db, unique.slice(i, i + KEYS_PER_QUERY), scope, actor.userId, POSSIBLE_DUPLICATES_SHOWN)));
    }
    const names = await this.access.userNames(db, rows.map((r) => r.owner_id));
    for (const r of rows) {
      let entry = found.get(r.name_key);
      if (!entry) found.set(r.name_key, (entry = { existing: [], count: r.total }));
      entry.existing.push(toRef(r, names, actor.userId));
    }
    return found;
  }

  /**
   * Gives the rows written before name keys existed their key, batch by batch along the primary key; returns
   * how many it wrote. The server runs it when it starts; it costs one indexed probe when nothing is missing.
   */
  async fillNameKeys(signal?: AbortSignal): Promise<number> {
    const db = this.deps.database.db;
    if (!(await this.repo.hasUnkeyedNames(db))) return 0;
    let after = 0;
    let written = 0;
    while (!signal?.aborted) {
      const rows = await this.repo.namesAfter(db, after, FILL_BATCH);
      if (!rows.length) break;
      const missing = rows.filter((r) => r.name_key === null).map((r) => ({ id: r.id, name: r.name, key: nameKey(r.name) }));
      await this.repo.writeNameKeys(db, missing);
      written += missing.length;
      after = rows[rows.length - 1]!.id;
    }
    return written;
  }
}
