import type { Localized } from '../i18n/locale.js';
import { instantMs, localDateOf } from './dates.js';
import type { CalendarDate, Instant } from './dates.js';

/** Rules on touches and dispositions that need "now", so no input schema can check them. */
export const PROSPECT_RULE_CODES = ['TOUCH_IN_FUTURE', 'NEXT_CONTACT_BEFORE_TOUCH', 'RESUME_DATE_NOT_IN_FUTURE'] as const;
export type ProspectRuleCode = (typeof PROSPECT_RULE_CODES)[number];

/** Messages for the catalogue; each code answers 400. */
export const PROSPECT_RULE_MESSAGES: Record<ProspectRuleCode, Localized> = {
  TOUCH_IN_FUTURE: {
    en: 'A touch cannot be dated in the future.',
    'zh-Hant': '接觸時間不可晚於現在。',
    'zh-Hans': '接触时间不能晚于现在。',
  },
  NEXT_CONTACT_BEFORE_TOUCH: {
    en: 'The next contact date cannot be before the touch.',
    'zh-Hant': '下次聯繫日期不可早於本次接觸。',
    'zh-Hans': '下次联系日期不能早于本次接触。',
  },
  RESUME_DATE_NOT_IN_FUTURE: {
    en: 'A pause needs a resume date after today.',
    'zh-Hant': '暫緩需要一個晚於今天的再訪日期。',
    'zh-Hans': '暂缓需要一个晚于今天的再访日期。',
  },
};

/** Clocks drift between phones and servers; a touch this far ahead of "now" is still accepted. */
export const TOUCH_CLOCK_SKEW_MS = 5 * 60_000;

/**
 * Checks a touch's dates against now: it may not lie in the future (beyond clock skew), and an explicit
 * next contact date may not fall before the touch's own day in the user's time zone (the same day is
 * fine: "call me back tonight"). Returns the first rule broken, or null.
 */
export function checkTouchDates(
  touch: { at: Instant; nextContactOn?: CalendarDate | null },
  now: Instant | Date,
  timeZone: string,
): ProspectRuleCode | null {
  if (instantMs(touch.at) > instantMs(now) + TOUCH_CLOCK_SKEW_MS) return 'TOUCH_IN_FUTURE';
  const nextOn = touch.nextContactOn;
  if (nextOn != null && nextOn < localDateOf(touch.at, timeZone)) return 'NEXT_CONTACT_BEFORE_TOUCH';
  return null;
}

/** A pause must end after today, or it would be an overdue follow-up in disguise. */
export function checkDispositionDates(
  change: { disposition: string; resumeOn?: CalendarDate },
  today: CalendarDate,
): ProspectRuleCode | null {
  if (change.disposition === 'pause' && (change.resumeOn === undefined || change.resumeOn <= today)) {
    return 'RESUME_DATE_NOT_IN_FUTURE';
  }
  return null;
}
