import { Flex, Tag, Typography } from 'antd';
import { CalendarOutlined, EnvironmentOutlined, LinkOutlined } from '@ant-design/icons';
import type { EventKind, InvitationChannel, InvitationState } from '@pond/domain';
import { useI18n } from '../../i18n/i18n-context.js';
import type { Translate } from '../../i18n/locales.js';
import { EVENT_KINDS, INVITATION_STATES } from './event-rules.js';
import { formatEventTime } from './event-time.js';
import type { PondEvent } from './events-api.js';

export { EVENT_KINDS, INVITATION_STATES };

const KIND_COLORS: Record<EventKind, string> = { seminar: 'purple', test_drive: 'cyan', trade_fair: 'gold', dinner: 'magenta', other: 'default' };
export const STATE_COLORS: Record<InvitationState, string> = { invited: 'blue', accepted: 'geekblue', declined: 'orange', no_answer: 'default', attended: 'green', no_show: 'red' };

export function KindTag({ kind }: { kind: EventKind }) {
  const { t } = useI18n();
  return (
    <Tag color={KIND_COLORS[kind]} style={{ marginInlineEnd: 0 }} data-testid="event-kind" data-kind={kind}>
      {t(`events.kind.${kind}`)}
    </Tag>
  );
}

export function StateTag({ state }: { state: InvitationState }) {
  const { t } = useI18n();
  return (
    <Tag color={STATE_COLORS[state]} style={{ marginInlineEnd: 0 }} data-testid="invitation-state" data-state={state}>
      {t(`events.state.${state}`)}
    </Tag>
  );
}

/** A cancelled event says so wherever it is shown; a planned one needs no tag. */
export function CancelledTag({ event }: { event: Pick<PondEvent, 'status'> }) {
  const { t } = useI18n();
  if (event.status !== 'cancelled') return null;
  return (
    <Tag color="red" style={{ marginInlineEnd: 0 }} data-testid="event-cancelled">
      {t('events.cancelled')}
    </Tag>
  );
}

export function useKindOptions() {
  const { t } = useI18n();
  return EVENT_KINDS.map((value) => ({ value, label: t(`events.kind.${value}`) }));
}

export function channelText(channel: InvitationChannel, t: Translate): string {
  return t(channel === 'email' ? 'events.channel.email' : 'events.channel.in_person');
}

/** "30 seats · 12 left", "No seat limit". */
export function seatsText(event: Pick<PondEvent, 'capacity' | 'seatsLeft'>, t: Translate): string {
  if (event.capacity === null) return t('events.noCapacity');
  return t('events.seats', { capacity: event.capacity, left: event.seatsLeft ?? 0 });
}

const LINE = { fontSize: 13, color: 'rgba(0,0,0,0.65)', minWidth: 0 } as const;

/** When it happens, in the event's own zone with the zone named; where, or the link to join online. */
export function EventWhenWhere({ event, links = true }: { event: Pick<PondEvent, 'startsAt' | 'endsAt' | 'timeZone' | 'place' | 'onlineUrl'>; links?: boolean }) {
  const { locale } = useI18n();
  return (
    <Flex vertical gap={2} style={{ minWidth: 0 }}>
      <Flex gap={6} align="baseline" wrap style={LINE} data-testid="event-when">
        <CalendarOutlined />
        <span className="pond-wrap">{formatEventTime(event, locale)}</span>
        <Typography.Text type="secondary" style={{ fontSize: 12 }} data-testid="event-zone">
          {event.timeZone}
        </Typography.Text>
      </Flex>
      {event.place && (
        <Flex gap={6} align="baseline" style={LINE} data-testid="event-place">
          <EnvironmentOutlined />
          <span className="pond-wrap" style={{ whiteSpace: 'pre-line' }}>
            {event.place}
          </span>
        </Flex>
      )}
      {event.onlineUrl && (
        <Flex gap={6} align="baseline" style={LINE} data-testid="event-online">
          <LinkOutlined />
          {links ? (
            <a href={event.onlineUrl} target="_blank" rel="noopener noreferrer" className="pond-wrap" onClick={(e) => e.stopPropagation()}>
              {event.onlineUrl}
            </a>
          ) : (
            <span className="pond-wrap">{event.onlineUrl}</span>
          )}
        </Flex>
      )}
    </Flex>
  );
}

/** The numbers under an event: who accepted, who came, who has not answered yet. */
export function EventCounts({ event }: { event: Pick<PondEvent, 'counts' | 'capacity' | 'seatsLeft'> }) {
  const { t } = useI18n();
  const c = event.counts;
  return (
    <Flex gap={6} wrap align="center" style={{ fontSize: 13 }} data-testid="event-counts">
      <Tag style={{ marginInlineEnd: 0 }} data-testid="event-seats">
        {seatsText(event, t)}
      </Tag>
      <Tag color={STATE_COLORS.accepted} style={{ marginInlineEnd: 0 }} data-testid="count-accepted" data-count={c.accepted}>
        {t('events.countAccepted', { count: c.accepted })}
      </Tag>
      <Tag color={STATE_COLORS.attended} style={{ marginInlineEnd: 0 }} data-testid="count-attended" data-count={c.attended}>
        {t('events.countAttended', { count: c.attended })}
      </Tag>
      <Tag color={STATE_COLORS.invited} style={{ marginInlineEnd: 0 }} data-testid="count-invited" data-count={c.invited}>
        {t('events.countInvited', { count: c.invited })}
      </Tag>
    </Flex>
  );
}
