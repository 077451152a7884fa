import { z } from 'zod';

/** The three languages Pond speaks. BCP 47 tags, as browsers send them. */
export const LOCALES = ['zh-Hant', 'zh-Hans', 'en'] as const;
export const Locale = z.enum(LOCALES);
export type Locale = z.infer<typeof Locale>;
export const DEFAULT_LOCALE: Locale = 'en';

/** A string in every locale; the type makes a missing translation a compile error. */
export type Localized = Record<Locale, string>;

/**
 * Maps one language tag to a Pond locale, or null when Pond does not speak it.
 * zh-TW, zh-HK, zh-MO and zh-Hant-* are traditional; zh, zh-CN, zh-SG and zh-Hans-* simplified.
 */
export function matchLocale(tag: string): Locale | null {
  const t = tag.trim().toLowerCase();
  if (!t) return null;
  if (t === 'zh-hant' || t.startsWith('zh-hant-') || /^zh-(tw|hk|mo)\b/.test(t)) return 'zh-Hant';
  if (t === 'zh' || t.startsWith('zh-')) return 'zh-Hans';
  if (t === 'en' || t.startsWith('en-')) return 'en';
  return null;
}

/** Picks the best locale from an Accept-Language header, honouring q-values. */
export function negotiateLocale(acceptLanguage: string | undefined | null): Locale {
  if (!acceptLanguage) return DEFAULT_LOCALE;
  const ranked = acceptLanguage
    .split(',')
    .map((part, index) => {
      const [tag = '', ...params] = part.split(';');
      const q = params.map((p) => p.trim()).find((p) => p.startsWith('q='));
      const weight = q ? Number(q.slice(2)) : 1;
      return { tag, weight: Number.isFinite(weight) ? weight : 0, index };
    })
    .filter((x) => x.weight > 0)
    .sort((a, b) => b.weight - a.weight || a.index - b.index);
  for (const { tag } of ranked) {
    const locale = matchLocale(tag);
    if (locale) return locale;
  }
  return DEFAULT_LOCALE;
}
