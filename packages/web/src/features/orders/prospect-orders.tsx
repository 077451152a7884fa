import { useState } from 'react';
import { Alert, Button, Card, Flex, Typography } from 'antd';
import { PlusOutlined } from '@ant-design/icons';
import { useErrorText } from '../../app/use-error-text.js';
import { useI18n } from '../../i18n/i18n-context.js';
import type { Prospect } from '../prospects/prospect-types.js';
import { GainsRow, OrderStatusTag, linesText, useOrderDay } from './order-bits.js';
import { OrderDrawer, type OrderTarget } from './order-drawer.js';
import { Money } from './money.js';
import { useOrderList } from './orders-api.js';

const ROW_BUTTON = { display: 'block', width: '100%', textAlign: 'start', background: 'none', border: 0, padding: 0, cursor: 'pointer', font: 'inherit', color: 'inherit' } as const;

/**
 * A prospect's orders on its page, newest first, each closed sale with its three gains side by side. A new order
 * is offered to whoever may log a touch on an owned prospect (the server's own rule for starting one).
 */
export function ProspectOrders({ prospect }: { prospect: Prospect }) {
  const { t } = useI18n();
  const errorText = useErrorText();
  const day = useOrderDay();
  const list = useOrderList({ prospectId: prospect.id }, 20);
  const [open, setOpen] = useState<OrderTarget | null>(null);
  const rows = list.data?.pages.flatMap((p) => p.items) ?? [];
  const mayOrder = prospect.can.order;

  return (
    <Card
      size="small"
      title={t('orders.title')}
      style={{ marginBottom: 12 }}
      extra={
        mayOrder && (
          <Button size="small" icon={<PlusOutlined />} onClick={() => setOpen({ newFor: { id: prospect.id, name: prospect.name } })} data-testid="prospect-new-order">
            {t('orders.newOrder')}
          </Button>
        )
      }
      data-testid="prospect-orders"
    >
      {list.isError && <Alert type="error" showIcon title={errorText(list.error)} />}
      {list.isSuccess && rows.length === 0 && <Typography.Text type="secondary">{t('orders.noneYet')}</Typography.Text>}
      <Flex vertical gap={0}>
        {rows.map((o, i) => (
          <div key={o.id} style={{ borderTop: i ? '1px solid #f0f0f0' : undefined, padding: '10px 0' }} data-testid={`prospect-order-${o.id}`}>
            <button type="button" onClick={() => setOpen({ orderId: o.id })} style={ROW_BUTTON} aria-label={t('orders.openOrder', { lines: linesText(o, t) })}>
              <Flex justify="space-between" gap={8} align="baseline">
                <Typography.Text strong className="pond-wrap" style={{ minWidth: 0 }}>
                  {linesText(o, t)}
                </Typography.Text>
                <Money value={o.total} strong />
              </Flex>
              <Flex gap={6} align="center" wrap style={{ marginTop: 2 }}>
                <OrderStatusTag status={o.status} />
                <Typography.Text type="secondary" style={{ fontSize: 13 }}>
                  {day(o)}
                  {o.closedBy && ` · ${o.onBehalf ? t('orders.closedByOnBehalf', { name: o.closedBy.name }) : o.closedBy.name}`}
                </Typography.Text>
              </Flex>
            </button>
            {o.gains && o.status !== 'cancelled' && (
              <div style={{ marginTop: 8 }}>
                <GainsRow gains={o.gains} linesWithoutCommission={o.linesWithoutCommission} />
              </div>
            )}
          </div>
        ))}
      </Flex>
      {list.hasNextPage && (
        <Button type="link" onClick={() => void list.fetchNextPage()} loading={list.isFetchingNextPage} style={{ paddingInline: 0 }}>
          {t('prospects.loadMore')}
        </Button>
      )}
      <OrderDrawer target={open} onClose={() => setOpen(null)} />
    </Card>
  );
}
