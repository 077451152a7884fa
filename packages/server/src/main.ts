import { createDb, dbConfigFromUrl, migrateToLatest, type Database } from '@pond/db';
import type { FastifyInstance } from 'fastify';
import { buildApp } from './app.js';
import { fileClock, systemClock } from './platform/clock.js';
import { ConfigError, loadConfig, type Config } from './platform/config.js';

function loggerOptions(config: Config) {
  return {
    level: config.logLevel,
    redact: { paths: ['req.headers.cookie', 'req.headers.authorization', 'res.headers["set-cookie"]'], remove: true },
  };
}

export function openDatabase(config: Config, logger?: { warn(obj: object, msg: string): void }): Database {
  return createDb(dbConfigFromUrl(config.databaseUrl, config.sqliteFile), logger);
}

/**
 * Starts Pond: migrate, listen, print the first-admin link when there is no user yet,
 * and on SIGTERM/SIGINT let in-flight requests finish before closing the database.
 */
export async function serve(config: Config = loadConfig()): Promise<FastifyInstance> {
  const database = openDatabase(config);
  const applied = await migrateToLatest(database);
  const clockFile = process.env.POND_CLOCK_FILE;
  const clock = clockFile ? fileClock(clockFile) : systemClock;
  const app = await buildApp({ database, config, clock, logger: loggerOptions(config) });
  if (clockFile) app.log.warn({ clockFile }, 'the clock is read from a file (testing only)');
  if (applied.length) app.log.info({ applied }, 'database migrated');
  // Replace the pool's silent logger now that the app has one.
  await app.listen({ port: config.port, host: config.host });
  app.log.info({ url: config.baseUrl.toString(), database: database.dialect }, 'Pond is serving');

  const link = await app.services.setup.issueLink();
  if (link) {
    console.log(`\nPond has no users yet. Create the first admin here (valid until ${link.expiresAt}):\n\n  ${link.url}\n`);
  }

  // Records written before name keys existed get theirs in the background: the duplicate hints they feed can
  // wait a moment, serving cannot. Nothing to do costs one indexed probe.
  const stopFilling = new AbortController();
  const filling = app.services.duplicates.fillNameKeys(stopFilling.signal).then(
    (written) => written > 0 && app.log.info({ prospects: written }, 'name keys filled in'),
    (err: unknown) => app.log.warn({ err }, 'filling in name keys failed; `pond search reindex` fills them'),
  );

  const purge = setInterval(() => {
    app.services.auth.purgeExpiredSessions().catch((err) => app.log.warn({ err }, 'session purge failed'));
  }, 15 * 60_000);
  purge.unref();

  let closing = false;
  const shutdown = (signal: string) => {
    if (closing) return;
    closing = true;
    app.log.info({ signal }, 'shutting down');
    clearInterval(purge);
    stopFilling.abort();
    const force = setTimeout(() => {
      app.log.error('shutdown took too long; exiting');
      process.exit(1);
    }, 25_000);
    force.unref();
    // A batch of name keys in flight finishes before the database closes.
    filling.then(() => app.close()).then(
      () => process.exit(0),
      (err) => {
        app.log.error({ err }, 'error during shutdown');
        process.exit(1);
      },
    );
  };
  process.once('SIGTERM', () => shutdown('SIGTERM'));
  process.once('SIGINT', () => shutdown('SIGINT'));
  return app;
}

const isMain = process.argv[1] && import.meta.url === new URL(`file://${process.argv[1]}`).href;
if (isMain) {
  serve().catch((err) => {
    if (err instanceof ConfigError) console.error(err.message);
    else console.error(err);
    process.exit(1);
  });
}
