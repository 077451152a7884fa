import { mkdirSync, writeFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { BENCH_PASSWORD, DEFAULT_SEED, describeLoad, ensureDataset, nextWeekEnd, thisWeekEnd } from './dataset/ensure.js';
import { numberFlag, parseArgs, stringFlag, todayUtc8 } from './lib/args.js';
import { sampleMemory, startBaseline, startPond, type Child } from './lib/children.js';
import { openDriver } from './lib/driver.js';
import { loadTest, requestOnce, type LoadRequest } from './lib/http-load.js';
import { rateTest } from './lib/rate-load.js';
import { toJson, toTable, type ScenarioResult } from './lib/report.js';
import { Rng } from './lib/rng.js';
import { benchUsers, logIn, pondCaller, pondHeaders } from './lib/sessions.js';
import { sqlLoad } from './lib/sql-load.js';
import { BENCH_DIR, databaseBytes, targetFor, warmCache, type Engine } from './lib/target.js';
import { SCENARIOS, scenarioByName } from './scenarios/registry.js';
import { baselinePath, type BenchContext, type OpParams, type Scenario } from './scenarios/types.js';

/**
 * npm run bench -- --engine sqlite|postgres --scale S [--scenario NAME[,NAME…]] [--json]
 *                  [--duration S] [--warmup S] [--connections N] [--users N] [--rate-share F] [--ci]
 * Runs each scenario against the real Pond server (autocannon over HTTP), the same SQL behind a bare Fastify
 * route, and the same SQL in-process on the bare driver; then Pond again at a fixed request rate, a share of
 * what the bare route sustained (default 0.6). Everything listens on 127.0.0.1 only.
 */
const flags = parseArgs(process.argv.slice(2));
const json = flags.get('json') === true;
const ci = flags.get('ci') === true;
const engine = stringFlag(flags, 'engine', 'sqlite') as Engine;
if (engine !== 'sqlite' && engine !== 'postgres') throw new Error('--engine must be sqlite or postgres');
const scale = numberFlag(flags, 'scale', 0.01);
const duration = numberFlag(flags, 'duration', ci ? 1 : scale >= 1 ? 15 : 5);
const warmup = flags.has('warmup') ? Number(flags.get('warmup')) : ci ? 0 : scale >= 1 ? 5 : 2;
const connections = numberFlag(flags, 'connections', 50);
const userCount = numberFlag(flags, 'users', 50);
const seed = numberFlag(flags, 'seed', DEFAULT_SEED);
// `--rate-share 0` leaves the fixed-rate run out.
const rateShare = flags.get('rate-share') === '0' ? 0 : numberFlag(flags, 'rate-share', 0.6);
const poolMax = 10; // Pond's default PostgreSQL pool size; the baselines get the same.
const log = (m: string) => (json ? console.error(m) : console.log(m));

const wanted = stringFlag(flags, 'scenario', '');
const selected: Scenario[] = wanted
  ? wanted.split(',').flatMap((name) => {
      // `search` stands for every search:<shape> scenario.
      if (name === 'search') return SCENARIOS.filter((s) => s.name.startsWith('search:'));
      const found = scenarioByName(name);
      if (!found) throw new Error(`unknown scenario ${name}; known: ${SCENARIOS.map((s) => s.name).join(', ')}`);
      return [found];
    })
  : [...SCENARIOS];

const today = todayUtc8();
const load = await ensureDataset(engine, { scale, seed, today, fresh: false, log });
log(describeLoad(engine, load));
const target = targetFor(engine, scale);
log(await warmCache(target));
const driver = openDriver(target, poolMax);
const users = await benchUsers(driver, userCount);
// Figures after writes depend on VACUUM keeping index-only scans index-only; say when the server never runs it.
const autovacuumOff =
  engine === 'postgres' && (await driver.all<{ autovacuum: string }>('show autovacuum', []))[0]?.autovacuum === 'off';
if (autovacuumOff) log('Warning: autovacuum is off on this PostgreSQL server; reads after the write scenarios visit heap pages that VACUUM would have marked all-visible.');
const ctx: BenchContext = {
  engine, scale, today, thisWeekEnd: thisWeekEnd(today), nextWeekEnd: nextWeekEnd(today), users, driver, available: new Map(), pond: null, selected: new Set(selected.map((s) => s.name)),
};

let pond: Child | null = null;
let baseline: Child | null = null;
let pondProblem = '';
// Never leave a server behind, even when the harness fails half-way.
process.on('exit', () => {
  pond?.process.kill();
  baseline?.process.kill();
});
try {
  pond = await startPond(target);
  await logIn(pond.port, users, BENCH_PASSWORD);
  ctx.pond = pondCaller(pond.port);
  log(`Pond is serving on 127.0.0.1:${pond.port} (pid ${pond.process.pid}); ${users.length} salespeople signed in`);
} catch (err) {
  pondProblem = `Pond server unavailable: ${(err as Error).message.split('\n')[0]}`;
  log(pondProblem);
  // What the server said before it went: the reason is usually its last lines.
  for (const line of (err as Error).message.split('\n').slice(1).filter((l) => l.trim() && !/^\s+at /.test(l)).slice(-6)) log(`  ${line}`);
  if (pond) await pond.stop();
  pond = null;
}

// Probe: a route that answers 404 to a request the user is entitled to does not exist yet.
const probeRng = new Rng(seed);
for (const scenario of SCENARIOS) {
  if (scenario.kind !== 'http' || !ctx.pond || scenario.name === 'mixed') continue;
  const p = scenario.pick(ctx, probeRng);
  const res = await ctx.pond(scenario.request(ctx, p), users[p.u]!);
  ctx.available.set(scenario.name, res.status !== 404);
  if (res.status !== 404 && (res.status < 200 || res.status >= 300)) log(`probe of ${scenario.name} answered ${res.status || 'nothing (timeout)'}`);
}
ctx.available.set('mixed', ctx.available.get('agenda') === true);
for (const scenario of SCENARIOS) await scenario.setup?.(ctx);
// One real query per search shape, to show that the terms taken from the data find something (and 'miss' does not).
for (const scenario of SCENARIOS) {
  if (!scenario.name.startsWith('search:') || !ctx.available.get(scenario.name) || !ctx.pond) continue;
  const p = scenario.pick(ctx, probeRng);
  const res = await ctx.pond(scenario.request(ctx, p), users[p.u]!);
  const items = (res.body as { items?: unknown[] } | null)?.items;
  log(`${scenario.name} sample q=${String(p.q)}: ${Array.isArray(items) ? items.length : '?'} hits`);
}

const results: ScenarioResult[] = [];
const pondLogs = new Map<string, string[]>();
for (const scenario of selected) {
  const result: ScenarioResult = {
    name: scenario.name, status: 'ok', pond: null, pondMemory: null, baselineHttp: null, baselineMemory: null, baselineSql: null, dbBytes: 0,
    atRate: null,
  };
  const seedFor = (salt: number) => new Rng((seed ^ hash(scenario.name)) + salt);

  // Pond's request maker, kept for the fixed-rate run once the bare route's throughput is known.
  let pondRequest: (() => LoadRequest) | null = null;
  if (scenario.kind === 'http') {
    if (!pond) result.status = pondProblem || 'Pond server unavailable';
    else if (!ctx.available.get(scenario.name)) result.status = 'endpoint not available (404)';
    else {
      const rng = seedFor(1);
      const port = pond.port;
      const next = (): LoadRequest => {
        const p = scenario.pick(ctx, rng);
        const request = scenario.request(ctx, p);
        return {
          method: request.method, path: request.path, headers: pondHeaders(port, users[p.u]!, request),
          body: request.body === undefined ? undefined : JSON.stringify(request.body),
        };
      };
      const stopMemory = sampleMemory(pond.process.pid!);
      pond.errorLines.length = 0;
      result.pond = await loadTest(port, connections, warmup, duration, next);
      result.pondMemory = stopMemory();
      // A failed request is a bug to explain, so the server's own words about it are kept with the result.
      if (result.pond.errors > 0) pondLogs.set(scenario.name, pond.errorLines.slice(0, 5));
      pondRequest = next;
    }
    if (scenario.baseline) {
      baseline ??= await startBaseline(target, poolMax);
      const rng = seedFor(1);
      const next = (): LoadRequest => {
        const p = scenario.pick(ctx, rng);
        return scenario.writes
          ? { method: 'POST', path: baselinePath(scenario.name), headers: { 'content-type': 'application/json' }, body: JSON.stringify(p) }
          : { method: 'GET', path: `${baselinePath(scenario.name)}?p=${encodeURIComponent(JSON.stringify(p))}`, headers: {} };
      };
      // Pond had its probe; the bare route gets one request too, so neither starts its run cold.
      await requestOnce(baseline.port, next());
      const stopMemory = sampleMemory(baseline.process.pid!);
      result.baselineHttp = await loadTest(baseline.port, connections, warmup, duration, next);
      result.baselineMemory = stopMemory();
    }
    const bare = result.baselineHttp?.opsPerSecond ?? 0;
    if (pond && pondRequest && rateShare > 0 && bare > 0) {
      // Does Pond sustain that share of the bare route's rate, and at what latency? Warm-up as the other runs.
      const rate = Math.max(1, Math.round(bare * rateShare));
      pond.errorLines.length = 0;
      const measured = await rateTest(pond.port, connections, rate, Math.min(warmup, 2), duration, pondRequest);
      result.atRate = { ...measured, rate, share: rateShare };
      // Kept beside the closed-loop run's lines, if it had any.
      if (measured.errors > 0) pondLogs.set(scenario.name, [...(pondLogs.get(scenario.name) ?? []), ...pond.errorLines.slice(0, 5)]);
    }
  }
  if (scenario.baseline) {
    const run = scenario.baseline;
    const rng = seedFor(2);
    result.baselineSql = await sqlLoad(driver, poolMax, Math.min(warmup, 2), duration, () => run(driver, scenario.pick(ctx, rng) as OpParams));
  }
  if (!scenario.baseline && result.status === 'ok') result.status = 'ok (no SQL baseline yet)';
  result.dbBytes = await databaseBytes(target);
  results.push(result);
  for (const [who, load] of [['Pond', result.pond], ['the bare route', result.baselineHttp]] as const) {
    if (load?.slowerThanRun !== undefined) log(`${scenario.name}: no answer from ${who} within the run; one more request was answered in ${load.slowerThanRun.toFixed(0)} ms`);
  }
  log(`${scenario.name}: ${result.pond ? `${Math.round(result.pond.opsPerSecond)} ops/s, p99 ${result.pond.p99.toFixed(1)} ms, errors ${result.pond.errors}` : result.status}` +
    (result.baselineHttp ? `; bare http ${Math.round(result.baselineHttp.opsPerSecond)} ops/s` : '') +
    (result.baselineSql ? `; sql ${Math.round(result.baselineSql.opsPerSecond)} ops/s` : '') +
    (result.atRate ? `; at ${result.atRate.rate}/s: ${Math.round(result.atRate.opsPerSecond)} ops/s, p99 ${result.atRate.p99.toFixed(1)} ms` : ''));
}

await baseline?.stop();
await pond?.stop();
await driver.close();

const extra = {
  dataset: { seed, today: load.marker.today, prospects: load.marker.counts.prospects, touches: load.marker.counts.touches, db_mib: Math.round(load.bytes / 1024 ** 2) },
  settings: { connections, duration_s: duration, warmup_s: warmup, users: users.length, pool: poolMax, rate_share: rateShare },
};
const report = toJson({ engine, scale, extra }, results);
// Every run also leaves its JSON under bench/.data/results for later comparison.
const resultsDir = resolve(BENCH_DIR, '.data', 'results');
mkdirSync(resultsDir, { recursive: true });
writeFileSync(resolve(resultsDir, `${engine}-scale-${scale}-${report.date.replace(/[:.]/g, '-')}.json`), JSON.stringify(report, null, 2));
if (json) console.log(JSON.stringify(report, null, 2));
else {
  console.log(`\n${engine}, scale ${scale}: ${connections} connections, ${warmup} s warm-up + ${duration} s measured per run, ${users.length} salespeople`);
  console.log(toTable(results));
  const writes = selected.filter((s) => s.writes).map((s) => s.name);
  if (writes.length) console.log(`\nNote: ${writes.join(', ')} added real touches to the dataset; they are kept (a working book grows too).`);
  if (autovacuumOff) console.log('Note: autovacuum is off on this PostgreSQL server (see the warning above).');
}
const errors =
  results.reduce((n, r) => n + (r.pond?.errors ?? 0) + (r.baselineHttp?.errors ?? 0) + (r.baselineSql?.errors ?? 0) + (r.atRate?.errors ?? 0), 0) +
  // A Pond that did not start measured nothing: that fails the run as surely as a failed request.
  (pondProblem && selected.some((s) => s.kind === 'http') ? 1 : 0);
if (pondProblem) console.error(pondProblem);
if (errors > 0) {
  for (const r of results) {
    for (const [run, load] of [['', r.pond], [' at a fixed rate', r.atRate]] as const) {
      if (load?.errors) console.error(`${r.name}: Pond errors${run} ${JSON.stringify(load.statuses)} ${load.socketErrors.join('; ')}`);
    }
    if (!r.pond?.errors && !r.atRate?.errors) continue;
    for (const line of pondLogs.get(r.name) ?? []) console.error(`  ${line}`);
  }
  process.exitCode = 1;
}

function hash(text: string): number {
  let h = 2166136261;
  for (let i = 0; i < text.length; i++) h = Math.imul(h ^ text.charCodeAt(i), 16777619);
  return h >>> 0;
}
