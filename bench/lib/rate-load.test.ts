import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { rateTest } from './rate-load.js';

let server: Server | null = null;
afterEach(() => new Promise<void>((done) => (server ? server.close(() => done()) : done())));

/** A server that answers one request at a time, each after `ms` milliseconds. */
async function serial(ms: number, status = 200): Promise<number> {
  let busyUntil = 0;
  server = createServer((_req, res) => {
    const start = Math.max(Date.now(), busyUntil);
    busyUntil = start + ms;
    setTimeout(() => res.writeHead(status).end('ok'), busyUntil - Date.now());
  });
  await new Promise<void>((done) => server!.listen(0, '127.0.0.1', done));
  return (server!.address() as AddressInfo).port;
}

const get = () => ({ method: 'GET' as const, path: '/', headers: {} });

describe('rateTest', () => {
  it('keeps the asked rate against a server with room to spare', async () => {
    const port = await serial(0);
    const r = await rateTest(port, 10, 50, 0, 1, get);
    expect(r.scheduled).toBe(50);
    expect(r.count).toBe(50);
    expect(r.errors).toBe(0);
    expect(r.opsPerSecond).toBeGreaterThan(40);
  });

  it('counts latency from the schedule, so a server that falls behind shows its backlog', async () => {
    // 100 requests in one second over one socket to a server that answers 50 a second: the last waits about a
    // second, although each one, once sent, takes 20 ms.
    const port = await serial(20);
    const r = await rateTest(port, 1, 100, 0, 1, get);
    expect(r.count).toBe(100);
    expect(r.p99).toBeGreaterThan(500);
    expect(r.opsPerSecond).toBeLessThan(70);
  });

  it('leaves the warm-up out and counts non-2xx answers as errors', async () => {
    const port = await serial(0, 503);
    const r = await rateTest(port, 5, 20, 1, 1, get);
    expect(r.scheduled).toBe(20);
    expect(r.count).toBe(20);
    expect(r.errors).toBe(20);
    expect(r.statuses).toEqual({ 503: 20 });
  });
});
