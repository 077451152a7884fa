import { prepared, type Executor } from '@pond/db';
import type { ProspectCanView } from '@pond/domain';
import type { Actor } from '../../platform/actor.js';
import type { ProspectScope } from './prospects.queries.js';

/** Everything the actor may do with one prospect; sent with each record so the UI never re-derives rules. */
export type ProspectCan = ProspectCanView;

export interface ActorReach {
  scope: ProspectScope;
  /** Owners whose prospects the actor manages (a manager's team, or everyone for an admin). */
  manages: (ownerId: number | null) => boolean;
}

const linkedTo = prepared((db, p: { userId: number }) => db.selectFrom('prospect_colleagues').select('prospect_id').where('user_id', '=', p.userId));
const membersOf = prepared((db, p: { managerId: number }) =>
  db.selectFrom('users as u').innerJoin('teams as t', 't.id', 'u.team_id').select('u.id').where('t.manager_id', '=', p.managerId),
);

/**
 * Salesperson: own and colleague-linked prospects. Manager: their own, their teams' members', and
 * linked ones. Admin: all, the pool included. Deny by default: an unknown role sees nothing.
 * `links`: 'ids' reads the actor's linked prospect ids into the scope (for lists, counts and bulk checks);
 * 'in-query' leaves them to the query (`linkedTo`), for loading one prospect and for search, where reading
 * every link first cost more than the lookup itself.
 */
export async function reachOf(db: Executor, actor: Actor, links: 'ids' | 'in-query' = 'ids'): Promise<ActorReach> {
  if (actor.role === 'admin') return { scope: { kind: 'all' }, manages: () => true };
  const linked =
    links === 'ids'
      ? { linkedIds: (await linkedTo.all(db, { userId: actor.userId })).map((r) => r.prospect_id) }
      : // Loading given ids also reaches, read-only, what the pool took from this user.
        { linkedIds: [], linkedTo: actor.userId, formerOwner: actor.userId };
  if (actor.role === 'manager') {
    const members = await membersOf.all(db, { managerId: actor.userId });
    const ownerIds = [...new Set([actor.userId, ...members.map((m) => m.id)])];
    const managed = new Set(members.map((m) => m.id).filter((id) => id !== actor.userId));
    return { scope: { kind: 'restricted', ownerIds, ...linked }, manages: (ownerId) => ownerId !== null && managed.has(ownerId) };
  }
  if (actor.role === 'salesperson') {
    return { scope: { kind: 'restricted', ownerIds: [actor.userId], ...linked }, manages: () => false };
  }
  return { scope: { kind: 'restricted', ownerIds: [], linkedIds: [] }, manages: () => false };
}

/**
 * What the actor may do with a prospect they can already see. A pool prospect (no owner) is only read outside the
 * pool's own views, except by an admin: a linked colleague may still log a touch (which does not claim it), the
 * former owner only reads.
 */
export function canFor(
  actor: Actor,
  reach: ActorReach,
  p: { owner_id: number | null; archived_at: string | null; pooled_from_id?: number | null },
): ProspectCan {
  const live = p.archived_at === null;
  const admin = actor.role === 'admin';
  if (p.owner_id === null) {
    return {
      edit: live && admin,
      logTouch: live && (admin || p.pooled_from_id !== actor.userId),
      changeDisposition: live && admin,
      linkColleagues: live && admin,
      changeOwner: live && admin,
      archive: live && admin,
      erase: admin,
      release: false,
      order: live && admin,
    };
  }
  const owns = p.owner_id === actor.userId;
  const manages = reach.manages(p.owner_id);
  const edit = live && (owns || manages);
  return {
    edit,
    logTouch: live,
    changeDisposition: edit,
    linkColleagues: edit,
    changeOwner: live && manages,
    archive: live && actor.role !== 'salesperson',
    erase: admin,
    release: edit,
    order: live,
  };
}
