import { useEffect, useMemo, useState } from 'react';
import { Alert, App, Button, Card, Checkbox, Col, Flex, Form, InputNumber, Row, Skeleton, Switch, Typography } from 'antd';
import { useErrorText } from '../../app/use-error-text.js';
import { useI18n } from '../../i18n/i18n-context.js';
import { GRADES, type Grade } from '../prospects/prospect-types.js';
import { GradeTag } from '../prospects/tags.js';
import { previewPoolPolicy, staleCurrent, usePoolPolicy, useSavePoolPolicy, type PoolPolicy, type PoolPolicyEnvelope, type PoolPreview } from './settings-api.js';
import { StaleAlert } from './stale-alert.js';
import { FormError } from '../../app/form-error.js';

const HIDEABLE = ['phones', 'emails', 'wechatId', 'address'] as const;

interface Values {
  recall: Record<Grade, { on: boolean; days: number | null }>;
  warnDays: number | null;
  maxOwned: number | null;
  maxClaimsPerDay: number | null;
  reclaimWaitDays: number | null;
  hiddenFields: PoolPolicy['hiddenFields'];
  formerOwnerReads: boolean;
}

function toValues(policy: PoolPolicy): Values {
  const recall = Object.fromEntries(GRADES.map((g) => [g, { on: policy.recallDays[g] !== null, days: policy.recallDays[g] ?? 30 }])) as Values['recall'];
  return { recall, warnDays: policy.warnDays, maxOwned: policy.maxOwned, maxClaimsPerDay: policy.maxClaimsPerDay, reclaimWaitDays: policy.reclaimWaitDays, hiddenFields: [...policy.hiddenFields], formerOwnerReads: policy.formerOwnerReads };
}

/** The form's values as a policy, or null while a number is missing (nothing to preview or save yet). */
function toPolicy(v: Partial<Values> | undefined): PoolPolicy | null {
  if (!v?.recall) return null;
  const recallDays = {} as PoolPolicy['recallDays'];
  for (const g of GRADES) {
    const r = v.recall[g];
    if (!r) return null;
    if (r.on && !r.days) return null;
    recallDays[g] = r.on ? r.days : null;
  }
  const { warnDays, maxOwned, maxClaimsPerDay, reclaimWaitDays } = v;
  if (warnDays == null || maxOwned == null || maxClaimsPerDay == null || reclaimWaitDays == null) return null;
  return { recallDays, warnDays, maxOwned, maxClaimsPerDay, reclaimWaitDays, hiddenFields: [...(v.hiddenFields ?? [])], formerOwnerReads: v.formerOwnerReads ?? true };
}

/** What these rules would send to the pool tomorrow, asked again a moment after each change. */
function usePreview(policy: PoolPolicy | null) {
  const [state, setState] = useState<{ preview: PoolPreview | null; loading: boolean; error: unknown }>({ preview: null, loading: false, error: null });
  const key = policy ? JSON.stringify(policy) : null;
  useEffect(() => {
    if (!key) return;
    let current = true;
    const timer = setTimeout(() => {
      setState((s) => ({ ...s, loading: true }));
      previewPoolPolicy(JSON.parse(key) as PoolPolicy).then(
        (preview) => current && setState({ preview, loading: false, error: null }),
        (error: unknown) => current && setState((s) => ({ ...s, loading: false, error })),
      );
    }, 400);
    return () => {
      current = false;
      clearTimeout(timer);
    };
  }, [key]);
  return state;
}

export function PoolRulesCard() {
  const query = usePoolPolicy(true);
  const errorText = useErrorText();
  const { t } = useI18n();
  return (
    <Card title={t('settings.pool.title')} data-testid="pool-rules">
      {query.isError ? <Alert type="error" showIcon title={errorText(query.error)} /> : query.isPending ? <Skeleton active /> : <RulesForm stored={query.data} />}
    </Card>
  );
}

function RulesForm({ stored }: { stored: PoolPolicyEnvelope }) {
  const { t } = useI18n();
  const { message } = App.useApp();
  const errorText = useErrorText();
  const [form] = Form.useForm<Values>();
  const save = useSavePoolPolicy();
  // The version this form's values are based on; a stale save moves it to the stored one only when asked.
  const [version, setVersion] = useState(stored.version);
  const initial = useMemo(() => toValues(stored.policy), [stored.policy]);
  const watched = Form.useWatch((v: Values) => v, form);
  const policy = toPolicy(watched ?? initial);
  const preview = usePreview(policy);
  const stale = staleCurrent<PoolPolicyEnvelope>(save.error);

  const submit = (v: Values, at = version) => {
    const next = toPolicy(v);
    if (!next) return;
    save.mutate(
      { policy: next, version: at },
      {
        onSuccess: (saved) => {
          setVersion(saved.version);
          void message.success(t('common.saved'));
        },
      },
    );
  };

  const days = (min: number, max: number) => <InputNumber min={min} max={max} precision={0} suffix={t('prospect.days')} style={{ width: '100%' }} />;
  const count = (min: number, max: number) => <InputNumber min={min} max={max} precision={0} style={{ width: '100%' }} />;
  const required = [{ required: true, message: t('error.required') }];

  return (
    <Form<Values> form={form} layout="vertical" requiredMark={false} initialValues={initial} onFinish={(v) => submit(v)} data-testid="pool-rules-form">
      <Typography.Title level={5} style={{ marginTop: 0 }}>
        {t('settings.pool.recall')}
      </Typography.Title>
      <Typography.Paragraph type="secondary">{t('settings.pool.recallHint')}</Typography.Paragraph>
      <Flex vertical gap={8} style={{ marginBottom: 16 }}>
        {GRADES.map((g) => (
          <RecallRow key={g} grade={g} />
        ))}
      </Flex>
      <Row gutter={16}>
        <Col xs={24} sm={12}>
          <Form.Item name="warnDays" label={t('settings.pool.warnDays')} extra={t('settings.pool.warnDaysHint')} rules={required}>
            {days(0, 90)}
          </Form.Item>
        </Col>
        <Col xs={24} sm={12}>
          <Form.Item name="reclaimWaitDays" label={t('settings.pool.reclaimWaitDays')} extra={t('settings.pool.reclaimWaitDaysHint')} rules={required}>
            {days(0, 3650)}
          </Form.Item>
        </Col>
        <Col xs={24} sm={12}>
          <Form.Item name="maxClaimsPerDay" label={t('settings.pool.maxClaimsPerDay')} rules={required}>
            {count(0, 10_000)}
          </Form.Item>
        </Col>
        <Col xs={24} sm={12}>
          <Form.Item name="maxOwned" label={t('settings.pool.maxOwned')} extra={t('settings.pool.maxOwnedHint')} rules={required}>
            {count(1, 1_000_000)}
          </Form.Item>
        </Col>
      </Row>
      <Form.Item name="hiddenFields" label={t('settings.pool.hiddenFields')} extra={t('settings.pool.hiddenFieldsHint')}>
        <Checkbox.Group options={HIDEABLE.map((f) => ({ value: f, label: t(`prospect.${f}`) }))} data-testid="pool-rules-hidden" />
      </Form.Item>
      <Form.Item name="formerOwnerReads" label={t('settings.pool.formerOwnerReads')} extra={t('settings.pool.formerOwnerReadsHint')} valuePropName="checked">
        <Switch data-testid="pool-rules-former-reads" />
      </Form.Item>
      <PreviewLine preview={preview.preview} loading={preview.loading} error={preview.error ? errorText(preview.error) : null} ready={policy !== null} />
      {stale ? (
        <StaleAlert
          title={t('settings.pool.stale')}
          testId="pool-rules"
          onLoadTheirs={() => {
            form.setFieldsValue(toValues(stale.policy));
            setVersion(stale.version);
            save.reset();
          }}
          onKeepMine={() => submit(form.getFieldsValue(true) as Values, stale.version)}
        />
      ) : (
        <FormError form={form} error={save.error} style={{ marginBottom: 12 }} />
      )}
      <Flex justify="end">
        <Button type="primary" htmlType="submit" loading={save.isPending} disabled={policy === null} data-testid="pool-rules-save">
          {t('common.save')}
        </Button>
      </Flex>
    </Form>
  );
}

function RecallRow({ grade }: { grade: Grade }) {
  const { t } = useI18n();
  const on = Form.useWatch(['recall', grade, 'on']) as boolean | undefined;
  return (
    <Flex gap={8} align="center" data-testid={`pool-recall-${grade}`}>
      <Flex gap={6} align="center" style={{ width: 72, flexShrink: 0 }}>
        <GradeTag grade={grade} />
      </Flex>
      <Form.Item name={['recall', grade, 'on']} valuePropName="checked" noStyle>
        <Switch aria-label={t('settings.pool.recallOn', { grade: t(`grade.${grade}`) })} />
      </Form.Item>
      {on ? (
        <Form.Item name={['recall', grade, 'days']} noStyle rules={[{ required: true, message: t('error.required') }]}>
          <InputNumber min={1} max={3650} precision={0} prefix={t('settings.pool.after')} suffix={t('settings.pool.daysUntouched')} style={{ width: 170, minWidth: 0 }} />
        </Form.Item>
      ) : (
        <Typography.Text type="secondary">{t('settings.pool.never')}</Typography.Text>
      )}
    </Flex>
  );
}

function PreviewLine({ preview, loading, error, ready }: { preview: PoolPreview | null; loading: boolean; error: string | null; ready: boolean }) {
  const { t } = useI18n();
  if (error) return <Alert type="error" showIcon title={error} style={{ marginBottom: 12 }} />;
  const text = !ready
    ? t('settings.pool.previewIncomplete')
    : preview
      ? t('settings.pool.preview', { total: preview.total, a: preview.byGrade.A ?? 0 })
      : t('common.loading');
  return (
    <Alert
      type={preview && preview.total > 0 ? 'warning' : 'info'}
      showIcon
      style={{ marginBottom: 12, opacity: loading ? 0.6 : 1 }}
      title={<span data-testid="pool-rules-preview" data-total={preview?.total ?? ''}>{text}</span>}
      description={
        preview && preview.total > 0 ? GRADES.map((g) => `${t(`grade.${g}`)}: ${preview.byGrade[g] ?? 0}`).join(' · ') : undefined
      }
    />
  );
}
