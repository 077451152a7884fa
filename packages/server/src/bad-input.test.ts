import { describeEachDialect } from '@pond/db/testing';
import { can } from '@pond/domain';
import { beforeAll, expect, it } from 'vitest';
import { z } from 'zod';
import { createTestApp, type TestApp } from './testing/test-app.js';

/**
 * Bad input through every route's every declared field, built from the route table: whatever a field
 * receives (NUL, lone surrogates, direction overrides, invisible text, 10,000 characters, SQL, the wrong
 * type), the answer is never a 500, and text no field may hold is a 400 that names it. A route added
 * later is covered without a row of its own.
 */
const CORPUS: unknown[] = [
  'nul\u0000inside',
  'lone \ud800 surrogate',
  'bidi \u202Eevil\u202C',
  '\u200B\u200B',
  'x'.repeat(10_000),
  "'; drop table prospects; --",
  '%_\\',
  -1,
  1e308,
  true,
  null,
  [],
  { nested: '\u0000' },
];

/** Forbidden anywhere: these must come back as a 400 naming a text rule, on every engine. */
const FORBIDDEN = new Set(['nul\u0000inside', 'lone \ud800 surrogate']);

/** The field names a schema declares at its top level (objects, unions of objects, refinements of them). */
function fieldsOf(schema: unknown): string[] {
  if (!(schema instanceof z.ZodType)) return [];
  const json = z.toJSONSchema(schema, { unrepresentable: 'any', io: 'input' }) as { properties?: Record<string, unknown>; anyOf?: unknown[]; oneOf?: unknown[] };
  const names = new Set<string>(Object.keys(json.properties ?? {}));
  for (const branch of [...(json.anyOf ?? []), ...(json.oneOf ?? [])] as { properties?: Record<string, unknown> }[]) for (const k of Object.keys(branch.properties ?? {})) names.add(k);
  return [...names];
}

describeEachDialect('bad input through every field', (ctx) => {
  let t: TestApp;
  let cookie: string;
  let managerCookie: string;
  let ids: { prospect: number; user: number; team: number; token: number; colleague: number; order: number; product: number; event: number; invitation: number; newsletter: number; copy: number };
  let feedToken: string;

  beforeAll(async () => {
    t = await createTestApp(ctx.database);
    await t.user('root@pond.test', 'admin');
    // Routes about users, teams and tokens are sent at records of their own, never at the signed-in admin.
    const colleague = await t.user('wei@pond.test', 'salesperson');
    const user = await t.user('victim@pond.test', 'salesperson');
    cookie = await t.login('root@pond.test');
    await t.user('boss@pond.test', 'manager');
    managerCookie = await t.login('boss@pond.test');
    const p = await t.call('POST', '/api/v1/prospects', { cookie, body: { name: '小偉的客戶', phones: ['13912345678'], grade: 'A' } });
    const team = await t.call('POST', '/api/v1/teams', { cookie, body: { name: 'Showroom' } });
    const victim = await t.login('victim@pond.test');
    const token = await t.call('POST', '/api/v1/auth/tokens', { cookie: victim, body: { name: 'x' } });
    feedToken = new URL((await t.call('POST', '/api/v1/reminders/feed', { cookie: victim })).json().url as string).pathname.split('/').pop()!;
    const product = await t.call('POST', '/api/v1/products', { cookie, body: { names: { en: 'Sedan' }, category: 'vehicle', listPriceMinor: 100, currency: 'TWD' } });
    const order = await t.call('POST', `/api/v1/prospects/${p.json().prospect.id}/orders`, { cookie, body: { currency: 'TWD', lines: [{ productId: product.json().id, quantity: 1, unitMinor: 100 }] } });
    // The manager's own event (the admin may act on it too), within its check-in hours on the test clock.
    const event = await t.call('POST', '/api/v1/events', { cookie: managerCookie, body: { title: '品鑑會', kind: 'seminar', startsAt: '2026-11-26T09:00:00Z', timeZone: 'Asia/Taipei' } });
    await t.call('POST', `/api/v1/events/${event.json().id}/invitations`, { cookie, body: { prospectIds: [p.json().prospect.id] } });
    const invitation = await ctx.database.db.selectFrom('invitations').select('id').where('event_id', '=', event.json().id).executeTakeFirstOrThrow();
    // An issue whose list holds the prospect (a draft, so every newsletter route has something to act on).
    const issue = await t.call('POST', '/api/v1/newsletters', { cookie, body: { subject: '市場分析', bodyMarkdown: '內容', audience: '' } });
    await t.call('POST', `/api/v1/newsletters/${issue.json().id}/audience`, { cookie, body: { version: issue.json().version } });
    const copy = await ctx.database.db.selectFrom('newsletter_copies').select('id').where('issue_id', '=', issue.json().id).executeTakeFirstOrThrow();
    ids = { prospect: p.json().prospect.id, user, team: team.json().team.id, token: token.json().id, colleague, order: order.json().id, product: product.json().id, event: event.json().id, invitation: invitation.id, newsletter: issue.json().id, copy: copy.id };
  });

  it('sends every field of every route the corpus, and never gets a 500', async () => {
    let sent = 0;
    // Everything but signing out and changing one's own password (which would end this very session); erasures last.
    const routes = t.app.routeTable
      .filter((r) => r.url.startsWith('/api/v1/') && r.url !== '/api/v1/auth/logout' && r.url !== '/api/v1/auth/password')
      .sort((a, b) => Number(a.method === 'DELETE') - Number(b.method === 'DELETE'));
    expect(routes.length).toBeGreaterThan(20);
    for (const route of routes) {
      const id = route.url.startsWith('/api/v1/users/')
        ? ids.user
        : route.url.startsWith('/api/v1/teams/')
          ? ids.team
          : route.url.startsWith('/api/v1/auth/tokens/')
            ? ids.token
            : route.url.startsWith('/api/v1/orders/')
              ? ids.order
              : route.url.startsWith('/api/v1/products/')
                ? ids.product
                : route.url.startsWith('/api/v1/events/')
                  ? ids.event
                  : route.url.startsWith('/api/v1/invitations/')
                    ? ids.invitation
                    : route.url.startsWith('/api/v1/newsletters/')
                      ? ids.newsletter
                      : route.url.startsWith('/api/v1/newsletter-copies/')
                        ? ids.copy
                        : ids.prospect;
      // Routes opened by a credential in their URL get a valid one, so their other fields are checked; the credential
      // field itself answers 404 to anything else (it is not there, as far as a caller can tell).
      const signed =
        route.access === 'signedLink'
          ? `?t=${await t.app.services.auth.links.sign('digest-off', ids.user)}`
          : route.access === 'guestLink' && route.url.startsWith('/api/v1/newsletters/')
            ? `?t=${encodeURIComponent(await t.app.services.auth.links.sign('newsletter-unsubscribe', ids.copy))}`
            : route.access === 'guestLink'
            ? `?t=${encodeURIComponent(await t.app.services.auth.links.sign('invitation-answer', ids.invitation))}`
            : '';
      const url = route.url.replace(':id', String(id)).replace(':userId', String(ids.colleague)).replace(':token', feedToken) + signed;
      for (const [part, schema] of [
        ['body', route.input.body],
        ['query', route.input.querystring],
      ] as const) {
        for (const field of fieldsOf(schema)) {
          for (const value of CORPUS) {
            if (part === 'query' && typeof value === 'object' && value !== null) continue;
            const credential = (route.access === 'signedLink' || route.access === 'guestLink') && part === 'query' && field === 't';
            const target = part === 'query' ? `${credential ? url.split('?')[0] : url}${url.includes('?') && !credential ? '&' : '?'}${new URLSearchParams({ [field]: String(value) }).toString()}` : url;
            // Routes an admin may not call (claiming from the pool) are sent by a manager.
            const as = route.may && !can[route.may]('admin') ? managerCookie : cookie;
            const res = await t.call(route.method as 'GET', target, { cookie: as, ...(part === 'body' && { body: { [field]: value } }) });
            sent++;
            expect(res.statusCode, `${route.method} ${route.url} ${part}.${field} = ${JSON.stringify(value).slice(0, 40)}: ${res.body.slice(0, 300)}`).toBeLessThan(500);
            // A URL cannot carry a lone surrogate (it is encoded as U+FFFD on the way), so only a NUL counts in a query.
            if (credential) expect(res.statusCode, `${route.method} ${route.url} t = ${JSON.stringify(value).slice(0, 40)}`).toBe(404);
            else if (typeof value === 'string' && FORBIDDEN.has(value) && (part === 'body' || value.includes('\u0000'))) {
              expect(res.statusCode, `${route.method} ${route.url} ${part}.${field}`).toBe(400);
            }
          }
        }
      }
    }
    // Several hundred requests: every declared field of every route, each value of the corpus.
    expect(sent).toBeGreaterThan(500);
  }, 240_000);

  it('refuses control characters, direction overrides and invisible names with a localised reason, on a field the schema declares', async () => {
    for (const [name, reason] of [
      ['王\u0000偉', 'TEXT_CONTROL_CHARACTER'],
      ['王\u202E偉', 'TEXT_BIDI_CONTROL'],
      ['\u200B\u200D', 'TEXT_INVISIBLE_ONLY'],
      ['王\ud800偉', 'TEXT_MALFORMED'],
      ['王\n偉', 'TEXT_CONTROL_CHARACTER'],
    ] as const) {
      const res = await t.call('POST', '/api/v1/prospects', { cookie, headers: { 'accept-language': 'zh-TW' }, body: { name, phones: ['13912340000'], grade: 'B' } });
      expect(res.statusCode, name).toBe(400);
      const detail = res.json().error.details.find((d: { reason?: string }) => d.reason);
      expect(detail.reason).toBe(reason);
      expect(detail.message).toMatch(/[\u4e00-\u9fff]/);
    }
    // A touch's text holds lines; a NUL is still refused there.
    const lines = await t.call('POST', `/api/v1/prospects/${ids.prospect}/touches`, { cookie, body: { channel: 'call', relationshipKept: true, summary: '第一行\n第二行\t完' } });
    expect(lines.statusCode).toBe(201);
    const nul = await t.call('POST', `/api/v1/prospects/${ids.prospect}/touches`, { cookie, body: { channel: 'call', relationshipKept: true, summary: 'a\u0000b' } });
    expect(nul.statusCode).toBe(400);
  });

  it('refuses a crafted list cursor of the wrong type for its sort with a 400', async () => {
    const cursor = (v: unknown) => Buffer.from(JSON.stringify([v, 1])).toString('base64url');
    for (const [sort, value] of [
      ['nextDueOn', 'not a date'],
      ['lastTouchAt', 42],
      ['touchCount', 'many'],
      ['name', 12],
      ['createdAt', null],
      ['grade', 'Z'],
      ['name', 'nul\u0000'],
    ] as const) {
      const res = await t.call('GET', `/api/v1/prospects?sort=${sort}&cursor=${cursor(value)}`, { cookie });
      expect(res.statusCode, `${sort} ${String(value)}: ${res.body}`).toBe(400);
    }
    const good = await t.call('GET', `/api/v1/prospects?sort=touchCount&cursor=${cursor(0)}`, { cookie });
    expect(good.statusCode).toBe(200);
  });
});
