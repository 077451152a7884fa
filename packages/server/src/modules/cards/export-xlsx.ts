import { PassThrough } from 'node:stream';
import { once } from 'node:events';
import { EXPORT_COLUMN_KINDS, exportHeaders, exportValues, type ExportColumn, type ExportProspect, type Locale, type Localized } from '@pond/domain';
import ExcelJS from 'exceljs';

/*
 * The prospect book as an Excel workbook, written with exceljs's streaming writer: each page of prospects is
 * committed row by row and the zipped bytes it produced are handed on before the next page is read, so memory
 * holds about one page whatever the size of the book. Text is written as string cells (`t="str"`, no shared
 * strings table, which would grow with the book) in columns formatted as text, so a phone stays +14155550150
 * and a name such as =1+1 is a string, never a formula: no quote is needed, and none is shown. Dates are real
 * dates (formatted yyyy-mm-dd), the touch count a number.
 */

const SHEET_NAME: Localized = { en: 'Prospects', 'zh-Hant': '潛在客戶', 'zh-Hans': '潜在客户' };

/** Column widths in characters (a CJK character counts two), wide enough for typical values. */
const WIDTHS: Record<ExportColumn, number> = {
  name: 20,
  company: 24,
  title: 16,
  phones: 20,
  emails: 28,
  wechatId: 16,
  address: 32,
  notes: 40,
  tags: 20,
  grade: 8,
  importance: 14,
  expectedClose: 16,
  stage: 16,
  disposition: 20,
  resumeOn: 12,
  droppedReason: 28,
  owner: 16,
  collectedBy: 16,
  source: 14,
  newsletterConsent: 16,
  lastTouchOn: 12,
  nextDueOn: 12,
  touchCount: 10,
};

const NUMBER_FORMATS = { text: '@', date: 'yyyy-mm-dd', number: '0' } as const;

const displayWidth = (s: string) => [...s].reduce((w, c) => w + (c.charCodeAt(0) > 0x2e80 ? 2 : 1), 0);

/** A YYYY-MM-DD date as the instant a spreadsheet stores for that day (UTC midnight: a whole day number). */
const dateCell = (date: string) => new Date(`${date}T00:00:00.000Z`);

export interface WorkbookOptions {
  locale: Locale;
  columns: readonly ExportColumn[];
  /** Stamped as the workbook's creation time. */
  now: Date;
}

/**
 * Pages of prospects in, pieces of the .xlsx file out: the header piece, then about one piece per page, then the
 * workbook's closing parts. Stops writing (and frees the writer) when the reader goes away part-way.
 */
export async function* prospectsXlsx(pages: AsyncIterable<readonly ExportProspect[]>, options: WorkbookOptions): AsyncGenerator<Buffer> {
  const { locale, columns } = options;
  const out = new PassThrough();
  const produced: Buffer[] = [];
  out.on('data', (chunk: Buffer) => produced.push(chunk));
  const ended = once(out, 'end');
  // Awaited below once the book is committed; a reader gone part-way leaves it unsettled, never unhandled.
  ended.catch(() => undefined);
  const take = () => (produced.length ? Buffer.concat(produced.splice(0)) : null);

  const book = new ExcelJS.stream.xlsx.WorkbookWriter({ stream: out, useStyles: true, useSharedStrings: false });
  book.creator = 'Pond';
  book.created = options.now;
  const sheet = book.addWorksheet(SHEET_NAME[locale], { views: [{ state: 'frozen', xSplit: 0, ySplit: 1 }] });
  const headers = exportHeaders(locale, columns);
  sheet.columns = columns.map((c, i) => ({ key: c, width: Math.max(WIDTHS[c], displayWidth(headers[i]!) + 2), style: { numFmt: NUMBER_FORMATS[EXPORT_COLUMN_KINDS[c]] } }));
  const header = sheet.addRow(headers);
  header.font = { bold: true };
  header.commit();

  let finished = false;
  try {
    for await (const rows of pages) {
      for (const p of rows) {
        const values = exportValues(p, locale, columns).map((v, i) => (v !== null && EXPORT_COLUMN_KINDS[columns[i]!] === 'date' ? dateCell(String(v)) : v));
        sheet.addRow(values).commit();
      }
      const piece = take();
      if (piece) yield piece;
    }
    sheet.commit();
    await book.commit();
    await ended;
    finished = true;
    const rest = take();
    if (rest) yield rest;
  } finally {
    if (!finished) out.destroy();
  }
}
