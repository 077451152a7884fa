import { copyFileSync, mkdtempSync, rmSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { migrateToLatest } from '@pond/db';
import { ManualClock, createServices, loadConfig, openDatabase, type Actor } from '@pond/server';
import { SMTPServer } from 'smtp-server';
import { jobDefinitions } from '../packages/server/src/jobs/definitions.js';
import { JobRunner } from '../packages/server/src/jobs/runner.js';
import { startPond } from './lib/children.js';
import { numberFlag, parseArgs, stringFlag, todayUtc8 } from './lib/args.js';
import { DEFAULT_SEED, ensureDataset } from './dataset/ensure.js';
import { targetFor, withAdmin, type Engine } from './lib/target.js';

/**
 * npm run bench:reminders -- --engine sqlite|postgres|both --scale S [--feed-requests 200] [--skip-search-index]
 * On a copy of the bench dataset:
 * - the morning run: every user's morning mail planned at 08:30 in Taipei and run by one worker until the queue is
 *   empty, every mail handed to a local SMTP sink, against the bare agenda reads of the same users (the baseline);
 * - the calendar feed of the salesperson with the most prospects, over HTTP from a Pond server: a full answer, and
 *   the 304 a calendar gets when its ETag matches, against GET /readyz from the same server (the floor).
 */
const flags = parseArgs(process.argv.slice(2));
const scale = numberFlag(flags, 'scale', 0.1);
const feedRequests = numberFlag(flags, 'feed-requests', 200);
const engineFlag = stringFlag(flags, 'engine', 'both');
const engines: Engine[] = engineFlag === 'both' ? ['sqlite', 'postgres'] : [engineFlag as Engine];
const log = (m: string) => console.log(`${new Date().toISOString().slice(11, 19)} ${m}`);
const quantile = (xs: number[], q: number) => [...xs].sort((a, b) => a - b)[Math.min(xs.length - 1, Math.floor(xs.length * q))]!;

/** An SMTP server that takes every message and counts it. */
async function smtpSink(): Promise<{ port: number; received: () => number; close: () => Promise<void> }> {
  let received = 0;
  const server = new SMTPServer({
    authOptional: true,
    disabledCommands: ['STARTTLS', 'AUTH'],
    logger: false,
    onData: (stream, _session, done) => {
      stream.on('data', () => {});
      stream.on('end', () => {
        received++;
        done();
      });
    },
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  return { port: (server.server.address() as AddressInfo).port, received: () => received, close: () => new Promise((r) => server.close(() => r())) };
}

const rows: string[] = [];
for (const engine of engines) {
  await ensureDataset(engine, { scale, seed: DEFAULT_SEED, today: todayUtc8(), fresh: false, searchIndex: flags.get('skip-search-index') !== true, log });
  const target = targetFor(engine, scale);
  const dir = mkdtempSync(join(tmpdir(), 'pond-reminders-bench-'));
  const copy = `pond_reminders_bench_${process.pid}`;
  if (engine === 'sqlite') copyFileSync(target.sqliteFile, join(dir, 'pond.db'));
  else await withAdmin(target, async (c) => c.query(`create database ${copy} template ${target.pgDatabase}`));
  const url = new URL(target.pgUrl);
  url.pathname = `/${copy}`;
  const sink = await smtpSink();
  const env = { POND_DATA_DIR: dir, POND_BASE_URL: 'http://127.0.0.1', ...(engine === 'postgres' && { DATABASE_URL: url.toString() }), POND_DEFAULT_TIME_ZONE: 'Asia/Taipei' };
  const config = loadConfig(env);
  const database = openDatabase(config);
  try {
    await migrateToLatest(database);
    const db = database.db;
    const at = new Date(`${todayUtc8()}T00:30:00.000Z`); // 08:30 in Taipei
    await db.updateTable('users').set({ time_zone: 'Asia/Taipei', digest_enabled: true, digest_hour: 8, digest_days: 0b1111111, digest_sent_for: null }).execute();
    const mail = { host: '127.0.0.1', port: sink.port, security: 'none', user: null, passwordSealed: null, fromAddress: 'pond@bench.pond', fromName: 'Pond', dkim: null };
    await db.insertInto('settings').values({ key: 'mail', value_json: JSON.stringify(mail), version: 1, updated_at: at.toISOString(), updated_by_id: null }).onConflict((oc) => oc.column('key').doNothing()).execute();
    const clock = new ManualClock(at.toISOString());
    const services = createServices({ database, config, clock });
    const users = await db.selectFrom('users').select(['id', 'email', 'display_name', 'role', 'team_id', 'locale']).where('active', '=', true).orderBy('id').execute();
    const actorOf = (u: (typeof users)[number]): Actor => ({ userId: u.id, email: u.email, displayName: u.display_name, role: u.role, teamId: u.team_id, locale: null, timeZone: 'Asia/Taipei', phoneRegion: null, via: 'job' });

    // Baseline: the agenda each mail is built from, read for every user.
    const b0 = performance.now();
    for (const u of users) await services.agenda.today(actorOf(u), 10);
    const baselineMs = performance.now() - b0;

    // The morning run: plan, then one worker runs the day jobs and the mail jobs they queue.
    const { definitions } = jobDefinitions(services, { database, config, clock });
    const runner = new JobRunner(database, clock, definitions, { leaseMs: 120_000 });
    const m0 = performance.now();
    const planned = await services.reminders.planDigests();
    let jobs = 0;
    while (await runner.runOnce()) jobs++;
    const morningMs = performance.now() - m0;
    const queued = Number((await db.selectFrom('outbox').select((eb) => eb.fn.countAll<number>().as('n')).where('key', 'like', 'digest:%').executeTakeFirstOrThrow()).n);
    const failed = Number((await db.selectFrom('outbox').select((eb) => eb.fn.countAll<number>().as('n')).where('status', '!=', 'sent').executeTakeFirstOrThrow()).n);
    if (sink.received() !== queued || failed > 0) throw new Error(`${queued} morning mails queued, ${sink.received()} received, ${failed} not sent`);
    log(`[${engine}] morning: ${users.length} users planned ${planned}, ${jobs} jobs, ${sink.received()} mails in ${(morningMs / 1000).toFixed(2)} s; the bare agenda reads ${(baselineMs / 1000).toFixed(2)} s`);
    services.mail.close();

    // The feed of the salesperson with the most prospects, over HTTP.
    const top = await db
      .selectFrom('prospects')
      .select(['owner_id', (eb) => eb.fn.countAll<number>().as('n')])
      .where('owner_id', 'is not', null)
      .groupBy('owner_id')
      .orderBy('n', 'desc')
      .limit(1)
      .executeTakeFirstOrThrow();
    const owner = users.find((u) => u.id === top.owner_id)!;
    const feed = await services.reminders.createFeed(actorOf(owner), { ip: null, userAgent: null });
    // A cold build from the rows (no tag: no cache is asked, nothing of an earlier build is taken), in process.
    const builds: number[] = [];
    for (let i = 0; i < 3 + Math.ceil(feedRequests / 10); i++) {
      const t0 = performance.now();
      await services.reminders.calendar(actorOf(owner));
      if (i >= 3) builds.push(performance.now() - t0);
    }
    await database.close();
    const pond = await startPond({ ...target, dataDir: dir, sqliteFile: join(dir, 'pond.db'), pgUrl: url.toString() });
    try {
      const base = `http://127.0.0.1:${pond.port}`;
      const path = new URL(feed.url).pathname;
      // Timed to the answer's last byte; turning its 2.3 MB into a string is the client's work, done after.
      const time = async (u: string, headers: Record<string, string> = {}, expect = 200) => {
        const t0 = performance.now();
        const res = await fetch(base + u, { headers });
        const bytes = await res.arrayBuffer();
        const ms = performance.now() - t0;
        const body = () => new TextDecoder().decode(bytes);
        if (res.status !== expect) throw new Error(`${u}: ${res.status} ${body().slice(0, 200)}`);
        return { ms, res, body };
      };
      const first = await time(path);
      const etag = first.res.headers.get('etag')!;
      const firstBody = first.body();
      const events = (firstBody.match(/BEGIN:VEVENT/g) ?? []).length;
      for (let i = 0; i < 10; i++) await time(path); // warm
      const full: number[] = [];
      const cached: number[] = [];
      const floor: number[] = [];
      for (let i = 0; i < feedRequests; i++) {
        full.push((await time(path)).ms);
        cached.push((await time(path, { 'if-none-match': etag }, 304)).ms);
        floor.push((await time('/readyz')).ms);
      }
      // The first fetch after one of its prospects changed (another process's write: the tag moves), over HTTP: the
      // build takes the other follow-ups' texts from the last one.
      const writer = openDatabase(config);
      const changed: number[] = [];
      try {
        const ids = (await writer.db.selectFrom('prospects').select('id').where('owner_id', '=', owner.id).where('next_due_on', 'is not', null).limit(200).execute()).map((r) => r.id);
        for (let i = 0; i < Math.max(10, Math.ceil(feedRequests / 5)); i++) {
          await writer.db
            .updateTable('prospects')
            .set((eb) => ({ version: eb('version', '+', 1), updated_at: new Date(at.getTime() + (i + 1) * 1000).toISOString() }))
            .where('id', '=', ids[i % ids.length]!)
            .execute();
          changed.push((await time(path)).ms);
        }
      } finally {
        await writer.close();
      }
      log(`[${engine}] feed of ${Number(top.n)} prospects (${events} events, ${(Buffer.byteLength(firstBody) / 1024).toFixed(0)} KiB): a build p50 ${quantile(builds, 0.5).toFixed(0)} ms, p95 ${quantile(builds, 0.95).toFixed(0)} ms; over HTTP p50 ${quantile(full, 0.5).toFixed(1)} ms, p95 ${quantile(full, 0.95).toFixed(1)} ms; 304 p95 ${quantile(cached, 0.95).toFixed(1)} ms; after a change p50 ${quantile(changed, 0.5).toFixed(1)} ms, p95 ${quantile(changed, 0.95).toFixed(1)} ms; /readyz p95 ${quantile(floor, 0.95).toFixed(1)} ms`);
      rows.push(
        `| ${engine} | ${scale} | ${users.length} | ${sink.received()} | ${(morningMs / 1000).toFixed(1)} s | ${(baselineMs / 1000).toFixed(1)} s | ${Number(top.n).toLocaleString('en')} / ${events} | ${quantile(builds, 0.5).toFixed(0)} / ${quantile(builds, 0.95).toFixed(0)} ms | ${quantile(changed, 0.5).toFixed(1)} / ${quantile(changed, 0.95).toFixed(1)} ms | ${quantile(full, 0.5).toFixed(1)} / ${quantile(full, 0.95).toFixed(1)} ms | ${quantile(cached, 0.5).toFixed(1)} / ${quantile(cached, 0.95).toFixed(1)} ms | ${quantile(floor, 0.95).toFixed(1)} ms |`,
      );
    } finally {
      await pond.stop();
    }
  } finally {
    await sink.close();
    await database.close().catch(() => {});
    rmSync(dir, { recursive: true, force: true });
    if (engine === 'postgres') await withAdmin(target, async (c) => c.query(`drop database if exists ${copy}`));
  }
}
console.log('| engine | scale | users | mails | morning run | bare agenda reads | feed: prospects / events | cold build in process p50 / p95 | first fetch after a change p50 / p95 | feed over HTTP p50 / p95 | 304 p50 / p95 | /readyz p95 |');
console.log('|---|---|---|---|---|---|---|---|---|---|---|---|');
for (const r of rows) console.log(r);
