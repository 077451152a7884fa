import { Form, Input, Modal, Select } from 'antd';
import type { Role, Team, User } from '../../api/types.js';
import { useI18n } from '../../i18n/i18n-context.js';
import { passwordRules } from '../account/password-rules.js';
import { ROLE_ORDER } from './role-tag.js';
import { useUserMutations } from './users-api.js';
import { useReturnFocus } from '../../app/use-return-focus.js';
import { FormError } from '../../app/form-error.js';

interface UserFormValues {
  email: string;
  displayName: string;
  role: Role;
  teamId: number | null;
  password: string;
}

/** Creates a user when `user` is null, otherwise edits name, role and team. */
export function UserFormModal({ open, user, teams, onClose }: { open: boolean; user: User | null; teams: Team[]; onClose: (saved: boolean) => void }) {
  const { t } = useI18n();
  const [form] = Form.useForm<UserFormValues>();
  const { create, update } = useUserMutations();
  const returnFocus = useReturnFocus(open);
  const mutation = user ? update : create;

  const submit = (values: UserFormValues) => {
    const done = { onSuccess: () => onClose(true) };
    if (user) {
      update.mutate({ user, patch: { displayName: values.displayName.trim(), role: values.role, teamId: values.teamId ?? null } }, done);
    } else {
      create.mutate(
        { email: values.email.trim(), displayName: values.displayName.trim(), role: values.role, teamId: values.teamId ?? null, password: values.password },
        done,
      );
    }
  };

  return (
    <Modal
      open={open}
      title={user ? t('users.edit') : t('users.create')}
      okText={user ? t('common.save') : t('common.create')}
      cancelText={t('common.cancel')}
      confirmLoading={mutation.isPending}
      onOk={() => form.submit()}
      onCancel={() => onClose(false)}
      focusable={returnFocus.focusable}
      afterClose={() => {
        returnFocus.closed();
        create.reset();
        update.reset();
      }}
      // Closed, the form is gone; opened again, it starts from the record as it is now.
      destroyOnHidden
    >
      <FormError form={form} error={mutation.error} style={{ marginBottom: 16 }} testId="user-form-error" />
      <Form
        form={form}
        initialValues={user ? { displayName: user.displayName, role: user.role, teamId: user.teamId } : { role: 'salesperson', teamId: null }}
        layout="vertical"
        requiredMark={false}
        onFinish={submit}
        data-testid="user-form"
      >
        {!user && (
          <Form.Item
            name="email"
            label={t('users.email')}
            rules={[
              { required: true, message: t('error.required') },
              { type: 'email', message: t('error.email') },
            ]}
          >
            <Input type="email" autoComplete="off" inputMode="email" />
          </Form.Item>
        )}
        <Form.Item name="displayName" label={t('users.displayName')} rules={[{ required: true, whitespace: true, message: t('error.required') }]}>
          <Input maxLength={100} autoComplete="off" />
        </Form.Item>
        <Form.Item name="role" label={t('users.role')}>
          <Select options={ROLE_ORDER.map((role) => ({ value: role, label: t(`role.${role}`) }))} data-testid="user-role" />
        </Form.Item>
        <Form.Item name="teamId" label={t('users.team')}>
          <Select
            allowClear
            placeholder={t('users.noTeam')}
            options={teams.map((team) => ({ value: team.id, label: team.name }))}
          />
        </Form.Item>
        {!user && (
          <Form.Item name="password" label={t('users.initialPassword')} extra={t('users.initialPasswordHint')} rules={passwordRules(t)}>
            <Input.Password autoComplete="new-password" />
          </Form.Item>
        )}
      </Form>
    </Modal>
  );
}
