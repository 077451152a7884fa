import type { Translate } from '../../i18n/locales.js';
import { INTERVAL_CHOICES, type Prospect, type ProspectFields } from './prospect-types.js';

/** What the full form holds; the interval is a ladder choice, the policy, or a custom number. */
export interface FormValues extends Omit<ProspectFields, 'intervalDays'> {
  interval: 'policy' | 'custom' | number;
  intervalCustom?: number | null;
}

export const EMPTY_VALUES: FormValues = {
  name: '',
  company: null,
  title: null,
  phones: [],
  emails: [],
  wechatId: null,
  address: null,
  notes: null,
  source: 'other',
  grade: 'unrated',
  importance: 'normal',
  expectedClose: 'unknown',
  interval: 'policy',
  intervalCustom: null,
  tags: [],
  newsletterConsent: 'unknown',
  doNotCall: false,
};

export function valuesOf(p: Prospect): FormValues {
  const ladder = p.intervalDays !== null && (INTERVAL_CHOICES as readonly number[]).includes(p.intervalDays);
  return {
    name: p.name,
    company: p.company,
    title: p.title,
    phones: p.phones,
    emails: p.emails,
    wechatId: p.wechatId,
    address: p.address,
    notes: p.notes,
    source: p.source,
    grade: p.grade,
    importance: p.importance,
    expectedClose: p.expectedClose,
    interval: p.intervalDays === null ? 'policy' : ladder ? p.intervalDays : 'custom',
    intervalCustom: ladder ? null : p.intervalDays,
    tags: p.tags,
    newsletterConsent: p.newsletterConsent,
    doNotCall: p.doNotCall,
  };
}

const blank = (s: string | null | undefined) => (s?.trim() ? s.trim() : null);

export function fieldsOf(v: FormValues): ProspectFields {
  return {
    name: v.name.trim(),
    company: blank(v.company),
    title: blank(v.title),
    phones: (v.phones ?? []).map((s) => s.trim()).filter(Boolean),
    emails: (v.emails ?? []).map((s) => s.trim()).filter(Boolean),
    wechatId: blank(v.wechatId),
    address: blank(v.address),
    notes: blank(v.notes),
    source: v.source,
    grade: v.grade,
    importance: v.importance,
    expectedClose: v.expectedClose,
    intervalDays: v.interval === 'policy' ? null : v.interval === 'custom' ? (v.intervalCustom ?? null) : v.interval,
    tags: (v.tags ?? []).map((s) => s.trim()).filter(Boolean),
    newsletterConsent: v.newsletterConsent,
    doNotCall: Boolean(v.doNotCall),
  };
}

export const FIELD_KEYS = Object.keys(fieldsOf(EMPTY_VALUES)) as (keyof ProspectFields)[];

const same = (a: unknown, b: unknown) => JSON.stringify(a) === JSON.stringify(b);

/** The fields that differ from the record: only those are sent, so an edit never overwrites what it did not touch. */
export function changedFields(next: ProspectFields, base: Prospect): Partial<ProspectFields> {
  const out: Partial<ProspectFields> = {};
  for (const key of FIELD_KEYS) {
    if (!same(next[key], base[key])) (out as Record<string, unknown>)[key] = next[key];
  }
  return out;
}

/** A field's value as text for comparing two versions side by side. */
export function showField(key: keyof ProspectFields, value: unknown, t: Translate): string {
  if (value === null || value === undefined || (Array.isArray(value) && value.length === 0)) return t('common.none');
  if (Array.isArray(value)) return value.join(', ');
  if (key === 'doNotCall') return value ? t('common.yes') : t('common.no');
  if (key === 'intervalDays') return t('prospect.everyDays', { days: String(value) });
  if (key === 'grade' || key === 'importance' || key === 'expectedClose' || key === 'source' || key === 'newsletterConsent') {
    return t(`${key}.${String(value)}` as Parameters<Translate>[0]);
  }
  return String(value);
}
