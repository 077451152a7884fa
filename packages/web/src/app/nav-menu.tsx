import { Menu, type MenuProps } from 'antd';
import { useLocation, useNavigate } from 'react-router';
import { useI18n } from '../i18n/i18n-context.js';
import { useUser } from '../features/auth/session.js';
import { activePath, adminNavFor, moduleNavFor } from './nav.js';

/** The full navigation: modules (the team view for managers and admins), then administration for admins. Used in the desktop Sider and the phone Drawer. */
export function NavMenu({ onNavigate }: { onNavigate?: () => void }) {
  const { t } = useI18n();
  const user = useUser();
  const navigate = useNavigate();
  const { pathname } = useLocation();
  const admin = adminNavFor(user.can);

  const items: MenuProps['items'] = [
    ...moduleNavFor(user.can).map((item) => ({ key: item.path, icon: item.icon, label: t(item.label) })),
    ...(admin.length
      ? [
          { type: 'divider' as const },
          {
            type: 'group' as const,
            key: 'admin',
            label: t('nav.admin'),
            children: admin.map((item) => ({ key: item.path, icon: item.icon, label: t(item.label) })),
          },
        ]
      : []),
  ];

  const selected = activePath(pathname);
  return (
    <Menu
      mode="inline"
      items={items}
      selectedKeys={selected ? [selected] : []}
      onClick={({ key }) => {
        navigate(key);
        onNavigate?.();
      }}
      style={{ borderInlineEnd: 0 }}
      data-testid="nav-menu"
    />
  );
}
