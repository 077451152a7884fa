import { useState } from 'react';
import { Alert, App, Button, Dropdown, Flex, Input, Table, Tag, Typography, type TableColumnsType } from 'antd';
import { MoreOutlined, PlusOutlined } from '@ant-design/icons';
import type { User } from '../../api/types.js';
import { PageHeader } from '../../app/page-header.js';
import { useErrorText } from '../../app/use-error-text.js';
import { useI18n } from '../../i18n/i18n-context.js';
import { useTeams } from '../admin-teams/teams-api.js';
import { useUser } from '../auth/session.js';
import { ResetPasswordModal } from './reset-password-modal.js';
import { RoleTag } from './role-tag.js';
import { UserFormModal } from './user-form-modal.js';
import { useUserMutations, useUsers } from './users-api.js';

export function UsersPage() {
  const { t } = useI18n();
  const { message, modal } = App.useApp();
  const errorText = useErrorText();
  const me = useUser();
  const users = useUsers();
  const teams = useTeams();
  const { update } = useUserMutations();
  const [editing, setEditing] = useState<{ user: User | null } | null>(null);
  const [resetting, setResetting] = useState<User | null>(null);
  const [query, setQuery] = useState('');
  // A team of any size: the list narrows to the people whose name or e-mail holds what is typed.
  const needle = query.trim().toLowerCase();
  const shown = (users.data?.items ?? []).filter((u) => !needle || u.displayName.toLowerCase().includes(needle) || u.email.toLowerCase().includes(needle));

  const teamName = new Map((teams.data?.items ?? []).map((team) => [team.id, team.name]));
  // Whoever leads a team (teams.managerId) need not be a member of one: name what they lead.
  const leads = (userId: number) => (teams.data?.items ?? []).filter((team) => team.managerId === userId).map((team) => team.name);
  const teamCell = (user: User) => {
    const led = leads(user.id);
    if (led.length > 0) return t('users.leads', { teams: led.join(', ') });
    return user.teamId === null ? <Typography.Text type="secondary">{t('users.noTeam')}</Typography.Text> : teamName.get(user.teamId);
  };

  const setActive = (user: User, active: boolean) =>
    update.mutate(
      { user, patch: { active } },
      {
        onSuccess: () => void message.success(t('users.updated')),
        onError: (err) => void message.error(errorText(err)),
      },
    );

  const confirmDeactivate = (user: User) =>
    modal.confirm({
      title: t('users.deactivateConfirm', { name: user.displayName }),
      okText: t('users.deactivate'),
      okButtonProps: { danger: true },
      cancelText: t('common.cancel'),
      onOk: () => setActive(user, false),
    });

  const columns: TableColumnsType<User> = [
    {
      title: t('users.displayName'),
      key: 'name',
      render: (_, user) => (
        <Flex vertical style={{ minWidth: 0 }}>
          <Typography.Text strong className="pond-wrap">
            {user.displayName}
            {user.id === me.id && <Typography.Text type="secondary"> ({t('users.you')})</Typography.Text>}
          </Typography.Text>
          <Typography.Text type="secondary" className="pond-wrap" style={{ fontSize: 12 }}>
            {user.email}
          </Typography.Text>
        </Flex>
      ),
    },
    { title: t('users.role'), key: 'role', render: (_, user) => <RoleTag role={user.role} /> },
    {
      title: t('users.team'),
      key: 'team',
      responsive: ['md'],
      render: (_, user) => teamCell(user),
    },
    {
      title: t('users.status'),
      key: 'status',
      responsive: ['sm'],
      render: (_, user) => (user.active ? <Tag color="success">{t('users.active')}</Tag> : <Tag>{t('users.inactive')}</Tag>),
    },
    {
      title: <span className="pond-sr-only">{t('common.actions')}</span>,
      key: 'actions',
      width: 48,
      align: 'end',
      render: (_, user) => (
        <Dropdown
          trigger={['click']}
          menu={{
            items: [
              { key: 'edit', label: t('common.edit') },
              { key: 'password', label: t('users.resetPassword') },
              user.active
                ? { key: 'deactivate', label: t('users.deactivate'), danger: true, disabled: user.id === me.id }
                : { key: 'reactivate', label: t('users.reactivate') },
            ],
            onClick: ({ key }) => {
              if (key === 'edit') setEditing({ user });
              if (key === 'password') setResetting(user);
              if (key === 'deactivate') confirmDeactivate(user);
              if (key === 'reactivate') setActive(user, true);
            },
          }}
        >
          <Button type="text" icon={<MoreOutlined />} aria-label={`${t('common.actions')}: ${user.displayName}`} data-testid={`user-actions-${user.email}`} />
        </Dropdown>
      ),
    },
  ];

  return (
    <>
      <PageHeader
        title={t('users.title')}
        extra={
          <Button type="primary" icon={<PlusOutlined />} onClick={() => setEditing({ user: null })} data-testid="user-create">
            {t('users.create')}
          </Button>
        }
      />
      {users.isError && <Alert type="error" showIcon title={errorText(users.error)} style={{ marginBottom: 16 }} />}
      <Input.Search
        allowClear
        placeholder={t('users.search')}
        aria-label={t('users.search')}
        value={query}
        onChange={(e) => setQuery(e.target.value)}
        style={{ maxWidth: 360, marginBottom: 12 }}
        data-testid="users-search"
      />
      <Table<User>
        rowKey="id"
        columns={columns}
        dataSource={shown}
        loading={users.isPending}
        pagination={{ pageSize: 50, hideOnSinglePage: true }}
        rowClassName={(user) => (user.active ? '' : 'pond-row-inactive')}
        data-testid="users-table"
      />
      <UserFormModal
        open={editing !== null}
        user={editing?.user ?? null}
        teams={teams.data?.items ?? []}
        onClose={(saved) => {
          if (saved) void message.success(editing?.user ? t('users.updated') : t('users.created'));
          setEditing(null);
        }}
      />
      <ResetPasswordModal user={resetting} onClose={() => setResetting(null)} />
    </>
  );
}
