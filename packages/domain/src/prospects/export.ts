import { stringify } from 'csv-stringify/sync';
import type { Locale, Localized } from '../i18n/locale.js';
import type { CardRecord } from './cards.js';
import { joinTags, neutralizeCell } from './csv-cells.js';
import type { Grade } from './enums.js';

/*
 * The prospect book as CSV: Pond's own columns with the headers its importer reads (in the reader's
 * language), several phones, e-mails or tags in one cell joined the way the importer splits them, every
 * cell a spreadsheet could run as a formula neutralised (csv-cells.ts). UTF-8 with a BOM, so Excel reads
 * Chinese correctly, and CRLF line ends (RFC 4180).
 */

/** The part of a prospect an export writes: the fields of a card (cards.ts), which an import of the file gives back. */
export type ExportProspect = Omit<CardRecord, 'line' | 'grade'> & { grade: Grade };

export const EXPORT_COLUMNS = ['name', 'company', 'title', 'phones', 'emails', 'wechatId', 'address', 'notes', 'tags', 'grade'] as const;
export type ExportColumn = (typeof EXPORT_COLUMNS)[number];

/** Each one is among the importer's header aliases (cards.ts) and is the form's label for the field. */
const HEADERS: Record<ExportColumn, Localized> = {
  name: { en: 'Name', 'zh-Hant': '姓名', 'zh-Hans': '姓名' },
  company: { en: 'Company', 'zh-Hant': '公司', 'zh-Hans': '公司' },
  title: { en: 'Title', 'zh-Hant': '職稱', 'zh-Hans': '职称' },
  phones: { en: 'Phones', 'zh-Hant': '電話', 'zh-Hans': '电话' },
  emails: { en: 'Emails', 'zh-Hant': '電郵', 'zh-Hans': '邮箱' },
  wechatId: { en: 'WeChat ID', 'zh-Hant': '微信號', 'zh-Hans': '微信号' },
  address: { en: 'Address', 'zh-Hant': '地址', 'zh-Hans': '地址' },
  notes: { en: 'Notes', 'zh-Hant': '備註', 'zh-Hans': '备注' },
  tags: { en: 'Tags', 'zh-Hant': '標籤', 'zh-Hans': '标签' },
  grade: { en: 'Grade', 'zh-Hant': '等級', 'zh-Hans': '等级' },
};

/** What joins several values of one cell; the importer splits on it (and on ";", "；", ":::" and line breaks). */
export const EXPORT_LIST_SEPARATOR = '; ';

/** The header row in the reader's language. */
export function exportHeaders(locale: Locale): string[] {
  return EXPORT_COLUMNS.map((c) => HEADERS[c][locale]);
}

/** One prospect's cells, in column order, neutralised. An unrated prospect has an empty grade, as on import. */
export function exportCells(p: ExportProspect): string[] {
  const cells: Record<ExportColumn, string> = {
    name: p.name,
    company: p.company ?? '',
    title: p.title ?? '',
    phones: p.phones.join(EXPORT_LIST_SEPARATOR),
    emails: p.emails.join(EXPORT_LIST_SEPARATOR),
    wechatId: p.wechatId ?? '',
    address: p.address ?? '',
    notes: p.notes ?? '',
    tags: joinTags(p.tags),
    grade: p.grade === 'unrated' ? '' : p.grade,
  };
  return EXPORT_COLUMNS.map((c) => neutralizeCell(cells[c]));
}

export interface ExportCsvOptions {
  /** Starts the file: the BOM and the header row come first. Later pieces of a streamed file leave it out. */
  start?: boolean;
}

/**
 * Prospects as CSV text. A whole file by default; with `start: false` only their lines, so a long export can
 * be written page by page and the pieces simply concatenated.
 */
export function prospectsCsv(prospects: readonly ExportProspect[], locale: Locale, options: ExportCsvOptions = {}): string {
  const start = options.start ?? true;
  const rows = prospects.map(exportCells);
  if (start) rows.unshift(exportHeaders(locale).map(neutralizeCell));
  if (!rows.length) return '';
  // With a record delimiter given, csv-stringify quotes only that sequence unless told to quote \n and \r too.
  return stringify(rows, { bom: start, record_delimiter: 'windows', quote_record_delimiter: true });
}
