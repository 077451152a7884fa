import { App, Avatar, Button, Dropdown, Typography } from 'antd';
import { LogoutOutlined, UserOutlined } from '@ant-design/icons';
import { useNavigate } from 'react-router';
import { useI18n } from '../i18n/i18n-context.js';
import { useLogout, useUser } from '../features/auth/session.js';

/** The signed-in user's name, with their account page and sign-out. */
export function UserMenu({ compact = false }: { compact?: boolean }) {
  const { t } = useI18n();
  const user = useUser();
  const logout = useLogout();
  const { message } = App.useApp();
  const navigate = useNavigate();
  return (
    <Dropdown
      trigger={['click']}
      menu={{
        items: [
          { key: 'account', icon: <UserOutlined />, label: t('nav.account') },
          { type: 'divider' },
          { key: 'logout', icon: <LogoutOutlined />, label: t('nav.signOut'), danger: true },
        ],
        onClick: ({ key }) => {
          if (key === 'account') navigate('/account');
          if (key === 'logout') {
            // Notices belong to the session that raised them.
            message.destroy();
            logout.mutate();
          }
        },
      }}
    >
      <Button type="text" aria-label={t('nav.userMenu')} data-testid="user-menu" style={{ maxWidth: compact ? 140 : 260, paddingInline: 6 }}>
        <Avatar size="small" style={{ background: '#0f766e', flex: 'none' }}>
          {[...user.displayName][0]?.toUpperCase()}
        </Avatar>
        <Typography.Text ellipsis style={{ maxWidth: compact ? 90 : 200 }} data-testid="user-name">
          {user.displayName}
        </Typography.Text>
      </Button>
    </Dropdown>
  );
}
