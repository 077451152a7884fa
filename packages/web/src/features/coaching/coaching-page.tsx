import { useState } from 'react';
import { Alert, Button, Card, Empty, Flex, Skeleton, Table, Tooltip, Typography, type TableColumnsType } from 'antd';
import { TrophyOutlined } from '@ant-design/icons';
import { describeReason } from '@pond/domain/coaching/rules';
import { useNavigate, useSearchParams } from 'react-router';
import { DownloadButton } from '../../app/download-button.js';
import { PageHeader } from '../../app/page-header.js';
import { useErrorText } from '../../app/use-error-text.js';
import { useIsPhone } from '../../app/use-is-phone.js';
import { useI18n } from '../../i18n/i18n-context.js';
import { useUser } from '../auth/session.js';
import { FlagNote, Num, type Open } from './coaching-bits.js';
import { coachingParams, useCoaching, type CoachRow, type CoachingChoice, type CoachingReport, type DrillTarget } from './coaching-api.js';
import { DrillDrawer } from './drill-drawer.js';
import { MeasureSections } from './measure-sections.js';
import { PeriodBar } from './period-bar.js';
import { PersonCharts } from './person-charts.js';
import { Sparkline } from './sparkline.js';

function ExportTable({ choice, compact }: { choice: CoachingChoice; compact: boolean }) {
  const { t } = useI18n();
  return <DownloadButton path={`/api/v1/coaching/export?${coachingParams(choice).toString()}`} fallbackName='pond-coaching.csv' label={t('coaching.export')} compact={compact} testId="coaching-export" />;
}

/** The choice as the URL keeps it, so a link (and the PK page) opens the same period and team. */
export function useChoice(): [CoachingChoice, (next: CoachingChoice) => void] {
  const [params, setParams] = useSearchParams();
  const teamId = Number(params.get('teamId'));
  const choice: CoachingChoice = {
    ...(params.get('preset') && { preset: params.get('preset') as CoachingChoice['preset'] }),
    ...(params.get('from') && { from: params.get('from')! }),
    ...(params.get('to') && { to: params.get('to')! }),
    ...(Number.isInteger(teamId) && teamId > 0 && { teamId }),
  };
  const set = (next: CoachingChoice) => {
    const keep = new URLSearchParams(params);
    for (const k of ['preset', 'from', 'to', 'teamId']) keep.delete(k);
    for (const [k, v] of coachingParams(next)) keep.set(k, v);
    setParams(keep, { replace: true });
  };
  return [choice, set];
}

const num = (key: keyof CoachRow['measures']) => (a: CoachRow, b: CoachRow) => Number(a.measures[key] ?? -1) - Number(b.measures[key] ?? -1);

/** The team table at desktop width: one row per salesperson, sortable, the flag under the name, a row opens every measure. */
function CoachTable({ report, open }: { report: CoachingReport; open: Open }) {
  const { t, locale } = useI18n();
  // A short heading for the column, the measure's full name on hover and for screen readers.
  const head = (m: 'firstContacts' | 'revisits' | 'revisitPercent' | 'touchedOnce' | 'onTimePercent' | 'overdue' | 'bookTouchedOnce' | 'orders') => (
    <Tooltip title={t(`coaching.m.${m}`)}>
      <span aria-label={t(`coaching.m.${m}`)}>{t(`coaching.col.${m}`)}</span>
    </Tooltip>
  );
  const columns: TableColumnsType<CoachRow> = [
    {
      title: t('coaching.salesperson'),
      key: 'name',
      fixed: 'left',
      width: 172,
      sorter: (a, b) => a.user.name.localeCompare(b.user.name, locale),
      render: (_, r) => (
        <Flex vertical gap={2} style={{ minWidth: 0 }}>
          <Flex gap={6} align="center" wrap>
            <Typography.Text strong>{r.user.name}</Typography.Text>
            <FlagNote row={r} compact />
          </Flex>
          {r.user.team && <Typography.Text type="secondary" style={{ fontSize: 12 }}>{r.user.team}</Typography.Text>}
          {r.flag.map((f) => (
            <Typography.Text key={f.code} type="danger" style={{ fontSize: 12 }} data-testid="coaching-flag-reason">
              {describeReason(f, locale)}
            </Typography.Text>
          ))}
        </Flex>
      ),
    },
    { title: head('firstContacts'), key: 'fc', align: 'right', sorter: num('firstContacts'), render: (_, r) => <Num row={r} measure="firstContacts" value={r.measures.firstContacts} open={open} /> },
    { title: head('revisits'), key: 'rv', align: 'right', sorter: num('revisits'), render: (_, r) => <Num row={r} measure="revisits" value={r.measures.revisits} open={open} /> },
    { title: head('revisitPercent'), key: 'rp', align: 'right', sorter: num('revisitPercent'), defaultSortOrder: 'ascend', render: (_, r) => <Num row={r} measure="revisits" value={r.measures.revisitPercent} open={open} suffix="%" strong /> },
    {
      title: head('touchedOnce'),
      key: 'once',
      align: 'right',
      sorter: num('touchedOnce'),
      render: (_, r) => (
        <Flex vertical align="end">
          <Num row={r} measure="touchedOnce" value={r.measures.touchedOnce} open={open} />
          {r.measures.touchedOnceOldestDays !== null && <Typography.Text type="secondary" style={{ fontSize: 12 }}>{t('coaching.oldest', { days: r.measures.touchedOnceOldestDays })}</Typography.Text>}
        </Flex>
      ),
    },
    {
      title: head('onTimePercent'),
      key: 'ot',
      align: 'right',
      sorter: num('onTimePercent'),
      render: (_, r) => (
        <Flex vertical align="end">
          <Num row={r} measure="followUpsOnTime" value={r.measures.onTimePercent} open={open} suffix="%" strong />
          <Typography.Text type="secondary" style={{ fontSize: 12, whiteSpace: 'nowrap' }}>
            <Num row={r} measure="followUpsOnTime" value={r.measures.followUpsOnTime} open={open} /> / <Num row={r} measure="followUpsDue" value={r.measures.followUpsDue} open={open} />
          </Typography.Text>
        </Flex>
      ),
    },
    { title: head('overdue'), key: 'od', align: 'right', sorter: num('overdue'), render: (_, r) => <Num row={r} measure="overdue" value={r.measures.overdue} open={open} danger={r.measures.overdue > 0} /> },
    {
      title: head('bookTouchedOnce'),
      key: 'book',
      align: 'right',
      sorter: num('bookTouchedOnce'),
      render: (_, r) => (
        <span>
          <Num row={r} measure="bookTouchedOnce" value={r.measures.bookTouchedOnce} open={open} /> / <Num row={r} measure="book" value={r.measures.book} open={open} />
        </span>
      ),
    },
    {
      title: head('orders'),
      key: 'orders',
      align: 'right',
      sorter: num('orders'),
      render: (_, r) => <Num row={r} measure="orders" value={r.measures.orders} open={open} />,
    },
    {
      title: <Tooltip title={t('coaching.spark')}>{t('coaching.col.trend')}</Tooltip>,
      key: 'spark',
      width: 100,
      render: (_, r) => <Sparkline first={r.series.firstContacts} revisits={r.series.revisits} label={`${t('coaching.spark')}: ${r.user.name}`} width={84} />,
    },
  ];
  // Short headers on one line: a column as wide as its label, never a label broken character by character.
  const nowrap = columns.map((c) => (c.key === 'name' ? c : { ...c, onHeaderCell: () => ({ style: { whiteSpace: 'nowrap' as const } }) }));
  return (
    <Table<CoachRow>
      rowKey={(r) => r.user.id}
      size="small"
      columns={nowrap}
      dataSource={report.rows}
      pagination={false}
      scroll={{ x: 'max-content' }}
      expandable={{ expandedRowRender: (r) => <MeasureSections row={r} open={open} /> }}
      rowClassName={(r) => (r.flag.length ? 'pond-agenda-urgent' : '')}
      data-testid="coaching-table"
      onRow={(r) => ({ 'data-testid': `coaching-row-${r.user.id}` }) as React.HTMLAttributes<HTMLElement>}
    />
  );
}

/** A salesperson as a card at phone width: the flag in words, the numbers a coach reads first, the rest behind a tap. */
function CoachCard({ row, open }: { row: CoachRow; open: Open }) {
  const { t } = useI18n();
  const [more, setMore] = useState(false);
  const m = row.measures;
  const counts: { label: Parameters<typeof t>[0]; node: React.ReactNode }[] = [
    { label: 'coaching.m.firstContacts', node: <Num row={row} measure="firstContacts" value={m.firstContacts} open={open} strong /> },
    { label: 'coaching.m.revisits', node: <Num row={row} measure="revisits" value={m.revisits} open={open} strong /> },
    { label: 'coaching.m.revisitPercent', node: <Num row={row} measure="revisits" value={m.revisitPercent} open={open} suffix="%" strong /> },
    { label: 'coaching.m.onTimePercent', node: <Num row={row} measure="followUpsOnTime" value={m.onTimePercent} open={open} suffix="%" strong /> },
    { label: 'coaching.m.overdue', node: <Num row={row} measure="overdue" value={m.overdue} open={open} danger={m.overdue > 0} strong /> },
    { label: 'coaching.m.bookTouchedOnce', node: <Num row={row} measure="bookTouchedOnce" value={m.bookTouchedOnce} open={open} strong /> },
  ];
  return (
    <Card size="small" className={row.flag.length ? 'pond-agenda-urgent' : undefined} styles={{ body: { padding: 12 } }} data-testid={`coaching-card-${row.user.id}`}>
      <Flex justify="space-between" align="start" gap={8} style={{ marginBottom: 8 }}>
        <Flex vertical style={{ minWidth: 0 }}>
          <Typography.Text strong className="pond-wrap" style={{ fontSize: 15 }}>
            {row.user.name}
          </Typography.Text>
          {row.user.team && <Typography.Text type="secondary" style={{ fontSize: 13 }}>{row.user.team}</Typography.Text>}
        </Flex>
        <Sparkline first={row.series.firstContacts} revisits={row.series.revisits} label={`${t('coaching.spark')}: ${row.user.name}`} width={84} />
      </Flex>
      {row.flag.length > 0 && (
        <div style={{ marginBottom: 8 }}>
          <FlagNote row={row} />
        </div>
      )}
      <div className="pond-coach-card-counts">
        {counts.map((c) => (
          <Flex key={c.label} vertical align="start" gap={0} style={{ minWidth: 0 }}>
            {c.node}
            <Typography.Text type="secondary" style={{ fontSize: 12, lineHeight: 1.3 }}>
              {t(c.label)}
            </Typography.Text>
          </Flex>
        ))}
      </div>
      {more ? (
        <div style={{ marginTop: 12 }}>
          <MeasureSections row={row} open={open} />
        </div>
      ) : (
        <Button type="link" size="small" onClick={() => setMore(true)} style={{ padding: 0, marginTop: 8 }} data-testid="coaching-card-more">
          {t('coaching.more')}
        </Button>
      )}
    </Card>
  );
}

/** A salesperson's own report: their flag, their charts and every measure beside the team's median. */
function OwnReport({ report, open }: { report: CoachingReport; open: Open }) {
  const { t } = useI18n();
  const row = report.rows[0];
  if (!row) return <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('coaching.empty')} />;
  return (
    <Flex vertical gap={16} data-testid="coaching-own">
      <FlagNote row={row} />
      <Card size="small">
        <MeasureSections row={row} open={open} median={report.median} />
      </Card>
      <PersonCharts row={row} weeks={report.weeks} open={open} />
    </Flex>
  );
}

/** 銷售 PK: who nurtures their pond and who only fishes once, for a manager's team, an admin's, or a salesperson's own. */
export function CoachingPage() {
  const { t } = useI18n();
  const errorText = useErrorText();
  const isPhone = useIsPhone();
  const user = useUser();
  const navigate = useNavigate();
  const [choice, setChoice] = useChoice();
  const report = useCoaching(choice);
  const [drill, setDrill] = useState<DrillTarget | null>(null);
  const data = report.data;
  const open: Open = (target) => data && setDrill({ ...target, from: data.period.from, to: data.period.to });
  const manages = user.can.viewTeam;
  const pkLink = `/coaching/pk?${coachingParams(choice).toString()}`;
  return (
    <div data-testid="module-coaching">
      <PageHeader
        title={t('nav.coaching')}
        extra={
          data?.can.export && (
            <Flex gap={8}>
              {data.can.compare && (
                <Button icon={<TrophyOutlined />} onClick={() => navigate(pkLink)} data-testid="coaching-pk-link">
                  {t('coaching.compare')}
                </Button>
              )}
              <ExportTable choice={choice} compact={isPhone} />
            </Flex>
          )
        }
      />
      <Typography.Paragraph type="secondary" style={{ marginTop: -8 }}>
        {manages ? t('coaching.intro') : t('coaching.introOwn')}
      </Typography.Paragraph>
      <PeriodBar value={choice} onChange={setChoice} report={data} canPickTeam={manages} />
      {report.isError && <Alert type="error" showIcon title={errorText(report.error)} style={{ marginBottom: 12 }} />}
      {report.isPending && <Skeleton active />}
      {data && (
        <>
          <Typography.Paragraph type="secondary" style={{ fontSize: 12 }} data-testid="coaching-period">
            {data.period.from} – {data.period.to} · {t('coaching.flagWindow', { from: data.window.from, to: data.window.to })}
          </Typography.Paragraph>
          {!manages ? (
            <OwnReport report={data} open={open} />
          ) : data.rows.length === 0 ? (
            <Card>
              <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('coaching.empty')} />
            </Card>
          ) : isPhone ? (
            <Flex vertical gap={12}>
              {[...data.rows].sort((a, b) => b.flag.length - a.flag.length).map((r) => (
                <CoachCard key={r.user.id} row={r} open={open} />
              ))}
            </Flex>
          ) : (
            <CoachTable report={data} open={open} />
          )}
        </>
      )}
      <DrillDrawer target={drill} onClose={() => setDrill(null)} />
    </div>
  );
}
