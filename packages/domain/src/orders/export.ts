import { stringify } from 'csv-stringify/sync';
import type { Locale } from '../i18n/locale.js';
import { neutralizeCell } from '../prospects/csv-cells.js';
import { CURRENCY_DIGITS, minorToDecimal, type Currency } from './money.js';
import type { OrderStatus } from './rules.js';

export interface ExportOrder {
  id: number;
  datedOn: string;
  prospect: string;
  owner: string;
  closedBy: string;
  onBehalf: boolean;
  status: OrderStatus;
  currency: Currency;
  totalMinor: number;
  commissionMinor: number;
  lines: string;
  lessons: string | null;
  relationshipKept: boolean | null;
  cancelReason: string | null;
}

const HEADERS: Record<Locale, string[]> = {
  en: ['Order', 'Date', 'Prospect', 'Owner', 'Closed by', 'On behalf', 'Status', 'Currency', 'Total', 'Commission', 'Lines', 'Lessons learned', 'Relationship kept', 'Cancel reason'],
  'zh-Hant': ['訂單', '日期', '潛在客戶', '負責人', '成交人', '代公司', '狀態', '幣別', '金額', '佣金', '品項', '經驗教訓', '維持關係', '取消原因'],
  'zh-Hans': ['订单', '日期', '潜在客户', '负责人', '成交人', '代公司', '状态', '币种', '金额', '佣金', '品项', '经验教训', '维持关系', '取消原因'],
};

/**
 * Orders as CSV for a spreadsheet: amounts as plain decimals of their own currency (one column says which), never
 * converted or added across currencies; every cell a spreadsheet could run as a formula is neutralised.
 */
export function ordersCsv(orders: readonly ExportOrder[], locale: Locale, options: { start?: boolean } = {}): string {
  const start = options.start ?? true;
  const rows = orders.map((o) => {
    const digits = CURRENCY_DIGITS[o.currency];
    return [
      String(o.id),
      o.datedOn,
      o.prospect,
      o.owner,
      o.closedBy,
      o.onBehalf ? 'yes' : 'no',
      o.status,
      o.currency,
      minorToDecimal(o.totalMinor, digits),
      minorToDecimal(o.commissionMinor, digits),
      o.lines,
      o.lessons ?? '',
      o.relationshipKept === null ? '' : o.relationshipKept ? 'yes' : 'no',
      o.cancelReason ?? '',
    ].map(neutralizeCell);
  });
  if (start) rows.unshift(HEADERS[locale].map(neutralizeCell));
  if (!rows.length) return '';
  return stringify(rows, { bom: start, record_delimiter: 'windows', quote_record_delimiter: true });
}
