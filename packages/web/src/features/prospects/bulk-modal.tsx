import { App, Form, Modal, Select } from 'antd';
import { useI18n } from '../../i18n/i18n-context.js';
import { GRADES, INTERVAL_CHOICES, type Grade } from './prospect-types.js';
import { useProspectMutations } from './prospects-api.js';
import { useEnumOptions } from './tags.js';
import { useReturnFocus } from '../../app/use-return-focus.js';
import { FormError } from '../../app/form-error.js';

interface Values {
  grade?: Grade;
  interval?: number | 'policy';
  addTags?: string[];
  removeTags?: string[];
  ownerId?: number;
}

/** Changes grade, revisit interval, tags and (for managers) owner of the selected prospects in one go. */
export function BulkModal({ ids, open, owners, onClose }: { ids: number[]; open: boolean; owners: { id: number; name: string }[] | null; onClose: (done: boolean) => void }) {
  const { t } = useI18n();
  const { message } = App.useApp();
  const options = useEnumOptions();
  const [form] = Form.useForm<Values>();
  const { bulk } = useProspectMutations();
  const returnFocus = useReturnFocus(open);

  const submit = (v: Values) => {
    const input = {
      ids,
      ...(v.grade && { grade: v.grade }),
      ...(v.interval !== undefined && { intervalDays: v.interval === 'policy' ? null : v.interval }),
      ...(v.addTags?.length && { addTags: v.addTags }),
      ...(v.removeTags?.length && { removeTags: v.removeTags }),
      ...(v.ownerId && { ownerId: v.ownerId }),
    };
    if (Object.keys(input).length === 1) return onClose(false);
    bulk.mutate(input, {
      onSuccess: ({ updated }) => {
        void message.success(t('bulk.done', { count: updated }));
        onClose(true);
      },
    });
  };

  return (
    <Modal
      open={open}
      title={t('bulk.title', { count: ids.length })}
      okText={t('bulk.apply')}
      cancelText={t('common.cancel')}
      confirmLoading={bulk.isPending}
      onOk={() => form.submit()}
      onCancel={() => onClose(false)}
      focusable={returnFocus.focusable}
      afterClose={() => {
        returnFocus.closed();
        bulk.reset();
      }}
      destroyOnHidden
    >
      <FormError form={form} error={bulk.error} style={{ marginBottom: 16 }} />
      <Form<Values> form={form} layout="vertical" onFinish={submit} data-testid="bulk-form">
        <Form.Item name="grade" label={t('prospect.grade')}>
          <Select allowClear placeholder={t('bulk.unchanged')} options={options('grade', GRADES)} data-testid="bulk-grade" />
        </Form.Item>
        <Form.Item name="interval" label={t('prospect.interval')}>
          <Select
            allowClear
            placeholder={t('bulk.unchanged')}
            options={[{ value: 'policy', label: t('prospect.intervalPolicy') }, ...INTERVAL_CHOICES.map((d) => ({ value: d, label: t('prospect.everyDays', { days: d }) }))]}
            data-testid="bulk-interval"
          />
        </Form.Item>
        <Form.Item name="addTags" label={t('bulk.addTags')}>
          <Select mode="tags" open={false} suffixIcon={null} tokenSeparators={[',', '，']} data-testid="bulk-add-tags" />
        </Form.Item>
        <Form.Item name="removeTags" label={t('bulk.removeTags')}>
          <Select mode="tags" open={false} suffixIcon={null} tokenSeparators={[',', '，']} />
        </Form.Item>
        {owners && (
          <Form.Item name="ownerId" label={t('prospect.owner')}>
            <Select allowClear placeholder={t('bulk.unchanged')} optionFilterProp="label" options={owners.map((o) => ({ value: o.id, label: o.name }))} data-testid="bulk-owner" />
          </Form.Item>
        )}
      </Form>
    </Modal>
  );
}
