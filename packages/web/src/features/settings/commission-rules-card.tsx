import { useState } from 'react';
import { Alert, App, Button, Card, Collapse, DatePicker, Flex, Form, Input, Modal, Segmented, Select, Skeleton, Tag, Typography } from 'antd';
import { PlusOutlined } from '@ant-design/icons';
import dayjs, { type Dayjs } from 'dayjs';
import type { Currency, ProductCategory } from '@pond/domain';
import { formatBasisPoints, parseMoney } from '../orders/order-rules.js';
import { useErrorText } from '../../app/use-error-text.js';
import { useReturnFocus } from '../../app/use-return-focus.js';
import { useI18n } from '../../i18n/i18n-context.js';
import { useUser } from '../auth/session.js';
import { PRODUCT_CATEGORIES, useCategoryLabel, useCategoryOptions } from '../orders/order-bits.js';
import { CURRENCIES, MoneyInput, moneyRule, percentRule, percentToBasisPoints, useMoney } from '../orders/money.js';
import { useAddCommissionRule, useCommissionRules, type CommissionRule, type CommissionRuleInput } from '../orders/orders-api.js';
import { formatDay, todayIn } from '../prospects/dates.js';
import { FormError } from '../../app/form-error.js';

interface Values {
  category: ProductCategory;
  kind: 'percent' | 'fixed';
  percent?: string;
  amount?: string;
  currency: Currency;
  effectiveOn: Dayjs;
}

function useRateText(): (rule: Pick<CommissionRule, 'rate'>) => string {
  const { t } = useI18n();
  const money = useMoney();
  return ({ rate }) => (rate.kind === 'percent' ? t('products.rules.percentOfLine', { percent: formatBasisPoints(rate.basisPoints) }) : t('products.rules.perUnit', { amount: money(rate.minorPerUnit, rate.currency) }));
}

/**
 * Commission per category: the rule in force today and the ones before and after it. A rule is never edited; a new
 * one takes effect on its day, and the orders confirmed earlier keep the rule they were priced with.
 */
export function CommissionRulesCard() {
  const errorText = useErrorText();
  const { t, locale } = useI18n();
  const categoryLabel = useCategoryLabel();
  const rateText = useRateText();
  const rules = useCommissionRules();
  const [adding, setAdding] = useState(false);
  const items = rules.data?.items ?? [];

  return (
    <Card
      title={t('products.rules.title')}
      extra={
        <Button icon={<PlusOutlined />} onClick={() => setAdding(true)} data-testid="rules-add">
          {t('products.rules.add')}
        </Button>
      }
      data-testid="rules-card"
    >
      <Typography.Paragraph type="secondary">{t('products.rules.intro')}</Typography.Paragraph>
      {rules.isError ? (
        <Alert type="error" showIcon title={errorText(rules.error)} />
      ) : rules.isPending ? (
        <Skeleton active />
      ) : (
        <Flex vertical gap={0}>
          {PRODUCT_CATEGORIES.map((category, i) => {
            const history = items.filter((r) => r.category === category).sort((a, b) => (a.effectiveOn < b.effectiveOn ? 1 : a.effectiveOn > b.effectiveOn ? -1 : b.id - a.id));
            const inForce = history.find((r) => r.inForce);
            return (
              <div key={category} style={{ borderTop: i ? '1px solid #f0f0f0' : undefined, padding: '8px 0' }} data-testid={`rules-${category}`}>
                <Flex justify="space-between" gap={8} align="baseline" wrap>
                  <Typography.Text strong>{categoryLabel(category)}</Typography.Text>
                  <Typography.Text type={inForce ? undefined : 'secondary'} data-testid={`rules-${category}-in-force`}>
                    {inForce ? rateText(inForce) : t('products.rules.none')}
                  </Typography.Text>
                </Flex>
                {history.length > 0 && (
                  <Collapse
                    ghost
                    size="small"
                    items={[
                      {
                        key: 'history',
                        label: t('products.rules.history', { count: history.length }),
                        children: (
                          <Flex vertical gap={4}>
                            {history.map((r) => (
                              <Flex key={r.id} gap={6} wrap align="center" style={{ fontSize: 13 }}>
                                <span>{rateText(r)}</span>
                                <Typography.Text type="secondary">{t('products.rules.from', { date: formatDay(r.effectiveOn, locale) })}</Typography.Text>
                                {r.createdBy && <Typography.Text type="secondary">· {r.createdBy.name}</Typography.Text>}
                                {r.inForce && (
                                  <Tag color="green" style={{ marginInlineEnd: 0 }}>
                                    {t('products.rules.inForce')}
                                  </Tag>
                                )}
                              </Flex>
                            ))}
                          </Flex>
                        ),
                      },
                    ]}
                    style={{ marginInline: -8 }}
                  />
                )}
              </div>
            );
          })}
        </Flex>
      )}
      <AddRuleModal open={adding} onClose={() => setAdding(false)} />
    </Card>
  );
}

function AddRuleModal({ open, onClose }: { open: boolean; onClose: () => void }) {
  const { t } = useI18n();
  const { message } = App.useApp();
  const user = useUser();
  const categoryOptions = useCategoryOptions();
  const [form] = Form.useForm<Values>();
  const add = useAddCommissionRule();
  const returnFocus = useReturnFocus(open);
  const kind = (Form.useWatch('kind', form) ?? 'percent') as Values['kind'];
  const currency = (Form.useWatch('currency', form) ?? 'TWD') as Currency;

  const submit = (v: Values) => {
    let rate: CommissionRuleInput['rate'];
    if (v.kind === 'percent') {
      const basisPoints = percentToBasisPoints(v.percent ?? '');
      if (basisPoints === null) return;
      rate = { kind: 'percent', basisPoints };
    } else {
      const minorPerUnit = parseMoney(v.amount ?? '', v.currency);
      if (minorPerUnit === null) return;
      rate = { kind: 'fixed', minorPerUnit, currency: v.currency };
    }
    add.mutate(
      { category: v.category, rate, effectiveOn: v.effectiveOn.format('YYYY-MM-DD') },
      {
        onSuccess: () => {
          void message.success(t('products.rules.added'));
          onClose();
        },
      },
    );
  };

  return (
    <Modal
      open={open}
      title={t('products.rules.add')}
      okText={t('products.rules.addOk')}
      cancelText={t('common.cancel')}
      okButtonProps={{ ...{ 'data-testid': 'rule-save' } }}
      confirmLoading={add.isPending}
      onOk={() => form.submit()}
      onCancel={onClose}
      focusable={returnFocus.focusable}
      afterClose={() => {
        returnFocus.closed();
        add.reset();
      }}
      destroyOnHidden
    >
      <Typography.Paragraph type="secondary">{t('products.rules.neverEdited')}</Typography.Paragraph>
      <FormError form={form} error={add.error} style={{ marginBottom: 12 }} />
      <Form<Values>
        form={form}
        layout="vertical"
        requiredMark={false}
        initialValues={{ category: 'vehicle', kind: 'percent', currency: 'TWD', effectiveOn: dayjs(todayIn(user.timeZone)) }}
        onFinish={submit}
        data-testid="rule-form"
      >
        <Form.Item name="category" label={t('products.categoryLabel')}>
          <Select options={categoryOptions} data-testid="rule-category" />
        </Form.Item>
        <Form.Item name="kind" label={t('products.rules.kind')}>
          <Segmented
            options={[
              { value: 'percent', label: t('products.rules.kindPercent') },
              { value: 'fixed', label: t('products.rules.kindFixed') },
            ]}
            data-testid="rule-kind"
          />
        </Form.Item>
        {kind === 'percent' ? (
          <Form.Item name="percent" label={t('products.rules.percent')} extra={t('products.rules.percentHint')} rules={[{ required: true, message: t('error.required') }, percentRule(t('orders.percentInvalid'))]}>
            <Input inputMode="decimal" autoComplete="off" suffix="%" style={{ maxWidth: 200 }} data-testid="rule-percent" />
          </Form.Item>
        ) : (
          <Flex gap={8} wrap>
            <Form.Item name="amount" label={t('products.rules.amountPerUnit')} dependencies={['currency']} rules={[moneyRule(() => form.getFieldValue('currency') as Currency, t('orders.amountInvalid'))]} style={{ flex: '1 1 160px' }}>
              <MoneyInput currency={currency} data-testid="rule-amount" />
            </Form.Item>
            <Form.Item name="currency" label={t('orders.currency')} style={{ flex: '0 1 110px' }}>
              <Select options={CURRENCIES.map((c) => ({ value: c, label: c }))} data-testid="rule-currency" />
            </Form.Item>
          </Flex>
        )}
        <Form.Item name="effectiveOn" label={t('products.rules.effectiveOn')} extra={t('products.rules.effectiveHint')} rules={[{ required: true, message: t('error.required') }]}>
          <DatePicker format="YYYY-MM-DD" inputReadOnly style={{ width: '100%' }} data-testid="rule-effective" />
        </Form.Item>
      </Form>
    </Modal>
  );
}
