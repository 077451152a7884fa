import { ERRORS } from '../errors.js';
import type { Locale, Localized } from '../i18n/locale.js';
import type { CardField, CardSkipReason, CardWarning } from './card-record.js';
import { EMAIL_FAILURE_LABELS, PHONE_FAILURE_LABELS, WECHAT_ID_FAILURE_LABELS } from './phones.js';

/*
 * What an import says about each card, in the reader's language: why it was refused, why it was skipped, and
 * what was left out of it. `{value}` stands for the value concerned.
 */

/** Why one card could not become a prospect, by field. */
export interface CardProblem {
  field: CardField;
  reason: string;
  /** The value concerned, when the message shows it. */
  value?: string;
}

const GENERIC_PROBLEMS: Record<string, Localized> = {
  EMPTY: { en: 'This field is empty.', 'zh-Hant': '此欄位是空的。', 'zh-Hans': '此字段为空。' },
  TOO_LONG: { en: 'This value is too long.', 'zh-Hant': '此欄位內容過長。', 'zh-Hans': '此字段内容过长。' },
  INVALID: { en: 'This value is not valid.', 'zh-Hant': '此欄位內容無效。', 'zh-Hans': '此字段内容无效。' },
  UNKNOWN_GRADE: { en: 'The grade must be A, B or C.', 'zh-Hant': '等級必須是 A、B 或 C。', 'zh-Hans': '等级必须是 A、B 或 C。' },
  CONTACT_REQUIRED: ERRORS.CONTACT_REQUIRED.message,
  NAME_REQUIRED: { en: 'The card has no name.', 'zh-Hant': '名片上沒有姓名。', 'zh-Hans': '名片上没有姓名。' },
  DIGITS_LOST: {
    en: 'The phone {value} was saved by a spreadsheet in scientific notation, which lost its last digits, and the card has no other phone or email. Type the number in full and import the card again.',
    'zh-Hant': '電話 {value} 被試算表存成科學記號，最後幾位數字已遺失，而名片上沒有其他電話或電郵。請補上完整號碼後再匯入此名片。',
    'zh-Hans': '电话 {value} 被电子表格存成科学计数法，最后几位数字已丢失，而名片上没有其他电话或邮箱。请补上完整号码后再导入此名片。',
  },
  EXCHANGE_ONLY: {
    en: 'The email {value} is an Exchange directory entry, not an address mail can be sent to, and the card has no phone or other email.',
    'zh-Hant': '電郵 {value} 是 Exchange 目錄項目，不是可收信的地址，而名片上沒有電話或其他電郵。',
    'zh-Hans': '邮箱 {value} 是 Exchange 目录条目，不是可收信的地址，而名片上没有电话或其他邮箱。',
  },
};

const fill = (message: string, value: string | undefined) => message.replace('{value}', value ?? '');

/** The problem in the reader's language, with the same wording as the form's own checks. */
export function cardProblemMessage(problem: CardProblem, locale: Locale): string {
  const table: Record<string, Localized> =
    problem.field === 'phones' && problem.reason !== 'CONTACT_REQUIRED' ? PHONE_FAILURE_LABELS :
    problem.field === 'emails' ? EMAIL_FAILURE_LABELS :
    problem.field === 'wechatId' ? WECHAT_ID_FAILURE_LABELS :
    problem.field === 'name' && problem.reason === 'EMPTY' ? { EMPTY: GENERIC_PROBLEMS.NAME_REQUIRED! } : {};
  const catalogued = problem.reason in ERRORS ? ERRORS[problem.reason as keyof typeof ERRORS].message : undefined;
  return fill((table[problem.reason] ?? GENERIC_PROBLEMS[problem.reason] ?? catalogued ?? GENERIC_PROBLEMS.INVALID!)[locale], problem.value);
}

const SKIPS: Record<CardSkipReason, Localized> = {
  GROUP: { en: 'A group or list, not a person.', 'zh-Hant': '這是群組或名單，不是個人。', 'zh-Hans': '这是群组或名单，不是个人。' },
  EMPTY: { en: 'Nothing on this line or card.', 'zh-Hant': '此行或此名片是空的。', 'zh-Hans': '此行或此名片是空的。' },
};

/** Why a card was skipped, in the reader's language. */
export function cardSkipMessage(reason: CardSkipReason, locale: Locale): string {
  return SKIPS[reason][locale];
}

const WARNINGS: Record<string, Localized> = {
  DIGITS_LOST: {
    en: 'The phone {value} was saved by a spreadsheet in scientific notation, which lost its last digits: it was left out. Add the number by hand.',
    'zh-Hant': '電話 {value} 被試算表存成科學記號，最後幾位數字已遺失，因此沒有匯入。請手動補上號碼。',
    'zh-Hans': '电话 {value} 被电子表格存成科学计数法，最后几位数字已丢失，因此没有导入。请手动补上号码。',
  },
  EXCHANGE_ADDRESS: {
    en: '{value} is an Exchange directory entry, not an email address: it was left out.',
    'zh-Hant': '{value} 是 Exchange 目錄項目，不是電郵地址，因此沒有匯入。',
    'zh-Hans': '{value} 是 Exchange 目录条目，不是邮箱地址，因此没有导入。',
  },
  NAMED_AFTER_COMPANY: {
    en: 'The card has no name: it is named after its company, {value}.',
    'zh-Hant': '名片上沒有姓名，以公司名稱「{value}」命名。',
    'zh-Hans': '名片上没有姓名，以公司名称“{value}”命名。',
  },
  NAMED_AFTER_EMAIL: {
    en: 'The card has no name: it is named after its email address, {value}.',
    'zh-Hant': '名片上沒有姓名，以電郵地址 {value} 命名。',
    'zh-Hans': '名片上没有姓名，以邮箱地址 {value} 命名。',
  },
  UNKNOWN_CHOICE: {
    en: '“{value}” is not one of the values Pond knows for this column: the default was kept.',
    'zh-Hant': '「{value}」不是此欄位可用的值，因此保留預設值。',
    'zh-Hans': '“{value}”不是此字段可用的值，因此保留默认值。',
  },
  UNREADABLE_LINE: {
    en: 'A line of the card could not be read and was left out: {value}',
    'zh-Hant': '名片中有一行無法讀取，因此沒有匯入：{value}',
    'zh-Hans': '名片中有一行无法读取，因此没有导入：{value}',
  },
};

/** What was left out of a card, in the reader's language. */
export function cardWarningMessage(warning: CardWarning, locale: Locale): string {
  return fill((WARNINGS[warning.reason] ?? GENERIC_PROBLEMS.INVALID!)[locale], warning.value);
}
