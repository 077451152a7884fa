import { Email, MailSettingsInput, MailSettingsView } from '@pond/domain';
import { z } from 'zod';
import { actorOf, requestMeta } from '../../platform/auth.js';
import { ErrorBodySchema } from '../../platform/errors.js';
import { commonErrors, type TypedApp } from '../../platform/http.js';
import { versionFrom } from '../../platform/versioning.js';
import type { RouteContext } from '../../route-context.js';

export function mailRoutes(app: TypedApp, { services }: RouteContext): void {
  const tags = ['settings'];
  const errors = { ...commonErrors, 409: ErrorBodySchema, 412: ErrorBodySchema, 428: ErrorBodySchema, 502: ErrorBodySchema };
  app.get('/settings/mail', {
    config: { may: 'manageSettings' },
    schema: { tags, summary: 'Outgoing mail settings; secrets are never sent back, only whether they are set (admin)', response: { 200: MailSettingsView, ...commonErrors } },
    handler: async (request) => services.mail.getSettings(actorOf(request)),
  });
  app.put('/settings/mail', {
    config: { may: 'manageSettings' },
    schema: { tags, summary: 'Set the SMTP server, sender and DKIM key; a secret left out is kept (admin)', body: MailSettingsInput, response: { 200: MailSettingsView, ...errors } },
    handler: async (request) => {
      const { version, ...input } = request.body;
      return services.mail.setSettings(actorOf(request), versionFrom(version, request.headers['if-match']), input, requestMeta(request));
    },
  });
  app.delete('/settings/mail', {
    config: { may: 'manageSettings' },
    schema: {
      tags,
      summary: 'Remove the mail settings: Pond sends nothing until they are set again; mail already queued is retried with backoff, then left unsent (admin)',
      querystring: z.strictObject({ version: z.coerce.number().int().nonnegative().optional() }),
      response: { 200: MailSettingsView, ...errors },
    },
    handler: async (request) => services.mail.clearSettings(actorOf(request), versionFrom(request.query.version, request.headers['if-match']), requestMeta(request)),
  });
  app.post('/settings/mail/test', {
    config: { may: 'manageSettings' },
    schema: {
      tags,
      summary: "Send a test message now with the settings in force; a failure carries the mail server's answer (admin)",
      body: z.strictObject({ to: Email }),
      response: { 200: z.object({ response: z.string() }), ...errors },
    },
    handler: async (request) => services.mail.sendTest(actorOf(request), request.body.to, requestMeta(request)),
  });
}
