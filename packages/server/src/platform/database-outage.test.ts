import { createServer, connect, type Server, type Socket } from 'node:net';
import { createDb, type Database } from '@pond/db';
import { createTestSchema, dropTestSchema, migrateTestDatabase } from '@pond/db/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApp } from '../app.js';
import { testConfig } from '../testing/test-app.js';

/**
 * A PostgreSQL outage, made real: Pond talks to the server through a TCP relay that the test can
 * cut (every connection dropped, new ones refused) and restore. Needs a real server.
 */
const url = process.env.POND_TEST_DATABASE_URL;

class Relay {
  private server: Server | undefined;
  private readonly sockets = new Set<Socket>();
  port = 0;
  constructor(private readonly target: URL) {}

  async start(): Promise<void> {
    this.server = createServer((client) => {
      const upstream = connect(Number(this.target.port || 5432), this.target.hostname);
      for (const s of [client, upstream]) {
        this.sockets.add(s);
        s.on('close', () => this.sockets.delete(s));
        s.on('error', () => s.destroy());
      }
      client.pipe(upstream).pipe(client);
    });
    await new Promise<void>((resolve) => this.server!.listen(this.port, '127.0.0.1', resolve));
    this.port = (this.server.address() as { port: number }).port;
  }

  async cut(): Promise<void> {
    for (const s of this.sockets) s.destroy();
    await new Promise<void>((resolve) => this.server!.close(() => resolve()));
  }
}

describe.skipIf(!url)('PostgreSQL outage', () => {
  let schema: string;
  let relay: Relay;
  let database: Database;

  beforeAll(async () => {
    schema = await createTestSchema(url!);
    relay = new Relay(new URL(url!));
    await relay.start();
    const viaRelay = new URL(url!);
    viaRelay.host = `127.0.0.1:${relay.port}`;
    database = createDb({ kind: 'postgres', url: viaRelay.toString(), searchPath: schema, poolMax: 2 });
    await migrateTestDatabase(url!, database);
  });

  afterAll(async () => {
    await database.close().catch(() => {});
    await dropTestSchema(url!, schema);
  });

  it('answers 503 while the database is unreachable and recovers without a restart', async () => {
    const app = await buildApp({ database, config: testConfig() });
    expect((await app.inject({ method: 'GET', url: '/readyz' })).statusCode).toBe(200);
    expect((await app.inject({ method: 'GET', url: '/api/v1/setup/status' })).statusCode).toBe(200);

    await relay.cut();
    const down = await app.inject({ method: 'GET', url: '/api/v1/setup/status' });
    expect(down.statusCode).toBe(503);
    expect(down.json().error.code).toBe('SERVICE_UNAVAILABLE');
    expect(down.headers['retry-after']).toBe('5');
    expect((await app.inject({ method: 'GET', url: '/readyz' })).statusCode).toBe(503);

    await relay.start();
    let status = 0;
    for (let i = 0; i < 20 && status !== 200; i++) {
      status = (await app.inject({ method: 'GET', url: '/api/v1/setup/status' })).statusCode;
      if (status !== 200) await new Promise((r) => setTimeout(r, 100));
    }
    expect(status).toBe(200);
    expect((await app.inject({ method: 'GET', url: '/readyz' })).statusCode).toBe(200);
  });
});
