import { App, Button, Card, Form, Input, Select } from 'antd';
import type { Locale } from '../../api/types.js';
import { useI18n } from '../../i18n/i18n-context.js';
import { LOCALE_LABELS, LOCALES, storeLocale } from '../../i18n/locales.js';
import { useErrorText } from '../../app/use-error-text.js';
import { useUpdateMe, useUser } from '../auth/session.js';
import { browserTimeZone, timeZones } from './time-zones.js';

interface ProfileValues {
  displayName: string;
  locale: Locale;
  timeZone: string;
}

export function ProfileCard() {
  const { t, locale, setLocale } = useI18n();
  const { message } = App.useApp();
  const errorText = useErrorText();
  const user = useUser();
  const updateMe = useUpdateMe();

  return (
    <Card title={t('account.profile')}>
      <Form<ProfileValues>
        layout="vertical"
        requiredMark={false}
        initialValues={{ displayName: user.displayName, locale: user.locale ?? locale, timeZone: user.timeZone ?? browserTimeZone() }}
        onFinish={(values) =>
          updateMe.mutate(
            { displayName: values.displayName.trim(), locale: values.locale, timeZone: values.timeZone },
            {
              onSuccess: () => {
                setLocale(values.locale);
                storeLocale(values.locale);
                void message.success(t('common.saved'));
              },
              onError: (err) => void message.error(errorText(err)),
            },
          )
        }
      >
        <Form.Item label={t('account.email')}>
          <span className="pond-wrap">{user.email}</span>
        </Form.Item>
        <Form.Item name="displayName" label={t('account.displayName')} rules={[{ required: true, whitespace: true, message: t('error.required') }]}>
          <Input maxLength={100} autoComplete="name" />
        </Form.Item>
        <Form.Item name="locale" label={t('account.language')}>
          <Select options={LOCALES.map((l) => ({ value: l, label: LOCALE_LABELS[l] }))} />
        </Form.Item>
        <Form.Item name="timeZone" label={t('account.timeZone')} extra={t('account.timeZoneHint')}>
          <Select showSearch={{ optionFilterProp: 'label' }} options={timeZones().map((tz) => ({ value: tz, label: tz }))} />
        </Form.Item>
        <Button type="primary" htmlType="submit" loading={updateMe.isPending}>
          {t('common.save')}
        </Button>
      </Form>
    </Card>
  );
}
