import { useCallback, useState } from 'react';
import { useNavigate, useSearchParams } from 'react-router';
import { Alert, Button, Flex, Segmented, Typography } from 'antd';
import { AppstoreOutlined, ImportOutlined, PlusOutlined, UnorderedListOutlined } from '@ant-design/icons';
import { PageHeader } from '../../app/page-header.js';
import { useErrorText } from '../../app/use-error-text.js';
import { useIsPhone } from '../../app/use-is-phone.js';
import { useI18n } from '../../i18n/i18n-context.js';
import { useUser } from '../auth/session.js';
import { BulkModal } from './bulk-modal.js';
import { ExportButton } from './export-button.js';
import { ProspectFilters } from './prospect-filters.js';
import { ProspectForm } from './prospect-form.js';
import { ProspectKanban } from './prospect-kanban.js';
import { ProspectTable } from './prospect-table.js';
import { filtersFromParams, useProspectList, useTeamUsers, type ListFilters, type ListSort } from './prospects-api.js';
import { QuickCreate } from './quick-create.js';
import { useTouchLauncher } from './touch-launcher.js';

type View = 'list' | 'grade' | 'disposition';

/** 潛在客戶: the whole book, filtered and sorted, as a list or a board. */
export function ProspectsPage() {
  const { t } = useI18n();
  const errorText = useErrorText();
  const isPhone = useIsPhone();
  const user = useUser();
  const navigate = useNavigate();
  const [view, setView] = useState<View>('list');
  const [searchParams] = useSearchParams();
  // A link (e.g. Today's "more") may open the list already filtered.
  const [filters, setFilters] = useState<ListFilters>(() => filtersFromParams(searchParams));
  const [sort, setSort] = useState<ListSort>({ sort: 'nextDueOn', order: 'asc' });
  const [selected, setSelected] = useState<number[]>([]);
  const [bulkOpen, setBulkOpen] = useState(false);
  const [quickOpen, setQuickOpen] = useState(false);
  const [fullOpen, setFullOpen] = useState(false);
  const team = useTeamUsers(user.can.listUsers);
  const owners = user.can.listUsers && team.available ? team.users.map((u) => ({ id: u.id, name: u.displayName })) : null;
  // The board reads its own columns; the list's query sleeps meanwhile.
  const list = useProspectList(filters, sort, 50, view === 'list');
  const touch = useTouchLauncher();
  const rows = list.data?.pages.flatMap((p) => p.items) ?? [];
  const changeFilters = useCallback((f: ListFilters) => {
    setFilters(f);
    setSelected([]);
  }, []);

  return (
    <>
      <PageHeader
        title={t('nav.prospects')}
        extra={
          <Flex gap={8}>
            <Button icon={<ImportOutlined />} onClick={() => navigate('/prospects/import')} data-testid="prospects-import">
              {t('import.open')}
            </Button>
            <ExportButton filters={filters} compact={isPhone} />
            {!isPhone && <Button onClick={() => setFullOpen(true)} data-testid="prospect-create-full">{t('prospects.newFull')}</Button>}
            <Button type="primary" icon={<PlusOutlined />} onClick={() => setQuickOpen(true)} data-testid="prospect-quick">
              {t('prospects.new')}
            </Button>
          </Flex>
        }
      />
      <Segmented<View>
        value={view}
        onChange={setView}
        style={{ marginBottom: 12 }}
        options={[
          { value: 'list', icon: <UnorderedListOutlined />, label: t('prospects.viewList') },
          { value: 'grade', icon: <AppstoreOutlined />, label: t('prospects.viewGrade') },
          { value: 'disposition', icon: <AppstoreOutlined />, label: t('prospects.viewDisposition') },
        ]}
        data-testid="prospect-view"
      />
      <ProspectFilters value={filters} onChange={changeFilters} owners={owners} />
      {list.isError && <Alert type="error" showIcon title={errorText(list.error)} style={{ marginBottom: 12 }} />}
      {view === 'list' && selected.length > 0 && (
        <Alert
          type="info"
          style={{ marginBottom: 12 }}
          title={t('bulk.selected', { count: selected.length })}
          action={
            <Flex gap={8}>
              <Button size="small" onClick={() => setSelected([])}>{t('bulk.clear')}</Button>
              <Button size="small" type="primary" onClick={() => setBulkOpen(true)} data-testid="bulk-open">
                {t('bulk.change')}
              </Button>
            </Flex>
          }
        />
      )}
      {view === 'list' ? (
        <ProspectTable
          rows={rows}
          loading={list.isPending}
          sort={sort}
          onSort={setSort}
          selected={selected}
          onSelect={setSelected}
          showOwner={user.can.listUsers}
          onLog={(p) => void touch.open(p)}
        />
      ) : (
        <ProspectKanban filters={filters} sort={sort} by={view} />
      )}
      <Flex justify="center" style={{ marginTop: 12 }} hidden={view !== 'list'}>
        {list.hasNextPage ? (
          <Button onClick={() => void list.fetchNextPage()} loading={list.isFetchingNextPage} data-testid="prospects-more">
            {t('prospects.loadMore')}
          </Button>
        ) : (
          rows.length > 0 && <Typography.Text type="secondary">{t('prospects.end', { count: rows.length })}</Typography.Text>
        )}
      </Flex>
      <BulkModal
        ids={selected}
        open={bulkOpen}
        owners={owners}
        onClose={(done) => {
          setBulkOpen(false);
          if (done) setSelected([]);
        }}
      />
      <QuickCreate
        open={quickOpen}
        onClose={() => setQuickOpen(false)}
        onFullForm={() => {
          setQuickOpen(false);
          setFullOpen(true);
        }}
      />
      <ProspectForm open={fullOpen} prospect={null} onClose={() => setFullOpen(false)} />
      {touch.drawer}
    </>
  );
}
