/**
 * The morning run across real processes, killed at random: salespeople whose morning has come, worker processes
 * (POND_ROLE=worker) that plan their day jobs, write each one's notices and queue each one's mail in one
 * transaction, and hand the mail to a real SMTP server started here, while one worker is killed with SIGKILL and
 * started again every few hundred milliseconds. At the end every salesperson has exactly one "due today" notice and
 * one queued mail, and received it: once, or again under the same Message-ID when a worker died between the SMTP
 * server taking the mail and the outbox row saying so (the server here waits 40 ms before it answers, to leave that
 * window open; at most one such repeat a kill).
 *
 *   npx tsx reliability/morning.ts --engine postgres --workers 2 --users 200 [--database-url postgres://…/test]
 *   npx tsx reliability/morning.ts --engine sqlite --workers 1 --users 200
 */
import { Inbox } from '../packages/server/src/testing/smtp-inbox.js';
import { PASSWORD, argValue, drill, firstAdmin, killWorkersUntil, login, must, query, startServer, withStore, type Server } from './lib.js';

const engine = argValue('engine', 'postgres');
const workers = Number(argValue('workers', engine === 'postgres' ? '2' : '1'));
const users = Number(argValue('users', '60'));
const killEveryMs = Number(argValue('kill-every-ms', '400'));
const answerDelayMs = Number(argValue('smtp-delay-ms', '40'));
const adminUrl = argValue('database-url', process.env.POND_TEST_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test');
const WORKER_ENV = { POND_ROLE: 'worker', POND_JOB_LEASE_SECONDS: '2', POND_JOB_POLL_MS: '50', POND_LOG_LEVEL: 'info' };
const MORNING_TYPES = ['reminders.plan', 'reminders.digest', 'mail.send'];

drill(() =>
  withStore(engine, adminUrl, 'morning', async (store) => {
    const inbox = new Inbox('drill', 'a sink by the water', { authOptional: true });
    await inbox.start();
    // A relay that takes its time to answer: a worker killed while it waits leaves a mail received but not marked sent.
    inbox.answerDelayMs = answerDelayMs;
    const web = await startServer(store, undefined, { POND_ROLE: 'web' });
    const admin = await firstAdmin(web);
    const mail = await must(admin, 'GET', '/api/v1/settings/mail', undefined);
    await must(admin, 'PUT', '/api/v1/settings/mail', { version: mail.version, host: '127.0.0.1', port: inbox.port, security: 'none', fromAddress: 'today@pond.test', fromName: 'Pond' });
    // Salespeople whose morning began at midnight, every day, each with two prospects to call today. Their zone is
    // the one where it is about noon now, so no midnight passes during the drill and changes their day.
    const offset = 12 - new Date().getUTCHours();
    const timeZone = offset === 0 ? 'Etc/GMT' : offset > 0 ? `Etc/GMT-${offset}` : `Etc/GMT+${-offset}`;
    const localDay = new Intl.DateTimeFormat('en-CA', { timeZone }).format(new Date());
    const started = Date.now();
    let next = 0;
    await Promise.all(
      Array.from({ length: 6 }, async () => {
        for (let i = next++; i < users; i = next++) {
          const email = `sales${i}@pond.test`;
          await must(admin, 'POST', '/api/v1/users', { email, displayName: `業務 ${i}`, role: 'salesperson', password: PASSWORD }, 201);
          const me = await login(web.url, email);
          await must(me, 'PATCH', '/api/v1/auth/me', { timeZone });
          await must(me, 'PUT', '/api/v1/reminders/digest', { enabled: true, hour: 0, days: [1, 2, 3, 4, 5, 6, 7] });
          for (let k = 0; k < 2; k++) {
            const made = await must(me, 'POST', '/api/v1/prospects', { name: `客戶 ${i}-${k}`, phones: [`+88691${String(i * 10 + k).padStart(7, '0')}`], grade: 'A' }, 201);
            await must(me, 'POST', `/api/v1/prospects/${made.prospect.id}/touches`, { channel: 'call', relationshipKept: true, summary: '初次拜訪', nextContactOn: localDay }, 201);
          }
        }
      }),
    );
    const due = await must(await login(web.url, 'sales0@pond.test'), 'GET', '/api/v1/today', undefined);
    if (due.buckets.overdue.count + due.buckets.today.count === 0) throw new Error('the drill’s prospects are not due today');
    const setupSeconds = ((Date.now() - started) / 1000).toFixed(0);

    // The planner's run, as its schedule would enqueue it, without waiting for the next five-minute mark.
    const now = new Date().toISOString();
    await query(
      store,
      "insert into jobs (key, type, version, payload, status, run_at, max_attempts, created_at, updated_at) values ($1, 'reminders.plan', 1, '{}', 'queued', $2, 5, $2, $2)",
      [`reminders.plan:drill:${now}`, now],
    );
    const pool: Server[] = [];
    for (let i = 0; i < workers; i++) pool.push(await startServer(store, undefined, WORKER_ENV));
    const runStarted = Date.now();
    const open = async () =>
      Number(
        (await query<{ n: number | string }>(store, `select count(*) as n from jobs where type in (${MORNING_TYPES.map((t) => `'${t}'`).join(', ')}) and status <> 'done'`))[0]!
          .n,
      );
    const { kills, finished } = await killWorkersUntil(store, pool, WORKER_ENV, { everyMs: killEveryMs, pollMs: 50, timeoutMs: 300_000 }, async () => (await open()) === 0);
    const runSeconds = (Date.now() - runStarted) / 1000;
    await Promise.all(pool.map((w) => w.stop()));
    await web.stop();
    await inbox.stop();
    if (!finished) throw new Error('the morning’s jobs are not all done after five minutes');

    const problems: string[] = [];
    const people = await query<{ id: number; email: string }>(store, "select id, email from users where role = 'salesperson' order by id");
    const notices = await query<{ user_id: number; n: number | string }>(store, "select user_id, count(*) as n from notifications where kind = 'due_today' group by user_id");
    const outbox = await query<{ key: string; status: string }>(store, "select key, status from outbox where key like 'digest:%'");
    const noticeCount = new Map(notices.map((r) => [Number(r.user_id), Number(r.n)]));
    const byMail = new Map<string, string[]>();
    for (const m of inbox.received) {
      const id = /^message-id:\s*(\S+)/im.exec(m.data)?.[1] ?? '';
      for (const to of m.to) byMail.set(to, [...(byMail.get(to) ?? []), id]);
    }
    let repeats = 0;
    for (const p of people) {
      const got = byMail.get(p.email) ?? [];
      const rows = outbox.filter((o) => o.key.startsWith(`digest:${p.id}:`));
      if (noticeCount.get(Number(p.id)) !== 1) problems.push(`${p.email} has ${noticeCount.get(Number(p.id)) ?? 0} due-today notices`);
      if (rows.length !== 1 || rows[0]!.status !== 'sent') problems.push(`${p.email} has ${rows.length} morning mails queued (${rows.map((r) => r.status).join(', ')})`);
      if (got.length === 0) problems.push(`${p.email} received no morning mail`);
      if (new Set(got).size > 1) problems.push(`${p.email} received ${new Set(got).size} different morning mails`);
      repeats += Math.max(0, got.length - 1);
    }
    if (repeats > kills) problems.push(`${repeats} repeated mails for ${kills} kills`);
    if (people.length !== users) problems.push(`${people.length} salespeople of ${users}`);
    if (problems.length) throw new Error(`morning ${engine}: ${problems.slice(0, 8).join('; ')}${problems.length > 8 ? ` (and ${problems.length - 8} more)` : ''}`);
    console.log(
      `morning ${engine}: ${users} salespeople, ${workers} worker${workers > 1 ? 's' : ''}, ${kills} kills (SIGKILL) in ${runSeconds.toFixed(1)} s of the morning run (setup ${setupSeconds} s); ` +
        `each has one due-today notice and one mail queued and received (${repeats} received again under the same Message-ID), 0 lost, 0 doubled`,
    );
  }),
);
