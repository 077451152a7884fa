import { useState } from 'react';
import { Alert, App, Button, Card, Flex, Form, Input, List, Modal, Popconfirm, Typography } from 'antd';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { api } from '../../api/client.js';
import type { ApiToken, CreatedToken, Items } from '../../api/types.js';
import { useI18n } from '../../i18n/i18n-context.js';
import { useErrorText } from '../../app/use-error-text.js';
import { useUser } from '../auth/session.js';
import { formatDateTime } from './time-zones.js';
import { useReturnFocus } from '../../app/use-return-focus.js';

const tokensKey = ['auth', 'tokens'] as const;

export function TokensCard() {
  const { t, locale } = useI18n();
  const { message } = App.useApp();
  const errorText = useErrorText();
  const user = useUser();
  const queryClient = useQueryClient();
  const [form] = Form.useForm<{ name: string }>();
  const [created, setCreated] = useState<CreatedToken | null>(null);
  const returnFocus = useReturnFocus(created !== null);

  const tokens = useQuery({ queryKey: tokensKey, queryFn: () => api.get<Items<ApiToken>>('/api/v1/auth/tokens') });
  const create = useMutation({
    mutationFn: (name: string) => api.post<CreatedToken>('/api/v1/auth/tokens', { name }),
    onSuccess: (token) => {
      setCreated(token);
      form.resetFields();
      void queryClient.invalidateQueries({ queryKey: tokensKey });
    },
    onError: (err) => void message.error(errorText(err)),
  });
  const revoke = useMutation({
    mutationFn: (id: number) => api.delete(`/api/v1/auth/tokens/${id}`),
    onSuccess: () => {
      void message.success(t('account.revoked'));
      void queryClient.invalidateQueries({ queryKey: tokensKey });
    },
    onError: (err) => void message.error(errorText(err)),
  });

  const when = (iso: string | null) => (iso ? formatDateTime(iso, locale, user.timeZone) : t('account.tokenNeverUsed'));

  return (
    <Card title={t('account.tokens')}>
      <Typography.Paragraph type="secondary">{t('account.tokensIntro')}</Typography.Paragraph>
      <Form form={form} layout="vertical" requiredMark={false} onFinish={({ name }) => create.mutate(name.trim())}>
        <Flex gap={8} wrap align="flex-start">
          <Form.Item
            name="name"
            aria-label={t('account.tokenName')}
            rules={[{ required: true, whitespace: true, message: t('error.required') }]}
            style={{ flex: '1 1 200px', marginBottom: 12 }}
          >
            <Input placeholder={t('account.tokenNamePlaceholder')} maxLength={100} aria-label={t('account.tokenName')} />
          </Form.Item>
          <Button htmlType="submit" loading={create.isPending}>
            {t('account.createToken')}
          </Button>
        </Flex>
      </Form>
      {tokens.isError && <Alert type="error" showIcon title={errorText(tokens.error)} />}
      <List<ApiToken>
        loading={tokens.isPending}
        dataSource={tokens.data?.items ?? []}
        locale={{ emptyText: t('account.noTokens') }}
        renderItem={(token) => (
          <List.Item
            actions={[
              <Popconfirm key="revoke" title={t('account.revokeConfirm')} onConfirm={() => revoke.mutate(token.id)}>
                <Button danger type="link" size="small">
                  {t('account.revoke')}
                </Button>
              </Popconfirm>,
            ]}
          >
            <List.Item.Meta
              title={<span className="pond-wrap">{token.name}</span>}
              description={`${t('account.tokenCreatedAt')}: ${when(token.createdAt)} · ${t('account.tokenLastUsed')}: ${when(token.lastUsedAt)}`}
            />
          </List.Item>
        )}
      />
      <Modal
        open={created !== null}
        title={t('account.tokenCreatedTitle')}
        onCancel={() => setCreated(null)}
        focusable={returnFocus.focusable}
        afterClose={returnFocus.closed}
        footer={
          <Button type="primary" onClick={() => setCreated(null)}>
            {t('common.close')}
          </Button>
        }
        destroyOnHidden
      >
        <Typography.Paragraph>{t('account.tokenCreatedBody')}</Typography.Paragraph>
        <Typography.Paragraph code copyable className="pond-wrap" data-testid="new-token">
          {created?.token}
        </Typography.Paragraph>
      </Modal>
    </Card>
  );
}
