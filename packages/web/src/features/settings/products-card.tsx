import { useState } from 'react';
import { Alert, App, Button, Card, Empty, Flex, Form, Input, Modal, Select, Skeleton, Switch, Tag, Typography } from 'antd';
import { EditOutlined, PlusOutlined } from '@ant-design/icons';
import type { Currency, ProductCategory } from '@pond/domain';
import { parseMoney } from '../orders/order-rules.js';
import { useErrorText } from '../../app/use-error-text.js';
import { useReturnFocus } from '../../app/use-return-focus.js';
import { useI18n } from '../../i18n/i18n-context.js';
import { LOCALE_LABELS } from '../../i18n/locales.js';
import { useCategoryLabel, useCategoryOptions } from '../orders/order-bits.js';
import { CURRENCIES, MoneyInput, moneyRule, moneyText, useMoney } from '../orders/money.js';
import { useProductMutations, useProducts, type Product } from '../orders/orders-api.js';
import { FormError } from '../../app/form-error.js';

const NAME_LOCALES = ['zh-Hant', 'zh-Hans', 'en'] as const;

interface Values {
  names: Partial<Record<(typeof NAME_LOCALES)[number], string>>;
  category: ProductCategory;
  listPrice: string;
  currency: Currency;
}

/** The catalogue the order form picks from: names in the team's languages, category, list price; retired ones kept. */
export function ProductsCard() {
  const errorText = useErrorText();
  const { t } = useI18n();
  const { message } = App.useApp();
  const money = useMoney();
  const categoryLabel = useCategoryLabel();
  const products = useProducts(true);
  const { update } = useProductMutations();
  const [editing, setEditing] = useState<Product | 'new' | null>(null);
  const items = products.data?.items ?? [];

  const toggle = (p: Product, active: boolean) =>
    update.mutate({ id: p.id, version: p.version, patch: { active } }, { onSuccess: () => void message.success(active ? t('products.activated') : t('products.retiredDone')), onError: (err) => void message.error(errorText(err)) });

  return (
    <Card
      title={t('products.title')}
      extra={
        <Button icon={<PlusOutlined />} onClick={() => setEditing('new')} data-testid="products-add">
          {t('products.add')}
        </Button>
      }
      data-testid="products-card"
    >
      <Typography.Paragraph type="secondary">{t('products.intro')}</Typography.Paragraph>
      {products.isError ? (
        <Alert type="error" showIcon title={errorText(products.error)} />
      ) : products.isPending ? (
        <Skeleton active />
      ) : items.length === 0 ? (
        <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('products.empty')} />
      ) : (
        <Flex vertical gap={0} data-testid="products-list">
          {items.map((p, i) => (
            <Flex key={p.id} gap={8} align="center" style={{ borderTop: i ? '1px solid #f0f0f0' : undefined, padding: '8px 0', opacity: p.active ? 1 : 0.6 }} data-testid={`product-${p.id}`}>
              <Flex vertical style={{ flex: 1, minWidth: 0 }}>
                <Typography.Text strong className="pond-wrap">
                  {p.name}
                  {!p.active && (
                    <Tag style={{ marginInlineStart: 6 }} data-testid="product-retired">
                      {t('products.retired')}
                    </Tag>
                  )}
                </Typography.Text>
                <Typography.Text type="secondary" style={{ fontSize: 13 }} className="pond-wrap">
                  {categoryLabel(p.category)} · {money(p.listPrice.minor, p.listPrice.currency)}
                </Typography.Text>
              </Flex>
              <Switch
                checked={p.active}
                loading={update.isPending && update.variables?.id === p.id}
                onChange={(on) => toggle(p, on)}
                aria-label={t('products.activeFor', { name: p.name })}
                data-testid={`product-active-${p.id}`}
              />
              <Button type="text" icon={<EditOutlined />} onClick={() => setEditing(p)} aria-label={t('products.editFor', { name: p.name })} data-testid={`product-edit-${p.id}`} />
            </Flex>
          ))}
        </Flex>
      )}
      <ProductModal product={editing} onClose={() => setEditing(null)} />
    </Card>
  );
}

function ProductModal({ product, onClose }: { product: Product | 'new' | null; onClose: () => void }) {
  const { t } = useI18n();
  const { message } = App.useApp();
  const categoryOptions = useCategoryOptions();
  const [form] = Form.useForm<Values>();
  const { create, update } = useProductMutations();
  const returnFocus = useReturnFocus(product !== null);
  const existing = product && product !== 'new' ? product : null;
  const currency = (Form.useWatch('currency', form) ?? existing?.listPrice.currency ?? 'TWD') as Currency;
  const saving = create.isPending || update.isPending;
  const failure = create.error ?? update.error;

  const submit = (v: Values) => {
    const listPriceMinor = parseMoney(v.listPrice, v.currency);
    if (listPriceMinor === null) return;
    const names = Object.fromEntries(NAME_LOCALES.flatMap((l) => (v.names[l]?.trim() ? [[l, v.names[l]!.trim()]] : [])));
    const done = () => {
      void message.success(t('common.saved'));
      onClose();
    };
    if (existing) update.mutate({ id: existing.id, version: existing.version, patch: { names, category: v.category, listPriceMinor, currency: v.currency } }, { onSuccess: done });
    else create.mutate({ names, category: v.category, listPriceMinor, currency: v.currency, active: true }, { onSuccess: done });
  };

  const initial: Values = existing
    ? { names: { ...existing.names }, category: existing.category, listPrice: moneyText(existing.listPrice.minor, existing.listPrice.currency), currency: existing.listPrice.currency }
    : { names: {}, category: 'vehicle', listPrice: '', currency: 'TWD' };
  const oneName = {
    validator: async () => {
      const names = (form.getFieldValue('names') ?? {}) as Values['names'];
      if (!NAME_LOCALES.some((l) => names[l]?.trim())) throw new Error(t('products.nameNeeded'));
    },
  };

  return (
    <Modal
      open={product !== null}
      title={existing ? t('products.edit') : t('products.add')}
      okText={t('common.save')}
      cancelText={t('common.cancel')}
      okButtonProps={{ ...{ 'data-testid': 'product-save' } }}
      confirmLoading={saving}
      onOk={() => form.submit()}
      onCancel={onClose}
      focusable={returnFocus.focusable}
      afterClose={() => {
        returnFocus.closed();
        create.reset();
        update.reset();
      }}
      destroyOnHidden
    >
      <FormError form={form} error={failure} style={{ marginBottom: 12 }} />
      <Form<Values> form={form} layout="vertical" requiredMark={false} initialValues={initial} onFinish={submit} data-testid="product-form">
        <Typography.Paragraph type="secondary">{t('products.namesHint')}</Typography.Paragraph>
        {NAME_LOCALES.map((l, i) => (
          <Form.Item key={l} name={['names', l]} label={LOCALE_LABELS[l]} dependencies={NAME_LOCALES.filter((o) => o !== l).map((o) => ['names', o])} rules={i === 0 ? [oneName] : []} style={{ marginBottom: 12 }}>
            <Input maxLength={200} data-testid={`product-name-${l}`} />
          </Form.Item>
        ))}
        <Form.Item name="category" label={t('products.categoryLabel')}>
          <Select options={categoryOptions} data-testid="product-category" />
        </Form.Item>
        <Flex gap={8} wrap>
          <Form.Item name="listPrice" label={t('products.listPrice')} dependencies={['currency']} rules={[moneyRule(() => form.getFieldValue('currency') as Currency, t('orders.amountInvalid'))]} style={{ flex: '1 1 160px' }}>
            <MoneyInput currency={currency} data-testid="product-price" />
          </Form.Item>
          <Form.Item name="currency" label={t('orders.currency')} style={{ flex: '0 1 110px' }}>
            <Select options={CURRENCIES.map((c) => ({ value: c, label: c }))} data-testid="product-currency" />
          </Form.Item>
        </Flex>
      </Form>
    </Modal>
  );
}
