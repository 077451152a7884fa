import { describeEachDialect } from '@pond/db/testing';
import { DEFAULT_POOL_POLICY } from '@pond/domain';
import { beforeAll, expect, it } from 'vitest';
import { LONG_SESSIONS, person, prospect as newProspect, team } from '../../testing/factories.js';
import { createTestApp, type TestApp } from '../../testing/test-app.js';

describeEachDialect('orders and their three gains', (ctx) => {
  let t: TestApp;
  let wei: string;
  let le: string;
  let other: string;
  let boss: string;
  let admin: string;
  let weiId: number;
  let leId: number;
  let car: number;
  let mats: number;

  beforeAll(async () => {
    t = await createTestApp(ctx.database, { POND_DEFAULT_TIME_ZONE: 'Asia/Taipei', ...LONG_SESSIONS });
    t.clock.set('2026-12-01T02:00:00.000Z');
    const showroom = await team(t, { name: 'Showroom', members: [{ email: 'wei@pond.test' }, {}] });
    const south = await team(t, { name: 'South', manager: null, members: [{}] });
    [{ id: weiId, cookie: wei }, { id: leId, cookie: le }] = showroom.members;
    [boss, other] = [showroom.manager.cookie, south.members[0].cookie];
    ({ cookie: admin } = await person(t, 'admin'));
    const product = async (body: object) => {
      const res = await t.call('POST', '/api/v1/products', { cookie: admin, body });
      expect(res.statusCode, res.body).toBe(201);
      return res.json().id as number;
    };
    car = await product({ names: { 'zh-Hant': '轎車 LX', en: 'Sedan LX' }, category: 'vehicle', listPriceMinor: 88800000, currency: 'TWD' });
    mats = await product({ names: { 'zh-Hant': '腳踏墊', en: 'Floor mats' }, category: 'part', listPriceMinor: 350000, currency: 'TWD' });
    for (const rule of [
      { category: 'vehicle', rate: { kind: 'percent', basisPoints: 100 }, effectiveOn: '2026-01-01' },
      { category: 'vehicle', rate: { kind: 'percent', basisPoints: 150 }, effectiveOn: '2026-12-01' },
      { category: 'part', rate: { kind: 'percent', basisPoints: 500 }, effectiveOn: '2026-01-01' },
    ]) {
      const res = await t.call('POST', '/api/v1/commission-rules', { cookie: admin, body: rule });
      expect(res.statusCode, res.body).toBe(201);
    }
  });

  const prospect = async (cookie: string, name: string) => (await newProspect(t, cookie, { name, grade: 'A' })).id;
  const draft = async (cookie: string, prospectId: number, body?: object) => {
    const res = await t.call('POST', `/api/v1/prospects/${prospectId}/orders`, {
      cookie,
      body: body ?? {
        currency: 'TWD',
        deliveryOn: '2026-12-10',
        lines: [
          { productId: car, quantity: 1, unitMinor: 88800000, discount: { kind: 'amount', minor: 800000 } },
          { productId: mats, quantity: 4, unitMinor: 350000, discount: { kind: 'percent', basisPoints: 1000 } },
          { description: '貼膜', category: 'accessory', quantity: 1, unitMinor: 99900 },
        ],
      },
    });
    expect(res.statusCode, res.body).toBe(201);
    return res.json() as { id: number; version: number; total: { minor: number }; commission: { minor: number } };
  };
  const stageOf = async (id: number) => (await ctx.database.db.selectFrom('prospects').select(['stage', 'open_orders', 'next_due_on']).where('id', '=', id).executeTakeFirstOrThrow());

  it('prices a draft exactly, confirms it with the three gains, logs the sale and makes a customer', async () => {
    const p = await prospect(wei, '王先生');
    const order = await draft(wei, p);
    expect(order.total.minor).toBe(89359900);
    // 1.5 % of 880,000.00 + 5 % of 12,600.00; the accessory has no rule.
    expect(order.commission.minor).toBe(1383000);
    const confirmed = await t.call('POST', `/api/v1/orders/${order.id}/confirm`, { cookie: wei, body: { version: order.version, lessons: '他要的是售後保養的承諾', relationshipKept: true } });
    expect(confirmed.statusCode, confirmed.body).toBe(200);
    const view = confirmed.json();
    expect(view.status).toBe('confirmed');
    expect(view.gains).toMatchObject({ commission: { minor: 1383000, currency: 'TWD' }, lessons: '他要的是售後保養的承諾', relationshipKept: true, outcome: 'complete' });
    expect(view.closedBy).toEqual({ id: weiId, name: expect.any(String) });
    expect(view.onBehalf).toBe(false);
    expect(view.prospect.stage).toBe('customer');
    // The sale is a touch with its outcome, and the after-sale call is three days after delivery.
    const touch = await ctx.database.db.selectFrom('touches').selectAll().where('id', '=', view.gains.touchId).executeTakeFirstOrThrow();
    expect(touch.outcome).toBe('complete');
    expect(Boolean(touch.sale_made)).toBe(true);
    expect(await stageOf(p)).toEqual({ stage: 'customer', open_orders: 1, next_due_on: '2026-12-13' });
    // A second sale makes a repeat customer; a confirmed order cannot be confirmed again.
    const again = await t.call('POST', `/api/v1/orders/${order.id}/confirm`, { cookie: wei, body: { version: view.version, relationshipKept: true } });
    expect(again.statusCode).toBe(409);
    expect(again.json().error.code).toBe('ORDER_WRONG_STATUS');
    const second = await draft(wei, p, { currency: 'TWD', lines: [{ productId: mats, quantity: 1, unitMinor: 350000 }] });
    const c2 = await t.call('POST', `/api/v1/orders/${second.id}/confirm`, { cookie: wei, body: { version: second.version, relationshipKept: false } });
    expect(c2.json().gains.outcome).toBe('pass');
    expect((await stageOf(p)).stage).toBe('repeat_customer');
    // Cancelling the second gives back one step; cancelling the first too returns the prospect.
    const x2 = await t.call('POST', `/api/v1/orders/${second.id}/cancel`, { cookie: wei, body: { version: c2.json().version, reason: '改買別款' } });
    expect(x2.statusCode, x2.body).toBe(200);
    expect((await stageOf(p)).stage).toBe('customer');
    const x1 = await t.call('POST', `/api/v1/orders/${order.id}/cancel`, { cookie: wei, body: { version: view.version, reason: '貸款沒過' } });
    expect(x1.statusCode, x1.body).toBe(200);
    expect(await stageOf(p)).toMatchObject({ stage: 'prospect', open_orders: 0 });
    const history = await ctx.database.db.selectFrom('prospect_history').select(['before_value', 'after_value']).where('prospect_id', '=', p).where('field', '=', 'stage').orderBy('id').execute();
    expect(history.map((h) => [JSON.parse(h.before_value!), JSON.parse(h.after_value!)])).toEqual([
      ['prospect', 'customer'],
      ['customer', 'repeat_customer'],
      ['repeat_customer', 'customer'],
      ['customer', 'prospect'],
    ]);
  });

  it('freezes the commission under the rule of the day it was confirmed', async () => {
    const p = await prospect(wei, '林小姐');
    const order = await draft(wei, p, { currency: 'TWD', lines: [{ productId: car, quantity: 1, unitMinor: 100000000 }] });
    const c = await t.call('POST', `/api/v1/orders/${order.id}/confirm`, { cookie: wei, body: { version: order.version, relationshipKept: true } });
    expect(c.json().commission.minor).toBe(1500000);
    // A new rule from tomorrow does not touch it.
    await t.call('POST', '/api/v1/commission-rules', { cookie: admin, body: { category: 'vehicle', rate: { kind: 'percent', basisPoints: 300 }, effectiveOn: '2026-12-02' } });
    t.clock.set('2026-12-02T02:00:00.000Z');
    const read = await t.call('GET', `/api/v1/orders/${order.id}`, { cookie: wei });
    expect(read.json().commission.minor).toBe(1500000);
    expect(read.json().lines[0].commissionMinor).toBe(1500000);
    const later = await draft(wei, p, { currency: 'TWD', lines: [{ productId: car, quantity: 1, unitMinor: 100000000 }] });
    expect(later.commission.minor).toBe(3000000);
    t.clock.set('2026-12-01T02:00:00.000Z');
  });

  it('credits a colleague who closes on the company behalf, keeps the owner, and hides orders from who may not see the prospect', async () => {
    const p = await prospect(wei, '張老闆');
    await t.call('POST', `/api/v1/prospects/${p}/colleagues`, { cookie: wei, body: { userId: leId } });
    const order = await draft(le, p, { currency: 'USD', lines: [{ description: 'Service plan', category: 'service', quantity: 2, unitMinor: 12550 }] });
    const c = await t.call('POST', `/api/v1/orders/${order.id}/confirm`, { cookie: le, body: { version: order.version, relationshipKept: true } });
    expect(c.statusCode, c.body).toBe(200);
    expect(c.json()).toMatchObject({ owner: { id: weiId }, closedBy: { id: leId }, onBehalf: true, total: { minor: 25100, currency: 'USD' } });
    // The other team's salesperson sees none of it: list, detail, every write.
    expect((await t.call('GET', `/api/v1/orders/${order.id}`, { cookie: other })).statusCode).toBe(404);
    for (const path of ['confirm', 'deliver', 'cancel']) {
      const r = await t.call('POST', `/api/v1/orders/${order.id}/${path}`, { cookie: other, body: { version: 1, reason: 'x', relationshipKept: true } });
      expect(r.statusCode, path).toBe(404);
    }
    const list = (await t.call('GET', `/api/v1/orders?prospectId=${p}`, { cookie: other })).json();
    expect(list.items).toEqual([]);
    expect(list.totals).toEqual([]);
    // The manager sees it, with totals per currency.
    const mine = (await t.call('GET', `/api/v1/orders?prospectId=${p}`, { cookie: boss })).json();
    expect(mine.totals).toEqual([{ currency: 'USD', orders: 1, totalMinor: 25100, commissionMinor: 0 }]);
    // Totals added up from a complete page are those the totals query gives for a page that is not.
    const whole = (await t.call('GET', '/api/v1/orders?limit=200', { cookie: boss })).json();
    const first = (await t.call('GET', '/api/v1/orders?limit=1', { cookie: boss })).json();
    expect(whole.nextCursor).toBeNull();
    expect(first.nextCursor).not.toBeNull();
    expect(first.totals).toEqual(whole.totals);
    expect(whole.totals.map((x: { currency: string }) => x.currency)).toEqual(['TWD', 'USD']);
  });

  it('lets its orders follow a prospect wherever it goes: the pool, a new owner', async () => {
    const p = await prospect(wei, '搬來搬去');
    const order = await draft(wei, p, { currency: 'TWD', lines: [{ productId: mats, quantity: 1, unitMinor: 350000 }] });
    const listed = async (cookie: string) => ((await t.call('GET', '/api/v1/orders?status=draft&limit=200', { cookie })).json().items as { id: number }[]).some((o) => o.id === order.id);
    expect(await listed(wei)).toBe(true);
    expect(await listed(le)).toBe(false);
    expect((await t.call('POST', `/api/v1/prospects/${p}/release`, { cookie: wei, body: { reason: '轉區' } })).statusCode).toBe(200);
    expect(await listed(wei)).toBe(false);
    expect(await listed(admin)).toBe(true);
    expect((await t.call('POST', `/api/v1/pool/${p}/assign`, { cookie: boss, body: { userId: leId } })).statusCode).toBe(200);
    expect(await listed(le)).toBe(true);
    expect(await listed(wei)).toBe(false);
    const row = await ctx.database.db.selectFrom('orders').select(['prospect_owner_id', 'owner_id']).where('id', '=', order.id).executeTakeFirstOrThrow();
    // The list follows the prospect; the order still names the owner it was made under.
    expect(row).toEqual({ prospect_owner_id: leId, owner_id: weiId });
  });

  it('exempts a customer with an open order from the pool until it is delivered', async () => {
    await t.call('PUT', '/api/v1/settings/pool', { cookie: admin, body: { policy: { ...DEFAULT_POOL_POLICY, recallDays: { A: 30, B: 45, C: 60, unrated: null } }, version: 0 } });
    t.clock.set('2026-08-01T02:00:00.000Z');
    wei = await t.login('wei@pond.test');
    const p = await prospect(wei, '等車的客戶');
    const idle = await prospect(wei, '沒聯絡的客戶');
    const order = await draft(wei, p, { currency: 'TWD', lines: [{ productId: car, quantity: 1, unitMinor: 88800000 }] });
    const c = await t.call('POST', `/api/v1/orders/${order.id}/confirm`, { cookie: wei, body: { version: order.version, relationshipKept: true, nextContactOn: '2026-08-05' } });
    expect(c.statusCode, c.body).toBe(200);
    t.clock.set('2026-10-15T02:00:00.000Z');
    await t.app.services.pool.sweep({ system: true, label: 'Pond (pool.sweep:test)', job: 'pool.sweep:test' });
    const owners = async () => Object.fromEntries((await ctx.database.db.selectFrom('prospects').select(['id', 'owner_id']).where('id', 'in', [p, idle]).execute()).map((r) => [r.id, r.owner_id]));
    expect(await owners()).toEqual({ [p]: weiId, [idle]: null });
    wei = await t.login('wei@pond.test');
    const d = await t.call('POST', `/api/v1/orders/${order.id}/deliver`, { cookie: wei, body: { version: c.json().version } });
    expect(d.statusCode, d.body).toBe(200);
    expect((await stageOf(p)).open_orders).toBe(0);
    await t.app.services.pool.sweep({ system: true, label: 'Pond (pool.sweep:test2)', job: 'pool.sweep:test2' });
    expect((await owners())[p]).toBeNull();
    t.clock.set('2026-12-01T02:00:00.000Z');
    wei = await t.login('wei@pond.test');
  });

  it('moves the proposed after-sale call to a few days after the actual delivery, and leaves a chosen date alone', async () => {
    t.clock.set('2026-12-01T02:00:00.000Z');
    wei = await t.login('wei@pond.test');
    // Expected on the 10th, handed over on the 14th: the call moves from the 13th to the 17th.
    const late = await prospect(wei, '晚交車的客戶');
    const o1 = await draft(wei, late, { currency: 'TWD', deliveryOn: '2026-12-10', lines: [{ productId: car, quantity: 1, unitMinor: 88800000 }] });
    const c1 = (await t.call('POST', `/api/v1/orders/${o1.id}/confirm`, { cookie: wei, body: { version: o1.version, relationshipKept: true } })).json();
    expect((await stageOf(late)).next_due_on).toBe('2026-12-13');
    // A date the salesperson chose in the sheet stays where they put it.
    const chosen = await prospect(wei, '自己定回訪日的客戶');
    const o2 = await draft(wei, chosen, { currency: 'TWD', deliveryOn: '2026-12-10', lines: [{ productId: car, quantity: 1, unitMinor: 88800000 }] });
    const c2 = (await t.call('POST', `/api/v1/orders/${o2.id}/confirm`, { cookie: wei, body: { version: o2.version, relationshipKept: true, nextContactOn: '2026-12-20' } })).json();
    t.clock.set('2026-12-14T02:00:00.000Z');
    wei = await t.login('wei@pond.test');
    for (const [o, c] of [[o1, c1], [o2, c2]] as const) {
      const d = await t.call('POST', `/api/v1/orders/${o.id}/deliver`, { cookie: wei, body: { version: c.version } });
      expect(d.statusCode, d.body).toBe(200);
    }
    expect((await stageOf(late)).next_due_on).toBe('2026-12-17');
    expect((await stageOf(chosen)).next_due_on).toBe('2026-12-20');
    t.clock.set('2026-12-01T02:00:00.000Z');
    wei = await t.login('wei@pond.test');
  });

  it('refuses bad money and bad moves with a clear error and changes nothing', async () => {
    const p = await prospect(wei, '錢不對');
    const bad = async (body: object) => t.call('POST', `/api/v1/prospects/${p}/orders`, { cookie: wei, body });
    expect((await bad({ currency: 'TWD', lines: [{ description: 'x', quantity: 1, unitMinor: 100, discount: { kind: 'amount', minor: 101 } }] })).json().error.code).toBe('ORDER_DISCOUNT_TOO_LARGE');
    expect((await bad({ currency: 'TWD', lines: [{ description: 'x', quantity: 1, unitMinor: 12.5 }] })).statusCode).toBe(400);
    expect((await bad({ currency: 'XYZ', lines: [{ description: 'x', quantity: 1, unitMinor: 1 }] })).statusCode).toBe(400);
    expect((await bad({ currency: 'TWD', lines: [{ quantity: 1, unitMinor: 1 }] })).statusCode).toBe(400);
    expect((await bad({ currency: 'TWD', lines: [{ description: 'x', quantity: 100000, unitMinor: 1e15 }] })).json().error.code).toBe('ORDER_TOO_LARGE');
    const retired = (await t.call('POST', '/api/v1/products', { cookie: admin, body: { names: { en: 'Old model' }, category: 'vehicle', listPriceMinor: 1, currency: 'TWD', active: false } })).json().id;
    expect((await bad({ currency: 'TWD', lines: [{ productId: retired, quantity: 1, unitMinor: 1 }] })).json().error.code).toBe('ORDER_PRODUCT_UNAVAILABLE');
    expect(await ctx.database.db.selectFrom('orders').select('id').where('prospect_id', '=', p).execute()).toEqual([]);
    // No version: 428; a stale one: 412.
    const order = await draft(wei, p, { currency: 'TWD', lines: [{ description: 'x', quantity: 1, unitMinor: 1 }] });
    expect((await t.call('POST', `/api/v1/orders/${order.id}/confirm`, { cookie: wei, body: { relationshipKept: true } })).statusCode).toBe(428);
    expect((await t.call('POST', `/api/v1/orders/${order.id}/confirm`, { cookie: wei, body: { version: order.version + 5, relationshipKept: true } })).statusCode).toBe(412);
    // A draft cannot be delivered; a salesperson of the team who takes no part may not cancel it.
    expect((await t.call('POST', `/api/v1/orders/${order.id}/deliver`, { cookie: wei, body: { version: order.version } })).json().error.code).toBe('ORDER_WRONG_STATUS');
    expect((await t.call('POST', `/api/v1/orders/${order.id}/cancel`, { cookie: le, body: { version: order.version, reason: 'no' } })).statusCode).toBe(404);
    expect((await t.call('POST', `/api/v1/orders/${order.id}/cancel`, { cookie: boss, body: { version: order.version, reason: '重複建立' } })).statusCode).toBe(200);
  });

  it('keeps the orders of a merged record with the person, open ones and the stage included', async () => {
    const keep = await prospect(wei, '同一人甲');
    const gone = await prospect(wei, '同一人乙');
    const order = await draft(wei, gone, { currency: 'TWD', lines: [{ productId: mats, quantity: 1, unitMinor: 350000 }] });
    await t.call('POST', `/api/v1/orders/${order.id}/confirm`, { cookie: wei, body: { version: order.version, relationshipKept: true } });
    const version = (await ctx.database.db.selectFrom('prospects').select('version').where('id', '=', keep).executeTakeFirstOrThrow()).version;
    const merged = await t.call('POST', `/api/v1/prospects/${keep}/merge`, { cookie: wei, body: { fromId: gone, version } });
    expect(merged.statusCode, merged.body).toBe(200);
    expect(merged.json().prospect.stage).toBe('customer');
    expect(await stageOf(keep)).toMatchObject({ stage: 'customer', open_orders: 1 });
    const read = await t.call('GET', `/api/v1/orders/${order.id}`, { cookie: wei });
    expect(read.json().prospect.id).toBe(keep);
  });

  it('pages a prospect and a book newest first without repeats, and filters and totals them alike', async () => {
    const ming = await person(t, 'salesperson');
    const [a, b] = [await prospect(ming.cookie, '陳先生'), await prospect(ming.cookie, '林小姐')];
    const made: { id: number; version: number; prospect: number; at: string }[] = [];
    // Two orders filed in the same instant: the id breaks the tie, on every page boundary.
    for (const [p, at] of [[a, '2026-12-02T01:00:00.000Z'], [a, '2026-12-03T01:00:00.000Z'], [b, '2026-12-03T01:00:00.000Z'], [a, '2026-12-03T01:00:00.000Z'], [b, '2026-12-04T01:00:00.000Z'], [a, '2026-12-05T01:00:00.000Z']] as const) {
      t.clock.set(at);
      const body = p === b ? { currency: 'TWD', lines: [{ description: '保養', category: 'service', quantity: 1, unitMinor: 250000 }] } : undefined;
      const d = await draft(ming.cookie, p, body);
      made.push({ id: d.id, version: d.version, prospect: p, at });
    }
    const newest = [...made].sort((x, y) => (x.at === y.at ? y.id - x.id : x.at < y.at ? 1 : -1));
    const cancelled = made[1]!.id;
    const c = await t.call('POST', `/api/v1/orders/${cancelled}/cancel`, { cookie: ming.cookie, body: { version: made[1]!.version, reason: '客戶改期' } });
    expect(c.statusCode, c.body).toBe(200);
    type Page = { items: { id: number; status: string }[]; nextCursor: string | null; totals: { currency: string; orders: number; totalMinor: number }[] };
    const all = async (query: string, limit: number) => {
      const seen: number[] = [];
      let cursor: string | null = null;
      let first: Page | null = null;
      do {
        const res = await t.call('GET', `/api/v1/orders?${query}&limit=${limit}${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`, { cookie: ming.cookie });
        expect(res.statusCode, res.body).toBe(200);
        const page = res.json() as Page;
        first ??= page;
        seen.push(...page.items.map((i) => i.id));
        cursor = page.nextCursor;
      } while (cursor && seen.length <= made.length);
      return { ids: seen, totals: first!.totals };
    };
    const ids = (list: typeof made) => list.map((o) => o.id);
    for (const limit of [1, 2, 50]) {
      expect((await all(`prospectId=${a}`, limit)).ids).toEqual(ids(newest.filter((o) => o.prospect === a)));
      expect((await all(`ownerId=${ming.id}`, limit)).ids).toEqual(ids(newest));
      expect((await all(`prospectId=${a}&status=draft`, limit)).ids).toEqual(ids(newest.filter((o) => o.prospect === a && o.id !== cancelled)));
      expect((await all(`ownerId=${ming.id}&productId=${mats}`, limit)).ids).toEqual(ids(newest.filter((o) => o.prospect === a)));
      expect((await all(`prospectId=${b}&productId=${mats}`, limit)).ids).toEqual([]);
      // Local days in Taipei: 12-03 holds the three filed at 09:00 that day.
      expect((await all(`ownerId=${ming.id}&from=2026-12-03&to=2026-12-03`, limit)).ids).toEqual(ids(newest.filter((o) => o.at.startsWith('2026-12-03'))));
    }
    // Totals leave the cancelled order out, whether the page held every order (added up in memory) or not (asked of the database).
    const expected = [{ currency: 'TWD', orders: 5, totalMinor: 3 * 89359900 + 2 * 250000 }];
    expect((await all(`ownerId=${ming.id}`, 50)).totals).toMatchObject(expected);
    expect((await all(`ownerId=${ming.id}`, 2)).totals).toMatchObject(expected);
    expect((await all(`prospectId=${a}`, 50)).totals).toMatchObject([{ currency: 'TWD', orders: 3, totalMinor: 3 * 89359900 }]);
    expect((await all(`prospectId=${a}`, 1)).totals).toMatchObject([{ currency: 'TWD', orders: 3, totalMinor: 3 * 89359900 }]);
    expect((await all(`prospectId=${a}&status=cancelled`, 1)).totals).toMatchObject([{ currency: 'TWD', orders: 1, totalMinor: 89359900 }]);
    // Another salesperson's prospect lists nothing, with no totals.
    const res = await t.call('GET', `/api/v1/orders?prospectId=${a}`, { cookie: other });
    expect(res.statusCode).toBe(200);
    expect(res.json()).toMatchObject({ items: [], nextCursor: null, totals: [] });
  });

  it('exports the list as CSV with amounts in their own currency and formula cells neutralised', async () => {
    const p = await prospect(wei, '=HYPERLINK("http://x")');
    const order = await draft(wei, p, { currency: 'TWD', lines: [{ description: '+cmd', category: 'other', quantity: 3, unitMinor: 333, discount: { kind: 'percent', basisPoints: 500 } }] });
    const res = await t.call('GET', `/api/v1/orders/export?prospectId=${p}`, { cookie: wei });
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toContain('text/csv');
    const lines = res.body.replace(/^\uFEFF/, '').trim().split('\r\n');
    expect(lines).toHaveLength(2);
    expect(lines[1]).toContain(`${order.id},`);
    expect(lines[1]).toContain(`"'=HYPERLINK(""http://x"")"`);
    expect(lines[1]).toContain(',TWD,9.49,0.00,');
    expect(lines[1]).toContain("3 × +cmd");
    const audit = await ctx.database.db.selectFrom('audit_log').select('after_json').where('action', '=', 'orders.exported').orderBy('id', 'desc').executeTakeFirstOrThrow();
    expect(JSON.parse(audit.after_json!).rows).toBe(1);
  });
});
