import { useRef, useState } from 'react';
import { Alert, App, Button, Card, Flex, Input, Popconfirm, Skeleton, Space, Typography, type InputRef } from 'antd';
import { CopyOutlined } from '@ant-design/icons';
import { useErrorText } from '../../app/use-error-text.js';
import { useI18n } from '../../i18n/i18n-context.js';
import { useUser } from '../auth/session.js';
import { useFeedMutations, useReminders, type FeedCreated } from './reminders-api.js';
import { formatDateTime } from './time-zones.js';

/** A private calendar address with the user's follow-ups; only its hash is kept, so it is shown once, here. */
export function FeedCard() {
  const { t, locale } = useI18n();
  const { message } = App.useApp();
  const errorText = useErrorText();
  const user = useUser();
  const settings = useReminders();
  const { create, revoke } = useFeedMutations();
  const [created, setCreated] = useState<FeedCreated | null>(null);
  const feed = settings.data?.feed;
  const onError = (err: unknown) => void message.error(errorText(err));

  const make = () => create.mutate(undefined, { onSuccess: setCreated, onError });
  const end = () =>
    revoke.mutate(undefined, {
      onSuccess: () => {
        setCreated(null);
        void message.success(t('feed.revoked'));
      },
      onError,
    });

  const when = (iso: string | null) => (iso ? formatDateTime(iso, locale, user.timeZone) : t('account.tokenNeverUsed'));

  return (
    <Card title={t('feed.title')} data-testid="feed-card">
      <Typography.Paragraph type="secondary">{t('feed.intro')}</Typography.Paragraph>
      {settings.isError && <Alert type="error" showIcon title={errorText(settings.error)} />}
      {settings.isPending && <Skeleton active paragraph={{ rows: 1 }} />}
      {feed && (
        <>
          <Typography.Paragraph data-testid="feed-status" data-active={String(feed.active)}>
            {feed.active ? (
              <>
                <Typography.Text strong>{t('feed.active')}</Typography.Text>
                <br />
                <Typography.Text type="secondary">
                  {`${t('account.tokenCreatedAt')}: ${when(feed.createdAt)} · ${t('account.tokenLastUsed')}: ${when(feed.lastUsedAt)}`}
                </Typography.Text>
              </>
            ) : (
              <Typography.Text type="secondary">{t('feed.none')}</Typography.Text>
            )}
          </Typography.Paragraph>
          {created && <NewAddress created={created} />}
          <Flex gap={8} wrap>
            {feed.active ? (
              <>
                <Popconfirm title={t('feed.renewConfirm')} okText={t('feed.renew')} cancelText={t('common.cancel')} onConfirm={make}>
                  <Button loading={create.isPending} data-testid="feed-renew">
                    {t('feed.renew')}
                  </Button>
                </Popconfirm>
                <Popconfirm title={t('feed.revokeConfirm')} okText={t('account.revoke')} okButtonProps={{ danger: true }} cancelText={t('common.cancel')} onConfirm={end}>
                  <Button danger loading={revoke.isPending} data-testid="feed-revoke">
                    {t('account.revoke')}
                  </Button>
                </Popconfirm>
              </>
            ) : (
              <Button type="primary" loading={create.isPending} onClick={make} data-testid="feed-create">
                {t('feed.create')}
              </Button>
            )}
          </Flex>
        </>
      )}
    </Card>
  );
}

function NewAddress({ created }: { created: FeedCreated }) {
  const { t } = useI18n();
  const { message } = App.useApp();
  const input = useRef<InputRef>(null);

  const copy = async () => {
    try {
      await navigator.clipboard.writeText(created.url);
    } catch {
      // No clipboard API outside a secure context (Pond on a LAN address over http): copy the selection instead.
      input.current?.select();
      if (!document.execCommand('copy')) return void message.warning(t('feed.copyFailed'));
    }
    void message.success(t('feed.copied'));
  };

  return (
    <div className="pond-feed-new" data-testid="feed-new">
      <Typography.Paragraph strong style={{ marginBottom: 8 }}>
        {t('feed.newTitle')}
      </Typography.Paragraph>
      <Space.Compact style={{ width: '100%', marginBottom: 8 }}>
        <Input ref={input} readOnly value={created.url} aria-label={t('feed.address')} onFocus={(e) => e.currentTarget.select()} data-testid="feed-url" />
        <Button icon={<CopyOutlined />} onClick={() => void copy()} aria-label={t('feed.copy')} data-testid="feed-copy">
          {t('feed.copy')}
        </Button>
      </Space.Compact>
      <Typography.Paragraph type="warning" style={{ marginBottom: 8 }}>
        {t('feed.onceOnly')}
      </Typography.Paragraph>
      <ul className="pond-feed-hints">
        <li>{t('feed.hintGoogle')}</li>
        <li>{t('feed.hintApple')}</li>
        <li>{t('feed.hintOutlook')}</li>
      </ul>
      <Typography.Paragraph type="secondary" style={{ margin: 0, fontSize: 13 }}>
        {t('feed.hintRefresh')}
      </Typography.Paragraph>
    </div>
  );
}
