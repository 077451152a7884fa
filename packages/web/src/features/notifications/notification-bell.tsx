import { useState, type ReactNode } from 'react';
import { Alert, Badge, Button, Drawer, Empty, Flex, Popover, Skeleton, Typography } from 'antd';
import { BellOutlined, CalendarOutlined, HourglassOutlined, MailOutlined, MessageOutlined, UserAddOutlined } from '@ant-design/icons';
import { useNavigate } from 'react-router';
import { useErrorText } from '../../app/use-error-text.js';
import { useIsPhone } from '../../app/use-is-phone.js';
import { useReturnFocus } from '../../app/use-return-focus.js';
import { useI18n } from '../../i18n/i18n-context.js';
import { useUser } from '../auth/session.js';
import { noticeTarget, noticeText, relativeTime } from './notice-text.js';
import { useMarkRead, useNotices, useUnreadCount, type Notice } from './notifications-api.js';

const KIND_ICONS: Record<Notice['kind'], ReactNode> = {
  due_today: <CalendarOutlined />,
  leaving_pool: <HourglassOutlined />,
  touch_logged: <MessageOutlined />,
  assigned: <UserAddOutlined />,
  issue_submitted: <MailOutlined />,
  issue_reviewed: <MailOutlined />,
  newsletter_reply: <MessageOutlined />,
};

/** The header's bell: the unread count, and the notices in a popover (desktop) or a bottom sheet (phone). */
export function NotificationBell() {
  const { t } = useI18n();
  const isPhone = useIsPhone();
  const [open, setOpen] = useState(false);
  const returnFocus = useReturnFocus(open && isPhone);
  const unread = useUnreadCount().data ?? 0;
  const close = () => setOpen(false);

  const bell = (
    <Button
      type="text"
      aria-label={unread > 0 ? t('notice.bellUnread', { count: unread }) : t('notice.title')}
      aria-haspopup="dialog"
      aria-expanded={open}
      onClick={isPhone ? () => setOpen(true) : undefined}
      data-testid="bell"
      data-unread={unread}
      style={{ paddingInline: 8 }}
    >
      <Badge count={unread} size="small" overflowCount={99} offset={[2, -2]} data-testid="bell-badge">
        <BellOutlined style={{ fontSize: 18 }} />
      </Badge>
    </Button>
  );
  const markAll = <MarkAllRead unread={unread} />;

  if (isPhone) {
    return (
      <>
        {bell}
        <Drawer
          open={open}
          onClose={close}
          focusable={returnFocus.focusable}
          afterOpenChange={(o) => !o && returnFocus.closed()}
          placement="bottom"
          size="75%"
          title={t('notice.title')}
          extra={markAll}
          styles={{ body: { padding: 0 }, wrapper: { borderRadius: '12px 12px 0 0', overflow: 'hidden' } }}
        >
          <div data-testid="notices-panel">
            <NoticeList open={open} onNavigate={close} />
          </div>
        </Drawer>
      </>
    );
  }
  return (
    <Popover
      open={open}
      onOpenChange={setOpen}
      trigger="click"
      placement="bottomRight"
      arrow={false}
      title={
        <Flex justify="space-between" align="center" gap={8}>
          <span>{t('notice.title')}</span>
          {markAll}
        </Flex>
      }
      content={
        <div className="pond-notices-scroll" data-testid="notices-panel">
          <NoticeList open={open} onNavigate={close} />
        </div>
      }
      styles={{ container: { width: 380, maxWidth: 'calc(100vw - 24px)', padding: '12px 4px 8px' }, title: { paddingInline: 12 } }}
    >
      {bell}
    </Popover>
  );
}

function MarkAllRead({ unread }: { unread: number }) {
  const { t } = useI18n();
  const markRead = useMarkRead();
  return (
    <Button type="link" size="small" disabled={unread === 0} onClick={() => markRead.mutate({ all: true })} data-testid="notices-read-all">
      {t('notice.markAllRead')}
    </Button>
  );
}

function NoticeList({ open, onNavigate }: { open: boolean; onNavigate: () => void }) {
  const { t, locale } = useI18n();
  const errorText = useErrorText();
  const user = useUser();
  const navigate = useNavigate();
  const notices = useNotices(open);
  const markRead = useMarkRead();
  const items = notices.data?.pages.flatMap((p) => p.items) ?? [];
  const now = Date.now();

  const go = (n: Notice) => {
    if (!n.read) markRead.mutate({ ids: [n.id] });
    const to = noticeTarget(n);
    if (to) {
      onNavigate();
      navigate(to);
    }
  };

  if (notices.isError) return <Alert type="error" showIcon title={errorText(notices.error)} style={{ margin: 12 }} />;
  if (notices.isPending) return <Skeleton active paragraph={{ rows: 3 }} style={{ padding: 12 }} />;
  if (items.length === 0) return <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('notice.empty')} style={{ padding: '16px 12px' }} />;
  return (
    <>
      <ul className="pond-notices" data-testid="notices">
        {items.map((n) => (
          <li key={n.id}>
            <button type="button" className="pond-notice" data-read={n.read} onClick={() => go(n)} data-testid={`notice-${n.id}`} data-kind={n.kind}>
              <span className="pond-notice-icon" aria-hidden="true">
                {KIND_ICONS[n.kind]}
              </span>
              <span className="pond-notice-body">
                <span className="pond-notice-text">{noticeText(n, t)}</span>
                <Typography.Text type="secondary" className="pond-notice-time">
                  {relativeTime(n.at, now, locale, user.timeZone)}
                </Typography.Text>
              </span>
              {!n.read && (
                <span className="pond-notice-dot">
                  <span className="pond-sr-only">{t('notice.unread')}</span>
                </span>
              )}
            </button>
          </li>
        ))}
      </ul>
      {notices.hasNextPage && (
        <Button type="link" block onClick={() => void notices.fetchNextPage()} loading={notices.isFetchingNextPage} data-testid="notices-more">
          {t('notice.loadMore')}
        </Button>
      )}
    </>
  );
}
