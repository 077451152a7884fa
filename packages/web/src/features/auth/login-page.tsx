import { useState } from 'react';
import { Alert, Button, Form, Input } from 'antd';
import { useLocation } from 'react-router';
import { useI18n } from '../../i18n/i18n-context.js';
import { useErrorText } from '../../app/use-error-text.js';
import { AuthLayout } from './auth-layout.js';
import { useLogin } from './session.js';

interface LoginValues {
  email: string;
  password: string;
}

export function LoginPage() {
  const { t } = useI18n();
  const errorText = useErrorText();
  const login = useLogin();
  const location = useLocation();
  const [signedOut, setSignedOut] = useState(Boolean((location.state as { signedOut?: boolean } | null)?.signedOut));

  return (
    <AuthLayout title={t('login.title')}>
      {signedOut && !login.isError && (
        <Alert type="success" showIcon title={t('login.signedOut')} style={{ marginBottom: 16 }} closable={{ onClose: () => setSignedOut(false) }} />
      )}
      {login.isError && (
        <Alert type="error" showIcon title={errorText(login.error)} style={{ marginBottom: 16 }} data-testid="login-error" />
      )}
      <Form<LoginValues>
        layout="vertical"
        requiredMark={false}
        onFinish={(values) => login.mutate({ email: values.email.trim(), password: values.password })}
        onValuesChange={() => setSignedOut(false)}
      >
        <Form.Item
          name="email"
          label={t('login.email')}
          rules={[
            { required: true, message: t('error.required') },
            { type: 'email', message: t('error.email') },
          ]}
        >
          <Input type="email" autoComplete="username" autoFocus inputMode="email" />
        </Form.Item>
        <Form.Item name="password" label={t('login.password')} rules={[{ required: true, message: t('error.required') }]}>
          <Input.Password autoComplete="current-password" />
        </Form.Item>
        <Button type="primary" htmlType="submit" block size="large" loading={login.isPending}>
          {t('login.submit')}
        </Button>
      </Form>
    </AuthLayout>
  );
}
