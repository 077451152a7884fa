import { Alert, Button, Flex, Table, Typography, type TableColumnsType } from 'antd';
import { useInfiniteQuery } from '@tanstack/react-query';
import { api } from '../../api/client.js';
import type { AuditEntry, Page } from '../../api/types.js';
import { PageHeader } from '../../app/page-header.js';
import { useErrorText } from '../../app/use-error-text.js';
import { useI18n } from '../../i18n/i18n-context.js';
import { formatDateTime } from '../account/time-zones.js';
import { useUser } from '../auth/session.js';

const PAGE_SIZE = 50;

function fetchAudit(cursor: string | null): Promise<Page<AuditEntry>> {
  const params = new URLSearchParams({ limit: String(PAGE_SIZE) });
  if (cursor) params.set('cursor', cursor);
  return api.get<Page<AuditEntry>>(`/api/v1/audit?${params.toString()}`);
}

function Json({ value }: { value: unknown }) {
  if (value === null || value === undefined) return <Typography.Text type="secondary">—</Typography.Text>;
  return <pre className="pond-json">{JSON.stringify(value, null, 2)}</pre>;
}

export function AuditPage() {
  const { t, locale } = useI18n();
  const errorText = useErrorText();
  const user = useUser();
  const audit = useInfiniteQuery({
    queryKey: ['audit'],
    queryFn: ({ pageParam }) => fetchAudit(pageParam),
    initialPageParam: null as string | null,
    getNextPageParam: (last) => last.nextCursor,
    staleTime: 0,
  });
  const rows = audit.data?.pages.flatMap((page) => page.items) ?? [];

  const actor = (e: AuditEntry) => e.actorName ?? (e.actorId === null ? t('audit.system') : `#${e.actorId}`);
  const entity = (e: AuditEntry) => `${e.entityType}${e.entityId === null ? '' : ` #${e.entityId}`}`;

  // On phones only time and action fit; the rest is one tap away in the expanded row.
  const columns: TableColumnsType<AuditEntry> = [
    { title: t('audit.time'), key: 'at', render: (_, e) => formatDateTime(e.at, locale, user.timeZone, 'short') },
    { title: t('audit.actor'), key: 'actor', responsive: ['sm'], render: (_, e) => <span className="pond-wrap">{actor(e)}</span> },
    { title: t('audit.action'), key: 'action', render: (_, e) => <Typography.Text code className="pond-wrap">{e.action}</Typography.Text> },
    { title: t('audit.entity'), key: 'entity', responsive: ['md'], render: (_, e) => entity(e) },
    { title: t('audit.ip'), dataIndex: 'ip', key: 'ip', responsive: ['lg'] },
  ];

  return (
    <>
      <PageHeader title={t('audit.title')} />
      {audit.isError && <Alert type="error" showIcon title={errorText(audit.error)} style={{ marginBottom: 16 }} />}
      <Table<AuditEntry>
        rowKey="id"
        size="small"
        columns={columns}
        dataSource={rows}
        loading={audit.isPending}
        pagination={false}
        locale={{ emptyText: t('audit.empty') }}
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
