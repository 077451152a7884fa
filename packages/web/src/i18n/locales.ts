import type { Locale } from '../api/types.js';
import { en, type MessageKey, type Messages } from './en.js';
import { zhHans } from './zh-hans.js';
import { zhHant } from './zh-hant.js';

export type { MessageKey, Messages };

export const LOCALES: readonly Locale[] = ['zh-Hant', 'zh-Hans', 'en'];

export const MESSAGES: Record<Locale, Messages> = { 'zh-Hant': zhHant, 'zh-Hans': zhHans, en };

/** Each language is offered in its own script, so a reader can find theirs whatever the current one. */
export const LOCALE_LABELS: Record<Locale, string> = { 'zh-Hant': '繁體中文', 'zh-Hans': '简体中文', en: 'English' };
export const LOCALE_SHORT: Record<Locale, string> = { 'zh-Hant': '繁', 'zh-Hans': '简', en: 'EN' };

export function isLocale(value: unknown): value is Locale {
  return typeof value === 'string' && (LOCALES as readonly string[]).includes(value);
}

/** zh-TW, zh-HK, zh-MO and zh-Hant-* are traditional; any other Chinese is simplified; everything else English. */
export function matchLocale(tag: string): Locale | null {
  const t = tag.trim().toLowerCase();
  if (!t) return null;
  if (t === 'zh-hant' || t.startsWith('zh-hant-') || /^zh-(tw|hk|mo)(-|$)/.test(t)) return 'zh-Hant';
  if (t === 'zh' || t.startsWith('zh-')) return 'zh-Hans';
  if (t === 'en' || t.startsWith('en-')) return 'en';
  return null;
}

export function browserLocale(): Locale {
  const tags = navigator.languages?.length ? navigator.languages : [navigator.language];
  for (const tag of tags) {
    const locale = tag ? matchLocale(tag) : null;
    if (locale) return locale;
  }
  return 'en';
}

const STORAGE_KEY = 'pond.locale';

export function storedLocale(): Locale | null {
  try {
    const value = localStorage.getItem(STORAGE_KEY);
    return isLocale(value) ? value : null;
  } catch {
    return null;
  }
}

export function storeLocale(locale: Locale): void {
  try {
    localStorage.setItem(STORAGE_KEY, locale);
  } catch {
    // Private browsing may refuse storage; the choice then lasts for this page only.
  }
}

export type Translate = (key: MessageKey, values?: Record<string, string | number>) => string;

export function translator(locale: Locale): Translate {
  const messages = MESSAGES[locale];
  return (key, values) => {
    const text = messages[key];
    if (!values) return text;
    return text.replace(/\{(\w+)\}/g, (match, name: string) => (name in values ? String(values[name]) : match));
  };
}
