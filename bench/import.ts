/**
 * The import benchmark: N generated business cards (default 100,000) imported in one call into an empty
 * book, through the same service the API and the CLI use, on SQLite or PostgreSQL. Reports where the time
 * went: checking the cards, writing the records, and keeping the search index. The target is an
 * index that adds at most as much time as the rest of the import.
 *
 *   npm run bench:import -- --engine sqlite|postgres [--cards 100000] [--runs 1] [--json]
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { cpus } from 'node:os';
import { resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { migrateToLatest } from '@pond/db';
import { CLI_META, createRepositories, createServices, loadConfig, openDatabase, systemClock, type Actor } from '@pond/server';
import pg from 'pg';
import { makeCompany, makeEmail, makePhone, makeWechat, type Script } from './dataset/people.js';
import * as v from './dataset/vocabulary.js';
import { Rng } from './lib/rng.js';
import { BENCH_DIR, removeSqliteFiles, type Engine } from './lib/target.js';

const { values: args } = parseArgs({
  options: {
    engine: { type: 'string', default: 'sqlite' },
    cards: { type: 'string', default: '100000' },
    runs: { type: 'string', default: '1' },
    json: { type: 'boolean', default: false },
  },
});
const engine = args.engine as Engine;
if (engine !== 'sqlite' && engine !== 'postgres') throw new Error('--engine sqlite|postgres');
const cards = Number(args.cards);
const runs = Number(args.runs);

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 ? s[(s.length - 1) / 2]! : (s[s.length / 2 - 1]! + s[s.length / 2]!) / 2;
}

const quote = (s: string) => (/[",\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s);

/** A Google-Contacts-like CSV of cards in both scripts, as a trade-show season might collect them. */
export function cardsCsv(n: number, seed = 20261127): string {
  const rng = new Rng(seed);
  const lines = ['Name,Organization Name,Organization Title,Phone 1 - Value,Phone 2 - Value,E-mail 1 - Value,WeChat,Labels'];
  for (let i = 0; i < n; i++) {
    const script = (rng.chance(0.45) ? 0 : 1) as Script;
    const surname = rng.pick(v.SURNAMES);
    const given = rng.chance(0.25) ? [rng.pick(v.GIVEN_CHARS)] : [rng.pick(v.GIVEN_CHARS), rng.pick(v.GIVEN_CHARS)];
    const pinyin = given.map((g) => g[2]).join('');
    const company = rng.chance(0.8) ? makeCompany(rng, script) : null;
    const tags = rng.chance(0.5) ? [rng.pick(v.TAGS)[script]] : [];
    lines.push(
      [
        surname[script] + given.map((g) => g[script]).join(''),
        company?.name ?? '',
        rng.chance(0.6) ? rng.pick(v.TITLES)[script] : '',
        makePhone(rng, script),
        rng.chance(0.2) ? makePhone(rng, script) : '',
        rng.chance(0.85) ? makeEmail(rng, script, surname[2], pinyin, company?.pinyin ?? null) : '',
        makeWechat(rng, script, surname[2] + pinyin) ?? '',
        tags.join(' ::: '),
      ]
        .map(quote)
        .join(','),
    );
  }
  return `${lines.join('\n')}\n`;
}

async function freshDatabaseUrl(): Promise<{ env: Record<string, string>; cleanup: () => Promise<void> }> {
  if (engine === 'sqlite') {
    const dir = resolve(BENCH_DIR, '.data', 'import');
    mkdirSync(dir, { recursive: true });
    const file = resolve(dir, 'pond.db');
    removeSqliteFiles(file);
    return { env: { POND_DATA_DIR: dir }, cleanup: async () => removeSqliteFiles(file) };
  }
  const admin = process.env.POND_BENCH_DATABASE_URL || 'postgres://postgres@127.0.0.1:5432/test';
  const name = 'pond_bench_import';
  const client = new pg.Client({ connectionString: admin });
  await client.connect();
  await client.query(`drop database if exists ${name} with (force)`);
  await client.query(`create database ${name}`);
  await client.end();
  const url = new URL(admin);
  url.pathname = `/${name}`;
  return {
    env: { DATABASE_URL: url.toString() },
    cleanup: async () => {
      const c = new pg.Client({ connectionString: admin });
      await c.connect();
      await c.query(`drop database if exists ${name} with (force)`);
      await c.end();
    },
  };
}

interface RunResult {
  indexed: boolean;
  cards: number;
  created: number;
  duplicates: number;
  rejected: number;
  wallMs: number;
  checkMs: number;
  insertMs: number;
  indexMs: number;
}

async function once(content: string, indexed: boolean): Promise<RunResult> {
  const { env, cleanup } = await freshDatabaseUrl();
  const config = loadConfig({ ...env, POND_LOG_LEVEL: 'silent', POND_DEFAULT_PHONE_REGION: 'CN' });
  const database = openDatabase(config);
  try {
    await migrateToLatest(database);
    const repos = createRepositories();
    // The baseline: the same import with the search index left unwritten (only here, never in Pond itself).
    if (!indexed) repos.search.insert = async () => 0;
    const services = createServices({ database, config, clock: systemClock }, repos);
    if (!indexed) {
      services.imports.termWorkerFrom = Infinity;
    }
    const now = new Date().toISOString();
    const user = await database.db
      .insertInto('users')
      .values({ email: 'importer@bench.pond', display_name: '蕭偉', role: 'salesperson', password_hash: 'x', team_id: null, locale: null, time_zone: null, active: true, created_at: now, updated_at: now })
      .returning('id')
      .executeTakeFirstOrThrow();
    const actor: Actor = { userId: user.id, email: 'importer@bench.pond', displayName: '蕭偉', role: 'salesperson', teamId: null, locale: 'zh-Hant', timeZone: 'Asia/Taipei', phoneRegion: null, via: 'cli' };
    const started = performance.now();
    const report = await services.imports.importCards(actor, { content, tags: ['2026秋季展'] }, CLI_META);
    const wallMs = performance.now() - started;
    return { indexed, cards: report.cards, created: report.created, duplicates: report.duplicates.length, rejected: report.rejected.length, wallMs, ...report.timings };
  } finally {
    await database.close();
    await cleanup();
  }
}

const content = cardsCsv(cards);
const results: RunResult[] = [];
const seconds = (ms: number) => (ms / 1000).toFixed(1);
// Each run imports the cards twice into a fresh book, without and with the index, in alternating order.
for (let i = 0; i < runs; i++) {
  for (const indexed of i % 2 ? [true, false] : [false, true]) {
    const r = await once(content, indexed);
    results.push(r);
    if (!args.json) {
      console.log(
        `${engine} run ${i + 1} ${indexed ? 'with the index   ' : 'without the index'}: ${r.created}/${r.cards} created (${r.duplicates} duplicates, ${r.rejected} refused) ` +
          `in ${seconds(r.wallMs)} s — checks ${seconds(r.checkMs)} s, records ${seconds(r.insertMs)} s, search index ${seconds(r.indexMs)} s`,
      );
    }
  }
}
const wall = (indexed: boolean) => median(results.filter((r) => r.indexed === indexed).map((r) => r.wallMs));
const summary = {
  engine,
  cards,
  runs,
  machine: `${cpus()[0]?.model ?? 'unknown'} × ${cpus().length}`,
  date: new Date().toISOString(),
  medianWallMs: { withoutIndex: wall(false), withIndex: wall(true) },
  /** What keeping the index adds, as a share of the import without it; the target is at most 1. */
  indexAddsShare: (wall(true) - wall(false)) / wall(false),
  results,
};
const out = resolve(BENCH_DIR, '.data', 'results', `import-${engine}-${cards}-${summary.date.replace(/[:.]/g, '-')}.json`);
mkdirSync(resolve(BENCH_DIR, '.data', 'results'), { recursive: true });
writeFileSync(out, JSON.stringify(summary, null, 2));
console.log(
  args.json
    ? JSON.stringify(summary, null, 2)
    : `median: ${seconds(wall(false))} s without the index, ${seconds(wall(true))} s with it; the index adds ${summary.indexAddsShare.toFixed(2)} × the import (${out})`,
);
