/**
 * PostgreSQL restart drill: Pond on a PostgreSQL server of its own (a throwaway cluster made with initdb on a
 * free port), under a write load, while that server is stopped the hard way (`pg_ctl stop -m immediate`, a
 * crash) and started again, several times. While it is down requests answer 503 with Retry-After; when it is
 * back the same Pond process writes again; every acknowledged write survives. Needs root (the cluster runs as
 * the postgres user) and Debian's PostgreSQL server binaries.
 *
 *   npx tsx reliability/pg-restart.ts --restarts 3
 */
import { execFileSync } from 'node:child_process';
import { chownSync, existsSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { argValue, assertSound, audit, firstAdmin, freePort, sleep, startServer, writeLoad, type Acknowledged } from './lib.js';

const restarts = Number(argValue('restarts', '3'));

function binDir(): string {
  const root = '/usr/lib/postgresql';
  const version = readdirSync(root).sort((a, b) => Number(b) - Number(a))[0];
  if (!version || !existsSync(join(root, version, 'bin', 'pg_ctl'))) throw new Error('no PostgreSQL server binaries under /usr/lib/postgresql');
  return join(root, version, 'bin');
}

function asPostgres(command: string, args: string[]): void {
  execFileSync('su', ['postgres', '-s', '/bin/sh', '-c', [command, ...args].map((a) => `'${a.replace(/'/g, "'\\''")}'`).join(' ')], { stdio: 'pipe' });
}

async function main(): Promise<void> {
  const bin = binDir();
  const dir = mkdtempSync(join(tmpdir(), 'pond-pg-'));
  chownSync(dir, Number(execFileSync('id', ['-u', 'postgres']).toString()), Number(execFileSync('id', ['-g', 'postgres']).toString()));
  const pgdata = join(dir, 'data');
  const port = await freePort();
  const pgctl = (...args: string[]) => asPostgres(join(bin, 'pg_ctl'), ['-D', pgdata, ...args]);
  asPostgres(join(bin, 'initdb'), ['-D', pgdata, '-A', 'trust', '-U', 'postgres', '--no-sync']);
  const start = () => pgctl('-o', `-p ${port} -k ${dir} -c listen_addresses=127.0.0.1 -c fsync=on`, '-l', join(dir, 'log'), '-w', 'start');
  start();
  const store = { dataDir: mkdtempSync(join(tmpdir(), 'pond-pgr-')), databaseUrl: `postgres://postgres@127.0.0.1:${port}/postgres` };
  const ack: Acknowledged = { prospects: new Set(), touches: new Set() };
  let refused = 0;
  let withoutRetryAfter = 0;
  let otherErrors = 0;
  try {
    const server = await startServer(store);
    const client = await firstAdmin(server);
    for (let i = 1; i <= restarts; i++) {
      const load = writeLoad(client, ack, 6);
      await sleep(800 + Math.random() * 800);
      pgctl('-m', 'immediate', 'stop');
      const down = Date.now();
      await sleep(3000);
      const during = await client.call('GET', '/api/v1/today');
      if (during.status !== 503 || !during.headers.get('retry-after')) throw new Error(`a read while PostgreSQL was down answered ${during.status}`);
      start();
      // The same Pond process must write again, without a restart of its own.
      let back = false;
      for (let t = 0; t < 100 && !back; t++) {
        const r = await client.call('POST', '/api/v1/prospects', { name: `回來 ${i}`, phones: [`1370000${String(1000 + t + i * 100)}`], grade: 'B' });
        if (r.status === 201) {
          back = true;
          ack.prospects.add(r.json.prospect.id);
        } else await sleep(100);
      }
      if (!back) throw new Error('Pond did not recover after PostgreSQL came back');
      const recoveredMs = Date.now() - down;
      await sleep(500);
      load.state.stop = true;
      await load.done;
      const s = load.state.statuses;
      refused += s.get(503) ?? 0;
      withoutRetryAfter += (s.get(503) ?? 0) - load.state.retryAfter;
      otherErrors += [...s].filter(([k]) => k >= 500 && k !== 503).reduce((n, [, v]) => n + v, 0) + load.state.failed;
      console.log(`restart ${i}: ${load.state.acknowledged} writes acknowledged, ${s.get(503) ?? 0} answered 503 while down, writing again ${(recoveredMs / 1000).toFixed(1)} s after the stop`);
    }
    await server.stop();
    const a = await audit(store, ack);
    assertSound(a, 'pg-restart');
    if (withoutRetryAfter > 0) throw new Error(`${withoutRetryAfter} answers of 503 without Retry-After`);
    if (otherErrors > 0) throw new Error(`${otherErrors} requests failed otherwise than with a 503`);
    console.log(
      `pg-restart: ${restarts} crashes of PostgreSQL under load, ${refused} requests answered 503 with Retry-After meanwhile, no other error, ` +
        `recovery without restarting Pond, ${ack.prospects.size + ack.touches.size} acknowledged writes all present, counters agree`,
    );
  } finally {
    try {
      pgctl('-m', 'immediate', 'stop');
    } catch {
      // already stopped
    }
    rmSync(dir, { recursive: true, force: true });
    rmSync(store.dataDir, { recursive: true, force: true });
  }
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
