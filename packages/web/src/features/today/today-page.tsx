import { useEffect, useState } from 'react';
import { type UseQueryResult } from '@tanstack/react-query';
import { Alert, Badge, Button, Card, Empty, Flex, Skeleton, Typography } from 'antd';
import { DownOutlined, UpOutlined } from '@ant-design/icons';
import { Link } from 'react-router';
import { api } from '../../api/client.js';
import { PageHeader } from '../../app/page-header.js';
import { useErrorText } from '../../app/use-error-text.js';
import { useI18n } from '../../i18n/i18n-context.js';
import { formatDay } from '../prospects/dates.js';
import { AGENDA_BUCKETS, type Agenda, type AgendaBucket, type AgendaItem } from '../prospects/prospect-types.js';
import { filterParams, useToday } from '../prospects/prospects-api.js';
import { useUser } from '../auth/session.js';
import { useTouchLauncher } from '../prospects/touch-launcher.js';
import { AgendaRow } from './agenda-row.js';
import { LeavingSection, type LeavingItem } from './leaving-section.js';

type AgendaSection = Agenda['buckets'][AgendaBucket];

/** The signed-in user's own sections page through the API. */
const ownSection: LoadMore = (bucket, offset) => api.get<AgendaSection>(`/api/v1/today/sections/${bucket}?offset=${offset}&limit=${PAGE}`);

/** 今日待辦: overdue first, then due today, this week, next week, never followed up, and no next date. */
export function TodayPage() {
  const { t, locale } = useI18n();
  const agenda = useToday();
  const user = useUser();
  return (
    <div data-testid="module-today">
      <PageHeader
        title={t('nav.today')}
        extra={agenda.data && <Typography.Text type="secondary">{formatDay(agenda.data.today, locale)}</Typography.Text>}
      />
      <AgendaBoard agenda={agenda} ownerId={user.id} loadMore={ownSection} />
    </div>
  );
}

/** More rows of one section, after `offset`; absent where the API has no paging for that agenda (a member's). */
export type LoadMore = (bucket: AgendaBucket, offset: number) => Promise<AgendaSection>;

/**
 * The sections of one salesperson's agenda, from whichever query fetched it: the user's own Today, or a team
 * member's for their manager. The rows log touches (on the company's behalf when the logger is not the owner);
 * `ownerId` is whose agenda it is, for the "more" links. A row of chips on top jumps to each section with its exact
 * count; each section folds away (remembered on this device) and pages twenty rows at a time.
 */
export function AgendaBoard({ agenda, ownerId, emptyText, loadMore }: { agenda: UseQueryResult<Agenda>; ownerId: number; emptyText?: string; loadMore?: LoadMore }) {
  const { t } = useI18n();
  const errorText = useErrorText();
  const touch = useTouchLauncher();
  const [folded, setFolded] = useFolded();

  const open = (item: AgendaItem) =>
    void touch.open({ id: item.prospect.id, name: item.prospect.name, company: item.prospect.company, intervalDays: item.reason.intervalDays }, agenda.data?.today);

  // The drawer proposes today + the prospect's interval: from its agenda row when one is shown, else its record.
  const openLeaving = ({ prospect }: LeavingItem) => {
    const row = agenda.data && AGENDA_BUCKETS.flatMap((b) => agenda.data.buckets[b].items).find((i) => i.prospect.id === prospect.id);
    void touch.open({ id: prospect.id, name: prospect.name, company: prospect.company, intervalDays: row?.reason.intervalDays ?? prospect.intervalDays }, agenda.data?.today);
  };

  const leaving = agenda.data?.leavingForPool ?? { count: 0, items: [] };
  const total = (agenda.data ? AGENDA_BUCKETS.reduce((n, b) => n + agenda.data.buckets[b].count, 0) : 0) + leaving.count;
  const jump = (bucket: AgendaBucket | 'leaving') => {
    if (bucket !== 'leaving' && folded.has(bucket)) setFolded(bucket, false);
    // After the section has unfolded, so the page scrolls to where it really is.
    requestAnimationFrame(() => document.getElementById(`agenda-section-${bucket}`)?.scrollIntoView({ behavior: 'smooth', block: 'start' }));
  };

  return (
    <>
      {agenda.isError && <Alert type="error" showIcon title={errorText(agenda.error)} style={{ marginBottom: 16 }} />}
      {agenda.isPending && <Skeleton active />}
      {agenda.data && total === 0 && (
        <Card>
          <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={emptyText ?? t('today.empty')} />
        </Card>
      )}
      {agenda.data && total > 0 && (
        <Flex vertical gap={12}>
          <nav aria-label={t('today.jumpTo')} data-testid="agenda-chips">
            <Flex gap={6} wrap>
              {leaving.count > 0 && (
                <Button size="small" shape="round" onClick={() => jump('leaving')} data-testid="agenda-chip-leaving">
                  {t('today.leaving')} <strong>{leaving.count}</strong>
                </Button>
              )}
              {AGENDA_BUCKETS.filter((b) => agenda.data.buckets[b].count > 0).map((bucket) => (
                <Button key={bucket} size="small" shape="round" danger={bucket === 'overdue'} onClick={() => jump(bucket)} data-testid={`agenda-chip-${bucket}`}>
                  {t(`agendaBucket.${bucket}`)} <strong>{agenda.data.buckets[bucket].count}</strong>
                </Button>
              ))}
            </Flex>
          </nav>
          {leaving.count > 0 && (
            <div id="agenda-section-leaving" className="pond-agenda-anchor">
              <LeavingSection count={leaving.count} items={leaving.items} today={agenda.data.today} onLog={openLeaving} />
            </div>
          )}
          {AGENDA_BUCKETS.map((bucket) => (
            <Section
              key={bucket}
              bucket={bucket}
              section={agenda.data.buckets[bucket]}
              onLog={open}
              userId={ownerId}
              folded={folded.has(bucket)}
              onFold={(f) => setFolded(bucket, f)}
              loadMore={loadMore}
            />
          ))}
        </Flex>
      )}
      {touch.drawer}
    </>
  );
}

const FOLDED_KEY = 'pond.today.folded';

/** Which sections the user folded away, kept on this device. */
function useFolded(): [Set<AgendaBucket>, (bucket: AgendaBucket, folded: boolean) => void] {
  const [folded, setFolded] = useState<Set<AgendaBucket>>(() => {
    try {
      const stored: unknown = JSON.parse(localStorage.getItem(FOLDED_KEY) ?? '[]');
      return new Set(Array.isArray(stored) ? stored.filter((b): b is AgendaBucket => (AGENDA_BUCKETS as readonly unknown[]).includes(b)) : []);
    } catch {
      return new Set();
    }
  });
  const set = (bucket: AgendaBucket, fold: boolean) =>
    setFolded((current) => {
      const next = new Set(current);
      if (fold) next.add(bucket);
      else next.delete(bucket);
      try {
        localStorage.setItem(FOLDED_KEY, JSON.stringify([...next]));
      } catch {
        // Private browsing may refuse storage; the choice then lasts for this page only.
      }
      return next;
    });
  return [folded, set];
}

/** The list filtered to the rest of a section: the agenda owner's prospects in the same section, as Today counts them. */
function moreParams(bucket: AgendaBucket, userId: number): string {
  return filterParams({ ownerId: [userId], due: bucket }).toString();
}

const PAGE = 20;

function Section({
  bucket,
  section,
  onLog,
  userId,
  folded,
  onFold,
  loadMore,
}: {
  bucket: AgendaBucket;
  section: AgendaSection;
  onLog: (item: AgendaItem) => void;
  userId: number;
  folded: boolean;
  onFold: (folded: boolean) => void;
  loadMore?: LoadMore;
}) {
  const { t } = useI18n();
  const errorText = useErrorText();
  const [more, setMore] = useState<AgendaItem[]>([]);
  // The count the last page came with, while more pages are shown; else the agenda's own.
  const [pagedCount, setPagedCount] = useState<number | null>(null);
  const count = pagedCount ?? section.count;
  // A fresh agenda (after a touch) starts the section again from its first page.
  useEffect(() => {
    setMore([]);
    setPagedCount(null);
  }, [section]);
  const [loading, setLoading] = useState(false);
  const [failure, setFailure] = useState<unknown>(null);
  // A row may have moved between the pages (logged elsewhere): each prospect is shown once.
  const seen = new Set<number>();
  const items = [...section.items, ...more].filter((i) => !seen.has(i.prospect.id) && seen.add(i.prospect.id));
  const urgent = bucket === 'overdue' && count > 0;
  const bodyId = `agenda-body-${bucket}`;
  const fetchMore = async () => {
    if (!loadMore) return;
    setLoading(true);
    setFailure(null);
    try {
      const next = await loadMore(bucket, section.items.length + more.length);
      setMore((m) => [...m, ...next.items]);
      setPagedCount(next.count);
    } catch (err) {
      setFailure(err);
    } finally {
      setLoading(false);
    }
  };
  const rest = count - items.length;
  return (
    <Card
      size="small"
      id={`agenda-section-${bucket}`}
      data-testid={`agenda-${bucket}`}
      className={urgent ? 'pond-agenda-urgent pond-agenda-anchor' : 'pond-agenda-anchor'}
      title={
        <Flex gap={8} align="center">
          <span>{t(`agendaBucket.${bucket}`)}</span>
          <Badge count={count} showZero overflowCount={99_999} color={urgent ? '#dc2626' : count ? '#0f766e' : '#d1d5db'} data-testid="agenda-count" />
        </Flex>
      }
      extra={
        count > 0 && (
          <Button
            type="text"
            size="small"
            icon={folded ? <DownOutlined /> : <UpOutlined />}
            onClick={() => onFold(!folded)}
            aria-expanded={!folded}
            aria-controls={bodyId}
            aria-label={t(folded ? 'today.unfold' : 'today.fold', { section: t(`agendaBucket.${bucket}`) })}
            data-testid="agenda-fold"
          />
        )
      }
      styles={{ body: folded ? { display: 'none' } : { paddingTop: count ? 0 : 8, paddingBottom: count ? 0 : 8 } }}
    >
      <div id={bodyId}>
        {count === 0 ? (
          <Typography.Text type="secondary" style={{ fontSize: 13 }}>
            {t(`today.none.${bucket}`)}
          </Typography.Text>
        ) : (
          !folded && (
            <>
              {items.map((item) => (
                <AgendaRow key={item.prospect.id} item={item} urgent={bucket === 'overdue'} onLog={onLog} />
              ))}
              {failure !== null && <Alert type="error" showIcon title={errorText(failure)} style={{ margin: '8px 0' }} />}
              {rest > 0 && (
                <Flex gap={12} align="center" wrap style={{ fontSize: 13, padding: '8px 0', borderTop: '1px solid #f0f0f0' }}>
                  {loadMore && (
                    <Button size="small" onClick={() => void fetchMore()} loading={loading} data-testid="agenda-page">
                      {t('today.nextPage', { count: Math.min(PAGE, rest) })}
                    </Button>
                  )}
                  <Link to={`/prospects?${moreParams(bucket, userId)}`} data-testid="agenda-more">
                    {t('today.more', { count: rest })}
                  </Link>
                </Flex>
              )}
            </>
          )
        )}
      </div>
    </Card>
  );
}
