import { createServices, loadConfig, openDatabase, systemClock } from '@pond/server';

/**
 * The day's recall in a process of its own, as a worker runs it beside the web process: on the database the
 * environment names (POND_DATA_DIR or DATABASE_URL), started when its parent writes a line to stdin, and answered
 * on stdout as one JSON line ({ moved, ms }).
 */
const config = loadConfig(process.env);
const database = openDatabase(config);
try {
  const services = createServices({ database, config, clock: systemClock });
  await services.pool.policy();
  process.stdout.write('ready\n');
  await new Promise<void>((resolve) => process.stdin.once('data', () => resolve()));
  const t0 = performance.now();
  const report = await services.pool.sweep({ system: true, label: 'Pond (pool.sweep:bench)', job: 'pool.sweep:bench' });
  process.stdout.write(`${JSON.stringify({ moved: report.moved, ms: performance.now() - t0 })}\n`);
} finally {
  await database.close();
}
// Whatever the services left scheduled (a mail transport's idle timer), the work is done.
process.exit(0);
