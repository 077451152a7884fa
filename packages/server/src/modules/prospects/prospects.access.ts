import type { Executor } from '@pond/db';
import { AppError } from '@pond/domain';
import type { Actor } from '../../platform/actor.js';
import type { UsersRepository } from '../users/users.repository.js';
import { canFor, type ActorReach, type ProspectCan } from './prospects.policy.js';
import type { ProspectRow, ProspectsRepository } from './prospects.repository.js';

export interface Loaded {
  row: ProspectRow;
  reach: ActorReach;
  can: ProspectCan;
}

/** Whether a former owner still reads what the pool took from them (the pool policy's rule, cached by settings). */
export type FormerOwnerReads = (db: Executor) => Promise<boolean>;

/**
 * Who may see which prospect, for every reader: lists, counts, bulk checks, lookups by id, exports and search all
 * start from `reachOf`, whose scope the queries apply in SQL (`visibleTo`; search's keys mirror it). What a role
 * may then do with one record is the pure `canFor`. Built once and given to the services that read prospects.
 */
export class ProspectAccess {
  constructor(
    private readonly repos: { prospects: ProspectsRepository; users: UsersRepository },
    private readonly formerOwnerReads: FormerOwnerReads,
  ) {}

  /**
   * Salesperson: own and colleague-linked prospects. Manager: their own, their teams' members', and
   * linked ones. Admin: all, the pool included. Deny by default: an unknown role sees nothing.
   * `links`: 'ids' reads the actor's linked prospect ids into the scope (for lists, counts and bulk checks);
   * 'in-query' leaves them to the query, for loading one prospect and for search, where reading
   * every link first cost more than the lookup itself.
   */
  async reachOf(db: Executor, actor: Actor, links: 'ids' | 'in-query' = 'ids'): Promise<ActorReach> {
    if (actor.role === 'admin') return { scope: { kind: 'all' }, manages: () => true };
    const linked =
      links === 'ids'
        ? { linkedIds: await this.repos.prospects.linkedIdsOf(db, actor.userId) }
        : // Loading given ids also reaches, read-only, what the pool took from this user, where the policy allows it.
          { linkedIds: [], linkedTo: actor.userId, ...((await this.formerOwnerReads(db)) && { formerOwner: actor.userId }) };
    if (actor.role === 'manager') {
      const members = await this.repos.users.membersManagedBy(db, actor.userId);
      const ownerIds = [...new Set([actor.userId, ...members])];
      const managed = new Set(members.filter((id) => id !== actor.userId));
      return { scope: { kind: 'restricted', ownerIds, ...linked }, manages: (ownerId) => ownerId !== null && managed.has(ownerId) };
    }
    if (actor.role === 'salesperson') {
      return { scope: { kind: 'restricted', ownerIds: [actor.userId], ...linked }, manages: () => false };
    }
    return { scope: { kind: 'restricted', ownerIds: [], linkedIds: [] }, manages: () => false };
  }

  /** Loads a prospect the actor may see, or answers 404 whether it is missing or merely invisible. */
  async loadVisible(db: Executor, actor: Actor, id: number): Promise<Loaded> {
    const reach = await this.reachOf(db, actor, 'in-query');
    const row = await this.repos.prospects.find(db, id, reach.scope);
    if (!row) throw new AppError('NOT_FOUND');
    return { row, reach, can: canFor(actor, reach, row) };
  }

  /** Display names of the given users, for presenting owners, collectors and colleagues. */
  userNames(db: Executor, ids: Iterable<number | null>): Promise<Map<number, string>> {
    return this.repos.users.namesOf(db, ids);
  }

  /** The calendar a user's "today" and due dates are counted in. */
  async timeZoneOf(db: Executor, userId: number | null, fallback: string): Promise<string> {
    if (userId === null) return fallback;
    return (await this.repos.users.timeZoneOf(db, userId)) ?? fallback;
  }

  /**
   * The time zone of a prospect's owner as `actor` acts on it: the actor's own when they are the owner (or it has none),
   * which the request already holds, so the common case reads nothing.
   */
  async ownerZoneOf(db: Executor, actor: Pick<Actor, 'userId' | 'timeZone'>, ownerId: number | null, fallback: string): Promise<string> {
    if (ownerId === null || ownerId === actor.userId) return actor.timeZone ?? fallback;
    return this.timeZoneOf(db, ownerId, fallback);
  }
}

/** Refuses (403) an action the actor may not take on a prospect they can see; called before any write. */
export function allow(allowed: boolean): void {
  if (!allowed) throw new AppError('FORBIDDEN');
}
