import { mkdirSync, writeFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { BENCH_PASSWORD, DEFAULT_SEED, describeLoad, ensureDataset, nextWeekEnd, thisWeekEnd } from './dataset/ensure.js';
import { numberFlag, parseArgs, stringFlag, todayUtc8 } from './lib/args.js';
import { sampleMemory, startPond, type Child } from './lib/children.js';
import { openDriver } from './lib/driver.js';
import type { LoadRequest } from './lib/http-load.js';
import { rateTest } from './lib/rate-load.js';
import { Rng, Weighted } from './lib/rng.js';
import { benchUsers, logIn, pondCaller, pondHeaders } from './lib/sessions.js';
import { BENCH_DIR, targetFor, warmCache, type Engine } from './lib/target.js';
import agenda from './scenarios/agenda.js';
import detail from './scenarios/detail.js';
import list from './scenarios/list.js';
import logTouch from './scenarios/log-touch.js';
import { searchScenarios } from './scenarios/search.js';
import type { BenchContext, Scenario } from './scenarios/types.js';

/**
 * The load drill: a working day's mix at a fixed rate for minutes on end against the real Pond server on the
 * bench dataset: 70% reads (agenda, list, a prospect's detail), 20% searches (every shape), 10% logged
 * touches. Open loop (requests start on schedule whatever the answers do, so a backlog shows in the
 * percentiles). It passes only with zero errors.
 *
 *   npx tsx bench/soak.ts --engine sqlite|postgres --scale 1 --rate 200 --duration 300
 */
const flags = parseArgs(process.argv.slice(2));
const engine = stringFlag(flags, 'engine', 'sqlite') as Engine;
const scale = numberFlag(flags, 'scale', 0.01);
const rate = numberFlag(flags, 'rate', 100);
const duration = numberFlag(flags, 'duration', 300);
const warmup = numberFlag(flags, 'warmup', 10);
const connections = numberFlag(flags, 'connections', 50);

const today = todayUtc8();
const load = await ensureDataset(engine, { scale, seed: DEFAULT_SEED, today, fresh: false, log: console.log });
console.log(describeLoad(engine, load));
const target = targetFor(engine, scale);
console.log(await warmCache(target));
const driver = openDriver(target, 10);
const users = await benchUsers(driver, 50);
const ctx: BenchContext = { engine, scale, today, thisWeekEnd: thisWeekEnd(today), nextWeekEnd: nextWeekEnd(today), users, driver, available: new Map(), pond: null };

let pond: Child | null = null;
process.on('exit', () => pond?.process.kill());
pond = await startPond(target);
await logIn(pond.port, users, BENCH_PASSWORD);
ctx.pond = pondCaller(pond.port);
for (const s of [agenda, detail, list, logTouch, ...searchScenarios]) await s.setup?.(ctx);

const weights = new Weighted<Scenario>([
  [agenda, 30],
  [list, 20],
  [detail, 20],
  ...searchScenarios.filter((s) => s.name !== 'search:miss').map((s) => [s, 20 / (searchScenarios.length - 1)] as const),
  [logTouch, 10],
]);
const rng = new Rng(DEFAULT_SEED);
const port = pond.port;
const picked = new Map<string, number>();
const next = (): LoadRequest => {
  const scenario = weights.pick(rng);
  picked.set(scenario.name, (picked.get(scenario.name) ?? 0) + 1);
  const p = scenario.pick(ctx, rng);
  const request = scenario.request(ctx, p);
  return { method: request.method, path: request.path, headers: pondHeaders(port, users[p.u]!, request), body: request.body === undefined ? undefined : JSON.stringify(request.body) };
};

console.log(`${engine}, scale ${scale}: ${rate} requests/s for ${warmup} s warm-up + ${duration} s, ${connections} connections`);
const stopMemory = sampleMemory(pond.process.pid!);
const measured = await rateTest(port, connections, rate, warmup, duration, next);
const memory = stopMemory();
await pond.stop();
await driver.close();

const summary = {
  engine,
  scale,
  date: new Date().toISOString(),
  rate,
  duration_s: duration,
  answered_per_s: Math.round(measured.opsPerSecond),
  p50_ms: Number(measured.p50.toFixed(1)),
  p95_ms: Number(measured.p95.toFixed(1)),
  p99_ms: Number(measured.p99.toFixed(1)),
  errors: measured.errors,
  statuses: measured.statuses,
  peak_rss_mib: Math.round(memory.rssBytes / 1024 ** 2),
  // Without the pages of the memory-mapped database file, which RSS counts.
  peak_anon_mib: Math.round(memory.anonBytes / 1024 ** 2),
  mix: Object.fromEntries([...picked].sort((a, b) => b[1] - a[1])),
};
const dir = resolve(BENCH_DIR, '.data', 'results');
mkdirSync(dir, { recursive: true });
writeFileSync(resolve(dir, `soak-${engine}-scale-${scale}-${summary.date.replace(/[:.]/g, '-')}.json`), JSON.stringify(summary, null, 2));
console.log(JSON.stringify(summary, null, 2));
if (measured.errors > 0) {
  console.error(`soak: ${measured.errors} errors`);
  process.exit(1);
}
