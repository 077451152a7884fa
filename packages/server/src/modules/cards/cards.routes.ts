import { PassThrough, Readable } from 'node:stream';
import { AppError, EXPORT_COLUMNS, ExportColumnList, errorMessage, type ErrorCode } from '@pond/domain';
import { z } from 'zod';
import { actorOf, requestMeta } from '../../platform/auth.js';
import { ErrorBodySchema, isDatabaseUnavailable, isStorageFull } from '../../platform/errors.js';
import { IdParams, commonErrors, type TypedApp, rawBody } from '../../platform/http.js';
import { versionFrom } from '../../platform/versioning.js';
import type { RouteContext } from '../../route-context.js';
import { ListFilterQuery } from '../prospects/list-filters.js';
import { ProspectEnvelope, rawParams, seenFirstBy, withVersionErrors } from '../prospects/prospects.routes.js';
import { ImportReportView, PossibleDuplicatesView } from '../prospects/prospects.views.js';
import { ImportInput } from './import.service.js';

/** An export's query: the list's filters, and the columns wanted in their order (default: all). */
const ExportQuery = ListFilterQuery.extend({
  columns: ExportColumnList.optional().describe(`Comma-separated column keys, in the order wanted (default: all): ${EXPORT_COLUMNS.join(', ')}`),
});
const XLSX_TYPE = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';
const LINES_TYPE = 'application/x-ndjson';

/** The catalogue's code for a failure that comes after a streamed answer began (its status is already sent). */
function failureCode(err: unknown): ErrorCode {
  if (err instanceof AppError) return err.code;
  if (isDatabaseUnavailable(err)) return 'SERVICE_UNAVAILABLE';
  if (isStorageFull(err)) return 'STORAGE_FULL';
  return 'INTERNAL';
}

/** The card book's routes: import, export, possible duplicates and merge. They live under /prospects, as users see them. */
export function cardsRoutes(app: TypedApp, { services }: RouteContext): void {
  const tags = ['prospects'];
  const { prospects, imports, exports, merges, duplicates } = services;
  const seenFirst = seenFirstBy(prospects);

  app.get('/prospects/export', {
    schema: {
      tags,
      summary: "The list's prospects under the same filters as CSV (UTF-8 with BOM, headers and labels in the user's language), every column or those chosen; cells a spreadsheet could run as formulas are neutralised",
      produces: ['text/csv'],
      querystring: ExportQuery,
      response: { 200: z.string().describe("CSV with Pond's own columns, which `POST /prospects/import` reads back"), ...commonErrors },
    },
    handler: async (request, reply) => {
      const { columns, ...filters } = request.query;
      const file = await exports.csv(actorOf(request), filters, requestMeta(request), request.locale, columns);
      return reply
        .type('text/csv; charset=utf-8')
        .header('content-disposition', `attachment; filename="${file.filename}"`)
        .header('cache-control', 'no-store')
        // Streamed page by page; the schema above describes the text the stream adds up to.
        .send(Readable.from(file.chunks, { objectMode: false }) as unknown as string);
    },
  });

  app.get('/prospects/export.vcf', {
    schema: {
      tags,
      summary: "The list's prospects under the same filters as vCard 3.0 cards, for a phone's address book (Pond's importer reads them back)",
      produces: ['text/vcard'],
      querystring: ListFilterQuery,
      response: { 200: z.string().describe('vCard 3.0, UTF-8, CRLF'), ...commonErrors },
    },
    handler: async (request, reply) => {
      const file = await exports.vcard(actorOf(request), request.query, requestMeta(request));
      return reply
        .type('text/vcard; charset=utf-8')
        .header('content-disposition', `attachment; filename="${file.filename}"`)
        .header('cache-control', 'no-store')
        .send(Readable.from(file.chunks, { objectMode: false }) as unknown as string);
    },
  });

  app.get('/prospects/export.xlsx', {
    schema: {
      tags,
      summary: "The list's prospects under the same filters and columns as an Excel workbook: text cells stay text (phones, and values like =1+1, never formulas), dates are dates, the touch count a number",
      produces: [XLSX_TYPE],
      querystring: ExportQuery,
      response: { 200: z.string().describe('An .xlsx workbook (Office Open XML), one sheet, the header row frozen'), ...commonErrors },
    },
    handler: async (request, reply) => {
      const { columns, ...filters } = request.query;
      const file = await exports.xlsx(actorOf(request), filters, requestMeta(request), request.locale, columns);
      return reply
        .type(XLSX_TYPE)
        .header('content-disposition', `attachment; filename="${file.filename}"`)
        .header('cache-control', 'no-store')
        .send(Readable.from(file.chunks, { objectMode: false }) as unknown as string);
    },
  });

  app.post('/prospects/import', {
    // A whole address book's export: 100,000 cards of CSV are ~15 MB.
    bodyLimit: 64 * 1024 * 1024,
    schema: {
      tags,
      summary: 'Import business cards (CSV: Pond, Google Contacts, Outlook; vCard 2.1/3.0/4.0) as your prospects; duplicates and invalid cards are reported, not created. With Accept: application/x-ndjson an import answers as it writes: progress lines, then the report',
      body: ImportInput,
      response: { 200: ImportReportView, ...commonErrors, 413: ErrorBodySchema },
    },
    handler: async (request, reply) => {
      const actor = actorOf(request);
      const meta = requestMeta(request);
      // Asked for as lines (Accept: application/x-ndjson), an import answers as it goes: a line per chunk written,
      // {"progress":{"done":…,"total":…}}, then {"report":…} or {"error":…}. The answer starts once the cards were read
      // and checked, so a file refused as a whole is still an ordinary error with its status.
      if (request.body.dryRun || !(request.headers.accept ?? '').includes(LINES_TYPE)) return imports.importCards(actor, request.body, meta, request.locale);
      const lines = new PassThrough();
      const write = (value: unknown) => lines.write(`${JSON.stringify(value)}\n`);
      let streaming = false;
      const progress = (done: number, total: number) => {
        if (!streaming) {
          streaming = true;
          void reply.type(LINES_TYPE).header('cache-control', 'no-store').header('x-accel-buffering', 'no').send(lines as unknown as ImportReportView);
        }
        write({ progress: { done, total } });
      };
      try {
        const report = await imports.importCards(actor, request.body, meta, request.locale, progress);
        if (!streaming) return report;
        write({ report });
      } catch (err) {
        if (!streaming) throw err;
        request.log.error({ err }, 'import failed after its answer began');
        const code = failureCode(err);
        write({ error: { code, message: errorMessage(code, request.locale) } });
      }
      lines.end();
      return reply;
    },
  });

  app.get('/prospects/:id/duplicates', {
    schema: {
      tags,
      summary: 'Records you may see that may be the same person: sharing a phone or e-mail, or a name that folds alike (小偉 / 小伟, Wang Wei / WANG WEI)',
      params: IdParams,
      response: { 200: PossibleDuplicatesView, ...commonErrors },
    },
    handler: async (request) => duplicates.of(actorOf(request), request.params.id),
  });

  app.post('/prospects/:id/merge', {
    ...seenFirst((r) => [rawParams(r).id, rawBody(r).fromId]),
    schema: {
      tags,
      summary: 'Merge another record of the same person into this one: touches, history, contacts, tags and links come along; the other record goes',
      params: IdParams,
      body: z.strictObject({ fromId: z.number().int().positive(), version: z.number().int().nonnegative().optional() }),
      response: { 200: ProspectEnvelope, ...withVersionErrors },
    },
    handler: async (request) => ({
      prospect: await merges.merge(actorOf(request), request.params.id, versionFrom(request.body.version, request.headers['if-match']), request.body.fromId, requestMeta(request)),
    }),
  });
}
