import {
  CancelEventInput,
  CheckInInput,
  CheckInResultView,
  EventInput,
  EventKind,
  EventPageView,
  EventPatch,
  EventView,
  InvitationListView,
  InvitationMoveInput,
  InvitationState,
  InvitationView,
  InviteInput,
  InviteResultView,
  WalkInInput,
  EVENT_KIND_LABELS,
  answerStateWord,
  answerWords,
  escapeHtml,
  eventWhen,
  type InvitationAnswerView,
  type Locale,
} from '@pond/domain';
import type { FastifyRequest } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { actorOf, requestMeta } from '../../platform/auth.js';
import { ErrorBodySchema } from '../../platform/errors.js';
import { IdParams, commonErrors, paramId, rawBody, type TypedApp } from '../../platform/http.js';
import { linkPage } from '../../platform/link-page.js';
import { versionFrom } from '../../platform/versioning.js';
import type { RouteContext } from '../../route-context.js';

const errors = { ...commonErrors, 409: ErrorBodySchema, 412: ErrorBodySchema, 428: ErrorBodySchema };

const EventListQuery = z.strictObject({
  when: z.enum(['upcoming', 'past']).default('upcoming'),
  kind: EventKind.optional(),
  cursor: z.string().max(500).optional(),
  limit: z.coerce.number().int().min(1).max(100).default(30),
});
const InvitationQuery = z.strictObject({ state: InvitationState.optional(), q: z.string().max(100).optional() });
const VersionBody = z.strictObject({ version: z.number().int().nonnegative().optional() });
const GuestQuery = z.strictObject({ t: z.string().max(80), answer: z.enum(['accepted', 'declined']).optional() });

/** The guest's page: the event, their answer so far, and the buttons that change it (a GET changes nothing). */
function guestPage(locale: Locale, v: InvitationAnswerView, action: string, asked: 'accepted' | 'declined' | undefined, notice: string | null): string {
  const w = answerWords(locale);
  const lines = [
    `<p style="font-size:1.1rem;font-weight:600;margin-bottom:.25rem">${escapeHtml(v.title)}</p>`,
    `<p style="margin-top:0;color:#57606a">${escapeHtml(EVENT_KIND_LABELS[locale][v.kind])} · ${escapeHtml(eventWhen(v, locale))}</p>`,
    v.place ? `<p>${escapeHtml(v.place)}</p>` : '',
    v.onlineUrl ? `<p><a href="${escapeHtml(v.onlineUrl)}">${escapeHtml(v.onlineUrl)}</a></p>` : '',
  ];
  const said = notice ?? (v.status === 'cancelled' ? w.cancelled : answerStateWord(locale, v.state));
  if (said) lines.push(`<p role="status" style="padding:.75rem 1rem;background:#f6f8fa;border-radius:6px">${escapeHtml(said)}</p>`);
  if (v.status === 'planned' && !v.open && v.state !== 'attended') lines.push(`<p>${escapeHtml(w.closed)}</p>`);
  if (v.open) {
    const button = (answer: 'accepted' | 'declined', label: string, primary: boolean) =>
      `<form method="post" action="${escapeHtml(`${action}&answer=${answer}`)}" style="display:inline"><button type="submit" style="font-size:1rem;padding:.6rem 1.2rem;margin:0 .5rem .5rem 0;border-radius:6px;border:1px solid #1a7f37;${primary ? 'background:#1a7f37;color:#fff' : 'background:#fff;color:#1a7f37'}">${escapeHtml(label)}</button></form>`;
    if (!(v.full && v.state !== 'accepted')) lines.push(button('accepted', w.accept, asked !== 'declined'));
    else lines.push(`<p>${escapeHtml(w.full)}</p>`);
    lines.push(button('declined', w.decline, asked === 'declined'));
    lines.push(`<p style="color:#57606a;font-size:.9rem">${escapeHtml(w.change)}</p>`);
  }
  return linkPage(locale, lines.join(''), w.title);
}

export function eventsRoutes(app: TypedApp, { services }: RouteContext): void {
  const tags = ['events'];
  const { events, prospects } = services;
  // An event or an invitation the actor may not see answers 404 whatever was sent with it: checked before the body.
  const eventPart = (need: 'see' | 'organise' | 'door') => async (request: FastifyRequest) => {
    const id = paramId(request);
    if (id !== null) await events.assertPart(actorOf(request), id, need);
  };
  const eventVisible = eventPart('see');
  const invitationVisible = async (request: FastifyRequest) => {
    const id = paramId(request);
    if (id !== null) await events.assertInvitationVisible(actorOf(request), id);
  };

  app.get('/events', {
    schema: { tags, summary: 'Events the actor may see: upcoming (soonest first) or past (latest first)', querystring: EventListQuery, response: { 200: EventPageView, ...commonErrors } },
    handler: async (request) => events.list(actorOf(request), request.query),
  });

  app.post('/events', {
    config: { may: 'manageEvents' },
    schema: { tags, summary: "Hold an event: title, kind, when (with its time zone), where, capacity, hosts; for the company or a team the manager leads", body: EventInput, response: { 201: EventView, ...errors } },
    handler: async (request, reply) => reply.code(201).send(await events.create(actorOf(request), request.body, requestMeta(request))),
  });

  app.get('/events/:id', {
    schema: { tags, summary: 'One event with its hosts, seats and the counts of its invitations by state', params: IdParams, response: { 200: EventView, ...commonErrors } },
    handler: async (request) => events.get(actorOf(request), request.params.id),
  });

  app.patch('/events/:id', {
    preValidation: eventPart('organise'),
    schema: { tags, summary: 'Change an event (its organiser); send the version read, or If-Match', params: IdParams, body: EventPatch, response: { 200: EventView, ...errors } },
    handler: async (request) => {
      const { version, ...patch } = request.body;
      return events.update(actorOf(request), request.params.id, versionFrom(version, request.headers['if-match']), patch, requestMeta(request));
    },
  });

  app.post('/events/:id/cancel', {
    preValidation: eventPart('organise'),
    schema: { tags, summary: 'Cancel an event with a reason (its organiser); its invitations stay as history', params: IdParams, body: CancelEventInput, response: { 200: EventView, ...errors } },
    handler: async (request) => events.cancel(actorOf(request), request.params.id, { ...request.body, version: versionFrom(request.body.version, request.headers['if-match']) }, requestMeta(request)),
  });

  app.post('/events/:id/close', {
    preValidation: eventPart('door'),
    schema: { tags, summary: 'Close the list after the event: accepted guests who did not come are no-shows, unanswered invitations have no answer', params: IdParams, body: VersionBody, response: { 200: EventView, ...errors } },
    handler: async (request) => events.close(actorOf(request), request.params.id, versionFrom(request.body.version, request.headers['if-match']), requestMeta(request)),
  });

  app.get('/events/:id/invitations', {
    schema: {
      tags,
      summary: "The event's invitations whose invitee the actor may see (the rest are only counted), by name",
      params: IdParams,
      querystring: InvitationQuery,
      response: { 200: InvitationListView, ...commonErrors },
    },
    handler: async (request) => events.invitations(actorOf(request), request.params.id, request.query),
  });

  app.post('/events/:id/invitations', {
    preValidation: async (request) => {
      await eventVisible(request);
      // Every prospect named must be visible before the body is validated: one the actor may not see is a 404.
      const named = rawBody(request).prospectIds ?? [];
      const ids = (Array.isArray(named) ? named : [named]).filter((v): v is number => typeof v === 'number' && Number.isSafeInteger(v) && v > 0);
      if (ids.length) await prospects.assertVisible(actorOf(request), ids);
    },
    schema: {
      tags,
      summary: "Invite prospects the actor sees, one by one or by the prospect list's filter; in person or by e-mail (signed by the inviter, with accept and decline links)",
      params: IdParams,
      body: InviteInput,
      response: { 200: InviteResultView, ...errors },
    },
    handler: async (request) => events.invite(actorOf(request), request.params.id, request.body, requestMeta(request)),
  });

  app.post('/events/:id/walk-ins', {
    config: { may: 'collectWalkIns' },
    preValidation: eventPart('door'),
    schema: {
      tags,
      summary: 'Someone at the door who was not invited: a new prospect whose source is the event, collected by whoever checks in, checked in at once',
      params: IdParams,
      body: WalkInInput,
      response: { 201: CheckInResultView, ...errors },
    },
    handler: async (request, reply) => reply.code(201).send(await events.walkIn(actorOf(request), request.params.id, request.body, requestMeta(request))),
  });

  app.post('/invitations/:id/check-in', {
    preValidation: invitationVisible,
    schema: {
      tags,
      summary: "Check a guest in at the door: attendance is logged as a touch by the colleague who met them, with the owner's follow-up the day after",
      params: IdParams,
      body: CheckInInput,
      response: { 200: CheckInResultView, ...errors },
    },
    handler: async (request) => events.checkIn(actorOf(request), request.params.id, { ...request.body, version: versionFrom(request.body.version, request.headers['if-match']) }, requestMeta(request)),
  });

  app.post('/invitations/:id/state', {
    preValidation: invitationVisible,
    schema: { tags, summary: 'Move an invitation by hand (an answer given by phone, a no-show); attendance is a check-in', params: IdParams, body: InvitationMoveInput, response: { 200: InvitationView, ...errors } },
    handler: async (request) => events.move(actorOf(request), request.params.id, { ...request.body, version: versionFrom(request.body.version, request.headers['if-match']) }, requestMeta(request)),
  });

  app.get('/prospects/:id/invitations', {
    preValidation: async (request) => {
      const id = paramId(request);
      if (id !== null) await prospects.assertVisible(actorOf(request), [id]);
    },
    schema: { tags, summary: "A prospect's invitations to events, latest event first", params: IdParams, response: { 200: z.object({ items: z.array(InvitationView) }), ...commonErrors } },
    handler: async (request) => events.ofProspect(actorOf(request), request.params.id),
  });

  app.get('/invitations/answer', {
    config: { access: 'guestLink', linkPurpose: 'invitation-answer' },
    schema: { tags, summary: "The page an invitation mail's accept or decline link opens (a GET changes nothing)", querystring: GuestQuery, produces: ['text/html'], response: { 200: z.string(), 404: ErrorBodySchema } },
    handler: async (request, reply) => {
      const view = await events.answerPage(request.linkSubject!);
      const action = `/api/v1/invitations/answer?t=${encodeURIComponent(request.query.t)}`;
      return reply.type('text/html; charset=utf-8').header('cache-control', 'no-store').header('referrer-policy', 'no-referrer').send(guestPage(request.locale, view, action, request.query.answer, null));
    },
  });

  // The guest's buttons post a plain form (no script, no session); the form parser lives in this route's scope only.
  void app.register(async (scoped) => {
    scoped.addContentTypeParser('application/x-www-form-urlencoded', { parseAs: 'string', bodyLimit: 1024 }, (_req, body, done) => done(null, Object.fromEntries(new URLSearchParams(String(body)))));
    scoped.withTypeProvider<ZodTypeProvider>().post('/invitations/answer', {
      config: { access: 'guestLink', linkPurpose: 'invitation-answer' },
      schema: {
        tags,
        summary: "The guest's answer: accepted or declined, until the event starts and while a seat is free",
        querystring: GuestQuery.extend({ answer: z.enum(['accepted', 'declined']) }),
        produces: ['text/html'],
        response: { 200: z.string(), 404: ErrorBodySchema, 409: z.string() },
      },
      handler: async (request, reply) => {
        const action = `/api/v1/invitations/answer?t=${encodeURIComponent(request.query.t)}`;
        const locale = request.locale;
        try {
          const view = await events.answer(request.linkSubject!, request.query.answer, requestMeta(request));
          return reply.type('text/html; charset=utf-8').header('cache-control', 'no-store').send(guestPage(locale, view, action, request.query.answer, null));
        } catch (err) {
          const code = (err as { code?: string }).code;
          if (code !== 'EVENT_FULL' && code !== 'EVENT_CLOSED') throw err;
          const view = await events.answerPage(request.linkSubject!);
          const w = answerWords(locale);
          return reply.code(409).type('text/html; charset=utf-8').header('cache-control', 'no-store').send(guestPage(locale, view, action, request.query.answer, code === 'EVENT_FULL' ? w.full : view.status === 'cancelled' ? w.cancelled : w.closed));
        }
      },
    });
  });
}
