import { Alert, Descriptions, Flex, Typography } from 'antd';
import { Link } from 'react-router';
import { formatBasisPoints } from './order-rules.js';
import { useI18n } from '../../i18n/i18n-context.js';
import { formatDay } from '../prospects/dates.js';
import { StageTag } from '../prospects/tags.js';
import { ClosedBy, GainsRow, OrderStatusTag, missingRuleText, useCategoryLabel, useOrderDay } from './order-bits.js';
import { useMoney } from './money.js';
import type { Order } from './orders-api.js';

/** One order as it stands: its lines with their amounts, the total and commission, and once closed its three gains. */
export function OrderView({ order }: { order: Order }) {
  const { t, locale } = useI18n();
  const money = useMoney();
  const categoryLabel = useCategoryLabel();
  const day = useOrderDay();
  const c = order.currency;

  return (
    <div data-testid="order-view" data-order-id={order.id}>
      <Flex gap={6} wrap align="center" style={{ marginBottom: 12 }}>
        <OrderStatusTag status={order.status} />
        <Typography.Text type="secondary">{day(order)}</Typography.Text>
      </Flex>
      {order.status === 'cancelled' && order.cancelReason && <Alert type="warning" showIcon title={t('orders.cancelledBecause', { reason: order.cancelReason })} style={{ marginBottom: 12 }} />}
      {order.gains && (
        <div style={{ marginBottom: 16 }}>
          <Typography.Text strong style={{ display: 'block', marginBottom: 6 }}>
            {t('orders.gains.title')}
          </Typography.Text>
          <GainsRow gains={order.gains} linesWithoutCommission={order.linesWithoutCommission} />
        </div>
      )}
      <Flex vertical gap={0} style={{ marginBottom: 12 }} data-testid="order-lines">
        {order.lines.map((l) => (
          <div key={l.id} style={{ borderBottom: '1px solid #f0f0f0', padding: '8px 0' }} data-testid="order-line">
            <Flex justify="space-between" gap={8} align="baseline">
              <Typography.Text strong className="pond-wrap" style={{ minWidth: 0 }}>
                {l.product?.name ?? l.description}
              </Typography.Text>
              <Typography.Text strong style={{ whiteSpace: 'nowrap' }}>
                {money(l.amountMinor, c)}
              </Typography.Text>
            </Flex>
            <Typography.Text type="secondary" style={{ fontSize: 13 }} className="pond-wrap">
              {[
                categoryLabel(l.category),
                `${l.quantity} × ${money(l.unitMinor, c)}`,
                l.discount && t('orders.lessDiscount', { discount: l.discount.kind === 'percent' ? formatBasisPoints(l.discount.basisPoints) : money(l.discount.minor, c) }),
                l.commissionMinor === null ? t('orders.noRule') : t('orders.commissionOf', { amount: money(l.commissionMinor, c) }),
              ]
                .filter(Boolean)
                .join(' · ')}
            </Typography.Text>
          </div>
        ))}
      </Flex>
      <Flex justify="space-between" align="baseline" style={{ marginBottom: 2 }}>
        <Typography.Text strong>{t('orders.total')}</Typography.Text>
        <Typography.Text strong style={{ fontSize: 18 }} data-testid="order-view-total">
          {money(order.total.minor, c)}
        </Typography.Text>
      </Flex>
      <Flex justify="space-between" align="baseline" style={{ marginBottom: 12 }}>
        <Typography.Text type="secondary">{order.status === 'draft' ? t('orders.commissionPreview') : t('orders.commission')}</Typography.Text>
        <Typography.Text data-testid="order-view-commission">{money(order.commission.minor, c)}</Typography.Text>
      </Flex>
      {order.status === 'draft' && order.linesWithoutCommission > 0 && (
        <Typography.Paragraph type="warning" style={{ fontSize: 13 }}>
          {missingRuleText(order.linesWithoutCommission, t)}
        </Typography.Paragraph>
      )}
      <Descriptions size="small" column={1} styles={{ label: { whiteSpace: 'nowrap' } }}>
        <Descriptions.Item label={t('orders.prospect')}>
          <Flex gap={6} wrap align="center">
            <Link to={`/prospects/${order.prospect.id}`} className="pond-wrap">
              {order.prospect.name}
            </Link>
            <StageTag stage={order.prospect.stage} />
          </Flex>
        </Descriptions.Item>
        <Descriptions.Item label={t('prospect.owner')}>{order.owner?.name ?? t('common.none')}</Descriptions.Item>
        {order.closedBy && (
          <Descriptions.Item label={t('orders.closedBy')}>
            <ClosedBy order={order} />
          </Descriptions.Item>
        )}
        <Descriptions.Item label={order.status === 'delivered' ? t('orders.deliveredOn') : t('orders.deliveryOn')}>{order.deliveryOn ? formatDay(order.deliveryOn, locale) : t('common.none')}</Descriptions.Item>
        {order.note && (
          <Descriptions.Item label={t('orders.note')}>
            <span className="pond-wrap" style={{ whiteSpace: 'pre-line' }}>
              {order.note}
            </span>
          </Descriptions.Item>
        )}
      </Descriptions>
    </div>
  );
}
