import { Flex, Tag, Typography } from 'antd';
import type { GainsView, OrderStatus, ProductCategory } from '@pond/domain';
import { ORDER_STATUSES, PRODUCT_CATEGORIES } from './order-rules.js';
import { useI18n } from '../../i18n/i18n-context.js';
import type { Translate } from '../../i18n/locales.js';
import { useUser } from '../auth/session.js';
import { localDate } from '../prospects/dates.js';
import { formatDay } from '../prospects/dates.js';
import { OutcomeTag } from '../prospects/tags.js';
import { Money } from './money.js';
import type { Order, OrderSummary } from './orders-api.js';

export { ORDER_STATUSES, PRODUCT_CATEGORIES };

const STATUS_COLORS: Record<OrderStatus, string> = { draft: 'default', confirmed: 'blue', delivered: 'green', cancelled: 'red' };

export function OrderStatusTag({ status }: { status: OrderStatus }) {
  const { t } = useI18n();
  return (
    <Tag color={STATUS_COLORS[status]} style={{ marginInlineEnd: 0 }} data-testid="order-status" data-status={status}>
      {t(`orders.status.${status}`)}
    </Tag>
  );
}

/** Options for the category of a product or of a free-text line. */
export function useCategoryOptions() {
  const { t } = useI18n();
  return PRODUCT_CATEGORIES.map((value) => ({ value, label: t(`products.category.${value}`) }));
}

export function useCategoryLabel(): (category: ProductCategory) => string {
  const { t } = useI18n();
  return (category) => t(`products.category.${category}`);
}

/** The day an order is dated in the user's calendar: the day the sale closed, else the day the draft was started. */
export function useOrderDay(): (order: Pick<Order, 'confirmedAt' | 'createdAt'>) => string {
  const { locale } = useI18n();
  const user = useUser();
  return (order) => formatDay(localDate(order.confirmedAt ?? order.createdAt, user.timeZone), locale);
}

/** "Toyota Altis +2 more": the first line and how many others there are. */
export function linesText(order: Pick<OrderSummary, 'firstLine' | 'lineCount'>, t: Translate): string {
  const first = order.firstLine ?? t('common.none');
  return order.lineCount > 1 ? `${first} ${t('orders.moreLines', { more: order.lineCount - 1, total: order.lineCount })}` : first;
}

/** "2 lines without a commission rule": said instead of showing a smaller commission silently. */
export function missingRuleText(count: number, t: Translate): string {
  return count === 1 ? t('orders.oneLineWithoutCommission') : t('orders.linesWithoutCommission', { count });
}

/** Who closed the sale; a colleague who closed it on the company's behalf is marked so, the owner kept beside. */
export function ClosedBy({ order }: { order: Pick<Order, 'closedBy' | 'onBehalf' | 'owner'> }) {
  const { t } = useI18n();
  if (!order.closedBy) return <Typography.Text type="secondary">{t('common.none')}</Typography.Text>;
  return (
    <Flex gap={4} wrap align="center" data-testid="order-closed-by">
      <span className="pond-wrap">{order.closedBy.name}</span>
      {order.onBehalf && (
        <Tag color="purple" style={{ marginInlineEnd: 0 }} title={order.owner ? t('orders.ownerIs', { name: order.owner.name }) : undefined} data-testid="order-on-behalf">
          {t('orders.onBehalf')}
        </Tag>
      )}
    </Flex>
  );
}

const GAIN_BOX = { flex: '1 1 120px', minWidth: 0, padding: '8px 10px', borderRadius: 8, background: '#f6faf9', border: '1px solid #d7ebe7' } as const;

/**
 * The article's three gains of one sale, side by side: the commission and the relationship are short, so on a phone
 * they share a row and the lessons learned take the next one.
 */
export function GainsRow({ gains, linesWithoutCommission = 0 }: { gains: GainsView; linesWithoutCommission?: number }) {
  const { t } = useI18n();
  return (
    <Flex gap={8} wrap data-testid="order-gains">
      <div style={GAIN_BOX} data-testid="gain-commission">
        <Typography.Text type="secondary" style={{ fontSize: 12, display: 'block' }}>
          {t('orders.gains.commission')}
        </Typography.Text>
        <Money value={gains.commission} strong />
        {linesWithoutCommission > 0 && (
          <Typography.Text type="warning" style={{ fontSize: 12, display: 'block' }}>
            {missingRuleText(linesWithoutCommission, t)}
          </Typography.Text>
        )}
      </div>
      <div style={GAIN_BOX} data-testid="gain-relationship">
        <Typography.Text type="secondary" style={{ fontSize: 12, display: 'block' }}>
          {t('orders.gains.relationship')}
        </Typography.Text>
        <Flex gap={6} align="center" wrap>
          <span>{gains.relationshipKept ? t('orders.kept') : t('orders.notKept')}</span>
          <OutcomeTag outcome={gains.outcome} />
        </Flex>
      </div>
      <div style={{ ...GAIN_BOX, flex: '2 1 240px' }} data-testid="gain-lessons">
        <Typography.Text type="secondary" style={{ fontSize: 12, display: 'block' }}>
          {t('orders.gains.lessons')}
        </Typography.Text>
        <Typography.Paragraph className="pond-wrap" style={{ margin: 0, whiteSpace: 'pre-line' }} ellipsis={{ rows: 4, expandable: 'collapsible' }}>
          {gains.lessons ?? t('common.none')}
        </Typography.Paragraph>
      </div>
    </Flex>
  );
}
