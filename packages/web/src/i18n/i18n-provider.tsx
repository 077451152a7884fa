import { useEffect, useMemo, useState, type ReactNode } from 'react';
import { ConfigProvider, App as AntApp } from 'antd';
import type { Locale as AntLocale } from 'antd/es/locale';
import enUS from 'antd/locale/en_US';
import zhCN from 'antd/locale/zh_CN';
import zhTW from 'antd/locale/zh_TW';
import dayjs from 'dayjs';
import 'dayjs/locale/zh-cn';
import 'dayjs/locale/zh-tw';
import { setApiLanguage } from '../api/client.js';
import type { Locale } from '../api/types.js';
import { I18nContext, type I18nValue } from './i18n-context.js';
import { browserLocale, storedLocale, translator } from './locales.js';
import { theme } from '../app/theme.js';

const ANTD_LOCALES: Record<Locale, AntLocale> = { 'zh-Hant': zhTW, 'zh-Hans': zhCN, en: enUS };
const DAYJS_LOCALES: Record<Locale, string> = { 'zh-Hant': 'zh-tw', 'zh-Hans': 'zh-cn', en: 'en' };

function initialLocale(): Locale {
  return storedLocale() ?? browserLocale();
}

function apply(locale: Locale): void {
  document.documentElement.lang = locale;
  dayjs.locale(DAYJS_LOCALES[locale]);
  setApiLanguage(locale);
}

// Apply before the first render so the very first request already asks for the right language.
apply(initialLocale());

export function I18nProvider({ children }: { children: ReactNode }) {
  const [locale, setLocale] = useState<Locale>(initialLocale);

  useEffect(() => {
    apply(locale);
    document.title = translator(locale)('app.name');
  }, [locale]);

  const value = useMemo<I18nValue>(() => ({ locale, setLocale, t: translator(locale) }), [locale]);

  return (
    <I18nContext.Provider value={value}>
      <ConfigProvider locale={ANTD_LOCALES[locale]} theme={theme}>
        <AntApp>{children}</AntApp>
      </ConfigProvider>
    </I18nContext.Provider>
  );
}
