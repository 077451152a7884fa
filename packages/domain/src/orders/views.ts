import { z } from 'zod';
import { PersonView } from '../prospects/views.js';
import { Stage } from '../prospects/enums.js';
import { Currency, MoneyView } from './money.js';
import { OrderStatus, ProductCategory } from './rules.js';
import { CommissionRateInput } from './schemas.js';

export const ProductView = z.object({
  id: z.number().int(),
  names: z.object({ 'zh-Hant': z.string().optional(), 'zh-Hans': z.string().optional(), en: z.string().optional() }),
  /** The name in the reader's language, else the first one given. */
  name: z.string(),
  category: ProductCategory,
  listPrice: MoneyView,
  active: z.boolean(),
  version: z.number().int(),
});
export type ProductView = z.infer<typeof ProductView>;

export const CommissionRuleView = z.object({
  id: z.number().int(),
  category: ProductCategory,
  rate: CommissionRateInput,
  effectiveOn: z.string(),
  createdBy: PersonView.nullable(),
  createdAt: z.string(),
  /** Whether it is the rule orders confirmed today take. */
  inForce: z.boolean(),
});
export type CommissionRuleView = z.infer<typeof CommissionRuleView>;

export const OrderLineView = z.object({
  id: z.number().int(),
  product: z.object({ id: z.number().int(), name: z.string() }).nullable(),
  description: z.string().nullable(),
  category: ProductCategory,
  quantity: z.number().int(),
  unitMinor: z.number().int(),
  discount: z.discriminatedUnion('kind', [z.object({ kind: z.literal('amount'), minor: z.number().int() }), z.object({ kind: z.literal('percent'), basisPoints: z.number().int() })]).nullable(),
  amountMinor: z.number().int(),
  /** Frozen at confirmation; for a draft, what confirming today would give. Null when no rule applies. */
  commissionMinor: z.number().int().nullable(),
});
export type OrderLineView = z.infer<typeof OrderLineView>;

export const OrderCanView = z.object({ edit: z.boolean(), confirm: z.boolean(), deliver: z.boolean(), cancel: z.boolean() });

/** The article's three gains of a closed sale, side by side. */
export const GainsView = z.object({
  commission: MoneyView,
  lessons: z.string().nullable(),
  relationshipKept: z.boolean(),
  outcome: z.enum(['complete', 'pass']),
  touchId: z.number().int().nullable(),
});
export type GainsView = z.infer<typeof GainsView>;

export const OrderView = z.object({
  id: z.number().int(),
  prospect: z.object({ id: z.number().int(), name: z.string(), stage: Stage }),
  owner: PersonView.nullable(),
  /** Who closed it; on the company's behalf when not the owner. */
  closedBy: PersonView.nullable(),
  onBehalf: z.boolean(),
  status: OrderStatus,
  currency: Currency,
  total: MoneyView,
  commission: MoneyView,
  linesWithoutCommission: z.number().int(),
  lines: z.array(OrderLineView),
  deliveryOn: z.string().nullable(),
  note: z.string().nullable(),
  gains: GainsView.nullable(),
  confirmedAt: z.string().nullable(),
  deliveredAt: z.string().nullable(),
  cancelledAt: z.string().nullable(),
  cancelReason: z.string().nullable(),
  /** Proposed after-sale call for the sheet (drafts), in the owner's calendar. */
  afterSaleCallOn: z.string().nullable(),
  createdAt: z.string(),
  version: z.number().int(),
  can: OrderCanView,
});
export type OrderView = z.infer<typeof OrderView>;

export const OrderSummaryView = OrderView.omit({ lines: true, note: true, afterSaleCallOn: true }).extend({ lineCount: z.number().int(), firstLine: z.string().nullable() });
export type OrderSummaryView = z.infer<typeof OrderSummaryView>;

export const OrderTotalsView = z.object({
  currency: Currency,
  orders: z.number().int(),
  totalMinor: z.number().int(),
  commissionMinor: z.number().int(),
});
export type OrderTotalsView = z.infer<typeof OrderTotalsView>;

export const OrderPageView = z.object({
  items: z.array(OrderSummaryView),
  nextCursor: z.string().nullable(),
  /** The filtered orders' totals, one row per currency (cancelled orders left out unless asked for). */
  totals: z.array(OrderTotalsView),
});
export type OrderPageView = z.infer<typeof OrderPageView>;
