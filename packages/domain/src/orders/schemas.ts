import { z } from 'zod';
import { cleanText, optionalText } from '../text/text.js';
import { CalendarDateSchema } from '../prospects/dates.js';
import { BasisPoints, Currency, MinorAmount } from './money.js';
import { ProductCategory } from './rules.js';

const Version = z.number().int().nonnegative();

/** A product's name in the team's languages; at least one of them. */
export const ProductNames = z
  .strictObject({
    'zh-Hant': cleanText({ max: 200 }).optional(),
    'zh-Hans': cleanText({ max: 200 }).optional(),
    en: cleanText({ max: 200 }).optional(),
  })
  .transform((n) => Object.fromEntries(Object.entries(n).filter(([, v]) => v !== undefined && v !== '')) as Partial<Record<'zh-Hant' | 'zh-Hans' | 'en', string>>)
  .refine((n) => Object.keys(n).length > 0, { message: 'a product needs a name in at least one language' });

export const ProductInput = z.strictObject({
  names: ProductNames,
  category: ProductCategory,
  listPriceMinor: MinorAmount,
  currency: Currency,
  active: z.boolean().default(true),
});
export type ProductInput = z.infer<typeof ProductInput>;

export const ProductPatch = z.strictObject({
  names: ProductNames.optional(),
  category: ProductCategory.optional(),
  listPriceMinor: MinorAmount.optional(),
  currency: Currency.optional(),
  active: z.boolean().optional(),
  version: Version.optional(),
});
export type ProductPatch = z.infer<typeof ProductPatch>;

export const CommissionRateInput = z.discriminatedUnion('kind', [
  z.strictObject({ kind: z.literal('percent'), basisPoints: BasisPoints }),
  z.strictObject({ kind: z.literal('fixed'), minorPerUnit: MinorAmount, currency: Currency }),
]);

/** A new commission rule for a category from a day on; rules are never edited, so old orders keep theirs. */
export const CommissionRuleInput = z.strictObject({
  category: ProductCategory,
  rate: CommissionRateInput,
  effectiveOn: CalendarDateSchema,
});
export type CommissionRuleInput = z.infer<typeof CommissionRuleInput>;

export const DiscountInput = z.discriminatedUnion('kind', [
  z.strictObject({ kind: z.literal('amount'), minor: MinorAmount }),
  z.strictObject({ kind: z.literal('percent'), basisPoints: BasisPoints }),
]);

/** A line: a product of the catalogue (its category comes with it) or free text with a category. */
export const OrderLineInput = z
  .strictObject({
    productId: z.number().int().positive().nullable().optional(),
    description: optionalText(300),
    category: ProductCategory.optional(),
    quantity: z.number().int().min(1).max(100_000),
    unitMinor: MinorAmount,
    discount: DiscountInput.nullable().optional(),
  })
  .refine((l) => (l.productId ?? null) !== null || (l.description ?? null) !== null, { message: 'a line needs a product or a description', path: ['description'] });
export type OrderLineInput = z.infer<typeof OrderLineInput>;

export const OrderInput = z.strictObject({
  currency: Currency,
  lines: z.array(OrderLineInput).min(1).max(100),
  /** The day the goods are (to be) handed over; the after-sale call is proposed from it. */
  deliveryOn: CalendarDateSchema.nullable().optional(),
  note: optionalText(2000, true),
});
export type OrderInput = z.infer<typeof OrderInput>;

export const OrderPatch = OrderInput.partial().extend({ version: Version.optional() }).strict();
export type OrderPatch = z.infer<typeof OrderPatch>;

/**
 * Closing the sale: the three gains in one sheet. The commission is computed, not sent; the lessons are typed; the
 * relationship after the sale is judged (kept → 圓滿, not kept → 及格), and the after-sale call is proposed.
 */
export const ConfirmOrderInput = z.strictObject({
  version: Version.optional(),
  lessons: optionalText(5000, true),
  relationshipKept: z.boolean(),
  /** The after-sale call; absent means a few days after delivery. */
  nextContactOn: CalendarDateSchema.nullable().optional(),
  summary: optionalText(5000, true),
});
export type ConfirmOrderInput = z.infer<typeof ConfirmOrderInput>;

export const DeliverOrderInput = z.strictObject({ version: Version.optional(), deliveredOn: CalendarDateSchema.optional() });
export const CancelOrderInput = z.strictObject({ version: Version.optional(), reason: cleanText({ min: 1, max: 1000, lines: true }) });
