import { Tag } from 'antd';
import type { CopyState, IssueState } from '@pond/domain';
import type { MessageKey } from '../../i18n/locales.js';
import { useI18n } from '../../i18n/i18n-context.js';

const ISSUE_COLORS: Record<IssueState, string> = {
  draft: 'default',
  submitted: 'gold',
  approved: 'green',
  rejected: 'red',
  sending: 'blue',
  paused: 'orange',
  sent: 'cyan',
  cancelled: 'default',
};

export function IssueStateTag({ state }: { state: IssueState }) {
  const { t } = useI18n();
  return (
    <Tag color={ISSUE_COLORS[state]} data-testid="issue-state" data-state={state}>
      {t(`newsletters.state.${state}` as MessageKey)}
    </Tag>
  );
}

const COPY_COLORS: Record<CopyState, string> = {
  planned: 'default',
  claimed: 'processing',
  sending: 'processing',
  accepted: 'green',
  retry: 'orange',
  failed: 'red',
  suppressed: 'default',
  unknown: 'purple',
  excluded: 'default',
};

export function CopyStateTag({ state }: { state: CopyState }) {
  const { t } = useI18n();
  return <Tag color={COPY_COLORS[state]}>{t(`newsletters.copyState.${state}` as MessageKey)}</Tag>;
}
