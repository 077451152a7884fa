import { AppError, DigestSettingsInput, escapeHtml, FeedCreatedView, MarkReadInput, NotificationsPageView, ReminderSettingsView, unsubscribeWords } from '@pond/domain';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { actorOf, requestMeta } from '../../platform/auth.js';
import { link } from '../../platform/config.js';
import { linkPage } from '../../platform/link-page.js';
import { ErrorBodySchema } from '../../platform/errors.js';
import { NoContent, commonErrors, type TypedApp } from '../../platform/http.js';
import type { RouteContext } from '../../route-context.js';

const SignedQuery = z.strictObject({ t: z.string().max(80) });
const FeedParams = z.strictObject({ token: z.string().max(100) });

export function remindersRoutes(app: TypedApp, { services, config }: RouteContext): void {
  const tags = ['reminders'];
  const { reminders } = services;

  app.get('/reminders', {
    schema: { tags, summary: 'Own reminders: the morning agenda mail and the calendar feed', response: { 200: ReminderSettingsView, 401: ErrorBodySchema } },
    handler: async (request) => reminders.settings(actorOf(request)),
  });

  app.put('/reminders/digest', {
    // The team part is a manager's: anyone else asking for it is refused before the body is validated.
    preValidation: async (request) => {
      const asked = (request.body as { teamDigest?: unknown } | null)?.teamDigest === true;
      if (asked && actorOf(request).role !== 'manager') throw new AppError('FORBIDDEN');
    },
    schema: { tags, summary: 'Turn the morning mail on or off, or move its hour and days (local time)', body: DigestSettingsInput, response: { 200: ReminderSettingsView, ...commonErrors } },
    handler: async (request) => reminders.setDigest(actorOf(request), request.body, requestMeta(request)),
  });

  app.post('/reminders/feed', {
    schema: { tags, summary: 'Make a new private calendar feed address (shown once; the one before stops working)', response: { 201: FeedCreatedView, ...commonErrors } },
    handler: async (request, reply) => reply.code(201).send(await reminders.createFeed(actorOf(request), requestMeta(request))),
  });

  app.delete('/reminders/feed', {
    schema: { tags, summary: 'Revoke the calendar feed address', response: { 204: NoContent, ...commonErrors } },
    handler: async (request, reply) => {
      await reminders.revokeFeed(actorOf(request), requestMeta(request));
      return reply.code(204).send(null);
    },
  });

  app.get('/feeds/:token', {
    config: { access: 'feed' },
    schema: {
      tags,
      summary: "The feed token's owner's follow-ups as iCalendar (all-day events); answers 304 to a matching If-None-Match",
      produces: ['text/calendar'],
      params: FeedParams,
      response: { 200: z.string().describe('text/calendar'), 304: NoContent, 404: ErrorBodySchema },
    },
    handler: async (request, reply) => {
      const actor = actorOf(request);
      const tag = await reminders.calendarTag(actor);
      reply.header('etag', tag).header('cache-control', 'private, no-cache').header('vary', 'accept-language');
      const given = request.headers['if-none-match'];
      if (given && given.split(',').some((t) => t.trim() === tag)) return reply.code(304).send(null);
      // The feed's UTF-8 bytes as built and kept (the schema above documents them as the text they are).
      const body = await reminders.calendar(actor, tag);
      return reply.type('text/calendar; charset=utf-8').header('content-disposition', 'inline; filename="pond.ics"').send(body as unknown as string);
    },
  });

  app.get('/reminders/unsubscribe', {
    config: { access: 'signedLink', linkPurpose: 'digest-off' },
    schema: { tags, summary: "The page a morning mail's 'turn it off' link opens (a GET changes nothing)", querystring: SignedQuery, produces: ['text/html'], response: { 200: z.string(), 404: ErrorBodySchema } },
    handler: async (request, reply) => {
      const w = unsubscribeWords(request.locale);
      const action = `/api/v1/reminders/unsubscribe?t=${encodeURIComponent(request.query.t)}`;
      const body = `<p>${escapeHtml(w.ask)}</p><form method="post" action="${escapeHtml(action)}"><input type="hidden" name="List-Unsubscribe" value="One-Click"><button type="submit" style="font-size:1rem;padding:.5rem 1rem">${escapeHtml(w.button)}</button></form>`;
      return reply.type('text/html; charset=utf-8').header('cache-control', 'no-store').send(linkPage(request.locale, body, w.title));
    },
  });

  // RFC 8058: a mail provider posts "List-Unsubscribe=One-Click" as a form, with no session and no origin. The
  // form parser lives in this route's own scope; every other route still takes JSON only.
  void app.register(async (scoped) => {
    scoped.addContentTypeParser('application/x-www-form-urlencoded', { parseAs: 'string', bodyLimit: 1024 }, (_req, body, done) => done(null, Object.fromEntries(new URLSearchParams(String(body)))));
    scoped.withTypeProvider<ZodTypeProvider>().post('/reminders/unsubscribe', {
      config: { access: 'signedLink', linkPurpose: 'digest-off' },
      schema: {
        tags,
        summary: 'Turn the morning mail off in one click (RFC 8058 List-Unsubscribe-Post)',
        querystring: SignedQuery,
        body: z.object({ 'List-Unsubscribe': z.literal('One-Click').optional() }).optional(),
        produces: ['text/html'],
        response: { 200: z.string(), 404: ErrorBodySchema },
      },
      handler: async (request, reply) => {
        await reminders.turnDigestOff(actorOf(request), requestMeta(request));
        const w = unsubscribeWords(request.locale);
        const body = `<p>${escapeHtml(w.done)}</p><p><a href="${escapeHtml(link(config, '/account'))}">${escapeHtml(w.account)}</a></p>`;
        return reply.type('text/html; charset=utf-8').header('cache-control', 'no-store').send(linkPage(request.locale, body, w.title));
      },
    });
  });

  app.get('/notifications', {
    schema: {
      tags,
      summary: 'Own notices, newest first, with the unread count',
      querystring: z.strictObject({ before: z.coerce.number().int().positive().optional(), limit: z.coerce.number().int().min(1).max(100).default(20) }),
      response: { 200: NotificationsPageView, ...commonErrors },
    },
    handler: async (request) => reminders.notifications(actorOf(request), request.query.before ?? null, request.query.limit),
  });

  app.post('/notifications/read', {
    schema: { tags, summary: 'Mark own notices read: some by id, or all', body: MarkReadInput, response: { 200: z.object({ unread: z.number().int() }), ...commonErrors } },
    handler: async (request) => reminders.markRead(actorOf(request), request.body),
  });
}
