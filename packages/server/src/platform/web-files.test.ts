import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openTestDatabase } from '@pond/db/testing';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApp } from '../app.js';
import { testConfig } from '../testing/test-app.js';

describe('the web app’s files', () => {
  let app: FastifyInstance;

  beforeAll(async () => {
    const webRoot = mkdtempSync(join(tmpdir(), 'pond-web-'));
    mkdirSync(join(webRoot, 'assets'));
    writeFileSync(join(webRoot, 'index.html'), '<!doctype html><div id="root"></div>');
    writeFileSync(join(webRoot, 'assets', 'index-3f2a9c.js'), 'console.log(1)');
    writeFileSync(join(webRoot, 'favicon.svg'), '<svg/>');
    app = await buildApp({ database: await openTestDatabase('sqlite'), config: testConfig(), webRoot });
  });
  afterAll(async () => app.close());

  it('serves the page of every client route so that the browser asks again after an upgrade', async () => {
    for (const url of ['/', '/today', '/prospects/12', '/setup?token=a.b']) {
      const res = await app.inject({ url });
      expect(res.statusCode, url).toBe(200);
      expect(res.headers['content-type']).toMatch(/^text\/html/);
      expect(res.headers['cache-control'], url).toBe('no-cache');
    }
  });

  it('keeps the hashed build files for good, and other files only until they change', async () => {
    const asset = await app.inject({ url: '/assets/index-3f2a9c.js' });
    expect(asset.statusCode).toBe(200);
    expect(asset.headers['cache-control']).toBe('public, max-age=31536000, immutable');
    expect((await app.inject({ url: '/favicon.svg' })).headers['cache-control']).toBe('no-cache');
  });

  it('answers 404 for a file that is not there, never the page in its place', async () => {
    for (const url of ['/assets/index-old.js', '/assets/x', '/missing.css', '/robots.txt']) {
      const res = await app.inject({ url });
      expect(res.statusCode, url).toBe(404);
      expect(res.headers['content-type'], url).not.toMatch(/^text\/html/);
    }
  });
});
