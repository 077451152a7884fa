import { Badge, Button, Card, Flex, Typography } from 'antd';
import { PhoneOutlined } from '@ant-design/icons';
import { Link } from 'react-router';
import type { LeavingView } from '@pond/domain';
import { CallButton, PhoneLink } from '../../app/phone-link.js';
import { useI18n } from '../../i18n/i18n-context.js';
import { daysBetween, formatDay } from '../prospects/dates.js';
import { GradeTag, ImportanceTag } from '../prospects/tags.js';

export type LeavingItem = LeavingView;

/** 即將回收: the user's prospects the pool takes back within the warning days unless someone touches them. */
export function LeavingSection({ count, items, today, onLog }: { count: number; items: LeavingItem[]; today: string; onLog: (item: LeavingItem) => void }) {
  const { t, locale } = useI18n();
  // Counted in the agenda owner's calendar (Today's own date), which the pool's (the installation's) may be a day behind.
  const whenText = (days: number) => (days <= 0 ? t('today.leavingToday') : days === 1 ? t('today.leavingTomorrow') : t('today.leavingInDays', { days }));
  if (count === 0) return null;
  return (
    <Card
      size="small"
      data-testid="agenda-leaving"
      className="pond-agenda-leaving"
      title={
        <Flex gap={8} align="center">
          <span>{t('today.leaving')}</span>
          <Badge count={count} showZero color="#d97706" data-testid="agenda-count" />
        </Flex>
      }
      styles={{ body: { paddingTop: 0, paddingBottom: 0 } }}
    >
      <Typography.Paragraph type="secondary" style={{ fontSize: 13, margin: '8px 0 0' }}>
        {t('today.leavingHint')}
      </Typography.Paragraph>
      {items.map(({ prospect, recallOn, daysLeft }, i) => (
        <Flex
          key={prospect.id}
          gap={12}
          align="start"
          style={{ padding: '12px 0', borderTop: i === 0 ? undefined : '1px solid #f0f0f0' }}
          data-testid={`leaving-row-${prospect.id}`}
        >
          <Flex vertical gap={4} style={{ flex: 1, minWidth: 0 }}>
            <Flex gap={6} align="center" wrap>
              <Link to={`/prospects/${prospect.id}`} className="pond-wrap" style={{ fontWeight: 600, fontSize: 15 }}>
                {prospect.name}
              </Link>
              <GradeTag grade={prospect.grade} />
              <ImportanceTag importance={prospect.importance} />
            </Flex>
            {(prospect.company || prospect.phones[0]) && (
              <Typography.Text type="secondary" className="pond-wrap" style={{ fontSize: 13 }}>
                {prospect.company}
                {prospect.company && prospect.phones[0] && ' · '}
                {prospect.phones[0] && <PhoneLink e164={prospect.phones[0]} />}
              </Typography.Text>
            )}
            <Typography.Text type="warning" strong style={{ fontSize: 13 }} data-testid="leaving-when">
              {t('today.leavingOn', { date: formatDay(recallOn, locale), when: whenText(daysBetween(today, recallOn)) })}
            </Typography.Text>
          </Flex>
          <Flex gap={8}>
            {prospect.phones[0] && <CallButton e164={prospect.phones[0]} name={prospect.name} testId="leaving-call" />}
            <Button
              type="primary"
              ghost
              icon={<PhoneOutlined />}
              onClick={() => onLog({ prospect, recallOn, daysLeft })}
              aria-label={`${t('today.logTouch')}: ${prospect.name}`}
              data-testid="leaving-log"
            >
              {t('today.logTouch')}
            </Button>
          </Flex>
        </Flex>
      ))}
      {count > items.length && (
        <Typography.Paragraph type="secondary" style={{ fontSize: 13, padding: '8px 0', margin: 0, borderTop: '1px solid #f0f0f0' }}>
          {t('today.leavingMore', { count: count - items.length })}
        </Typography.Paragraph>
      )}
    </Card>
  );
}
