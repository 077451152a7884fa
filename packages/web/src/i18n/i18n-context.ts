import { createContext, useContext } from 'react';
import type { Locale } from '../api/types.js';
import type { Translate } from './locales.js';

export interface I18nValue {
  locale: Locale;
  t: Translate;
  /** Switches the language on screen; persisting it is the caller's concern. */
  setLocale: (locale: Locale) => void;
}

export const I18nContext = createContext<I18nValue | null>(null);

export function useI18n(): I18nValue {
  const value = useContext(I18nContext);
  if (!value) throw new Error('useI18n must be used inside I18nProvider');
  return value;
}
