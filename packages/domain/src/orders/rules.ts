import { z } from 'zod';
import { addDays, type CalendarDate } from '../prospects/dates.js';
import type { Stage } from '../prospects/enums.js';
import { CURRENCY_DIGITS, MAX_MINOR, divideRounded, type Currency } from './money.js';

export const PRODUCT_CATEGORIES = ['vehicle', 'part', 'accessory', 'service', 'other'] as const;
export const ProductCategory = z.enum(PRODUCT_CATEGORIES);
export type ProductCategory = z.infer<typeof ProductCategory>;

export const ORDER_STATUSES = ['draft', 'confirmed', 'delivered', 'cancelled'] as const;
export const OrderStatus = z.enum(ORDER_STATUSES);
export type OrderStatus = z.infer<typeof OrderStatus>;

export type Discount = { kind: 'amount'; minor: number } | { kind: 'percent'; basisPoints: number };

export interface LineInput {
  category: ProductCategory;
  quantity: number;
  unitMinor: number;
  discount: Discount | null;
}

/** A commission rule of one category: a share of the line's amount, or a fixed amount per unit sold. */
export type CommissionRate = { kind: 'percent'; basisPoints: number } | { kind: 'fixed'; minorPerUnit: number; currency: Currency };
export interface CommissionRule {
  id: number;
  category: ProductCategory;
  rate: CommissionRate;
  /** The first day it applies to; an order takes the rule in force on the day it is confirmed. */
  effectiveOn: CalendarDate;
}

export type MoneyProblem = 'ORDER_DISCOUNT_TOO_LARGE' | 'ORDER_TOO_LARGE';

export interface LineAmounts {
  gross: number;
  discount: number;
  amount: number;
}

/**
 * A line's amounts in minor units: quantity × unit price, less its discount. A percentage discount is rounded half
 * away from zero to the minor unit (四捨五入), on the line as a whole, never per unit.
 */
export function lineAmounts(line: LineInput): LineAmounts | MoneyProblem {
  const gross = BigInt(line.quantity) * BigInt(line.unitMinor);
  if (gross > BigInt(MAX_MINOR)) return 'ORDER_TOO_LARGE';
  const d = line.discount;
  const discount = d === null ? 0n : d.kind === 'amount' ? BigInt(d.minor) : divideRounded(gross * BigInt(d.basisPoints), 10_000n);
  if (discount > gross) return 'ORDER_DISCOUNT_TOO_LARGE';
  return { gross: Number(gross), discount: Number(discount), amount: Number(gross - discount) };
}

/** The rule in force for a category on a day: the latest that took effect on or before it. */
export function ruleInForce(rules: readonly CommissionRule[], category: ProductCategory, on: CalendarDate): CommissionRule | null {
  let best: CommissionRule | null = null;
  for (const r of rules) {
    if (r.category !== category || r.effectiveOn > on) continue;
    if (!best || r.effectiveOn > best.effectiveOn || (r.effectiveOn === best.effectiveOn && r.id > best.id)) best = r;
  }
  return best;
}

/**
 * The commission a line earns under a rule: the share of its amount (after discount) rounded half away from zero, or
 * the fixed amount per unit. Null when no rule applies, or when a fixed rule is set in another currency (it is not
 * converted: a rate between currencies is not Pond's to guess).
 */
export function lineCommission(amount: number, quantity: number, currency: Currency, rule: CommissionRule | null): number | null {
  if (!rule) return null;
  if (rule.rate.kind === 'percent') return Number(divideRounded(BigInt(amount) * BigInt(rule.rate.basisPoints), 10_000n));
  if (rule.rate.currency !== currency) return null;
  return quantity * rule.rate.minorPerUnit;
}

export interface PricedLine extends LineAmounts {
  commission: number | null;
  ruleId: number | null;
}
export interface PricedOrder {
  lines: PricedLine[];
  total: number;
  commission: number;
  /** Lines no rule paid a commission on: the sheet says so instead of showing a smaller figure silently. */
  linesWithoutCommission: number;
}

/** Prices every line of an order in its one currency and adds them up; the first line that breaks a rule is named. */
export function priceOrder(
  lines: readonly LineInput[],
  currency: Currency,
  rules: readonly CommissionRule[],
  on: CalendarDate,
): PricedOrder | { problem: MoneyProblem; line: number } {
  const priced: PricedLine[] = [];
  let total = 0n;
  let commission = 0n;
  let missing = 0;
  for (const [i, line] of lines.entries()) {
    const a = lineAmounts(line);
    if (typeof a === 'string') return { problem: a, line: i };
    const rule = ruleInForce(rules, line.category, on);
    const c = lineCommission(a.amount, line.quantity, currency, rule);
    if (c === null) missing++;
    total += BigInt(a.amount);
    commission += BigInt(c ?? 0);
    priced.push({ ...a, commission: c, ruleId: c === null ? null : rule!.id });
  }
  if (total > BigInt(MAX_MINOR) || commission > BigInt(MAX_MINOR)) return { problem: 'ORDER_TOO_LARGE', line: lines.length - 1 };
  return { lines: priced, total: Number(total), commission: Number(commission), linesWithoutCommission: missing };
}

export const currencyDigits = (c: Currency) => CURRENCY_DIGITS[c];

const PROMOTE: Record<Stage, Stage> = { prospect: 'customer', customer: 'repeat_customer', repeat_customer: 'repeat_customer' };

/**
 * The stage a prospect's live orders (confirmed or delivered) give it: the stage it had before the first of them,
 * moved up once per order (the first makes a customer, a later one a repeat customer). With none left, as after
 * cancelling the only one, it is the stage before (the history keeps both moves).
 */
export function stageFromOrders(stageBefore: Stage, liveOrders: number): Stage {
  let stage = stageBefore;
  for (let i = 0; i < liveOrders && stage !== 'repeat_customer'; i++) stage = PROMOTE[stage];
  return stage;
}

/** Days after delivery the after-sale call is proposed, unless the sheet names a day. */
export const AFTER_SALE_CALL_DAYS = 3;

/** The after-sale call: a few days after the (expected) delivery, or after today when none is set or it is past. */
export function afterSaleCallOn(deliveryOn: CalendarDate | null, today: CalendarDate): CalendarDate {
  const from = deliveryOn && deliveryOn > today ? deliveryOn : today;
  return addDays(from, AFTER_SALE_CALL_DAYS);
}

/** Which moves an order's status allows. Cancelling a delivered order is a return, not a cancellation: not here. */
export const ORDER_MOVES: Record<OrderStatus, readonly OrderStatus[]> = {
  draft: ['confirmed', 'cancelled'],
  confirmed: ['delivered', 'cancelled'],
  delivered: [],
  cancelled: [],
};

/** An order that exempts its prospect from recall to the pool: sold, not yet handed over. */
export const isOpenOrder = (status: OrderStatus) => status === 'confirmed';
