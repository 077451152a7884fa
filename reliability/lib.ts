/**
 * What the reliability drills share: a real Pond server as a child process (the same `pond serve` a user
 * runs), its first admin made through the setup link, a write load whose acknowledged writes are remembered,
 * and the checks that every acknowledged write is there and every derived counter agrees with its rows.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import SQLite from 'better-sqlite3';

export const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..');
export const PASSWORD = 'a long harbour morning at the pond';

export { freePort } from '../bench/lib/children.js';
import { freePort } from '../bench/lib/children.js';

export const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** Every server a drill started; none outlives the drill, however it ends. */
const running = new Set<ChildProcess>();
process.on('exit', () => {
  for (const child of running) child.kill('SIGKILL');
});

/** Where a drill's Pond keeps its data: a data directory, and a PostgreSQL URL when it runs there. */
export interface Store {
  dataDir: string;
  databaseUrl?: string;
}

export interface Server {
  port: number;
  url: string;
  process: ChildProcess;
  output: string[];
  /** The first-admin link it printed, when it had no users. */
  setupUrl(): string | null;
  /** SIGKILL: no shutdown, no flush, exactly a crash. */
  crash(): Promise<void>;
  stop(): Promise<void>;
}

/** Starts `pond serve` and waits until /readyz answers. */
export async function startServer(store: Store, port?: number, extraEnv: Record<string, string> = {}): Promise<Server> {
  const p = port ?? (await freePort());
  const url = `http://127.0.0.1:${p}`;
  const env: Record<string, string> = {
    ...(process.env as Record<string, string>),
    PORT: String(p),
    HOST: '127.0.0.1',
    POND_BASE_URL: url,
    POND_DATA_DIR: store.dataDir,
    POND_LOG_LEVEL: 'warn',
    ...extraEnv,
  };
  if (store.databaseUrl) env.DATABASE_URL = store.databaseUrl;
  else delete env.DATABASE_URL;
  const child = spawn(process.execPath, [resolve(ROOT, 'packages/cli/bin/pond.js'), 'serve'], { cwd: ROOT, env, stdio: ['ignore', 'pipe', 'pipe'] });
  const output: string[] = [];
  const keep = (b: Buffer) => {
    output.push(b.toString());
    if (output.length > 400) output.shift();
  };
  child.stdout!.on('data', keep);
  child.stderr!.on('data', keep);
  running.add(child);
  const exited = new Promise<void>((r) =>
    child.once('exit', () => {
      running.delete(child);
      r();
    }),
  );
  const server: Server = {
    port: p,
    url,
    process: child,
    output,
    setupUrl: () => /(http:\/\/\S+\/setup\?token=\S+)/.exec(output.join(''))?.[1] ?? null,
    async crash() {
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
      await exited;
    },
    async stop() {
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGTERM');
      await exited;
    },
  };
  // A worker-only process does not listen: it is ready when it says it runs jobs.
  const workerOnly = env.POND_ROLE === 'worker';
  const until = Date.now() + 60_000;
  while (Date.now() < until) {
    if (child.exitCode !== null) throw new Error(`pond serve exited with ${child.exitCode}:\n${output.join('')}`);
    try {
      if (workerOnly ? output.join('').includes('Pond is running background jobs') : (await fetch(`${url}/readyz`)).ok) return server;
    } catch {
      // not listening yet
    }
    await sleep(100);
  }
  await server.crash();
  throw new Error(`pond serve did not become ready:\n${output.join('')}`);
}

/** A signed-in client of one server (or of a proxy in front of several), as a browser on Pond's origin. */
export class Client {
  constructor(
    public base: string,
    private readonly origin: string,
    public cookie = '',
  ) {}

  // eslint-disable-next-line @typescript-eslint/no-explicit-any -- the drills read a few fields of many shapes
  async call(method: string, path: string, body?: unknown): Promise<{ status: number; json: any; headers: Headers }> {
    const res = await fetch(`${this.base}${path}`, {
      method,
      headers: { origin: this.origin, ...(this.cookie && { cookie: this.cookie }), ...(body !== undefined && { 'content-type': 'application/json' }) },
      ...(body !== undefined && { body: JSON.stringify(body) }),
      signal: AbortSignal.timeout(15_000),
    });
    const text = await res.text();
    // eslint-disable-next-line @typescript-eslint/no-explicit-any
    let json: any = null;
    try {
      json = text ? JSON.parse(text) : null;
    } catch {
      json = text;
    }
    return { status: res.status, json, headers: res.headers };
  }
}

/** Creates the first admin through the link the server printed, and returns a signed-in client. */
export async function firstAdmin(server: Server): Promise<Client> {
  // The server prints the link just after it starts listening (it writes the link's row first), so /readyz may answer first.
  let link = server.setupUrl();
  for (const until = Date.now() + 15_000; !link && Date.now() < until; link = server.setupUrl()) await new Promise((r) => setTimeout(r, 50));
  if (!link) throw new Error(`no setup link in the output:\n${server.output.join('')}`);
  const token = new URL(link).searchParams.get('token')!;
  const res = await fetch(`${server.url}/api/v1/setup`, {
    method: 'POST',
    headers: { origin: server.url, 'content-type': 'application/json' },
    body: JSON.stringify({ token, email: 'wang@pond.test', displayName: '王經理', password: PASSWORD }),
  });
  if (res.status !== 201) throw new Error(`setup failed: ${res.status} ${await res.text()}`);
  const cookie = (res.headers.get('set-cookie') ?? '').split(';')[0]!;
  return new Client(server.url, server.url, cookie);
}

/**
 * Kills worker processes at random until `done` answers true or `timeoutMs` passes: every `everyMs` (× 0.5–1.5) one
 * worker of `pool` gets SIGKILL and a new one with `env` takes its place. `done` is asked every `pollMs`. Returns the
 * number of kills and whether `done` was reached.
 */
export async function killWorkersUntil(
  store: Store,
  pool: Server[],
  env: Record<string, string>,
  o: { everyMs: number; pollMs: number; timeoutMs: number },
  done: () => Promise<boolean>,
): Promise<{ kills: number; finished: boolean }> {
  let kills = 0;
  let lastKill = Date.now();
  const deadline = Date.now() + o.timeoutMs;
  while (Date.now() < deadline) {
    if (await done()) return { kills, finished: true };
    await sleep(o.pollMs);
    if (Date.now() - lastKill > o.everyMs * (0.5 + Math.random())) {
      const victim = Math.floor(Math.random() * pool.length);
      await pool[victim]!.crash();
      kills++;
      pool[victim] = await startServer(store, undefined, env);
      lastKill = Date.now();
    }
  }
  return { kills, finished: await done() };
}

/** Calls the API and throws unless it answers `status`; returns the body. */
export async function must(client: Client, method: string, path: string, body?: unknown, status = 200) {
  const r = await client.call(method, path, body);
  if (r.status !== status) throw new Error(`${method} ${path}: ${r.status} ${JSON.stringify(r.json)}`);
  return r.json;
}

/** Signs a user in with the drills' password, as a browser on the server's origin. */
export async function login(base: string, email: string): Promise<Client> {
  const res = await fetch(`${base}/api/v1/auth/login`, { method: 'POST', headers: { origin: base, 'content-type': 'application/json' }, body: JSON.stringify({ email, password: PASSWORD }) });
  if (res.status !== 200) throw new Error(`login ${email}: ${res.status}`);
  return new Client(base, base, (res.headers.get('set-cookie') ?? '').split(';')[0]!);
}

/** Runs one statement on the drill's database from outside Pond (`$1`-style parameters on both engines). */
export async function query<T>(store: Store, text: string, params: unknown[] = []): Promise<T[]> {
  if (!store.databaseUrl) {
    const db = new SQLite(join(store.dataDir, 'pond.db'));
    try {
      // `$n` becomes `?` with its value repeated in order, so one parameter may be used twice.
      const args: unknown[] = [];
      const statement = db.prepare(text.replace(/\$(\d+)/g, (_, n: string) => (args.push(params[Number(n) - 1]), '?')));
      if (statement.reader) return statement.all(...args) as T[];
      statement.run(...args);
      return [];
    } finally {
      db.close();
    }
  }
  const c = new pg.Client({ connectionString: store.databaseUrl });
  await c.connect();
  try {
    return (await c.query(text, params)).rows as T[];
  } finally {
    await c.end();
  }
}

/** Every write a server acknowledged (answered 2xx with the new row's id). */
export interface Acknowledged {
  prospects: Set<number>;
  touches: Set<number>;
}

/**
 * Workers that create prospects and log touches as fast as the server answers, until `stop` is set. Errors
 * (a crash, an outage) are counted, not thrown: only answered writes count as acknowledged.
 */
export function writeLoad(client: Client, ack: Acknowledged, workers = 8, options: { touchShare?: number } = {}) {
  const state = { stop: false, sent: 0, acknowledged: 0, failed: 0, statuses: new Map<number, number>(), retryAfter: 0 };
  let seq = 0;
  const known = [...ack.prospects];
  const one = async () => {
    const touch = known.length > 0 && Math.random() < (options.touchShare ?? 0.7);
    state.sent++;
    try {
      if (touch) {
        const id = known[Math.floor(Math.random() * known.length)]!;
        const r = await client.call('POST', `/api/v1/prospects/${id}/touches`, { channel: 'call', relationshipKept: true, summary: `call ${++seq}`, saleMade: Math.random() < 0.05 });
        state.statuses.set(r.status, (state.statuses.get(r.status) ?? 0) + 1);
        if (r.status === 201) {
          ack.touches.add(r.json.touch.id);
          state.acknowledged++;
        } else if (r.status === 503 && r.headers.get('retry-after')) state.retryAfter++;
      } else {
        const n = ++seq;
        const r = await client.call('POST', '/api/v1/prospects', { name: `客戶 ${n}`, phones: [`139${String(Math.floor(Math.random() * 1e8)).padStart(8, '0')}`], grade: 'B' });
        state.statuses.set(r.status, (state.statuses.get(r.status) ?? 0) + 1);
        if (r.status === 201) {
          ack.prospects.add(r.json.prospect.id);
          known.push(r.json.prospect.id);
          state.acknowledged++;
        } else if (r.status === 503 && r.headers.get('retry-after')) state.retryAfter++;
      }
    } catch {
      state.failed++;
      await sleep(20);
    }
  };
  const done = Promise.all(
    Array.from({ length: workers }, async () => {
      while (!state.stop) await one();
    }),
  );
  return { state, done };
}

/** The counters and rows of the whole book, read straight from the database. */
export interface Audit {
  missingProspects: number;
  missingTouches: number;
  /** Prospects whose touch_count differs from their touches. */
  countMismatches: number;
  /** Prospects with touches whose first contacts are not exactly one. */
  firstContactMismatches: number;
  prospects: number;
  touches: number;
  integrity: string;
}

const AUDIT_SQL = {
  counts: 'select (select count(*) from prospects) as prospects, (select count(*) from touches) as touches',
  mismatches: 'select count(*) as n from prospects p where p.touch_count <> (select count(*) from touches t where t.prospect_id = p.id)',
  firsts:
    "select count(*) as n from prospects p where p.touch_count > 0 and (select count(*) from touches t where t.prospect_id = p.id and t.kind = 'first_contact') <> 1",
};

/** Checks a stopped (or running) Pond's database against what it acknowledged. */
export async function audit(store: Store, ack: Acknowledged): Promise<Audit> {
  const ids = (s: Set<number>) => [...s];
  if (!store.databaseUrl) {
    const db = new SQLite(resolve(store.dataDir, 'pond.db'), { readonly: true });
    try {
      const present = (table: string, wanted: number[]) => {
        const have = new Set((db.prepare(`select id from ${table}`).all() as { id: number }[]).map((r) => r.id));
        return wanted.filter((id) => !have.has(id)).length;
      };
      const counts = db.prepare(AUDIT_SQL.counts).get() as { prospects: number; touches: number };
      return {
        missingProspects: present('prospects', ids(ack.prospects)),
        missingTouches: present('touches', ids(ack.touches)),
        countMismatches: (db.prepare(AUDIT_SQL.mismatches).get() as { n: number }).n,
        firstContactMismatches: (db.prepare(AUDIT_SQL.firsts).get() as { n: number }).n,
        ...counts,
        integrity: String(db.pragma('integrity_check', { simple: true })),
      };
    } finally {
      db.close();
    }
  }
  const client = new pg.Client({ connectionString: store.databaseUrl });
  await client.connect();
  try {
    const missing = async (table: string, wanted: number[]) =>
      wanted.length ? Number((await client.query(`select count(*) as n from unnest($1::int[]) as w(id) where not exists (select 1 from ${table} x where x.id = w.id)`, [wanted])).rows[0].n) : 0;
    const counts = (await client.query(AUDIT_SQL.counts)).rows[0];
    return {
      missingProspects: await missing('prospects', ids(ack.prospects)),
      missingTouches: await missing('touches', ids(ack.touches)),
      countMismatches: Number((await client.query(AUDIT_SQL.mismatches)).rows[0].n),
      firstContactMismatches: Number((await client.query(AUDIT_SQL.firsts)).rows[0].n),
      prospects: Number(counts.prospects),
      touches: Number(counts.touches),
      integrity: 'ok',
    };
  } finally {
    await client.end();
  }
}

/** Throws unless nothing acknowledged is missing and every counter agrees with its rows. */
export function assertSound(a: Audit, label: string): void {
  const problems = [
    a.missingProspects && `${a.missingProspects} acknowledged prospects missing`,
    a.missingTouches && `${a.missingTouches} acknowledged touches missing`,
    a.countMismatches && `${a.countMismatches} prospects whose touch count disagrees with their touches`,
    a.firstContactMismatches && `${a.firstContactMismatches} prospects without exactly one first contact`,
    a.integrity !== 'ok' && `integrity_check: ${a.integrity}`,
  ].filter(Boolean);
  if (problems.length) throw new Error(`${label}: ${problems.join('; ')}`);
}

/** A fresh database on the PostgreSQL server of `adminUrl`, dropped by the returned function. */
export async function freshPostgres(adminUrl: string, name: string): Promise<{ url: string; drop: () => Promise<void> }> {
  const admin = new pg.Client({ connectionString: adminUrl });
  await admin.connect();
  await admin.query(`drop database if exists ${name}`);
  await admin.query(`create database ${name}`);
  await admin.end();
  const url = new URL(adminUrl);
  url.pathname = `/${name}`;
  return {
    url: url.toString(),
    async drop() {
      const c = new pg.Client({ connectionString: adminUrl });
      await c.connect();
      await c.query(`drop database if exists ${name} with (force)`);
      await c.end();
    },
  };
}

export function argValue(name: string, fallback: string): string {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 && process.argv[i + 1] ? process.argv[i + 1]! : fallback;
}

/** A fresh store for one drill (a data directory, and a database of its own on PostgreSQL), removed afterwards. */
export async function withStore<T>(engine: string, adminUrl: string, name: string, body: (store: Store) => Promise<T>): Promise<T> {
  const dataDir = mkdtempSync(join(tmpdir(), `pond-${name}-`));
  const pgdb = engine === 'postgres' ? await freshPostgres(adminUrl, `pond_${name.replace(/-/g, '_')}_${process.pid}`) : null;
  try {
    return await body({ dataDir, ...(pgdb && { databaseUrl: pgdb.url }) });
  } finally {
    await pgdb?.drop();
    rmSync(dataDir, { recursive: true, force: true });
  }
}

/** Runs a drill's main: any failure prints and exits 1 (the servers it started go with it). */
export function drill(main: () => Promise<void>): void {
  main().catch((err) => {
    console.error(err);
    process.exit(1);
  });
}
