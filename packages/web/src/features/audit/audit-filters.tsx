import { Button, DatePicker, Flex, Select, Typography } from 'antd';
import dayjs from 'dayjs';
import { useSearchParams } from 'react-router';
import { AUDIT_ACTION_GROUPS, AUDIT_ACTION_GROUP_NAMES, isAuditAction } from '@pond/domain/audit';
import { useI18n } from '../../i18n/i18n-context.js';
import type { MessageKey } from '../../i18n/locales.js';
import { useUsers } from '../admin-users/users-api.js';
import { useUser } from '../auth/session.js';

/** The audit page's filters, as its URL's query string holds them (so a filtered view can be shared). */
export interface AuditFilterValues {
  /** A user's id, or "system". */
  actor?: string;
  action?: string;
  from?: string;
  to?: string;
}

const KEYS = ['actor', 'action', 'from', 'to'] as const;

export function useAuditFilters(): [AuditFilterValues, (next: AuditFilterValues) => void] {
  const [params, setParams] = useSearchParams();
  const value: AuditFilterValues = {};
  for (const k of KEYS) {
    const v = params.get(k);
    if (v) value[k] = v;
  }
  const set = (next: AuditFilterValues) => {
    const out = new URLSearchParams();
    for (const k of KEYS) if (next[k]) out.set(k, next[k]);
    setParams(out, { replace: true });
  };
  return [value, set];
}

const isoDay = (d: dayjs.Dayjs | null) => (d ? d.format('YYYY-MM-DD') : undefined);
// A day typed into the URL by hand may not be one (2026-02-30 would roll over to March): the picker then starts
// empty and the server says what is wrong.
const pickerDay = (s: string | undefined) => (s && dayjs(s).isValid() && dayjs(s).format('YYYY-MM-DD') === s ? dayjs(s) : null);

/** By whom (a user, or no user), which action, and which days; every change is written to the URL. */
export function AuditFilterBar({ value, onChange }: { value: AuditFilterValues; onChange: (next: AuditFilterValues) => void }) {
  const { t } = useI18n();
  const user = useUser();
  const users = useUsers();
  const set = (patch: Partial<AuditFilterValues>) => onChange({ ...value, ...patch });
  const active = KEYS.some((k) => value[k]);

  const actorOptions = [
    { value: 'system', label: t('audit.system') },
    ...(users.data?.items ?? []).map((u) => ({ value: String(u.id), label: `${u.displayName} (${u.email})` })),
  ];
  const actionOptions = [
    // A code this build does not know (an older entry's) is still shown as chosen, by its code.
    ...(value.action && !isAuditAction(value.action) ? [{ value: value.action, label: value.action }] : []),
    ...AUDIT_ACTION_GROUP_NAMES.map((g) => ({
      label: t(`audit.group.${g}` as MessageKey),
      options: AUDIT_ACTION_GROUPS[g].map((a) => ({ value: a, label: t(`audit.a.${a}` as MessageKey) })),
    })),
  ];

  return (
    <Flex vertical gap={4} style={{ marginBottom: 12 }}>
      <Flex gap={8} wrap data-testid="audit-filters">
        <Select<string>
          allowClear
          value={value.actor}
          onChange={(v) => set({ actor: v })}
          options={actorOptions}
          placeholder={t('audit.filter.actor')}
          showSearch={{ optionFilterProp: 'label' }}
          loading={users.isPending}
          style={{ flex: '1 1 200px', minWidth: 0 }}
          aria-label={t('audit.actor')}
          data-testid="audit-filter-actor"
        />
        <Select<string>
          allowClear
          value={value.action}
          onChange={(v) => set({ action: v })}
          options={actionOptions}
          placeholder={t('audit.filter.action')}
          showSearch={{ optionFilterProp: 'label' }}
          style={{ flex: '1 1 200px', minWidth: 0 }}
          aria-label={t('audit.action')}
          data-testid="audit-filter-action"
        />
        <Flex gap={8} style={{ flex: '1 1 280px', minWidth: 0 }}>
          <DatePicker
            value={pickerDay(value.from)}
            onChange={(d) => set({ from: isoDay(d) })}
            placeholder={t('audit.filter.from')}
            format="YYYY-MM-DD"
            inputReadOnly
            disabledDate={(d) => (value.to ? d.format('YYYY-MM-DD') > value.to : false)}
            style={{ flex: '1 1 0', minWidth: 0 }}
            aria-label={t('audit.filter.from')}
            data-testid="audit-filter-from"
          />
          <DatePicker
            value={pickerDay(value.to)}
            onChange={(d) => set({ to: isoDay(d) })}
            placeholder={t('audit.filter.to')}
            format="YYYY-MM-DD"
            inputReadOnly
            disabledDate={(d) => (value.from ? d.format('YYYY-MM-DD') < value.from : false)}
            style={{ flex: '1 1 0', minWidth: 0 }}
            aria-label={t('audit.filter.to')}
            data-testid="audit-filter-to"
          />
        </Flex>
        {active && (
          <Button onClick={() => onChange({})} data-testid="audit-filter-clear">
            {t('audit.filter.clear')}
          </Button>
        )}
      </Flex>
      {(value.from || value.to) && user.timeZone && (
        <Typography.Text type="secondary" style={{ fontSize: 12 }}>
          {t('audit.filter.hint', { zone: user.timeZone })}
        </Typography.Text>
      )}
    </Flex>
  );
}
