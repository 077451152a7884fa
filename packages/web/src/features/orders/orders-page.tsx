import { useState } from 'react';
import { Alert, Button, Flex, Typography } from 'antd';
import { DownloadButton } from '../../app/download-button.js';
import { PageHeader } from '../../app/page-header.js';
import { useErrorText } from '../../app/use-error-text.js';
import { useIsPhone } from '../../app/use-is-phone.js';
import { useI18n } from '../../i18n/i18n-context.js';
import { useUser } from '../auth/session.js';
import { OrderDrawer, type OrderTarget } from './order-drawer.js';
import { OrderFilterBar, apiFilters, type PageFilters } from './order-filters.js';
import { OrderCards, OrderTable } from './order-list.js';
import { TotalsByCurrency } from './money.js';
import { orderParams, useOrderList, type OrderFilters } from './orders-api.js';

function ExportOrders({ filters, compact }: { filters: OrderFilters; compact: boolean }) {
  const { t } = useI18n();
  const query = orderParams(filters).toString();
  return <DownloadButton path={`/api/v1/orders/export${query ? `?${query}` : ''}`} fallbackName='pond-orders.csv' label={t('orders.export')} compact={compact} testId="orders-export" />;
}

/** 成交: the sales under a period, status, owner and product, with their totals per currency. */
export function OrdersPage() {
  const { t } = useI18n();
  const errorText = useErrorText();
  const isPhone = useIsPhone();
  const user = useUser();
  // A salesperson starts on their own sales; a manager or admin on everything they see.
  const [filters, setFilters] = useState<PageFilters>({ owner: user.can.viewTeam ? 'all' : 'mine' });
  const [open, setOpen] = useState<OrderTarget | null>(null);
  const query = apiFilters(filters, user.id);
  const list = useOrderList(query);
  const rows = list.data?.pages.flatMap((p) => p.items) ?? [];
  // The totals cover every order under the filters, not only the pages loaded; the first page carries them.
  const totals = list.data?.pages[0]?.totals ?? [];
  const Rows = isPhone ? OrderCards : OrderTable;

  return (
    <div data-testid="module-orders">
      <PageHeader title={t('orders.title')} extra={<ExportOrders filters={query} compact={isPhone} />} />
      <Typography.Paragraph type="secondary" style={{ marginTop: -8 }}>
        {t('orders.intro')}
      </Typography.Paragraph>
      <OrderFilterBar value={filters} onChange={setFilters} />
      {list.isError && <Alert type="error" showIcon title={errorText(list.error)} style={{ marginBottom: 12 }} />}
      <div style={{ marginBottom: 12 }}>
        <TotalsByCurrency totals={totals} loading={list.isPending} />
      </div>
      <Rows rows={rows} loading={list.isPending} onOpen={(id) => setOpen({ orderId: id })} />
      <Flex justify="center" style={{ marginTop: 12 }}>
        {list.hasNextPage ? (
          <Button onClick={() => void list.fetchNextPage()} loading={list.isFetchingNextPage} data-testid="orders-more">
            {t('prospects.loadMore')}
          </Button>
        ) : (
          rows.length > 0 && <Typography.Text type="secondary">{t('orders.end')}</Typography.Text>
        )}
      </Flex>
      <OrderDrawer target={open} onClose={() => setOpen(null)} />
    </div>
  );
}
