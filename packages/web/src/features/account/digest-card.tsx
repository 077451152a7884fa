import { useId } from 'react';
import { Alert, App, Button, Card, Flex, Form, Select, Skeleton, Switch, Tag, Typography } from 'antd';
import { useErrorText } from '../../app/use-error-text.js';
import { useI18n } from '../../i18n/i18n-context.js';
import { useUser } from '../auth/session.js';
import { useReminders, useSaveDigest, type ReminderSettings } from './reminders-api.js';

interface DigestValues {
  enabled: boolean;
  hour: number;
  days: number[];
  teamDigest: boolean;
}

/** ISO weekdays, Monday first; mirrored from the domain so the bundle does not pull in its schemas. */
const WEEKDAYS = [1, 2, 3, 4, 5, 6, 7] as const;
const HOURS = Array.from({ length: 24 }, (_, h) => ({ value: h, label: `${String(h).padStart(2, '0')}:00` }));

/** "Mon" / "週一" / "周一": 1 January 2024 was a Monday, so ISO weekday d is the d-th of that month. */
function weekdayLabel(day: number, locale: string): string {
  return new Intl.DateTimeFormat(locale, { weekday: 'short', timeZone: 'UTC' }).format(new Date(Date.UTC(2024, 0, day)));
}

/** 每日早晨待辦郵件: whom to contact today and why, at the user's hour, on the days they choose. */
export function DigestCard() {
  const { t } = useI18n();
  const errorText = useErrorText();
  const settings = useReminders();
  return (
    <Card title={t('digest.title')} data-testid="digest-card">
      <Typography.Paragraph type="secondary">{t('digest.intro')}</Typography.Paragraph>
      {settings.isError && <Alert type="error" showIcon title={errorText(settings.error)} />}
      {settings.isPending && <Skeleton active paragraph={{ rows: 3 }} />}
      {settings.data && !settings.data.digest.mailConfigured && (
        <Alert type="warning" showIcon title={t('digest.noMail')} style={{ marginBottom: 16 }} data-testid="digest-no-mail" />
      )}
      {settings.data && <DigestForm settings={settings.data} />}
    </Card>
  );
}

function DigestForm({ settings }: { settings: ReminderSettings }) {
  const { t, locale } = useI18n();
  const { message } = App.useApp();
  const errorText = useErrorText();
  const user = useUser();
  const save = useSaveDigest();
  const [form] = Form.useForm<DigestValues>();
  const enabled = Form.useWatch('enabled', form) ?? settings.digest.enabled;
  const { digest } = settings;
  // The profile's zone is what the server reads; its own default applies only while the profile has none.
  const timeZone = user.timeZone ?? digest.timeZone;

  const submit = (values: DigestValues) =>
    save.mutate(
      {
        enabled: values.enabled,
        hour: values.hour,
        days: [...values.days].sort((a, b) => a - b),
        ...(digest.teamDigestAvailable ? { teamDigest: values.teamDigest } : {}),
      },
      {
        onSuccess: () => void message.success(t('common.saved')),
        onError: (err) => void message.error(errorText(err)),
      },
    );

  return (
    <Form<DigestValues>
      form={form}
      layout="vertical"
      requiredMark={false}
      initialValues={{ enabled: digest.enabled, hour: digest.hour, days: digest.days, teamDigest: digest.teamDigest }}
      onFinish={submit}
    >
      <Form.Item>
        <SwitchRow name="enabled" label={t('digest.enabled')} testId="digest-enabled" />
      </Form.Item>
      <Form.Item name="hour" label={t('digest.hour')} extra={t('digest.hourHint', { zone: timeZone })}>
        <Select options={HOURS} disabled={!enabled} style={{ maxWidth: 160 }} data-testid="digest-hour" />
      </Form.Item>
      <Form.Item
        name="days"
        label={t('digest.days')}
        rules={[{ validator: (_, days: number[] | undefined) => (!form.getFieldValue('enabled') || (days?.length ?? 0) > 0 ? Promise.resolve() : Promise.reject(new Error(t('digest.noDays')))) }]}
        dependencies={['enabled']}
      >
        <Tag.CheckableTagGroup<number>
          multiple
          disabled={!enabled}
          classNames={{ root: 'pond-weekdays', item: 'pond-weekday' }}
          options={WEEKDAYS.map((d) => ({ value: d, label: weekdayLabel(d, locale) }))}
          aria-label={t('digest.days')}
          data-testid="digest-days"
        />
      </Form.Item>
      {digest.teamDigestAvailable && (
        <Form.Item extra={t('digest.teamHint')}>
          <SwitchRow name="teamDigest" label={t('digest.team')} disabled={!enabled} testId="digest-team" />
        </Form.Item>
      )}
      <Button type="primary" htmlType="submit" loading={save.isPending} data-testid="digest-save">
        {t('common.save')}
      </Button>
    </Form>
  );
}

/** A switch with its label beside it, as a phone's settings show one; the label is the switch's accessible name. */
function SwitchRow({ name, label, disabled, testId }: { name: keyof DigestValues; label: string; disabled?: boolean; testId: string }) {
  const id = useId();
  return (
    <Flex gap={10} align="center">
      <Form.Item name={name} valuePropName="checked" noStyle>
        <Switch id={id} disabled={disabled} data-testid={testId} />
      </Form.Item>
      <label htmlFor={id} style={{ cursor: disabled ? 'default' : 'pointer', color: disabled ? 'rgba(0, 0, 0, 0.45)' : undefined }}>
        {label}
      </label>
    </Flex>
  );
}
