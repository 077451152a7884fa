import type { Driver } from '../lib/driver.js';
import { Rng } from '../lib/rng.js';
import { visibleOne } from './prospect-sql.js';
import { defineScenario, type BenchContext, type OpParams } from './types.js';

/*
 * Orders at the book's scale: ~0.2 per prospect (200,000 at scale 1), each of two or three lines, seeded into the
 * dataset by the first run that needs them (and kept, like the rest of the dataset). The confirmations draw on
 * drafts seeded for each run: a draft is confirmed once.
 */

const ORDERS_PER_PROSPECT = 0.2;
const DRAFTS_PER_USER = 200;
const ORDER_COLUMNS = `o.id, o.prospect_id, o.owner_id, o.closed_by_id, o.on_behalf, o.status, o.currency, o.total_minor, o.commission_minor,
  o.lines_without_commission, o.delivery_on, o.note, o.lessons, o.relationship_kept, o.touch_id, o.stage_before, o.dated_at, o.confirmed_at,
  o.delivered_at, o.cancelled_at, o.cancel_reason, o.created_by_id, o.version, o.created_at, o.updated_at, p.name, p.stage, p.owner_id, p.archived_at`;

const marks = (n: number) => Array.from({ length: n }, () => '?').join(', ');

async function count(driver: Driver, sql: string, params: unknown[] = []): Promise<number> {
  return Number((await driver.all<{ n: number }>(sql, params))[0]?.n ?? 0);
}

/** Products and rules for the seeded orders; made once. */
async function catalogue(driver: Driver): Promise<number[]> {
  const have = await driver.all<{ id: number }>('select id from products order by id');
  if (have.length >= 3) return have.slice(0, 3).map((r) => Number(r.id));
  const now = new Date().toISOString();
  const yes = driver.dialect === 'sqlite' ? 1 : true;
  for (const [name, category, price] of [['Sedan', 'vehicle', 88_800_000], ['Floor mats', 'part', 350_000], ['Window film', 'accessory', 1_200_000]] as const) {
    await driver.run('insert into products (names_json, sort_name, category, list_price_minor, currency, active, version, created_at, updated_at) values (?, ?, ?, ?, ?, ?, 1, ?, ?)', [
      JSON.stringify({ en: name }), name, category, price, 'TWD', yes, now, now,
    ]);
  }
  for (const [category, bp] of [['vehicle', 150], ['part', 500], ['accessory', 1000]] as const) {
    await driver.run("insert into commission_rules (category, kind, basis_points, effective_on, created_at) values (?, 'percent', ?, '2020-01-01', ?)", [category, bp, now]);
  }
  return (await driver.all<{ id: number }>('select id from products order by id limit 3')).map((r) => Number(r.id));
}

interface NewOrder {
  prospectId: number;
  ownerId: number;
  status: 'draft' | 'confirmed' | 'delivered' | 'cancelled';
  at: string;
}

/** Inserts orders with their lines, 500 a statement, in one transaction. */
async function insertOrders(driver: Driver, products: number[], orders: NewOrder[], rng: Rng): Promise<number[]> {
  const bool = (b: boolean) => (driver.dialect === 'sqlite' ? (b ? 1 : 0) : b);
  const ids: number[] = [];
  await driver.transaction(async (tx) => {
    for (let i = 0; i < orders.length; i += 500) {
      const batch = orders.slice(i, i + 500);
      const values: unknown[] = [];
      for (const o of batch) {
        const confirmed = o.status !== 'draft';
        values.push(o.prospectId, o.ownerId, o.ownerId, confirmed ? o.ownerId : null, bool(false), o.status, 'TWD', 89_270_000, 1_392_000, 0, confirmed ? 'prospect' : null, o.at, confirmed ? o.at : null, o.status === 'delivered' ? o.at : null, o.status === 'cancelled' ? o.at : null, o.status === 'cancelled' ? 'bench' : null, o.ownerId, o.at, o.at);
      }
      const rows = await tx.all<{ id: number }>(
        `insert into orders (prospect_id, prospect_owner_id, owner_id, closed_by_id, on_behalf, status, currency, total_minor, commission_minor, lines_without_commission,
           stage_before, dated_at, confirmed_at, delivered_at, cancelled_at, cancel_reason, created_by_id, created_at, updated_at)
         values ${batch.map(() => `(${marks(19)})`).join(', ')} returning id`,
        values,
      );
      const orderIds = rows.map((r) => Number(r.id));
      ids.push(...orderIds);
      const lines: unknown[] = [];
      let n = 0;
      for (const id of orderIds) {
        const parts = rng.int(2, 3);
        for (let k = 0; k < parts; k++) {
          const [price, category] = k === 0 ? [88_800_000, 'vehicle'] : k === 1 ? [350_000, 'part'] : [120_000, 'accessory'];
          lines.push(id, k, products[k]!, category, 1, price, price, Math.round((price * [150, 500, 1000][k]!) / 10_000));
          n++;
        }
      }
      for (let k = 0; k < n; k += 400) {
        const chunk = lines.slice(k * 8, (k + 400) * 8);
        await tx.run(
          `insert into order_lines (order_id, position, product_id, category, quantity, unit_minor, amount_minor, commission_minor) values ${Array.from({ length: chunk.length / 8 }, () => `(${marks(8)})`).join(', ')}`,
          chunk,
        );
      }
    }
  });
  return ids;
}

/** The book's orders, seeded once per dataset: owned prospects drawn at random, dated over the two years before today. */
async function ensureOrders(ctx: BenchContext): Promise<void> {
  const { driver } = ctx;
  const products = await catalogue(driver);
  const prospects = await count(driver, 'select count(*) as n from prospects');
  const want = Math.round(prospects * ORDERS_PER_PROSPECT);
  const have = await count(driver, 'select count(*) as n from orders');
  if (have >= want * 0.99) return;
  const rng = new Rng(2026_1205);
  const owned = await driver.all<{ id: number; owner_id: number }>('select id, owner_id from prospects where owner_id is not null');
  const today = Date.parse(`${ctx.today}T12:00:00+08:00`);
  const orders: NewOrder[] = [];
  for (let i = have; i < want; i++) {
    const p = owned[rng.int(0, owned.length - 1)]!;
    const roll = rng.next();
    orders.push({
      prospectId: Number(p.id),
      ownerId: Number(p.owner_id),
      status: roll < 0.7 ? 'delivered' : roll < 0.8 ? 'confirmed' : roll < 0.9 ? 'cancelled' : 'draft',
      at: new Date(today - rng.int(1, 730) * 86_400_000 - rng.int(0, 36_000_000)).toISOString(),
    });
  }
  const t0 = performance.now();
  await insertOrders(driver, products, orders, rng);
  await driver.run(driver.dialect === 'sqlite' ? 'analyze' : 'analyze orders');
  if (driver.dialect === 'postgres') await driver.run('analyze order_lines');
  console.log(`${new Date().toISOString().slice(11, 19)} seeded ${orders.length.toLocaleString('en')} orders in ${((performance.now() - t0) / 1000).toFixed(1)} s`);
}

interface ListParams extends OpParams {
  userId: number;
  prospectId: number | null;
}

/** The SQL behind GET /api/v1/orders?prospectId: that prospect's orders in one join under its visibility, their lines, the people named. */
async function prospectOrdersSql(driver: Driver, a: ListParams): Promise<unknown> {
  const one = visibleOne(a.userId);
  const rows = await driver.all<{ id: number; status: string; currency: string; total_minor: number; commission_minor: number }>(
    `select ${ORDER_COLUMNS} from orders o join prospects p on p.id = o.prospect_id where o.prospect_id = ? and ${one.where} order by o.dated_at desc, o.id desc limit 51`,
    [a.prospectId, ...one.params],
  );
  // As Pond: a first page that holds every order is its own total; a longer history asks the database.
  const totals =
    rows.length <= 50
      ? rows.filter((r) => r.status !== 'cancelled').reduce((m, r) => m.set(r.currency, (m.get(r.currency) ?? 0) + Number(r.total_minor)), new Map<string, number>())
      : await driver.all(
          `select o.currency, count(*) as n, sum(o.total_minor) as total, sum(o.commission_minor) as commission from orders o join prospects p on p.id = o.prospect_id
            where o.prospect_id = ? and ${one.where} and o.status <> 'cancelled' group by o.currency order by o.currency`,
          [a.prospectId, ...one.params],
        );
  return { rows, totals: totals instanceof Map ? [...totals] : totals, ...(await linesAndNames(driver, a, rows.slice(0, 50).map((r) => Number(r.id)))) };
}

/** The page's lines with their products' names, and the people the page names. */
async function linesAndNames(driver: Driver, a: ListParams, ids: number[]): Promise<{ lines: unknown[]; names: unknown[] }> {
  const [lines, names] = await Promise.all([
    ids.length ? driver.all(`select l.*, pr.names_json from order_lines l left join products pr on pr.id = l.product_id where l.order_id in (${marks(ids.length)}) order by l.order_id, l.position`, ids) : [],
    driver.all('select id, display_name from users where id in (?)', [a.userId]),
  ]);
  return { lines, names };
}

/** The SQL behind GET /api/v1/orders: the page of visible orders, their totals per currency, their lines, the people named. */
async function ordersSql(driver: Driver, a: ListParams): Promise<unknown> {
  // As Pond: a salesperson's list reads the orders' own copy of the prospect's owner (and the linked ids).
  const links = (await driver.all<{ prospect_id: number }>('select prospect_id from prospect_colleagues where user_id = ?', [a.userId])).map((r) => Number(r.prospect_id));
  const where = links.length ? `(o.prospect_owner_id in (?) or o.prospect_id in (${marks(links.length)}))` : 'o.prospect_owner_id in (?)';
  const params = [a.userId, ...links];
  const [page, totals] = await Promise.all([
    driver.all<{ id: number }>(`select o.id, o.dated_at from orders o where ${where} order by o.dated_at desc, o.id desc limit 51`, params),
    driver.all(
      `select o.currency, count(*) as n, sum(o.total_minor) as total, sum(o.commission_minor) as commission from orders o
        where ${where} and o.status <> 'cancelled' group by o.currency order by o.currency`,
      params,
    ),
  ]);
  const pageIds = page.map((r) => Number(r.id));
  const rows = pageIds.length ? await driver.all<{ id: number }>(`select ${ORDER_COLUMNS} from orders o join prospects p on p.id = o.prospect_id where o.id in (${marks(pageIds.length)})`, pageIds) : [];
  return { rows, totals, ...(await linesAndNames(driver, a, rows.slice(0, 50).map((r) => Number(r.id)))) };
}

const prospectsWithOrders = new Map<number, number[]>();

export const ordersList = defineScenario<ListParams>({
  name: 'orders',
  kind: 'http',
  measures: "the first page of the salesperson's orders (those of the prospects they see), with totals per currency",
  async setup(ctx) {
    await ensureOrders(ctx);
    for (const user of ctx.users) {
      const rows = await ctx.driver.all<{ prospect_id: number }>('select distinct o.prospect_id from orders o join prospects p on p.id = o.prospect_id where p.owner_id = ? limit 200', [user.id]);
      prospectsWithOrders.set(user.id, rows.map((r) => Number(r.prospect_id)));
    }
    ctx.available.set('orders', true);
    ctx.available.set('prospect-orders', true);
  },
  pick(ctx, rng) {
    const u = rng.int(0, ctx.users.length - 1);
    return { u, userId: ctx.users[u]!.id, prospectId: null };
  },
  request: () => ({ method: 'GET', path: '/api/v1/orders?limit=50' }),
  baseline: ordersSql,
});

export const prospectOrders = defineScenario<ListParams>({
  name: 'prospect-orders',
  kind: 'http',
  measures: "a prospect's orders, as its page shows them beside the detail (a prospect of the salesperson's with orders)",
  pick(ctx, rng) {
    const u = rng.int(0, ctx.users.length - 1);
    const user = ctx.users[u]!;
    const list = prospectsWithOrders.get(user.id) ?? [];
    return { u, userId: user.id, prospectId: list.length ? list[rng.int(0, list.length - 1)]! : (user.owned[0] ?? 0) };
  },
  request: (_ctx, p) => ({ method: 'GET', path: `/api/v1/orders?prospectId=${p.prospectId}&limit=50` }),
  baseline: prospectOrdersSql,
});

interface ConfirmParams extends OpParams {
  orderId: number;
}

const drafts: Array<{ u: number; orderId: number }> = [];

export const confirmOrder = defineScenario<ConfirmParams>({
  name: 'confirm-order',
  kind: 'http',
  writes: true,
  measures: 'closing a sale: a draft of three lines confirmed with its three gains (prices, freezes the commission, logs the sale as a touch, moves the stage)',
  async setup(ctx) {
    if (!ctx.selected?.has('confirm-order')) return;
    const products = await catalogue(ctx.driver);
    const now = new Date().toISOString();
    const rng = new Rng(7);
    const orders: NewOrder[] = [];
    const owners: number[] = [];
    ctx.users.forEach((user, u) => {
      for (let i = 0; i < DRAFTS_PER_USER && user.owned.length; i++) {
        orders.push({ prospectId: user.owned[i % user.owned.length]!, ownerId: user.id, status: 'draft', at: now });
        owners.push(u);
      }
    });
    const ids = await insertOrders(ctx.driver, products, orders, rng);
    // Interleave the users, so that consecutive confirmations are of different salespeople's prospects.
    const perUser = new Map<number, number[]>();
    ids.forEach((id, i) => perUser.set(owners[i]!, [...(perUser.get(owners[i]!) ?? []), id]));
    for (let round = 0; round < DRAFTS_PER_USER; round++) for (const [u, list] of perUser) if (list[round] !== undefined) drafts.push({ u, orderId: list[round]! });
    ctx.available.set('confirm-order', true);
    console.log(`${new Date().toISOString().slice(11, 19)} seeded ${drafts.length.toLocaleString('en')} drafts to confirm`);
  },
  pick() {
    const next = drafts.shift();
    return next ? { u: next.u, orderId: next.orderId } : { u: 0, orderId: 0 };
  },
  request: (_ctx, p) => ({ method: 'POST', path: `/api/v1/orders/${p.orderId}/confirm`, body: { version: 1, relationshipKept: true, lessons: 'bench' } }),
  baseline: null,
});
