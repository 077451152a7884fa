/**
 * npx tsx bench/newsletters.ts --engine postgres|sqlite [--copies 100000] [--workers 4] [--in-flight 1] [--database-url postgres://…/test]
 * Personalised newsletter copies into a local SMTP sink: an approved issue to N readers, sent by W worker processes
 * (`pond serve` with POND_ROLE=worker), from the moment it is sent until the last copy is recorded as accepted; each
 * worker's peak resident memory; and, in the same run, a bare nodemailer loop sending as many messages of the same
 * size to the same sink over as many connections (the baseline: SMTP and the sink alone, no database, no rendering).
 */
import { freemem } from 'node:os';
import { readFileSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import nodemailer from 'nodemailer';
import { SMTPServer } from 'smtp-server';
import { migrateToLatest } from '@pond/db';
import { CLI_META, CONSOLE, actorFor, createServices, loadConfig, openDatabase, systemClock } from '@pond/server';
import { argValue, freshPostgres, sleep, startServer, type Server } from '../reliability/lib.js';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const engine = argValue('engine', 'postgres');
const copies = Number(argValue('copies', '100000'));
const workers = Number(argValue('workers', '4'));
const inFlight = Number(argValue('in-flight', '1'));
const adminUrl = argValue('database-url', process.env.POND_BENCH_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test');
const log = (m: string) => console.log(`${new Date().toISOString().slice(11, 19)} ${m}`);

/** The sink: accepts everything, keeps only a count. */
let received = 0;
const sink = new SMTPServer({
  authOptional: true,
  disabledCommands: ['STARTTLS'],
  logger: false,
  closeTimeout: 200,
  onData: (stream, _s, done) => {
    stream.on('data', () => undefined);
    stream.on('end', () => {
      received++;
      done();
    });
  },
});
sink.on('error', () => undefined);
await new Promise<void>((r) => sink.listen(0, '127.0.0.1', r));
const sinkPort = (sink.server.address() as AddressInfo).port;

const dir = mkdtempSync(join(tmpdir(), 'pond-nl-bench-'));
const pgdb = engine === 'postgres' ? await freshPostgres(adminUrl, `pond_nl_bench_${process.pid}`) : null;
const env = { POND_DATA_DIR: dir, POND_BASE_URL: 'https://pond.example.com', ...(pgdb && { DATABASE_URL: pgdb.url }) };
const config = loadConfig({ ...process.env, ...env, POND_NEWSLETTER_LANES: String(workers) });
const database = openDatabase(config);
let sample = { html: '', text: '', subject: '' };
let buildSeconds = 0;
try {
  await migrateToLatest(database);
  const services = createServices({ database, config, clock: systemClock });
  const db = database.db;
  const admin = await services.users.create(CONSOLE, { email: 'admin@bench.pond', displayName: '管理員', role: 'admin', password: 'a long harbour morning at the pond' }, CLI_META);
  const boss = await services.users.create(CONSOLE, { email: 'boss@bench.pond', displayName: '王經理', role: 'manager', password: 'a long harbour morning at the pond' }, CLI_META);
  const team = await services.teams.create(CONSOLE, { name: '台北', managerId: boss.id }, CLI_META);
  const wei = await services.users.create(CONSOLE, { email: 'wei@bench.pond', displayName: '林小薇', role: 'salesperson', teamId: team.id, password: 'a long harbour morning at the pond' }, CLI_META);
  const asAdmin = actorFor(admin, 'cli');
  const asWei = actorFor({ ...wei, teamId: team.id }, 'cli');
  const asBoss = actorFor(boss, 'cli');
  log(`seeding ${copies} readers (${engine})`);
  const at = new Date().toISOString();
  for (let i = 0; i < copies; i += 1000) {
    const rows = Array.from({ length: Math.min(1000, copies - i) }, (_, k) => ({
      name: `讀者${i + k}`,
      source: 'card',
      owner_id: wei.id,
      collected_by_id: wei.id,
      created_by_id: wei.id,
      grade: 'B' as const,
      importance: 'normal' as const,
      expected_close: 'unknown',
      disposition: 'continue' as const,
      newsletter_consent: 'subscribed',
      do_not_call: false,
      stage: 'prospect' as const,
      created_at: at,
      updated_at: at,
      owned_since: at,
      name_key: '',
    }));
    const ids = (await db.insertInto('prospects').values(rows).returning('id').execute()).map((r) => r.id);
    await db.insertInto('prospect_contacts').values(ids.map((id, k) => ({ prospect_id: id, kind: 'email' as const, value: `reader${i + k}@example.test`, position: 0 }))).execute();
    await db.insertInto('prospect_tags').values(ids.map((id) => ({ prospect_id: id, tag: 'bench' }))).execute();
  }
  await services.mail.setSettings(asAdmin, 0, { host: '127.0.0.1', port: sinkPort, security: 'none', fromAddress: 'news@bench.pond', fromName: 'Pond' }, CLI_META);
  const policy = await services.settings.newsletterPolicy();
  await services.settings.setNewsletterPolicy(asAdmin, policy.version, { ...policy.policy, perMinute: 1_000_000, perHour: 10_000_000 }, CLI_META);
  const issue = await services.newsletters.create(asWei, { subject: '本季電動車市場分析', bodyMarkdown: '## 三款休旅車比一比\n\n| | 七人座 | 油電 |\n|---|---|---|\n| 油耗 | 8.9 L | 5.1 L |\n\n**年底前下訂**，牌照稅省一期。', advertisement: false, audience: 'tag=bench' }, CLI_META);
  const t0 = Date.now();
  const built = await services.newsletters.refresh(asWei, issue.id, issue.version, CLI_META);
  buildSeconds = (Date.now() - t0) / 1000;
  log(`list built: ${built.counts.recipients} copies in ${buildSeconds.toFixed(1)} s`);
  const submitted = await services.newsletters.submit(asWei, issue.id, built.version, CLI_META);
  const approved = await services.newsletters.review(asBoss, issue.id, { version: submitted.version, decision: 'approve' }, CLI_META);
  const first = (await services.newsletters.copies(asWei, issue.id, { limit: 1 })).items[0]!;
  sample = await services.newsletters.preview(asWei, first.id);
  await services.newsletters.send(asWei, issue.id, { version: approved.version }, CLI_META);
  services.mail.close();
} finally {
  await database.close();
}

// Pond: W worker processes send it.
// Timed from the start of the processes (each takes a second or two to start, in parallel).
const started = Date.now();
const pool: Server[] = await Promise.all(
  Array.from({ length: workers }, () =>
    startServer({ dataDir: dir, ...(pgdb && { databaseUrl: pgdb.url }) }, undefined, { POND_ROLE: 'worker', POND_LOG_LEVEL: 'info', POND_JOB_POLL_MS: '50', POND_NEWSLETTER_LANES: String(workers), POND_NEWSLETTER_IN_FLIGHT: String(inFlight) }),
  ),
);
const peak = new Map<number, number>();
const readPeak = () => {
  for (const w of pool) {
    try {
      const kb = Number(/VmHWM:\s+(\d+)/.exec(readFileSync(`/proc/${w.process.pid}/status`, 'utf8'))?.[1] ?? 0);
      peak.set(w.process.pid!, Math.max(peak.get(w.process.pid!) ?? 0, kb));
    } catch {
      // gone
    }
  }
};
while (received < copies && Date.now() - started < 3_600_000) {
  await sleep(500);
  readPeak();
}
const pondSeconds = (Date.now() - started) / 1000;
readPeak();
await Promise.all(pool.map((w) => w.stop()));

// The baseline: the same number of messages of the same size, straight to the sink, over as many connections.
const before = received;
const transport = nodemailer.createTransport({ host: '127.0.0.1', port: sinkPort, secure: false, ignoreTLS: true, pool: true, maxConnections: workers * inFlight, maxMessages: Infinity });
const bareStarted = Date.now();
let next = 0;
await Promise.all(
  Array.from({ length: workers * inFlight }, async () => {
    for (let i = next++; i < copies; i = next++) {
      await transport.sendMail({ from: { name: '林小薇', address: 'news@bench.pond' }, to: `reader${i}@example.test`, subject: sample.subject, text: sample.text, html: sample.html, headers: { 'List-Unsubscribe': '<https://pond.example.com/u>', 'List-Unsubscribe-Post': 'List-Unsubscribe=One-Click' } });
    }
  }),
);
const bareSeconds = (Date.now() - bareStarted) / 1000;
transport.close();
await new Promise<void>((r) => sink.close(() => r()));
await pgdb?.drop();
rmSync(dir, { recursive: true, force: true });

const pondRate = copies / pondSeconds;
const bareRate = (received - before) / bareSeconds;
const rss = [...peak.values()].map((kb) => Math.round(kb / 1024));
console.log(
  `newsletters ${engine}: ${copies} copies, ${workers} worker process${workers > 1 ? 'es' : ''} × ${inFlight} in flight: ${pondRate.toFixed(0)} copies/s ` +
    `(${pondSeconds.toFixed(1)} s from send to the last copy received); bare nodemailer loop ${bareRate.toFixed(0)}/s; ratio ${(pondRate / bareRate).toFixed(2)}; ` +
    `peak RSS per worker ${rss.join(', ')} MB; list built in ${buildSeconds.toFixed(1)} s; free memory ${Math.round(freemem() / 2 ** 20)} MB`,
);
process.exit(0);
