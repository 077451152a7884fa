import { readFileSync } from 'node:fs';

/**
 * Renders saved results (bench/.data/results/*.json, or `bench --json` output) as Markdown tables for
 * docs/benchmarks-history.md (a dated run) and the current tables of docs/benchmarks.md: `tsx bench/results-md.ts FILE…`.
 */
interface Row {
  status: string;
  p50_ms: number | null;
  p95_ms: number | null;
  p99_ms: number | null;
  ops_per_s: number | null;
  baseline_ops_per_s: number | null;
  ratio: number | null;
  errors: number;
  baseline_sql: { p50_ms: number | null; p95_ms: number | null; p99_ms: number | null; ops_per_s: number | null } | null;
  rss_max_mib: number | null;
  /** RssAnon: absent from results saved before it was measured. */
  anon_max_mib?: number | null;
  db_mib: number | null;
  at_rate?: { share: number; target_ops_per_s: number; ops_per_s: number | null; p50_ms: number | null; p95_ms: number | null; p99_ms: number | null; errors: number } | null;
}
interface Report {
  machine: { cpu: string; cores: number; memory_gib: number; node: string };
  date: string;
  commit: string;
  engine: string;
  scale: number;
  settings: { connections: number; duration_s: number; warmup_s: number; users: number };
  scenarios: Record<string, Row>;
}

const v = (x: number | null | undefined, digits = 1) => (x === null || x === undefined ? '–' : x.toFixed(digits));
for (const file of process.argv.slice(2)) {
  const r = JSON.parse(readFileSync(file, 'utf8')) as Report;
  const m = r.machine;
  console.log(`**${r.engine}, scale ${r.scale}** — ${r.date.slice(0, 16).replace('T', ' ')} UTC, commit \`${r.commit}\`, ${m.cpu}, ${m.cores} cores, ${m.memory_gib} GiB, Node ${m.node}; ` +
    `${r.settings.connections} connections, ${r.settings.warmup_s} s warm-up + ${r.settings.duration_s} s, ${r.settings.users} salespeople\n`);
  console.log('| scenario | Pond p50 / p95 / p99 ms | Pond ops/s | bare HTTP ops/s | ratio | SQL p50 / p95 / p99 ms | SQL ops/s | Pond at fixed rate: asked / got ops/s | at fixed rate p50 / p95 / p99 ms | Pond RSS / anonymous MiB | DB MiB | errors |');
  console.log('|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|');
  for (const [name, s] of Object.entries(r.scenarios)) {
    const pond = s.ops_per_s === null ? s.status : `${v(s.p50_ms)} / ${v(s.p95_ms)} / ${v(s.p99_ms)}`;
    const sql = s.baseline_sql ? `${v(s.baseline_sql.p50_ms, 2)} / ${v(s.baseline_sql.p95_ms, 2)} / ${v(s.baseline_sql.p99_ms, 2)}` : '–';
    const fixed = s.at_rate;
    const rate = fixed ? `${fixed.target_ops_per_s} / ${v(fixed.ops_per_s, 0)}` : '–';
    const rateLatency = fixed ? `${v(fixed.p50_ms)} / ${v(fixed.p95_ms)} / ${v(fixed.p99_ms)}` : '–';
    const errors = s.errors + (fixed?.errors ?? 0);
    console.log(`| ${name} | ${pond} | ${v(s.ops_per_s, 0)} | ${v(s.baseline_ops_per_s, 0)} | ${v(s.ratio, 2)} | ${sql} | ${v(s.baseline_sql?.ops_per_s, 0)} | ${rate} | ${rateLatency} | ${v(s.rss_max_mib, 0)} / ${v(s.anon_max_mib, 0)} | ${v(s.db_mib, 0)} | ${errors} |`);
  }
  console.log('');
}
