import { Flex, Input, Typography, type FormRule, type InputProps } from 'antd';
import type { Currency, MoneyView, OrderTotalsView } from '@pond/domain';
import { CURRENCIES, CURRENCY_DIGITS, formatMoney, minorToDecimal, parseDecimal, parseMoney } from './order-rules.js';
import { useI18n } from '../../i18n/i18n-context.js';

export { CURRENCIES };

/** Amounts for people, in the reader's language: "NT$1,280,000.00". */
export function useMoney(): (minor: number, currency: Currency) => string {
  const { locale } = useI18n();
  return (minor, currency) => formatMoney(minor, currency, locale);
}

export function Money({ value, strong }: { value: MoneyView; strong?: boolean }) {
  const money = useMoney();
  return (
    <Typography.Text strong={strong} style={{ whiteSpace: 'nowrap' }}>
      {money(value.minor, value.currency)}
    </Typography.Text>
  );
}

/** Minor units back into the text a money field shows ("1280000.50"), for editing what is stored. */
export const moneyText = (minor: number, currency: Currency) => minorToDecimal(minor, CURRENCY_DIGITS[currency]);

/** A percentage as typed ("2.5") in basis points (250), or null when it is not one between 0 and 100. */
export function percentToBasisPoints(text: string): number | null {
  const bp = parseDecimal(text, 2);
  return bp !== null && bp <= 10_000 ? bp : null;
}

export const basisPointsText = (bp: number) => minorToDecimal(bp, 2).replace(/\.?0+$/, '');

/** A form rule: the text must be an amount of the currency (its own number of decimals, no more). */
export function moneyRule(currency: () => Currency, message: string, required = true): FormRule {
  return {
    validator: async (_, value: string | undefined) => {
      if (!value?.trim()) {
        if (required) throw new Error(message);
        return;
      }
      if (parseMoney(value, currency()) === null) throw new Error(message);
    },
  };
}

export function percentRule(message: string): FormRule {
  return {
    validator: async (_, value: string | undefined) => {
      if (value?.trim() && percentToBasisPoints(value) === null) throw new Error(message);
    },
  };
}

/** A money field: typed as text (never a float), with the currency beside it and a decimal keyboard on phones. */
export function MoneyInput({ currency, ...props }: InputProps & { currency?: Currency }) {
  return <Input inputMode="decimal" autoComplete="off" {...props} suffix={currency ? <Typography.Text type="secondary">{currency}</Typography.Text> : props.suffix} />;
}

const TOTAL_BOX = { background: '#fff', border: '1px solid #e5e7eb', borderRadius: 8, padding: '8px 12px', minWidth: 0, flex: '1 1 150px', maxWidth: 260 } as const;

/** Totals per currency, never added across currencies: one line each, with the number of orders and the commission. */
export function TotalsByCurrency({ totals, loading }: { totals: OrderTotalsView[]; loading?: boolean }) {
  const { t } = useI18n();
  const money = useMoney();
  if (!totals.length) return loading ? null : <Typography.Text type="secondary">{t('orders.noTotals')}</Typography.Text>;
  return (
    <Flex gap={8} wrap data-testid="orders-totals">
      {totals.map((row) => (
        <div key={row.currency} style={TOTAL_BOX} data-testid={`orders-total-${row.currency}`} data-minor={row.totalMinor}>
          <Typography.Text type="secondary" style={{ fontSize: 12 }}>
            {t(row.orders === 1 ? 'orders.totalsOfOne' : 'orders.totalsOf', { currency: row.currency, count: row.orders })}
          </Typography.Text>
          <div style={{ fontSize: 18, fontWeight: 600, whiteSpace: 'nowrap' }}>{money(row.totalMinor, row.currency)}</div>
          <Typography.Text type="secondary" style={{ fontSize: 12, whiteSpace: 'nowrap' }}>
            {t('orders.commissionOf', { amount: money(row.commissionMinor, row.currency) })}
          </Typography.Text>
        </div>
      ))}
    </Flex>
  );
}
