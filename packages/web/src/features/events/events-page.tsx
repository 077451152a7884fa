import { useState } from 'react';
import { Alert, Button, Card, Empty, Flex, Segmented, Select, Skeleton, Typography } from 'antd';
import { PlusOutlined, TeamOutlined } from '@ant-design/icons';
import { Link, useNavigate, useSearchParams } from 'react-router';
import { PageHeader } from '../../app/page-header.js';
import { useErrorText } from '../../app/use-error-text.js';
import { useI18n } from '../../i18n/i18n-context.js';
import { CancelledTag, EventCounts, EventWhenWhere, KindTag, useKindOptions } from './event-bits.js';
import { EventForm } from './event-form.js';
import { useEventList, type EventKind, type PondEvent, type When } from './events-api.js';

/** One event as a card: what and when first, then where, the seats and the counts; the card opens the event. */
function EventCard({ event }: { event: PondEvent }) {
  const { t } = useI18n();
  const navigate = useNavigate();
  return (
    <Card
      size="small"
      hoverable
      onClick={() => navigate(`/events/${event.id}`)}
      styles={{ body: { padding: 12 } }}
      data-testid={`event-card-${event.id}`}
      style={event.status === 'cancelled' ? { opacity: 0.75 } : undefined}
    >
      <Flex justify="space-between" gap={8} align="start">
        <Link to={`/events/${event.id}`} onClick={(e) => e.stopPropagation()} className="pond-wrap" style={{ fontWeight: 600, fontSize: 15, minWidth: 0 }} data-testid="event-title">
          {event.title}
        </Link>
        <Flex gap={4} wrap justify="end" style={{ flex: 'none' }}>
          <CancelledTag event={event} />
          <KindTag kind={event.kind} />
        </Flex>
      </Flex>
      <div style={{ margin: '6px 0 8px' }}>
        <EventWhenWhere event={event} links={false} />
      </div>
      <EventCounts event={event} />
      {event.hosts.length > 0 && (
        <Typography.Text type="secondary" className="pond-wrap" style={{ display: 'block', marginTop: 6, fontSize: 13 }}>
          <TeamOutlined /> {t('events.hostedBy', { names: event.hosts.map((h) => h.name).join(t('events.listSeparator')) })}
        </Typography.Text>
      )}
    </Card>
  );
}

/** 活動: the seminars, test drives and dinners ahead (or past), for inviting guests and checking them in. */
export function EventsPage() {
  const { t } = useI18n();
  const errorText = useErrorText();
  const kindOptions = useKindOptions();
  const [params, setParams] = useSearchParams();
  const when: When = params.get('when') === 'past' ? 'past' : 'upcoming';
  const [kind, setKind] = useState<EventKind | undefined>(undefined);
  const [creating, setCreating] = useState(false);
  const navigate = useNavigate();
  const list = useEventList(when, kind);
  const rows = list.data?.pages.flatMap((p) => p.items) ?? [];
  const canCreate = list.data?.pages[0]?.canCreate ?? false;

  return (
    <div data-testid="module-events">
      <PageHeader
        title={t('nav.events')}
        extra={
          canCreate && (
            <Button type="primary" icon={<PlusOutlined />} onClick={() => setCreating(true)} data-testid="events-new">
              {t('events.newEvent')}
            </Button>
          )
        }
      />
      <Typography.Paragraph type="secondary" style={{ marginTop: -8 }}>
        {t('events.intro')}
      </Typography.Paragraph>
      <Flex gap={8} wrap align="center" style={{ marginBottom: 12 }}>
        <Segmented<When>
          value={when}
          onChange={(value) => setParams(value === 'past' ? { when: 'past' } : {}, { replace: true })}
          options={[
            { value: 'upcoming', label: t('events.upcoming') },
            { value: 'past', label: t('events.past') },
          ]}
          data-testid="events-when"
        />
        <Select<EventKind>
          allowClear
          placeholder={t('events.allKinds')}
          value={kind}
          onChange={(value) => setKind(value)}
          options={kindOptions}
          style={{ minWidth: 140 }}
          aria-label={t('events.kindLabel')}
          data-testid="events-kind"
        />
      </Flex>
      {list.isError && <Alert type="error" showIcon title={errorText(list.error)} style={{ marginBottom: 12 }} />}
      {list.isPending ? (
        <Skeleton active />
      ) : rows.length === 0 ? (
        <Card>
          <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t(when === 'past' ? 'events.emptyPast' : 'events.emptyUpcoming')} data-testid="events-empty" />
        </Card>
      ) : (
        <div className="pond-event-grid" data-testid="events-list">
          {rows.map((e) => (
            <EventCard key={e.id} event={e} />
          ))}
        </div>
      )}
      <Flex justify="center" style={{ marginTop: 12 }}>
        {list.hasNextPage ? (
          <Button onClick={() => void list.fetchNextPage()} loading={list.isFetchingNextPage} data-testid="events-more">
            {t('prospects.loadMore')}
          </Button>
        ) : (
          rows.length > 0 && <Typography.Text type="secondary">{t('events.end')}</Typography.Text>
        )}
      </Flex>
      <EventForm open={creating} onClose={() => setCreating(false)} onSaved={(e) => navigate(`/events/${e.id}`)} />
    </div>
  );
}
