import { Button, Dropdown } from 'antd';
import { GlobalOutlined } from '@ant-design/icons';
import { useI18n } from '../i18n/i18n-context.js';
import { LOCALE_LABELS, LOCALE_SHORT, LOCALES } from '../i18n/locales.js';
import { useSwitchLocale } from '../features/auth/session.js';

/** The language switcher shown on the sign-in page and in the header. */
export function LanguageMenu({ compact = false }: { compact?: boolean }) {
  const { locale, t } = useI18n();
  const switchLocale = useSwitchLocale();
  return (
    <Dropdown
      trigger={['click']}
      menu={{
        selectable: true,
        selectedKeys: [locale],
        items: LOCALES.map((l) => ({ key: l, label: <span lang={l}>{LOCALE_LABELS[l]}</span>, 'data-testid': `lang-${l}` })),
        onClick: ({ key }) => switchLocale(key as (typeof LOCALES)[number]),
      }}
    >
      <Button type="text" icon={<GlobalOutlined />} aria-label={t('lang.menu')} data-testid="language-menu">
        {compact ? LOCALE_SHORT[locale] : LOCALE_LABELS[locale]}
      </Button>
    </Dropdown>
  );
}
