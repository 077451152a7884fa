import { useState, type ReactNode } from 'react';
import { Alert, Button, Drawer, Flex, Skeleton, Typography } from 'antd';
import { CheckCircleOutlined, EditOutlined } from '@ant-design/icons';
import { useErrorText } from '../../app/use-error-text.js';
import { useReturnFocus } from '../../app/use-return-focus.js';
import { useI18n } from '../../i18n/i18n-context.js';
import { useSheetProps } from '../prospects/sheet.js';
import { GainsSheet } from './gains-sheet.js';
import { OrderEditor } from './order-editor.js';
import { CancelForm, DeliverForm } from './order-moves.js';
import { OrderView } from './order-view.js';
import { useOrder, type Order } from './orders-api.js';

/** What the drawer opens on: an order, or a new one for a prospect. */
export type OrderTarget = { orderId: number } | { newFor: { id: number; name: string } };

type Step = 'view' | 'edit' | 'confirm' | 'deliver' | 'cancel';

interface State {
  target: OrderTarget | null;
  orderId: number | null;
  step: Step;
}

const stateFor = (target: OrderTarget | null): State => ({
  target,
  orderId: target && 'orderId' in target ? target.orderId : null,
  step: target && 'newFor' in target ? 'edit' : 'view',
});

/**
 * The order in a drawer (a full-width sheet on phones): read it, change a draft, close the sale with its three
 * gains, record the delivery or cancel it, each only where the order's `can` allows.
 */
export function OrderDrawer({ target, onClose }: { target: OrderTarget | null; onClose: () => void }) {
  const { t } = useI18n();
  const errorText = useErrorText();
  const sheet = useSheetProps(560);
  const returnFocus = useReturnFocus(target !== null);
  const [state, setState] = useState<State>(() => stateFor(target));
  // A new target starts over, from its first step; closing keeps what is shown until the drawer has slid away.
  if (target && state.target !== target) setState(stateFor(target));
  const { orderId, step } = state;
  const query = useOrder(orderId);
  const order = orderId === null ? undefined : query.data;
  const prospectName = order?.prospect.name ?? (target && 'newFor' in target ? target.newFor.name : '');
  const go = (next: Step) => setState((s) => ({ ...s, step: next }));
  const saved = (o: Order) => setState((s) => ({ ...s, orderId: o.id, step: 'view' }));

  const titleKey = step === 'confirm' ? 'orders.gains.title' : step === 'deliver' ? 'orders.deliver' : step === 'cancel' ? 'orders.cancelOrder' : orderId === null ? 'orders.newOrder' : 'orders.order';
  const title = (
    <span className="pond-wrap">
      {t(titleKey, { id: orderId ?? '' })}
      {prospectName && <Typography.Text type="secondary"> · {prospectName}</Typography.Text>}
    </span>
  );

  let body: ReactNode;
  if (orderId !== null && query.isError) body = <Alert type="error" showIcon title={errorText(query.error)} />;
  else if (orderId !== null && !order) body = <Skeleton active />;
  else if (step === 'edit') {
    const prospectId = order?.prospect.id ?? (target && 'newFor' in target ? target.newFor.id : 0);
    body = <OrderEditor key={order?.id ?? 'new'} prospectId={prospectId} order={order} onSaved={saved} onCancel={() => (order ? go('view') : onClose())} />;
  } else if (order && step === 'confirm') body = <GainsSheet order={order} onDone={saved} onBack={() => go('view')} />;
  else if (order && step === 'deliver') body = <DeliverForm order={order} onDone={saved} onBack={() => go('view')} />;
  else if (order && step === 'cancel') body = <CancelForm order={order} onDone={saved} onBack={() => go('view')} />;
  else if (order) body = <OrderView order={order} />;

  const actions = order && step === 'view' && (order.can.edit || order.can.confirm || order.can.deliver || order.can.cancel) && (
    <Flex gap={8} justify="end" wrap data-testid="order-actions">
      {order.can.cancel && (
        <Button danger onClick={() => go('cancel')} data-testid="order-cancel">
          {t('orders.cancelOrder')}
        </Button>
      )}
      {order.can.edit && (
        <Button icon={<EditOutlined />} onClick={() => go('edit')} data-testid="order-edit">
          {t('common.edit')}
        </Button>
      )}
      {order.can.deliver && (
        <Button type="primary" onClick={() => go('deliver')} data-testid="order-deliver">
          {t('orders.deliver')}
        </Button>
      )}
      {order.can.confirm && (
        <Button type="primary" icon={<CheckCircleOutlined />} onClick={() => go('confirm')} data-testid="order-confirm">
          {t('orders.closeSale')}
        </Button>
      )}
    </Flex>
  );

  return (
    <Drawer
      {...sheet}
      open={target !== null}
      onClose={onClose}
      title={title}
      destroyOnHidden
      focusable={returnFocus.focusable}
      afterOpenChange={(open) => !open && returnFocus.closed()}
      footer={actions || undefined}
      data-testid="order-drawer"
    >
      {body}
    </Drawer>
  );
}
