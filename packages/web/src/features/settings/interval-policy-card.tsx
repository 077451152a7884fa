import { useMemo, useState } from 'react';
import { Alert, App, Button, Card, Flex, Form, InputNumber, Skeleton, Typography } from 'antd';
import { useErrorText } from '../../app/use-error-text.js';
import { useI18n } from '../../i18n/i18n-context.js';
import { GRADES, IMPORTANCES } from '../prospects/prospect-types.js';
import { GradeTag } from '../prospects/tags.js';
import { staleCurrent, useIntervalPolicy, useSaveIntervalPolicy, type IntervalPolicy, type IntervalPolicyEnvelope } from './settings-api.js';
import { StaleAlert } from './stale-alert.js';
import { FormError } from '../../app/form-error.js';

/** The domain's bounds (MIN_INTERVAL_DAYS, MAX_INTERVAL_DAYS), mirrored so the bundle does not pull in its schemas. */
const MIN_DAYS = 1;
const MAX_DAYS = 365;

type Values = Record<(typeof GRADES)[number], Record<(typeof IMPORTANCES)[number], number | null>>;

/** The form's values as a policy, or null while a cell is empty. */
function toPolicy(v: Partial<Values> | undefined): IntervalPolicy | null {
  if (!v) return null;
  const policy = {} as IntervalPolicy;
  for (const g of GRADES) {
    const row = v[g];
    if (!row) return null;
    const { key, normal, small } = row;
    if (key == null || normal == null || small == null) return null;
    policy[g] = { key, normal, small };
  }
  return policy;
}

/** 回訪間隔: the days from a touch to the next contact proposed, for each grade and importance. */
export function IntervalPolicyCard() {
  const errorText = useErrorText();
  const query = useIntervalPolicy();
  const { t } = useI18n();
  return (
    <Card title={t('settings.interval.title')} data-testid="interval-policy">
      <Typography.Paragraph type="secondary">{t('settings.interval.intro')}</Typography.Paragraph>
      {query.isError ? <Alert type="error" showIcon title={errorText(query.error)} /> : query.isPending ? <Skeleton active /> : <PolicyForm stored={query.data} />}
    </Card>
  );
}

function PolicyForm({ stored }: { stored: IntervalPolicyEnvelope }) {
  const { t } = useI18n();
  const { message } = App.useApp();
  const [form] = Form.useForm<Values>();
  const save = useSaveIntervalPolicy();
  // The version this form's values are based on; a stale save moves it to the stored one only when asked.
  const [version, setVersion] = useState(stored.version);
  const initial = useMemo(() => structuredClone(stored.policy) as Values, [stored.policy]);
  const watched = Form.useWatch((v: Values) => v, form);
  const policy = toPolicy(watched ?? initial);
  const stale = staleCurrent<IntervalPolicyEnvelope>(save.error);

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

  return (
    <Form<Values> form={form} name="interval" requiredMark={false} initialValues={initial} onFinish={(v) => submit(v)} data-testid="interval-policy-form">
      <table className="pond-interval-table">
        <thead>
          <tr>
            <th scope="col">{t('settings.interval.grade')}</th>
            {IMPORTANCES.map((i) => (
              <th key={i} scope="col">
                {t(`importance.${i}`)}
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          {GRADES.map((g) => (
            <tr key={g}>
              <th scope="row">
                <GradeTag grade={g} />
              </th>
              {IMPORTANCES.map((i) => (
                <td key={i}>
                  <Form.Item name={[g, i]} noStyle rules={[{ required: true, message: t('error.required') }]}>
                    <InputNumber
                      min={MIN_DAYS}
                      max={MAX_DAYS}
                      precision={0}
                      inputMode="numeric"
                      aria-label={t('settings.interval.cell', { grade: t(`grade.${g}`), importance: t(`importance.${i}`) })}
                      style={{ width: '100%' }}
                      data-testid={`interval-${g}-${i}`}
                    />
                  </Form.Item>
                </td>
              ))}
            </tr>
          ))}
        </tbody>
      </table>
      <Typography.Paragraph type="secondary" style={{ marginTop: 8 }}>
        {t('settings.interval.hint')}
      </Typography.Paragraph>
      {stale ? (
        <StaleAlert
          title={t('settings.interval.stale')}
          testId="interval-policy"
          onLoadTheirs={() => {
            form.setFieldsValue(structuredClone(stale.policy) as Values);
            setVersion(stale.version);
            save.reset();
          }}
          onKeepMine={() => submit(form.getFieldsValue(true) as Values, stale.version)}
        />
      ) : (
        <FormError form={form} error={save.error} style={{ marginBottom: 12 }} />
      )}
      <Flex justify="end">
        <Button type="primary" htmlType="submit" loading={save.isPending} disabled={policy === null} data-testid="interval-policy-save">
          {t('common.save')}
        </Button>
      </Flex>
    </Form>
  );
}
