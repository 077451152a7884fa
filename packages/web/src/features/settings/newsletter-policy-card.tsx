import { useState } from 'react';
import { Alert, App, Button, Card, Col, Flex, Form, Input, InputNumber, Row, Skeleton, Switch, Typography } from 'antd';
import type { NewsletterPolicy } from '@pond/domain';
import { FormError } from '../../app/form-error.js';
import { useTextLimit } from '../../app/text-limit.js';
import { useErrorText } from '../../app/use-error-text.js';
import { useI18n } from '../../i18n/i18n-context.js';
import { staleCurrent, useNewsletterPolicy, useSaveNewsletterPolicy, type NewsletterPolicyEnvelope } from './settings-api.js';
import { StaleAlert } from './stale-alert.js';

/** The form's view of the rules: the two optional texts as strings, empty for none. */
type Values = Omit<NewsletterPolicy, 'advertisementMarker' | 'organisation'> & { advertisementMarker: string; organisation: string };

const toValues = (p: NewsletterPolicy): Values => ({ ...p, advertisementMarker: p.advertisementMarker ?? '', organisation: p.organisation ?? '' });
const toPolicy = (v: Values): NewsletterPolicy => ({ ...v, advertisementMarker: v.advertisementMarker.trim() || null, organisation: v.organisation.trim() || null });

/** The newsletter rules (admin): how often a prospect may hear from the team, consent, the advertising marker, approval life, send rate. */
export function NewsletterPolicyCard() {
  const errorText = useErrorText();
  const query = useNewsletterPolicy();
  const { t } = useI18n();
  return (
    <Card title={t('settings.newsletters.title')} data-testid="newsletter-policy">
      {query.isError ? <Alert type="error" showIcon title={errorText(query.error)} /> : query.isPending ? <Skeleton active /> : <PolicyForm stored={query.data} />}
    </Card>
  );
}

function PolicyForm({ stored }: { stored: NewsletterPolicyEnvelope }) {
  const { t } = useI18n();
  const { message } = App.useApp();
  const limit = useTextLimit();
  const [form] = Form.useForm<Values>();
  const save = useSaveNewsletterPolicy();
  const [version, setVersion] = useState(stored.version);
  const stale = staleCurrent<NewsletterPolicyEnvelope>(save.error);
  const submit = (values: Values, at = version) =>
    save.mutate(
      { policy: toPolicy(values), version: at },
      {
        onSuccess: (saved) => {
          setVersion(saved.version);
          void message.success(t('common.saved'));
        },
      },
    );
  const required = [{ required: true, message: t('error.required') }];
  const days = t('prospect.days');
  return (
    <Form<Values> form={form} layout="vertical" requiredMark={false} initialValues={toValues(stored.policy)} onFinish={(v) => submit(v)} data-testid="newsletter-policy-form">
      <Typography.Paragraph type="secondary">{t('settings.newsletters.hint')}</Typography.Paragraph>
      <Row gutter={16}>
        <Col xs={12} sm={8}>
          <Form.Item name="maxPerYear" label={t('settings.newsletters.maxPerYear')} rules={required}>
            <InputNumber min={1} max={52} precision={0} style={{ width: '100%' }} data-testid="newsletter-policy-max" />
          </Form.Item>
        </Col>
        <Col xs={12} sm={8}>
          <Form.Item name="minGapDays" label={t('settings.newsletters.minGapDays')} rules={required}>
            <InputNumber min={0} max={365} precision={0} suffix={days} style={{ width: '100%' }} />
          </Form.Item>
        </Col>
        <Col xs={12} sm={8}>
          <Form.Item name="minPerYear" label={t('settings.newsletters.minPerYear')} rules={required} extra={t('settings.newsletters.minPerYearHint')}>
            <InputNumber min={0} max={52} precision={0} style={{ width: '100%' }} />
          </Form.Item>
        </Col>
        <Col xs={12} sm={8}>
          <Form.Item name="approvalValidDays" label={t('settings.newsletters.approvalValidDays')} rules={required}>
            <InputNumber min={1} max={365} precision={0} suffix={days} style={{ width: '100%' }} />
          </Form.Item>
        </Col>
        <Col xs={12} sm={8}>
          <Form.Item name="perMinute" label={t('settings.newsletters.perMinute')} rules={required}>
            <InputNumber min={1} max={1_000_000} precision={0} style={{ width: '100%' }} />
          </Form.Item>
        </Col>
        <Col xs={12} sm={8}>
          <Form.Item name="perHour" label={t('settings.newsletters.perHour')} rules={required}>
            <InputNumber min={1} max={10_000_000} precision={0} style={{ width: '100%' }} />
          </Form.Item>
        </Col>
        <Col span={24}>
          <Form.Item name="unknownConsentMails" label={t('settings.newsletters.unknownConsent')} valuePropName="checked" extra={t('settings.newsletters.unknownConsentHint')}>
            <Switch data-testid="newsletter-policy-unknown" />
          </Form.Item>
        </Col>
        <Col xs={24} sm={12}>
          <Form.Item name="advertisementMarker" label={t('settings.newsletters.marker')} rules={[limit(20).rule]} extra={t('settings.newsletters.markerHint')}>
            <Input count={limit(20).count} placeholder={t('settings.newsletters.markerExample')} />
          </Form.Item>
        </Col>
        <Col xs={24} sm={12}>
          <Form.Item name="organisation" label={t('settings.newsletters.organisation')} rules={[limit(200).rule]} extra={t('settings.newsletters.organisationHint')}>
            <Input count={limit(200).count} />
          </Form.Item>
        </Col>
      </Row>
      {stale ? (
        <StaleAlert
          title={t('settings.newsletters.stale')}
          testId="newsletter-policy"
          onLoadTheirs={() => {
            form.setFieldsValue(toValues(stale.policy));
            setVersion(stale.version);
            save.reset();
          }}
          onKeepMine={() => submit(form.getFieldsValue(true) as Values, stale.version)}
        />
      ) : (
        <FormError form={form} error={save.error} rename={{ policy: [] }} style={{ marginBottom: 12 }} />
      )}
      <Flex justify="end">
        <Button type="primary" htmlType="submit" loading={save.isPending} data-testid="newsletter-policy-save">
          {t('common.save')}
        </Button>
      </Flex>
    </Form>
  );
}
