import { useMemo, useState } from 'react';
import { App, Button, DatePicker, Flex, Form, Input, Select, Typography } from 'antd';
import type { Currency, Locale } from '@pond/domain';
import { useI18n } from '../../i18n/i18n-context.js';
import { useUser } from '../auth/session.js';
import { todayIn } from '../prospects/dates.js';
import { StaleAlert } from '../settings/stale-alert.js';
import { fromOrder, liveTotal, newOrderValues, toOrderInput, type EditorValues } from './order-form.js';
import { OrderLines } from './order-lines.js';
import { CURRENCIES, useMoney } from './money.js';
import { staleOrder, useOrderMutations, useProducts, type Order, type Product } from './orders-api.js';
import { FormError } from '../../app/form-error.js';

const LOCALE_CURRENCY: Record<Locale, Currency> = { 'zh-Hant': 'TWD', 'zh-Hans': 'CNY', en: 'USD' };

/** A new order starts in the catalogue's most common currency, else the one the user's language suggests. */
function defaultCurrency(products: Product[], locale: Locale): Currency {
  const counts = new Map<Currency, number>();
  for (const p of products) counts.set(p.listPrice.currency, (counts.get(p.listPrice.currency) ?? 0) + 1);
  return [...counts].sort((a, b) => b[1] - a[1])[0]?.[0] ?? LOCALE_CURRENCY[locale];
}

interface Props {
  prospectId: number;
  /** The draft to change; none for a new order. */
  order?: Order;
  onSaved: (order: Order) => void;
  onCancel: () => void;
}

/** Writes a draft: currency, lines, delivery day and note; amounts are computed by the domain as one types. */
export function OrderEditor(props: Props) {
  const products = useProducts();
  const { t } = useI18n();
  if (products.isPending) return <Typography.Text type="secondary">{t('common.loading')}</Typography.Text>;
  return <EditorForm {...props} products={products.data?.items ?? []} />;
}

function EditorForm({ prospectId, order, onSaved, onCancel, products }: Props & { products: Product[] }) {
  const { t, locale } = useI18n();
  const { message } = App.useApp();
  const money = useMoney();
  const user = useUser();
  const today = todayIn(user.timeZone);
  const [form] = Form.useForm<EditorValues>();
  const { create, update } = useOrderMutations();
  const [version, setVersion] = useState(order?.version ?? 0);
  const productMap = useMemo(() => new Map(products.map((p) => [p.id, p])), [products]);
  const retired = useMemo(() => new Map((order?.lines ?? []).flatMap((l) => (l.product && !productMap.has(l.product.id) ? [[l.product.id, l.product.name] as const] : []))), [order, productMap]);
  const initial = useMemo(() => (order ? fromOrder(order) : newOrderValues(defaultCurrency(products, locale))), [order, products, locale]);
  const currency = (Form.useWatch('currency', form) ?? initial.currency) as Currency;
  const lines = (Form.useWatch('lines', form) ?? initial.lines) as EditorValues['lines'];
  const total = liveTotal(lines, currency, productMap, today);
  const saving = create.isPending || update.isPending;
  const failure = create.error ?? update.error;
  const stale = staleOrder(update.error);

  const save = (values: EditorValues, at = version) => {
    const input = toOrderInput(values, productMap);
    if (!input) return;
    const done = (saved: Order) => {
      void message.success(t('orders.draftSaved'));
      onSaved(saved);
    };
    if (order) update.mutate({ id: order.id, version: at, input }, { onSuccess: done });
    else create.mutate({ prospectId, input }, { onSuccess: done });
  };

  return (
    <Form<EditorValues> form={form} layout="vertical" requiredMark={false} initialValues={initial} onFinish={(v) => save(v)} data-testid="order-editor">
      <Form.Item name="currency" label={t('orders.currency')} extra={t('orders.currencyHint')} style={{ marginBottom: 12 }}>
        <Select options={CURRENCIES.map((c) => ({ value: c, label: c }))} style={{ maxWidth: 160 }} data-testid="order-currency" />
      </Form.Item>
      <OrderLines form={form} products={products} productMap={productMap} retired={retired} />
      <Flex justify="space-between" align="baseline" gap={8} style={{ marginBottom: 4 }}>
        <Typography.Text strong>{t('orders.total')}</Typography.Text>
        <Typography.Text strong style={{ fontSize: 18, whiteSpace: 'nowrap' }} data-testid="order-total">
          {total === null ? t('common.none') : money(total, currency)}
        </Typography.Text>
      </Flex>
      <Typography.Paragraph type="secondary" style={{ fontSize: 12 }}>
        {t('orders.commissionAfterSave')}
      </Typography.Paragraph>
      <Flex gap={8} wrap>
        <Form.Item name="deliveryOn" label={t('orders.deliveryOn')} style={{ flex: '1 1 160px' }}>
          <DatePicker format="YYYY-MM-DD" inputReadOnly allowClear style={{ width: '100%' }} data-testid="order-delivery" />
        </Form.Item>
      </Flex>
      <Form.Item name="note" label={t('orders.note')}>
        <Input.TextArea autoSize={{ minRows: 2, maxRows: 6 }} maxLength={2000} data-testid="order-note" />
      </Form.Item>
      {stale ? (
        <StaleAlert
          title={t('orders.stale')}
          testId="order"
          onLoadTheirs={() => {
            form.setFieldsValue(fromOrder(stale));
            setVersion(stale.version);
            update.reset();
          }}
          onKeepMine={() => {
            setVersion(stale.version);
            save(form.getFieldsValue(true) as EditorValues, stale.version);
          }}
        />
      ) : (
        <FormError form={form} error={failure} style={{ marginBottom: 12 }} />
      )}
      <Flex gap={8} justify="end" wrap>
        <Button onClick={onCancel}>{t('common.cancel')}</Button>
        <Button type="primary" htmlType="submit" loading={saving} data-testid="order-save">
          {t('orders.saveDraft')}
        </Button>
      </Flex>
    </Form>
  );
}
