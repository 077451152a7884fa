import { DatePicker, Flex, Select } from 'antd';
import dayjs from 'dayjs';
import { PERIOD_PRESETS } from '@pond/domain/coaching/rules';
import { useI18n } from '../../i18n/i18n-context.js';
import type { CoachingChoice, CoachingReport, PeriodPreset } from './coaching-api.js';

const CUSTOM = 'custom';

/** The period (a preset, or chosen days) and, for a manager or admin, the team. */
export function PeriodBar({ value, onChange, report, canPickTeam }: { value: CoachingChoice; onChange: (next: CoachingChoice) => void; report: CoachingReport | undefined; canPickTeam: boolean }) {
  const { t } = useI18n();
  const custom = value.from !== undefined;
  const teams = report?.teams ?? [];
  return (
    <Flex gap={8} wrap style={{ marginBottom: 16 }}>
      <Select<string>
        aria-label={t('coaching.period')}
        value={custom ? CUSTOM : (value.preset ?? 'last_4_weeks')}
        onChange={(v) => {
          if (v === CUSTOM) onChange({ teamId: value.teamId, from: report?.period.from, to: report?.period.to });
          else onChange({ teamId: value.teamId, preset: v as PeriodPreset });
        }}
        options={[...PERIOD_PRESETS.map((p) => ({ value: p, label: t(`coaching.preset.${p}`) })), { value: CUSTOM, label: t('coaching.preset.custom') }]}
        style={{ minWidth: 160 }}
        data-testid="coaching-preset"
      />
      {custom && (
        <DatePicker.RangePicker
          aria-label={t('coaching.period')}
          value={[dayjs(value.from), dayjs(value.to)]}
          format="YYYY-MM-DD"
          inputReadOnly
          allowClear={false}
          onChange={(range) => {
            if (range?.[0] && range[1]) onChange({ teamId: value.teamId, from: range[0].format('YYYY-MM-DD'), to: range[1].format('YYYY-MM-DD') });
          }}
          data-testid="coaching-range"
        />
      )}
      {canPickTeam && teams.length > 0 && (
        <Select<number | 'all'>
          aria-label={t('coaching.team')}
          value={value.teamId ?? 'all'}
          onChange={(v) => onChange({ ...value, teamId: v === 'all' ? undefined : v })}
          options={[{ value: 'all' as const, label: t('coaching.allTeams') }, ...teams.map((tm) => ({ value: tm.id, label: tm.name }))]}
          style={{ minWidth: 160 }}
          data-testid="coaching-team"
        />
      )}
    </Flex>
  );
}
