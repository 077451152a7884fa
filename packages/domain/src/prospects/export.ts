import { stringify } from 'csv-stringify/sync';
import type { Locale } from '../i18n/locale.js';
import { neutralizeCell } from './csv-cells.js';
import { EXPORT_COLUMNS, exportHeaders, exportValues, type ExportColumn, type ExportProspect } from './export-columns.js';

/*
 * The prospect book as CSV: Pond's own columns (export-columns.ts) with headers in the reader's language, the
 * card's and the choices' among the headers its importer reads, several phones, e-mails or tags in one cell
 * joined the way the importer splits them, every cell a spreadsheet could run as a formula neutralised
 * (csv-cells.ts). Dates as YYYY-MM-DD, numbers as digits. UTF-8 with a BOM, so Excel reads Chinese correctly,
 * and CRLF line ends (RFC 4180).
 */

export * from './export-columns.js';

/** One prospect's cells as text, in the given columns, neutralised. */
export function exportCells(p: ExportProspect, locale: Locale, columns: readonly ExportColumn[] = EXPORT_COLUMNS): string[] {
  return exportValues(p, locale, columns).map((v) => neutralizeCell(v === null ? '' : String(v)));
}

export interface ExportCsvOptions {
  /** Starts the file: the BOM and the header row come first. Later pieces of a streamed file leave it out. */
  start?: boolean;
  /** The columns to write, in this order (default: every column). */
  columns?: readonly ExportColumn[];
}

/**
 * Prospects as CSV text. A whole file by default; with `start: false` only their lines, so a long export can
 * be written page by page and the pieces simply concatenated.
 */
export function prospectsCsv(prospects: readonly ExportProspect[], locale: Locale, options: ExportCsvOptions = {}): string {
  const start = options.start ?? true;
  const columns = options.columns ?? EXPORT_COLUMNS;
  const rows = prospects.map((p) => exportCells(p, locale, columns));
  if (start) rows.unshift(exportHeaders(locale, columns).map(neutralizeCell));
  if (!rows.length) return '';
  // With a record delimiter given, csv-stringify quotes only that sequence unless told to quote \n and \r too.
  return stringify(rows, { bom: start, record_delimiter: 'windows', quote_record_delimiter: true });
}
