import { withTransaction, type Executor } from '@pond/db';
import {
  AppError,
  afterSaleCallOn,
  localDateOf,
  nextDueOn,
  ordersCsv,
  priceOrder,
  stageFromOrders,
  startOfDayIn,
  addDays,
  todayIn,
  type ConfirmOrderInput,
  type Currency,
  type ExportOrder,
  type LineInput,
  type Locale,
  type OrderInput,
  type OrderLineInput,
  type OrderPageView,
  type OrderStatus,
  type OrderSummaryView,
  type OrderView,
  type ProductCategory,
  type Stage,
} from '@pond/domain';
import type { Actor, RequestMeta } from '../../platform/actor.js';
import { keysetCursor } from '../../platform/keyset-cursor.js';
import { assertVersion } from '../../platform/versioning.js';
import type { AuditRepository } from '../audit/audit.repository.js';
import { type Loaded } from '../prospects/prospects.access.js';
import { type ActorReach } from '../prospects/prospects.policy.js';
import type { TouchesService } from '../prospects/touches.service.js';
import { nameIn, parseNames, type CatalogueService } from './catalogue.service.js';
import { clockStateOf } from '../prospects/prospects.views.js';
import { type OrdersRepository, type OrderFilters, type OrderLineRow, type OrderRow } from './orders.repository.js';
import type { Selectable } from 'kysely';
import type { OrdersTable } from '@pond/db';
import type { Repositories } from '../../repositories.js';
import type { ProspectsRepository } from '../prospects/prospects.repository.js';
import type { CoreDeps } from '../../platform/deps.js';
import type { ProspectAccess } from '../prospects/prospects.access.js';
import type { SettingsService } from '../settings/settings.service.js';

export interface OrderListQuery {
  from?: string;
  to?: string;
  ownerId?: number;
  closedById?: number;
  status?: OrderStatus;
  productId?: number;
  prospectId?: number;
  cursor?: string;
  limit: number;
}

/** Orders' totals per currency, in exact integers, as the totals query sums them. */
export function totalsOf(rows: readonly Pick<OrderRow, 'currency' | 'status' | 'total_minor' | 'commission_minor'>[], withCancelled: boolean) {
  const by = new Map<string, { orders: number; total: bigint; commission: bigint }>();
  for (const r of rows) {
    if (r.status === 'cancelled' && !withCancelled) continue;
    const t = by.get(r.currency) ?? { orders: 0, total: 0n, commission: 0n };
    t.orders++;
    t.total += BigInt(r.total_minor);
    t.commission += BigInt(r.commission_minor);
    by.set(r.currency, t);
  }
  return [...by].sort(([a], [b]) => (a < b ? -1 : 1)).map(([currency, t]) => ({ currency, orders: t.orders, totalMinor: Number(t.total), commissionMinor: Number(t.commission) }));
}

/** What a change already read, so presenting its result does not read it again. */
interface Known {
  lines: Map<number, OrderLineRow[]>;
}

type Who = { owner_id: number | null; closed_by_id: number | null; created_by_id: number | null; status: OrderStatus };

/** Orders read per page of an export. */
const EXPORT_PAGE = 500;
/** The most orders one export holds. */
const EXPORT_MAX = 100_000;


/**
 * Orders (成交): a prospect's sale with its lines, priced by the domain in one currency. A draft is edited freely; the
 * sheet that confirms it asks for the article's three gains and logs the sale as a touch, freezes the amounts and
 * the commission under the rules in force that day, and moves the prospect's stage, all in one transaction. An order
 * is visible exactly where its prospect is.
 */
export class OrdersService {
  private readonly repo: OrdersRepository;
  private readonly audit: AuditRepository;

  private readonly prospectsRepo: ProspectsRepository;
  constructor(
    repos: Pick<Repositories, 'audit' | 'orders' | 'prospects'>,
    private readonly deps: CoreDeps,
    private readonly access: ProspectAccess,
    private readonly touches: TouchesService,
    private readonly catalogue: CatalogueService,
    private readonly settings: SettingsService,
  ) {
    this.repo = repos.orders;
    this.audit = repos.audit;
    this.prospectsRepo = repos.prospects;
  }

  private get db() {
    return this.deps.database.db;
  }

  /** Whether the actor takes part in an order: the admin, its owner, whoever made or closed it, the owner's manager. */
  private involved(actor: Actor, reach: ActorReach, o: Who): boolean {
    return actor.role === 'admin' || [o.owner_id, o.closed_by_id, o.created_by_id].includes(actor.userId) || reach.manages(o.owner_id);
  }

  /** What the actor may do with an order of a prospect they see. */
  private canFor(actor: Actor, reach: ActorReach, o: Who, prospectLive: boolean) {
    const involved = this.involved(actor, reach, o);
    return {
      edit: prospectLive && involved && o.status === 'draft',
      confirm: prospectLive && involved && o.status === 'draft',
      deliver: involved && o.status === 'confirmed',
      cancel: involved && (o.status === 'draft' || o.status === 'confirmed'),
    };
  }

  /** 403 for an order the actor sees but takes no part in; 409 when it is not in a status the move starts from. */
  private allowMove(actor: Actor, loaded: Loaded, order: Who, from: readonly OrderStatus[], needsLiveProspect: boolean): void {
    if (!this.involved(actor, loaded.reach, order)) throw new AppError('FORBIDDEN');
    if (needsLiveProspect && (loaded.row.archived_at !== null || !loaded.can.logTouch)) throw new AppError('FORBIDDEN');
    if (!from.includes(order.status)) throw new AppError('ORDER_WRONG_STATUS');
  }


  private async price(db: Executor, currency: Currency, lines: OrderLineInput[], on: string) {
    const products = await this.repo.productsByIds(db, lines.flatMap((l) => (l.productId ? [l.productId] : [])));
    const domainLines: (LineInput & { productId: number | null; description: string | null })[] = [];
    for (const [i, l] of lines.entries()) {
      let category: ProductCategory = l.category ?? 'other';
      if (l.productId) {
        const p = products.get(l.productId);
        if (!p || !p.active) throw new AppError('ORDER_PRODUCT_UNAVAILABLE', { details: [{ path: ['body', 'lines', i, 'productId'], message: 'not an active product' }] });
        category = p.category;
      }
      domainLines.push({ category, quantity: l.quantity, unitMinor: l.unitMinor, discount: l.discount ?? null, productId: l.productId ?? null, description: l.description ?? null });
    }
    const priced = priceOrder(domainLines, currency, await this.catalogue.pricingRules(db), on);
    if ('problem' in priced) throw new AppError(priced.problem, { details: [{ path: ['body', 'lines', priced.line], message: priced.problem }] });
    const rows = domainLines.map((l, i) => ({
      product_id: l.productId,
      description: l.description,
      category: l.category,
      quantity: l.quantity,
      unit_minor: l.unitMinor,
      discount_kind: l.discount?.kind ?? null,
      discount_value: l.discount === null ? null : l.discount.kind === 'amount' ? l.discount.minor : l.discount.basisPoints,
      amount_minor: priced.lines[i]!.amount,
      commission_minor: priced.lines[i]!.commission,
      commission_rule_id: priced.lines[i]!.ruleId,
    }));
    return { priced, rows };
  }

  private lineInputsOf(lines: OrderLineRow[]): OrderLineInput[] {
    return lines.map((l) => ({
      productId: l.product_id,
      description: l.description,
      category: l.category,
      quantity: l.quantity,
      unitMinor: l.unit_minor,
      discount: l.discount_kind === null ? null : l.discount_kind === 'amount' ? { kind: 'amount', minor: l.discount_value ?? 0 } : { kind: 'percent', basisPoints: l.discount_value ?? 0 },
    }));
  }

  private async present(db: Executor, actor: Actor, reach: ActorReach, rows: OrderRow[], withLines: true, known?: Known): Promise<OrderView[]>;
  private async present(db: Executor, actor: Actor, reach: ActorReach, rows: OrderRow[], withLines: false): Promise<OrderSummaryView[]>;
  private async present(db: Executor, actor: Actor, reach: ActorReach, rows: OrderRow[], withLines: boolean, known?: Known): Promise<(OrderView | OrderSummaryView)[]> {
    const locale: Locale = actor.locale ?? 'en';
    const people = rows.flatMap((r) => [r.owner_id, r.closed_by_id]).filter((id) => id !== actor.userId);
    const [lines, names] = await Promise.all([known?.lines ?? this.repo.lines(db, rows.map((r) => r.id)), this.access.userNames(db, people)]);
    names.set(actor.userId, actor.displayName);
    const person = (id: number | null) => (id === null ? null : { id, name: names.get(id) ?? '' });
    const today = this.catalogue.today();
    const out: (OrderView | OrderSummaryView)[] = [];
    for (const r of rows) {
      const currency = r.currency as Currency;
      const ls = lines.get(r.id) ?? [];
      const lineViews = ls.map((l) => ({
        id: l.id,
        product: l.product_id === null ? null : { id: l.product_id, name: nameIn(parseNames(l.product_names_json), locale) },
        description: l.description,
        category: l.category,
        quantity: l.quantity,
        unitMinor: l.unit_minor,
        discount: l.discount_kind === null ? null : l.discount_kind === 'amount' ? { kind: 'amount' as const, minor: l.discount_value ?? 0 } : { kind: 'percent' as const, basisPoints: l.discount_value ?? 0 },
        amountMinor: l.amount_minor,
        commissionMinor: l.commission_minor,
      }));
      const kept = r.relationship_kept === null ? null : Boolean(r.relationship_kept);
      const base = {
        id: r.id,
        prospect: { id: r.prospect_id, name: r.prospect_name, stage: r.prospect_stage },
        owner: person(r.owner_id),
        closedBy: person(r.closed_by_id),
        onBehalf: Boolean(r.on_behalf),
        status: r.status,
        currency,
        total: { minor: r.total_minor, currency },
        commission: { minor: r.commission_minor, currency },
        linesWithoutCommission: r.lines_without_commission,
        deliveryOn: r.delivery_on,
        gains: r.confirmed_at !== null && kept !== null ? { commission: { minor: r.commission_minor, currency }, lessons: r.lessons, relationshipKept: kept, outcome: kept ? ('complete' as const) : ('pass' as const), touchId: r.touch_id } : null,
        confirmedAt: r.confirmed_at,
        deliveredAt: r.delivered_at,
        cancelledAt: r.cancelled_at,
        cancelReason: r.cancel_reason,
        createdAt: r.created_at,
        version: r.version,
        can: this.canFor(actor, reach, r, r.prospect_archived_at === null),
      };
      if (withLines) out.push({ ...base, lines: lineViews, note: r.note, afterSaleCallOn: r.status === 'draft' ? afterSaleCallOn(r.delivery_on, today) : null });
      else {
        const first = lineViews[0];
        out.push({ ...base, lineCount: lineViews.length, firstLine: first ? (first.product?.name ?? first.description) : null });
      }
    }
    return out;
  }

  private filtersOf(actor: Actor, q: Omit<OrderListQuery, 'cursor' | 'limit'>): OrderFilters {
    const zone = actor.timeZone ?? this.deps.config.defaultTimeZone;
    return {
      ...(q.from && { from: startOfDayIn(q.from, zone) }),
      ...(q.to && { to: startOfDayIn(addDays(q.to, 1), zone) }),
      ...(q.ownerId !== undefined && { ownerId: q.ownerId }),
      ...(q.closedById !== undefined && { closedById: q.closedById }),
      ...(q.status && { status: q.status }),
      ...(q.productId !== undefined && { productId: q.productId }),
      ...(q.prospectId !== undefined && { prospectId: q.prospectId }),
    };
  }

  async list(actor: Actor, query: OrderListQuery): Promise<OrderPageView> {
    const db = this.db;
    // One prospect's orders (its page) probe its colleague link inside the query instead of reading every link first.
    const reach = await this.access.reachOf(db, actor, query.prospectId !== undefined ? 'in-query' : 'ids');
    const filters = this.filtersOf(actor, query);
    const cursor = query.cursor ? keysetCursor.decode(query.cursor) : undefined;
    const before = cursor && { datedAt: cursor.at, id: cursor.id };
    const rows = await this.repo.page(db, reach.scope, filters, query.limit + 1, before);
    const page = rows.slice(0, query.limit);
    const last = page.at(-1);
    // A first page that holds every order (a prospect's, a short period's) is its own total: added up here, with the
    // same rule as the query (cancelled orders only when asked for by status), instead of reading them all again.
    const complete = !before && rows.length <= query.limit;
    const totals = complete ? totalsOf(page, filters.status !== undefined) : await this.repo.totals(db, reach.scope, filters);
    return {
      items: await this.present(db, actor, reach, page, false),
      nextCursor: rows.length > query.limit && last ? keysetCursor.encode(last.dated_at, last.id) : null,
      totals: totals.map((t) => ({ ...t, currency: t.currency as Currency })),
    };
  }

  async get(actor: Actor, id: number): Promise<OrderView> {
    const db = this.db;
    const reach = await this.access.reachOf(db, actor, 'in-query');
    const row = await this.repo.find(db, reach.scope, id);
    if (!row) throw new AppError('NOT_FOUND');
    return (await this.present(db, actor, reach, [row], true))[0]!;
  }

  /** 404 unless the actor may see the order: for routes that check before they read the body. */
  async assertVisible(actor: Actor, id: number): Promise<void> {
    const reach = await this.access.reachOf(this.db, actor, 'in-query');
    if (!(await this.repo.find(this.db, reach.scope, id))) throw new AppError('NOT_FOUND');
  }

  async create(actor: Actor, prospectId: number, input: OrderInput, meta: RequestMeta): Promise<OrderView> {
    return withTransaction(this.db, async (trx) => {
      const loaded = await this.access.loadVisible(trx, actor, prospectId);
      if (!loaded.can.order) throw new AppError('FORBIDDEN');
      const at = this.deps.clock.now().toISOString();
      const { priced, rows } = await this.price(trx, input.currency, input.lines, this.catalogue.today());
      const id = await this.repo.insert(trx, {
        prospect_id: prospectId,
        prospect_owner_id: loaded.row.owner_id,
        owner_id: loaded.row.owner_id,
        status: 'draft',
        currency: input.currency,
        total_minor: priced.total,
        commission_minor: priced.commission,
        lines_without_commission: priced.linesWithoutCommission,
        delivery_on: input.deliveryOn ?? null,
        note: input.note ?? null,
        dated_at: at,
        created_by_id: actor.userId,
        created_at: at,
        updated_at: at,
      });
      await this.repo.replaceLines(trx, id, rows);
      await this.audit.record(trx, { at, actorId: actor.userId, actorLabel: actor.email, action: 'order.created', entityType: 'order', entityId: id, after: { prospectId, currency: input.currency, total: priced.total, lines: rows.length }, ip: meta.ip });
      return this.reload(trx, actor, loaded.reach, id);
    });
  }

  private async reload(db: Executor, actor: Actor, reach: ActorReach, id: number, known?: Known): Promise<OrderView> {
    const row = await this.repo.find(db, { kind: 'all' }, id);
    return (await this.present(db, actor, reach, [row!], true, known))[0]!;
  }

  /**
   * Loads an order for a change: the prospect first (locked, so every path takes the same two locks in the same
   * order), then the order row, locked; 404 when the actor may not see the prospect.
   */
  private async loadForChange(trx: Executor, actor: Actor, id: number): Promise<{ loaded: Loaded; order: Selectable<OrdersTable> }> {
    const prospectId = await this.repo.prospectOf(trx, id);
    if (prospectId === undefined) throw new AppError('NOT_FOUND');
    // The prospect's visibility is the order's: 404 for both when the actor may not see it.
    const loaded = await this.access.loadVisible(trx, actor, prospectId);
    const order = await this.repo.lock(trx, id);
    if (!order) throw new AppError('NOT_FOUND');
    return { loaded, order };
  }

  private async checkVersion(trx: Executor, actor: Actor, reach: ActorReach, version: number | undefined, order: Selectable<OrdersTable>) {
    if (version === undefined && actor.via !== 'cli') throw new AppError('VERSION_REQUIRED');
    if (version !== undefined && version !== order.version) assertVersion(version, order.version, await this.reload(trx, actor, reach, order.id), false);
  }

  async update(actor: Actor, id: number, version: number | undefined, patch: Partial<OrderInput>, meta: RequestMeta): Promise<OrderView> {
    return withTransaction(this.db, async (trx) => {
      const { loaded, order } = await this.loadForChange(trx, actor, id);
      this.allowMove(actor, loaded, order, ['draft'], true);
      await this.checkVersion(trx, actor, loaded.reach, version, order);
      const currency = (patch.currency ?? order.currency) as Currency;
      const lines = patch.lines ?? this.lineInputsOf((await this.repo.lines(trx, [id])).get(id) ?? []);
      const { priced, rows } = await this.price(trx, currency, lines, this.catalogue.today());
      const at = this.deps.clock.now().toISOString();
      const ok = await this.repo.update(
        trx,
        id,
        {
          currency,
          total_minor: priced.total,
          commission_minor: priced.commission,
          lines_without_commission: priced.linesWithoutCommission,
          ...(patch.deliveryOn !== undefined && { delivery_on: patch.deliveryOn }),
          ...(patch.note !== undefined && { note: patch.note }),
          updated_at: at,
        },
        { version: order.version, status: 'draft' },
      );
      if (!ok) throw new AppError('ORDER_WRONG_STATUS');
      await this.repo.replaceLines(trx, id, rows);
      await this.audit.record(trx, { at, actorId: actor.userId, actorLabel: actor.email, action: 'order.updated', entityType: 'order', entityId: id, after: { currency, total: priced.total, lines: rows.length }, ip: meta.ip });
      return this.reload(trx, actor, loaded.reach, id);
    });
  }

  /**
   * The stage the prospect's live orders give it: counted from the stage before its first sale ever, one step per
   * live order, `pending` more for an order confirmed in this transaction but not yet written.
   */
  private async stageFromLive(trx: Executor, prospect: { id: number; stage: Stage }, pending: 0 | 1): Promise<Stage> {
    const { live, firstStageBefore } = await this.repo.stageBasis(trx, prospect.id);
    return stageFromOrders((firstStageBefore as Stage | null) ?? prospect.stage, live + pending);
  }

  /**
   * Closing the sale. The sheet's three gains: the commission (computed here under the rules in force today and
   * frozen), the lessons learned, and the relationship after the sale, logged as the sale's touch (圓滿 when kept,
   * 及格 when not) with the after-sale call as its next contact.
   */
  async confirm(actor: Actor, id: number, input: ConfirmOrderInput, meta: RequestMeta): Promise<OrderView> {
    return withTransaction(this.db, async (trx) => {
      const { loaded, order } = await this.loadForChange(trx, actor, id);
      this.allowMove(actor, loaded, order, ['draft'], true);
      await this.checkVersion(trx, actor, loaded.reach, input.version, order);
      const now = this.deps.clock.now();
      const at = now.toISOString();
      const lines = (await this.repo.lines(trx, [id])).get(id) ?? [];
      // The lines were checked against the catalogue when the draft was saved: the deal agreed is the deal closed,
      // even if a product has been retired since. Only the commission is priced again, under today's rules.
      const asLines = this.lineInputsOf(lines).map((l, i) => ({ category: lines[i]!.category, quantity: l.quantity, unitMinor: l.unitMinor, discount: l.discount ?? null }));
      const priced = priceOrder(asLines, order.currency as Currency, await this.catalogue.pricingRules(trx), this.catalogue.today());
      if ('problem' in priced) throw new AppError(priced.problem, { details: [{ path: ['body', 'lines', priced.line], message: priced.problem }] });
      const refreeze = lines.flatMap((l, i) => {
        const p = priced.lines[i]!;
        if (l.commission_minor === p.commission && l.commission_rule_id === p.ruleId) return [];
        l.commission_minor = p.commission;
        l.commission_rule_id = p.ruleId;
        return [l];
      });
      const ownerZone = await this.access.ownerZoneOf(trx, actor, loaded.row.owner_id, this.deps.config.defaultTimeZone);
      const nextContactOn = input.nextContactOn ?? afterSaleCallOn(order.delivery_on, todayIn(now, ownerZone));
      const stageBefore = loaded.row.stage;
      // The stage this sale gives, counted before it is written: the live orders so far and this one.
      const stage = await this.stageFromLive(trx, loaded.row, 1);
      const also = {
        patch: { open_orders: loaded.row.open_orders + 1, ...(stage !== stageBefore && { stage }) },
        history: stage !== stageBefore ? [{ field: 'stage', before: stageBefore, after: stage }] : [],
      };
      const logged = await this.touches.logIn(
        trx,
        actor,
        loaded,
        { channel: 'visit', direction: 'outbound', summary: input.summary ?? null, saleMade: true, relationshipKept: input.relationshipKept, lessons: input.lessons ?? null, nextContactOn },
        meta,
        { stage: 'set-by-caller', audit: { orderId: id }, ownerZone, also },
      );
      const patch = {
        status: 'confirmed' as const,
          owner_id: loaded.row.owner_id,
          closed_by_id: actor.userId,
          on_behalf: loaded.row.owner_id !== actor.userId,
          total_minor: priced.total,
          commission_minor: priced.commission,
          lines_without_commission: priced.linesWithoutCommission,
          lessons: input.lessons ?? null,
          relationship_kept: input.relationshipKept,
          touch_id: logged.touchId,
          stage_before: stageBefore,
          dated_at: at,
          confirmed_at: at,
          updated_at: at,
      };
      const ok = await this.repo.update(trx, id, patch, { version: order.version, status: 'draft' });
      if (!ok) throw new AppError('ORDER_WRONG_STATUS');
      for (const l of refreeze) await this.repo.freezeLine(trx, l.id, l.commission_minor, l.commission_rule_id);
      await this.audit.record(trx, {
        at,
        actorId: actor.userId,
        actorLabel: actor.email,
        action: 'order.confirmed',
        entityType: 'order',
        entityId: id,
        after: { total: priced.total, commission: priced.commission, currency: order.currency, touchId: logged.touchId, stage },
        ip: meta.ip,
      });
      // The order as this transaction wrote it (the locked row, the patch, the prospect as the touch left it), instead
      // of reading it back.
      const written: OrderRow = { ...order, ...patch, version: order.version + 1, prospect_name: logged.row.name, prospect_stage: logged.row.stage, prospect_owner_id: logged.row.owner_id, prospect_archived_at: logged.row.archived_at };
      return (await this.present(trx, actor, loaded.reach, [written], true, { lines: new Map([[id, lines]]) }))[0]!;
    });
  }

  async deliver(actor: Actor, id: number, input: { version?: number; deliveredOn?: string }, meta: RequestMeta): Promise<OrderView> {
    return withTransaction(this.db, async (trx) => {
      const { loaded, order } = await this.loadForChange(trx, actor, id);
      this.allowMove(actor, loaded, order, ['confirmed'], false);
      await this.checkVersion(trx, actor, loaded.reach, input.version, order);
      const now = this.deps.clock.now();
      const at = now.toISOString();
      const zone = await this.access.ownerZoneOf(trx, actor, loaded.row.owner_id, this.deps.config.defaultTimeZone);
      const today = todayIn(now, zone);
      const deliveredOn = input.deliveredOn ?? today;
      if (deliveredOn > today) throw new AppError('VALIDATION_FAILED', { details: [{ path: ['body', 'deliveredOn'], message: 'a delivery is recorded when it happened, not ahead' }] });
      const ok = await this.repo.update(trx, id, { status: 'delivered', delivered_at: at, delivery_on: deliveredOn, updated_at: at }, { version: order.version, status: 'confirmed' });
      if (!ok) throw new AppError('ORDER_WRONG_STATUS');
      const call = await this.afterSaleCallMoved(trx, loaded.row, order, deliveredOn, today, zone);
      await this.prospectsRepo.update(trx, loaded.row.id, { open_orders: Math.max(0, loaded.row.open_orders - 1), ...call?.patch }, at, undefined, false);
      await this.audit.record(trx, { at, actorId: actor.userId, actorLabel: actor.email, action: 'order.delivered', entityType: 'order', entityId: id, after: { deliveredOn, ...(call && { afterSaleCallOn: call.on }) }, ip: meta.ip });
      return this.reload(trx, actor, loaded.reach, id);
    });
  }

  /**
   * The after-sale call follows the actual delivery: when the sale's touch still holds the call the sheet proposed
   * (a few days after the expected delivery) and nothing has been logged since, it moves to a few days after the day
   * the car was really handed over. A date someone chose, or a later touch, is left alone.
   */
  private async afterSaleCallMoved(trx: Executor, row: Loaded['row'], order: Selectable<OrdersTable>, deliveredOn: string, today: string, zone: string) {
    if (order.touch_id === null || order.confirmed_at === null) return null;
    const touch = await this.repo.saleTouch(trx, order.touch_id);
    const proposed = afterSaleCallOn(order.delivery_on, localDateOf(order.confirmed_at, zone));
    if (!touch || touch.next_contact_on !== proposed || row.explicit_next_on !== proposed || row.last_touch_at !== touch.at) return null;
    const on = afterSaleCallOn(deliveredOn, today);
    if (on === proposed) return null;
    const { policy } = await this.settings.intervalPolicy(trx);
    const next = nextDueOn(clockStateOf({ ...row, explicit_next_on: on }), { policy, timeZone: zone });
    return { on, patch: { explicit_next_on: on, next_due_on: next } };
  }

  /** Cancelling keeps the order and its reason; a confirmed one gives back the stage it brought (history kept). */
  async cancel(actor: Actor, id: number, input: { version?: number; reason: string }, meta: RequestMeta): Promise<OrderView> {
    return withTransaction(this.db, async (trx) => {
      const { loaded, order } = await this.loadForChange(trx, actor, id);
      this.allowMove(actor, loaded, order, ['draft', 'confirmed'], false);
      await this.checkVersion(trx, actor, loaded.reach, input.version, order);
      const at = this.deps.clock.now().toISOString();
      const wasLive = order.status === 'confirmed';
      const ok = await this.repo.update(trx, id, { status: 'cancelled', cancelled_at: at, cancel_reason: input.reason, updated_at: at }, { version: order.version, status: order.status });
      if (!ok) throw new AppError('ORDER_WRONG_STATUS');
      if (wasLive) {
        const stage = await this.stageFromLive(trx, loaded.row, 0);
        const moved = stage !== loaded.row.stage;
        await this.prospectsRepo.update(trx, loaded.row.id, { open_orders: Math.max(0, loaded.row.open_orders - 1), ...(moved && { stage }) }, at, undefined, moved);
        if (moved) await this.prospectsRepo.addHistory(trx, [{ prospect_id: loaded.row.id, at, user_id: actor.userId, field: 'stage', before: loaded.row.stage, after: stage }]);
      }
      await this.audit.record(trx, { at, actorId: actor.userId, actorLabel: actor.email, action: 'order.cancelled', entityType: 'order', entityId: id, before: { status: order.status }, after: { reason: input.reason }, ip: meta.ip });
      return this.reload(trx, actor, loaded.reach, id);
    });
  }

  /** The list's orders under the same filters as CSV, page by page, audited with its filter and count. */
  async csv(actor: Actor, query: Omit<OrderListQuery, 'cursor' | 'limit'>, meta: RequestMeta, locale: Locale): Promise<{ filename: string; body: string; rows: number }> {
    const db = this.db;
    const reach = await this.access.reachOf(db, actor);
    const filters = this.filtersOf(actor, query);
    const zone = actor.timeZone ?? this.deps.config.defaultTimeZone;
    const parts: string[] = [];
    let before: { datedAt: string; id: number } | undefined;
    let count = 0;
    parts.push(ordersCsv([], locale, { start: true }));
    for (;;) {
      const rows = await this.repo.page(db, reach.scope, filters, EXPORT_PAGE, before);
      if (!rows.length) break;
      const [lines, names] = await Promise.all([this.repo.lines(db, rows.map((r) => r.id)), this.access.userNames(db, rows.flatMap((r) => [r.owner_id, r.closed_by_id]))]);
      const out: ExportOrder[] = rows.map((r) => ({
        id: r.id,
        datedOn: localDateOf(r.dated_at, zone),
        prospect: r.prospect_name,
        owner: r.owner_id === null ? '' : (names.get(r.owner_id) ?? ''),
        closedBy: r.closed_by_id === null ? '' : (names.get(r.closed_by_id) ?? ''),
        onBehalf: Boolean(r.on_behalf),
        status: r.status,
        currency: r.currency as Currency,
        totalMinor: r.total_minor,
        commissionMinor: r.commission_minor,
        lines: (lines.get(r.id) ?? []).map((l) => `${l.quantity} × ${nameIn(parseNames(l.product_names_json), locale) || l.description || ''}`).join('; '),
        lessons: r.lessons,
        relationshipKept: r.relationship_kept === null ? null : Boolean(r.relationship_kept),
        cancelReason: r.cancel_reason,
      }));
      parts.push(ordersCsv(out, locale, { start: false }));
      count += rows.length;
      if (rows.length < EXPORT_PAGE || count >= EXPORT_MAX) break;
      const last = rows.at(-1)!;
      before = { datedAt: last.dated_at, id: last.id };
    }
    await this.audit.record(db, { at: this.deps.clock.now().toISOString(), actorId: actor.userId, actorLabel: actor.email, action: 'orders.exported', entityType: 'order', entityId: null, after: { filters: query, rows: count }, ip: meta.ip });
    return { filename: `pond-orders-${todayIn(this.deps.clock.now(), zone)}.csv`, body: parts.join(''), rows: count };
  }
}

