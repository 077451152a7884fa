import { prospectCan, type ProspectCanView, type ProspectFacts } from '@pond/domain';
import type { Actor } from '../../platform/actor.js';
import type { ProspectScope } from './prospects.queries.js';

/** Everything the actor may do with one prospect; sent with each record so the UI never re-derives rules. */
export type ProspectCan = ProspectCanView;

export interface ActorReach {
  scope: ProspectScope;
  /** Owners whose prospects the actor manages (a manager's team, or everyone for an admin). */
  manages: (ownerId: number | null) => boolean;
}

/** What the actor may do with a prospect they can already see: the domain's rule, with whom they manage from their reach. */
export function canFor(actor: Actor, reach: ActorReach, p: ProspectFacts): ProspectCan {
  return prospectCan(actor, p.owner_id !== null && reach.manages(p.owner_id), p);
}
