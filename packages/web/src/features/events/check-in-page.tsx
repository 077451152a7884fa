import { useMemo, useState } from 'react';
import { Alert, App, Button, Card, Empty, Flex, Input, Skeleton, Tag, Typography } from 'antd';
import { ArrowLeftOutlined, CheckCircleFilled, CheckOutlined, SearchOutlined, UserAddOutlined } from '@ant-design/icons';
import { Link, useParams } from 'react-router';
import { isApiError } from '../../api/client.js';
import { NotFoundPage } from '../../app/not-found-page.js';
import { useErrorText } from '../../app/use-error-text.js';
import { useI18n } from '../../i18n/i18n-context.js';
import { StateTag } from './event-bits.js';
import { checkInOpen } from './event-rules.js';
import { formatEventTime } from './event-time.js';
import { useEvent, useInvitationMutations, useInvitations, type Invitation, type PondEvent } from './events-api.js';
import { HiddenNote } from './invitation-list.js';
import { WalkInForm } from './walk-in-form.js';

/** Case and width folded, so "ABC" finds "abc" and a full-width "Ａ" finds "A". */
const fold = (s: string) => s.normalize('NFKC').toLowerCase();

/** The door: find a guest by name or company, one tap to check them in; someone uninvited is added as a walk-in. */
export function CheckInPage() {
  const id = Number(useParams().id);
  const query = useEvent(id, true);
  const errorText = useErrorText();
  if (!Number.isInteger(id) || (query.isError && isApiError(query.error) && query.error.status === 404)) return <NotFoundPage />;
  if (query.isError) return <Alert type="error" showIcon title={errorText(query.error)} />;
  if (query.isPending) return <Skeleton active />;
  return <Door event={query.data} />;
}

/** Why the buttons are off: the event was cancelled, the door is not open (yet, or any more), or the user may not. */
function ClosedDoor({ event }: { event: PondEvent }) {
  const { t } = useI18n();
  if (event.can.checkIn) return null;
  const reason = event.status === 'cancelled' ? t('events.checkInCancelled') : !checkInOpen(event, new Date()) ? t('events.checkInClosed') : t('events.checkInNotAllowed');
  return <Alert type="info" showIcon title={reason} style={{ marginBottom: 12 }} data-testid="check-in-closed" />;
}

function Door({ event }: { event: PondEvent }) {
  const { t, locale } = useI18n();
  const mayAddWalkIn = event.can.walkIn;
  const errorText = useErrorText();
  const [text, setText] = useState('');
  const [walkIn, setWalkIn] = useState(false);
  const list = useInvitations(event.id, {}, true);
  const q = fold(text.trim());
  const rows = useMemo(
    () => (list.data?.items ?? []).filter((i) => !q || fold(i.prospect.name).includes(q) || fold(i.prospect.company ?? '').includes(q)),
    [list.data, q],
  );
  const c = event.counts;

  return (
    <div data-testid="check-in-page">
      <Link to={`/events/${event.id}`} className="pond-wrap" style={{ display: 'inline-block', marginBottom: 8 }}>
        <ArrowLeftOutlined /> {event.title}
      </Link>
      <Typography.Title level={4} style={{ margin: '0 0 2px' }}>
        {t('events.checkInTitle')}
      </Typography.Title>
      <Typography.Text type="secondary" className="pond-wrap" style={{ display: 'block', fontSize: 13, marginBottom: 12 }}>
        {formatEventTime(event, locale)} · {event.timeZone}
      </Typography.Text>
      <ClosedDoor event={event} />
      <Flex gap={8} align="stretch" style={{ marginBottom: 12 }}>
        <Card size="small" style={{ flex: 1 }} styles={{ body: { padding: '8px 12px' } }} data-testid="check-in-counts" data-attended={c.attended} data-accepted={c.accepted + c.attended}>
          <Typography.Text type="secondary" style={{ fontSize: 12, display: 'block' }}>
            {t('events.attendedOfAccepted')}
          </Typography.Text>
          <Typography.Text strong style={{ fontSize: 24, lineHeight: 1.2 }}>
            {c.attended}
            <Typography.Text type="secondary" style={{ fontSize: 16 }}>
              {' / '}
              {c.accepted + c.attended}
            </Typography.Text>
          </Typography.Text>
          {c.walkIns > 0 && (
            <Typography.Text type="secondary" style={{ fontSize: 12, display: 'block' }} data-testid="check-in-walk-ins">
              {c.walkIns === 1 ? t('events.walkInsOne') : t('events.walkInsCount', { count: c.walkIns })}
            </Typography.Text>
          )}
        </Card>
        {mayAddWalkIn && (
          <Button size="large" icon={<UserAddOutlined />} onClick={() => setWalkIn(true)} style={{ height: 'auto', whiteSpace: 'normal' }} data-testid="walk-in-add">
            {t('events.addWalkIn')}
          </Button>
        )}
      </Flex>
      <div className="pond-door-search">
        <Input
          size="large"
          allowClear
          prefix={<SearchOutlined style={{ color: '#6b7280' }} />}
          placeholder={t('events.findGuest')}
          aria-label={t('events.findGuest')}
          value={text}
          onChange={(e) => setText(e.target.value)}
          autoComplete="off"
          spellCheck={false}
          data-testid="check-in-search"
        />
      </div>
      {list.isError && <Alert type="error" showIcon title={errorText(list.error)} style={{ marginBottom: 12 }} />}
      {list.isPending ? (
        <Skeleton active />
      ) : rows.length === 0 ? (
        <Card>
          <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={q ? t('events.noGuestMatch', { q: text.trim() }) : t('events.noInvitations')} data-testid="check-in-empty" />
        </Card>
      ) : (
        <Flex vertical gap={8} data-testid="check-in-list">
          {rows.map((i) => (
            <GuestRow key={i.id} invitation={i} />
          ))}
        </Flex>
      )}
      <HiddenNote hidden={list.data?.hidden ?? 0} />
      {mayAddWalkIn && <WalkInForm event={event} open={walkIn} onClose={() => setWalkIn(false)} onDone={() => setText('')} />}
    </div>
  );
}

function GuestRow({ invitation: i }: { invitation: Invitation }) {
  const { t } = useI18n();
  const { message } = App.useApp();
  const errorText = useErrorText();
  const { checkIn } = useInvitationMutations(i.event.id);
  const attended = i.state === 'attended';
  const go = () =>
    checkIn.mutate(
      { invitation: i },
      {
        onSuccess: ({ invitation }) => void message.success(t('events.checkedInName', { name: invitation.prospect.name })),
        onError: (err) => void message.error(errorText(err)),
      },
    );

  return (
    <Card size="small" styles={{ body: { padding: '10px 12px' } }} data-testid={`guest-row-${i.id}`} data-state={i.state} style={attended ? { background: '#f6ffed', borderColor: '#b7eb8f' } : undefined}>
      <Flex gap={10} align="center" justify="space-between">
        <div style={{ minWidth: 0, flex: 1 }}>
          <Flex gap={6} align="center" wrap>
            <Typography.Text strong className="pond-wrap" style={{ fontSize: 16 }} data-testid="guest-name">
              {i.prospect.name}
            </Typography.Text>
            {i.walkIn && (
              <Tag color="purple" style={{ marginInlineEnd: 0 }} data-testid="guest-walk-in">
                {t('events.walkIn')}
              </Tag>
            )}
          </Flex>
          <Typography.Text type="secondary" className="pond-wrap" style={{ display: 'block', fontSize: 13 }}>
            {[i.prospect.company, i.prospect.owner ? t('events.ownerIs', { name: i.prospect.owner.name }) : null].filter(Boolean).join(' · ')}
          </Typography.Text>
          <Flex gap={6} align="center" wrap style={{ marginTop: 4 }}>
            <StateTag state={i.state} />
            {attended && i.checkedInBy && (
              <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                {t('events.checkedInByName', { name: i.checkedInBy.name })}
              </Typography.Text>
            )}
          </Flex>
        </div>
        {attended ? (
          <Button size="large" disabled icon={<CheckCircleFilled style={{ color: '#52c41a' }} />} style={{ minWidth: 104, flex: 'none' }} data-testid="guest-done">
            {t('events.checkedIn')}
          </Button>
        ) : (
          <Button
            size="large"
            type="primary"
            icon={<CheckOutlined />}
            disabled={!i.can.checkIn}
            loading={checkIn.isPending}
            onClick={go}
            style={{ minWidth: 104, flex: 'none' }}
            aria-label={t('events.checkInName', { name: i.prospect.name })}
            data-testid="guest-check-in"
          >
            {t('events.checkInOne')}
          </Button>
        )}
      </Flex>
    </Card>
  );
}
