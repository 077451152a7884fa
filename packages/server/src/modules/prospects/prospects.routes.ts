import { AGENDA_BUCKETS, AgendaSectionView, AttemptInput, CreateProspectInput, DispositionChangeInput, LogTouchInput, TeamAgendaView, UpdateProspectInput } from '@pond/domain';
import type { FastifyRequest } from 'fastify';
import { z } from 'zod';
import { actorOf, requestMeta } from '../../platform/auth.js';
import { ErrorBodySchema } from '../../platform/errors.js';
import { IdParams, NoContent, commonErrors, type TypedApp, rawBody } from '../../platform/http.js';
import { versionFrom } from '../../platform/versioning.js';
import { BulkInput } from './book.service.js';
import { ListFilterQuery } from './list-filters.js';
import { LIST_SORTS } from './prospects.queries.js';
import { AgendaView, ContactLookupView, ProspectSummaryView, ProspectView, TimelineEntryView, TouchView } from './prospects.views.js';
import type { RouteContext } from '../../route-context.js';
import type { ProspectsService } from './prospects.service.js';

const ListQuery = ListFilterQuery.extend({
  sort: z.enum(Object.keys(LIST_SORTS) as [keyof typeof LIST_SORTS, ...(keyof typeof LIST_SORTS)[]]).default('nextDueOn'),
  order: z.enum(['asc', 'desc']).default('asc'),
  cursor: z.string().max(500).optional(),
  limit: z.coerce.number().int().min(1).max(200).default(50),
});

export const ProspectEnvelope = z.object({ prospect: ProspectView });

/** A positive integer id as a raw param or body field holds it, or null: validation speaks about the rest. */
function rawId(value: unknown): number | null {
  const n = typeof value === 'number' ? value : typeof value === 'string' && /^\d{1,15}$/.test(value) ? Number(value) : NaN;
  return Number.isSafeInteger(n) && n > 0 ? n : null;
}
export const rawParams = (request: FastifyRequest) => (request.params ?? {}) as Record<string, unknown>;
export const withVersionErrors = { ...commonErrors, 409: ErrorBodySchema, 412: ErrorBodySchema, 428: ErrorBodySchema };

/**
 * The prospects a request names must be visible before its body is even validated: a prospect the actor
 * may not see answers 404 whatever was sent with it. The service checks again, under its lock, before writing.
 */
export function seenFirstBy(prospects: Pick<ProspectsService, 'assertVisible'>) {
  return (named: (request: FastifyRequest) => unknown[]) => ({
    preValidation: async (request: FastifyRequest) => {
      const ids = named(request).flatMap((v) => (Array.isArray(v) ? v : [v])).map(rawId).filter((id): id is number => id !== null);
      if (ids.length) await prospects.assertVisible(actorOf(request), ids);
    },
  });
}

export function prospectsRoutes(app: TypedApp, { services }: RouteContext): void {
  const tags = ['prospects'];
  const { prospects, touches, book, agenda } = services;
  const seenFirst = seenFirstBy(prospects);
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
