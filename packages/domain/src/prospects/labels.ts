import type { Locale, Localized } from '../i18n/locale.js';
import type {
  AgendaBucket,
  Channel,
  Direction,
  Disposition,
  ExpectedClose,
  Grade,
  Importance,
  NewsletterConsent,
  Outcome,
  Receptivity,
  Source,
  Stage,
  TouchKind,
} from './enums.js';

/** Grade labels; the letters stay Latin in every language, as salespeople say them. */
export const GRADE_LABELS: Record<Grade, Localized> = {
  A: { en: 'A (most likely)', 'zh-Hant': 'A 級', 'zh-Hans': 'A 级' },
  B: { en: 'B', 'zh-Hant': 'B 級', 'zh-Hans': 'B 级' },
  C: { en: 'C (least likely)', 'zh-Hant': 'C 級', 'zh-Hans': 'C 级' },
  unrated: { en: 'Unrated', 'zh-Hant': '未評級', 'zh-Hans': '未评级' },
};

export const IMPORTANCE_LABELS: Record<Importance, Localized> = {
  key: { en: 'Key account', 'zh-Hant': '重點客戶', 'zh-Hans': '重点客户' },
  normal: { en: 'Normal', 'zh-Hant': '一般', 'zh-Hans': '一般' },
  small: { en: 'Small', 'zh-Hant': '小客戶', 'zh-Hans': '小客户' },
};

export const EXPECTED_CLOSE_LABELS: Record<ExpectedClose, Localized> = {
  within_1m: { en: 'Within 1 month', 'zh-Hant': '一個月內', 'zh-Hans': '一个月内' },
  within_3m: { en: 'Within 3 months', 'zh-Hant': '三個月內', 'zh-Hans': '三个月内' },
  within_6m: { en: 'Within 6 months', 'zh-Hant': '六個月內', 'zh-Hans': '六个月内' },
  later: { en: 'Later', 'zh-Hant': '更久以後', 'zh-Hans': '更久以后' },
  unknown: { en: 'Unknown', 'zh-Hant': '未知', 'zh-Hans': '未知' },
};

/** The article's own words for the first three. */
export const DISPOSITION_LABELS: Record<Disposition, Localized> = {
  continue: { en: 'Keep visiting', 'zh-Hant': '繼續訪問', 'zh-Hans': '继续访问' },
  pause: { en: 'Pause, revisit later', 'zh-Hant': '暫隔一段時間再訪', 'zh-Hans': '暂隔一段时间再访' },
  keep: { en: 'Never give up (long cycle)', 'zh-Hant': '不放棄', 'zh-Hans': '不放弃' },
  dropped: { en: 'Dropped', 'zh-Hant': '放棄', 'zh-Hans': '放弃' },
};

export const STAGE_LABELS: Record<Stage, Localized> = {
  prospect: { en: 'Prospect', 'zh-Hant': '潛在客戶', 'zh-Hans': '潜在客户' },
  customer: { en: 'Customer', 'zh-Hant': '客戶', 'zh-Hans': '客户' },
  repeat_customer: { en: 'Repeat customer', 'zh-Hant': '回頭客', 'zh-Hans': '回头客' },
};

export const SOURCE_LABELS: Record<Source, Localized> = {
  walk_in: { en: 'Walk-in', 'zh-Hant': '來店', 'zh-Hans': '到店' },
  referral: { en: 'Referral', 'zh-Hant': '轉介紹', 'zh-Hans': '转介绍' },
  card: { en: 'Business card', 'zh-Hant': '名片', 'zh-Hans': '名片' },
  event: { en: 'Event', 'zh-Hant': '活動', 'zh-Hans': '活动' },
  import: { en: 'Import', 'zh-Hant': '匯入', 'zh-Hans': '导入' },
  web: { en: 'Website', 'zh-Hant': '網站', 'zh-Hans': '网站' },
  other: { en: 'Other', 'zh-Hant': '其他', 'zh-Hans': '其他' },
};

export const NEWSLETTER_CONSENT_LABELS: Record<NewsletterConsent, Localized> = {
  subscribed: { en: 'Subscribed', 'zh-Hant': '已訂閱', 'zh-Hans': '已订阅' },
  unsubscribed: { en: 'Unsubscribed', 'zh-Hant': '已退訂', 'zh-Hans': '已退订' },
  unknown: { en: 'Not asked', 'zh-Hant': '未確認', 'zh-Hans': '未确认' },
};

export const CHANNEL_LABELS: Record<Channel, Localized> = {
  call: { en: 'Call', 'zh-Hant': '電話', 'zh-Hans': '电话' },
  visit: { en: 'Visit', 'zh-Hant': '拜訪', 'zh-Hans': '拜访' },
  message: { en: 'Message (WeChat etc.)', 'zh-Hant': '訊息（微信等）', 'zh-Hans': '消息（微信等）' },
  email: { en: 'Email', 'zh-Hant': '電郵', 'zh-Hans': '邮件' },
  event: { en: 'Event', 'zh-Hant': '活動', 'zh-Hans': '活动' },
  letter: { en: 'Letter', 'zh-Hant': '信件', 'zh-Hans': '信件' },
  other: { en: 'Other', 'zh-Hant': '其他', 'zh-Hans': '其他' },
};

export const DIRECTION_LABELS: Record<Direction, Localized> = {
  outbound: { en: 'We reached out', 'zh-Hant': '主動聯繫', 'zh-Hans': '主动联系' },
  inbound: { en: 'They reached out', 'zh-Hant': '客戶主動聯繫', 'zh-Hans': '客户主动联系' },
};

export const RECEPTIVITY_LABELS: Record<Receptivity, Localized> = {
  welcomed: { en: 'Welcomed it', 'zh-Hant': '樂意接受', 'zh-Hans': '乐意接受' },
  neutral: { en: 'Neutral', 'zh-Hant': '一般', 'zh-Hans': '一般' },
  reluctant: { en: 'Reluctant', 'zh-Hant': '不太情願', 'zh-Hans': '不太情愿' },
};

export const OUTCOME_LABELS: Record<Outcome, Localized> = {
  complete: { en: 'Complete', 'zh-Hant': '圓滿', 'zh-Hans': '圆满' },
  pass: { en: 'Pass', 'zh-Hant': '及格', 'zh-Hans': '及格' },
  success: { en: 'Success', 'zh-Hant': '成功', 'zh-Hans': '成功' },
  failure: { en: 'Failure', 'zh-Hant': '失敗', 'zh-Hans': '失败' },
};

export const TOUCH_KIND_LABELS: Record<TouchKind, Localized> = {
  first_contact: { en: 'First contact', 'zh-Hant': '首次接觸', 'zh-Hans': '首次接触' },
  revisit: { en: 'Revisit', 'zh-Hant': '回訪', 'zh-Hans': '回访' },
};

export const AGENDA_BUCKET_LABELS: Record<AgendaBucket, Localized> = {
  overdue: { en: 'Overdue', 'zh-Hant': '已逾期', 'zh-Hans': '已逾期' },
  today: { en: 'Due today', 'zh-Hant': '今天', 'zh-Hans': '今天' },
  this_week: { en: 'This week', 'zh-Hant': '本週', 'zh-Hans': '本周' },
  next_week: { en: 'Next week', 'zh-Hant': '下週', 'zh-Hans': '下周' },
  touched_once: { en: 'Never followed up', 'zh-Hant': '接觸一次後未跟進', 'zh-Hans': '接触一次后未跟进' },
  no_next_date: { en: 'No next date', 'zh-Hant': '未排下次聯繫', 'zh-Hans': '未排下次联系' },
};

/** Every enum's labels by enum name, so a UI or export can look one up generically. */
export const PROSPECT_LABELS = {
  grade: GRADE_LABELS,
  importance: IMPORTANCE_LABELS,
  expectedClose: EXPECTED_CLOSE_LABELS,
  disposition: DISPOSITION_LABELS,
  stage: STAGE_LABELS,
  source: SOURCE_LABELS,
  newsletterConsent: NEWSLETTER_CONSENT_LABELS,
  channel: CHANNEL_LABELS,
  direction: DIRECTION_LABELS,
  receptivity: RECEPTIVITY_LABELS,
  outcome: OUTCOME_LABELS,
  touchKind: TOUCH_KIND_LABELS,
  agendaBucket: AGENDA_BUCKET_LABELS,
} as const;

export type ProspectLabelKind = keyof typeof PROSPECT_LABELS;

/** The label of one enum value in one locale, e.g. `prospectLabel('outcome', 'pass', 'zh-Hant')` → 及格. */
export function prospectLabel<K extends ProspectLabelKind>(
  kind: K,
  value: keyof (typeof PROSPECT_LABELS)[K],
  locale: Locale,
): string {
  const table = PROSPECT_LABELS[kind] as Record<PropertyKey, Localized>;
  const entry = table[value];
  if (!entry) throw new RangeError(`No ${kind} label for ${String(value)}`);
  return entry[locale];
}
