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
