import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { loadTest } from './http-load.js';

let server: Server | null = null;
afterEach(
  () =>
    new Promise<void>((done) => {
      if (!server) return done();
      server.closeAllConnections();
      server.close(() => done());
    }),
);

/** A server that answers every request after `ms` milliseconds with `status`. */
async function slow(ms: number, status = 200): Promise<number> {
  server = createServer((_req, res) => setTimeout(() => res.writeHead(status).end('ok'), ms));
  await new Promise<void>((done) => server!.listen(0, '127.0.0.1', done));
  return (server!.address() as AddressInfo).port;
}

const get = () => ({ method: 'GET' as const, path: '/', headers: {} });

describe('loadTest', () => {
  it('counts the answers of a quick server and reports no errors', async () => {
    const port = await slow(5);
    const r = await loadTest(port, 4, 0, 1, get);
    expect(r.count).toBeGreaterThan(50);
    expect(r.errors).toBe(0);
    expect(r.slowerThanRun).toBeUndefined();
  });

  it('tells a server slower than the run from one that fails: slow answers are not errors', async () => {
    const port = await slow(1500);
    const r = await loadTest(port, 4, 0, 1, get);
    expect(r.count).toBe(0);
    expect(r.errors).toBe(0);
    expect(r.slowerThanRun).toBeGreaterThan(1400);
  });

  it('counts a run without answers as failed when the confirming request fails too', async () => {
    const port = await slow(1500, 503);
    const r = await loadTest(port, 4, 0, 1, get);
    expect(r.errors).toBeGreaterThanOrEqual(4);
    expect(r.statuses['no response']).toBe(4);
    expect(r.slowerThanRun).toBeUndefined();
  });
});
