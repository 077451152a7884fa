import { useState } from 'react';
import { Alert, App, Button, Card, Descriptions, Dropdown, Flex, Form, Input, Modal, Skeleton, Typography, type ButtonProps } from 'antd';
import { ArrowLeftOutlined, CheckSquareOutlined, EditOutlined, MoreOutlined, UserAddOutlined } from '@ant-design/icons';
import { Link, useNavigate, useParams } from 'react-router';
import { isApiError } from '../../api/client.js';
import { NotFoundPage } from '../../app/not-found-page.js';
import { PageHeader } from '../../app/page-header.js';
import { useErrorText } from '../../app/use-error-text.js';
import { useReturnFocus } from '../../app/use-return-focus.js';
import { useI18n } from '../../i18n/i18n-context.js';
import { formatDateTime } from '../account/time-zones.js';
import { useUser } from '../auth/session.js';
import { CancelledTag, EventCounts, EventWhenWhere, KindTag } from './event-bits.js';
import { EventForm } from './event-form.js';
import { checkInOpen } from './event-rules.js';
import { useEvent, useEventMutations, type PondEvent } from './events-api.js';
import { InvitationList } from './invitation-list.js';
import { InviteModal } from './invite-modal.js';
import { FormError } from '../../app/form-error.js';

export function EventPage() {
  const errorText = useErrorText();
  const id = Number(useParams().id);
  const query = useEvent(id);
  if (!Number.isInteger(id) || (query.isError && isApiError(query.error) && query.error.status === 404)) return <NotFoundPage />;
  if (query.isError) return <Alert type="error" showIcon title={errorText(query.error)} />;
  if (query.isPending) return <Skeleton active />;
  return <Detail event={query.data} />;
}

/** Cancels the event with a reason the guests' colleagues read; the invitations stay as they are. */
function CancelDialog({ event, open, onClose }: { event: PondEvent; open: boolean; onClose: () => void }) {
  const { t } = useI18n();
  const { message } = App.useApp();
  const returnFocus = useReturnFocus(open);
  const [form] = Form.useForm<{ reason: string }>();
  const { cancel } = useEventMutations();
  return (
    <Modal
      open={open}
      title={<span className="pond-wrap">{t('events.cancelTitle', { title: event.title })}</span>}
      okText={t('events.cancelEvent')}
      okButtonProps={{ danger: true, ...{ 'data-testid': 'event-cancel-ok' } }}
      cancelText={t('orders.back')}
      confirmLoading={cancel.isPending}
      onOk={() => form.submit()}
      onCancel={onClose}
      focusable={returnFocus.focusable}
      afterClose={() => {
        returnFocus.closed();
        cancel.reset();
      }}
      destroyOnHidden
    >
      <Typography.Paragraph type="secondary">{t('events.cancelIntro')}</Typography.Paragraph>
      <FormError form={form} error={cancel.error} style={{ marginBottom: 16 }} />
      <Form<{ reason: string }>
        form={form}
        layout="vertical"
        requiredMark={false}
        onFinish={(v) =>
          cancel.mutate(
            { id: event.id, version: event.version, reason: v.reason.trim() },
            {
              onSuccess: () => {
                void message.success(t('events.cancelDone'));
                onClose();
              },
            },
          )
        }
        data-testid="event-cancel-form"
      >
        <Form.Item name="reason" label={t('events.cancelReason')} rules={[{ required: true, whitespace: true, message: t('error.required') }]}>
          <Input.TextArea autoSize={{ minRows: 2, maxRows: 5 }} maxLength={1000} data-testid="event-cancel-reason" />
        </Form.Item>
      </Form>
    </Modal>
  );
}

function Detail({ event }: { event: PondEvent }) {
  const { t, locale } = useI18n();
  const { message, modal } = App.useApp();
  const errorText = useErrorText();
  const navigate = useNavigate();
  const user = useUser();
  const { close } = useEventMutations();
  const [editing, setEditing] = useState(false);
  const [cancelling, setCancelling] = useState(false);
  const [inviting, setInviting] = useState(false);
  const doorSoon = !event.can.checkIn && event.status === 'planned' && !event.closedAt && !checkInOpen(event, new Date()) && Date.parse(event.startsAt) > Date.now();

  const more = [
    event.can.close && { key: 'close', label: t('events.closeList') },
    event.can.cancel && { key: 'cancel', label: t('events.cancelEvent'), danger: true },
  ].filter((x): x is { key: string; label: string; danger?: boolean } => Boolean(x));

  const onMore = (key: string) => {
    if (key === 'cancel') setCancelling(true);
    if (key === 'close')
      modal.confirm({
        title: t('events.closeTitle'),
        content: t('events.closeIntro'),
        okText: t('events.closeList'),
        cancelText: t('common.cancel'),
        okButtonProps: { 'data-testid': 'event-close-ok' } as ButtonProps,
        onOk: () =>
          close
            .mutateAsync({ id: event.id, version: event.version })
            .then(() => void message.success(t('events.closeDone')))
            .catch((err: unknown) => void message.error(errorText(err))),
      });
  };

  return (
    <div data-testid="event-page">
      <Link to="/events" style={{ display: 'inline-block', marginBottom: 8 }}>
        <ArrowLeftOutlined /> {t('nav.events')}
      </Link>
      <PageHeader
        title={
          <span className="pond-wrap" data-testid="event-title">
            {event.title}
          </span>
        }
        extra={
          <Flex gap={8} wrap>
            {event.can.checkIn && (
              <Button type="primary" icon={<CheckSquareOutlined />} onClick={() => navigate(`/events/${event.id}/check-in`)} data-testid="event-check-in">
                {t('events.checkIn')}
              </Button>
            )}
            {event.can.invite && (
              <Button type={event.can.checkIn ? 'default' : 'primary'} icon={<UserAddOutlined />} onClick={() => setInviting(true)} data-testid="event-invite">
                {t('events.inviteAction')}
              </Button>
            )}
            {event.can.edit && (
              <Button icon={<EditOutlined />} onClick={() => setEditing(true)} data-testid="event-edit">
                {t('common.edit')}
              </Button>
            )}
            {more.length > 0 && (
              <Dropdown trigger={['click']} menu={{ items: more, onClick: ({ key }) => onMore(key) }}>
                <Button icon={<MoreOutlined />} aria-label={t('common.actions')} data-testid="event-more" />
              </Dropdown>
            )}
          </Flex>
        }
      />
      {event.status === 'cancelled' && (
        <Alert type="warning" showIcon title={t('events.cancelledBanner')} description={event.cancelReason ?? undefined} style={{ marginBottom: 12 }} data-testid="event-cancelled-banner" />
      )}
      {event.closedAt && <Alert type="info" showIcon title={t('events.closedBanner', { when: formatDateTime(event.closedAt, locale, user.timeZone) })} style={{ marginBottom: 12 }} data-testid="event-closed-banner" />}
      {doorSoon && <Alert type="info" showIcon title={t('events.checkInOpensLater')} style={{ marginBottom: 12 }} />}
      <Card size="small" style={{ marginBottom: 12 }} data-testid="event-details">
        <Flex gap={6} wrap style={{ marginBottom: 8 }}>
          <KindTag kind={event.kind} />
          <CancelledTag event={event} />
        </Flex>
        <div style={{ marginBottom: 10 }}>
          <EventWhenWhere event={event} />
        </div>
        <div style={{ marginBottom: 12 }}>
          <EventCounts event={event} />
        </div>
        <Descriptions size="small" column={{ xs: 1, sm: 1, md: 2 }} styles={{ label: { whiteSpace: 'nowrap' } }}>
          <Descriptions.Item label={t('events.team')}>{event.team?.name ?? t('events.wholeCompany')}</Descriptions.Item>
          <Descriptions.Item label={t('events.hosts')}>
            <span className="pond-wrap" data-testid="event-hosts">
              {event.hosts.length ? event.hosts.map((h) => h.name).join(t('events.listSeparator')) : t('common.none')}
            </span>
          </Descriptions.Item>
          {event.createdBy && <Descriptions.Item label={t('events.createdBy')}>{event.createdBy.name}</Descriptions.Item>}
          {event.notes && (
            <Descriptions.Item label={t('events.notes')}>
              <span className="pond-wrap" style={{ whiteSpace: 'pre-line' }}>
                {event.notes}
              </span>
            </Descriptions.Item>
          )}
        </Descriptions>
      </Card>
      <InvitationList event={event} />
      {event.can.edit && <EventForm open={editing} event={event} onClose={() => setEditing(false)} />}
      {event.can.cancel && <CancelDialog event={event} open={cancelling} onClose={() => setCancelling(false)} />}
      {event.can.invite && <InviteModal event={event} open={inviting} onClose={() => setInviting(false)} />}
    </div>
  );
}
