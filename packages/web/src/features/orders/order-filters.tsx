import { useState } from 'react';
import { Badge, Button, DatePicker, Drawer, Flex, Form, Select } from 'antd';
import { FilterOutlined } from '@ant-design/icons';
import dayjs from 'dayjs';
import { useIsPhone } from '../../app/use-is-phone.js';
import { useReturnFocus } from '../../app/use-return-focus.js';
import { useI18n } from '../../i18n/i18n-context.js';
import { useUser } from '../auth/session.js';
import { useTeamUsers } from '../prospects/prospects-api.js';
import { useSheetProps } from '../prospects/sheet.js';
import { ORDER_STATUSES } from './order-bits.js';
import { useProducts, type OrderFilters, type OrderStatus } from './orders-api.js';

/** Whose orders: everyone the user may see, their own sales, the sales they closed, or one colleague's. */
export type OwnerChoice = 'all' | 'mine' | 'closed' | number;

export interface PageFilters {
  from?: string;
  to?: string;
  status?: OrderStatus;
  productId?: number;
  owner: OwnerChoice;
}

export function apiFilters(f: PageFilters, userId: number): OrderFilters {
  return {
    from: f.from,
    to: f.to,
    status: f.status,
    productId: f.productId,
    ...(f.owner === 'mine' && { ownerId: userId }),
    ...(f.owner === 'closed' && { closedById: userId }),
    ...(typeof f.owner === 'number' && { ownerId: f.owner }),
  };
}

/** Period, status, owner and product; on a phone the period and owner stay in view, the rest one tap away. */
export function OrderFilterBar({ value, onChange }: { value: PageFilters; onChange: (f: PageFilters) => void }) {
  const { t } = useI18n();
  const isPhone = useIsPhone();
  const user = useUser();
  const team = useTeamUsers();
  const products = useProducts();
  const sheet = useSheetProps(360);
  const [open, setOpen] = useState(false);
  const returnFocus = useReturnFocus(open);
  const set = (patch: Partial<PageFilters>) => onChange({ ...value, ...patch });

  const ownerOptions = [
    { value: 'all', label: t('orders.owner.all') },
    { value: 'mine', label: t('orders.owner.mine') },
    { value: 'closed', label: t('orders.owner.closed') },
    ...(team.available ? team.users.filter((u) => u.id !== user.id).map((u) => ({ value: u.id, label: u.displayName })) : []),
  ];

  const from = (
    <DatePicker
      value={value.from ? dayjs(value.from) : null}
      onChange={(d) => set({ from: d ? d.format('YYYY-MM-DD') : undefined })}
      placeholder={t('orders.from')}
      format="YYYY-MM-DD"
      inputReadOnly
      disabledDate={(d) => (value.to ? d.format('YYYY-MM-DD') > value.to : false)}
      style={{ flex: '1 1 130px', minWidth: 0 }}
      aria-label={t('orders.from')}
      data-testid="orders-from"
    />
  );
  const to = (
    <DatePicker
      value={value.to ? dayjs(value.to) : null}
      onChange={(d) => set({ to: d ? d.format('YYYY-MM-DD') : undefined })}
      placeholder={t('orders.to')}
      format="YYYY-MM-DD"
      inputReadOnly
      disabledDate={(d) => (value.from ? d.format('YYYY-MM-DD') < value.from : false)}
      style={{ flex: '1 1 130px', minWidth: 0 }}
      aria-label={t('orders.to')}
      data-testid="orders-to"
    />
  );
  const owner = (
    <Select<OwnerChoice>
      value={value.owner}
      onChange={(o) => set({ owner: o })}
      options={ownerOptions}
      showSearch={{ optionFilterProp: 'label' }}
      style={{ flex: '1 1 160px', minWidth: 0 }}
      aria-label={t('orders.ownerLabel')}
      data-testid="orders-owner"
    />
  );
  const status = (
    <Select<OrderStatus>
      allowClear
      value={value.status}
      onChange={(s) => set({ status: s })}
      placeholder={t('orders.allStatuses')}
      options={ORDER_STATUSES.map((s) => ({ value: s, label: t(`orders.status.${s}`) }))}
      style={{ flex: '1 1 140px', minWidth: 0, width: isPhone ? '100%' : undefined }}
      aria-label={t('orders.statusLabel')}
      data-testid="orders-status"
    />
  );
  const product = (
    <Select<number>
      allowClear
      value={value.productId}
      onChange={(p) => set({ productId: p })}
      placeholder={t('orders.allProducts')}
      options={(products.data?.items ?? []).map((p) => ({ value: p.id, label: p.name }))}
      showSearch={{ optionFilterProp: 'label' }}
      style={{ flex: '1 1 180px', minWidth: 0, width: isPhone ? '100%' : undefined }}
      aria-label={t('orders.product')}
      data-testid="orders-product"
    />
  );

  if (!isPhone)
    return (
      <Flex gap={8} wrap style={{ marginBottom: 12 }} data-testid="orders-filters">
        {from}
        {to}
        {owner}
        {status}
        {product}
      </Flex>
    );

  const more = [value.status, value.productId].filter((v) => v !== undefined).length;
  return (
    <Flex vertical gap={8} style={{ marginBottom: 12 }} data-testid="orders-filters">
      <Flex gap={8}>
        {from}
        {to}
      </Flex>
      <Flex gap={8}>
        {owner}
        <Badge count={more} size="small">
          <Button icon={<FilterOutlined />} onClick={() => setOpen(true)} aria-label={t('prospects.filters')} data-testid="orders-more-filters" />
        </Badge>
      </Flex>
      <Drawer
        {...sheet}
        size={320}
        open={open}
        onClose={() => setOpen(false)}
        focusable={returnFocus.focusable}
        afterOpenChange={(o) => !o && returnFocus.closed()}
        title={t('prospects.filters')}
        footer={
          <Flex justify="end">
            <Button type="primary" onClick={() => setOpen(false)}>
              {t('orders.done')}
            </Button>
          </Flex>
        }
      >
        <Form layout="vertical">
          <Form.Item label={t('orders.statusLabel')}>{status}</Form.Item>
          <Form.Item label={t('orders.product')} style={{ marginBottom: 0 }}>
            {product}
          </Form.Item>
        </Form>
      </Drawer>
    </Flex>
  );
}
