import type { Database } from '@pond/db';
import type { Clock } from './clock.js';
import type { Config } from './config.js';

/** What every service receives: the database handle, settings and the clock. No globals. */
export interface CoreDeps {
  database: Database;
  config: Config;
  clock: Clock;
}
