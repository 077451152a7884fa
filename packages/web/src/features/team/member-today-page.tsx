import { Alert, Typography } from 'antd';
import { ArrowLeftOutlined } from '@ant-design/icons';
import { Link, useParams } from 'react-router';
import { isApiError } from '../../api/client.js';
import { NotFoundPage } from '../../app/not-found-page.js';
import { PageHeader } from '../../app/page-header.js';
import { useI18n } from '../../i18n/i18n-context.js';
import { formatDay } from '../prospects/dates.js';
import { AgendaBoard } from '../today/today-page.js';
import { useMemberToday, useTeam } from './team-api.js';

/**
 * A team member's Today, read-only for their manager: the same sections and rows as the member's own. The one
 * thing it does is log a touch, which the server records on the company's behalf; the member's agenda then refreshes.
 */
export function MemberTodayPage() {
  const { t, locale } = useI18n();
  const id = Number(useParams().id);
  const agenda = useMemberToday(id);
  const team = useTeam();
  const member = team.data?.members.find((m) => m.user.id === id);

  if (!Number.isInteger(id) || id <= 0 || (agenda.isError && isApiError(agenda.error) && agenda.error.status === 404)) return <NotFoundPage />;

  return (
    <div data-testid="module-team-member">
      <Link to="/team" style={{ display: 'inline-flex', alignItems: 'center', gap: 6, marginBottom: 8, fontSize: 14 }} data-testid="member-back">
        <ArrowLeftOutlined /> {t('team.back')}
      </Link>
      <PageHeader
        title={
          <span className="pond-wrap" data-testid="member-title">
            {member ? t('team.memberToday', { name: member.user.name }) : t('team.memberTodayUnnamed')}
          </span>
        }
        extra={agenda.data && <Typography.Text type="secondary">{formatDay(agenda.data.today, locale)}</Typography.Text>}
      />
      <Alert type="info" showIcon title={t('team.readOnlyHint')} style={{ marginBottom: 12 }} data-testid="member-hint" />
      <AgendaBoard agenda={agenda} ownerId={id} emptyText={t('team.memberEmpty')} />
    </div>
  );
}
