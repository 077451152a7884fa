import { useState, type HTMLAttributes, type ReactNode } from 'react';
import { Alert, App, Button, Card, Dropdown, Empty, Flex, Input, Table, Tag, Typography, type MenuProps, type TableColumnsType } from 'antd';
import { CheckOutlined, MoreOutlined, SearchOutlined } from '@ant-design/icons';
import { Link } from 'react-router';
import { useErrorText } from '../../app/use-error-text.js';
import { useIsPhone } from '../../app/use-is-phone.js';
import { useI18n } from '../../i18n/i18n-context.js';
import type { Translate } from '../../i18n/locales.js';
import { useDebouncedValue } from '../search/search-api.js';
import { INVITATION_STATES, StateTag, channelText } from './event-bits.js';
import { useInvitationMutations, useInvitations, type Invitation, type InvitationState, type PondEvent } from './events-api.js';

/** "E-mail · sent", "In person": how the invitation went out, and what became of its mail. */
export function channelLine(inv: Pick<Invitation, 'channel' | 'mail' | 'walkIn'>, t: Translate): string {
  if (inv.walkIn) return t('events.walkIn');
  const channel = channelText(inv.channel, t);
  return inv.channel === 'email' && inv.mail !== 'none' ? `${channel} · ${t(`events.mail.${inv.mail}`)}` : channel;
}

/** The hand moves the server allows on a row (`can.move`), and a check-in where the door is open. */
function RowMenu({ invitation }: { invitation: Invitation }) {
  const { t } = useI18n();
  const { message } = App.useApp();
  const errorText = useErrorText();
  const { move, checkIn } = useInvitationMutations(invitation.event.id);
  const items: MenuProps['items'] = [
    ...(invitation.can.checkIn ? [{ key: 'check-in', icon: <CheckOutlined />, label: t('events.checkInOne') }] : []),
    ...invitation.can.move.map((state) => ({ key: state, label: t(`events.moveTo.${state}`) })),
  ];
  if (!items.length) return null;
  const onClick = ({ key }: { key: string }) => {
    const onError = (err: unknown) => void message.error(errorText(err));
    if (key === 'check-in')
      checkIn.mutate({ invitation }, { onSuccess: () => void message.success(t('events.checkedInName', { name: invitation.prospect.name })), onError });
    else move.mutate({ invitation, state: key as InvitationState }, { onSuccess: () => void message.success(t('events.moved')), onError });
  };
  return (
    <Dropdown trigger={['click']} menu={{ items, onClick }}>
      <Button
        size="small"
        type="text"
        icon={<MoreOutlined />}
        loading={move.isPending || checkIn.isPending}
        aria-label={t('events.rowActions', { name: invitation.prospect.name })}
        onClick={(e) => e.stopPropagation()}
        data-testid="invitation-menu"
      />
    </Dropdown>
  );
}

function CheckedIn({ invitation }: { invitation: Invitation }) {
  const { t } = useI18n();
  if (!invitation.checkedInBy) return <Typography.Text type="secondary">{t('common.none')}</Typography.Text>;
  return <span className="pond-wrap">{invitation.checkedInBy.name}</span>;
}

function ProspectCell({ invitation }: { invitation: Invitation }) {
  const { t } = useI18n();
  return (
    <Flex gap={6} wrap align="center" style={{ minWidth: 0 }}>
      <Link to={`/prospects/${invitation.prospect.id}`} className="pond-wrap" style={{ fontWeight: 500 }} data-testid="invitation-name">
        {invitation.prospect.name}
      </Link>
      {invitation.walkIn && (
        <Tag color="purple" style={{ marginInlineEnd: 0 }} data-testid="invitation-walk-in">
          {t('events.walkIn')}
        </Tag>
      )}
    </Flex>
  );
}

function InvitationTable({ rows, loading }: { rows: Invitation[]; loading: boolean }) {
  const { t } = useI18n();
  const columns: TableColumnsType<Invitation> = [
    { title: t('events.guest'), key: 'name', render: (_, i) => <ProspectCell invitation={i} /> },
    { title: t('prospect.company'), key: 'company', render: (_, i) => <span className="pond-wrap">{i.prospect.company ?? t('common.none')}</span> },
    { title: t('prospect.owner'), key: 'owner', responsive: ['lg'], render: (_, i) => i.prospect.owner?.name ?? t('prospect.pool') },
    { title: t('events.stateLabel'), key: 'state', render: (_, i) => <StateTag state={i.state} /> },
    { title: t('events.channelLabel'), key: 'channel', responsive: ['md'], render: (_, i) => <span style={{ whiteSpace: 'nowrap' }}>{channelLine(i, t)}</span> },
    { title: t('events.checkedInBy'), key: 'checkedIn', responsive: ['md'], render: (_, i) => <CheckedIn invitation={i} /> },
    { title: '', key: 'actions', width: 48, align: 'end', render: (_, i) => <RowMenu invitation={i} /> },
  ];
  return (
    <Table<Invitation>
      rowKey="id"
      size="middle"
      columns={columns}
      dataSource={rows}
      loading={loading}
      pagination={false}
      onRow={(i) => ({ 'data-testid': `invitation-row-${i.id}`, 'data-state': i.state }) as HTMLAttributes<HTMLElement>}
      locale={{ emptyText: t('events.noInvitations') }}
      data-testid="invitations-table"
    />
  );
}

function InvitationCards({ rows, loading }: { rows: Invitation[]; loading: boolean }) {
  const { t } = useI18n();
  if (!loading && rows.length === 0) return <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('events.noInvitations')} />;
  return (
    <Flex vertical gap={0} data-testid="invitations-cards">
      {rows.map((i, n) => (
        <div key={i.id} style={{ borderTop: n ? '1px solid #f0f0f0' : undefined, padding: '10px 0' }} data-testid={`invitation-row-${i.id}`} data-state={i.state}>
          <Flex justify="space-between" gap={8} align="start">
            <ProspectCell invitation={i} />
            <Flex gap={4} align="center" style={{ flex: 'none' }}>
              <StateTag state={i.state} />
              <RowMenu invitation={i} />
            </Flex>
          </Flex>
          <Typography.Text type="secondary" className="pond-wrap" style={{ display: 'block', fontSize: 13, marginTop: 2 }}>
            {[i.prospect.company, i.prospect.owner ? t('events.ownerIs', { name: i.prospect.owner.name }) : t('prospect.pool'), channelLine(i, t), i.checkedInBy && t('events.checkedInByName', { name: i.checkedInBy.name })]
              .filter(Boolean)
              .join(' · ')}
          </Typography.Text>
        </div>
      ))}
    </Flex>
  );
}

/** "3 more invitations are handled by their owners": what the viewer may not see is counted, never shown. */
export function HiddenNote({ hidden }: { hidden: number }) {
  const { t } = useI18n();
  if (hidden <= 0) return null;
  return (
    <Typography.Paragraph type="secondary" style={{ margin: '8px 0 0', fontSize: 13 }} data-testid="invitations-hidden" data-count={hidden}>
      {hidden === 1 ? t('events.hiddenOne') : t('events.hiddenMany', { count: hidden })}
    </Typography.Paragraph>
  );
}

/** An event's guest list: chips by state with their counts, a search by name or company, a row per invitation. */
export function InvitationList({ event, extra }: { event: PondEvent; extra?: ReactNode }) {
  const { t } = useI18n();
  const errorText = useErrorText();
  const isPhone = useIsPhone();
  const [state, setState] = useState<InvitationState | undefined>(undefined);
  const [text, setText] = useState('');
  const q = useDebouncedValue(text.trim(), 250);
  const list = useInvitations(event.id, { q: q || undefined, state });
  const rows = list.data?.items ?? [];
  const Rows = isPhone ? InvitationCards : InvitationTable;

  return (
    <Card size="small" title={t('events.guests', { count: event.counts.total })} extra={extra} data-testid="invitations">
      <Flex gap={6} wrap style={{ marginBottom: 10 }} data-testid="state-chips">
        <Tag.CheckableTag checked={state === undefined} onChange={() => setState(undefined)} data-testid="state-chip-all">
          {t('events.allStates')}
        </Tag.CheckableTag>
        {INVITATION_STATES.map((s) => (
          <Tag.CheckableTag key={s} checked={state === s} onChange={(on) => setState(on ? s : undefined)} data-testid={`state-chip-${s}`}>
            {t(`events.state.${s}`)} {event.counts[s]}
          </Tag.CheckableTag>
        ))}
      </Flex>
      <Input
        allowClear
        prefix={<SearchOutlined style={{ color: '#6b7280' }} />}
        placeholder={t('events.searchGuests')}
        value={text}
        onChange={(e) => setText(e.target.value)}
        maxLength={100}
        aria-label={t('events.searchGuests')}
        style={{ marginBottom: 10, maxWidth: isPhone ? undefined : 360 }}
        data-testid="invitations-search"
      />
      {list.isError && <Alert type="error" showIcon title={errorText(list.error)} style={{ marginBottom: 12 }} />}
      <Rows rows={rows} loading={list.isPending} />
      <HiddenNote hidden={list.data?.hidden ?? 0} />
    </Card>
  );
}
