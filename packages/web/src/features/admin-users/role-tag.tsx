import { Tag } from 'antd';
import type { Role } from '../../api/types.js';
import { useI18n } from '../../i18n/i18n-context.js';

const COLORS: Record<Role, string> = { admin: 'volcano', manager: 'geekblue', salesperson: 'green' };
export const ROLE_ORDER: Role[] = ['salesperson', 'manager', 'admin'];

export function RoleTag({ role }: { role: Role }) {
  const { t } = useI18n();
  return <Tag color={COLORS[role]}>{t(`role.${role}`)}</Tag>;
}
