import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Database } from '@pond/db';
import type { Role } from '@pond/domain';
import type { FastifyInstance, InjectOptions, LightMyRequestResponse } from 'fastify';
import { buildApp } from '../app.js';
import { CLI_META, CONSOLE } from '../platform/actor.js';
import { ManualClock } from '../platform/clock.js';
import { loadConfig, type Config } from '../platform/config.js';

export const ORIGIN = 'http://pond.test';
export const PASSWORD = 'tide-pool-lantern-42';

export function testConfig(overrides: Record<string, string> = {}): Config {
  return loadConfig({ POND_BASE_URL: ORIGIN, POND_DATA_DIR: mkdtempSync(join(tmpdir(), 'pond-test-')), ...overrides });
}

export interface TestApp {
  app: FastifyInstance;
  clock: ManualClock;
  config: Config;
  /** Sends a request as a browser on Pond's own origin would (Origin header set), with an optional session cookie. */
  call(method: InjectOptions['method'], url: string, options?: { body?: unknown; cookie?: string; headers?: Record<string, string> }): Promise<LightMyRequestResponse>;
  /** Creates a user directly through the service and returns its id. */
  user(email: string, role: Role, teamId?: number | null): Promise<number>;
  /** Signs in and returns the Cookie header value. */
  login(email: string, password?: string): Promise<string>;
}

/**
 * A full app on the given database, with a clock the test controls. The app is not closed with the
 * database: suites share one database per dialect and close it themselves.
 */
export async function createTestApp(database: Database, configOverrides: Record<string, string> = {}): Promise<TestApp> {
  const config = testConfig(configOverrides);
  const clock = new ManualClock('2026-11-26T08:00:00.000Z');
  const app = await buildApp({ database: { ...database, close: async () => {} }, config, clock, webRoot: join(tmpdir(), 'pond-no-web') });
  const call: TestApp['call'] = (method, url, options = {}) =>
    app.inject({
      method,
      url,
      headers: { origin: ORIGIN, ...(options.cookie && { cookie: options.cookie }), ...options.headers },
      ...(options.body !== undefined && { payload: options.body as object }),
    });
  return {
    app,
    clock,
    config,
    call,
    async user(email, role, teamId = null) {
      const user = await app.services.users.create(CONSOLE, { email, displayName: email.split('@')[0]!, role, password: PASSWORD, teamId }, CLI_META);
      return user.id;
    },
    async login(email, password = PASSWORD) {
      const res = await call('POST', '/api/v1/auth/login', { body: { email, password } });
      if (res.statusCode !== 200) throw new Error(`login failed: ${res.statusCode} ${res.body}`);
      const cookie = res.cookies.find((c) => c.name === 'pond_session');
      return `pond_session=${cookie!.value}`;
    },
  };
}

/** Counts rows of a table, to prove that a refused request changed nothing. */
export async function countRows(database: Database, table: 'users' | 'teams' | 'sessions' | 'audit_log' | 'api_tokens'): Promise<number> {
  const row = await database.db.selectFrom(table).select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow();
  return Number(row.n);
}
