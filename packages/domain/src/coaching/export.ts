import { stringify } from 'csv-stringify/sync';
import type { Locale } from '../i18n/locale.js';
import { neutralizeCell } from '../prospects/csv-cells.js';
import { CURRENCY_DIGITS, minorToDecimal, type Currency } from '../orders/money.js';
import { describeReason } from './rules.js';
import type { CoachRowView } from './views.js';

const HEADERS: Record<Locale, string[]> = {
  en: ['Salesperson', 'Team', 'Touches', 'First contacts', 'Revisits', 'Revisit rate %', 'Prospects touched', 'Touched once', 'Follow-ups due', 'On time', 'Late', 'On-time rate %', 'Overdue now', 'Book', 'Book touched once', 'Newsletter coverage %', 'Orders', 'Revenue', 'Commission', 'Lost to pool', 'Claimed from pool', 'On behalf (made)', 'On behalf (received)', '圓滿 complete', '及格 pass', '成功 success', '失敗 failure', 'With feedback %', 'Flag'],
  'zh-Hant': ['業務員', '團隊', '接觸', '初次接觸', '回訪', '回訪率 %', '接觸的客戶', '只接觸一次', '到期回訪', '準時', '逾期', '準時率 %', '目前逾期', '名下客戶', '名下只接觸一次', '通訊覆蓋率 %', '訂單', '營收', '佣金', '流入公海', '自公海認領', '代公司接觸', '同事代為接觸', '圓滿', '及格', '成功', '失敗', '記下回饋 %', '提醒'],
  'zh-Hans': ['业务员', '团队', '接触', '初次接触', '回访', '回访率 %', '接触的客户', '只接触一次', '到期回访', '准时', '逾期', '准时率 %', '目前逾期', '名下客户', '名下只接触一次', '通讯覆盖率 %', '订单', '营收', '佣金', '流入公海', '自公海认领', '代公司接触', '同事代为接触', '圆满', '及格', '成功', '失败', '记下反馈 %', '提醒'],
};

const pct = (v: number | null) => (v === null ? '' : String(v));
const money = (list: readonly { currency: string; minor: number }[]) =>
  list.map((m) => `${m.currency} ${minorToDecimal(m.minor, CURRENCY_DIGITS[m.currency as Currency] ?? 2)}`).join('; ');

/** The coaching table as CSV (UTF-8 with BOM), one row per salesperson, the flag's reasons in words. */
export function coachingCsv(rows: readonly CoachRowView[], locale: Locale): string {
  const body = rows.map((r) => {
    const m = r.measures;
    return [
      r.user.name,
      r.user.team ?? '',
      m.touches,
      m.firstContacts,
      m.revisits,
      pct(m.revisitPercent),
      m.prospectsTouched,
      m.touchedOnce,
      m.followUpsDue,
      m.followUpsOnTime,
      m.followUpsLate,
      pct(m.onTimePercent),
      m.overdue,
      m.book,
      m.bookTouchedOnce,
      pct(m.newsletterPercent),
      m.orders,
      money(m.revenue),
      money(m.commission),
      m.lostToPool,
      m.claimedFromPool,
      m.onBehalfMade,
      m.onBehalfReceived,
      m.outcomes.complete,
      m.outcomes.pass,
      m.outcomes.success,
      m.outcomes.failure,
      pct(m.feedbackPercent),
      r.flag.map((f) => describeReason(f, locale)).join(' / '),
    ].map((v) => neutralizeCell(String(v)));
  });
  return stringify([HEADERS[locale].map(neutralizeCell), ...body], { bom: true, record_delimiter: 'windows', quote_record_delimiter: true });
}
