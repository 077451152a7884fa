import { Tag } from 'antd';
import type { MessageKey } from '../../i18n/locales.js';
import { useI18n } from '../../i18n/i18n-context.js';
import type { Disposition, Grade, Importance, Outcome, Stage } from './prospect-types.js';

const GRADE_COLORS: Record<Grade, string> = { A: 'red', B: 'orange', C: 'blue', unrated: 'default' };
const DISPOSITION_COLORS: Record<Disposition, string> = { continue: 'green', pause: 'gold', keep: 'purple', dropped: 'default' };
const OUTCOME_COLORS: Record<Outcome, string> = { complete: 'green', pass: 'gold', success: 'cyan', failure: 'red' };
const STAGE_COLORS: Record<Stage, string> = { prospect: 'default', customer: 'green', repeat_customer: 'geekblue' };

/** Grades stay short on tags (A / B / C); the long label is the tooltip. */
export function GradeTag({ grade }: { grade: Grade }) {
  const { t } = useI18n();
  return (
    <Tag color={GRADE_COLORS[grade]} title={t(`grade.${grade}`)} style={{ marginInlineEnd: 0 }} data-testid="grade-tag">
      {grade === 'unrated' ? t('grade.unrated') : grade}
    </Tag>
  );
}

export function ImportanceTag({ importance }: { importance: Importance }) {
  const { t } = useI18n();
  if (importance === 'normal') return null;
  return (
    <Tag color={importance === 'key' ? 'magenta' : 'default'} style={{ marginInlineEnd: 0 }}>
      {t(`importance.${importance}`)}
    </Tag>
  );
}

export function DispositionTag({ disposition }: { disposition: Disposition }) {
  const { t } = useI18n();
  return (
    <Tag color={DISPOSITION_COLORS[disposition]} style={{ marginInlineEnd: 0 }}>
      {t(`disposition.${disposition}`)}
    </Tag>
  );
}

export function StageTag({ stage }: { stage: Stage }) {
  const { t } = useI18n();
  return (
    <Tag color={STAGE_COLORS[stage]} style={{ marginInlineEnd: 0 }} data-testid="stage-tag">
      {t(`stage.${stage}`)}
    </Tag>
  );
}

export function OutcomeTag({ outcome }: { outcome: Outcome }) {
  const { t } = useI18n();
  return (
    <Tag color={OUTCOME_COLORS[outcome]} style={{ marginInlineEnd: 0 }} data-testid="outcome-tag">
      {t(`outcome.${outcome}`)}
    </Tag>
  );
}

/** Options for a Select over one enum, labelled in the current language. */
export function useEnumOptions() {
  const { t } = useI18n();
  return <V extends string>(kind: string, values: readonly V[]) => values.map((value) => ({ value, label: t(`${kind}.${value}` as MessageKey) }));
}
