import { lockedForUpdate, prepared, type DB, type Executor, type OrderLinesTable, type OrdersTable, type ProspectsTable } from '@pond/db';
import type { OrderStatus, ProductCategory } from '@pond/domain';
import type { Expression, ExpressionBuilder, Insertable, Selectable, SqlBool, Updateable } from 'kysely';
import { scopeShape, visibleTo, type ProspectScope } from '../prospects/prospects.queries.js';

export type OrderRow = Selectable<OrdersTable> & { prospect_name: string; prospect_stage: 'prospect' | 'customer' | 'repeat_customer'; prospect_owner_id: number | null; prospect_archived_at: string | null };
export type OrderLineRow = Selectable<OrderLinesTable> & { product_names_json: string | null };

export interface OrderFilters {
  /** Filed in the period: [from, to) as instants. */
  from?: string;
  to?: string;
  ownerId?: number;
  closedById?: number;
  status?: OrderStatus;
  productId?: number;
  prospectId?: number;
}

const ORDER_COLUMNS = ['o.id', 'o.prospect_id', 'o.owner_id', 'o.closed_by_id', 'o.on_behalf', 'o.status', 'o.currency', 'o.total_minor', 'o.commission_minor', 'o.lines_without_commission', 'o.delivery_on', 'o.note', 'o.lessons', 'o.relationship_kept', 'o.touch_id', 'o.stage_before', 'o.dated_at', 'o.confirmed_at', 'o.delivered_at', 'o.cancelled_at', 'o.cancel_reason', 'o.created_by_id', 'o.version', 'o.created_at', 'o.updated_at'] as const;

type DBP = DB & { p: ProspectsTable };
type O = ExpressionBuilder<DB & { o: OrdersTable }, 'o'>;

/** A keyset position in the newest-first order: orders filed before it. */
type Before = { datedAt: string; id: number };

/** The orders with their prospect's name, stage and owner, where the scope (its form; `values` for a prepared query) lets the actor see the prospect. */
function scopedOrders(db: Executor, scope: ProspectScope, values: ProspectScope = scope) {
  return db
    .selectFrom('orders as o')
    .innerJoin('prospects as p', 'p.id', 'o.prospect_id')
    .where((eb) => visibleTo(scope, values)(eb as never))
    .select([...ORDER_COLUMNS, 'p.name as prospect_name', 'p.stage as prospect_stage', 'p.owner_id as prospect_owner_id', 'p.archived_at as prospect_archived_at']);
}

/** The list's filters, and the keyset position when given, as one predicate on the order. */
function filteredBy(f: OrderFilters, before?: Before) {
  return (eb: O) => {
    const terms: Expression<SqlBool>[] = [];
    if (f.from !== undefined) terms.push(eb('o.dated_at', '>=', f.from));
    if (f.to !== undefined) terms.push(eb('o.dated_at', '<', f.to));
    if (f.ownerId !== undefined) terms.push(eb('o.owner_id', '=', f.ownerId));
    if (f.closedById !== undefined) terms.push(eb('o.closed_by_id', '=', f.closedById));
    if (f.status !== undefined) terms.push(eb('o.status', '=', f.status));
    if (f.prospectId !== undefined) terms.push(eb('o.prospect_id', '=', f.prospectId));
    const productId = f.productId;
    if (productId !== undefined) terms.push(eb.exists(eb.selectFrom('order_lines as l').select('l.id').whereRef('l.order_id', '=', 'o.id').where('l.product_id', '=', productId)));
    if (before) terms.push(eb.or([eb('o.dated_at', '<', before.datedAt), eb.and([eb('o.dated_at', '=', before.datedAt), eb('o.id', '<', before.id)])]));
    return eb.and(terms);
  };
}

/**
 * Who may see an order, as a predicate on the order: its prospect's visibility (its form from `scope`, its values from
 * `values`, the placeholders of a prepared query). For a list's scope (owners and linked ids) it reads the order's own
 * copy of the prospect's owner, so a salesperson's orders come from one index range; the scopes that look links up
 * inside the query check the prospect row of each order.
 */
function visibleOrders(eb: O, scope: ProspectScope, values: ProspectScope = scope) {
  if (scope.kind === 'all' || values.kind === 'all') return eb.lit(true);
  // (`values.kind` is a placeholder in a prepared query, never equal to a kind: the checks on it only narrow its type.)
  if (scope.kind === 'restricted' && values.kind !== 'pool' && scope.linkedTo === undefined && scope.formerOwner === undefined) {
    const terms = [];
    if (scope.ownerIds.length) terms.push(eb('o.prospect_owner_id', 'in', values.ownerIds));
    if (scope.linkedIds.length) terms.push(eb('o.prospect_id', 'in', values.linkedIds));
    return terms.length ? eb.or(terms) : eb.lit(false);
  }
  return eb.exists(
    eb
      .selectFrom('prospects as p')
      .select(eb.lit(1).as('one'))
      .whereRef('p.id', '=', 'o.prospect_id')
      .where((pb) => visibleTo(scope, values)(pb as never)),
  );
}

type ListArgs = { scope: ProspectScope; filters: OrderFilters; before?: Before };

/** The orders the scope sees that pass the filters (and come after the keyset position, when given). */
function filteredOrders(db: Executor, p: ListArgs, args: ListArgs) {
  return db
    .selectFrom('orders as o')
    .where((eb) => visibleOrders(eb, args.scope, p.scope))
    .where(filteredBy(p.filters, p.before));
}

/** A page of the list: ids only, newest first, from the index alone. */
const pageIdsQuery = prepared(
  (db, p: ListArgs & { limit: number }, args) => filteredOrders(db, p, args).select(['o.id', 'o.dated_at']).orderBy('o.dated_at', 'desc').orderBy('o.id', 'desc').limit(p.limit),
  scopeShape,
);

/** The given orders read whole (their visibility already checked by the page that chose them). */
const ordersByIdQuery = prepared((db, p: { ids: number[] }) => scopedOrders(db, { kind: 'all' }).where('o.id', 'in', p.ids));

/** Totals per currency of the orders the list's filters keep; cancelled ones count only when asked for by status. */
const totalsQuery = prepared(
  (db, p: ListArgs, args) => {
    let q = filteredOrders(db, p, args);
    if (args.filters.status === undefined) q = q.where('o.status', '!=', 'cancelled');
    return q
      .select((eb) => ['o.currency', eb.fn.countAll<number>().as('n'), eb.fn.sum<number>('o.total_minor').as('total'), eb.fn.sum<number>('o.commission_minor').as('commission')])
      .groupBy('o.currency')
      .orderBy('o.currency');
  },
  scopeShape,
);

/** One order, where the scope lets the actor see its prospect. */
const orderQuery = prepared((db, p: { scope: ProspectScope; id: number }, args) => scopedOrders(db, args.scope, p.scope).where('o.id', '=', p.id), scopeShape);

/**
 * One prospect's orders, newest first, read whole in one statement: they are few, and the prospect's own row
 * carries its visibility. Prepared: a prospect's page asks this on every visit.
 */
const prospectOrdersQuery = prepared(
  (db, p: { scope: ProspectScope; filters: OrderFilters; limit: number; before?: Before }, args) =>
    scopedOrders(db, args.scope, p.scope)
      .where((eb) => filteredBy(p.filters, p.before)(eb as never))
      .orderBy('o.dated_at', 'desc')
      .orderBy('o.id', 'desc')
      .limit(p.limit),
  scopeShape,
);

/** The lines of the given orders with their products' names, in each order's own order. */
const linesQuery = prepared((db, p: { ids: number[] }) =>
  db
    .selectFrom('order_lines as l')
    .leftJoin('products as pr', 'pr.id', 'l.product_id')
    .selectAll('l')
    .select('pr.names_json as product_names_json')
    .where('l.order_id', 'in', p.ids)
    .orderBy('l.order_id')
    .orderBy('l.position'),
);

/** Orders and their lines. An order is seen exactly where its prospect is: every read joins the prospect's scope. */
export class OrdersRepository {

  /**
   * Newest first, keyset-paginated by (dated_at, id). The page's ids come first, from the index alone; only those
   * rows are then read whole (sorting a salesperson's every order with all its columns cost three times as much).
   */
  async page(db: Executor, scope: ProspectScope, f: OrderFilters, limit: number, before?: Before): Promise<OrderRow[]> {
    const args = { scope, filters: f, limit, ...(before && { before }) };
    // One prospect's orders are few: read whole at once (the page-of-ids step pays off over a book's orders).
    if (f.prospectId !== undefined) return (await prospectOrdersQuery.all(db, args)) as OrderRow[];
    const ids = (await pageIdsQuery.all(db, args)).map((r) => r.id);
    if (!ids.length) return [];
    const rows = (await ordersByIdQuery.all(db, { ids })) as OrderRow[];
    const byId = new Map(rows.map((r) => [r.id, r]));
    return ids.flatMap((id) => byId.get(id) ?? []);
  }

  /** Totals of the filtered orders per currency; cancelled ones count only when asked for by status. */
  async totals(db: Executor, scope: ProspectScope, f: OrderFilters) {
    const rows = await totalsQuery.all(db, { scope, filters: f });
    return rows.map((r) => ({ currency: r.currency, orders: Number(r.n), totalMinor: Number(r.total ?? 0), commissionMinor: Number(r.commission ?? 0) }));
  }

  async find(db: Executor, scope: ProspectScope, id: number): Promise<OrderRow | undefined> {
    return (await orderQuery.first(db, { scope, id })) as OrderRow | undefined;
  }

  /** Whose order it is, before anything is locked: the prospect's lock is taken first on every path. */
  async prospectOf(db: Executor, id: number): Promise<number | undefined> {
    return (await db.selectFrom('orders').select('prospect_id').where('id', '=', id).executeTakeFirst())?.prospect_id;
  }

  /** The order row locked until the transaction ends (read-modify-write of its status and lines). */
  async lock(db: Executor, id: number): Promise<Selectable<OrdersTable> | undefined> {
    return lockedForUpdate(db, db.selectFrom('orders as o').selectAll('o').where('o.id', '=', id), 'o').executeTakeFirst();
  }

  async lines(db: Executor, orderIds: number[]): Promise<Map<number, OrderLineRow[]>> {
    const out = new Map<number, OrderLineRow[]>();
    if (!orderIds.length) return out;
    const rows = await linesQuery.all(db, { ids: orderIds });
    for (const r of rows) {
      const list = out.get(r.order_id) ?? [];
      list.push(r);
      out.set(r.order_id, list);
    }
    return out;
  }

  async insert(db: Executor, row: Insertable<OrdersTable>): Promise<number> {
    return (await db.insertInto('orders').values(row).returning('id').executeTakeFirstOrThrow()).id;
  }

  async replaceLines(db: Executor, orderId: number, lines: Omit<Insertable<OrderLinesTable>, 'order_id' | 'position'>[]): Promise<void> {
    await db.deleteFrom('order_lines').where('order_id', '=', orderId).execute();
    if (lines.length) await db.insertInto('order_lines').values(lines.map((l, position) => ({ ...l, order_id: orderId, position }))).execute();
  }

  async freezeLine(db: Executor, id: number, commission: number | null, ruleId: number | null): Promise<void> {
    await db.updateTable('order_lines').set({ commission_minor: commission, commission_rule_id: ruleId }).where('id', '=', id).execute();
  }

  /** One conditional statement: the update happens only on the version read (and, when given, the status it had). */
  async update(db: Executor, id: number, patch: Updateable<OrdersTable>, expected: { version: number; status?: OrderStatus }): Promise<boolean> {
    let q = db
      .updateTable('orders')
      .set({ ...patch, version: expected.version + 1 })
      .where('id', '=', id)
      .where('version', '=', expected.version);
    if (expected.status) q = q.where('status', '=', expected.status);
    const r = await q.executeTakeFirst();
    return Number(r.numUpdatedRows) > 0;
  }

  /**
   * What the stage counts: the prospect's live orders (confirmed or delivered), and the stage it had before its first
   * sale ever (the earliest order confirmed, cancelled since or not: later orders' "before" already holds its step).
   */
  async stageBasis(db: Executor, prospectId: number): Promise<{ live: number; firstStageBefore: string | null }> {
    const rows = await db
      .selectFrom('orders')
      .select(['status', 'stage_before'])
      .where('prospect_id', '=', prospectId)
      .where('confirmed_at', 'is not', null)
      .orderBy('confirmed_at')
      .orderBy('id')
      .execute();
    return { live: rows.filter((r) => r.status === 'confirmed' || r.status === 'delivered').length, firstStageBefore: rows[0]?.stage_before ?? null };
  }

  /** The touch a confirmation logged: when, and the next contact it set. */
  async saleTouch(db: Executor, touchId: number): Promise<{ at: string; next_contact_on: string | null } | undefined> {
    return db.selectFrom('touches').select(['at', 'next_contact_on']).where('id', '=', touchId).executeTakeFirst();
  }

  /** Products named on these ids, with their categories, for pricing a draft. */
  async productsByIds(db: Executor, ids: number[]) {
    if (!ids.length) return new Map<number, { id: number; category: ProductCategory; active: boolean; names_json: string }>();
    const rows = await db.selectFrom('products').select(['id', 'category', 'active', 'names_json']).where('id', 'in', ids).execute();
    return new Map(rows.map((r) => [r.id, { ...r, active: Boolean(r.active) }]));
  }
}

export type { DBP };
