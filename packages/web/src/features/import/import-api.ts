import { api } from '../../api/client.js';
import type { Grade } from '../prospects/prospect-types.js';

export type CardFormat = 'csv' | 'vcard';

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
}

export interface ImportDuplicate {
  line: number;
  name: string;
  /** The contact already known: a phone in E.164 or an e-mail. */
  contact: string;
  /** An earlier card of the same file holds it. */
  inFileLine: number | null;
  /** A prospect the user may see holds it; null (with inFileLine null) when it is held where they may not look. */
  existing: { id: number; name: string; owner: string | null; mine: boolean } | null;
}

export interface CardProblem {
  field: string;
  reason: string;
  /** Already in the language the request asked for. */
  message: string;
}

export interface ImportRejected {
  line: number;
  name: string;
  problems: CardProblem[];
}

export interface ImportReport {
  format: CardFormat;
  cards: number;
  created: number;
  dryRun: boolean;
  duplicates: ImportDuplicate[];
  rejected: ImportRejected[];
  timings: { checkMs: number; insertMs: number; indexMs: number };
}

/** Cards a dry run says would be created; the real import checks again, so its `created` may be lower. */
export function wouldCreate(report: ImportReport): number {
  return report.cards - report.duplicates.length - report.rejected.length;
}

/** The file's format from its name, when the name says. */
export function formatFromName(fileName: string): CardFormat | undefined {
  const ext = fileName.toLowerCase().split('.').pop();
  if (ext === 'vcf' || ext === 'vcard') return 'vcard';
  if (ext === 'csv') return 'csv';
  return undefined;
}

export function importCards(request: ImportRequest): Promise<ImportReport> {
  return api.post<ImportReport>('/api/v1/prospects/import', request);
}
