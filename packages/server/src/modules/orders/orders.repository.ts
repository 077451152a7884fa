import { lockedForUpdate, type DB, type Executor, type OrderLinesTable, type OrdersTable, type ProspectsTable } from '@pond/db';
import type { OrderStatus, ProductCategory } from '@pond/domain';
import type { ExpressionBuilder, Insertable, Selectable, Updateable } from 'kysely';
import { visibleTo, type ProspectScope } from '../prospects/prospects.queries.js';

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

/** Orders and their lines. An order is seen exactly where its prospect is: every read joins the prospect's scope. */
export class OrdersRepository {
  private scoped(db: Executor, scope: ProspectScope) {
    return db
      .selectFrom('orders as o')
      .innerJoin('prospects as p', 'p.id', 'o.prospect_id')
      .where((eb) => visibleTo(scope)(eb as never))
      .select([...ORDER_COLUMNS, 'p.name as prospect_name', 'p.stage as prospect_stage', 'p.owner_id as prospect_owner_id', 'p.archived_at as prospect_archived_at']);
  }

  /**
   * Who may see an order, as a predicate on the order: its prospect's visibility. For a list's scope (owners and
   * linked ids) it reads the order's own copy of the prospect's owner, so a salesperson's orders come from one index
   * range; the scopes that look links up inside the query check the prospect row of each order.
   */
  private visible(eb: ExpressionBuilder<DB & { o: OrdersTable }, 'o'>, scope: ProspectScope) {
    if (scope.kind === 'all') return eb.lit(true);
    if (scope.kind === 'restricted' && scope.linkedTo === undefined && scope.formerOwner === undefined) {
      const terms = [];
      if (scope.ownerIds.length) terms.push(eb('o.prospect_owner_id', 'in', scope.ownerIds));
      if (scope.linkedIds.length) terms.push(eb('o.prospect_id', 'in', scope.linkedIds));
      return terms.length ? eb.or(terms) : eb.lit(false);
    }
    return eb.exists(
      eb
        .selectFrom('prospects as p')
        .select(eb.lit(1).as('one'))
        .whereRef('p.id', '=', 'o.prospect_id')
        .where((pb) => visibleTo(scope)(pb as never)),
    );
  }

  private filtered(db: Executor, scope: ProspectScope, f: OrderFilters) {
    let q = db.selectFrom('orders as o').where((eb) => this.visible(eb, scope));
    if (f.from) q = q.where('o.dated_at', '>=', f.from);
    if (f.to) q = q.where('o.dated_at', '<', f.to);
    if (f.ownerId !== undefined) q = q.where('o.owner_id', '=', f.ownerId);
    if (f.closedById !== undefined) q = q.where('o.closed_by_id', '=', f.closedById);
    if (f.status) q = q.where('o.status', '=', f.status);
    if (f.prospectId !== undefined) q = q.where('o.prospect_id', '=', f.prospectId);
    if (f.productId !== undefined) q = q.where((eb) => eb.exists(eb.selectFrom('order_lines as l').select('l.id').whereRef('l.order_id', '=', 'o.id').where('l.product_id', '=', f.productId!)));
    return q;
  }

  /**
   * Newest first, keyset-paginated by (dated_at, id). The page's ids come first, from the index alone; only those
   * rows are then read whole (sorting a salesperson's every order with all its columns cost three times as much).
   */
  async page(db: Executor, scope: ProspectScope, f: OrderFilters, limit: number, before?: { datedAt: string; id: number }): Promise<OrderRow[]> {
    let q = this.filtered(db, scope, f).select(['o.id', 'o.dated_at']).orderBy('o.dated_at', 'desc').orderBy('o.id', 'desc').limit(limit);
    if (before) q = q.where((eb) => eb.or([eb('o.dated_at', '<', before.datedAt), eb.and([eb('o.dated_at', '=', before.datedAt), eb('o.id', '<', before.id)])]));
    // One prospect's orders are few: read whole at once (the page-of-ids step pays off over a book's orders).
    if (f.prospectId !== undefined) return (await this.scoped(db, { kind: 'all' }).where('o.id', 'in', q.clearSelect().select('o.id')).orderBy('o.dated_at', 'desc').orderBy('o.id', 'desc').execute()) as OrderRow[];
    const ids = (await q.execute()).map((r) => r.id);
    if (!ids.length) return [];
    const rows = (await this.scoped(db, { kind: 'all' }).where('o.id', 'in', ids).execute()) as OrderRow[];
    const byId = new Map(rows.map((r) => [r.id, r]));
    return ids.flatMap((id) => byId.get(id) ?? []);
  }

  /** Totals of the filtered orders per currency; cancelled ones count only when asked for by status. */
  async totals(db: Executor, scope: ProspectScope, f: OrderFilters) {
    let q = this.filtered(db, scope, f);
    if (!f.status) q = q.where('o.status', '!=', 'cancelled');
    const rows = await q
      .select((eb) => ['o.currency', eb.fn.countAll<number>().as('n'), eb.fn.sum<number>('o.total_minor').as('total'), eb.fn.sum<number>('o.commission_minor').as('commission')])
      .groupBy('o.currency')
      .orderBy('o.currency')
      .execute();
    return rows.map((r) => ({ currency: r.currency, orders: Number(r.n), totalMinor: Number(r.total ?? 0), commissionMinor: Number(r.commission ?? 0) }));
  }

  async find(db: Executor, scope: ProspectScope, id: number): Promise<OrderRow | undefined> {
    return (await this.scoped(db, scope).where('o.id', '=', id).executeTakeFirst()) as OrderRow | undefined;
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
    const rows = await db
      .selectFrom('order_lines as l')
      .leftJoin('products as pr', 'pr.id', 'l.product_id')
      .selectAll('l')
      .select('pr.names_json as product_names_json')
      .where('l.order_id', 'in', orderIds)
      .orderBy('l.order_id')
      .orderBy('l.position')
      .execute();
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
