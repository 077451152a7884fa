import { describeEachDialect } from '@pond/db/testing';
import { beforeAll, expect, it } from 'vitest';
import { countRows, createTestApp, type TestApp } from '../testing/test-app.js';

describeEachDialect('request safety', (ctx) => {
  let t: TestApp;
  let admin: string;
  beforeAll(async () => {
    t = await createTestApp(ctx.database, { POND_BODY_LIMIT_BYTES: '4096' });
    await t.user('admin@pond.test', 'admin');
    admin = await t.login('admin@pond.test');
  });

  it.each([
    ['a JSON answer', 'GET', '/api/v1/setup/status'],
    ['an error', 'GET', '/api/v1/auth/me'],
    ['an unknown API path', 'GET', '/api/v1/nothing-here'],
    ['the SPA fallback', 'GET', '/today'],
    ['a health check', 'GET', '/healthz'],
  ])('sends the security headers on %s', async (_label, method, url) => {
    const res = await t.app.inject({ method: method as 'GET', url });
    expect(res.headers['content-security-policy']).toContain("frame-ancestors 'none'");
    expect(res.headers['x-content-type-options']).toBe('nosniff');
    expect(res.headers['referrer-policy']).toBe('same-origin');
    expect(res.headers['strict-transport-security']).toBeUndefined();
  });

  it('adds HSTS and Secure cookies when served over https', async () => {
    const https = await createTestApp(ctx.database, { POND_BASE_URL: 'https://pond.example.com' });
    const res = await https.app.inject({ method: 'POST', url: '/api/v1/auth/login', headers: { origin: 'https://pond.example.com' }, payload: { email: 'admin@pond.test', password: 'tide-pool-lantern-42' } });
    expect(res.headers['strict-transport-security']).toContain('max-age=');
    const cookie = res.cookies.find((c) => c.name === '__Host-pond_session');
    expect(cookie?.secure).toBe(true);
  });

  it.each([
    ['another origin', { origin: 'http://evil.test' }],
    ['no origin at all', {}],
    ['a foreign referer', { referer: 'http://evil.test/page' }],
  ])('refuses a state-changing request from %s and changes nothing', async (_label, headers) => {
    const before = await countRows(ctx.database, 'teams');
    const res = await t.app.inject({ method: 'POST', url: '/api/v1/teams', headers: { cookie: admin, ...headers }, payload: { name: 'Cross-site team' } });
    expect(res.statusCode).toBe(403);
    expect(res.json().error.code).toBe('CROSS_ORIGIN_REJECTED');
    expect(await countRows(ctx.database, 'teams')).toBe(before);
  });

  it('accepts a same-origin referer when the Origin header is missing', async () => {
    const res = await t.app.inject({ method: 'POST', url: '/api/v1/teams', headers: { cookie: admin, referer: 'http://pond.test/admin/teams' }, payload: { name: 'Referer team' } });
    expect(res.statusCode).toBe(201);
  });

  it('answers malformed JSON with 400 MALFORMED_JSON', async () => {
    const res = await t.call('POST', '/api/v1/teams', { cookie: admin, body: '{"name": ', headers: { 'content-type': 'application/json' } });
    expect(res.statusCode).toBe(400);
    expect(res.json().error.code).toBe('MALFORMED_JSON');
  });

  it('rejects unknown fields instead of ignoring them', async () => {
    const before = await countRows(ctx.database, 'teams');
    const res = await t.call('POST', '/api/v1/teams', { cookie: admin, body: { name: 'Sneaky', id: 999, createdAt: 'x' } });
    expect(res.statusCode).toBe(400);
    expect(res.json().error.code).toBe('VALIDATION_FAILED');
    expect(JSON.stringify(res.json().error.details)).toContain('id');
    expect(await countRows(ctx.database, 'teams')).toBe(before);
  });

  it('rejects wrong types with a localised message per field', async () => {
    const res = await t.call('POST', '/api/v1/users', {
      cookie: admin,
      body: { email: 'not-an-email', displayName: 42, role: 'boss', password: 'long-enough-pass' },
      headers: { 'accept-language': 'zh-CN' },
    });
    expect(res.statusCode).toBe(400);
    const { error } = res.json();
    // The admin's stored preference is unset, so the browser language decides.
    expect(error.message).toBe('部分字段无效。');
    const paths = error.details.map((d: { path: string[] }) => d.path.join('.'));
    expect(paths).toEqual(expect.arrayContaining(['body.email', 'body.displayName', 'body.role']));
    expect(error.details.some((d: { message: string }) => /[\u4e00-\u9fff]/.test(d.message))).toBe(true);
  });

  it('refuses oversize bodies with 413 and changes nothing', async () => {
    const before = await countRows(ctx.database, 'teams');
    const res = await t.call('POST', '/api/v1/teams', { cookie: admin, body: { name: 'x'.repeat(10_000) } });
    expect(res.statusCode).toBe(413);
    expect(res.json().error.code).toBe('BODY_TOO_LARGE');
    expect(await countRows(ctx.database, 'teams')).toBe(before);
  });

  it('refuses a body that is not JSON with 415', async () => {
    const res = await t.call('POST', '/api/v1/teams', { cookie: admin, body: 'name=x', headers: { 'content-type': 'application/x-www-form-urlencoded' } });
    expect(res.statusCode).toBe(415);
  });

  it('serves a valid OpenAPI 3.1 document that lists every API route', async () => {
    const res = await t.app.inject({ method: 'GET', url: '/api/openapi.json' });
    const doc = res.json();
    expect(doc.openapi).toBe('3.1.0');
    for (const route of t.app.routeTable.filter((r) => r.url.startsWith('/api/v1/'))) {
      const path = route.url.replace(/:(\w+)/g, '{$1}');
      expect(doc.paths[path]?.[route.method.toLowerCase()], `${route.method} ${route.url}`).toBeDefined();
    }
    expect(doc.paths['/api/v1/teams'].post.requestBody.content['application/json'].schema.additionalProperties).toBe(false);
    const docs = await t.app.inject({ method: 'GET', url: '/api/docs/' });
    expect(docs.statusCode).toBe(200);
  });
});
