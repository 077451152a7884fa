import type { Driver } from '../lib/driver.js';
import type { Rng } from '../lib/rng.js';
import type { Engine } from '../lib/target.js';

/** The query shapes the search scenarios exercise. */
export const SEARCH_SHAPES = [
  'cjk1', 'cjk2', 'cjk4', 'simplified-for-traditional', 'initials', 'pinyin-full', 'phone4', 'phone7', 'email-fragment', 'miss',
] as const;
export type SearchShape = (typeof SEARCH_SHAPES)[number];

/** A salesperson the run acts as. */
export interface BenchUser {
  id: number;
  email: string;
  /** `pond_session=…`, once logged in to the Pond server. */
  cookie: string | null;
  /** A deterministic sample of the prospects this user owns. */
  owned: number[];
  /** Keyset positions inside the user's grade-A list (sorted by next due date), for pages after the first. */
  listKeys: Array<{ value: string; id: number }>;
  /** Cursors returned by Pond's list endpoint for pages 2 and 3. */
  cursors: string[];
  /** Search terms per shape, taken from this user's own prospects. */
  search: Partial<Record<SearchShape, string[]>>;
}

export interface BenchContext {
  engine: Engine;
  scale: number;
  /** Today in UTC+8 and the agenda week ends, as Pond computes them for these users. */
  today: string;
  thisWeekEnd: string;
  nextWeekEnd: string;
  users: BenchUser[];
  /** The harness's own connection, for setup queries. */
  driver: Driver;
  /** Scenario name → does Pond answer it (not 404)? Filled by probing before the runs. */
  available: Map<string, boolean>;
  /** The scenarios this run measures (a setup that seeds rows only for its own run reads it). */
  selected?: Set<string>;
  /** Calls the Pond server as a user; null when no server is running. */
  pond: ((request: HttpRequest, user: BenchUser) => Promise<{ status: number; body: unknown }>) | null;
}

export interface HttpRequest {
  method: 'GET' | 'POST';
  path: string;
  body?: unknown;
}

/** What one operation needs: JSON only, because it also travels to the bare baseline server. `u` indexes ctx.users. */
export interface OpParams {
  u: number;
  [key: string]: unknown;
}

/**
 * A benchmark scenario. `pick` draws one operation; `request` is how Pond serves it over HTTP; `baseline`
 * runs the same SQL on the bare driver (in-process, and behind the bare Fastify route). Add one by writing
 * a file like agenda.ts and listing it in registry.ts.
 */
export interface Scenario<P extends OpParams = OpParams> {
  name: string;
  kind: 'http' | 'sql';
  /** One line for the docs and the table. */
  measures: string;
  writes?: boolean;
  setup?(ctx: BenchContext): Promise<void>;
  pick(ctx: BenchContext, rng: Rng): P;
  request(ctx: BenchContext, params: P): HttpRequest;
  /** The same SQL the endpoint runs, on the raw driver; null when there is no SQL to compare with yet. */
  baseline: ((driver: Driver, params: P) => Promise<unknown>) | null;
}

export function defineScenario<P extends OpParams>(scenario: Scenario<P>): Scenario {
  return scenario as unknown as Scenario;
}

/** The bare baseline server's route for a scenario ("search:cjk1" → /baseline/search-cjk1; a colon would be a path parameter). */
export function baselinePath(name: string): string {
  return `/baseline/${name.replace(/[^a-z0-9-]/gi, '-')}`;
}
