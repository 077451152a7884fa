import { z } from 'zod';
import type { Locale } from '../i18n/locale.js';

/**
 * Money is exact: an integer count of the currency's minor unit (cents, fen) beside an ISO 4217 code, from the form
 * to the database to the report. No amount is ever a floating-point number, and amounts of two currencies are never
 * added together. The digits are ISO 4217's (TWD has two, though its coins stop at the yuan).
 */
export const CURRENCY_DIGITS = { TWD: 2, CNY: 2, HKD: 2, USD: 2, MOP: 2, SGD: 2, EUR: 2, JPY: 0 } as const;
export const CURRENCIES = Object.keys(CURRENCY_DIGITS) as (keyof typeof CURRENCY_DIGITS)[];
export const Currency = z.enum(CURRENCIES as [keyof typeof CURRENCY_DIGITS, ...(keyof typeof CURRENCY_DIGITS)[]]);
export type Currency = z.infer<typeof Currency>;

/** The largest amount Pond keeps, in minor units: well inside 2^53, so every sum of an order's lines stays exact. */
export const MAX_MINOR = 10 ** 15;

/** An amount in minor units, as the API carries it. */
export const MinorAmount = z.number().int().min(0).max(MAX_MINOR);

export const MoneyView = z.object({ minor: z.number().int(), currency: Currency });
export type MoneyView = z.infer<typeof MoneyView>;

/** A share in basis points (1/100 of a percent): 250 is 2.5 %. Percentages are typed with two decimals at most. */
export const BasisPoints = z.number().int().min(0).max(10_000);

/**
 * A decimal the user typed ("1,280,000.50", "1280000", "12.5") into an integer of `digits` decimals, read as text
 * (never through a float). Null when it is not such a number, or has more decimals than the currency has.
 */
export function parseDecimal(text: string, digits: number): number | null {
  const s = text.trim().replace(/[,\s\u00A0\u202F，]/g, '');
  const m = /^(\d{1,16})(?:\.(\d*))?$/.exec(s);
  if (!m) return null;
  const fraction = m[2] ?? '';
  if (fraction.length > digits) {
    // Trailing zeros beyond the currency's digits are harmless ("12.500" TWD); any other digit is not.
    if (!/^0*$/.test(fraction.slice(digits))) return null;
  }
  const value = BigInt(m[1]!) * 10n ** BigInt(digits) + BigInt((fraction.slice(0, digits) || '0').padEnd(digits, '0'));
  return value > BigInt(MAX_MINOR) ? null : Number(value);
}

/** Minor units as a plain decimal string: 128000050 TWD → "1280000.50". */
export function minorToDecimal(minor: number, digits: number): string {
  const negative = minor < 0;
  const s = String(Math.abs(minor)).padStart(digits + 1, '0');
  const whole = digits ? s.slice(0, -digits) : s;
  return `${negative ? '-' : ''}${whole}${digits ? `.${s.slice(-digits)}` : ''}`;
}

export const parseMoney = (text: string, currency: Currency) => parseDecimal(text, CURRENCY_DIGITS[currency]);

const INTL_LOCALE: Record<Locale, string> = { 'zh-Hant': 'zh-TW', 'zh-Hans': 'zh-CN', en: 'en' };
const formatters = new Map<string, Intl.NumberFormat>();

/**
 * An amount for people: "NT$1,280,000.00", "US$12.50", in the reader's language. The decimal string goes to Intl
 * as a string, which formats it exactly (no float on the way).
 */
export function formatMoney(minor: number, currency: Currency, locale: Locale): string {
  const key = `${locale}|${currency}`;
  let f = formatters.get(key);
  if (!f) {
    f = new Intl.NumberFormat(INTL_LOCALE[locale], { style: 'currency', currency, currencyDisplay: 'symbol', minimumFractionDigits: CURRENCY_DIGITS[currency] });
    formatters.set(key, f);
  }
  return f.format(minorToDecimal(minor, CURRENCY_DIGITS[currency]) as unknown as number);
}

/** Basis points as a percentage to show: 250 → "2.5%". */
export function formatBasisPoints(bp: number): string {
  return `${minorToDecimal(bp, 2).replace(/\.?0+$/, '')}%`;
}

/** Half away from zero (四捨五入) of numerator / denominator, in exact integers. */
export function divideRounded(numerator: bigint, denominator: bigint): bigint {
  const negative = numerator < 0n !== denominator < 0n;
  const n = numerator < 0n ? -numerator : numerator;
  const d = denominator < 0n ? -denominator : denominator;
  const q = (n * 2n + d) / (d * 2n);
  return negative ? -q : q;
}

/** Totals of several amounts, one per currency: never summed across currencies. */
export function totalsByCurrency(amounts: Iterable<MoneyView>): MoneyView[] {
  const sums = new Map<Currency, bigint>();
  for (const a of amounts) sums.set(a.currency, (sums.get(a.currency) ?? 0n) + BigInt(a.minor));
  return [...sums].sort(([a], [b]) => (a < b ? -1 : 1)).map(([currency, minor]) => ({ currency, minor: Number(minor) }));
}
