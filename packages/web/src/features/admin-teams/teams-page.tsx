import { useState } from 'react';
import { Alert, App, Button, Empty, Table, Typography, type TableColumnsType } from 'antd';
import { EditOutlined, PlusOutlined } from '@ant-design/icons';
import type { Team } from '../../api/types.js';
import { PageHeader } from '../../app/page-header.js';
import { useErrorText } from '../../app/use-error-text.js';
import { useI18n } from '../../i18n/i18n-context.js';
import { useUsers } from '../admin-users/users-api.js';
import { TeamFormModal } from './team-form-modal.js';
import { useTeams } from './teams-api.js';

export function TeamsPage() {
  const { t } = useI18n();
  const { message } = App.useApp();
  const errorText = useErrorText();
  const teams = useTeams();
  const users = useUsers();
  const [editing, setEditing] = useState<{ team: Team | null } | null>(null);

  const userName = new Map((users.data?.items ?? []).map((u) => [u.id, u.displayName]));

  const columns: TableColumnsType<Team> = [
    { title: t('teams.name'), key: 'name', render: (_, team) => <Typography.Text strong className="pond-wrap">{team.name}</Typography.Text> },
    {
      title: t('teams.manager'),
      key: 'manager',
      render: (_, team) =>
        team.managerId === null ? <Typography.Text type="secondary">{t('teams.noManager')}</Typography.Text> : (userName.get(team.managerId) ?? `#${team.managerId}`),
    },
    { title: t('teams.members'), dataIndex: 'memberCount', key: 'members', align: 'end', responsive: ['sm'] },
    {
      title: <span className="pond-sr-only">{t('common.actions')}</span>,
      key: 'actions',
      width: 48,
      align: 'end',
      render: (_, team) => (
        <Button type="text" icon={<EditOutlined />} aria-label={`${t('common.edit')}: ${team.name}`} onClick={() => setEditing({ team })} />
      ),
    },
  ];

  return (
    <>
      <PageHeader
        title={t('teams.title')}
        extra={
          <Button type="primary" icon={<PlusOutlined />} onClick={() => setEditing({ team: null })} data-testid="team-create">
            {t('teams.create')}
          </Button>
        }
      />
      {teams.isError && <Alert type="error" showIcon title={errorText(teams.error)} style={{ marginBottom: 16 }} />}
      <Table<Team>
        rowKey="id"
        columns={columns}
        dataSource={teams.data?.items ?? []}
        loading={teams.isPending}
        pagination={false}
        locale={{ emptyText: <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('teams.empty')} /> }}
      />
      <TeamFormModal
        open={editing !== null}
        team={editing?.team ?? null}
        users={users.data?.items ?? []}
        onClose={(saved) => {
          if (saved) void message.success(editing?.team ? t('teams.updated') : t('teams.created'));
          setEditing(null);
        }}
      />
    </>
  );
}
