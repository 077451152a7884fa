import { App, Form, Input, Modal, Typography } from 'antd';
import { useReturnFocus } from '../../app/use-return-focus.js';
import { useI18n } from '../../i18n/i18n-context.js';
import { usePoolMutations } from './pool-api.js';
import { FormError } from '../../app/form-error.js';

/** Hands a prospect to the pool with a reason the next owner reads; its history goes with it. */
export function ReleaseDialog({ prospect, onClose }: { prospect: { id: number; name: string } | null; onClose: (released: boolean) => void }) {
  const { t } = useI18n();
  const { message } = App.useApp();
  const [form] = Form.useForm<{ reason: string }>();
  const { release } = usePoolMutations();
  const returnFocus = useReturnFocus(prospect !== null);

  return (
    <Modal
      open={prospect !== null}
      title={t('release.title', { name: prospect?.name ?? '' })}
      okText={t('release.ok')}
      okButtonProps={{ danger: true, ...{ 'data-testid': 'release-ok' } }}
      cancelText={t('common.cancel')}
      confirmLoading={release.isPending}
      onOk={() => form.submit()}
      onCancel={() => onClose(false)}
      focusable={returnFocus.focusable}
      afterClose={() => {
        returnFocus.closed();
        release.reset();
      }}
      destroyOnHidden
    >
      <Typography.Paragraph type="secondary">{t('release.body')}</Typography.Paragraph>
      <FormError form={form} error={release.error} style={{ marginBottom: 16 }} />
      <Form<{ reason: string }>
        form={form}
        layout="vertical"
        requiredMark={false}
        onFinish={(v) => {
          if (!prospect) return;
          release.mutate(
            { id: prospect.id, reason: v.reason.trim() },
            {
              onSuccess: () => {
                void message.success(t('release.done'));
                onClose(true);
              },
            },
          );
        }}
        data-testid="release-form"
      >
        <Form.Item name="reason" label={t('release.reason')} rules={[{ required: true, whitespace: true, message: t('error.required') }]}>
          <Input.TextArea autoSize={{ minRows: 2, maxRows: 5 }} maxLength={500} placeholder={t('release.placeholder')} data-testid="release-reason" />
        </Form.Item>
      </Form>
    </Modal>
  );
}
