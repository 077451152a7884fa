import Fastify from 'fastify';
import { openDriver } from './lib/driver.js';
import { targetFor, type Engine } from './lib/target.js';
import { SCENARIOS } from './scenarios/registry.js';
import { baselinePath, type OpParams } from './scenarios/types.js';

/**
 * The baseline server: each scenario's SQL behind a bare Fastify route on the raw driver, with no auth,
 * validation or response schema. Reads are GET /baseline/<name>?p=<json>, writes POST /baseline/<name>.
 */
const engine = process.env.BENCH_ENGINE as Engine;
const target = { ...targetFor(engine, 1), sqliteFile: process.env.BENCH_SQLITE_FILE!, pgUrl: process.env.BENCH_PG_URL! };
const driver = openDriver(target, Number(process.env.BENCH_POOL ?? 10));
const app = Fastify({ logger: false });

app.get('/healthz', async () => ({ status: 'ok' }));
for (const scenario of SCENARIOS) {
  const run = scenario.baseline;
  if (!run) continue;
  if (scenario.writes) {
    app.post(baselinePath(scenario.name), async (request) => run(driver, request.body as OpParams));
  } else {
    app.get(baselinePath(scenario.name), async (request) => run(driver, JSON.parse((request.query as { p: string }).p) as OpParams));
  }
}

await app.listen({ port: Number(process.env.PORT), host: '127.0.0.1' });
const stop = () => void app.close().then(() => driver.close()).then(() => process.exit(0));
process.once('SIGTERM', stop);
process.once('SIGINT', stop);
