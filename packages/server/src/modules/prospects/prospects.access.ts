import { prepared, type Executor } from '@pond/db';
import { AppError } from '@pond/domain';
import type { Actor } from '../../platform/actor.js';
import { canFor, reachOf, type ActorReach, type ProspectCan } from './prospects.policy.js';
import { ProspectsRepository, type ProspectRow } from './prospects.repository.js';

export interface Loaded {
  row: ProspectRow;
  reach: ActorReach;
  can: ProspectCan;
}

const repo = new ProspectsRepository();

/** Loads a prospect the actor may see, or answers 404 whether it is missing or merely invisible. */
export async function loadVisible(db: Executor, actor: Actor, id: number): Promise<Loaded> {
  const reach = await reachOf(db, actor, 'in-query');
  const row = await repo.find(db, id, reach.scope);
  if (!row) throw new AppError('NOT_FOUND');
  return { row, reach, can: canFor(actor, reach, row) };
}

/** Refuses (403) an action the actor may not take on a prospect they can see; called before any write. */
export function allow(allowed: boolean): void {
  if (!allowed) throw new AppError('FORBIDDEN');
}

/** Display names of the given users, for presenting owners, collectors and colleagues. */
export async function userNames(db: Executor, ids: Iterable<number | null>): Promise<Map<number, string>> {
  const unique = [...new Set([...ids].filter((x): x is number => x !== null))];
  if (!unique.length) return new Map();
  const rows = await db.selectFrom('users').select(['id', 'display_name']).where('id', 'in', unique).execute();
  return new Map(rows.map((r) => [r.id, r.display_name]));
}

const timeZoneQuery = prepared((db, p: { userId: number }) => db.selectFrom('users').select('time_zone').where('id', '=', p.userId));

/** The calendar a user's "today" and due dates are counted in. */
export async function timeZoneOf(db: Executor, userId: number | null, fallback: string): Promise<string> {
  if (userId === null) return fallback;
  const row = await timeZoneQuery.first(db, { userId });
  return row?.time_zone ?? fallback;
}

/**
 * The time zone of a prospect's owner as `actor` acts on it: the actor's own when they are the owner (or it has none),
 * which the request already holds, so the common case reads nothing.
 */
export async function ownerZoneOf(db: Executor, actor: Pick<Actor, 'userId' | 'timeZone'>, ownerId: number | null, fallback: string): Promise<string> {
  if (ownerId === null || ownerId === actor.userId) return actor.timeZone ?? fallback;
  return timeZoneOf(db, ownerId, fallback);
}
