/**
 * Disk-full drill on SQLite: Pond's data directory on a small tmpfs, filled up under a write load. While the
 * disk is full writes answer 503 (STORAGE_FULL, with Retry-After) and reads keep answering; when space returns
 * writes succeed again without a restart; the database then passes integrity_check and every acknowledged
 * write is in it. Needs root (it mounts a tmpfs).
 *
 *   npx tsx reliability/disk-full.ts
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, statfsSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { assertSound, audit, firstAdmin, sleep, startServer, writeLoad, type Acknowledged, type Server } from './lib.js';

const SIZE_MB = 48;

function freeBytes(dir: string): number {
  const s = statfsSync(dir);
  return s.bavail * s.bsize;
}

async function main(): Promise<void> {
  const mount = mkdtempSync(join(tmpdir(), 'pond-full-'));
  execFileSync('mount', ['-t', 'tmpfs', '-o', `size=${SIZE_MB}m`, 'tmpfs', mount]);
  const filler = join(mount, 'filler');
  const store = { dataDir: join(mount, 'data') };
  const ack: Acknowledged = { prospects: new Set(), touches: new Set() };
  let server: Server | undefined;
  try {
    server = await startServer(store);
    const client = await firstAdmin(server);
    // A book to read from, then the disk filled to its last ~64 KB.
    const warm = writeLoad(client, ack, 4, { touchShare: 0.5 });
    await sleep(1500);
    warm.state.stop = true;
    await warm.done;
    writeFileSync(filler, Buffer.alloc(Math.max(0, freeBytes(mount) - 64 * 1024)));

    const full = writeLoad(client, ack, 4);
    const statuses = new Map<number, number>();
    const until = Date.now() + 20_000;
    // Keep writing until the disk is really full: the write-ahead log grows into the last free pages first.
    while (Date.now() < until && (full.state.statuses.get(503) ?? 0) < 20) await sleep(100);
    const reads = [];
    for (let i = 0; i < 20; i++) reads.push((await client.call('GET', '/api/v1/today')).status, (await client.call('GET', '/api/v1/prospects?limit=5')).status);
    full.state.stop = true;
    await full.done;
    for (const [k, v] of full.state.statuses) statuses.set(k, v);
    const refused = statuses.get(503) ?? 0;
    const other5xx = [...statuses].filter(([k]) => k >= 500 && k !== 503).reduce((n, [, v]) => n + v, 0);
    if (other5xx > 0) throw new Error(`writes on a full disk failed with other server errors than 503: ${JSON.stringify([...statuses])}`);
    if (refused === 0) throw new Error(`the disk never filled up: ${JSON.stringify([...statuses])}`);
    if (full.state.retryAfter !== refused) throw new Error('a 503 without Retry-After');
    if (reads.some((s) => s !== 200)) throw new Error(`reads failed while the disk was full: ${reads.join(',')}`);
    const probe = await client.call('POST', '/api/v1/prospects', { name: '磁碟滿', phones: ['13900000001'], grade: 'C' });
    if (probe.status !== 503 || probe.json?.error?.code !== 'STORAGE_FULL') throw new Error(`a write on a full disk answered ${probe.status} ${JSON.stringify(probe.json)}`);

    // Space comes back: the same process writes again.
    rmSync(filler);
    let recovered = false;
    for (let i = 0; i < 50 && !recovered; i++) {
      const r = await client.call('POST', '/api/v1/prospects', { name: '恢復', phones: [`1390000${String(1000 + i)}`], grade: 'C' });
      if (r.status === 201) {
        recovered = true;
        ack.prospects.add(r.json.prospect.id);
      } else await sleep(200);
    }
    if (!recovered) throw new Error('writes did not recover when space returned');
    const after = writeLoad(client, ack, 4);
    await sleep(1000);
    after.state.stop = true;
    await after.done;
    await server.stop();
    const a = await audit(store, ack);
    assertSound(a, 'disk-full');
    console.log(
      `disk-full: ${refused} writes refused with 503 STORAGE_FULL (Retry-After) on a full ${SIZE_MB} MB disk, ${reads.length} reads answered 200 meanwhile, ` +
        `writes recovered without a restart, ${ack.prospects.size + ack.touches.size} acknowledged writes all present, integrity_check ok`,
    );
  } finally {
    await server?.crash();
    try {
      execFileSync('umount', [mount]);
      rmSync(mount, { recursive: true, force: true });
    } catch (err) {
      console.error(`could not unmount ${mount}: ${String(err)}`);
    }
  }
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
