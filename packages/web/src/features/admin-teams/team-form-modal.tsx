import { Form, Input, Modal, Select } from 'antd';
import type { Team, User } from '../../api/types.js';
import { useI18n } from '../../i18n/i18n-context.js';
import { useSaveTeam, type TeamInput } from './teams-api.js';
import { useReturnFocus } from '../../app/use-return-focus.js';
import { FormError } from '../../app/form-error.js';
import { can } from '@pond/domain/accounts/roles';

/** Creates a team when `team` is null, otherwise renames it or changes its manager. */
export function TeamFormModal({ open, team, users, onClose }: { open: boolean; team: Team | null; users: User[]; onClose: (saved: boolean) => void }) {
  const { t } = useI18n();
  const [form] = Form.useForm<TeamInput>();
  const save = useSaveTeam();
  const returnFocus = useReturnFocus(open);

  // Managers and admins can lead a team; a deactivated account cannot.
  const candidates = users.filter((u) => u.active && can.leadTeams(u.role));

  return (
    <Modal
      open={open}
      title={team ? t('teams.edit') : t('teams.create')}
      okText={team ? t('common.save') : t('common.create')}
      cancelText={t('common.cancel')}
      confirmLoading={save.isPending}
      onOk={() => form.submit()}
      onCancel={() => onClose(false)}
      focusable={returnFocus.focusable}
      afterClose={() => {
        returnFocus.closed();
        save.reset();
      }}
      // Closed, the form is gone; opened again, it starts from the record as it is now.
      destroyOnHidden
    >
      <FormError form={form} error={save.error} style={{ marginBottom: 16 }} />
      <Form
        form={form}
        initialValues={team ? { name: team.name, managerId: team.managerId } : { name: '', managerId: null }}
        layout="vertical"
        requiredMark={false}
        onFinish={(values) =>
          save.mutate({ team, input: { name: values.name.trim(), managerId: values.managerId ?? null } }, { onSuccess: () => onClose(true) })
        }
      >
        <Form.Item name="name" label={t('teams.name')} rules={[{ required: true, whitespace: true, message: t('error.required') }]}>
          <Input maxLength={100} autoComplete="off" />
        </Form.Item>
        <Form.Item name="managerId" label={t('teams.manager')}>
          <Select
            allowClear
            showSearch={{ optionFilterProp: 'label' }}
            placeholder={t('teams.noManager')}
            options={candidates.map((u) => ({ value: u.id, label: `${u.displayName} · ${u.email}` }))}
          />
        </Form.Item>
      </Form>
    </Modal>
  );
}
