import { useEffect, useRef, useState, type DragEvent } from 'react';
import { Alert, App, Badge, Button, Card, Dropdown, Flex, Skeleton, Typography } from 'antd';
import { SwapOutlined } from '@ant-design/icons';
import { Link } from 'react-router';
import { useErrorText } from '../../app/use-error-text.js';
import { useI18n } from '../../i18n/i18n-context.js';
import type { MessageKey } from '../../i18n/locales.js';
import { DispositionDialog } from './disposition-dialog.js';
import { DISPOSITIONS, GRADES, type Disposition, type Grade, type ProspectSummary } from './prospect-types.js';
import { useProspectCounts, useProspectList, useProspectMutations, type ListFilters, type ListSort } from './prospects-api.js';
import { DispositionTag, GradeTag, ImportanceTag } from './tags.js';
import { DueDate } from './due-date.js';

export type KanbanBy = 'grade' | 'disposition';

/** Cards a column asks for at a time; the next ones load as its end scrolls into view. */
const COLUMN_PAGE = 30;

/**
 * Columns by grade or disposition; dragging a card (or its move menu on touch screens) changes it. Each column
 * reads its own cards under the list's filters, page by page as it is scrolled, and its badge is the true total.
 */
export function ProspectKanban({ filters, sort, by }: { filters: ListFilters; sort: ListSort; by: KanbanBy }) {
  const { t } = useI18n();
  const { message } = App.useApp();
  const errorText = useErrorText();
  const { update, disposition } = useProspectMutations();
  const counts = useProspectCounts(filters, by);
  const [over, setOver] = useState<string | null>(null);
  const [asking, setAsking] = useState<{ prospect: ProspectSummary; to: Disposition } | null>(null);
  const columns: readonly string[] = by === 'grade' ? GRADES : DISPOSITIONS;

  const move = (p: ProspectSummary, to: string) => {
    if (p[by] === to) return;
    const done = { onSuccess: () => void message.success(t('common.saved')), onError: (err: unknown) => void message.error(errorText(err)) };
    if (by === 'grade') return update.mutate({ id: p.id, version: p.version, patch: { grade: to as Grade } }, done);
    // A pause needs its resume date and a drop its reason: ask before moving.
    if (to === 'pause' || to === 'dropped') return setAsking({ prospect: p, to });
    disposition.mutate({ id: p.id, version: p.version, change: { disposition: to as 'continue' | 'keep' } }, done);
  };

  const onDrop = (e: DragEvent, to: string) => {
    e.preventDefault();
    setOver(null);
    try {
      move(JSON.parse(e.dataTransfer.getData('application/json')) as ProspectSummary, to);
    } catch {
      // Something other than a card was dropped.
    }
  };

  return (
    <>
      {counts.isError && <Alert type="error" showIcon title={errorText(counts.error)} style={{ marginBottom: 12 }} />}
      <div className="pond-kanban" data-testid="prospect-kanban">
        {columns.map((col) => (
          <section
            key={col}
            className="pond-kanban-column"
            data-over={over === col}
            data-testid={`kanban-${col}`}
            onDragOver={(e) => {
              e.preventDefault();
              e.dataTransfer.dropEffect = 'move';
              if (over !== col) setOver(col);
            }}
            onDragLeave={() => setOver((o) => (o === col ? null : o))}
            onDrop={(e) => onDrop(e, col)}
          >
            <Flex justify="space-between" align="center" style={{ marginBottom: 8, paddingInline: 4 }}>
              <Typography.Text strong>{t(`${by}.${col}` as MessageKey)}</Typography.Text>
              {/* No number until the true total is known: a 0 while it loads would read as an empty column. */}
              {counts.data && <Badge count={counts.data.counts[col] ?? 0} showZero overflowCount={99_999} color="#6b7280" data-testid="kanban-count" />}
            </Flex>
            <KanbanColumn by={by} col={col} columns={columns} filters={filters} sort={sort} onMove={move} />
          </section>
        ))}
      </div>
      <DispositionDialog prospect={asking?.prospect ?? null} initial={asking?.to} onClose={() => setAsking(null)} />
    </>
  );
}

function KanbanColumn({
  by,
  col,
  columns,
  filters,
  sort,
  onMove,
}: {
  by: KanbanBy;
  col: string;
  columns: readonly string[];
  filters: ListFilters;
  sort: ListSort;
  onMove: (p: ProspectSummary, to: string) => void;
}) {
  const { t } = useI18n();
  const errorText = useErrorText();
  // A column the list's own filter leaves out holds nothing: no need to ask.
  const excluded = Boolean(filters[by]?.length && !filters[by]!.includes(col));
  const list = useProspectList({ ...filters, [by]: [col] }, sort, COLUMN_PAGE, !excluded);
  const cards = excluded ? [] : (list.data?.pages.flatMap((p) => p.items) ?? []);
  const end = useRef<HTMLDivElement>(null);
  const { hasNextPage, isFetchingNextPage, fetchNextPage } = list;

  useEffect(() => {
    const el = end.current;
    if (!el || !hasNextPage) return;
    const seen = new IntersectionObserver((entries) => {
      if (entries.some((e) => e.isIntersecting) && !isFetchingNextPage) void fetchNextPage();
    });
    seen.observe(el);
    return () => seen.disconnect();
  }, [hasNextPage, isFetchingNextPage, fetchNextPage]);

  return (
    <Flex vertical gap={8}>
      {list.isError && <Alert type="error" showIcon title={errorText(list.error)} />}
      {cards.map((p) => (
        <Card
          key={p.id}
          size="small"
          className="pond-kanban-card"
          draggable
          onDragStart={(e) => {
            e.dataTransfer.setData('application/json', JSON.stringify(p));
            e.dataTransfer.effectAllowed = 'move';
          }}
          data-testid={`kanban-card-${p.id}`}
        >
          <Flex justify="space-between" gap={4} align="start">
            <Flex vertical style={{ minWidth: 0 }}>
              <Link to={`/prospects/${p.id}`} className="pond-wrap" style={{ fontWeight: 600 }}>
                {p.name}
              </Link>
              {p.company && (
                <Typography.Text type="secondary" className="pond-wrap" style={{ fontSize: 12 }}>
                  {p.company}
                </Typography.Text>
              )}
            </Flex>
            <Dropdown
              trigger={['click']}
              menu={{
                items: columns.filter((c) => c !== col).map((c) => ({ key: c, label: t(`${by}.${c}` as MessageKey) })),
                onClick: ({ key }) => onMove(p, key),
              }}
            >
              <Button type="text" size="small" icon={<SwapOutlined />} aria-label={t('kanban.move')} />
            </Dropdown>
          </Flex>
          <Flex gap={4} wrap style={{ marginTop: 6 }}>
            {by === 'disposition' ? <GradeTag grade={p.grade} /> : <DispositionTag disposition={p.disposition} />}
            <ImportanceTag importance={p.importance} />
            {p.nextDueOn && (
              <span style={{ fontSize: 12 }}>
                <DueDate date={p.nextDueOn} prefix />
              </span>
            )}
          </Flex>
        </Card>
      ))}
      {(list.isPending && !excluded) || isFetchingNextPage ? <Skeleton active paragraph={{ rows: 1 }} title={false} /> : null}
      {hasNextPage && (
        <div ref={end}>
          <Button type="link" size="small" block onClick={() => void fetchNextPage()} loading={isFetchingNextPage} data-testid="kanban-more">
            {t('prospects.loadMore')}
          </Button>
        </div>
      )}
    </Flex>
  );
}
