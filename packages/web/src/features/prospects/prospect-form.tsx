import { useState } from 'react';
import { App, Button, Checkbox, Col, Drawer, Flex, Form, Input, InputNumber, Row, Select } from 'antd';
import { useNavigate } from 'react-router';
import { usePhonePlaceholder } from '../../app/phone-examples.js';
import { useI18n } from '../../i18n/i18n-context.js';
import { ConflictView } from './conflict-view.js';
import { ContactLookup } from './contact-lookup.js';
import { changedFields, EMPTY_VALUES, fieldsOf, valuesOf, type FormValues } from './prospect-fields.js';
import { CONSENTS, EXPECTED_CLOSES, GRADES, IMPORTANCES, INTERVAL_CHOICES, SOURCES, type Prospect, type ProspectFields } from './prospect-types.js';
import { staleCurrent, useProspectMutations } from './prospects-api.js';
import { useSheetProps } from './sheet.js';
import { useEnumOptions } from './tags.js';
import { useReturnFocus } from '../../app/use-return-focus.js';
import { FormError } from '../../app/form-error.js';
import { useTextLimit } from '../../app/text-limit.js';

const half = { xs: 24, sm: 12 };

/** Every field of a prospect: creates one when `prospect` is null, otherwise edits it against its version. */
export function ProspectForm({ open, prospect, onClose }: { open: boolean; prospect: Prospect | null; onClose: () => void }) {
  const { t } = useI18n();
  const { message } = App.useApp();
  const navigate = useNavigate();
  const options = useEnumOptions();
  const sheet = useSheetProps(640);
  const [form] = Form.useForm<FormValues>();
  const { create, update } = useProspectMutations();
  const returnFocus = useReturnFocus(open);
  const phonePlaceholder = usePhonePlaceholder();
  const limit = useTextLimit();
  const mutation = prospect ? update : create;
  const [conflict, setConflict] = useState<{ mine: Partial<ProspectFields>; current: Prospect } | null>(null);
  const interval = Form.useWatch('interval', form);
  const phones = Form.useWatch('phones', form);
  const emails = Form.useWatch('emails', form);

  const saved = () => {
    void message.success(t('common.saved'));
    setConflict(null);
    onClose();
  };

  const patch = (base: Prospect, changes: Partial<ProspectFields>, version: number) =>
    update.mutate(
      { id: base.id, version, patch: changes },
      {
        onSuccess: saved,
        onError: (err) => {
          const current = staleCurrent(err);
          if (current) setConflict({ mine: changes, current });
        },
      },
    );

  const submit = (values: FormValues) => {
    const fields = fieldsOf(values);
    if (!prospect) {
      create.mutate(fields, {
        onSuccess: ({ prospect: created }) => {
          saved();
          navigate(`/prospects/${created.id}`);
        },
      });
      return;
    }
    const changes = changedFields(fields, prospect);
    if (Object.keys(changes).length === 0) return onClose();
    patch(prospect, changes, prospect.version);
  };

  const showError = mutation.isError && !conflict;
  return (
    <Drawer
      {...sheet}
      open={open}
      onClose={onClose}
      title={prospect ? t('prospectForm.edit', { name: prospect.name }) : t('prospectForm.create')}
      destroyOnHidden
      focusable={returnFocus.focusable}
      afterOpenChange={(o) => {
        if (!o) {
          returnFocus.closed();
          setConflict(null);
          create.reset();
          update.reset();
        }
      }}
      footer={
        conflict ? null : (
          <Flex gap={8} justify="end">
            <Button onClick={onClose}>{t('common.cancel')}</Button>
            <Button type="primary" loading={mutation.isPending} onClick={() => form.submit()} data-testid="prospect-form-save">
              {prospect ? t('common.save') : t('common.create')}
            </Button>
          </Flex>
        )
      }
      data-testid="prospect-form"
    >
      <FormError form={form} error={showError ? mutation.error : null} rename={{ intervalDays: 'intervalCustom' }} style={{ marginBottom: 12 }} />
      {conflict && prospect ? (
        <ConflictView
          mine={conflict.mine}
          current={conflict.current}
          saving={update.isPending}
          onSave={(changes, version) => patch(prospect, changes, version)}
          onReload={() => {
            setConflict(null);
            update.reset();
            onClose();
          }}
        />
      ) : (
        <Form<FormValues> form={form} layout="vertical" requiredMark={false} initialValues={prospect ? valuesOf(prospect) : EMPTY_VALUES} onFinish={submit}>
          <Row gutter={12}>
            <Col span={24}>
              <Form.Item name="name" label={t('prospect.name')} rules={[{ required: true, whitespace: true, message: t('error.required') }, limit(200).rule]}>
                <Input count={limit(200).count} autoComplete="off" data-testid="form-name" />
              </Form.Item>
            </Col>
            <Col {...half}>
              <Form.Item name="company" label={t('prospect.company')} rules={[limit(200).rule]}>
                <Input count={limit(200).count} />
              </Form.Item>
            </Col>
            <Col {...half}>
              <Form.Item name="title" label={t('prospect.title')} rules={[limit(200).rule]}>
                <Input count={limit(200).count} />
              </Form.Item>
            </Col>
            <Col {...half}>
              <Form.Item name="phones" label={t('prospect.phones')} extra={t('prospectForm.listHint')}>
                {/* Not split at spaces: a number is written with them, as the example shows. */}
                <Select mode="tags" open={false} suffixIcon={null} tokenSeparators={[',', '，']} placeholder={phonePlaceholder} data-testid="form-phones" />
              </Form.Item>
            </Col>
            <Col {...half}>
              <Form.Item name="emails" label={t('prospect.emails')} extra={t('prospectForm.listHint')}>
                <Select mode="tags" open={false} suffixIcon={null} tokenSeparators={[',', '，', ' ']} />
              </Form.Item>
            </Col>
            {!prospect && (
              <Col span={24}>
                <ContactLookup value={phones?.at(-1) ?? emails?.at(-1)} />
              </Col>
            )}
            <Col {...half}>
              <Form.Item name="wechatId" label={t('prospect.wechatId')} rules={[limit(60).rule]}>
                <Input count={limit(60).count} />
              </Form.Item>
            </Col>
            <Col {...half}>
              <Form.Item name="source" label={t('prospect.source')}>
                <Select options={options('source', SOURCES)} />
              </Form.Item>
            </Col>
            <Col span={24}>
              <Form.Item name="address" label={t('prospect.address')} rules={[limit(500).rule]}>
                <Input.TextArea autoSize={{ minRows: 1, maxRows: 4 }} count={limit(500).count} />
              </Form.Item>
            </Col>
            <Col span={24}>
              <Form.Item name="notes" label={t('prospect.notes')} rules={[limit(5000).rule]}>
                <Input.TextArea autoSize={{ minRows: 2, maxRows: 10 }} count={limit(5000).count} data-testid="form-notes" />
              </Form.Item>
            </Col>
            <Col {...half}>
              <Form.Item name="grade" label={t('prospect.grade')}>
                <Select options={options('grade', GRADES)} data-testid="form-grade" />
              </Form.Item>
            </Col>
            <Col {...half}>
              <Form.Item name="importance" label={t('prospect.importance')}>
                <Select options={options('importance', IMPORTANCES)} />
              </Form.Item>
            </Col>
            <Col {...half}>
              <Form.Item name="expectedClose" label={t('prospect.expectedClose')}>
                <Select options={options('expectedClose', EXPECTED_CLOSES)} />
              </Form.Item>
            </Col>
            <Col {...half}>
              <Form.Item label={t('prospect.interval')} style={{ marginBottom: 0 }}>
                <Flex gap={8}>
                  <Form.Item name="interval" style={{ flex: 1, minWidth: 0 }}>
                    <Select
                      options={[
                        { value: 'policy', label: t('prospect.intervalPolicy') },
                        ...INTERVAL_CHOICES.map((d) => ({ value: d, label: t('prospect.everyDays', { days: d }) })),
                        { value: 'custom', label: t('prospect.intervalCustom') },
                      ]}
                      data-testid="form-interval"
                    />
                  </Form.Item>
                  {interval === 'custom' && (
                    <Form.Item name="intervalCustom" rules={[{ required: true, message: t('error.required') }]} style={{ width: 110 }}>
                      <InputNumber min={1} max={365} suffix={t('prospect.days')} style={{ width: '100%' }} />
                    </Form.Item>
                  )}
                </Flex>
              </Form.Item>
            </Col>
            <Col span={24}>
              <Form.Item name="tags" label={t('prospect.tags')}>
                <Select mode="tags" open={false} suffixIcon={null} tokenSeparators={[',', '，']} data-testid="form-tags" />
              </Form.Item>
            </Col>
            <Col {...half}>
              <Form.Item name="newsletterConsent" label={t('prospect.newsletterConsent')}>
                <Select options={options('newsletterConsent', CONSENTS)} />
              </Form.Item>
            </Col>
            <Col {...half}>
              <Form.Item name="doNotCall" valuePropName="checked" label=" ">
                <Checkbox>{t('prospect.doNotCall')}</Checkbox>
              </Form.Item>
            </Col>
          </Row>
        </Form>
      )}
    </Drawer>
  );
}
