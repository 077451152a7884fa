import { App, Form, Input, Modal } from 'antd';
import type { User } from '../../api/types.js';
import { useI18n } from '../../i18n/i18n-context.js';
import { passwordRules } from '../account/password-rules.js';
import { useUserMutations } from './users-api.js';
import { useReturnFocus } from '../../app/use-return-focus.js';
import { FormError } from '../../app/form-error.js';

export function ResetPasswordModal({ user, onClose }: { user: User | null; onClose: () => void }) {
  const { t } = useI18n();
  const { message } = App.useApp();
  const [form] = Form.useForm<{ password: string }>();
  const { resetPassword } = useUserMutations();
  const returnFocus = useReturnFocus(user !== null);

  return (
    <Modal
      open={user !== null}
      title={user ? t('users.resetPasswordFor', { name: user.displayName }) : ''}
      okText={t('users.resetPassword')}
      cancelText={t('common.cancel')}
      confirmLoading={resetPassword.isPending}
      onOk={() => form.submit()}
      onCancel={onClose}
      focusable={returnFocus.focusable}
      afterClose={() => {
        returnFocus.closed();
        resetPassword.reset();
      }}
      destroyOnHidden
    >
      <FormError form={form} error={resetPassword.error} style={{ marginBottom: 16 }} />
      <Form
        form={form}
        layout="vertical"
        requiredMark={false}
        onFinish={({ password }) =>
          user &&
          resetPassword.mutate(
            { user, password },
            {
              onSuccess: () => {
                void message.success(t('users.passwordReset'));
                onClose();
              },
            },
          )
        }
      >
        <Form.Item name="password" label={t('users.newPassword')} extra={t('users.initialPasswordHint')} rules={passwordRules(t)}>
          <Input.Password autoComplete="new-password" />
        </Form.Item>
      </Form>
    </Modal>
  );
}
