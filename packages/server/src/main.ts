import { createDb, dbConfigFromUrl, migrateToLatest, type Database } from '@pond/db';
import type { FastifyInstance } from 'fastify';
import { buildApp } from './app.js';
import { startWorker } from './jobs/worker.js';
import { InboundListener } from './modules/newsletters/inbound.js';
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
 * Starts Pond: migrate, then by POND_ROLE serve HTTP (printing the first-admin link while there is no user),
 * run background jobs, or both ('all', the default, so `npm start` is the whole of Pond in one process). On
 * SIGTERM/SIGINT in-flight requests finish, the worker stops taking jobs, then the database closes.
 */
export async function serve(config: Config = loadConfig()): Promise<FastifyInstance> {
  const database = openDatabase(config);
  const applied = await migrateToLatest(database);
  const clockFile = process.env.POND_CLOCK_FILE;
  const clock = clockFile ? fileClock(clockFile) : systemClock;
  const app = await buildApp({ database, config, clock, logger: loggerOptions(config) });
  if (clockFile) app.log.warn({ clockFile }, 'the clock is read from a file (testing only)');
  if (applied.length) app.log.info({ applied }, 'database migrated');
  const web = config.role !== 'worker';
  if (web) {
    await app.listen({ port: config.port, host: config.host });
    app.log.info({ url: config.baseUrl.toString(), database: database.dialect, role: config.role }, 'Pond is serving');
    const link = await app.services.setup.issueLink();
    if (link) {
      console.log(`\nPond has no users yet. Create the first admin here (valid until ${link.expiresAt}):\n\n  ${link.url}\n`);
    }
  }
  const worker = config.role !== 'web' ? await startWorker(app.services, { database, config, clock }, app.log) : null;
  if (worker) app.log.info({ worker: worker.runner.worker, database: database.dialect, role: config.role }, 'Pond is running background jobs');
  const inbound = worker ? await startInbound(app, config) : null;

  let closing = false;
  const shutdown = (signal: string) => {
    if (closing) return;
    closing = true;
    app.log.info({ signal }, 'shutting down');
    const force = setTimeout(() => {
      app.log.error('shutdown took too long; exiting');
      process.exit(1);
    }, 25_000);
    force.unref();
    // The job in hand is told to stop (its attempt is recorded) before the database closes.
    (worker ? worker.stop() : Promise.resolve()).then(() => inbound?.stop()).then(() => app.close()).then(
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

/**
 * Bounces come back in through Pond's own small SMTP listener (POND_BOUNCE_SMTP_PORT), in the worker role: only the
 * per-copy return paths Pond signed are accepted at RCPT, everything else is refused.
 */
async function startInbound(app: Awaited<ReturnType<typeof buildApp>>, config: Config): Promise<InboundListener | null> {
  const at = config.newsletters.bounceSmtp;
  if (!at) return null;
  const domain = config.newsletters.bounceDomain ?? (await app.services.mail.sender())?.address.split('@')[1];
  if (!domain) {
    app.log.warn('POND_BOUNCE_SMTP_PORT is set, but there is no POND_BOUNCE_DOMAIN and no sending address yet: bounces are not taken in');
    return null;
  }
  const newsletters = app.services.newsletters;
  const listener = new InboundListener({
    port: at.port,
    host: at.host,
    domain,
    acceptToken: async (token) => (await newsletters.returnCopy(token)) !== null,
    onEvent: (event) => newsletters.inbound(event),
    log: app.log,
  });
  await listener.start();
  app.log.info({ port: listener.port, domain }, 'Pond takes bounces in');
  return listener;
}

const isMain = process.argv[1] && import.meta.url === new URL(`file://${process.argv[1]}`).href;
if (isMain) {
  serve().catch((err) => {
    if (err instanceof ConfigError) console.error(err.message);
    else console.error(err);
    process.exit(1);
  });
}
