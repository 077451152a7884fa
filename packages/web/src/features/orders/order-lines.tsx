import { useMemo } from 'react';
import { Button, Flex, Form, Input, InputNumber, Select, Typography, type FormInstance } from 'antd';
import { DeleteOutlined, PlusOutlined } from '@ant-design/icons';
import type { Currency } from '@pond/domain';
import { useI18n } from '../../i18n/i18n-context.js';
import { useCategoryLabel, useCategoryOptions } from './order-bits.js';
import { emptyLine, liveLine, type EditorValues, type LineValues } from './order-form.js';
import { MoneyInput, moneyRule, moneyText, percentRule, useMoney } from './money.js';
import type { Product } from './orders-api.js';

interface Props {
  form: FormInstance<EditorValues>;
  products: Product[];
  productMap: ReadonlyMap<number, Product>;
  /** Names of products the draft's lines refer to that the catalogue no longer offers. */
  retired: ReadonlyMap<number, string>;
}

/** The order's lines: a product of the catalogue or free text with a category, each with its live amount. */
export function OrderLines({ form, products, productMap, retired }: Props) {
  const { t } = useI18n();
  return (
    <Form.List name="lines">
      {(fields, { add, remove }) => (
        <Flex vertical gap={8} style={{ marginBottom: 12 }}>
          {fields.map((field, index) => (
            <LineBox key={field.key} index={index} name={field.name} form={form} products={products} productMap={productMap} retired={retired} onRemove={fields.length > 1 ? () => remove(field.name) : undefined} />
          ))}
          <Button icon={<PlusOutlined />} onClick={() => add(emptyLine())} data-testid="order-add-line">
            {t('orders.addLine')}
          </Button>
        </Flex>
      )}
    </Form.List>
  );
}

function LineBox({ index, name, form, products, productMap, retired, onRemove }: Props & { index: number; name: number; onRemove: (() => void) | undefined }) {
  const { t } = useI18n();
  const money = useMoney();
  const categoryOptions = useCategoryOptions();
  const categoryLabel = useCategoryLabel();
  const currency = (Form.useWatch('currency', form) ?? 'TWD') as Currency;
  const line = Form.useWatch(['lines', name], form) as LineValues | undefined;
  const discountKind = line?.discountKind ?? 'none';
  const product = line?.productId ? productMap.get(line.productId) : undefined;
  const amounts = liveLine(line, currency, productMap);
  const currencyOf = () => (form.getFieldValue('currency') ?? 'TWD') as Currency;

  const productOptions = useMemo(
    () => [
      ...products.map((p) => ({ value: p.id, label: p.name, hint: `${categoryLabel(p.category)} · ${money(p.listPrice.minor, p.listPrice.currency)}` })),
      ...[...retired].map(([id, label]) => ({ value: id, label, hint: t('products.retired') })),
    ],
    // The labels follow the language and the catalogue; money and categoryLabel change with them.
    [products, retired, t],
  );

  const pick = (id: number | null | undefined) => {
    const picked = id ? productMap.get(id) : undefined;
    if (!picked) return;
    const patch: Partial<LineValues> = { category: picked.category };
    // The list price fills in only in the order's own currency: Pond never converts between currencies.
    if (picked.listPrice.currency === currencyOf()) patch.unitPrice = moneyText(picked.listPrice.minor, picked.listPrice.currency);
    form.setFieldValue(['lines', name], { ...form.getFieldValue(['lines', name]), ...patch });
    void form.validateFields([['lines', name, 'unitPrice']]).catch(() => undefined);
  };

  const amountText =
    amounts === null
      ? t('common.none')
      : typeof amounts === 'string'
        ? t(amounts === 'ORDER_DISCOUNT_TOO_LARGE' ? 'orders.discountTooLarge' : 'orders.tooLarge')
        : money(amounts.amount, currency);

  return (
    <div style={{ border: '1px solid #e5e7eb', borderRadius: 8, padding: '10px 10px 2px', background: '#fcfcfc' }} data-testid={`order-line-${index}`}>
      <Flex justify="space-between" align="center" style={{ marginBottom: 6 }}>
        <Typography.Text strong>{t('orders.lineN', { n: index + 1 })}</Typography.Text>
        {onRemove && <Button size="small" type="text" danger icon={<DeleteOutlined />} onClick={onRemove} aria-label={t('orders.removeLine', { n: index + 1 })} data-testid={`order-line-remove-${index}`} />}
      </Flex>
      <Form.Item name={[name, 'productId']} label={t('orders.product')} style={{ marginBottom: 8 }} extra={product && product.listPrice.currency !== currency ? t('orders.otherCurrency', { price: money(product.listPrice.minor, product.listPrice.currency) }) : undefined}>
        <Select
          allowClear
          showSearch={{ optionFilterProp: 'label' }}
          placeholder={t('orders.freeText')}
          options={productOptions}
          optionRender={(o) => (
            <Flex vertical>
              <span className="pond-wrap">{o.label}</span>
              <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                {o.data.hint}
              </Typography.Text>
            </Flex>
          )}
          onChange={pick}
          data-testid={`order-line-product-${index}`}
        />
      </Form.Item>
      {!line?.productId && (
        <Flex gap={8} wrap>
          <Form.Item name={[name, 'description']} label={t('orders.description')} rules={[{ required: true, whitespace: true, message: t('error.required') }]} style={{ flex: '2 1 180px', marginBottom: 8 }}>
            <Input maxLength={300} data-testid={`order-line-description-${index}`} />
          </Form.Item>
          <Form.Item name={[name, 'category']} label={t('products.categoryLabel')} style={{ flex: '1 1 120px', marginBottom: 8 }}>
            <Select options={categoryOptions} data-testid={`order-line-category-${index}`} />
          </Form.Item>
        </Flex>
      )}
      <Flex gap={8} wrap>
        <Form.Item name={[name, 'quantity']} label={t('orders.quantity')} rules={[{ required: true, message: t('error.required') }]} style={{ flex: '0 1 96px', marginBottom: 8 }}>
          <InputNumber min={1} max={100_000} precision={0} style={{ width: '100%' }} inputMode="numeric" data-testid={`order-line-qty-${index}`} />
        </Form.Item>
        <Form.Item name={[name, 'unitPrice']} label={t('orders.unitPrice')} dependencies={['currency']} rules={[moneyRule(currencyOf, t('orders.amountInvalid'))]} style={{ flex: '1 1 150px', marginBottom: 8 }}>
          <MoneyInput currency={currency} data-testid={`order-line-price-${index}`} />
        </Form.Item>
      </Flex>
      <Flex gap={8} wrap align="start">
        <Form.Item name={[name, 'discountKind']} label={t('orders.discount')} style={{ flex: '0 1 130px', marginBottom: 8 }}>
          <Select
            options={[
              { value: 'none', label: t('orders.discountNone') },
              { value: 'amount', label: t('orders.discountAmount') },
              { value: 'percent', label: t('orders.discountPercent') },
            ]}
            data-testid={`order-line-discount-kind-${index}`}
          />
        </Form.Item>
        {discountKind !== 'none' && (
          <Form.Item
            name={[name, 'discount']}
            label={discountKind === 'percent' ? t('orders.discountPercentLabel') : t('orders.discountAmountLabel')}
            dependencies={['currency']}
            rules={[discountKind === 'percent' ? percentRule(t('orders.percentInvalid')) : moneyRule(currencyOf, t('orders.amountInvalid'), false)]}
            style={{ flex: '1 1 120px', marginBottom: 8 }}
          >
            {discountKind === 'percent' ? (
              <Input inputMode="decimal" autoComplete="off" suffix="%" data-testid={`order-line-discount-${index}`} />
            ) : (
              <MoneyInput currency={currency} data-testid={`order-line-discount-${index}`} />
            )}
          </Form.Item>
        )}
      </Flex>
      <Flex justify="space-between" align="baseline" gap={8} style={{ borderTop: '1px dashed #e5e7eb', padding: '6px 0' }}>
        <Typography.Text type="secondary">{t('orders.lineAmount')}</Typography.Text>
        <Typography.Text strong type={typeof amounts === 'string' ? 'danger' : undefined} data-testid={`order-line-amount-${index}`} style={{ whiteSpace: 'nowrap' }}>
          {amountText}
        </Typography.Text>
      </Flex>
    </div>
  );
}
