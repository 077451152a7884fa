import { describeEachDialect } from '@pond/db/testing';
import type { Database } from '@pond/db';
import { beforeAll, expect, it } from 'vitest';
import { DEFAULT_COACHING_POLICY, DEFAULT_NEWSLETTER_POLICY, DEFAULT_POOL_POLICY } from '@pond/domain';
import { PASSWORD, createTestApp, type TestApp } from './testing/test-app.js';
import { CONSOLE } from './platform/actor.js';
import { solidPng } from './testing/images.js';

/**
 * The authorization matrix, built from the server's own route table: a route without a row here
 * fails the suite. Each row says what every kind of caller gets; after every refused write the
 * database must be exactly as it was.
 */
type Who = 'anonymous' | 'salesperson' | 'manager' | 'admin';
interface Fixture {
  s1: number; // salesperson in team 1
  s2: number; // salesperson in team 2, visible only to the admin
  team2: number;
  s2Token: number;
  /** Prospects of s2 (team 2), each spent by at most one destructive row. */
  p: Record<'read' | 'edit' | 'linked' | 'link' | 'archive' | 'erase' | 'merge' | 'mergeFrom' | 'mergeFrom2', number>;
  /** Pool prospects (released by s2), each spent by at most one row. */
  pool: Record<'read' | 'claim' | 'bulk' | 'assign', number>;
  /** A prospect of s2 to release. */
  release: number;
  /** A prospect of s1, seen by s1 and their manager. */
  p1: number;
  s2b: number;
  /** s2's calendar feed path and signed 'turn the morning mail off' link. */
  s2Feed: string;
  s2Unsubscribe: string;
  /** Orders of s2's prospects (visible only to the admin), each spent by at most one row; o1 is s1's. */
  o: Record<'read' | 'edit' | 'confirm' | 'deliver' | 'cancel', number>;
  o1: number;
  product: number;
  /** Events: of team 2 (only the admin sees them) and of team 1 (made by m1, hosted by s1). */
  ev: Record<'t2' | 't2cancel' | 't2past' | 't1' | 't1cancel', number>;
  /** Invitations of s2's prospects to team 2's event, and of s1's prospect to team 1's. */
  inv: Record<'t2' | 't2move' | 't1', number>;
  /** A guest's signed answer link for inv.t2. */
  guest: string;
  /** Newsletter issues by s2 (team 2: only the admin and s2 see them), each spent by at most one row, and copies. */
  nl: Record<'read' | 'edit' | 'build' | 'submit' | 'review' | 'send' | 'pause' | 'resume' | 'cancel', number>;
  copy: Record<'read' | 'unknown', number>;
  /** A reader's signed unsubscribe link for copy.read. */
  unsubscribe: string;
  /** The public address of a picture uploaded into nl.read. */
  image: string;
  seq: () => number;
  version: (table: 'users' | 'teams' | 'prospects' | 'orders' | 'products' | 'events' | 'invitations' | 'newsletter_issues', id: number) => Promise<number>;
  settingsVersion: (key: string) => Promise<number>;
}
interface Case {
  url: (f: Fixture) => string;
  body?: (f: Fixture) => unknown | Promise<unknown>;
  headers?: Record<string, string>;
  expect: Record<Who, number>;
}

const all = (status: number): Record<Who, number> => ({ anonymous: status, salesperson: status, manager: status, admin: status });
const signedIn = (status: number): Record<Who, number> => ({ anonymous: 401, salesperson: status, manager: status, admin: status });

const MATRIX: Record<string, Case[]> = {
  'GET /healthz': [{ url: () => '/healthz', expect: all(200) }],
  'GET /readyz': [{ url: () => '/readyz', expect: all(200) }],
  'GET /api/openapi.json': [{ url: () => '/api/openapi.json', expect: all(200) }],
  'GET /api/v1/setup/status': [{ url: () => '/api/v1/setup/status', expect: all(200) }],
  'POST /api/v1/setup': [{ url: () => '/api/v1/setup', body: () => ({ token: 'x', email: 'z@pond.test', displayName: 'Z', password: 'a long harbour morning' }), expect: all(409) }],
  'POST /api/v1/auth/login': [{ url: () => '/api/v1/auth/login', body: () => ({ email: 'nobody@pond.test', password: 'not-a-password' }), expect: all(401) }],
  'POST /api/v1/auth/logout': [{ url: () => '/api/v1/auth/logout', expect: signedIn(204) }],
  'GET /api/v1/auth/me': [{ url: () => '/api/v1/auth/me', expect: signedIn(200) }],
  'PATCH /api/v1/auth/me': [{ url: () => '/api/v1/auth/me', body: () => ({ timeZone: 'Asia/Taipei' }), expect: signedIn(200) }],
  'POST /api/v1/auth/password': [{ url: () => '/api/v1/auth/password', body: () => ({ currentPassword: 'wrong-current-pass', newPassword: 'brand new phrase here' }), expect: signedIn(400) }],
  'GET /api/v1/auth/tokens': [{ url: () => '/api/v1/auth/tokens', expect: signedIn(200) }],
  'POST /api/v1/auth/tokens': [{ url: () => '/api/v1/auth/tokens', body: () => ({ name: 'script' }), expect: signedIn(201) }],
  'DELETE /api/v1/auth/tokens/:id': [{ url: (f) => `/api/v1/auth/tokens/${f.s2Token}`, expect: { anonymous: 401, salesperson: 404, manager: 404, admin: 404 } }],
  'GET /api/v1/users': [{ url: () => '/api/v1/users', expect: { anonymous: 401, salesperson: 403, manager: 200, admin: 200 } }],
  'GET /api/v1/users/:id': [
    { url: (f) => `/api/v1/users/${f.s2}`, expect: { anonymous: 401, salesperson: 404, manager: 404, admin: 200 } },
    { url: (f) => `/api/v1/users/${f.s1}`, expect: { anonymous: 401, salesperson: 200, manager: 200, admin: 200 } },
  ],
  'POST /api/v1/users': [
    {
      url: () => '/api/v1/users',
      body: (f) => ({ email: `new${f.seq()}@pond.test`, displayName: 'New', role: 'salesperson', password: 'a long harbour morning' }),
      expect: { anonymous: 401, salesperson: 403, manager: 403, admin: 201 },
    },
  ],
  'PATCH /api/v1/users/:id': [
    { url: (f) => `/api/v1/users/${f.s2}`, body: () => ({ displayName: 'Renamed' }), expect: { anonymous: 401, salesperson: 403, manager: 403, admin: 428 } },
    { url: (f) => `/api/v1/users/${f.s1}`, body: async (f) => ({ displayName: 'Renamed', version: await f.version('users', f.s1) }), expect: { anonymous: 401, salesperson: 403, manager: 403, admin: 200 } },
  ],
  'POST /api/v1/users/:id/password': [
    { url: (f) => `/api/v1/users/${f.s2}/password`, body: () => ({ password: 'a fresh harbour evening' }), expect: { anonymous: 401, salesperson: 403, manager: 403, admin: 204 } },
  ],
  'GET /api/v1/teams': [{ url: () => '/api/v1/teams', expect: signedIn(200) }],
  'POST /api/v1/teams': [{ url: () => '/api/v1/teams', body: (f) => ({ name: `Team ${f.seq()}` }), expect: { anonymous: 401, salesperson: 403, manager: 403, admin: 201 } }],
  'PATCH /api/v1/teams/:id': [
    { url: (f) => `/api/v1/teams/${f.team2}`, body: (f) => ({ name: `South ${f.seq()}` }), expect: { anonymous: 401, salesperson: 403, manager: 403, admin: 428 } },
  ],
  'GET /api/v1/settings/interval-policy': [{ url: () => '/api/v1/settings/interval-policy', expect: signedIn(200) }],
  'PUT /api/v1/settings/interval-policy': [
    {
      url: () => '/api/v1/settings/interval-policy',
      body: () => ({ version: 0, policy: { A: { key: 20, normal: 20, small: 40 }, B: { key: 20, normal: 40, small: 60 }, C: { key: 40, normal: 60, small: 80 }, unrated: { key: 20, normal: 40, small: 60 } } }),
      expect: { anonymous: 401, salesperson: 403, manager: 403, admin: 200 },
    },
  ],
  'GET /api/v1/settings/mail': [{ url: () => '/api/v1/settings/mail', expect: { anonymous: 401, salesperson: 403, manager: 403, admin: 200 } }],
  'PUT /api/v1/settings/mail': [
    {
      url: () => '/api/v1/settings/mail',
      body: () => ({ version: 0, host: '127.0.0.1', port: 9, security: 'none', fromAddress: 'pond@pond.test' }),
      expect: { anonymous: 401, salesperson: 403, manager: 403, admin: 200 },
    },
  ],
  // A stale version: the admin gets past the role rule to the version check, and the settings stay for the rows below.
  'DELETE /api/v1/settings/mail': [{ url: () => '/api/v1/settings/mail?version=999999', expect: { anonymous: 401, salesperson: 403, manager: 403, admin: 412 } }],
  // Nothing listens on port 9: the admin hears the mail server could not be reached, and nothing is written.
  'POST /api/v1/settings/mail/test': [{ url: () => '/api/v1/settings/mail/test', body: () => ({ to: 'xiaowei@example.com' }), expect: { anonymous: 401, salesperson: 403, manager: 403, admin: 502 } }],
  'GET /api/v1/today': [{ url: () => '/api/v1/today', expect: signedIn(200) }],
  'GET /api/v1/today/sections/:bucket': [{ url: () => '/api/v1/today/sections/overdue?offset=20', expect: signedIn(200) }],
  'GET /api/v1/prospects': [{ url: () => '/api/v1/prospects?grade=A', expect: signedIn(200) }],
  'GET /api/v1/prospects/counts': [{ url: () => '/api/v1/prospects/counts?by=grade&grade=A', expect: signedIn(200) }],
  // Every role may export; what a file holds is what that user's list holds (export.routes.test.ts).
  'GET /api/v1/prospects/export': [{ url: () => '/api/v1/prospects/export?grade=A', expect: signedIn(200) }],
  'GET /api/v1/prospects/:id/privacy-export': [
    { url: (f) => `/api/v1/prospects/${f.p.read}/privacy-export`, expect: { anonymous: 401, salesperson: 404, manager: 404, admin: 200 } },
    { url: (f) => `/api/v1/prospects/${f.p1}/privacy-export`, expect: signedIn(200) },
    // A pool prospect: its former owner reads it in the pool's views, masked; only the admin exports it whole.
    { url: (f) => `/api/v1/prospects/${f.pool.read}/privacy-export`, expect: { anonymous: 401, salesperson: 404, manager: 404, admin: 200 } },
  ],
  'GET /api/v1/prospects/export.vcf': [{ url: () => '/api/v1/prospects/export.vcf?grade=A', expect: signedIn(200) }],
  'GET /api/v1/prospects/export.xlsx': [{ url: () => '/api/v1/prospects/export.xlsx?grade=A', expect: signedIn(200) }],
  'GET /api/v1/prospects/lookup': [{ url: () => '/api/v1/prospects/lookup?phone=13800138001', expect: signedIn(200) }],
  'POST /api/v1/prospects': [{ url: () => '/api/v1/prospects', body: (f) => ({ name: '新客', emails: [`new${f.seq()}@example.com`], grade: 'B' }), expect: signedIn(201) }],
  'POST /api/v1/prospects/bulk': [{ url: () => '/api/v1/prospects/bulk', body: (f) => ({ ids: [f.p1, f.p.read], grade: 'B' }), expect: { anonymous: 401, salesperson: 404, manager: 404, admin: 200 } }],
  'POST /api/v1/prospects/import': [
    { url: () => '/api/v1/prospects/import', body: (f) => ({ content: `Name,E-mail\n新名片,card${f.seq()}@example.com\n` }), expect: signedIn(200) },
  ],
  'GET /api/v1/prospects/:id': [
    { url: (f) => `/api/v1/prospects/${f.p.read}`, expect: { anonymous: 401, salesperson: 404, manager: 404, admin: 200 } },
    { url: (f) => `/api/v1/prospects/${f.p1}`, expect: signedIn(200) },
  ],
  'PATCH /api/v1/prospects/:id': [
    { url: (f) => `/api/v1/prospects/${f.p.edit}`, body: async (f) => ({ title: `Buyer ${f.seq()}`, version: await f.version('prospects', f.p.edit) }), expect: { anonymous: 401, salesperson: 404, manager: 404, admin: 200 } },
    { url: (f) => `/api/v1/prospects/${f.p1}`, body: async (f) => ({ title: `Owner ${f.seq()}`, version: await f.version('prospects', f.p1) }), expect: { anonymous: 401, salesperson: 200, manager: 200, admin: 200 } },
  ],
  'POST /api/v1/prospects/:id/disposition': [
    { url: (f) => `/api/v1/prospects/${f.p.edit}/disposition`, body: async (f) => ({ disposition: 'keep', version: await f.version('prospects', f.p.edit) }), expect: { anonymous: 401, salesperson: 404, manager: 404, admin: 200 } },
  ],
  'POST /api/v1/prospects/:id/touches': [
    { url: (f) => `/api/v1/prospects/${f.p.edit}/touches`, body: () => ({ channel: 'call', relationshipKept: true }), expect: { anonymous: 401, salesperson: 404, manager: 404, admin: 201 } },
  ],
  'GET /api/v1/prospects/:id/duplicates': [
    { url: (f) => `/api/v1/prospects/${f.p.read}/duplicates`, expect: { anonymous: 401, salesperson: 404, manager: 404, admin: 200 } },
    { url: (f) => `/api/v1/prospects/${f.p1}/duplicates`, expect: signedIn(200) },
  ],
  'GET /api/v1/prospects/:id/timeline': [{ url: (f) => `/api/v1/prospects/${f.p.read}/timeline`, expect: { anonymous: 401, salesperson: 404, manager: 404, admin: 200 } }],
  'POST /api/v1/prospects/:id/colleagues': [
    { url: (f) => `/api/v1/prospects/${f.p.link}/colleagues`, body: (f) => ({ userId: f.s2b }), expect: { anonymous: 401, salesperson: 404, manager: 404, admin: 200 } },
  ],
  'DELETE /api/v1/prospects/:id/colleagues/:userId': [
    { url: (f) => `/api/v1/prospects/${f.p.linked}/colleagues/${f.s2b}`, expect: { anonymous: 401, salesperson: 404, manager: 404, admin: 200 } },
  ],
  'POST /api/v1/prospects/:id/merge': [
    {
      url: (f) => `/api/v1/prospects/${f.p.merge}/merge`,
      body: async (f) => ({ fromId: f.p.mergeFrom, version: await f.version('prospects', f.p.merge) }),
      expect: { anonymous: 401, salesperson: 404, manager: 404, admin: 200 },
    },
    // The salesperson's own record may not swallow one they cannot see.
    { url: (f) => `/api/v1/prospects/${f.p1}/merge`, body: async (f) => ({ fromId: f.p.mergeFrom2, version: await f.version('prospects', f.p1) }), expect: { anonymous: 401, salesperson: 404, manager: 404, admin: 200 } },
  ],
  'POST /api/v1/prospects/:id/archive': [{ url: (f) => `/api/v1/prospects/${f.p.archive}/archive`, expect: { anonymous: 401, salesperson: 404, manager: 404, admin: 200 } }],
  'DELETE /api/v1/prospects/:id': [{ url: (f) => `/api/v1/prospects/${f.p.erase}`, expect: { anonymous: 401, salesperson: 404, manager: 404, admin: 204 } }],
  'GET /api/v1/search': [{ url: () => '/api/v1/search?q=13800138', expect: signedIn(200) }],
  'GET /api/v1/audit': [{ url: () => '/api/v1/audit', expect: { anonymous: 401, salesperson: 403, manager: 403, admin: 200 } }],
  'GET /api/v1/jobs': [{ url: () => '/api/v1/jobs?status=dead', expect: { anonymous: 401, salesperson: 403, manager: 403, admin: 200 } }],
  'GET /api/v1/pool': [{ url: () => '/api/v1/pool', expect: signedIn(200) }],
  'GET /api/v1/pool/:id': [
    { url: (f) => `/api/v1/pool/${f.pool.read}`, expect: signedIn(200) },
    // An owned prospect is not a pool prospect for anyone, its owner's admin included.
    { url: (f) => `/api/v1/pool/${f.p.read}`, expect: { anonymous: 401, salesperson: 404, manager: 404, admin: 404 } },
  ],
  'POST /api/v1/pool/:id/claim': [
    { url: (f) => `/api/v1/pool/${f.pool.claim}/claim`, expect: { anonymous: 401, salesperson: 200, manager: 409, admin: 403 } },
    { url: (f) => `/api/v1/pool/${f.p.read}/claim`, expect: { anonymous: 401, salesperson: 404, manager: 404, admin: 403 } },
  ],
  'POST /api/v1/pool/claim': [{ url: () => '/api/v1/pool/claim', body: (f) => ({ ids: [f.pool.bulk] }), expect: { anonymous: 401, salesperson: 200, manager: 409, admin: 403 } }],
  'POST /api/v1/pool/:id/assign': [
    { url: (f) => `/api/v1/pool/${f.pool.assign}/assign`, body: (f) => ({ userId: f.s1 }), expect: { anonymous: 401, salesperson: 403, manager: 200, admin: 409 } },
  ],
  'POST /api/v1/prospects/:id/release': [
    { url: (f) => `/api/v1/prospects/${f.release}/release`, body: () => ({ reason: 'territory change' }), expect: { anonymous: 401, salesperson: 404, manager: 404, admin: 200 } },
  ],
  'GET /api/v1/settings/pool': [{ url: () => '/api/v1/settings/pool', expect: { anonymous: 401, salesperson: 403, manager: 403, admin: 200 } }],
  'PUT /api/v1/settings/pool': [
    {
      url: () => '/api/v1/settings/pool',
      body: async (f) => ({ policy: { ...DEFAULT_POOL_POLICY, warnDays: f.seq() % 30 }, version: (await f.settingsVersion('pool_policy')) }),
      expect: { anonymous: 401, salesperson: 403, manager: 403, admin: 200 },
    },
  ],
  'POST /api/v1/settings/pool/preview': [{ url: () => '/api/v1/settings/pool/preview', body: () => ({ policy: DEFAULT_POOL_POLICY }), expect: { anonymous: 401, salesperson: 403, manager: 403, admin: 200 } }],
  'POST /api/v1/pool/sweep': [{ url: () => '/api/v1/pool/sweep', body: () => ({ dryRun: true }), expect: { anonymous: 401, salesperson: 403, manager: 403, admin: 200 } }],
  'POST /api/v1/jobs/probe': [{ url: () => '/api/v1/jobs/probe', body: () => ({ sleepMs: 0 }), expect: { anonymous: 401, salesperson: 403, manager: 403, admin: 201 } }],
  'GET /api/v1/reminders': [{ url: () => '/api/v1/reminders', expect: signedIn(200) }],
  'PUT /api/v1/reminders/digest': [
    { url: () => '/api/v1/reminders/digest', body: () => ({ enabled: true, hour: 7, days: [1, 2, 3, 4, 5] }), expect: signedIn(200) },
    // The team part is a manager's: anyone else is refused.
    { url: () => '/api/v1/reminders/digest', body: () => ({ enabled: true, hour: 7, days: [1], teamDigest: true }), expect: { anonymous: 401, salesperson: 403, manager: 200, admin: 403 } },
  ],
  'POST /api/v1/reminders/feed': [{ url: () => '/api/v1/reminders/feed', expect: signedIn(201) }],
  'DELETE /api/v1/reminders/feed': [{ url: () => '/api/v1/reminders/feed', expect: signedIn(204) }],
  // The feed's token is its only credential: a session neither opens a feed nor changes whose it is.
  'GET /api/v1/feeds/:token': [
    { url: (f) => f.s2Feed, expect: all(200) },
    { url: (f) => f.s2Feed.replace(/.$/, (c) => (c === 'A' ? 'B' : 'A')), expect: all(404) },
    { url: () => '/api/v1/feeds/not-a-token', expect: all(404) },
  ],
  'GET /api/v1/reminders/unsubscribe': [
    { url: (f) => f.s2Unsubscribe, expect: all(200) },
    { url: (f) => f.s2Unsubscribe.replace(/.$/, (c) => (c === 'A' ? 'B' : 'A')), expect: all(404) },
  ],
  'POST /api/v1/reminders/unsubscribe': [
    { url: (f) => f.s2Unsubscribe.replace(/.$/, (c) => (c === 'A' ? 'B' : 'A')), body: () => ({}), expect: all(404) },
    { url: (f) => `/api/v1/reminders/unsubscribe?t=${f.s1}.${'A'.repeat(32)}`, body: () => ({}), expect: all(404) },
    { url: (f) => f.s2Unsubscribe, body: () => ({}), expect: all(200) },
  ],
  'GET /api/v1/notifications': [{ url: () => '/api/v1/notifications', expect: signedIn(200) }],
  'POST /api/v1/notifications/read': [{ url: () => '/api/v1/notifications/read', body: () => ({ all: true }), expect: signedIn(200) }],
  'GET /api/v1/products': [{ url: () => '/api/v1/products?all=true', expect: signedIn(200) }],
  'POST /api/v1/products': [
    { url: () => '/api/v1/products', body: (f) => ({ names: { en: `Model ${f.seq()}` }, category: 'vehicle', listPriceMinor: 100000, currency: 'TWD' }), expect: { anonymous: 401, salesperson: 403, manager: 403, admin: 201 } },
  ],
  'PATCH /api/v1/products/:id': [
    { url: (f) => `/api/v1/products/${f.product}`, body: async (f) => ({ listPriceMinor: f.seq(), version: await f.version('products', f.product) }), expect: { anonymous: 401, salesperson: 403, manager: 403, admin: 200 } },
  ],
  'GET /api/v1/commission-rules': [{ url: () => '/api/v1/commission-rules', expect: { anonymous: 401, salesperson: 403, manager: 403, admin: 200 } }],
  'POST /api/v1/commission-rules': [
    { url: () => '/api/v1/commission-rules', body: () => ({ category: 'part', rate: { kind: 'percent', basisPoints: 250 }, effectiveOn: '2026-01-01' }), expect: { anonymous: 401, salesperson: 403, manager: 403, admin: 201 } },
  ],
  'GET /api/v1/orders': [{ url: () => '/api/v1/orders?status=draft', expect: signedIn(200) }],
  'GET /api/v1/orders/export': [{ url: () => '/api/v1/orders/export', expect: signedIn(200) }],
  'GET /api/v1/orders/:id': [
    { url: (f) => `/api/v1/orders/${f.o.read}`, expect: { anonymous: 401, salesperson: 404, manager: 404, admin: 200 } },
    { url: (f) => `/api/v1/orders/${f.o1}`, expect: signedIn(200) },
  ],
  'POST /api/v1/prospects/:id/orders': [
    { url: (f) => `/api/v1/prospects/${f.p.read}/orders`, body: () => ({ currency: 'TWD', lines: [{ description: '配件', category: 'part', quantity: 1, unitMinor: 1000 }] }), expect: { anonymous: 401, salesperson: 404, manager: 404, admin: 201 } },
    { url: (f) => `/api/v1/prospects/${f.p1}/orders`, body: () => ({ currency: 'TWD', lines: [{ description: '配件', category: 'part', quantity: 1, unitMinor: 1000 }] }), expect: signedIn(201) },
    // A pool prospect gets no order until someone owns it (the admin excepted).
    { url: (f) => `/api/v1/prospects/${f.pool.read}/orders`, body: () => ({ currency: 'TWD', lines: [{ description: '配件', category: 'part', quantity: 1, unitMinor: 1000 }] }), expect: { anonymous: 401, salesperson: 404, manager: 404, admin: 201 } },
  ],
  'PATCH /api/v1/orders/:id': [
    { url: (f) => `/api/v1/orders/${f.o.edit}`, body: async (f) => ({ note: `n${f.seq()}`, version: await f.version('orders', f.o.edit) }), expect: { anonymous: 401, salesperson: 404, manager: 404, admin: 200 } },
  ],
  'POST /api/v1/orders/:id/confirm': [
    { url: (f) => `/api/v1/orders/${f.o.confirm}/confirm`, body: async (f) => ({ relationshipKept: true, version: await f.version('orders', f.o.confirm) }), expect: { anonymous: 401, salesperson: 404, manager: 404, admin: 200 } },
  ],
  'POST /api/v1/orders/:id/deliver': [
    { url: (f) => `/api/v1/orders/${f.o.deliver}/deliver`, body: async (f) => ({ version: await f.version('orders', f.o.deliver) }), expect: { anonymous: 401, salesperson: 404, manager: 404, admin: 200 } },
  ],
  'POST /api/v1/orders/:id/cancel': [
    { url: (f) => `/api/v1/orders/${f.o.cancel}/cancel`, body: async (f) => ({ reason: 'duplicate', version: await f.version('orders', f.o.cancel) }), expect: { anonymous: 401, salesperson: 404, manager: 404, admin: 200 } },
    // s1's own draft: they cancel it; after that it has moved on for everyone.
    { url: (f) => `/api/v1/orders/${f.o1}/cancel`, body: async (f) => ({ reason: 'duplicate', version: await f.version('orders', f.o1) }), expect: { anonymous: 401, salesperson: 200, manager: 409, admin: 409 } },
  ],
  'POST /api/v1/prospects/:id/attempts': [
    { url: (f) => `/api/v1/prospects/${f.p.read}/attempts`, body: () => ({ result: 'no_answer' }), expect: { anonymous: 401, salesperson: 404, manager: 404, admin: 201 } },
    { url: (f) => `/api/v1/prospects/${f.p1}/attempts`, body: () => ({ result: 'busy' }), expect: signedIn(201) },
  ],
  'GET /api/v1/team': [{ url: () => '/api/v1/team', expect: { anonymous: 401, salesperson: 403, manager: 200, admin: 200 } }],
  'GET /api/v1/team/:id/today': [
    { url: (f) => `/api/v1/team/${f.s2}/today`, expect: { anonymous: 401, salesperson: 403, manager: 404, admin: 200 } },
    { url: (f) => `/api/v1/team/${f.s1}/today`, expect: { anonymous: 401, salesperson: 403, manager: 200, admin: 200 } },
  ],
  'GET /api/v1/events': [{ url: () => '/api/v1/events?when=upcoming', expect: signedIn(200) }],
  'POST /api/v1/events': [
    { url: () => '/api/v1/events', body: () => ({ title: '車主講座', kind: 'seminar', startsAt: '2026-12-20T14:00:00+08:00', timeZone: 'Asia/Taipei' }), expect: { anonymous: 401, salesperson: 403, manager: 201, admin: 201 } },
  ],
  'GET /api/v1/events/:id': [
    { url: (f) => `/api/v1/events/${f.ev.t2}`, expect: { anonymous: 401, salesperson: 404, manager: 404, admin: 200 } },
    { url: (f) => `/api/v1/events/${f.ev.t1}`, expect: signedIn(200) },
  ],
  'PATCH /api/v1/events/:id': [
    { url: (f) => `/api/v1/events/${f.ev.t2}`, body: async (f) => ({ notes: `n${f.seq()}`, version: await f.version('events', f.ev.t2) }), expect: { anonymous: 401, salesperson: 404, manager: 404, admin: 200 } },
    { url: (f) => `/api/v1/events/${f.ev.t1}`, body: async (f) => ({ notes: `n${f.seq()}`, version: await f.version('events', f.ev.t1) }), expect: { anonymous: 401, salesperson: 403, manager: 200, admin: 200 } },
  ],
  'POST /api/v1/events/:id/cancel': [
    { url: (f) => `/api/v1/events/${f.ev.t2cancel}/cancel`, body: async (f) => ({ reason: 'typhoon', version: await f.version('events', f.ev.t2cancel) }), expect: { anonymous: 401, salesperson: 404, manager: 404, admin: 200 } },
    { url: (f) => `/api/v1/events/${f.ev.t1cancel}/cancel`, body: async (f) => ({ reason: 'typhoon', version: await f.version('events', f.ev.t1cancel) }), expect: { anonymous: 401, salesperson: 403, manager: 200, admin: 409 } },
  ],
  'POST /api/v1/events/:id/close': [
    { url: (f) => `/api/v1/events/${f.ev.t2past}/close`, body: async (f) => ({ version: await f.version('events', f.ev.t2past) }), expect: { anonymous: 401, salesperson: 404, manager: 404, admin: 200 } },
  ],
  'GET /api/v1/events/:id/invitations': [
    { url: (f) => `/api/v1/events/${f.ev.t2}/invitations`, expect: { anonymous: 401, salesperson: 404, manager: 404, admin: 200 } },
    { url: (f) => `/api/v1/events/${f.ev.t1}/invitations?state=invited`, expect: signedIn(200) },
  ],
  'POST /api/v1/events/:id/invitations': [
    { url: (f) => `/api/v1/events/${f.ev.t2}/invitations`, body: (f) => ({ prospectIds: [f.p.edit] }), expect: { anonymous: 401, salesperson: 404, manager: 404, admin: 200 } },
    // s1's manager and the admin see s1's prospect; a prospect of team 2 refuses the whole round for the others.
    { url: (f) => `/api/v1/events/${f.ev.t1}/invitations`, body: (f) => ({ prospectIds: [f.p1] }), expect: signedIn(200) },
    { url: (f) => `/api/v1/events/${f.ev.t1}/invitations`, body: (f) => ({ prospectIds: [f.p1, f.p.read] }), expect: { anonymous: 401, salesperson: 404, manager: 404, admin: 200 } },
  ],
  'POST /api/v1/events/:id/walk-ins': [
    { url: (f) => `/api/v1/events/${f.ev.t2}/walk-ins`, body: (f) => ({ name: '路人', phones: [`+8869${String(30_000_000 + f.seq())}`] }), expect: { anonymous: 401, salesperson: 404, manager: 404, admin: 403 } },
    { url: (f) => `/api/v1/events/${f.ev.t1}/walk-ins`, body: (f) => ({ name: '路人', phones: [`+8869${String(30_000_000 + f.seq())}`] }), expect: { anonymous: 401, salesperson: 201, manager: 201, admin: 403 } },
  ],
  'POST /api/v1/invitations/:id/check-in': [
    { url: (f) => `/api/v1/invitations/${f.inv.t2}/check-in`, body: async (f) => ({ version: await f.version('invitations', f.inv.t2) }), expect: { anonymous: 401, salesperson: 404, manager: 404, admin: 200 } },
    { url: (f) => `/api/v1/invitations/${f.inv.t1}/check-in`, body: async (f) => ({ version: await f.version('invitations', f.inv.t1) }), expect: { anonymous: 401, salesperson: 200, manager: 409, admin: 409 } },
  ],
  'POST /api/v1/invitations/:id/state': [
    { url: (f) => `/api/v1/invitations/${f.inv.t2move}/state`, body: async (f) => ({ state: 'declined', version: await f.version('invitations', f.inv.t2move) }), expect: { anonymous: 401, salesperson: 404, manager: 404, admin: 200 } },
  ],
  'GET /api/v1/prospects/:id/invitations': [
    { url: (f) => `/api/v1/prospects/${f.p.read}/invitations`, expect: { anonymous: 401, salesperson: 404, manager: 404, admin: 200 } },
    { url: (f) => `/api/v1/prospects/${f.p1}/invitations`, expect: signedIn(200) },
  ],
  // The guest's link opens for anyone holding it, with or without a session; anything else is 404.
  'GET /api/v1/invitations/answer': [
    { url: (f) => `/api/v1/invitations/answer?t=${encodeURIComponent(f.guest)}&answer=accepted`, expect: all(200) },
    { url: (f) => `/api/v1/invitations/answer?t=${encodeURIComponent(f.guest.replace(/.$/, (c) => (c === 'A' ? 'B' : 'A')))}`, expect: all(404) },
  ],
  'POST /api/v1/invitations/answer': [
    { url: (f) => `/api/v1/invitations/answer?t=${encodeURIComponent(f.guest)}&answer=accepted`, expect: all(200) },
    { url: () => `/api/v1/invitations/answer?t=1.${'A'.repeat(32)}&answer=accepted`, expect: all(404) },
  ],
  'GET /api/v1/newsletters': [{ url: () => '/api/v1/newsletters?signing=true', expect: signedIn(200) }],
  'POST /api/v1/newsletters': [{ url: () => '/api/v1/newsletters', body: () => ({ subject: '市場分析', bodyMarkdown: '內容', audience: 'grade=A' }), expect: signedIn(201) }],
  'GET /api/v1/newsletters/quiet-report': [{ url: () => '/api/v1/newsletters/quiet-report', expect: { anonymous: 401, salesperson: 403, manager: 200, admin: 200 } }],
  'GET /api/v1/newsletters/:id': [{ url: (f) => `/api/v1/newsletters/${f.nl.read}`, expect: { anonymous: 401, salesperson: 404, manager: 404, admin: 200 } }],
  'PATCH /api/v1/newsletters/:id': [
    { url: (f) => `/api/v1/newsletters/${f.nl.edit}`, body: async (f) => ({ subject: `s${f.seq()}`, version: await f.version('newsletter_issues', f.nl.edit) }), expect: { anonymous: 401, salesperson: 404, manager: 404, admin: 200 } },
  ],
  'POST /api/v1/newsletters/:id/audience': [
    { url: (f) => `/api/v1/newsletters/${f.nl.build}/audience`, body: async (f) => ({ version: await f.version('newsletter_issues', f.nl.build) }), expect: { anonymous: 401, salesperson: 404, manager: 404, admin: 200 } },
  ],
  'POST /api/v1/newsletters/:id/submit': [
    { url: (f) => `/api/v1/newsletters/${f.nl.submit}/submit`, body: async (f) => ({ version: await f.version('newsletter_issues', f.nl.submit) }), expect: { anonymous: 401, salesperson: 404, manager: 404, admin: 200 } },
  ],
  'POST /api/v1/newsletters/:id/review': [
    { url: (f) => `/api/v1/newsletters/${f.nl.review}/review`, body: async (f) => ({ decision: 'approve', version: await f.version('newsletter_issues', f.nl.review) }), expect: { anonymous: 401, salesperson: 403, manager: 404, admin: 200 } },
  ],
  'POST /api/v1/newsletters/:id/send': [
    { url: (f) => `/api/v1/newsletters/${f.nl.send}/send`, body: async (f) => ({ version: await f.version('newsletter_issues', f.nl.send) }), expect: { anonymous: 401, salesperson: 404, manager: 404, admin: 200 } },
    // An issue nobody approved does not send.
    { url: (f) => `/api/v1/newsletters/${f.nl.read}/send`, body: async (f) => ({ version: await f.version('newsletter_issues', f.nl.read) }), expect: { anonymous: 401, salesperson: 404, manager: 404, admin: 409 } },
  ],
  'POST /api/v1/newsletters/:id/pause': [
    { url: (f) => `/api/v1/newsletters/${f.nl.pause}/pause`, body: async (f) => ({ version: await f.version('newsletter_issues', f.nl.pause) }), expect: { anonymous: 401, salesperson: 404, manager: 404, admin: 200 } },
  ],
  'POST /api/v1/newsletters/:id/resume': [
    { url: (f) => `/api/v1/newsletters/${f.nl.resume}/resume`, body: async (f) => ({ version: await f.version('newsletter_issues', f.nl.resume) }), expect: { anonymous: 401, salesperson: 404, manager: 404, admin: 200 } },
  ],
  'POST /api/v1/newsletters/:id/cancel': [
    { url: (f) => `/api/v1/newsletters/${f.nl.cancel}/cancel`, body: async (f) => ({ version: await f.version('newsletter_issues', f.nl.cancel) }), expect: { anonymous: 401, salesperson: 404, manager: 404, admin: 200 } },
  ],
  'GET /api/v1/newsletters/:id/images': [{ url: (f) => `/api/v1/newsletters/${f.nl.read}/images`, expect: { anonymous: 401, salesperson: 404, manager: 404, admin: 200 } }],
  'POST /api/v1/newsletters/:id/images': [
    { url: (f) => `/api/v1/newsletters/${f.nl.edit}/images?name=chart.png`, body: () => solidPng(12, 12), headers: { 'content-type': 'image/png' }, expect: { anonymous: 401, salesperson: 404, manager: 404, admin: 201 } },
  ],
  // Mail clients load pictures without signing in: the unguessable address is the key, for everyone alike.
  'GET /api/v1/newsletter-images/:file': [
    { url: (f) => f.image, expect: all(200) },
    { url: () => `/api/v1/newsletter-images/${'A'.repeat(24)}.png`, expect: all(404) },
  ],
  'GET /api/v1/newsletters/:id/copies': [{ url: (f) => `/api/v1/newsletters/${f.nl.read}/copies?excluded=false`, expect: { anonymous: 401, salesperson: 404, manager: 404, admin: 200 } }],
  'GET /api/v1/newsletter-copies/:id/preview': [{ url: (f) => `/api/v1/newsletter-copies/${f.copy.read}/preview`, expect: { anonymous: 401, salesperson: 404, manager: 404, admin: 200 } }],
  // Only the copy's signer writes its note: the admin sees it and may not.
  'PUT /api/v1/newsletter-copies/:id/note': [{ url: (f) => `/api/v1/newsletter-copies/${f.copy.read}/note`, body: () => ({ note: '您好' }), expect: { anonymous: 401, salesperson: 404, manager: 404, admin: 403 } }],
  'POST /api/v1/newsletter-copies/:id/decide': [{ url: (f) => `/api/v1/newsletter-copies/${f.copy.unknown}/decide`, body: () => ({ decision: 'mark_sent' }), expect: { anonymous: 401, salesperson: 404, manager: 404, admin: 200 } }],
  'GET /api/v1/settings/newsletters': [{ url: () => '/api/v1/settings/newsletters', expect: signedIn(200) }],
  'PUT /api/v1/settings/newsletters': [
    { url: () => '/api/v1/settings/newsletters', body: async (f) => ({ version: await f.settingsVersion('newsletter_policy'), policy: { ...DEFAULT_NEWSLETTER_POLICY, minGapDays: 20 + (f.seq() % 10) } }), expect: { anonymous: 401, salesperson: 403, manager: 403, admin: 200 } },
  ],
  // Coaching: a salesperson reads themself, a manager their teams, the admin any; another team's answers 404.
  'GET /api/v1/coaching': [
    { url: () => '/api/v1/coaching?preset=last_4_weeks', expect: signedIn(200) },
    { url: (f) => `/api/v1/coaching?teamId=${f.team2}`, expect: { anonymous: 401, salesperson: 404, manager: 404, admin: 200 } },
  ],
  'GET /api/v1/coaching/drill': [
    { url: (f) => `/api/v1/coaching/drill?userId=${f.s2}&measure=touches&from=2026-11-01&to=2026-11-30`, expect: { anonymous: 401, salesperson: 404, manager: 404, admin: 200 } },
    { url: (f) => `/api/v1/coaching/drill?userId=${f.s1}&measure=book&from=2026-11-01&to=2026-11-30`, expect: signedIn(200) },
  ],
  'GET /api/v1/coaching/export': [
    { url: () => '/api/v1/coaching/export', expect: { anonymous: 401, salesperson: 403, manager: 200, admin: 200 } },
    { url: (f) => `/api/v1/coaching/export?teamId=${f.team2}`, expect: { anonymous: 401, salesperson: 403, manager: 404, admin: 200 } },
  ],
  'GET /api/v1/settings/coaching': [{ url: () => '/api/v1/settings/coaching', expect: signedIn(200) }],
  'PUT /api/v1/settings/coaching': [
    { url: () => '/api/v1/settings/coaching', body: async (f) => ({ version: await f.settingsVersion('coaching_policy'), policy: { ...DEFAULT_COACHING_POLICY, minFirstContacts: 20 + (f.seq() % 10) } }), expect: { anonymous: 401, salesperson: 403, manager: 403, admin: 200 } },
  ],
  // The reader's link works for anyone holding it, with or without a session; anything else is 404.
  'GET /api/v1/newsletters/unsubscribe': [
    { url: (f) => `/api/v1/newsletters/unsubscribe?t=${encodeURIComponent(f.unsubscribe)}`, expect: all(200) },
    { url: () => `/api/v1/newsletters/unsubscribe?t=1.${'A'.repeat(32)}`, expect: all(404) },
  ],
  'POST /api/v1/newsletters/unsubscribe': [
    { url: (f) => `/api/v1/newsletters/unsubscribe?t=${encodeURIComponent(f.unsubscribe)}`, body: () => ({ 'List-Unsubscribe': 'One-Click' }), expect: all(200) },
    { url: () => `/api/v1/newsletters/unsubscribe?t=1.${'A'.repeat(32)}`, body: () => ({ 'List-Unsubscribe': 'One-Click' }), expect: all(404) },
  ],
};

async function snapshot(database: Database): Promise<string> {
  const { db } = database;
  const [users, teams, tokens, prospects, touches, links, tags, settings, jobs, feeds, notices, orders, lines, products, rules, events, hosts, invitations] = await Promise.all([
    db.selectFrom('users').selectAll().orderBy('id').execute(),
    db.selectFrom('teams').selectAll().orderBy('id').execute(),
    db.selectFrom('api_tokens').selectAll().orderBy('id').execute(),
    db.selectFrom('prospects').selectAll().orderBy('id').execute(),
    db.selectFrom('touches').selectAll().orderBy('id').execute(),
    db.selectFrom('prospect_colleagues').selectAll().orderBy('prospect_id').orderBy('user_id').execute(),
    db.selectFrom('prospect_tags').selectAll().orderBy('prospect_id').orderBy('tag').execute(),
    db.selectFrom('settings').selectAll().orderBy('key').execute(),
    db.selectFrom('jobs').selectAll().orderBy('id').execute(),
    db.selectFrom('feed_tokens').selectAll().orderBy('user_id').execute(),
    db.selectFrom('notifications').selectAll().orderBy('id').execute(),
    db.selectFrom('orders').selectAll().orderBy('id').execute(),
    db.selectFrom('order_lines').selectAll().orderBy('id').execute(),
    db.selectFrom('products').selectAll().orderBy('id').execute(),
    db.selectFrom('commission_rules').selectAll().orderBy('id').execute(),
    db.selectFrom('events').selectAll().orderBy('id').execute(),
    db.selectFrom('event_hosts').selectAll().orderBy('event_id').orderBy('user_id').execute(),
    db.selectFrom('invitations').selectAll().orderBy('id').execute(),
  ]);
  const newsletters = await Promise.all([
    db.selectFrom('newsletter_issues').selectAll().orderBy('id').execute(),
    db.selectFrom('newsletter_copies').selectAll().orderBy('id').execute(),
    db.selectFrom('mail_suppressions').selectAll().orderBy('address').execute(),
    db.selectFrom('newsletter_images').select(['id', 'issue_id', 'token', 'sha256']).orderBy('id').execute(),
  ]);
  const audit = await db.selectFrom('audit_log').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow();
  return JSON.stringify({ users, teams, tokens, prospects, touches, links, tags, settings, jobs, feeds, notices, orders, lines, products, rules, events, hosts, invitations, newsletters, audit: Number(audit.n) });
}

describeEachDialect('authorization matrix', (ctx) => {
  let t: TestApp;
  let f: Fixture;
  const emails: Record<Exclude<Who, 'anonymous'>, string> = { salesperson: 's1@pond.test', manager: 'm1@pond.test', admin: 'root@pond.test' };

  beforeAll(async () => {
    t = await createTestApp(ctx.database);
    await t.user(emails.admin, 'admin');
    const m1 = await t.user(emails.manager, 'manager');
    const team1 = (await t.app.services.teams.create(CONSOLE, { name: 'North', managerId: m1 }, { ip: null, userAgent: null })).id;
    const team2 = (await t.app.services.teams.create(CONSOLE, { name: 'South' }, { ip: null, userAgent: null })).id;
    const s1 = await t.user(emails.salesperson, 'salesperson', team1);
    const s2 = await t.user('s2@pond.test', 'salesperson', team2);
    const s2Cookie = await t.login('s2@pond.test');
    const s2Token = (await t.call('POST', '/api/v1/auth/tokens', { cookie: s2Cookie, body: { name: 'theirs' } })).json().id;
    const s2b = await t.user('s2b@pond.test', 'salesperson', team2);
    const newProspect = async (cookie: string, name: string) =>
      (await t.call('POST', '/api/v1/prospects', { cookie, body: { name, phones: [`1380013${String(8000 + n++).padStart(4, '0')}`], grade: 'A' } })).json().prospect.id as number;
    let n = 0;
    const p = {
      read: await newProspect(s2Cookie, '讀'),
      edit: await newProspect(s2Cookie, '改'),
      linked: await newProspect(s2Cookie, '已連'),
      link: await newProspect(s2Cookie, '連'),
      archive: await newProspect(s2Cookie, '封'),
      erase: await newProspect(s2Cookie, '刪'),
      merge: await newProspect(s2Cookie, '合'),
      mergeFrom: await newProspect(s2Cookie, '併'),
      mergeFrom2: await newProspect(s2Cookie, '吞'),
    };
    await t.call('POST', `/api/v1/prospects/${p.linked}/colleagues`, { cookie: s2Cookie, body: { userId: s2b } });
    const pooled = async (name: string) => {
      const id = await newProspect(s2Cookie, name);
      await t.call('POST', `/api/v1/prospects/${id}/release`, { cookie: s2Cookie, body: { reason: 'moving away' } });
      return id;
    };
    const pool = { read: await pooled('公海讀'), claim: await pooled('公海領'), bulk: await pooled('公海批'), assign: await pooled('公海派') };
    const release = await newProspect(s2Cookie, '放');
    const p1 = await newProspect(await t.login(emails.salesperson), '自己');
    const adminCookie = await t.login(emails.admin);
    const product = (await t.call('POST', '/api/v1/products', { cookie: adminCookie, body: { names: { 'zh-Hant': '轎車', en: 'Sedan' }, category: 'vehicle', listPriceMinor: 88800000, currency: 'TWD' } })).json().id as number;
    const order = async (cookie: string, prospectId: number) => {
      const res = await t.call('POST', `/api/v1/prospects/${prospectId}/orders`, { cookie, body: { currency: 'TWD', lines: [{ productId: product, quantity: 1, unitMinor: 88800000 }] } });
      if (res.statusCode !== 201) throw new Error(res.body);
      return res.json() as { id: number; version: number };
    };
    const o = { read: (await order(s2Cookie, p.read)).id, edit: (await order(s2Cookie, p.read)).id, confirm: (await order(s2Cookie, p.read)).id, deliver: 0, cancel: (await order(s2Cookie, p.read)).id };
    const toDeliver = await order(s2Cookie, p.read);
    await t.call('POST', `/api/v1/orders/${toDeliver.id}/confirm`, { cookie: s2Cookie, body: { version: toDeliver.version, relationshipKept: true } });
    o.deliver = toDeliver.id;
    const o1 = (await order(await t.login(emails.salesperson), p1)).id;
    const m1Cookie = await t.login(emails.manager);
    const event = async (cookie: string, body: object) => {
      const res = await t.call('POST', '/api/v1/events', { cookie, body: { title: '新車品鑑會', kind: 'seminar', startsAt: '2026-11-26T09:00:00Z', endsAt: '2026-11-26T11:00:00Z', timeZone: 'Asia/Taipei', ...body } });
      if (res.statusCode !== 201) throw new Error(res.body);
      return res.json().id as number;
    };
    const ev = {
      t2: await event(adminCookie, { teamId: team2, hostIds: [s2] }),
      t2cancel: await event(adminCookie, { teamId: team2 }),
      t2past: await event(adminCookie, { teamId: team2, startsAt: '2026-11-26T02:00:00Z', endsAt: '2026-11-26T04:00:00Z' }),
      t1: await event(m1Cookie, { teamId: team1, hostIds: [s1] }),
      t1cancel: await event(m1Cookie, { teamId: team1 }),
    };
    const invite = async (cookie: string, eventId: number, prospectId: number) => {
      const res = await t.call('POST', `/api/v1/events/${eventId}/invitations`, { cookie, body: { prospectIds: [prospectId] } });
      if (res.statusCode !== 200) throw new Error(res.body);
      return (await ctx.database.db.selectFrom('invitations').select('id').where('event_id', '=', eventId).where('prospect_id', '=', prospectId).executeTakeFirstOrThrow()).id;
    };
    const inv = { t2: await invite(adminCookie, ev.t2, p.read), t2move: await invite(adminCookie, ev.t2, p.linked), t1: await invite(m1Cookie, ev.t1, p1) };
    const guest = await t.app.services.auth.links.sign('invitation-answer', inv.t2move);
    // Newsletters of s2, whose one reader has an e-mail; states set where a row needs one.
    await t.call('POST', '/api/v1/prospects', { cookie: s2Cookie, body: { name: '讀者', emails: ['reader@example.test'], grade: 'A', tags: ['nl'], newsletterConsent: 'subscribed' } });
    const issue = async (state: 'draft' | 'built' | 'submitted' | 'approved' | 'sending' | 'paused') => {
      const res = await t.call('POST', '/api/v1/newsletters', { cookie: s2Cookie, body: { subject: '市場分析', bodyMarkdown: '# 重點', audience: 'tag=nl' } });
      if (res.statusCode !== 201) throw new Error(res.body);
      const id = res.json().id as number;
      if (state === 'draft') return id;
      const step = async (what: string, cookie: string, body: object = {}) => {
        const v = (await ctx.database.db.selectFrom('newsletter_issues').select('version').where('id', '=', id).executeTakeFirstOrThrow()).version;
        const r = await t.call('POST', `/api/v1/newsletters/${id}/${what}`, { cookie, body: { version: v, ...body } });
        if (r.statusCode !== 200) throw new Error(r.body);
      };
      await step('audience', s2Cookie);
      if (state === 'built') return id;
      await step('submit', s2Cookie);
      if (state === 'submitted') return id;
      await step('review', adminCookie, { decision: 'approve' });
      if (state !== 'approved') await ctx.database.db.updateTable('newsletter_issues').set({ state }).where('id', '=', id).execute();
      return id;
    };
    const nl = {
      read: await issue('built'),
      edit: await issue('draft'),
      build: await issue('draft'),
      submit: await issue('built'),
      review: await issue('submitted'),
      send: await issue('approved'),
      pause: await issue('sending'),
      resume: await issue('paused'),
      cancel: await issue('approved'),
    };
    const copyOf = async (issueId: number) => (await ctx.database.db.selectFrom('newsletter_copies').select('id').where('issue_id', '=', issueId).executeTakeFirstOrThrow()).id;
    const copy = { read: await copyOf(nl.read), unknown: await copyOf(nl.pause) };
    await ctx.database.db.updateTable('newsletter_copies').set({ state: 'unknown' }).where('id', '=', copy.unknown).execute();
    const unsubscribe = await t.app.services.auth.links.sign('newsletter-unsubscribe', copy.read);
    const version = async (table: 'users' | 'teams' | 'prospects' | 'orders' | 'products' | 'events' | 'invitations' | 'newsletter_issues', id: number) =>
      (await ctx.database.db.selectFrom(table).select('version').where('id', '=', id).executeTakeFirstOrThrow()).version;
    const settingsVersion = async (key: string) => (await ctx.database.db.selectFrom('settings').select('version').where('key', '=', key).executeTakeFirst())?.version ?? 0;
    const s2Feed = new URL((await t.call('POST', '/api/v1/reminders/feed', { cookie: s2Cookie })).json().url as string).pathname;
    const s2Unsubscribe = `/api/v1/reminders/unsubscribe?t=${await t.app.services.auth.links.sign('digest-off', s2)}`;
    const uploaded = await t.call('POST', `/api/v1/newsletters/${nl.read}/images`, { cookie: adminCookie, body: solidPng(6, 6), headers: { 'content-type': 'image/png' } });
    expect(uploaded.statusCode, uploaded.body).toBe(201);
    const image = new URL(uploaded.json().url as string).pathname;
    f = { s1, s2, s2b, team2, s2Token, s2Feed, s2Unsubscribe, p, pool, release, p1, o, o1, product, ev, inv, guest, nl, copy, unsubscribe, image, seq: () => ++n, version, settingsVersion };
  });

  it('has a row for every route the server declares', () => {
    // Every route, API or not; the API's browsable documentation (many routes of its own) is public by declaration.
    const docs = t.app.routeTable.filter((r) => r.url.startsWith('/api/docs'));
    expect(docs.length).toBeGreaterThan(0);
    for (const r of docs) expect(r.access, r.url).toBe('public');
    const declared = t.app.routeTable.filter((r) => !r.url.startsWith('/api/docs')).map((r) => `${r.method} ${r.url}`);
    expect(declared.length).toBeGreaterThan(10);
    for (const key of declared) expect(MATRIX[key], `no authorization row for ${key}`).toBeDefined();
    for (const key of Object.keys(MATRIX)) expect(declared, `matrix row for a route that does not exist: ${key}`).toContain(key);
  });

  for (const [key, cases] of Object.entries(MATRIX)) {
    const [method] = key.split(' ') as ['GET' | 'POST' | 'PATCH' | 'DELETE'];
    cases.forEach((c, i) => {
      it(`${key} #${i + 1}`, async () => {
        for (const who of ['anonymous', 'salesperson', 'manager', 'admin'] as const) {
          const cookie = who === 'anonymous' ? undefined : await t.login(emails[who], PASSWORD);
          const expected = c.expect[who];
          const before = method === 'GET' || expected < 400 ? null : await snapshot(ctx.database);
          const res = await t.call(method, c.url(f), { ...(cookie && { cookie }), ...(c.body && { body: await c.body(f) }), ...(c.headers && { headers: c.headers }) });
          expect(res.statusCode, `${who}: ${res.body}`).toBe(expected);
          if (expected === 401 || expected === 403 || expected === 404) expect(res.json().error.code).toBeTypeOf('string');
          if (before !== null && !(key === 'POST /api/v1/auth/login' || key === 'POST /api/v1/auth/password')) {
            // Refused writes leave every row as it was (failed logins are audited on purpose).
            expect(await snapshot(ctx.database), `${who} changed data`).toBe(before);
          }
          if ((expected === 401 || expected === 403 || expected === 404) && method !== 'GET' && c.body && key !== 'POST /api/v1/auth/login') {
            // Authorization comes before validation: the same body with a field that makes it invalid gets the same refusal.
            const body = (await c.body(f)) as Record<string, unknown>;
            const bad = await t.call(method, c.url(f), { ...(cookie && { cookie }), body: Buffer.isBuffer(body) ? Buffer.from('\u0000 not a picture') : { ...body, notAField: '\u0000' }, ...(c.headers && { headers: c.headers }) });
            expect(bad.statusCode, `${who} with a bad body: ${bad.body}`).toBe(expected);
          }
        }
      });
    });
  }
});
