import { Alert, App, Button, DatePicker, Flex, Form, Input, Typography } from 'antd';
import dayjs, { type Dayjs } from 'dayjs';
import { isApiError } from '../../api/client.js';
import { useErrorText } from '../../app/use-error-text.js';
import { useI18n } from '../../i18n/i18n-context.js';
import { useUser } from '../auth/session.js';
import { todayIn } from '../prospects/dates.js';
import { useOrderMutations, type Order } from './orders-api.js';

interface MoveProps {
  order: Order;
  onDone: (order: Order) => void;
  onBack: () => void;
}

function MoveError({ error }: { error: unknown }) {
  const { t } = useI18n();
  const errorText = useErrorText();
  if (!error) return null;
  const stale = isApiError(error, 'STALE_VERSION');
  return <Alert type={stale ? 'warning' : 'error'} showIcon title={stale ? t('orders.staleMove') : errorText(error)} style={{ marginBottom: 12 }} />;
}

/** Records the hand-over: on the day it happened (today by default, never ahead). */
export function DeliverForm({ order, onDone, onBack }: MoveProps) {
  const { t } = useI18n();
  const { message } = App.useApp();
  const user = useUser();
  const today = todayIn(user.timeZone);
  const { deliver } = useOrderMutations();
  const [form] = Form.useForm<{ deliveredOn: Dayjs | null }>();
  return (
    <Form
      form={form}
      layout="vertical"
      requiredMark={false}
      initialValues={{ deliveredOn: dayjs(today) }}
      onFinish={(v) =>
        deliver.mutate(
          { id: order.id, version: order.version, deliveredOn: v.deliveredOn?.format('YYYY-MM-DD') },
          {
            onSuccess: (saved) => {
              void message.success(t('orders.delivered'));
              onDone(saved);
            },
          },
        )
      }
      data-testid="deliver-form"
    >
      <Typography.Paragraph type="secondary">{t('orders.deliverIntro')}</Typography.Paragraph>
      <Form.Item name="deliveredOn" label={t('orders.deliveredOn')} rules={[{ required: true, message: t('error.required') }]}>
        <DatePicker format="YYYY-MM-DD" inputReadOnly disabledDate={(d) => d.format('YYYY-MM-DD') > today} style={{ width: '100%' }} data-testid="deliver-date" />
      </Form.Item>
      <MoveError error={deliver.error} />
      <Flex gap={8} justify="end" wrap>
        <Button onClick={onBack}>{t('orders.back')}</Button>
        <Button type="primary" htmlType="submit" loading={deliver.isPending} data-testid="deliver-ok">
          {t('orders.deliver')}
        </Button>
      </Flex>
    </Form>
  );
}

/** Cancels with a reason, which stays on the order; a confirmed sale gives back the stage it brought. */
export function CancelForm({ order, onDone, onBack }: MoveProps) {
  const { t } = useI18n();
  const { message } = App.useApp();
  const { cancel } = useOrderMutations();
  const [form] = Form.useForm<{ reason: string }>();
  return (
    <Form
      form={form}
      layout="vertical"
      requiredMark={false}
      onFinish={(v) =>
        cancel.mutate(
          { id: order.id, version: order.version, reason: v.reason.trim() },
          {
            onSuccess: (saved) => {
              void message.success(t('orders.cancelled'));
              onDone(saved);
            },
          },
        )
      }
      data-testid="cancel-form"
    >
      <Typography.Paragraph type="secondary">{order.status === 'confirmed' ? t('orders.cancelConfirmedIntro') : t('orders.cancelDraftIntro')}</Typography.Paragraph>
      <Form.Item name="reason" label={t('orders.cancelReason')} rules={[{ required: true, whitespace: true, message: t('error.required') }]}>
        <Input.TextArea autoSize={{ minRows: 2, maxRows: 5 }} maxLength={1000} data-testid="cancel-reason" />
      </Form.Item>
      <MoveError error={cancel.error} />
      <Flex gap={8} justify="end" wrap>
        <Button onClick={onBack}>{t('orders.back')}</Button>
        <Button type="primary" danger htmlType="submit" loading={cancel.isPending} data-testid="cancel-ok">
          {t('orders.cancelOrder')}
        </Button>
      </Flex>
    </Form>
  );
}
