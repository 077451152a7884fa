import { execFileSync } from 'node:child_process';
import { cpus, totalmem } from 'node:os';
import type { MemoryPeak } from './children.js';
import type { LoadResult } from './http-load.js';
import type { Summary } from './stats.js';
import { ROOT_DIR } from './target.js';

/** Everything measured for one scenario. */
export interface ScenarioResult {
  name: string;
  /** 'ok', or why Pond's side was not measured. */
  status: string;
  pond: LoadResult | null;
  /** Pond's peak memory during its run: resident set and its anonymous part (RssAnon, without the mapped database). */
  pondMemory: MemoryPeak | null;
  baselineHttp: LoadResult | null;
  baselineMemory: MemoryPeak | null;
  baselineSql: (Summary & { errors: number }) | null;
  dbBytes: number;
  /** Pond again at a fixed rate: `share` of the bare route's throughput, `rate` requests per second. */
  atRate: (LoadResult & { rate: number; share: number; scheduled: number }) | null;
}

export function machine() {
  const list = cpus();
  return { cpu: list[0]?.model ?? 'unknown', cores: list.length, memory_gib: Math.round(totalmem() / 1024 ** 3), node: process.version };
}

export function commit(): string {
  try {
    const sha = execFileSync('git', ['rev-parse', '--short', 'HEAD'], { cwd: ROOT_DIR, encoding: 'utf8' }).trim();
    const dirty = execFileSync('git', ['status', '--porcelain'], { cwd: ROOT_DIR, encoding: 'utf8' }).trim() !== '';
    return dirty ? `${sha}-dirty` : sha;
  } catch {
    return 'uncommitted';
  }
}

const ms = (v: number | undefined) => (v === undefined || Number.isNaN(v) ? null : Math.round(v * 100) / 100);
const ops = (v: number | undefined) => (v === undefined ? null : Math.round(v));
const mib = (v: number | null | undefined) => (v === null || v === undefined ? null : Math.round(v / 1024 ** 2));

/** Ratio of Pond's throughput to the bare Fastify route's (HTTP scenarios) or to the bare driver's (SQL ones). */
function ratio(r: ScenarioResult): number | null {
  const base = r.baselineHttp?.opsPerSecond ?? r.baselineSql?.opsPerSecond;
  if (!r.pond || !base) return null;
  return Math.round((r.pond.opsPerSecond / base) * 100) / 100;
}

export function toJson(meta: { engine: string; scale: number; extra: Record<string, unknown> }, results: ScenarioResult[]) {
  return {
    machine: machine(),
    date: new Date().toISOString(),
    commit: commit(),
    engine: meta.engine,
    scale: meta.scale,
    ...meta.extra,
    scenarios: Object.fromEntries(
      results.map((r) => [
        r.name,
        {
          status: r.status,
          p50_ms: ms(r.pond?.p50),
          p95_ms: ms(r.pond?.p95),
          p99_ms: ms(r.pond?.p99),
          ops_per_s: ops(r.pond?.opsPerSecond),
          baseline_ops_per_s: ops(r.baselineHttp?.opsPerSecond ?? r.baselineSql?.opsPerSecond),
          ratio: ratio(r),
          errors: r.pond?.errors ?? 0,
          baseline_errors: (r.baselineHttp?.errors ?? 0) + (r.baselineSql?.errors ?? 0),
          baseline_http: r.baselineHttp ? { p50_ms: ms(r.baselineHttp.p50), p95_ms: ms(r.baselineHttp.p95), p99_ms: ms(r.baselineHttp.p99), ops_per_s: ops(r.baselineHttp.opsPerSecond) } : null,
          baseline_sql: r.baselineSql ? { p50_ms: ms(r.baselineSql.p50), p95_ms: ms(r.baselineSql.p95), p99_ms: ms(r.baselineSql.p99), ops_per_s: ops(r.baselineSql.opsPerSecond) } : null,
          rss_max_mib: mib(r.pondMemory?.rssBytes),
          anon_max_mib: mib(r.pondMemory?.anonBytes),
          baseline_rss_max_mib: mib(r.baselineMemory?.rssBytes),
          baseline_anon_max_mib: mib(r.baselineMemory?.anonBytes),
          db_mib: mib(r.dbBytes),
          statuses: r.pond?.statuses ?? {},
          slower_than_run_ms: ms(r.pond?.slowerThanRun),
          at_rate: r.atRate
            ? { share: r.atRate.share, target_ops_per_s: r.atRate.rate, ops_per_s: ops(r.atRate.opsPerSecond), p50_ms: ms(r.atRate.p50), p95_ms: ms(r.atRate.p95), p99_ms: ms(r.atRate.p99), errors: r.atRate.errors, statuses: r.atRate.statuses }
            : null,
        },
      ]),
    ),
  };
}

const f = (v: number | null | undefined, digits = 1) => (v === null || v === undefined || Number.isNaN(v) ? '-' : v.toFixed(digits));

/** A fixed-width table for the terminal, one row per scenario. */
export function toTable(results: ScenarioResult[]): string {
  const header = ['scenario', 'pond p50/p95/p99 ms', 'pond ops/s', 'bare http ops/s', 'ratio', 'bare http p50/p99', 'sql p50/p95/p99 ms', 'sql ops/s', 'at rate: target/ops/s', 'at rate p50/p95/p99', 'rss/anon MiB', 'db MiB', 'errors'];
  const rows = results.map((r) => [
    r.name,
    r.pond ? `${f(r.pond.p50)}/${f(r.pond.p95)}/${f(r.pond.p99)}` : r.status,
    r.pond ? f(r.pond.opsPerSecond, 0) : '-',
    r.baselineHttp ? f(r.baselineHttp.opsPerSecond, 0) : '-',
    f(ratio(r), 2),
    r.baselineHttp ? `${f(r.baselineHttp.p50)}/${f(r.baselineHttp.p99)}` : '-',
    r.baselineSql ? `${f(r.baselineSql.p50, 2)}/${f(r.baselineSql.p95, 2)}/${f(r.baselineSql.p99, 2)}` : '-',
    r.baselineSql ? f(r.baselineSql.opsPerSecond, 0) : '-',
    r.atRate ? `${r.atRate.rate}/${f(r.atRate.opsPerSecond, 0)}` : '-',
    r.atRate ? `${f(r.atRate.p50)}/${f(r.atRate.p95)}/${f(r.atRate.p99)}` : '-',
    r.pondMemory ? `${f(r.pondMemory.rssBytes / 1024 ** 2, 0)}/${f(r.pondMemory.anonBytes / 1024 ** 2, 0)}` : '-',
    f(r.dbBytes / 1024 ** 2, 0),
    String((r.pond?.errors ?? 0) + (r.baselineHttp?.errors ?? 0) + (r.baselineSql?.errors ?? 0) + (r.atRate?.errors ?? 0)),
  ]);
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((row) => row[i]!.length)));
  const line = (cells: string[]) => cells.map((c, i) => (i === 0 ? c.padEnd(widths[i]!) : c.padStart(widths[i]!))).join('  ');
  return [line(header), line(widths.map((w) => '-'.repeat(w))), ...rows.map(line)].join('\n');
}
