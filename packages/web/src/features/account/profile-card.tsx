import { App, Button, Card, Form, Input, Select, Typography } from 'antd';
import type { Locale } from '../../api/types.js';
import { useI18n } from '../../i18n/i18n-context.js';
import { LOCALE_LABELS, LOCALES, storeLocale } from '../../i18n/locales.js';
import { FormError } from '../../app/form-error.js';
import { usePhonePlaceholder } from '../../app/phone-examples.js';
import { useTextLimit } from '../../app/text-limit.js';
import { useUpdateMe, useUser } from '../auth/session.js';
import { followedRegion, regionChoices, regionLabel } from './phone-regions.js';
import { browserTimeZone, timeZones } from './time-zones.js';

/** The phone region's choice that follows the time zone (null on the server); a region code is never this. */
const FOLLOW = 'follow';

interface ProfileValues {
  displayName: string;
  locale: Locale;
  timeZone: string;
  phoneRegion: string;
  title: string;
  phone: string;
}

export function ProfileCard() {
  const { t, locale, setLocale } = useI18n();
  const { message } = App.useApp();
  const limit = useTextLimit();
  const phonePlaceholder = usePhonePlaceholder();
  const user = useUser();
  const updateMe = useUpdateMe();
  const [form] = Form.useForm<ProfileValues>();
  const initialTimeZone = user.timeZone ?? browserTimeZone();
  // Following the time zone is named with the region it gives now, for the zone chosen in this form.
  const followed = followedRegion(user, Form.useWatch('timeZone', form) ?? initialTimeZone);
  const regionOptions = [
    { value: FOLLOW, label: followed ? t('account.phoneRegionFollow', { region: regionLabel(followed, locale) }) : t('account.phoneRegionFollowPlain') },
    ...regionChoices(user).map((r) => ({ value: r, label: regionLabel(r, locale) })),
  ];

  return (
    <Card title={t('account.profile')} data-testid="profile-card">
      <Form<ProfileValues>
        form={form}
        layout="vertical"
        requiredMark={false}
        initialValues={{ displayName: user.displayName, locale: user.locale ?? locale, timeZone: initialTimeZone, phoneRegion: user.phoneRegion ?? FOLLOW, title: user.title ?? '', phone: user.phone ?? '' }}
        onFinish={(values) =>
          updateMe.mutate(
            {
              displayName: values.displayName.trim(),
              locale: values.locale,
              timeZone: values.timeZone,
              phoneRegion: values.phoneRegion === FOLLOW ? null : values.phoneRegion,
              title: values.title?.trim() || null,
              phone: values.phone?.trim() || null,
            },
            {
              onSuccess: () => {
                setLocale(values.locale);
                storeLocale(values.locale);
                void message.success(t('common.saved'));
              },
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
        <Form.Item name="phoneRegion" label={t('account.phoneRegion')} extra={t('account.phoneRegionHint')}>
          <Select showSearch={{ optionFilterProp: 'label' }} options={regionOptions} data-testid="account-phone-region" />
        </Form.Item>
        <Typography.Paragraph type="secondary" style={{ fontSize: 13, marginBottom: 8 }}>
          {t('account.signatureHint')}
        </Typography.Paragraph>
        <Form.Item name="title" label={t('account.signatureTitle')} rules={[limit(100).rule]}>
          <Input count={limit(100).count} autoComplete="organization-title" data-testid="account-title" />
        </Form.Item>
        <Form.Item name="phone" label={t('account.signaturePhone')}>
          <Input type="tel" inputMode="tel" maxLength={40} autoComplete="tel" placeholder={phonePlaceholder} data-testid="account-phone" />
        </Form.Item>
        <FormError form={form} error={updateMe.error} />
        <Button type="primary" htmlType="submit" loading={updateMe.isPending} data-testid="profile-save">
          {t('common.save')}
        </Button>
      </Form>
    </Card>
  );
}
