import { Alert, Card, Empty, Flex, Skeleton, Typography } from 'antd';
import { RightOutlined } from '@ant-design/icons';
import { Link, useNavigate } from 'react-router';
import { PageHeader } from '../../app/page-header.js';
import { useErrorText } from '../../app/use-error-text.js';
import { useI18n } from '../../i18n/i18n-context.js';
import type { AgendaBucket } from '../prospects/prospect-types.js';
import { useTeam, type TeamMember } from './team-api.js';

/** The counts a manager scans first: what is late, what is due, who was touched once and left, and the week ahead. */
const SHOWN: AgendaBucket[] = ['overdue', 'today', 'touched_once', 'this_week'];

function Count({ bucket, value }: { bucket: AgendaBucket; value: number }) {
  const { t } = useI18n();
  const urgent = bucket === 'overdue' && value > 0;
  return (
    <Flex vertical gap={2} style={{ minWidth: 0 }} data-testid={`team-count-${bucket}`}>
      <Typography.Text strong type={urgent ? 'danger' : value ? undefined : 'secondary'} style={{ fontSize: 20, lineHeight: 1.2 }} data-testid="team-count-value">
        {value}
      </Typography.Text>
      <Typography.Text type="secondary" style={{ fontSize: 12, lineHeight: 1.3 }}>
        {t(`agendaBucket.${bucket}`)}
      </Typography.Text>
    </Flex>
  );
}

/** One member: who, which team, and their agenda's counts; the card opens their Today. */
function MemberCard({ member }: { member: TeamMember }) {
  const navigate = useNavigate();
  const { user, counts } = member;
  const to = `/team/${user.id}`;
  return (
    <Card
      size="small"
      hoverable
      onClick={() => navigate(to)}
      className={counts.overdue > 0 ? 'pond-agenda-urgent' : undefined}
      styles={{ body: { padding: 12 } }}
      data-testid={`team-member-${user.id}`}
    >
      <Flex justify="space-between" align="start" gap={8} style={{ marginBottom: 10 }}>
        <Flex vertical style={{ minWidth: 0 }}>
          <Link to={to} onClick={(e) => e.stopPropagation()} className="pond-wrap" style={{ fontWeight: 600, fontSize: 15 }} data-testid="team-member-name">
            {user.name}
          </Link>
          {user.team && (
            <Typography.Text type="secondary" className="pond-wrap" style={{ fontSize: 13 }}>
              {user.team}
            </Typography.Text>
          )}
        </Flex>
        <RightOutlined style={{ color: '#9ca3af', marginTop: 4 }} aria-hidden />
      </Flex>
      <div className="pond-team-counts">
        {SHOWN.map((bucket) => (
          <Count key={bucket} bucket={bucket} value={counts[bucket]} />
        ))}
      </div>
    </Card>
  );
}

/** 團隊: a manager's team at a glance, each member's agenda counted as their own Today counts it. */
export function TeamPage() {
  const { t } = useI18n();
  const errorText = useErrorText();
  const team = useTeam();
  const members = team.data?.members ?? [];
  return (
    <div data-testid="module-team">
      <PageHeader title={t('nav.team')} />
      <Typography.Paragraph type="secondary" style={{ marginTop: -8 }}>
        {t('team.intro')}
      </Typography.Paragraph>
      {team.isError && <Alert type="error" showIcon title={errorText(team.error)} style={{ marginBottom: 12 }} />}
      {team.isPending && <Skeleton active />}
      {team.data && members.length === 0 && (
        <Card>
          <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('team.empty')} data-testid="team-empty" />
        </Card>
      )}
      {members.length > 0 && (
        <div className="pond-team-grid" data-testid="team-list">
          {members.map((m) => (
            <MemberCard key={m.user.id} member={m} />
          ))}
        </div>
      )}
    </div>
  );
}
