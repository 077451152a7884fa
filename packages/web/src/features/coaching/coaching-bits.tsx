import { Alert, Button, Flex, Tag, Typography } from 'antd';
import { FlagFilled } from '@ant-design/icons';
import { describeReason } from '@pond/domain/coaching/rules';
import type { MessageKey } from '../../i18n/locales.js';
import { useI18n } from '../../i18n/i18n-context.js';
import { useMoney } from '../orders/money.js';
import type { CoachRow, DrillTarget, MeasureKey } from './coaching-api.js';

/** A measure's label. */
export const measureLabel = (key: MeasureKey | 'revisitPercent' | 'onTimePercent' | 'newsletterPercent' | 'feedbackPercent' | 'revenue' | 'commission'): MessageKey =>
  key.startsWith('outcome.') ? (`outcome.${key.slice(8)}` as MessageKey) : (`coaching.m.${key}` as MessageKey);

export type Open = (target: Omit<DrillTarget, 'from' | 'to'>) => void;

/** A number that opens the rows behind it: one mechanism for every count on the page. */
export function Num({ row, measure, value, open, suffix, strong, danger }: { row: CoachRow; measure: MeasureKey; value: number | null; open: Open; suffix?: string; strong?: boolean; danger?: boolean }) {
  const { t } = useI18n();
  if (value === null) return <Typography.Text type="secondary">{t('common.none')}</Typography.Text>;
  return (
    <Button
      type="link"
      size="small"
      danger={danger}
      onClick={() => open({ userId: row.user.id, name: row.user.name, measure })}
      style={{ padding: 0, height: 'auto', fontWeight: strong ? 600 : undefined }}
      aria-label={`${t(measureLabel(measure))} ${value}${suffix ?? ''}: ${row.user.name}`}
      data-testid={`coaching-num-${measure}`}
    >
      {value}
      {suffix}
    </Button>
  );
}

/** The one-shot flag: a tag, and each reason in words and numbers. */
export function FlagNote({ row, compact }: { row: CoachRow; compact?: boolean }) {
  const { t, locale } = useI18n();
  if (!row.flag.length) return null;
  if (compact) {
    return (
      <Tag color="red" icon={<FlagFilled />} title={row.flag.map((f) => describeReason(f, locale)).join('\n')} data-testid="coaching-flag">
        {t('coaching.flagged')}
      </Tag>
    );
  }
  return (
    <Alert
      type="warning"
      showIcon
      icon={<FlagFilled />}
      title={
        <Flex vertical gap={2}>
          <Typography.Text strong>{t('coaching.flagged')}</Typography.Text>
          {row.flag.map((f) => (
            <span key={f.code}>{describeReason(f, locale)}</span>
          ))}
        </Flex>
      }
      data-testid="coaching-flag"
    />
  );
}

/** Revenue or commission, one amount per currency, never added across currencies. */
export function MoneyList({ values }: { values: CoachRow['measures']['revenue'] }) {
  const money = useMoney();
  const { t } = useI18n();
  if (!values.length) return <Typography.Text type="secondary">{t('common.none')}</Typography.Text>;
  return (
    <Flex vertical>
      {values.map((m) => (
        <Typography.Text key={m.currency} style={{ whiteSpace: 'nowrap' }}>
          {money(m.minor, m.currency as Parameters<typeof money>[1])}
        </Typography.Text>
      ))}
    </Flex>
  );
}
