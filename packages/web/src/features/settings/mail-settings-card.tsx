import { useMemo, useState } from 'react';
import { Alert, App, Button, Card, Col, Collapse, Flex, Form, Input, InputNumber, Popconfirm, Radio, Row, Skeleton, Typography, type ButtonProps } from 'antd';
import { useErrorText } from '../../app/use-error-text.js';
import { useI18n } from '../../i18n/i18n-context.js';
import { MailTestRow } from './mail-test-row.js';
import { staleCurrent, useClearMailSettings, useMailSettings, useSaveMailSettings, useSendTestMail, type MailSettings, type MailSettingsInput } from './settings-api.js';
import { StaleAlert } from './stale-alert.js';
import { FormError } from '../../app/form-error.js';

/** Mirrored from the domain (SMTP_SECURITY and the host and selector rules) so the bundle does not pull in its schemas. */
const SECURITY = ['starttls', 'tls', 'none'] as const satisfies readonly NonNullable<MailSettings['security']>[];
const HOST = /^[A-Za-z0-9.-]+$|^\[[0-9A-Fa-f:.]+\]$/;
const SELECTOR = /^[A-Za-z0-9-_]+$/;
/** The port each kind of security usually listens on, so switching one moves the other when it was the usual. */
const USUAL_PORT: Partial<Record<(typeof SECURITY)[number], number>> = { starttls: 587, tls: 465 };

interface Values {
  host: string;
  port: number | null;
  security: (typeof SECURITY)[number];
  user: string;
  /** Write-only: empty keeps the stored one. */
  password: string;
  fromAddress: string;
  fromName: string;
  dkimDomain: string;
  dkimSelector: string;
  /** Write-only, like the password. */
  dkimKey: string;
}

function toValues(s: MailSettings): Values {
  return {
    host: s.host ?? '',
    port: s.port ?? 587,
    security: s.security ?? 'starttls',
    user: s.user ?? '',
    password: '',
    fromAddress: s.fromAddress ?? '',
    fromName: s.fromName ?? '',
    dkimDomain: s.dkim?.domain ?? '',
    dkimSelector: s.dkim?.selector ?? '',
    dkimKey: '',
  };
}

/** The body of the PUT: a secret left empty is left out (kept); a removed password is sent as null. */
function toInput(v: Values, version: number, removePassword: boolean): MailSettingsInput {
  const domain = v.dkimDomain.trim();
  const selector = v.dkimSelector.trim();
  const key = v.dkimKey.trim();
  return {
    version,
    host: v.host.trim(),
    port: v.port ?? 587,
    security: v.security,
    user: v.user.trim() || null,
    ...(removePassword ? { password: null } : v.password ? { password: v.password } : {}),
    fromAddress: v.fromAddress.trim(),
    fromName: v.fromName.trim() || null,
    // The API has no null for the key alone: without a domain and selector the whole DKIM setting (and its key) goes.
    dkim: domain && selector ? { domain, selector, ...(key ? { privateKey: key } : {}) } : null,
  };
}

/** 外寄郵件: the SMTP server every message Pond sends goes through, and a test message to prove it works. */
export function MailSettingsCard() {
  const errorText = useErrorText();
  const query = useMailSettings();
  const { t } = useI18n();
  return (
    <Card title={t('settings.mail.title')} data-testid="mail-settings">
      <Typography.Paragraph type="secondary">{t('settings.mail.intro')}</Typography.Paragraph>
      {query.isError ? <Alert type="error" showIcon title={errorText(query.error)} /> : query.isPending ? <Skeleton active /> : <MailForm stored={query.data} />}
    </Card>
  );
}

function MailForm({ stored }: { stored: MailSettings }) {
  const { t } = useI18n();
  const { message } = App.useApp();
  const [form] = Form.useForm<Values>();
  const save = useSaveMailSettings();
  const clear = useClearMailSettings();
  const test = useSendTestMail();
  // The settings this form is based on: their version for the save, and which secrets are set.
  const [base, setBase] = useState(stored);
  const [removePassword, setRemovePassword] = useState(false);
  const [dkimOpen, setDkimOpen] = useState(false);
  const initial = useMemo(() => toValues(stored), [stored]);
  const stale = staleCurrent<MailSettings>(save.error);
  const secrets = base.secretsAvailable;

  const submit = (v: Values, at = base.version) =>
    save.mutate(toInput(v, at, removePassword), {
      onSuccess: (saved) => {
        setBase(saved);
        setRemovePassword(false);
        form.setFieldsValue({ password: '', dkimKey: '' });
        test.reset();
        void message.success(t('common.saved'));
      },
    });

  const required = { required: true, whitespace: true, message: t('error.required') };
  // Both or neither: a domain without a selector (or the other way round) cannot sign.
  const dkimPair = (other: keyof Values) => ({
    validator: (_: unknown, value: string | undefined) =>
      !value?.trim() && (form.getFieldValue(other) as string | undefined)?.trim() ? Promise.reject(new Error(t('settings.mail.dkimBoth'))) : Promise.resolve(),
  });
  const dkimKeyRule = {
    validator: (_: unknown, value: string | undefined) =>
      secrets && !base.dkim?.privateKeySet && !value?.trim() && (form.getFieldValue('dkimDomain') as string | undefined)?.trim()
        ? Promise.reject(new Error(t('settings.mail.dkimKeyRequired')))
        : Promise.resolve(),
  };

  const dkimFields = (
    <>
      <Typography.Paragraph type="secondary">{t('settings.mail.dkimHint')}</Typography.Paragraph>
      <Row gutter={16}>
        <Col xs={24} sm={12}>
          <Form.Item name="dkimDomain" label={t('settings.mail.dkimDomain')} dependencies={['dkimSelector']} rules={[{ pattern: HOST, message: t('settings.mail.hostInvalid') }, dkimPair('dkimSelector')]}>
            <Input maxLength={253} disabled={!secrets} autoComplete="off" placeholder="example.com" data-testid="mail-dkim-domain" />
          </Form.Item>
        </Col>
        <Col xs={24} sm={12}>
          <Form.Item name="dkimSelector" label={t('settings.mail.dkimSelector')} dependencies={['dkimDomain']} rules={[{ pattern: SELECTOR, message: t('settings.mail.selectorInvalid') }, dkimPair('dkimDomain')]}>
            <Input maxLength={63} disabled={!secrets} autoComplete="off" placeholder="pond" data-testid="mail-dkim-selector" />
          </Form.Item>
        </Col>
      </Row>
      <Form.Item name="dkimKey" label={t('settings.mail.dkimKey')} dependencies={['dkimDomain']} rules={[dkimKeyRule]} style={{ marginBottom: base.dkim ? 8 : 0 }}>
        <Input.TextArea
          autoSize={{ minRows: 3, maxRows: 8 }}
          maxLength={10_000}
          disabled={!secrets}
          spellCheck={false}
          placeholder={base.dkim?.privateKeySet ? t('settings.mail.secretSet') : '-----BEGIN PRIVATE KEY-----'}
          style={{ fontFamily: 'monospace', fontSize: 12 }}
          data-testid="mail-dkim-key"
        />
      </Form.Item>
      {base.dkim && (
        <Button type="link" size="small" style={{ padding: 0, height: 'auto' }} onClick={() => form.setFieldsValue({ dkimDomain: '', dkimSelector: '', dkimKey: '' })} data-testid="mail-dkim-remove">
          {t('settings.mail.removeDkim')}
        </Button>
      )}
    </>
  );

  return (
    <>
      {!secrets && <Alert type="info" showIcon title={t('settings.mail.noSecrets')} style={{ marginBottom: 16 }} data-testid="mail-no-secrets" />}
      <Form<Values>
        form={form}
        name="mail"
        layout="vertical"
        requiredMark={false}
        initialValues={initial}
        onFinish={(v) => submit(v)}
        onFinishFailed={({ errorFields }) => {
          // A mistake in the closed DKIM section would otherwise be invisible.
          if (errorFields.some((f) => String(f.name[0]).startsWith('dkim'))) setDkimOpen(true);
        }}
        onValuesChange={(changed: Partial<Values>) => {
          const usual = changed.security && USUAL_PORT[changed.security];
          const port = form.getFieldValue('port') as number | null;
          if (usual && Object.values(USUAL_PORT).includes(port ?? 0)) form.setFieldValue('port', usual);
        }}
        data-testid="mail-settings-form"
      >
        <Row gutter={12}>
          <Col xs={16}>
            <Form.Item name="host" label={t('settings.mail.host')} rules={[required, { pattern: HOST, message: t('settings.mail.hostInvalid') }]}>
              <Input maxLength={253} autoComplete="off" spellCheck={false} placeholder="smtp.example.com" data-testid="mail-host" />
            </Form.Item>
          </Col>
          <Col xs={8}>
            <Form.Item name="port" label={t('settings.mail.port')} rules={[{ required: true, message: t('error.required') }]}>
              <InputNumber min={1} max={65535} precision={0} inputMode="numeric" style={{ width: '100%' }} data-testid="mail-port" />
            </Form.Item>
          </Col>
        </Row>
        <Form.Item name="security" label={t('settings.mail.security')} extra={t('settings.mail.securityHint')}>
          <Radio.Group optionType="button" options={SECURITY.map((s) => ({ value: s, label: t(`settings.mail.security.${s}`) }))} data-testid="mail-security" />
        </Form.Item>
        <Row gutter={16}>
          <Col xs={24} sm={12}>
            <Form.Item name="user" label={t('settings.mail.user')} extra={t('settings.mail.userHint')}>
              <Input maxLength={254} autoComplete="off" spellCheck={false} data-testid="mail-user" />
            </Form.Item>
          </Col>
          <Col xs={24} sm={12}>
            <Form.Item
              name="password"
              label={t('settings.mail.password')}
              extra={
                removePassword ? (
                  <span>
                    {t('settings.mail.passwordRemoved')}{' '}
                    <Button type="link" size="small" style={{ padding: 0, height: 'auto' }} onClick={() => setRemovePassword(false)} data-testid="mail-password-keep">
                      {t('settings.mail.undo')}
                    </Button>
                  </span>
                ) : (
                  base.passwordSet && (
                    <Button
                      type="link"
                      size="small"
                      style={{ padding: 0, height: 'auto' }}
                      onClick={() => {
                        form.setFieldValue('password', '');
                        setRemovePassword(true);
                      }}
                      data-testid="mail-password-remove"
                    >
                      {t('settings.mail.removePassword')}
                    </Button>
                  )
                )
              }
            >
              {/* new-password: the browser must not fill in the admin's own sign-in password here. */}
              <Input.Password
                maxLength={1024}
                autoComplete="new-password"
                disabled={!secrets || removePassword}
                placeholder={base.passwordSet && !removePassword ? t('settings.mail.secretSet') : undefined}
                data-testid="mail-password"
              />
            </Form.Item>
          </Col>
          <Col xs={24} sm={12}>
            <Form.Item name="fromAddress" label={t('settings.mail.fromAddress')} rules={[required, { type: 'email', message: t('error.email') }]}>
              <Input maxLength={254} type="email" autoComplete="off" placeholder="pond@example.com" data-testid="mail-from-address" />
            </Form.Item>
          </Col>
          <Col xs={24} sm={12}>
            <Form.Item name="fromName" label={t('settings.mail.fromName')}>
              <Input maxLength={100} autoComplete="off" placeholder="Pond" data-testid="mail-from-name" />
            </Form.Item>
          </Col>
        </Row>
        <Collapse
          size="small"
          activeKey={dkimOpen ? ['dkim'] : []}
          onChange={(keys) => setDkimOpen(keys.includes('dkim'))}
          style={{ marginBottom: 16 }}
          items={[
            {
              key: 'dkim',
              // Rendered while closed too, so its fields are part of the form and saved as they are.
              forceRender: true,
              label: (
                <span data-testid="mail-dkim-toggle">
                  {t('settings.mail.dkim')}
                  {base.dkim && <Typography.Text type="secondary"> · {t('settings.mail.dkimOn', { domain: base.dkim.domain })}</Typography.Text>}
                </span>
              ),
              children: dkimFields,
            },
          ]}
        />
        {stale ? (
          <StaleAlert
            title={t('settings.mail.stale')}
            testId="mail-settings"
            onLoadTheirs={() => {
              form.setFieldsValue(toValues(stale));
              setBase(stale);
              setRemovePassword(false);
              save.reset();
            }}
            onKeepMine={() => submit(form.getFieldsValue(true) as Values, stale.version)}
          />
        ) : (
          <FormError form={form} error={save.error ?? clear.error} style={{ marginBottom: 12 }} testId="mail-settings-error" />
        )}
        <Flex justify="end" gap={8} wrap>
          {base.configured && (
            <Popconfirm
              title={t('settings.mail.clearConfirm')}
              description={t('settings.mail.clearHint')}
              okText={t('settings.mail.clear')}
              okButtonProps={{ danger: true, 'data-testid': 'mail-settings-clear-confirm' } as ButtonProps}
              cancelText={t('common.cancel')}
              onConfirm={() =>
                clear.mutate(base.version, {
                  onSuccess: (cleared) => {
                    setBase(cleared);
                    setRemovePassword(false);
                    form.setFieldsValue(toValues(cleared));
                    test.reset();
                    void message.success(t('settings.mail.cleared'));
                  },
                })
              }
            >
              <Button danger loading={clear.isPending} data-testid="mail-settings-clear">
                {t('settings.mail.clear')}
              </Button>
            </Popconfirm>
          )}
          <Button type="primary" htmlType="submit" loading={save.isPending} data-testid="mail-settings-save">
            {t('common.save')}
          </Button>
        </Flex>
      </Form>
      {base.configured && <MailTestRow test={test} />}
    </>
  );
}
