/**
 * Background jobs across real processes: a web process (POND_ROLE=web) takes the requests, worker processes
 * (POND_ROLE=worker) run the jobs.
 * 1. A worker is killed (SIGKILL) in the middle of a job; another worker takes the job when its lease runs out,
 *    and the job runs once more and only once: done after two attempts, its one effect (an audit entry) once.
 * 2. Two workers on one database work off a queue of jobs: every job done exactly once, by one of them.
 *
 *   npx tsx reliability/jobs.ts --engine sqlite|postgres [--database-url postgres://…/test]
 */
import { join } from 'node:path';
import pg from 'pg';
import SQLite from 'better-sqlite3';
import { argValue, drill, firstAdmin, sleep, startServer, withStore, type Client, type Server, type Store } from './lib.js';

const engine = argValue('engine', 'sqlite');
const adminUrl = argValue('database-url', process.env.POND_TEST_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test');
const WORKER_ENV = { POND_ROLE: 'worker', POND_JOB_LEASE_SECONDS: '2', POND_JOB_POLL_MS: '50', POND_LOG_LEVEL: 'info' };

interface JobRow {
  key: string;
  status: string;
  attempts: number;
  locked_by: string | null;
}

/** Reads the jobs and probe entries straight from the database. */
async function read(store: Store): Promise<{ jobs: JobRow[]; probes: Map<string, number> }> {
  const jobsSql = "select key, status, attempts, locked_by from jobs where type = 'system.probe'";
  const probesSql = "select entity_id as key, count(*) as n from audit_log where action = 'job.probe' group by entity_id";
  if (!store.databaseUrl) {
    const db = new SQLite(join(store.dataDir, 'pond.db'), { readonly: true });
    try {
      return { jobs: db.prepare(jobsSql).all() as JobRow[], probes: new Map((db.prepare(probesSql).all() as { key: string; n: number }[]).map((r) => [r.key, r.n])) };
    } finally {
      db.close();
    }
  }
  const c = new pg.Client({ connectionString: store.databaseUrl });
  await c.connect();
  try {
    const jobs = (await c.query(jobsSql)).rows as JobRow[];
    const probes = new Map((await c.query(probesSql)).rows.map((r: { key: string; n: string }) => [r.key, Number(r.n)]));
    return { jobs, probes };
  } finally {
    await c.end();
  }
}

async function until<T>(what: string, probe: () => Promise<T | undefined>, ms = 30_000): Promise<T> {
  const end = Date.now() + ms;
  while (Date.now() < end) {
    const v = await probe();
    if (v !== undefined) return v;
    await sleep(50);
  }
  throw new Error(`timed out waiting for ${what}`);
}

async function killMidJob(store: Store, client: Client): Promise<string> {
  let worker = await startServer(store, undefined, WORKER_ENV);
  const { job } = (await client.call('POST', '/api/v1/jobs/probe', { sleepMs: 3000 })).json;
  await until('the worker to take the job', async () => ((await read(store)).jobs.find((j) => j.key === job.key && j.status === 'running') ? true : undefined));
  await sleep(500);
  await worker.crash();
  const cut = (await read(store)).jobs.find((j) => j.key === job.key)!;
  if (cut.status !== 'running' || cut.attempts !== 1) throw new Error(`after the kill: ${JSON.stringify(cut)}`);
  worker = await startServer(store, undefined, WORKER_ENV);
  const done = await until('the job to be done', async () => (await read(store)).jobs.find((j) => j.key === job.key && j.status === 'done'));
  await worker.stop();
  const { probes } = await read(store);
  if (done.attempts !== 2 || probes.get(job.key) !== 1) throw new Error(`killed mid-job: ${done.attempts} attempts, ${probes.get(job.key) ?? 0} effects`);
  return `a worker killed mid-job: the job was taken again after its lease and done on attempt 2, its effect once`;
}

async function twoWorkers(store: Store, client: Client): Promise<string> {
  const workers: Server[] = [await startServer(store, undefined, WORKER_ENV), await startServer(store, undefined, WORKER_ENV)];
  const keys: string[] = [];
  for (let i = 0; i < 60; i++) keys.push((await client.call('POST', '/api/v1/jobs/probe', { sleepMs: 30 })).json.job.key);
  const wanted = new Set(keys);
  const finished = await until('every job to be done', async () => {
    const { jobs } = await read(store);
    const mine = jobs.filter((j) => wanted.has(j.key));
    return mine.length === keys.length && mine.every((j) => j.status === 'done') ? mine : undefined;
  }, 60_000);
  await Promise.all(workers.map((w) => w.stop()));
  const { probes } = await read(store);
  const doubled = finished.filter((j) => j.attempts !== 1 || probes.get(j.key) !== 1);
  const by = new Set(finished.map((j) => j.locked_by));
  if (doubled.length) throw new Error(`jobs run more than once: ${JSON.stringify(doubled.slice(0, 3))}`);
  if (by.size < 2) throw new Error(`only one worker took jobs: ${[...by].join(', ')}`);
  return `two workers took 60 jobs between them (${[...by].map((w) => finished.filter((j) => j.locked_by === w).length).join(' + ')}), each done once, on its first attempt`;
}

drill(() =>
  withStore(engine, adminUrl, 'jobs', async (store) => {
    const web = await startServer(store, undefined, { POND_ROLE: 'web' });
    const client = await firstAdmin(web);
    const lines = [await killMidJob(store, client), await twoWorkers(store, client)];
    await web.stop();
    console.log(`jobs ${engine}: ${lines.join('; ')}`);
  }),
);
