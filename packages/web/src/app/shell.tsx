import { useEffect, useState } from 'react';
import { Drawer, Flex, Layout } from 'antd';
import { EllipsisOutlined } from '@ant-design/icons';
import { Outlet, useLocation, useNavigate } from 'react-router';
import { useI18n } from '../i18n/i18n-context.js';
import { useDefaultTimeZone } from '../features/account/default-time-zone.js';
import { useUser } from '../features/auth/session.js';
import { NotificationBell } from '../features/notifications/notification-bell.js';
import { SearchLauncher } from '../features/search/search-palette.js';
import { Brand } from './brand.js';
import { LanguageMenu } from './language-menu.js';
import { activePath, TAB_NAV } from './nav.js';
import { NavMenu } from './nav-menu.js';
import { useIsPhone } from './use-is-phone.js';
import { UserMenu } from './user-menu.js';
import { useReturnFocus } from './use-return-focus.js';

const headerStyle = {
  background: '#fff',
  borderBottom: '1px solid #e5e7eb',
  display: 'flex',
  alignItems: 'center',
  justifyContent: 'space-between',
  gap: 8,
  position: 'sticky',
  top: 0,
  zIndex: 10,
} as const;

/** The signed-in frame: a Sider on desktops; a header, a bottom tab bar and a Drawer on phones. */
export function Shell() {
  const isPhone = useIsPhone();
  const user = useUser();
  const { setLocale } = useI18n();

  // The account's saved language wins over the browser's, once known.
  useEffect(() => {
    if (user.locale) setLocale(user.locale);
  }, [user.locale, setLocale]);
  useDefaultTimeZone(user);

  return isPhone ? <PhoneShell /> : <DesktopShell />;
}

function DesktopShell() {
  return (
    <Layout style={{ minHeight: '100vh' }}>
      <Layout.Sider
        width={220}
        theme="light"
        style={{ borderInlineEnd: '1px solid #e5e7eb', position: 'sticky', top: 0, height: '100vh', overflow: 'auto' }}
      >
        <div style={{ padding: '16px 20px' }}>
          <Brand />
        </div>
        <NavMenu />
      </Layout.Sider>
      <Layout>
        <Layout.Header style={{ ...headerStyle, paddingInline: 24 }}>
          <SearchLauncher />
          <Flex align="center" gap={8} style={{ flex: 'none' }}>
            <LanguageMenu />
            <NotificationBell />
            <UserMenu />
          </Flex>
        </Layout.Header>
        <Layout.Content style={{ padding: 24, maxWidth: 1200, width: '100%' }}>
          <Outlet />
        </Layout.Content>
      </Layout>
    </Layout>
  );
}

function PhoneShell() {
  const { t } = useI18n();
  const [drawerOpen, setDrawerOpen] = useState(false);
  const returnFocus = useReturnFocus(drawerOpen);
  const navigate = useNavigate();
  const { pathname } = useLocation();
  const active = activePath(pathname);
  const inTabs = TAB_NAV.some((item) => item.path === active);

  return (
    <Layout style={{ minHeight: '100vh' }}>
      <Layout.Header style={{ ...headerStyle, height: 52, lineHeight: '52px', paddingInline: '12px 4px' }}>
        <Brand />
        <Flex align="center" gap={0} style={{ minWidth: 0 }}>
          <SearchLauncher compact />
          <LanguageMenu compact />
          <NotificationBell />
          <UserMenu compact />
        </Flex>
      </Layout.Header>
      <Layout.Content style={{ padding: 12, paddingBottom: 80, minWidth: 0 }}>
        <Outlet />
      </Layout.Content>
      <nav className="pond-tabbar" aria-label={t('nav.menu')} data-testid="tab-bar">
        {TAB_NAV.map((item) => (
          <button
            key={item.path}
            type="button"
            aria-current={active === item.path ? 'page' : undefined}
            onClick={() => navigate(item.path)}
          >
            {item.icon}
            <span>{t(item.label)}</span>
          </button>
        ))}
        <button
          type="button"
          aria-current={!inTabs && active ? 'page' : undefined}
          onClick={() => setDrawerOpen(true)}
          data-testid="nav-more"
        >
          <EllipsisOutlined />
          <span>{t('nav.more')}</span>
        </button>
      </nav>
      <Drawer
        open={drawerOpen}
        onClose={() => setDrawerOpen(false)}
        focusable={returnFocus.focusable}
        afterOpenChange={(o) => !o && returnFocus.closed()}
        placement="right"
        size={280}
        title={<Brand />}
        styles={{ body: { padding: 0 } }}
      >
        <NavMenu onNavigate={() => setDrawerOpen(false)} />
      </Drawer>
    </Layout>
  );
}
