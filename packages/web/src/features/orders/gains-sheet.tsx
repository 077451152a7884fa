import { Alert, App, Button, DatePicker, Flex, Form, Input, Radio, Typography } from 'antd';
import dayjs, { type Dayjs } from 'dayjs';
import { isApiError } from '../../api/client.js';
import { useErrorText } from '../../app/use-error-text.js';
import { useI18n } from '../../i18n/i18n-context.js';
import { useUser } from '../auth/session.js';
import { todayIn } from '../prospects/dates.js';
import { OutcomeTag } from '../prospects/tags.js';
import { missingRuleText } from './order-bits.js';
import { Money } from './money.js';
import { useOrderMutations, type Order } from './orders-api.js';

interface Values {
  lessons?: string;
  relationshipKept?: boolean;
  nextContactOn: Dayjs | null;
  summary?: string;
}

/**
 * Closing the sale asks for the article's three gains at once: the commission (computed by the server, shown), the
 * lessons learned, and the relationship after the sale, which the salesperson must judge (no default).
 */
export function GainsSheet({ order, onDone, onBack }: { order: Order; onDone: (order: Order) => void; onBack: () => void }) {
  const { t } = useI18n();
  const { message } = App.useApp();
  const errorText = useErrorText();
  const user = useUser();
  const today = todayIn(user.timeZone);
  const [form] = Form.useForm<Values>();
  const { confirm } = useOrderMutations();
  const kept = Form.useWatch('relationshipKept', form);

  const submit = (v: Values) => {
    if (v.relationshipKept === undefined) return;
    confirm.mutate(
      {
        id: order.id,
        // The version of the order as shown: a change made meanwhile is refused and the order shown again.
        input: {
          version: order.version,
          lessons: v.lessons?.trim() || null,
          relationshipKept: v.relationshipKept,
          nextContactOn: v.nextContactOn ? v.nextContactOn.format('YYYY-MM-DD') : null,
          summary: v.summary?.trim() || null,
        },
      },
      {
        onSuccess: (confirmed) => {
          void message.success(t('orders.confirmed'));
          onDone(confirmed);
        },
      },
    );
  };

  return (
    <Form<Values>
      form={form}
      layout="vertical"
      requiredMark={false}
      initialValues={{ nextContactOn: order.afterSaleCallOn ? dayjs(order.afterSaleCallOn) : null }}
      onFinish={submit}
      data-testid="gains-sheet"
    >
      <Typography.Paragraph type="secondary">{t('orders.gains.intro')}</Typography.Paragraph>
      <div style={{ padding: '10px 12px', borderRadius: 8, background: '#f6faf9', border: '1px solid #d7ebe7', marginBottom: 16 }}>
        <Typography.Text type="secondary" style={{ display: 'block', fontSize: 12 }}>
          {t('orders.gains.first')}
        </Typography.Text>
        <Flex justify="space-between" align="baseline" gap={8} wrap>
          <span data-testid="gains-commission">
            <Money value={order.commission} strong />
          </span>
          <Typography.Text type="secondary">
            {t('orders.ofTotal')} <Money value={order.total} />
          </Typography.Text>
        </Flex>
        {order.linesWithoutCommission > 0 && (
          <Typography.Text type="warning" style={{ display: 'block', fontSize: 12 }} data-testid="gains-missing-rule">
            {missingRuleText(order.linesWithoutCommission, t)}
          </Typography.Text>
        )}
      </div>
      <Form.Item name="lessons" label={t('orders.gains.second')} extra={t('orders.gains.lessonsHint')}>
        <Input.TextArea autoSize={{ minRows: 3, maxRows: 8 }} maxLength={5000} data-testid="gains-lessons" />
      </Form.Item>
      <Form.Item name="relationshipKept" label={t('orders.gains.third')} rules={[{ required: true, message: t('orders.gains.chooseRelationship') }]}>
        <Radio.Group data-testid="gains-relationship">
          <Flex vertical gap={6}>
            <Radio value={true} data-testid="gains-kept">
              {t('orders.gains.keptLong')}
            </Radio>
            <Radio value={false} data-testid="gains-not-kept">
              {t('orders.gains.notKeptLong')}
            </Radio>
          </Flex>
        </Radio.Group>
      </Form.Item>
      {kept !== undefined && (
        <Flex gap={6} align="center" style={{ marginTop: -12, marginBottom: 16 }}>
          <Typography.Text type="secondary">{t('touch.outcome')}</Typography.Text>
          <OutcomeTag outcome={kept ? 'complete' : 'pass'} />
        </Flex>
      )}
      <Form.Item name="nextContactOn" label={t('orders.gains.afterSaleCall')} extra={t('orders.gains.afterSaleCallHint')}>
        <DatePicker
          format="YYYY-MM-DD"
          inputReadOnly
          allowClear
          disabledDate={(d) => d.format('YYYY-MM-DD') < today}
          style={{ width: '100%' }}
          data-testid="gains-next"
        />
      </Form.Item>
      <Form.Item name="summary" label={t('orders.gains.summary')}>
        <Input.TextArea autoSize={{ minRows: 2, maxRows: 6 }} maxLength={5000} placeholder={t('orders.gains.summaryPlaceholder')} data-testid="gains-summary" />
      </Form.Item>
      {confirm.isError && (
        <Alert
          type={isApiError(confirm.error, 'STALE_VERSION') ? 'warning' : 'error'}
          showIcon
          title={isApiError(confirm.error, 'STALE_VERSION') ? t('orders.staleConfirm') : errorText(confirm.error)}
          style={{ marginBottom: 12 }}
        />
      )}
      <Flex gap={8} justify="end" wrap>
        <Button onClick={onBack}>{t('orders.back')}</Button>
        <Button type="primary" htmlType="submit" loading={confirm.isPending} data-testid="gains-confirm">
          {t('orders.confirm')}
        </Button>
      </Flex>
    </Form>
  );
}
