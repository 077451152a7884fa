import { ApiError, api, isApiError } from '../../api/client.js';
import type { CardFormat, CsvColumnView, ImportDuplicateView, ImportPossibleDuplicateView, ImportReportView } from '@pond/domain';
import type { Grade } from '../prospects/prospect-types.js';

/** What POST /prospects/import takes; the file's text is read in the browser and sent as a string. */
export interface ImportRequest {
  content: string;
  /** Left to the server (it looks for BEGIN:VCARD) when the file's name does not say. */
  format?: CardFormat;
  /** Check and report only; nothing is written. */
  dryRun: boolean;
  /** For cards that carry no grade of their own. */
  grade: Grade;
  /** Added to every card, e.g. the trade show the cards come from. */
  tags: string[];
  /** A CSV's headers → what their columns hold (or `ignore`), where the person decided. */
  columns?: Record<string, string>;
  /** The lines of cards whose new values go onto the prospect they match ("add what is new"). */
  enrich?: number[];
}

/** One column of a CSV as the check read it, with a few of its values. */
export type ImportColumn = CsvColumnView;

/** The columns a check saw: in its report, or in the refusal of a file with no name column. */
export function columnsOf(attempt: { report?: ImportReport; error?: unknown } | null | undefined): ImportColumn[] | null {
  if (attempt?.report?.columns) return attempt.report.columns;
  if (isApiError(attempt?.error, 'IMPORT_NO_NAME_COLUMN') && Array.isArray(attempt.error.details)) {
    const columns = (attempt.error.details[0] as { columns?: ImportColumn[] } | undefined)?.columns;
    if (Array.isArray(columns)) return columns;
  }
  return null;
}

/** The server checks its answer against these same definitions from the domain package. */
export type ImportReport = ImportReportView;
export type ImportDuplicate = ImportDuplicateView;
/** A card created although its name is another's: a hint to compare, naming only records the user may see. */
export type ImportPossibleDuplicate = ImportPossibleDuplicateView;
export type ImportRejected = ImportReport['rejected'][number];
/** One reason a card was refused, its message already in the language the request asked for. */
export type CardProblem = ImportRejected['problems'][number];
/** A card that is not a person to import (a group card, an empty row). */
export type ImportSkipped = ImportReport['skipped'][number];
/** A card created (or that would be) with something left out of it. */
export type ImportWarned = ImportReport['warnings'][number];

/** Cards a dry run says would be created; the real import checks again, so its `created` may be lower. */
export function wouldCreate(report: ImportReport): number {
  return report.cards - report.duplicates.length - report.rejected.length - report.skipped.length;
}

/** The file's format from its name, when the name says. */
export function formatFromName(fileName: string): CardFormat | undefined {
  const ext = fileName.toLowerCase().split('.').pop();
  if (ext === 'vcf' || ext === 'vcard') return 'vcard';
  if (ext === 'csv') return 'csv';
  return undefined;
}

/** How far an import got: cards written of those it will write. */
export interface ImportProgress {
  done: number;
  total: number;
}

/** A check answers at once; an import answers as it writes, so the page can show how far it got. */
export async function importCards(request: ImportRequest, onProgress?: (progress: ImportProgress) => void): Promise<ImportReport> {
  if (request.dryRun) return api.post<ImportReport>('/api/v1/prospects/import', request);
  let report: ImportReport | undefined;
  await api.lines('/api/v1/prospects/import', request, (line) => {
    const l = line as { progress?: ImportProgress; report?: ImportReport; error?: { code: string; message: string } } | undefined;
    if (l?.progress) onProgress?.(l.progress);
    else if (l?.report) report = l.report;
    else if (l?.error) throw new ApiError(500, l.error.code, l.error.message);
    // An answer that came at once, as a whole.
    else if (l && 'cards' in l) report = l as unknown as ImportReport;
  });
  if (!report) throw new ApiError(0, 'NETWORK', 'The answer ended before the report.');
  return report;
}
