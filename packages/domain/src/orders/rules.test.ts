import { describe, expect, it } from 'vitest';
import { divideRounded, formatBasisPoints, formatMoney, minorToDecimal, parseDecimal, parseMoney, totalsByCurrency } from './money.js';
import { afterSaleCallOn, lineAmounts, lineCommission, priceOrder, ruleInForce, stageFromOrders, type CommissionRule, type LineInput } from './rules.js';

const line = (l: Partial<LineInput>): LineInput => ({ category: 'vehicle', quantity: 1, unitMinor: 0, discount: null, ...l });

describe('money is read as text, never as a float', () => {
  it.each([
    ['1280000', 2, 128000000],
    ['1,280,000.50', 2, 128000050],
    ['0.1', 2, 10],
    ['0.29', 2, 29], // 0.29 * 100 is 28.999999999999996 in floating point
    ['1.005', 2, null], // a third decimal TWD does not have
    ['12.500', 2, 1250], // zeros beyond the digits are harmless
    ['1500', 0, 1500],
    ['1500.5', 0, null],
    ['-5', 2, null],
    ['1e5', 2, null],
    ['', 2, null],
    ['１２３', 2, null],
    ['99999999999999999', 2, null], // over the largest amount kept
  ])('%s with %i digits → %s', (text, digits, expected) => {
    expect(parseDecimal(text, digits)).toBe(expected);
  });

  it('parses by the currency and prints back the same decimal', () => {
    expect(parseMoney('12.5', 'USD')).toBe(1250);
    expect(parseMoney('12.5', 'JPY')).toBeNull();
    expect(minorToDecimal(128000050, 2)).toBe('1280000.50');
    expect(minorToDecimal(5, 2)).toBe('0.05');
    expect(minorToDecimal(1500, 0)).toBe('1500');
  });

  it('formats exactly, in the reader language', () => {
    expect(formatMoney(123456789012345, 'USD', 'en')).toBe('$1,234,567,890,123.45');
    expect(formatMoney(128000000, 'TWD', 'en')).toBe('NT$1,280,000.00');
    expect(formatMoney(9999, 'CNY', 'zh-Hans')).toBe('¥99.99');
    expect(formatBasisPoints(250)).toBe('2.5%');
    expect(formatBasisPoints(1000)).toBe('10%');
  });
});

describe('rounding half away from zero (四捨五入)', () => {
  it.each([
    [5n, 2n, 3n],
    [4n, 2n, 2n],
    [7n, 2n, 4n],
    [1n, 3n, 0n],
    [2n, 3n, 1n],
    [-5n, 2n, -3n],
    [12345n * 250n, 10_000n, 309n], // 308.625
    [100n * 50n, 10_000n, 1n], // 0.5 → 1
    [100n * 49n, 10_000n, 0n], // 0.49 → 0
  ])('%s / %s → %s', (n, d, q) => expect(divideRounded(n, d)).toBe(q));
});

describe('a line', () => {
  it.each([
    ['no discount', line({ quantity: 2, unitMinor: 150000 }), { gross: 300000, discount: 0, amount: 300000 }],
    ['an amount off', line({ quantity: 1, unitMinor: 88800000, discount: { kind: 'amount', minor: 800000 } }), { gross: 88800000, discount: 800000, amount: 88000000 }],
    // 3 × 333 = 999 at 5 %: 49.95 → 50 on the whole line (per unit it would have been 3 × 17 = 51)
    ['a percentage, rounded on the line', line({ quantity: 3, unitMinor: 333, discount: { kind: 'percent', basisPoints: 500 } }), { gross: 999, discount: 50, amount: 949 }],
    ['12.5 % of 1 cent rounds to nothing', line({ unitMinor: 1, discount: { kind: 'percent', basisPoints: 1250 } }), { gross: 1, discount: 0, amount: 1 }],
    ['50 % of 1 cent rounds up', line({ unitMinor: 1, discount: { kind: 'percent', basisPoints: 5000 } }), { gross: 1, discount: 1, amount: 0 }],
    ['all of it', line({ quantity: 4, unitMinor: 2500, discount: { kind: 'percent', basisPoints: 10000 } }), { gross: 10000, discount: 10000, amount: 0 }],
  ])('%s', (_name, l, expected) => expect(lineAmounts(l)).toEqual(expected));

  it('refuses a discount larger than the line and a line over the largest amount', () => {
    expect(lineAmounts(line({ unitMinor: 100, discount: { kind: 'amount', minor: 101 } }))).toBe('ORDER_DISCOUNT_TOO_LARGE');
    expect(lineAmounts(line({ quantity: 100_000, unitMinor: 10 ** 15 }))).toBe('ORDER_TOO_LARGE');
  });
});

const rules: CommissionRule[] = [
  { id: 1, category: 'vehicle', rate: { kind: 'percent', basisPoints: 100 }, effectiveOn: '2026-01-01' },
  { id: 2, category: 'vehicle', rate: { kind: 'percent', basisPoints: 150 }, effectiveOn: '2026-07-01' },
  { id: 3, category: 'part', rate: { kind: 'percent', basisPoints: 500 }, effectiveOn: '2026-01-01' },
  { id: 4, category: 'service', rate: { kind: 'fixed', minorPerUnit: 20000, currency: 'TWD' }, effectiveOn: '2026-01-01' },
];

describe('commission', () => {
  it.each([
    ['vehicle', '2025-12-31', null],
    ['vehicle', '2026-01-01', 1],
    ['vehicle', '2026-06-30', 1],
    ['vehicle', '2026-07-01', 2],
    ['part', '2027-01-01', 3],
    ['accessory', '2027-01-01', null],
  ] as const)('%s on %s takes rule %s', (category, on, id) => expect(ruleInForce(rules, category, on)?.id ?? null).toBe(id));

  it.each([
    ['1.5 % of 880,000.00', 88000000, 1, 'TWD', rules[1]!, 1320000],
    ['5 % of 123.45 → 6.1725 → 6.17', 12345, 1, 'TWD', rules[2]!, 617],
    ['5 % of 123.50 → 6.175 → 6.18', 12350, 1, 'TWD', rules[2]!, 618],
    ['fixed 200.00 per unit × 3', 0, 3, 'TWD', rules[3]!, 60000],
    ['a fixed rule in another currency pays nothing', 100, 3, 'USD', rules[3]!, null],
    ['no rule', 100, 1, 'TWD', null, null],
  ] as const)('%s', (_name, amount, qty, currency, rule, expected) => expect(lineCommission(amount, qty, currency, rule)).toBe(expected));

  it('prices the seed story: a car and its parts, with one line no rule covers', () => {
    const priced = priceOrder(
      [
        line({ category: 'vehicle', unitMinor: 88800000, discount: { kind: 'amount', minor: 800000 } }),
        line({ category: 'part', quantity: 4, unitMinor: 350000, discount: { kind: 'percent', basisPoints: 1000 } }),
        line({ category: 'accessory', quantity: 1, unitMinor: 99900 }),
      ],
      'TWD',
      rules,
      '2026-12-02',
    );
    expect(priced).toEqual({
      lines: [
        { gross: 88800000, discount: 800000, amount: 88000000, commission: 1320000, ruleId: 2 },
        { gross: 1400000, discount: 140000, amount: 1260000, commission: 63000, ruleId: 3 },
        { gross: 99900, discount: 0, amount: 99900, commission: null, ruleId: null },
      ],
      total: 89359900,
      commission: 1383000,
      linesWithoutCommission: 1,
    });
  });

  it('names the line that breaks a rule', () => {
    expect(priceOrder([line({ unitMinor: 5 }), line({ unitMinor: 5, discount: { kind: 'amount', minor: 6 } })], 'TWD', rules, '2026-12-02')).toEqual({ problem: 'ORDER_DISCOUNT_TOO_LARGE', line: 1 });
  });
});

describe('totals', () => {
  it('adds per currency, never across', () => {
    expect(
      totalsByCurrency([
        { minor: 100, currency: 'TWD' },
        { minor: 250, currency: 'USD' },
        { minor: 900, currency: 'TWD' },
      ]),
    ).toEqual([
      { currency: 'TWD', minor: 1000 },
      { currency: 'USD', minor: 250 },
    ]);
  });
});

describe('stage from orders', () => {
  it.each([
    ['prospect', 0, 'prospect'],
    ['prospect', 1, 'customer'],
    ['prospect', 2, 'repeat_customer'],
    ['prospect', 7, 'repeat_customer'],
    ['customer', 0, 'customer'],
    ['customer', 1, 'repeat_customer'],
    ['repeat_customer', 0, 'repeat_customer'],
  ] as const)('%s with %i live orders → %s', (before, n, stage) => expect(stageFromOrders(before, n)).toBe(stage));
});

describe('the after-sale call', () => {
  it.each([
    [null, '2026-12-02', '2026-12-05'],
    ['2026-12-10', '2026-12-02', '2026-12-13'],
    ['2026-11-20', '2026-12-02', '2026-12-05'], // a past delivery day: a few days from today
  ] as const)('delivery %s, today %s → %s', (delivery, today, expected) => expect(afterSaleCallOn(delivery, today)).toBe(expected));
});
