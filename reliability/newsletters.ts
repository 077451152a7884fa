/**
 * Newsletter sending across real processes, killed at random: a web process takes the requests, worker processes
 * (POND_ROLE=worker) send an approved issue to a real SMTP server started here, and every few seconds one worker is
 * killed with SIGKILL and started again. At the end every recipient has received exactly one copy, except copies
 * left `unknown` (a worker died while handing them to SMTP), which received at most one, and of which there are at
 * most as many as kills × copies in flight per job.
 *
 *   npx tsx reliability/newsletters.ts --engine postgres --workers 4 --recipients 2000 [--database-url postgres://…/test]
 *   npx tsx reliability/newsletters.ts --engine sqlite --workers 1 --recipients 2000
 */
import { Inbox } from '../packages/server/src/testing/smtp-inbox.js';
import { PASSWORD, argValue, drill, firstAdmin, killWorkersUntil, login, must, query, startServer, withStore, type Server } from './lib.js';

const engine = argValue('engine', 'postgres');
const workers = Number(argValue('workers', engine === 'postgres' ? '4' : '1'));
const recipients = Number(argValue('recipients', '2000'));
const killEveryMs = Number(argValue('kill-every-ms', '3000'));
const adminUrl = argValue('database-url', process.env.POND_TEST_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test');
const IN_FLIGHT = 1;
const WORKER_ENV = {
  POND_ROLE: 'worker',
  POND_JOB_LEASE_SECONDS: '2',
  POND_JOB_POLL_MS: '50',
  POND_NEWSLETTER_LANES: '4',
  POND_NEWSLETTER_IN_FLIGHT: String(IN_FLIGHT),
  POND_NEWSLETTER_LEASE_SECONDS: '5',
  // A worker-only process is ready when it logs that it runs jobs.
  POND_LOG_LEVEL: 'info',
};

drill(() =>
  withStore(engine, adminUrl, 'newsletters', async (store) => {
    const inbox = new Inbox('drill', 'a sink by the water', { authOptional: true });
    await inbox.start();
    const web = await startServer(store, undefined, { POND_ROLE: 'web', POND_NEWSLETTER_LANES: '4' });
    const admin = await firstAdmin(web);
    const mail = await must(admin, 'GET', '/api/v1/settings/mail', undefined);
    await must(admin, 'PUT', '/api/v1/settings/mail', { version: mail.version, host: '127.0.0.1', port: inbox.port, security: 'none', fromAddress: 'news@pond.test', fromName: 'Pond' });
    const policy = await must(admin, 'GET', '/api/v1/settings/newsletters', undefined);
    await must(admin, 'PUT', '/api/v1/settings/newsletters', { version: policy.version, policy: { ...policy.policy, perMinute: 1_000_000, perHour: 10_000_000 } });
    await must(admin, 'POST', '/api/v1/users', { email: 'xiaowei@pond.test', displayName: '林小薇', role: 'salesperson', password: PASSWORD }, 201);
    const author = await login(web.url, 'xiaowei@pond.test');
    // The audience: her prospects, each with an address of its own.
    const started = Date.now();
    let next = 0;
    await Promise.all(
      Array.from({ length: 12 }, async () => {
        for (let i = next++; i < recipients; i = next++) {
          await must(author, 'POST', '/api/v1/prospects', { name: `讀者 ${i}`, emails: [`reader${i}@example.test`], grade: 'B', tags: ['drill'], newsletterConsent: 'subscribed' }, 201);
        }
      }),
    );
    const made = await must(author, 'POST', '/api/v1/newsletters', { subject: '本季電動車市場分析', bodyMarkdown: '# 重點\n\n各品牌續航比較。', audience: 'tag=drill' }, 201);
    const id = made.id as number;
    const built = await must(author, 'POST', `/api/v1/newsletters/${id}/audience`, { version: made.version });
    if (built.counts.recipients !== recipients) throw new Error(`the list holds ${built.counts.recipients} of ${recipients}`);
    const submitted = await must(author, 'POST', `/api/v1/newsletters/${id}/submit`, { version: built.version });
    const approved = await must(admin, 'POST', `/api/v1/newsletters/${id}/review`, { version: submitted.version, decision: 'approve' });
    const setupSeconds = ((Date.now() - started) / 1000).toFixed(0);

    const pool: Server[] = [];
    for (let i = 0; i < workers; i++) pool.push(await startServer(store, undefined, WORKER_ENV));
    const sendStarted = Date.now();
    await must(author, 'POST', `/api/v1/newsletters/${id}/send`, { version: approved.version });
    let state = 'sending';
    const { kills } = await killWorkersUntil(store, pool, WORKER_ENV, { everyMs: killEveryMs, pollMs: 200, timeoutMs: 600_000 }, async () => {
      state = (await admin.call('GET', `/api/v1/newsletters/${id}`)).json?.state ?? state;
      return state === 'sent';
    });
    const sendSeconds = (Date.now() - sendStarted) / 1000;
    await Promise.all(pool.map((w) => w.stop()));
    await web.stop();
    await inbox.stop();
    if (state !== 'sent') throw new Error(`the issue is still ${state} after ten minutes`);

    const received = new Map<string, number>();
    for (const m of inbox.received) for (const to of m.to) received.set(to, (received.get(to) ?? 0) + 1);
    const copies = await query<{ address: string; state: string }>(store, "select address, state from newsletter_copies where issue_id = $1 and state <> 'excluded'", [id]);
    const unknown = copies.filter((c) => c.state === 'unknown');
    const problems: string[] = [];
    const twice = [...received].filter(([, n]) => n > 1);
    if (twice.length) problems.push(`${twice.length} recipients received a copy more than once (${twice.slice(0, 3).map(([a, n]) => `${a}×${n}`).join(', ')})`);
    const accepted = copies.filter((c) => c.state === 'accepted');
    const lost = accepted.filter((c) => received.get(c.address) !== 1);
    if (lost.length) problems.push(`${lost.length} copies recorded as sent were not received exactly once`);
    const other = copies.filter((c) => c.state !== 'accepted' && c.state !== 'unknown');
    if (other.length) problems.push(`${other.length} copies ended neither sent nor unknown (${[...new Set(other.map((c) => c.state))].join(', ')})`);
    if (unknown.length > kills * IN_FLIGHT) problems.push(`${unknown.length} unknown copies for ${kills} kills`);
    const strays = [...received.keys()].filter((a) => !copies.some((c) => c.address === a));
    if (strays.length) problems.push(`${strays.length} copies went to addresses not on the list`);
    if (problems.length) throw new Error(`newsletters ${engine}: ${problems.join('; ')}`);
    const unknownReceived = unknown.filter((c) => received.get(c.address) === 1).length;
    console.log(
      `newsletters ${engine}: ${recipients} recipients, ${workers} worker${workers > 1 ? 's' : ''}, ${kills} kills (SIGKILL) in ${sendSeconds.toFixed(0)} s of sending (setup ${setupSeconds} s); ` +
        `${accepted.length} sent and received exactly once, ${unknown.length} unknown (${unknownReceived} of them had reached the server), 0 received twice, 0 lost`,
    );
  }),
);
