import { sql, type Kysely } from 'kysely';
import { columnTypes } from './column-types.js';

/**
 * Products, commission rules and orders (成交). Amounts are integers of the currency's minor unit beside an ISO 4217
 * code. Commission rules are rows with the day they took effect, never edited, so an order keeps the rule it was
 * confirmed under; the confirmed amounts and commission are frozen on the order and its lines. `open_orders` on the
 * prospect counts its confirmed, undelivered orders: the pool's recall leaves such a customer alone.
 */
export async function up(db: Kysely<any>): Promise<void> {
  const t = columnTypes(db);
  const money = t.sqlite ? ('integer' as const) : ('bigint' as const);
  await db.schema
    .createTable('products')
    .addColumn('id', t.idType, t.id)
    .addColumn('names_json', 'text', (c) => c.notNull())
    .addColumn('sort_name', 'text', (c) => c.notNull())
    .addColumn('category', 'text', (c) => c.notNull().check(sql`category in ('vehicle', 'part', 'accessory', 'service', 'other')`))
    .addColumn('list_price_minor', money, (c) => c.notNull())
    .addColumn('currency', 'text', (c) => c.notNull())
    .addColumn('active', t.bool, (c) => c.notNull().defaultTo(t.trueValue))
    .addColumn('version', 'integer', (c) => c.notNull().defaultTo(1))
    .addColumn('created_at', t.timestamp, (c) => c.notNull())
    .addColumn('updated_at', t.timestamp, (c) => c.notNull())
    .execute();
  await db.schema.createIndex('products_active_name').on('products').columns(['active', 'sort_name']).execute();

  await db.schema
    .createTable('commission_rules')
    .addColumn('id', t.idType, t.id)
    .addColumn('category', 'text', (c) => c.notNull())
    .addColumn('kind', 'text', (c) => c.notNull().check(sql`kind in ('percent', 'fixed')`))
    .addColumn('basis_points', 'integer')
    .addColumn('fixed_minor', money)
    .addColumn('currency', 'text')
    .addColumn('effective_on', t.date, (c) => c.notNull())
    .addColumn('created_by_id', t.refType, (c) => c.references('users.id'))
    .addColumn('created_at', t.timestamp, (c) => c.notNull())
    .execute();
  await db.schema.createIndex('commission_rules_category').on('commission_rules').columns(['category', 'effective_on']).execute();

  await db.schema
    .createTable('orders')
    .addColumn('id', t.idType, t.id)
    .addColumn('prospect_id', t.refType, (c) => c.notNull().references('prospects.id').onDelete('cascade'))
    // The prospect's owner now, kept equal to prospects.owner_id by the trigger below: who may see an order is who may
    // see its prospect, and this lets a salesperson's orders be read from one index instead of through every prospect.
    .addColumn('prospect_owner_id', t.refType)
    // The prospect's owner when the sale closed (kept as it was); who closed it, on the company's behalf or not.
    .addColumn('owner_id', t.refType, (c) => c.references('users.id'))
    .addColumn('closed_by_id', t.refType, (c) => c.references('users.id'))
    .addColumn('on_behalf', t.bool, (c) => c.notNull().defaultTo(t.falseValue))
    .addColumn('status', 'text', (c) => c.notNull().check(sql`status in ('draft', 'confirmed', 'delivered', 'cancelled')`))
    .addColumn('currency', 'text', (c) => c.notNull())
    .addColumn('total_minor', money, (c) => c.notNull())
    .addColumn('commission_minor', money, (c) => c.notNull())
    .addColumn('lines_without_commission', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('delivery_on', t.date)
    .addColumn('note', 'text')
    // The three gains, written by the sheet that confirms it: the lessons, the relationship, the touch it logged.
    .addColumn('lessons', 'text')
    .addColumn('relationship_kept', t.bool)
    .addColumn('touch_id', t.refType, (c) => c.references('touches.id').onDelete('set null'))
    .addColumn('stage_before', 'text')
    // The day that files it in a period: when it was confirmed, or made while a draft.
    .addColumn('dated_at', t.timestamp, (c) => c.notNull())
    .addColumn('confirmed_at', t.timestamp)
    .addColumn('delivered_at', t.timestamp)
    .addColumn('cancelled_at', t.timestamp)
    .addColumn('cancel_reason', 'text')
    .addColumn('created_by_id', t.refType, (c) => c.references('users.id'))
    .addColumn('version', 'integer', (c) => c.notNull().defaultTo(1))
    .addColumn('created_at', t.timestamp, (c) => c.notNull())
    .addColumn('updated_at', t.timestamp, (c) => c.notNull())
    .execute();
  // A prospect's orders by date, carrying what the totals add up: the list finds its page and its totals per
  // currency in this index alone, without reading the orders of the salesperson's whole book.
  await db.schema.createIndex('orders_prospect').on('orders').columns(['prospect_id', 'dated_at', 'status', 'currency', 'total_minor', 'commission_minor']).execute();
  await db.schema.createIndex('orders_dated').on('orders').columns(['dated_at', 'id']).execute();
  await db.schema.createIndex('orders_owner').on('orders').columns(['owner_id', 'dated_at']).execute();
  await db.schema.createIndex('orders_visible').on('orders').columns(['prospect_owner_id', 'dated_at', 'status', 'currency', 'total_minor', 'commission_minor']).execute();
  await db.schema.createIndex('orders_closed_by').on('orders').columns(['closed_by_id', 'dated_at']).execute();

  await db.schema
    .createTable('order_lines')
    .addColumn('id', t.idType, t.id)
    .addColumn('order_id', t.refType, (c) => c.notNull().references('orders.id').onDelete('cascade'))
    .addColumn('position', 'integer', (c) => c.notNull())
    .addColumn('product_id', t.refType, (c) => c.references('products.id'))
    .addColumn('description', 'text')
    .addColumn('category', 'text', (c) => c.notNull())
    .addColumn('quantity', 'integer', (c) => c.notNull())
    .addColumn('unit_minor', money, (c) => c.notNull())
    .addColumn('discount_kind', 'text')
    .addColumn('discount_value', money)
    .addColumn('amount_minor', money, (c) => c.notNull())
    .addColumn('commission_minor', money)
    .addColumn('commission_rule_id', t.refType, (c) => c.references('commission_rules.id'))
    .execute();
  await db.schema.createIndex('order_lines_order').on('order_lines').columns(['order_id', 'position']).execute();
  await db.schema.createIndex('order_lines_product').on('order_lines').columns(['product_id', 'order_id']).execute();

  await db.schema.alterTable('prospects').addColumn('open_orders', 'integer', (c) => c.notNull().defaultTo(0)).execute();

  // Whatever moves a prospect (a claim, a recall, a bulk change, an edit), its orders follow, in the same statement.
  if (t.sqlite) {
    await sql`create trigger orders_follow_owner after update of owner_id on prospects for each row when old.owner_id is not new.owner_id
      begin update orders set prospect_owner_id = new.owner_id where prospect_id = new.id; end`.execute(db);
  } else {
    await sql`create function orders_follow_owner() returns trigger language plpgsql as $$
      begin update orders set prospect_owner_id = new.owner_id where prospect_id = new.id; return null; end $$`.execute(db);
    await sql`create trigger orders_follow_owner after update of owner_id on prospects for each row
      when (old.owner_id is distinct from new.owner_id) execute function orders_follow_owner()`.execute(db);
  }
}

export async function down(db: Kysely<any>): Promise<void> {
  const t = columnTypes(db);
  await sql`drop trigger orders_follow_owner${t.sqlite ? sql`` : sql` on prospects`}`.execute(db);
  if (!t.sqlite) await sql`drop function orders_follow_owner()`.execute(db);
  await db.schema.alterTable('prospects').dropColumn('open_orders').execute();
  for (const table of ['order_lines', 'orders', 'commission_rules', 'products']) await db.schema.dropTable(table).execute();
}
