import { useCallback, useState } from 'react';
import { Alert, Button, Flex, Typography } from 'antd';
import { PageHeader } from '../../app/page-header.js';
import { useErrorText } from '../../app/use-error-text.js';
import { useIsPhone } from '../../app/use-is-phone.js';
import { useI18n } from '../../i18n/i18n-context.js';
import { useUser } from '../auth/session.js';
import { usePoolList, type PoolFilters as Filters } from './pool-api.js';
import { AllowanceLine, useClaim } from './pool-bits.js';
import { PoolFilters } from './pool-filters.js';
import { PoolCards, PoolTable } from './pool-list.js';

/** 公海: prospects nobody owns, longest in the pool first, to claim within the day's limits. */
export function PoolPage() {
  const { t } = useI18n();
  const errorText = useErrorText();
  const isPhone = useIsPhone();
  const user = useUser();
  const [filters, setFilters] = useState<Filters>({});
  const [selected, setSelected] = useState<number[]>([]);
  const list = usePoolList(filters);
  const claim = useClaim();
  const rows = list.data?.pages.flatMap((p) => p.items) ?? [];
  // The allowance is the same on every page; the newest page's is the freshest.
  const allowance = list.data?.pages.at(-1)?.allowance;
  const total = list.data?.pages[0]?.total ?? 0;
  const changeFilters = useCallback((f: Filters) => {
    setFilters(f);
    setSelected([]);
  }, []);
  const claimOne = (id: number) => {
    const unselect = () => setSelected((s) => s.filter((x) => x !== id));
    claim.run([id], { done: unselect, taken: unselect });
  };
  const Rows = isPhone ? PoolCards : PoolTable;

  return (
    <div data-testid="module-pool">
      <PageHeader title={t('nav.pool')} extra={allowance && user.can.claimFromPool && <AllowanceLine allowance={allowance} />} />
      <Typography.Paragraph type="secondary" style={{ marginTop: -8 }}>
        {t('pool.intro')}
      </Typography.Paragraph>
      <PoolFilters value={filters} onChange={changeFilters} />
      {list.isError && <Alert type="error" showIcon title={errorText(list.error)} style={{ marginBottom: 12 }} />}
      {selected.length > 0 && (
        <Alert
          type="info"
          style={{ marginBottom: 12 }}
          title={t('bulk.selected', { count: selected.length })}
          description={allowance && selected.length > allowance.left ? t('pool.overAllowance', { left: allowance.left }) : undefined}
          action={
            <Flex gap={8} wrap justify="end">
              <Button size="small" onClick={() => setSelected([])}>
                {t('bulk.clear')}
              </Button>
              <Button
                size="small"
                type="primary"
                loading={claim.pending && claim.pendingIds.length > 1}
                disabled={allowance !== undefined && selected.length > allowance.left}
                onClick={() => claim.run(selected, { done: () => setSelected([]) })}
                data-testid="pool-claim-selected"
              >
                {t('pool.claimSelected', { count: selected.length })}
              </Button>
            </Flex>
          }
        />
      )}
      <Rows rows={rows} loading={list.isPending} selected={selected} onSelect={setSelected} onClaim={claimOne} claiming={claim.pendingIds.length === 1 ? claim.pendingIds : []} />
      <Flex justify="center" style={{ marginTop: 12 }}>
        {list.hasNextPage ? (
          <Button onClick={() => void list.fetchNextPage()} loading={list.isFetchingNextPage} data-testid="pool-more">
            {t('prospects.loadMore')}
          </Button>
        ) : (
          rows.length > 0 && <Typography.Text type="secondary">{t('pool.end', { count: total })}</Typography.Text>
        )}
      </Flex>
    </div>
  );
}
