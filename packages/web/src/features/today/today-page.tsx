import { useState } from 'react';
import { useQueryClient, type UseQueryResult } from '@tanstack/react-query';
import { Alert, Badge, Card, Empty, Flex, Skeleton, Typography } from 'antd';
import { Link } from 'react-router';
import { api } from '../../api/client.js';
import { PageHeader } from '../../app/page-header.js';
import { useErrorText } from '../../app/use-error-text.js';
import { useI18n } from '../../i18n/i18n-context.js';
import { formatDay } from '../prospects/dates.js';
import { AGENDA_BUCKETS, type Agenda, type AgendaBucket, type AgendaItem, type Prospect, type Touch } from '../prospects/prospect-types.js';
import { filterParams, useToday } from '../prospects/prospects-api.js';
import { useUser } from '../auth/session.js';
import { TouchDrawer, type TouchTarget } from '../prospects/touch-drawer.js';
import { AgendaRow } from './agenda-row.js';
import { LeavingSection, type LeavingItem } from './leaving-section.js';

/** 今日待辦: overdue first, then due today, this week, next week, never followed up, and no next date. */
export function TodayPage() {
  const { t, locale } = useI18n();
  const agenda = useToday();
  const user = useUser();
  return (
    <div data-testid="module-today">
      <PageHeader
        title={t('nav.today')}
        extra={agenda.data && <Typography.Text type="secondary">{formatDay(agenda.data.today, locale)}</Typography.Text>}
      />
      <AgendaBoard agenda={agenda} ownerId={user.id} />
    </div>
  );
}

/**
 * The sections of one salesperson's agenda, from whichever query fetched it: the user's own Today, or a team
 * member's for their manager. The rows log touches (on the company's behalf when the logger is not the owner);
 * `ownerId` is whose agenda it is, for the "more" links.
 */
export function AgendaBoard({ agenda, ownerId, emptyText }: { agenda: UseQueryResult<Agenda>; ownerId: number; emptyText?: string }) {
  const { t } = useI18n();
  const errorText = useErrorText();
  const [target, setTarget] = useState<TouchTarget | null>(null);
  const queryClient = useQueryClient();

  const open = (item: AgendaItem) =>
    setTarget({
      id: item.prospect.id,
      name: item.prospect.name,
      company: item.prospect.company,
      today: agenda.data?.today ?? '',
      intervalDays: item.reason.intervalDays,
    });

  // The drawer proposes today + the prospect's interval: from its agenda row when one is shown, else its record.
  const openLeaving = async ({ prospect }: LeavingItem) => {
    const row = agenda.data && AGENDA_BUCKETS.flatMap((b) => agenda.data.buckets[b].items).find((i) => i.prospect.id === prospect.id);
    const intervalDays =
      row?.reason.intervalDays ??
      (
        await queryClient
          .fetchQuery({ queryKey: ['prospect', prospect.id], queryFn: () => api.get<{ prospect: Prospect; touches: Touch[] }>(`/api/v1/prospects/${prospect.id}`) })
          .catch(() => null)
      )?.prospect.effectiveIntervalDays ??
      prospect.intervalDays ??
      30;
    setTarget({ id: prospect.id, name: prospect.name, company: prospect.company, today: agenda.data?.today ?? '', intervalDays });
  };

  const leaving = agenda.data?.leavingForPool ?? { count: 0, items: [] };
  const total = (agenda.data ? AGENDA_BUCKETS.reduce((n, b) => n + agenda.data.buckets[b].count, 0) : 0) + leaving.count;

  return (
    <>
      {agenda.isError && <Alert type="error" showIcon title={errorText(agenda.error)} style={{ marginBottom: 16 }} />}
      {agenda.isPending && <Skeleton active />}
      {agenda.data && total === 0 && (
        <Card>
          <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={emptyText ?? t('today.empty')} />
        </Card>
      )}
      {agenda.data && total > 0 && (
        <Flex vertical gap={12}>
          <LeavingSection count={leaving.count} items={leaving.items} onLog={(item) => void openLeaving(item)} />
          {AGENDA_BUCKETS.map((bucket) => (
            <Section key={bucket} bucket={bucket} count={agenda.data.buckets[bucket].count} items={agenda.data.buckets[bucket].items} onLog={open} userId={ownerId} />
          ))}
        </Flex>
      )}
      <TouchDrawer target={target} onClose={() => setTarget(null)} />
    </>
  );
}

/** The list filtered to the rest of a section: the agenda owner's prospects in the same section, as Today counts them. */
function moreParams(bucket: AgendaBucket, userId: number): string {
  return filterParams({ ownerId: [userId], due: bucket }).toString();
}

function Section({ bucket, count, items, onLog, userId }: { bucket: AgendaBucket; count: number; items: AgendaItem[]; onLog: (item: AgendaItem) => void; userId: number }) {
  const { t } = useI18n();
  const urgent = bucket === 'overdue' && count > 0;
  return (
    <Card
      size="small"
      data-testid={`agenda-${bucket}`}
      className={urgent ? 'pond-agenda-urgent' : undefined}
      title={
        <Flex gap={8} align="center">
          <span>{t(`agendaBucket.${bucket}`)}</span>
          <Badge count={count} showZero color={urgent ? '#dc2626' : count ? '#0f766e' : '#d1d5db'} data-testid="agenda-count" />
        </Flex>
      }
      styles={{ body: { paddingTop: count ? 0 : 8, paddingBottom: count ? 0 : 8 } }}
    >
      {count === 0 ? (
        <Typography.Text type="secondary" style={{ fontSize: 13 }}>
          {t(`today.none.${bucket}`)}
        </Typography.Text>
      ) : (
        <>
          {items.map((item) => (
            <AgendaRow key={item.prospect.id} item={item} urgent={bucket === 'overdue'} onLog={onLog} />
          ))}
          {count > items.length && (
            <Typography.Paragraph style={{ fontSize: 13, padding: '8px 0', margin: 0, borderTop: '1px solid #f0f0f0' }}>
              <Link to={`/prospects?${moreParams(bucket, userId)}`} data-testid="agenda-more">
                {t('today.more', { count: count - items.length })}
              </Link>
            </Typography.Paragraph>
          )}
        </>
      )}
    </Card>
  );
}
