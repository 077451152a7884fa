/**
 * The deployment teams grow into: two Pond web processes and one worker on one PostgreSQL database, the web
 * processes behind a reverse proxy
 * (here a small round-robin proxy on loopback, standing in for nginx or Caddy; docs/operations.md has their
 * configurations). Writes sent at once through the proxy land on both processes; afterwards every
 * acknowledged write is there and every counter agrees with its rows, and parallel wrong passwords across
 * both processes still meet one throttle.
 *
 *   npx tsx reliability/cluster.ts --database-url postgres://postgres@127.0.0.1:5432/test
 */
import { createServer, request as httpRequest, type Server as HttpServer } from 'node:http';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Client, argValue, assertSound, audit, firstAdmin, freePort, freshPostgres, sleep, startServer, writeLoad, type Acknowledged } from './lib.js';

const adminUrl = argValue('database-url', process.env.POND_TEST_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test');

/** Round-robin over the backends, counting what each served; X-Forwarded-For set as a real proxy would. */
function proxy(backends: number[]): { server: HttpServer; served: number[] } {
  const served = backends.map(() => 0);
  let next = 0;
  const server = createServer((req, res) => {
    const i = next++ % backends.length;
    served[i]!++;
    const upstream = httpRequest(
      { host: '127.0.0.1', port: backends[i], path: req.url, method: req.method, headers: { ...req.headers, 'x-forwarded-for': req.socket.remoteAddress ?? '127.0.0.1' } },
      (up) => {
        res.writeHead(up.statusCode ?? 502, up.headers);
        up.pipe(res);
      },
    );
    upstream.on('error', () => {
      res.writeHead(502);
      res.end();
    });
    req.pipe(upstream);
  });
  return { server, served };
}

async function main(): Promise<void> {
  const db = await freshPostgres(adminUrl, `pond_cluster_${process.pid}`);
  const dataDir = mkdtempSync(join(tmpdir(), 'pond-cluster-'));
  const proxyPort = await freePort();
  const base = `http://127.0.0.1:${proxyPort}`;
  // Both processes know the public address is the proxy's, and trust its X-Forwarded-For.
  const env = { POND_BASE_URL: base, POND_TRUST_PROXY: 'true' };
  const store = { dataDir, databaseUrl: db.url };
  const ack: Acknowledged = { prospects: new Set(), touches: new Set() };
  const first = await startServer(store, undefined, { ...env, POND_ROLE: 'web' });
  const second = await startServer(store, undefined, { ...env, POND_ROLE: 'web' });
  const worker = await startServer(store, undefined, { ...env, POND_ROLE: 'worker', POND_LOG_LEVEL: 'info', POND_JOB_POLL_MS: '50' });
  const { server: front, served } = proxy([first.port, second.port]);
  await new Promise<void>((r) => front.listen(proxyPort, '127.0.0.1', r));
  try {
    // Each start printed a setup link, and the later one replaced the earlier: the admin is made with the
    // second's, through the proxy.
    second.url = base;
    const admin = await firstAdmin(second);
    const client = new Client(base, base, admin.cookie);

    // 40 touches at once on one prospect, half on each process.
    const p = await client.call('POST', '/api/v1/prospects', { name: '小偉的客戶', phones: ['13911112222'], grade: 'A' });
    ack.prospects.add(p.json.prospect.id);
    const touches = await Promise.all(Array.from({ length: 40 }, (_, i) => client.call('POST', `/api/v1/prospects/${p.json.prospect.id}/touches`, { channel: 'call', relationshipKept: true, summary: `call ${i}` })));
    for (const t of touches) if (t.status === 201) ack.touches.add(t.json.touch.id);
    const after = await client.call('GET', `/api/v1/prospects/${p.json.prospect.id}`);
    if (after.json.prospect.touchCount !== 40 || touches.some((t) => t.status !== 201)) throw new Error(`40 touches at once across two processes: ${after.json.prospect.touchCount} counted`);

    // A mixed write load for a few seconds over both.
    const load = writeLoad(client, ack, 8);
    await sleep(5000);
    load.state.stop = true;
    await load.done;
    const errors = [...load.state.statuses].filter(([k]) => k >= 500).reduce((n, [, v]) => n + v, 0) + load.state.failed;
    if (errors > 0) throw new Error(`${errors} requests failed under load: ${JSON.stringify([...load.state.statuses])}`);

    // Wrong passwords sent at once, alternating between the processes, meet one throttle in the database.
    const guesses = await Promise.all(
      Array.from({ length: 30 }, (_, i) =>
        fetch(`${base}/api/v1/auth/login`, { method: 'POST', headers: { origin: base, 'content-type': 'application/json' }, body: JSON.stringify({ email: 'wang@pond.test', password: `wrong guess ${i} here` }) }).then((r) => r.status),
      ),
    );
    const checked = guesses.filter((s) => s === 401).length;
    if (checked > 6 || guesses.filter((s) => s === 429).length !== 30 - checked) throw new Error(`throttle across processes: ${guesses.join(',')}`);

    // Background work asked for through either web process is done by the worker, once.
    const probes = await Promise.all(Array.from({ length: 10 }, () => client.call('POST', '/api/v1/jobs/probe', { sleepMs: 10 })));
    const keys = probes.map((p) => p.json.job.key as string);
    let done = 0;
    for (let i = 0; i < 200 && done < keys.length; i++) {
      const list = await client.call('GET', '/api/v1/jobs?limit=200');
      done = list.json.items.filter((j: { key: string; status: string; attempts: number }) => keys.includes(j.key) && j.status === 'done' && j.attempts === 1).length;
      if (done < keys.length) await sleep(100);
    }
    if (done !== keys.length) throw new Error(`the worker did ${done} of ${keys.length} jobs`);

    const a = await audit(store, ack);
    assertSound(a, 'cluster');
    if (served.some((n) => n < 20)) throw new Error(`the proxy did not spread the load: ${served.join(' / ')}`);
    console.log(
      `cluster: two Pond web processes behind one proxy and a worker on one PostgreSQL; the web processes served ${served.join(' + ')} requests; 40 touches at once on one prospect counted 40; ` +
        `${load.state.acknowledged} writes under load with no error; 30 parallel wrong passwords: ${checked} checked, ${30 - checked} refused with 429; ` +
        `10 jobs asked through the proxy done once each by the worker; ${ack.prospects.size + ack.touches.size} acknowledged writes present, counters agree`,
    );
  } finally {
    front.close();
    await Promise.all([first.stop(), second.stop(), worker.stop()]);
    await db.drop();
    rmSync(dataDir, { recursive: true, force: true });
  }
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
