import type { Role } from '../accounts/roles.js';
import type { ProspectCanView } from './views.js';

/** The facts of a prospect its rules read: its owner, whether it is archived, and whom the pool took it from. */
export interface ProspectFacts {
  owner_id: number | null;
  archived_at: string | null;
  pooled_from_id?: number | null;
}

/**
 * What an actor may do with a prospect they can already see (who may see it is the access policy's question).
 * `managesOwner`: the actor manages the prospect's owner (a manager of the owner's team, or an admin).
 * A pool prospect (no owner) is only read outside the pool's own views, except by an admin: a linked colleague
 * may still log a touch (which does not claim it), the former owner only reads.
 */
export function prospectCan(actor: { userId: number; role: Role }, managesOwner: boolean, p: ProspectFacts): ProspectCanView {
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
  const edit = live && (owns || managesOwner);
  return {
    edit,
    logTouch: live,
    changeDisposition: edit,
    linkColleagues: edit,
    changeOwner: live && managesOwner,
    archive: live && actor.role !== 'salesperson',
    erase: admin,
    release: edit,
    order: live,
  };
}
