import { App, Button, Tooltip, Typography } from 'antd';
import { EyeInvisibleOutlined, InboxOutlined } from '@ant-design/icons';
import { useNavigate } from 'react-router';
import { isApiError } from '../../api/client.js';
import { useErrorText } from '../../app/use-error-text.js';
import { useI18n } from '../../i18n/i18n-context.js';
import type { Translate } from '../../i18n/locales.js';
import { daysBetween, formatDay, localDate } from '../prospects/dates.js';
import type { Allowance, PoolInfo } from './pool-api.js';
import { usePoolMutations } from './pool-api.js';

export type HideableField = PoolInfo['hidden'][number];

/** A field the pool withholds until claimed: said so, in muted type, rather than left blank. */
export function HiddenValue() {
  const { t } = useI18n();
  return (
    <Typography.Text type="secondary" italic style={{ whiteSpace: 'nowrap' }} data-testid="pool-hidden">
      <EyeInvisibleOutlined /> {t('pool.hidden')}
    </Typography.Text>
  );
}

export function daysInPool(info: PoolInfo, today: string, timeZone: string | null | undefined): number | null {
  return info.since ? Math.max(0, daysBetween(localDate(info.since, timeZone), today)) : null;
}

/** "12 days", "1 day", "since today". */
export function daysText(days: number | null, t: Translate): string {
  if (days === null) return t('common.none');
  return days === 0 ? t('pool.sinceToday') : days === 1 ? t('pool.oneDay') : t('pool.days', { days });
}

/** Why it is in the pool: recalled by Pond after days without a touch, or released with its owner's words. */
export function reasonText(info: PoolInfo, t: Translate): string {
  if (info.reason === 'recalled') return t('pool.reasonRecalled');
  if (info.reason) return t('pool.reasonReleased', { reason: info.reason });
  return t('common.none');
}

export function refusalText(info: PoolInfo, t: Translate, locale: string): string | null {
  if (!info.claimRefusal) return null;
  if (info.claimRefusal === 'POOL_RECLAIM_WAIT' && info.reclaimOn) return t('pool.refusal.waitUntil', { date: formatDay(info.reclaimOn, locale) });
  return t(`pool.refusal.${info.claimRefusal}`);
}

/** "3 of 5 claims left today", and the room left under the owned limit when that is the tighter one. */
export function AllowanceLine({ allowance }: { allowance: Allowance }) {
  const { t } = useI18n();
  const ownedTighter = allowance.ownedRoom < allowance.claimsLeftToday;
  return (
    <Typography.Text type={allowance.left === 0 ? 'warning' : 'secondary'} data-testid="pool-allowance" data-left={allowance.left}>
      <InboxOutlined /> {t('pool.allowance', { left: allowance.claimsLeftToday, total: allowance.claimsPerDay })}
      {ownedTighter && ` · ${t('pool.ownedRoom', { room: allowance.ownedRoom, max: allowance.maxOwned })}`}
    </Typography.Text>
  );
}

/**
 * Claims one prospect and opens it in the book. Someone faster (or a limit) answers with the server's own words,
 * and the pool is asked again so the list shows what is true now.
 */
export function useClaim() {
  const { t } = useI18n();
  const { message } = App.useApp();
  const errorText = useErrorText();
  const navigate = useNavigate();
  const { claim } = usePoolMutations();
  const run = (ids: number[], after: { done?: () => void; taken?: () => void } = {}) =>
    claim.mutate(ids, {
      onSuccess: ({ claimed }) => {
        after.done?.();
        if (claimed.length === 1) {
          void message.success(t('pool.claimedOne'));
          navigate(`/prospects/${claimed[0]}`);
        } else {
          void message.success(t('pool.claimedMany', { count: claimed.length }));
        }
      },
      onError: (err) => {
        void message.error(errorText(err));
        if (isApiError(err, 'POOL_ALREADY_CLAIMED')) after.taken?.();
      },
    });
  return { run, pending: claim.isPending, pendingIds: claim.isPending ? (claim.variables ?? []) : [] };
}

/** The claim button of one prospect: disabled, with the reason, when a claim would be refused now. */
export function ClaimButton({ id, info, name, block, onClaim, pending }: { id: number; info: PoolInfo; name: string; block?: boolean; onClaim: (id: number) => void; pending: boolean }) {
  const { t, locale } = useI18n();
  const refusal = refusalText(info, t, locale);
  if (!info.claim && !refusal) return null;
  const button = (
    <Button
      type="primary"
      block={block}
      disabled={!info.claim || info.claimRefusal !== null}
      loading={pending}
      onClick={(e) => {
        e.stopPropagation();
        onClaim(id);
      }}
      aria-label={`${t('pool.claim')}: ${name}`}
      data-testid={`pool-claim-${id}`}
    >
      {t('pool.claim')}
    </Button>
  );
  return refusal ? (
    <Tooltip title={refusal}>
      <span style={{ display: block ? 'block' : 'inline-block' }}>{button}</span>
    </Tooltip>
  ) : (
    button
  );
}
