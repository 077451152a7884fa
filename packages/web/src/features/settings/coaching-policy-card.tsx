import { useState } from 'react';
import { Alert, App, Button, Card, Col, Flex, Form, InputNumber, Row, Skeleton, Typography } from 'antd';
import { describeReason } from '@pond/domain/coaching/rules';
import { useErrorText } from '../../app/use-error-text.js';
import { useI18n } from '../../i18n/i18n-context.js';
import { staleCurrent, useCoachingPolicy, useSaveCoachingPolicy, type CoachingPolicy, type CoachingPolicyEnvelope } from './settings-api.js';
import { StaleAlert } from './stale-alert.js';
import { FormError } from '../../app/form-error.js';

/** The one-shot flag's thresholds (admin): when coaching says a salesperson only fishes once. */
export function CoachingPolicyCard() {
  const errorText = useErrorText();
  const query = useCoachingPolicy();
  const { t } = useI18n();
  return (
    <Card title={t('settings.coaching.title')} data-testid="coaching-policy">
      {query.isError ? <Alert type="error" showIcon title={errorText(query.error)} /> : query.isPending ? <Skeleton active /> : <PolicyForm stored={query.data} />}
    </Card>
  );
}

function PolicyForm({ stored }: { stored: CoachingPolicyEnvelope }) {
  const { t, locale } = useI18n();
  const { message } = App.useApp();
  const [form] = Form.useForm<CoachingPolicy>();
  const save = useSaveCoachingPolicy();
  const [version, setVersion] = useState(stored.version);
  const watched = Form.useWatch((v: CoachingPolicy) => v, form) ?? stored.policy;
  const stale = staleCurrent<CoachingPolicyEnvelope>(save.error);
  const submit = (policy: CoachingPolicy, at = version) =>
    save.mutate(
      { policy, version: at },
      {
        onSuccess: (saved) => {
          setVersion(saved.version);
          void message.success(t('common.saved'));
        },
      },
    );
  const required = [{ required: true, message: t('error.required') }];
  const complete = [watched.windowDays, watched.minFirstContacts, watched.maxRevisitPercent, watched.maxBookOncePercent, watched.minBook].every((v) => typeof v === 'number');
  // What the flag would say at exactly the thresholds, so the numbers read as a sentence.
  const example = complete
    ? describeReason({ code: 'few_revisits', days: watched.windowDays, firstContacts: watched.minFirstContacts, revisits: 0, revisitPercent: 0, touchedOnce: watched.minFirstContacts }, locale)
    : null;
  return (
    <Form<CoachingPolicy> form={form} layout="vertical" requiredMark={false} initialValues={stored.policy} onFinish={(v) => submit(v)} data-testid="coaching-policy-form">
      <Typography.Paragraph type="secondary">{t('settings.coaching.hint')}</Typography.Paragraph>
      <Row gutter={16}>
        <Col xs={24} sm={8}>
          <Form.Item name="windowDays" label={t('settings.coaching.windowDays')} rules={required}>
            <InputNumber min={7} max={180} precision={0} suffix={t('prospect.days')} style={{ width: '100%' }} />
          </Form.Item>
        </Col>
        <Col xs={12} sm={8}>
          <Form.Item name="minFirstContacts" label={t('settings.coaching.minFirstContacts')} rules={required}>
            <InputNumber min={1} max={10_000} precision={0} style={{ width: '100%' }} />
          </Form.Item>
        </Col>
        <Col xs={12} sm={8}>
          <Form.Item name="maxRevisitPercent" label={t('settings.coaching.maxRevisitPercent')} rules={required}>
            <InputNumber min={0} max={100} precision={0} suffix="%" style={{ width: '100%' }} />
          </Form.Item>
        </Col>
        <Col xs={12} sm={8}>
          <Form.Item name="maxBookOncePercent" label={t('settings.coaching.maxBookOncePercent')} rules={required}>
            <InputNumber min={1} max={100} precision={0} suffix="%" style={{ width: '100%' }} />
          </Form.Item>
        </Col>
        <Col xs={12} sm={8}>
          <Form.Item name="minBook" label={t('settings.coaching.minBook')} rules={required}>
            <InputNumber min={1} max={1_000_000} precision={0} style={{ width: '100%' }} />
          </Form.Item>
        </Col>
      </Row>
      {example && <Alert type="info" showIcon title={t('settings.coaching.example', { example })} style={{ marginBottom: 12 }} data-testid="coaching-policy-example" />}
      {stale ? (
        <StaleAlert
          title={t('settings.coaching.stale')}
          testId="coaching-policy"
          onLoadTheirs={() => {
            form.setFieldsValue(stale.policy);
            setVersion(stale.version);
            save.reset();
          }}
          onKeepMine={() => submit(form.getFieldsValue(true) as CoachingPolicy, stale.version)}
        />
      ) : (
        <FormError form={form} error={save.error} style={{ marginBottom: 12 }} />
      )}
      <Flex justify="end">
        <Button type="primary" htmlType="submit" loading={save.isPending} disabled={!complete} data-testid="coaching-policy-save">
          {t('common.save')}
        </Button>
      </Flex>
    </Form>
  );
}
