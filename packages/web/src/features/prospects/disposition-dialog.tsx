import { App, DatePicker, Form, Input, Modal, Radio } from 'antd';
import type { Dayjs } from 'dayjs';
import { useI18n } from '../../i18n/i18n-context.js';
import { useUser } from '../auth/session.js';
import { todayIn } from './dates.js';
import { DISPOSITIONS, type Disposition, type DispositionChange, type ProspectSummary } from './prospect-types.js';
import { useProspectMutations } from './prospects-api.js';
import { useReturnFocus } from '../../app/use-return-focus.js';
import { FormError } from '../../app/form-error.js';

interface Values {
  disposition: Disposition;
  resumeOn?: Dayjs;
  reason?: string;
}

/** Continue, pause until a date, keep for the long run, or drop with a reason that stays on the record. */
export function DispositionDialog({ prospect, initial, onClose }: { prospect: ProspectSummary | null; initial?: Disposition; onClose: (saved: boolean) => void }) {
  const { t } = useI18n();
  const { message } = App.useApp();
  const user = useUser();
  const [form] = Form.useForm<Values>();
  const chosen = Form.useWatch('disposition', form);
  const { disposition } = useProspectMutations();
  const returnFocus = useReturnFocus(prospect !== null);
  const today = todayIn(user.timeZone);

  const submit = (v: Values) => {
    if (!prospect) return;
    const change: DispositionChange =
      v.disposition === 'pause'
        ? { disposition: 'pause', resumeOn: v.resumeOn!.format('YYYY-MM-DD') }
        : v.disposition === 'dropped'
          ? { disposition: 'dropped', reason: v.reason!.trim() }
          : { disposition: v.disposition };
    disposition.mutate(
      { id: prospect.id, version: prospect.version, change },
      {
        onSuccess: () => {
          void message.success(t('common.saved'));
          onClose(true);
        },
      },
    );
  };

  return (
    <Modal
      open={prospect !== null}
      title={t('disposition.title', { name: prospect?.name ?? '' })}
      okText={t('common.save')}
      cancelText={t('common.cancel')}
      confirmLoading={disposition.isPending}
      onOk={() => form.submit()}
      onCancel={() => onClose(false)}
      focusable={returnFocus.focusable}
      afterClose={() => {
        returnFocus.closed();
        disposition.reset();
      }}
      destroyOnHidden
    >
      <FormError form={form} error={disposition.error} style={{ marginBottom: 16 }} />
      <Form<Values>
        form={form}
        layout="vertical"
        requiredMark={false}
        initialValues={{ disposition: initial ?? prospect?.disposition ?? 'continue' }}
        onFinish={submit}
        data-testid="disposition-form"
      >
        <Form.Item name="disposition">
          <Radio.Group style={{ display: 'flex', flexDirection: 'column', gap: 8 }}>
            {DISPOSITIONS.map((d) => (
              <Radio key={d} value={d}>
                {t(`disposition.${d}`)}
                <div style={{ fontSize: 12, color: '#6b7280' }}>{t(`disposition.hint.${d}`)}</div>
              </Radio>
            ))}
          </Radio.Group>
        </Form.Item>
        {chosen === 'pause' && (
          <Form.Item name="resumeOn" label={t('disposition.resumeOn')} rules={[{ required: true, message: t('error.required') }]}>
            <DatePicker format="YYYY-MM-DD" inputReadOnly style={{ width: '100%' }} disabledDate={(d) => d.format('YYYY-MM-DD') <= today} data-testid="disposition-resume" />
          </Form.Item>
        )}
        {chosen === 'dropped' && (
          <Form.Item name="reason" label={t('disposition.reason')} rules={[{ required: true, whitespace: true, message: t('error.required') }]}>
            <Input.TextArea autoSize={{ minRows: 2, maxRows: 5 }} maxLength={1000} data-testid="disposition-reason" />
          </Form.Item>
        )}
      </Form>
    </Modal>
  );
}
