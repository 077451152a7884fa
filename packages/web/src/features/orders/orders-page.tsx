import { useState } from 'react';
import { Alert, App, Button, Flex, Tooltip, Typography } from 'antd';
import { DownloadOutlined } from '@ant-design/icons';
import { download } from '../../api/client.js';
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

/** Hands a downloaded file to the browser under the name the server gave it. */
function saveFile(blob: Blob, filename: string): void {
  const url = URL.createObjectURL(blob);
  const link = document.createElement('a');
  link.href = url;
  link.download = filename;
  document.body.append(link);
  link.click();
  link.remove();
  // Some browsers read the blob after click() has returned.
  setTimeout(() => URL.revokeObjectURL(url), 60_000);
}

/** The list's orders under the same filters as CSV, in the user's language, formula cells neutralised by the server. */
function ExportOrders({ filters, compact }: { filters: OrderFilters; compact: boolean }) {
  const { t } = useI18n();
  const { message } = App.useApp();
  const errorText = useErrorText();
  const [busy, setBusy] = useState(false);
  const run = async () => {
    setBusy(true);
    try {
      const query = orderParams(filters).toString();
      const { blob, filename } = await download(`/api/v1/orders/export${query ? `?${query}` : ''}`);
      saveFile(blob, filename ?? 'pond-orders.csv');
    } catch (err) {
      void message.error(errorText(err));
    } finally {
      setBusy(false);
    }
  };
  const button = (
    <Button icon={<DownloadOutlined />} loading={busy} onClick={() => void run()} aria-label={compact ? t('orders.export') : undefined} data-testid="orders-export">
      {compact ? null : t('orders.export')}
    </Button>
  );
  return compact ? <Tooltip title={t('orders.export')}>{button}</Tooltip> : button;
}

/** 成交: the sales under a period, status, owner and product, with their totals per currency. */
export function OrdersPage() {
  const { t } = useI18n();
  const errorText = useErrorText();
  const isPhone = useIsPhone();
  const user = useUser();
  // A salesperson starts on their own sales; a manager or admin on everything they see.
  const [filters, setFilters] = useState<PageFilters>({ owner: user.role === 'salesperson' ? 'mine' : 'all' });
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
