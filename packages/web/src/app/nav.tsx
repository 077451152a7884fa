import type { ReactNode } from 'react';
import {
  ApartmentOutlined,
  AuditOutlined,
  CheckSquareOutlined,
  SettingOutlined,
  TeamOutlined,
  UserOutlined,
  UsergroupAddOutlined,
  InboxOutlined,
  ShoppingOutlined,
  CalendarOutlined,
  MailOutlined,
  TrophyOutlined,
} from '@ant-design/icons';
import type { Capabilities, Capability } from '@pond/domain';
import type { MessageKey } from '../i18n/locales.js';

export interface NavItem {
  path: string;
  label: MessageKey;
  icon: ReactNode;
  /** The role rule that opens it, where one does. */
  capability?: Capability;
}

/** The modules every signed-in user sees, in the order of a salesperson's day. A module adds its entry when it lands. */
export const MODULE_NAV: NavItem[] = [
  { path: '/today', label: 'nav.today', icon: <CheckSquareOutlined /> },
  { path: '/prospects', label: 'nav.prospects', icon: <UserOutlined /> },
  { path: '/pool', label: 'nav.pool', icon: <InboxOutlined /> },
  { path: '/orders', label: 'orders.title', icon: <ShoppingOutlined /> },
  { path: '/events', label: 'nav.events', icon: <CalendarOutlined /> },
  { path: '/newsletters', label: 'nav.newsletters', icon: <MailOutlined /> },
  { path: '/coaching', label: 'nav.coaching', icon: <TrophyOutlined /> },
  { path: '/settings', label: 'nav.settings', icon: <SettingOutlined /> },
];

/** 團隊: a manager's (or an admin's) view of their team's agendas, right after their own Today. */
export const TEAM_NAV: NavItem = { path: '/team', label: 'nav.team', icon: <ApartmentOutlined /> };

export const ADMIN_NAV: NavItem[] = [
  { path: '/admin/users', label: 'nav.users', icon: <UsergroupAddOutlined />, capability: 'manageUsers' },
  { path: '/admin/teams', label: 'nav.teams', icon: <TeamOutlined />, capability: 'manageTeams' },
  { path: '/admin/audit', label: 'nav.audit', icon: <AuditOutlined />, capability: 'readAudit' },
];

/** The phone's bottom bar keeps the daily modules within thumb reach; the rest (settings included) live behind "More". */
export const TAB_NAV: NavItem[] = MODULE_NAV.filter((item) => item.path !== '/settings').slice(0, 4);

/** The modules a user sees: the team view only for those who may see it (the rest would be refused it). */
export function moduleNavFor(can: Capabilities): NavItem[] {
  return can.viewTeam ? [MODULE_NAV[0]!, TEAM_NAV, ...MODULE_NAV.slice(1)] : MODULE_NAV;
}

/** The administration pages the user may open, each by its own rule. */
export function adminNavFor(can: Capabilities): NavItem[] {
  return ADMIN_NAV.filter((item) => item.capability && can[item.capability]);
}

/** The nav entry whose path is the longest prefix of the current location. */
export function activePath(pathname: string): string | undefined {
  return [...MODULE_NAV, TEAM_NAV, ...ADMIN_NAV, { path: '/account' }]
    .map((item) => item.path)
    .filter((path) => pathname === path || pathname.startsWith(`${path}/`))
    .sort((a, b) => b.length - a.length)[0];
}
