import { isSupportedCountry, parsePhoneNumberFromString, validatePhoneNumberLength } from 'libphonenumber-js/max';
import type { CountryCode } from 'libphonenumber-js/max';
import { z } from 'zod';
import type { Localized } from '../i18n/locale.js';

// The full metadata: the smaller default set accepts numbers such as +86 123 4567 8901 as valid, and
// duplicate detection on normalised phones is only as good as the validation behind it.

/** Either a normalised value or the reason it could not be produced. */
export type ContactResult<T, R extends string> = { ok: true; value: T } | { ok: false; reason: R };

/** An ISO 3166-1 alpha-2 region the phone library knows, e.g. 'CN' or 'TW'. */
export type PhoneRegion = CountryCode;

/** Zod schema for a default phone region; upper-cases what it is given. */
export const PhoneRegionSchema = z
  .string()
  .trim()
  .transform((r) => r.toUpperCase())
  .refine((r) => isSupportedCountry(r), 'Unknown phone region')
  .transform((r) => r as PhoneRegion);

export const PHONE_FAILURES = ['EMPTY', 'NOT_A_NUMBER', 'INVALID_COUNTRY', 'TOO_SHORT', 'TOO_LONG', 'INVALID'] as const;
/** Why a phone number was refused. */
export type PhoneFailure = (typeof PHONE_FAILURES)[number];

export const PHONE_FAILURE_LABELS: Record<PhoneFailure, Localized> = {
  EMPTY: { en: 'Enter a phone number.', 'zh-Hant': '請輸入電話號碼。', 'zh-Hans': '请输入电话号码。' },
  NOT_A_NUMBER: { en: 'This is not a phone number.', 'zh-Hant': '這不是電話號碼。', 'zh-Hans': '这不是电话号码。' },
  INVALID_COUNTRY: {
    en: 'No country code: add one (e.g. +886 or +86), or set your phone region in your account.',
    'zh-Hant': '缺少國碼：請加上國碼（例如 +886 或 +86），或在帳戶中設定電話地區。',
    'zh-Hans': '缺少国家代码：请加上（例如 +86 或 +886），或在账户中设置电话地区。',
  },
  TOO_SHORT: { en: 'This phone number is too short.', 'zh-Hant': '電話號碼太短。', 'zh-Hans': '电话号码太短。' },
  TOO_LONG: { en: 'This phone number is too long.', 'zh-Hant': '電話號碼太長。', 'zh-Hans': '电话号码太长。' },
  INVALID: {
    en: 'This number does not exist in your phone region: add its country code (e.g. +886), or change your region in your account.',
    'zh-Hant': '此號碼在您的電話地區不存在：請加上國碼（例如 +886），或在帳戶中更改電話地區。',
    'zh-Hans': '此号码在您的电话地区不存在：请加上国家代码（例如 +86），或在账户中更改电话地区。',
  },
};

/** A phone number in E.164 with the region it belongs to and any extension typed after it. */
export interface NormalizedPhone {
  e164: string;
  region: PhoneRegion | null;
  extension: string | null;
}

function parseValid(text: string, region: PhoneRegion | undefined) {
  const parsed = parsePhoneNumberFromString(text, region);
  return parsed?.isValid() ? parsed : undefined;
}

/**
 * Normalises a typed phone number to E.164, reading national formats in `defaultRegion`:
 * '0912-345-678' with TW → +886912345678; '138 0013 8000' with CN → +8613800138000.
 * Full-width digits and '＋' are accepted, and so is an '00' international prefix in any region.
 */
export function normalizePhone(raw: string, defaultRegion?: PhoneRegion): ContactResult<NormalizedPhone, PhoneFailure> {
  // NFKC folds full-width digits, '＋' and '－', which Chinese input methods often produce.
  const text = raw.normalize('NFKC').trim();
  if (!text) return { ok: false, reason: 'EMPTY' };
  let parsed = parseValid(text, defaultRegion);
  // '00886…' is a habit even where the dialling prefix is 002 (TW): retry as '+886…'.
  if (!parsed && /^00[1-9]/.test(text)) parsed = parseValid(`+${text.slice(2)}`, defaultRegion);
  if (parsed) {
    return { ok: true, value: { e164: parsed.number, region: parsed.country ?? null, extension: parsed.ext ?? null } };
  }
  return { ok: false, reason: phoneFailure(text, defaultRegion) };
}

function phoneFailure(text: string, region: PhoneRegion | undefined): PhoneFailure {
  const problem = validatePhoneNumberLength(text, region);
  if (problem === 'INVALID_LENGTH') return 'INVALID';
  if (problem) return problem;
  return 'INVALID';
}

export const EMAIL_FAILURES = ['EMPTY', 'INVALID'] as const;
export type EmailFailure = (typeof EMAIL_FAILURES)[number];

export const EMAIL_FAILURE_LABELS: Record<EmailFailure, Localized> = {
  EMPTY: { en: 'Enter an email address.', 'zh-Hant': '請輸入電郵地址。', 'zh-Hans': '请输入邮箱地址。' },
  INVALID: { en: 'This is not an email address.', 'zh-Hant': '這不是有效的電郵地址。', 'zh-Hans': '这不是有效的邮箱地址。' },
};

const EmailShape = z.email().max(254);

/** Trims, validates and lowercases an email address, so duplicates compare equal. */
export function normalizeProspectEmail(raw: string): ContactResult<string, EmailFailure> {
  const text = raw.normalize('NFKC').trim();
  if (!text) return { ok: false, reason: 'EMPTY' };
  // Lowercasing the local part too: no mail provider our users meet treats it as case-sensitive.
  const lower = text.toLowerCase();
  return EmailShape.safeParse(lower).success ? { ok: true, value: lower } : { ok: false, reason: 'INVALID' };
}

/** Zod schema for a prospect's email: trimmed, validated, lowercased. */
export const ProspectEmail = z
  .string()
  .max(320)
  .transform((raw, ctx) => {
    const r = normalizeProspectEmail(raw);
    if (r.ok) return r.value;
    ctx.addIssue({ code: 'custom', message: EMAIL_FAILURE_LABELS[r.reason].en, params: { reason: r.reason } });
    return z.NEVER;
  });

export const WECHAT_ID_FAILURES = ['EMPTY', 'LENGTH', 'FIRST_CHARACTER', 'CHARACTERS'] as const;
export type WechatIdFailure = (typeof WECHAT_ID_FAILURES)[number];

export const WECHAT_ID_FAILURE_LABELS: Record<WechatIdFailure, Localized> = {
  EMPTY: { en: 'Enter a WeChat ID.', 'zh-Hant': '請輸入微信號。', 'zh-Hans': '请输入微信号。' },
  LENGTH: {
    en: 'A WeChat ID has 6 to 20 characters.',
    'zh-Hant': '微信號長度為 6 至 20 個字元。',
    'zh-Hans': '微信号长度为 6 至 20 个字符。',
  },
  FIRST_CHARACTER: {
    en: 'A WeChat ID starts with a letter.',
    'zh-Hant': '微信號必須以字母開頭。',
    'zh-Hans': '微信号必须以字母开头。',
  },
  CHARACTERS: {
    en: 'A WeChat ID may only contain letters, digits, _ and -.',
    'zh-Hant': '微信號只能包含字母、數字、底線與連字號。',
    'zh-Hans': '微信号只能包含字母、数字、下划线和减号。',
  },
};

/**
 * Validates a WeChat ID against the rule WeChat shows when one is set: 6–20 characters, letters, digits,
 * '_' or '-', starting with a letter (微信号仅支持6-20个字母、数字、下划线或减号，以字母开头).
 * Auto-assigned 'wxid_…' IDs pass. Case is kept as typed.
 */
export function validateWechatId(raw: string): ContactResult<string, WechatIdFailure> {
  const text = raw.normalize('NFKC').trim();
  if (!text) return { ok: false, reason: 'EMPTY' };
  if (text.length < 6 || text.length > 20) return { ok: false, reason: 'LENGTH' };
  if (!/^[A-Za-z]/.test(text)) return { ok: false, reason: 'FIRST_CHARACTER' };
  if (!/^[A-Za-z0-9_-]+$/.test(text)) return { ok: false, reason: 'CHARACTERS' };
  return { ok: true, value: text };
}

/** Zod schema for a WeChat ID; see {@link validateWechatId}. */
export const WechatId = z
  .string()
  .max(100)
  .transform((raw, ctx) => {
    const r = validateWechatId(raw);
    if (r.ok) return r.value;
    ctx.addIssue({ code: 'custom', message: WECHAT_ID_FAILURE_LABELS[r.reason].en, params: { reason: r.reason } });
    return z.NEVER;
  });

/** One phone that failed normalisation, by its position in the submitted list. */
export interface PhoneIssue {
  path: ['phones', number];
  reason: PhoneFailure;
}

/**
 * Normalises a prospect's typed phones in the user's region, dropping duplicates (the first spelling wins).
 * Region-dependent, so it runs in the service after the input schema has checked the shape; any issue
 * means the whole list is refused.
 */
export function normalizePhones(
  raws: readonly string[],
  defaultRegion?: PhoneRegion,
): { phones: NormalizedPhone[]; issues: PhoneIssue[] } {
  const issues: PhoneIssue[] = [];
  const byKey = new Map<string, NormalizedPhone>();
  raws.forEach((raw, index) => {
    const r = normalizePhone(raw, defaultRegion);
    if (!r.ok) issues.push({ path: ['phones', index], reason: r.reason });
    else if (!byKey.has(`${r.value.e164};${r.value.extension ?? ''}`)) {
      byKey.set(`${r.value.e164};${r.value.extension ?? ''}`, r.value);
    }
  });
  return { phones: issues.length ? [] : [...byKey.values()], issues };
}
