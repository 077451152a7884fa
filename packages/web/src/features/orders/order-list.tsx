import type { HTMLAttributes, MouseEvent } from 'react';
import { Card, Empty, Flex, Table, Typography, type TableColumnsType } from 'antd';
import { Link } from 'react-router';
import { useI18n } from '../../i18n/i18n-context.js';
import { ClosedBy, OrderStatusTag, linesText, useOrderDay } from './order-bits.js';
import { Money, useMoney } from './money.js';
import type { OrderSummary } from './orders-api.js';

interface Props {
  rows: OrderSummary[];
  loading: boolean;
  onOpen: (id: number) => void;
}

/** A link inside a clickable row goes where it says, without also opening the row. */
const stop = (e: MouseEvent) => e.stopPropagation();

/** Orders on a desktop: one row each, newest first; a row opens the order. */
export function OrderTable({ rows, loading, onOpen }: Props) {
  const { t } = useI18n();
  const day = useOrderDay();
  const columns: TableColumnsType<OrderSummary> = [
    { title: t('orders.date'), key: 'date', render: (_, o) => <span style={{ whiteSpace: 'nowrap' }}>{day(o)}</span> },
    {
      title: t('orders.prospect'),
      key: 'prospect',
      render: (_, o) => (
        <Link to={`/prospects/${o.prospect.id}`} onClick={stop} className="pond-wrap">
          {o.prospect.name}
        </Link>
      ),
    },
    { title: t('orders.lines'), key: 'lines', render: (_, o) => <span className="pond-wrap">{linesText(o, t)}</span> },
    { title: t('orders.total'), key: 'total', align: 'end', render: (_, o) => <Money value={o.total} strong /> },
    { title: t('orders.commission'), key: 'commission', align: 'end', responsive: ['lg'], render: (_, o) => <Money value={o.commission} /> },
    { title: t('orders.statusLabel'), key: 'status', render: (_, o) => <OrderStatusTag status={o.status} /> },
    { title: t('orders.closedBy'), key: 'closedBy', responsive: ['md'], render: (_, o) => <ClosedBy order={o} /> },
  ];
  return (
    <Table<OrderSummary>
      rowKey="id"
      size="middle"
      className="pond-clickable-rows"
      columns={columns}
      dataSource={rows}
      loading={loading}
      pagination={false}
      onRow={(o) => ({ onClick: () => onOpen(o.id), 'data-testid': `order-row-${o.id}` }) as HTMLAttributes<HTMLElement>}
      locale={{ emptyText: t('orders.empty') }}
      data-testid="orders-table"
    />
  );
}

/** Orders on a phone: a card each, the prospect and total first, tapping it opens the order. */
export function OrderCards({ rows, loading, onOpen }: Props) {
  const { t } = useI18n();
  const money = useMoney();
  const day = useOrderDay();
  if (!loading && rows.length === 0)
    return (
      <Card>
        <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('orders.empty')} />
      </Card>
    );
  return (
    <Flex vertical gap={8} data-testid="orders-cards">
      {rows.map((o) => (
        <Card key={o.id} size="small" hoverable onClick={() => onOpen(o.id)} data-testid={`order-card-${o.id}`} styles={{ body: { padding: 12 } }}>
          <Flex justify="space-between" gap={8} align="start">
            <Link to={`/prospects/${o.prospect.id}`} onClick={stop} className="pond-wrap" style={{ fontWeight: 600, fontSize: 15, minWidth: 0 }}>
              {o.prospect.name}
            </Link>
            <OrderStatusTag status={o.status} />
          </Flex>
          <Typography.Paragraph className="pond-wrap" style={{ margin: '4px 0', fontSize: 13 }} ellipsis={{ rows: 2 }}>
            {linesText(o, t)}
          </Typography.Paragraph>
          <Flex justify="space-between" gap={8} align="baseline" wrap>
            <Money value={o.total} strong />
            <Typography.Text type="secondary" style={{ fontSize: 13 }}>
              {t('orders.commissionOf', { amount: money(o.commission.minor, o.commission.currency) })}
            </Typography.Text>
          </Flex>
          <Flex gap={6} wrap align="center" style={{ marginTop: 4, fontSize: 13, color: 'rgba(0,0,0,0.55)' }}>
            <span>{day(o)}</span>
            {o.closedBy && (
              <>
                <span aria-hidden>·</span>
                <ClosedBy order={o} />
              </>
            )}
          </Flex>
        </Card>
      ))}
    </Flex>
  );
}
