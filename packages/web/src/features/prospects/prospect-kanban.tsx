import { useState, type DragEvent } from 'react';
import { App, Badge, Button, Card, Dropdown, Flex, Typography } from 'antd';
import { SwapOutlined } from '@ant-design/icons';
import { Link } from 'react-router';
import { useErrorText } from '../../app/use-error-text.js';
import { useI18n } from '../../i18n/i18n-context.js';
import type { MessageKey } from '../../i18n/locales.js';
import { DispositionDialog } from './disposition-dialog.js';
import { DISPOSITIONS, GRADES, type Disposition, type Grade, type ProspectSummary } from './prospect-types.js';
import { useProspectMutations } from './prospects-api.js';
import { DispositionTag, GradeTag, ImportanceTag } from './tags.js';

export type KanbanBy = 'grade' | 'disposition';

/** Columns by grade or disposition; dragging a card (or its move menu on touch screens) changes it. */
export function ProspectKanban({ rows, by }: { rows: ProspectSummary[]; by: KanbanBy }) {
  const { t } = useI18n();
  const { message } = App.useApp();
  const errorText = useErrorText();
  const { update, disposition } = useProspectMutations();
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
    const id = Number(e.dataTransfer.getData('text/plain'));
    const p = rows.find((r) => r.id === id);
    if (p) move(p, to);
  };

  return (
    <>
      <div className="pond-kanban" data-testid="prospect-kanban">
        {columns.map((col) => {
          const cards = rows.filter((r) => r[by] === col);
          return (
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
                <Badge count={cards.length} showZero color="#6b7280" />
              </Flex>
              <Flex vertical gap={8}>
                {cards.map((p) => (
                  <Card
                    key={p.id}
                    size="small"
                    className="pond-kanban-card"
                    draggable
                    onDragStart={(e) => {
                      e.dataTransfer.setData('text/plain', String(p.id));
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
                          onClick: ({ key }) => move(p, key),
                        }}
                      >
                        <Button type="text" size="small" icon={<SwapOutlined />} aria-label={t('kanban.move')} />
                      </Dropdown>
                    </Flex>
                    <Flex gap={4} wrap style={{ marginTop: 6 }}>
                      {by === 'disposition' ? <GradeTag grade={p.grade} /> : <DispositionTag disposition={p.disposition} />}
                      <ImportanceTag importance={p.importance} />
                      {p.nextDueOn && (
                        <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                          {t('kanban.due', { date: p.nextDueOn })}
                        </Typography.Text>
                      )}
                    </Flex>
                  </Card>
                ))}
              </Flex>
            </section>
          );
        })}
      </div>
      <DispositionDialog prospect={asking?.prospect ?? null} initial={asking?.to} onClose={() => setAsking(null)} />
    </>
  );
}
