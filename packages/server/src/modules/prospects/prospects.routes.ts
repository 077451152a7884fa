import { Readable } from 'node:stream';
import { AGENDA_BUCKETS, AgendaSectionView, AttemptInput, CreateProspectInput, DispositionChangeInput, EXPORT_COLUMNS, ExportColumnList, LogTouchInput, TeamAgendaView, UpdateProspectInput } from '@pond/domain';
import type { FastifyRequest } from 'fastify';
import { z } from 'zod';
import { actorOf, requestMeta } from '../../platform/auth.js';
import { ErrorBodySchema } from '../../platform/errors.js';
import { IdParams, NoContent, commonErrors, type TypedApp, rawBody } from '../../platform/http.js';
import { versionFrom } from '../../platform/versioning.js';
import { BulkInput } from './book.service.js';
import { ImportInput } from './import.service.js';
import { ListFilterQuery } from './list-filters.js';
import { LIST_SORTS } from './prospects.queries.js';
import { AgendaView, ContactLookupView, ImportReportView, PossibleDuplicatesView, ProspectSummaryView, ProspectView, TimelineEntryView, TouchView } from './prospects.views.js';
import type { RouteContext } from '../../route-context.js';

const ListQuery = ListFilterQuery.extend({
  sort: z.enum(Object.keys(LIST_SORTS) as [keyof typeof LIST_SORTS, ...(keyof typeof LIST_SORTS)[]]).default('nextDueOn'),
  order: z.enum(['asc', 'desc']).default('asc'),
  cursor: z.string().max(500).optional(),
  limit: z.coerce.number().int().min(1).max(200).default(50),
});

const ProspectEnvelope = z.object({ prospect: ProspectView });

/** An export's query: the list's filters, and the columns wanted in their order (default: all). */
const ExportQuery = ListFilterQuery.extend({
  columns: ExportColumnList.optional().describe(`Comma-separated column keys, in the order wanted (default: all): ${EXPORT_COLUMNS.join(', ')}`),
});
const XLSX_TYPE = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

/** A positive integer id as a raw param or body field holds it, or null: validation speaks about the rest. */
function rawId(value: unknown): number | null {
  const n = typeof value === 'number' ? value : typeof value === 'string' && /^\d{1,15}$/.test(value) ? Number(value) : NaN;
  return Number.isSafeInteger(n) && n > 0 ? n : null;
}
const rawParams = (request: FastifyRequest) => (request.params ?? {}) as Record<string, unknown>;
const withVersionErrors = { ...commonErrors, 409: ErrorBodySchema, 412: ErrorBodySchema, 428: ErrorBodySchema };

export function prospectsRoutes(app: TypedApp, { services }: RouteContext): void {
  const tags = ['prospects'];
  const { prospects, touches, book, agenda, imports, exports, merges, duplicates } = services;
  /**
   * The prospects a request names must be visible before its body is even validated: a prospect the actor
   * may not see answers 404 whatever was sent with it. The service checks again, under its lock, before writing.
   */
  const seenFirst = (named: (request: FastifyRequest) => unknown[]) => ({
    preValidation: async (request: FastifyRequest) => {
      const ids = named(request).flatMap((v) => (Array.isArray(v) ? v : [v])).map(rawId).filter((id): id is number => id !== null);
      if (ids.length) await prospects.assertVisible(actorOf(request), ids);
    },
  });
  const byId = seenFirst((r) => [rawParams(r).id]);

  app.get('/today', {
    schema: {
      tags: ['agenda'],
      summary: "Today's agenda (今日待辦) of the signed-in user, in their time zone",
      querystring: z.strictObject({ limit: z.coerce.number().int().min(1).max(200).default(20) }),
      response: {
        200: AgendaView,
        ...commonErrors,
      },
    },
    handler: async (request) => agenda.today(actorOf(request), request.query.limit),
  });

  app.get('/today/sections/:bucket', {
    schema: {
      tags: ['agenda'],
      summary: "More rows of one section of the signed-in user's Today, after the ones already shown",
      params: z.strictObject({ bucket: z.enum(AGENDA_BUCKETS) }),
      querystring: z.strictObject({ offset: z.coerce.number().int().min(0).max(100_000).default(0), limit: z.coerce.number().int().min(1).max(200).default(20) }),
      response: { 200: AgendaSectionView, ...commonErrors },
    },
    handler: async (request) => agenda.section(actorOf(request), request.params.bucket, request.query.offset, request.query.limit),
  });

  app.get('/team', {
    config: { may: 'viewTeam' },
    schema: { tags: ['agenda'], summary: "The team at a glance (a manager's teams; an admin: everyone): each member's overdue, due today and touched-once counts", response: { 200: TeamAgendaView, ...commonErrors } },
    handler: async (request) => agenda.team(actorOf(request)),
  });

  app.get('/team/:id/today', {
    config: { may: 'viewTeam' },
    schema: {
      tags: ['agenda'],
      summary: "A team member's Today as they see it, for their manager (a member of another team answers 404)",
      params: IdParams,
      querystring: z.strictObject({ limit: z.coerce.number().int().min(1).max(200).default(20) }),
      response: { 200: AgendaView, ...commonErrors },
    },
    handler: async (request) => agenda.memberToday(actorOf(request), request.params.id, request.query.limit),
  });

  app.get('/prospects', {
    schema: { tags, summary: 'Filtered, sorted page of visible prospects (keyset pagination)', querystring: ListQuery, response: { 200: z.object({ items: z.array(ProspectSummaryView), nextCursor: z.string().nullable() }), ...commonErrors } },
    handler: async (request) => book.list(actorOf(request), request.query),
  });

  app.get('/prospects/counts', {
    schema: {
      tags,
      summary: "How many prospects the list holds under its filters in each grade or disposition: the board's column totals",
      querystring: ListFilterQuery.extend({ by: z.enum(['grade', 'disposition']) }),
      response: { 200: z.object({ by: z.enum(['grade', 'disposition']), counts: z.record(z.string(), z.number().int()) }), ...commonErrors },
    },
    handler: async (request) => {
      const { by, ...filters } = request.query;
      return { by, counts: await book.counts(actorOf(request), filters, by) };
    },
  });

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

  app.get('/prospects/lookup', {
    schema: {
      tags,
      summary: 'Whether a phone or email is already in Pond (details only for prospects the actor may see)',
      querystring: z.strictObject({ phone: z.string().max(40).optional(), email: z.string().max(254).optional() }),
      response: { 200: ContactLookupView, ...commonErrors },
    },
    handler: async (request) => book.lookup(actorOf(request), request.query),
  });

  app.post('/prospects', {
    schema: { tags, summary: 'Create a prospect (a quick create needs a name, one phone or email, and a grade)', body: CreateProspectInput, response: { 201: ProspectEnvelope, ...commonErrors } },
    handler: async (request, reply) => reply.code(201).send({ prospect: await prospects.create(actorOf(request), request.body, requestMeta(request)) }),
  });

  app.post('/prospects/bulk', {
    ...seenFirst((r) => [rawBody(r).ids]),
    schema: { tags, summary: 'Change grade, interval, tags or (managers) owner of many prospects at once', body: BulkInput, response: { 200: z.object({ updated: z.number().int() }), ...commonErrors } },
    handler: async (request) => book.bulk(actorOf(request), request.body, requestMeta(request)),
  });

  app.post('/prospects/import', {
    // A whole address book's export: 100,000 cards of CSV are ~15 MB.
    bodyLimit: 64 * 1024 * 1024,
    schema: {
      tags,
      summary: 'Import business cards (CSV: Pond, Google Contacts, Outlook; vCard 3.0/4.0) as your prospects; duplicates and invalid cards are reported, not created',
      body: ImportInput,
      response: { 200: ImportReportView, ...commonErrors, 413: ErrorBodySchema },
    },
    handler: async (request) => imports.importCards(actorOf(request), request.body, requestMeta(request), request.locale),
  });

  app.get('/prospects/:id', {
    schema: { tags, summary: 'A prospect with its latest 20 touches', params: IdParams, response: { 200: z.object({ prospect: ProspectView, touches: z.array(TouchView) }), ...commonErrors } },
    handler: async (request) => prospects.get(actorOf(request), request.params.id),
  });

  app.patch('/prospects/:id', {
    ...byId,
    schema: { tags, summary: "Edit a prospect's own fields; needs the version it is based on", params: IdParams, body: UpdateProspectInput, response: { 200: ProspectEnvelope, ...withVersionErrors } },
    handler: async (request) => {
      const { version, ...changes } = request.body;
      return { prospect: await prospects.update(actorOf(request), request.params.id, versionFrom(version, request.headers['if-match']), changes, requestMeta(request)) };
    },
  });

  app.post('/prospects/:id/disposition', {
    ...byId,
    schema: { tags, summary: 'Continue, pause (with a resume date), keep, or drop (with a reason)', params: IdParams, body: DispositionChangeInput, response: { 200: ProspectEnvelope, ...withVersionErrors } },
    handler: async (request) => ({
      prospect: await prospects.changeDisposition(actorOf(request), request.params.id, versionFrom(request.body.version, request.headers['if-match']), request.body, requestMeta(request)),
    }),
  });

  app.post('/prospects/:id/touches', {
    ...byId,
    schema: { tags, summary: "Log a touch; resets the prospect's clock", params: IdParams, body: LogTouchInput, response: { 201: z.object({ touch: TouchView, prospect: ProspectView }), ...commonErrors } },
    handler: async (request, reply) => reply.code(201).send(await touches.log(actorOf(request), request.params.id, request.body, requestMeta(request))),
  });

  app.post('/prospects/:id/attempts', {
    ...byId,
    schema: {
      tags,
      summary: "A try that did not reach the person (no answer, busy, a message left): on the timeline, the retry as the next contact; the clock's last touch is left as it was",
      params: IdParams,
      body: AttemptInput,
      response: { 201: z.object({ prospect: ProspectView }), ...commonErrors },
    },
    handler: async (request, reply) => reply.code(201).send(await touches.attempt(actorOf(request), request.params.id, request.body, requestMeta(request))),
  });

  app.get('/prospects/:id/timeline', {
    schema: {
      tags,
      summary: 'Touches and field changes, newest first',
      params: IdParams,
      querystring: z.strictObject({ limit: z.coerce.number().int().min(1).max(500).default(100) }),
      response: {
        200: z.object({ items: z.array(TimelineEntryView) }),
        ...commonErrors,
      },
    },
    handler: async (request) => ({ items: await touches.timeline(actorOf(request), request.params.id, request.query.limit) }),
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

  app.post('/prospects/:id/colleagues', {
    ...byId,
    schema: { tags, summary: 'Link a colleague who knows this prospect (交叉聯系)', params: IdParams, body: z.strictObject({ userId: z.number().int().positive() }), response: { 200: ProspectEnvelope, ...commonErrors } },
    handler: async (request) => ({ prospect: await book.linkColleague(actorOf(request), request.params.id, request.body.userId, requestMeta(request)) }),
  });

  app.delete('/prospects/:id/colleagues/:userId', {
    schema: {
      tags,
      summary: 'Remove a colleague link',
      params: z.strictObject({ id: z.coerce.number().int().positive(), userId: z.coerce.number().int().positive() }),
      response: { 200: ProspectEnvelope, ...commonErrors },
    },
    handler: async (request) => ({ prospect: await book.unlinkColleague(actorOf(request), request.params.id, request.params.userId, requestMeta(request)) }),
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

  app.post('/prospects/:id/archive', {
    schema: { tags, summary: 'Archive a prospect (managers)', params: IdParams, response: { 200: ProspectEnvelope, ...commonErrors, 409: ErrorBodySchema } },
    handler: async (request) => ({ prospect: await prospects.archive(actorOf(request), request.params.id, requestMeta(request)) }),
  });

  app.delete('/prospects/:id', {
    schema: { tags, summary: 'Erase a prospect and every trace of it for a privacy request (admin)', params: IdParams, response: { 204: NoContent, ...commonErrors } },
    handler: async (request, reply) => {
      await prospects.erase(actorOf(request), request.params.id, requestMeta(request));
      return reply.code(204).send(null);
    },
  });
}
