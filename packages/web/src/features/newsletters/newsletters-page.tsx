import { Alert, Button, Card, Empty, Flex, List, Segmented, Skeleton, Table, Typography } from 'antd';
import { PlusOutlined } from '@ant-design/icons';
import { Link, useNavigate } from 'react-router';
import { useState } from 'react';
import { PageHeader } from '../../app/page-header.js';
import { useErrorText } from '../../app/use-error-text.js';
import { useIsPhone } from '../../app/use-is-phone.js';
import { useI18n } from '../../i18n/i18n-context.js';
import { useUser } from '../auth/session.js';
import { IssueStateTag } from './newsletter-bits.js';
import { useIssueList, useQuietReport, type Issue, type ListTab } from './newsletters-api.js';
import { useListDay } from '../prospects/due-date.js';

function IssueSummary({ issue }: { issue: Issue }) {
  const { t } = useI18n();
  return (
    <Flex vertical gap={4} style={{ minWidth: 0 }}>
      <Typography.Text type="secondary" style={{ fontSize: 13 }} className="pond-wrap">
        {t('newsletters.byAuthor', { name: issue.author.name })} · {t('newsletters.sentOf', { sent: issue.counts.accepted, total: issue.counts.recipients })}
      </Typography.Text>
      {issue.mine.recipients > 0 && (
        <Typography.Text style={{ fontSize: 13 }} data-testid="issue-mine">
          {t('newsletters.myNotes', { written: issue.mine.notes, total: issue.mine.recipients })}
        </Typography.Text>
      )}
    </Flex>
  );
}

/** Whose pond is going quiet: per owner, live prospects below the yearly minimum of issues. */
function QuietCard() {
  const { t } = useI18n();
  const report = useQuietReport(true);
  if (!report.data) return null;
  return (
    <Card size="small" title={t('newsletters.quiet.title', { min: report.data.minPerYear })} style={{ marginTop: 16 }} data-testid="quiet-report">
      {report.data.owners.length === 0 ? (
        <Typography.Text type="secondary">{t('newsletters.quiet.none')}</Typography.Text>
      ) : (
        <Table
          size="small"
          pagination={false}
          rowKey={(r) => r.owner?.id ?? 0}
          dataSource={report.data.owners}
          scroll={{ x: true }}
          columns={[
            { title: t('newsletters.quiet.owner'), render: (_, r) => r.owner?.name ?? '—' },
            { title: t('newsletters.quiet.prospects'), dataIndex: 'prospects', align: 'right' },
            { title: t('newsletters.quiet.below'), dataIndex: 'quiet', align: 'right' },
            { title: t('newsletters.quiet.noneThisYear'), dataIndex: 'none', align: 'right' },
          ]}
        />
      )}
    </Card>
  );
}

/** 通訊: the issues one wrote, reviews or signs copies of. */
export function NewslettersPage() {
  const { t } = useI18n();
  const listDay = useListDay();
  const errorText = useErrorText();
  const isPhone = useIsPhone();
  const navigate = useNavigate();
  const user = useUser();
  const reviewer = user.can.reviewNewsletters;
  const [tab, setTab] = useState<ListTab>('all');
  const list = useIssueList(tab);
  const rows = list.data?.items ?? [];
  const options = [
    { value: 'all' as const, label: t('newsletters.tab.all') },
    { value: 'signing' as const, label: t('newsletters.tab.signing') },
    ...(reviewer ? [{ value: 'review' as const, label: t('newsletters.tab.review') }] : []),
  ];

  return (
    <div data-testid="module-newsletters">
      <PageHeader
        title={t('nav.newsletters')}
        extra={
          <Button type="primary" icon={<PlusOutlined />} onClick={() => navigate('/newsletters/new')} data-testid="newsletters-new">
            {t('newsletters.new')}
          </Button>
        }
      />
      <Typography.Paragraph type="secondary" style={{ marginTop: -8 }}>
        {t('newsletters.intro')}
      </Typography.Paragraph>
      <Segmented<ListTab> value={tab} onChange={setTab} options={options} style={{ marginBottom: 12 }} data-testid="newsletters-tabs" />
      {list.isError && <Alert type="error" showIcon title={errorText(list.error)} />}
      {list.isPending ? (
        <Skeleton active />
      ) : rows.length === 0 ? (
        <Empty description={t('newsletters.empty')} />
      ) : isPhone ? (
        <List
          dataSource={rows}
          renderItem={(issue) => (
            <Card size="small" hoverable style={{ marginBottom: 8 }} onClick={() => navigate(`/newsletters/${issue.id}`)} data-testid={`issue-card-${issue.id}`}>
              <Flex justify="space-between" gap={8} align="start">
                <Link to={`/newsletters/${issue.id}`} className="pond-wrap" style={{ fontWeight: 600, minWidth: 0 }} onClick={(e) => e.stopPropagation()}>
                  {issue.subject}
                </Link>
                <IssueStateTag state={issue.state} />
              </Flex>
              <IssueSummary issue={issue} />
            </Card>
          )}
        />
      ) : (
        <Table
          rowKey="id"
          dataSource={rows}
          pagination={false}
          columns={[
            { title: t('newsletters.subject'), render: (_, issue) => <Link to={`/newsletters/${issue.id}`} data-testid={`issue-link-${issue.id}`}>{issue.subject}</Link> },
            { title: t('newsletters.stateTitle'), render: (_, issue) => <IssueStateTag state={issue.state} /> },
            { title: t('newsletters.author'), render: (_, issue) => issue.author.name },
            { title: t('newsletters.sent'), align: 'right', render: (_, issue) => `${issue.counts.accepted} / ${issue.counts.recipients}` },
            { title: t('newsletters.mine'), render: (_, issue) => (issue.mine.recipients ? t('newsletters.myNotes', { written: issue.mine.notes, total: issue.mine.recipients }) : '') },
            { title: t('newsletters.updated'), render: (_, issue) => <span className="pond-nowrap">{listDay(issue.updatedAt)}</span> },
          ]}
        />
      )}
      {reviewer && <QuietCard />}
    </div>
  );
}
