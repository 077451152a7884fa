import { App, Button, Card, Form, Input } from 'antd';
import { useMutation } from '@tanstack/react-query';
import { api } from '../../api/client.js';
import { useI18n } from '../../i18n/i18n-context.js';
import { useErrorText } from '../../app/use-error-text.js';
import { confirmRule, passwordRules } from './password-rules.js';

interface PasswordValues {
  currentPassword: string;
  newPassword: string;
  confirm: string;
}

export function PasswordCard() {
  const { t } = useI18n();
  const { message } = App.useApp();
  const errorText = useErrorText();
  const [form] = Form.useForm<PasswordValues>();
  const change = useMutation({
    mutationFn: (values: PasswordValues) =>
      api.post<void>('/api/v1/auth/password', { currentPassword: values.currentPassword, newPassword: values.newPassword }),
    onSuccess: () => {
      form.resetFields();
      void message.success(t('account.passwordChanged'));
    },
    onError: (err) => void message.error(errorText(err)),
  });

  return (
    <Card title={t('account.password')}>
      <Form form={form} layout="vertical" requiredMark={false} onFinish={(values) => change.mutate(values)}>
        {/* Lets password managers attach the new password to the right account. */}
        <input type="text" autoComplete="username" hidden readOnly />
        <Form.Item name="currentPassword" label={t('account.currentPassword')} rules={[{ required: true, message: t('error.required') }]}>
          <Input.Password autoComplete="current-password" />
        </Form.Item>
        <Form.Item name="newPassword" label={t('account.newPassword')} extra={t('setup.passwordHint')} rules={passwordRules(t)}>
          <Input.Password autoComplete="new-password" />
        </Form.Item>
        <Form.Item
          name="confirm"
          label={t('account.confirmPassword')}
          dependencies={['newPassword']}
          rules={[{ required: true, message: t('error.required') }, confirmRule(t, 'newPassword')]}
        >
          <Input.Password autoComplete="new-password" />
        </Form.Item>
        <Button type="primary" htmlType="submit" loading={change.isPending}>
          {t('account.changePassword')}
        </Button>
      </Form>
    </Card>
  );
}
