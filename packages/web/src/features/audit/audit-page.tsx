import { Alert, Button, Flex, Table, Typography, type TableColumnsType } from 'antd';
import { useInfiniteQuery } from '@tanstack/react-query';
import { auditEntityName, recordWords } from '@pond/domain/audit';
import { api } from '../../api/client.js';
import type { AuditEntry, Page } from '../../api/types.js';
import { PageHeader } from '../../app/page-header.js';
import { useErrorText } from '../../app/use-error-text.js';
import { useIsPhone } from '../../app/use-is-phone.js';
import { useI18n } from '../../i18n/i18n-context.js';
import { formatDateTime } from '../account/time-zones.js';
import { useUser } from '../auth/session.js';
import { AuditFilterBar, useAuditFilters, type AuditFilterValues } from './audit-filters.js';
import { AuditSentence, useAuditWords } from './audit-sentence.js';

const PAGE_SIZE = 50;

function fetchAudit(filters: AuditFilterValues, cursor: string | null): Promise<Page<AuditEntry>> {
  const params = new URLSearchParams({ limit: String(PAGE_SIZE) });
  for (const [k, v] of Object.entries(filters)) if (v) params.set(k, v);
  if (cursor) params.set('cursor', cursor);
  return api.get<Page<AuditEntry>>(`/api/v1/audit?${params.toString()}`);
}

function Json({ value }: { value: unknown }) {
  if (value === null || value === undefined) return <Typography.Text type="secondary">—</Typography.Text>;
  return <pre className="pond-json">{JSON.stringify(value, null, 2)}</pre>;
}

/** The admin's audit log: each entry as a sentence, filtered by actor, action and days; the raw entry one tap away. */
export function AuditPage() {
  const { t, locale } = useI18n();
  const errorText = useErrorText();
  const user = useUser();
  const isPhone = useIsPhone();
  const words = useAuditWords();
  const [filters, setFilters] = useAuditFilters();
  const audit = useInfiniteQuery({
    queryKey: ['audit', filters],
    queryFn: ({ pageParam }) => fetchAudit(filters, pageParam),
    initialPageParam: null as string | null,
    getNextPageParam: (last) => last.nextCursor,
    staleTime: 0,
  });
  const rows = audit.data?.pages.flatMap((page) => page.items) ?? [];
  const filtered = Object.values(filters).some(Boolean);

  const time = (e: AuditEntry) => formatDateTime(e.at, locale, user.timeZone, 'short');
  const actor = (e: AuditEntry) => (e.actorId === null ? (e.actorLabel ?? t('audit.system')) : `${e.actorName ?? `#${e.actorId}`}${e.actorLabel ? ` (${e.actorLabel})` : ''}`);
  const entity = (e: AuditEntry) => words(recordWords(e.entityType, e.entityId, auditEntityName(e)));

  // On a phone the time goes under the sentence, so both fit 375 px; the rest is in the expanded row.
  const columns: TableColumnsType<AuditEntry> = isPhone
    ? [
        {
          title: t('audit.sentence'),
          key: 'sentence',
          render: (_, e) => (
            <Flex vertical style={{ minWidth: 0 }}>
              <AuditSentence entry={e} />
              <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                {time(e)}
              </Typography.Text>
            </Flex>
          ),
        },
      ]
    : [
        { title: t('audit.time'), key: 'at', width: 160, render: (_, e) => <span style={{ whiteSpace: 'nowrap' }}>{time(e)}</span> },
        { title: t('audit.sentence'), key: 'sentence', render: (_, e) => <AuditSentence entry={e} /> },
        { title: t('audit.ip'), dataIndex: 'ip', key: 'ip', responsive: ['lg'], width: 140 },
      ];

  return (
    <>
      <PageHeader title={t('audit.title')} />
      <AuditFilterBar value={filters} onChange={setFilters} />
      {audit.isError && <Alert type="error" showIcon title={errorText(audit.error)} style={{ marginBottom: 16 }} />}
      <Table<AuditEntry>
        rowKey="id"
        size="small"
        columns={columns}
        dataSource={rows}
        loading={audit.isPending}
        pagination={false}
        locale={{ emptyText: t(filtered ? 'audit.emptyFiltered' : 'audit.empty') }}
        expandable={{
          expandedRowRender: (e) => (
            <Flex gap={12} wrap>
              <Flex vertical style={{ flex: '1 1 100%', minWidth: 0 }} className="pond-wrap">
                <span>
                  <Typography.Text type="secondary">{t('audit.actor')}: </Typography.Text>
                  {actor(e)}
                </span>
                <span>
                  <Typography.Text type="secondary">{t('audit.entity')}: </Typography.Text>
                  {entity(e)}
                  {e.entityId !== null && <Typography.Text type="secondary"> ({e.entityType} {e.entityId})</Typography.Text>}
                </span>
                <span>
                  <Typography.Text type="secondary">{t('audit.code')}: </Typography.Text>
                  <Typography.Text code>{e.action}</Typography.Text>
                </span>
                {e.ip && (
                  <span>
                    <Typography.Text type="secondary">{t('audit.ip')}: </Typography.Text>
                    {e.ip}
                  </span>
                )}
              </Flex>
              <div style={{ flex: '1 1 260px', minWidth: 0 }}>
                <Typography.Text strong>{t('audit.before')}</Typography.Text>
                <Json value={e.before} />
              </div>
              <div style={{ flex: '1 1 260px', minWidth: 0 }}>
                <Typography.Text strong>{t('audit.after')}</Typography.Text>
                <Json value={e.after} />
              </div>
            </Flex>
          ),
        }}
        data-testid="audit-table"
      />
      <Flex justify="center" style={{ marginTop: 16 }}>
        {audit.hasNextPage ? (
          <Button onClick={() => void audit.fetchNextPage()} loading={audit.isFetchingNextPage}>
            {t('audit.loadMore')}
          </Button>
        ) : (
          rows.length > 0 && <Typography.Text type="secondary">{t('audit.end')}</Typography.Text>
        )}
      </Flex>
    </>
  );
}
