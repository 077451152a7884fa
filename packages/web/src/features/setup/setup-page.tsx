import { Alert, Button, Form, Input } from 'antd';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { Link, useNavigate, useSearchParams } from 'react-router';
import { api, isApiError } from '../../api/client.js';
import type { User } from '../../api/types.js';
import { useI18n } from '../../i18n/i18n-context.js';
import { useErrorText } from '../../app/use-error-text.js';
import { AuthLayout } from '../auth/auth-layout.js';
import { meKey, readMe } from '../auth/session.js';
import { browserTimeZone } from '../account/time-zones.js';
import { confirmRule, passwordRules } from '../account/password-rules.js';
import { setupStatusKey } from './setup-status.js';

interface SetupValues {
  email: string;
  displayName: string;
  password: string;
  confirm: string;
}

/** The first administrator, created through the one-time link the server prints. */
export function SetupPage() {
  const { t, locale } = useI18n();
  const errorText = useErrorText();
  const [params] = useSearchParams();
  const navigate = useNavigate();
  const queryClient = useQueryClient();
  const token = params.get('token') ?? '';

  const setup = useMutation({
    mutationFn: async (values: SetupValues) => {
      await api.post<{ user: User }>('/api/v1/setup', {
        token,
        email: values.email.trim(),
        displayName: values.displayName.trim(),
        password: values.password,
        locale,
        timeZone: browserTimeZone(),
      });
      return { user: await readMe() };
    },
    onSuccess: ({ user }) => {
      queryClient.setQueryData(meKey, user);
      queryClient.setQueryData(setupStatusKey, { needsSetup: false });
      navigate('/today', { replace: true });
    },
  });

  return (
    <AuthLayout title={t('setup.title')}>
      <Alert type="info" showIcon title={t('setup.intro')} style={{ marginBottom: 16 }} />
      {setup.isError && (
        <Alert
          type="error"
          showIcon
          title={errorText(setup.error)}
          description={isApiError(setup.error, 'SETUP_DONE') ? <Link to="/login">{t('login.submit')}</Link> : undefined}
          style={{ marginBottom: 16 }}
          className="pond-wrap"
          data-testid="setup-error"
        />
      )}
      <Form<SetupValues> layout="vertical" requiredMark={false} onFinish={(values) => setup.mutate(values)}>
        <Form.Item
          name="email"
          label={t('setup.email')}
          rules={[
            { required: true, message: t('error.required') },
            { type: 'email', message: t('error.email') },
          ]}
        >
          <Input type="email" autoComplete="username" inputMode="email" />
        </Form.Item>
        <Form.Item name="displayName" label={t('setup.displayName')} rules={[{ required: true, whitespace: true, message: t('error.required') }]}>
          <Input autoComplete="name" maxLength={100} />
        </Form.Item>
        <Form.Item name="password" label={t('setup.password')} extra={t('setup.passwordHint')} rules={passwordRules(t)}>
          <Input.Password autoComplete="new-password" />
        </Form.Item>
        <Form.Item
          name="confirm"
          label={t('setup.confirm')}
          dependencies={['password']}
          rules={[
            { required: true, message: t('error.required') },
            confirmRule(t, 'password'),
          ]}
        >
          <Input.Password autoComplete="new-password" />
        </Form.Item>
        <Button type="primary" htmlType="submit" block size="large" loading={setup.isPending}>
          {t('setup.submit')}
        </Button>
      </Form>
    </AuthLayout>
  );
}
