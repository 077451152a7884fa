import type { Executor } from '@pond/db';
import type { Actor } from '../../platform/actor.js';

/**
 * What the prospect book needs of search, and all it knows of it: documents kept in step with its writes (in the
 * writer's transaction), and the ids a search box's text matches among what the actor may see. The search module
 * implements it; the book never imports search, and search reads prospects only through their queries and access.
 */
export interface SearchIndex {
  reindex(db: Executor, ids: number[]): Promise<void>;
  purge(db: Executor, ids: number[]): Promise<void>;
  matchingIds(actor: Actor, q: string): Promise<number[]>;
}
