import dayjs, { type Dayjs } from 'dayjs';
import type { Currency, Discount, LineAmounts, LineInput, MoneyProblem, OrderLineInput, ProductCategory } from '@pond/domain';
import { lineAmounts, parseMoney, priceOrder } from './order-rules.js';
import { basisPointsText, moneyText, percentToBasisPoints } from './money.js';
import type { Order, OrderInput, Product } from './orders-api.js';

export type DiscountKind = 'none' | 'amount' | 'percent';

/** One line as the form holds it: amounts as the text typed, converted only when priced or saved. */
export interface LineValues {
  productId?: number | null;
  description?: string;
  category?: ProductCategory;
  quantity?: number | null;
  unitPrice?: string;
  discountKind?: DiscountKind;
  discount?: string;
}

export interface EditorValues {
  currency: Currency;
  lines: LineValues[];
  deliveryOn?: Dayjs | null;
  note?: string;
}

export const emptyLine = (): LineValues => ({ productId: null, quantity: 1, unitPrice: '', discountKind: 'none', discount: '', category: 'other' });

export function newOrderValues(currency: Currency): EditorValues {
  return { currency, lines: [emptyLine()], deliveryOn: null, note: '' };
}

/** A stored draft back into the form's text. */
export function fromOrder(order: Order): EditorValues {
  return {
    currency: order.currency,
    lines: order.lines.map((l) => ({
      productId: l.product?.id ?? null,
      description: l.description ?? '',
      category: l.category,
      quantity: l.quantity,
      unitPrice: moneyText(l.unitMinor, order.currency),
      discountKind: l.discount?.kind ?? 'none',
      discount: l.discount === null ? '' : l.discount.kind === 'amount' ? moneyText(l.discount.minor, order.currency) : basisPointsText(l.discount.basisPoints),
    })),
    deliveryOn: order.deliveryOn ? dayjs(order.deliveryOn) : null,
    note: order.note ?? '',
  };
}

function discountOf(l: LineValues, currency: Currency): Discount | null | undefined {
  const text = l.discount?.trim() ?? '';
  if (!l.discountKind || l.discountKind === 'none' || text === '') return null;
  if (l.discountKind === 'amount') {
    const minor = parseMoney(text, currency);
    return minor === null ? undefined : { kind: 'amount', minor };
  }
  const basisPoints = percentToBasisPoints(text);
  return basisPoints === null ? undefined : { kind: 'percent', basisPoints };
}

/** The line as the domain prices it, or null while something is missing or not a number yet. */
export function domainLine(l: LineValues | undefined, currency: Currency, products: ReadonlyMap<number, Product>): LineInput | null {
  if (!l) return null;
  // A retired product keeps the category its line was stored with; the server says why it cannot be saved again.
  const product = l.productId ? products.get(l.productId) : undefined;
  if (!l.quantity || !Number.isInteger(l.quantity) || l.quantity < 1) return null;
  const unitMinor = parseMoney(l.unitPrice ?? '', currency);
  const discount = discountOf(l, currency);
  if (unitMinor === null || discount === undefined) return null;
  return { category: product?.category ?? l.category ?? 'other', quantity: l.quantity, unitMinor, discount };
}

/** A line's amounts while typing: null when incomplete, the domain's problem when it breaks a rule. */
export function liveLine(l: LineValues | undefined, currency: Currency, products: ReadonlyMap<number, Product>): LineAmounts | MoneyProblem | null {
  const line = domainLine(l, currency, products);
  return line ? lineAmounts(line) : null;
}

/** The order's total while typing, computed by the domain; null until every line is complete and valid. */
export function liveTotal(lines: readonly (LineValues | undefined)[], currency: Currency, products: ReadonlyMap<number, Product>, today: string): number | null {
  const domain = lines.map((l) => domainLine(l, currency, products));
  if (!domain.length || domain.some((l) => l === null)) return null;
  const priced = priceOrder(domain as LineInput[], currency, [], today);
  return 'problem' in priced ? null : priced.total;
}

/** What the API takes, or null when a line is not complete (the form's rules say which). */
export function toOrderInput(values: EditorValues, products: ReadonlyMap<number, Product>): OrderInput | null {
  const lines: OrderLineInput[] = [];
  for (const l of values.lines) {
    const line = domainLine(l, values.currency, products);
    if (!line) return null;
    const description = l.description?.trim() || null;
    if (l.productId) lines.push({ productId: l.productId, quantity: line.quantity, unitMinor: line.unitMinor, discount: line.discount });
    else if (description) lines.push({ productId: null, description, category: line.category, quantity: line.quantity, unitMinor: line.unitMinor, discount: line.discount });
    else return null;
  }
  return { currency: values.currency, lines, deliveryOn: values.deliveryOn ? values.deliveryOn.format('YYYY-MM-DD') : null, note: values.note?.trim() || null };
}
