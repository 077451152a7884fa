import { CoachingPolicySchema, CoachingQuery, CoachingReportView, DrillQuery, DrillView } from '@pond/domain';
import { z } from 'zod';
import { actorOf, requestMeta } from '../../platform/auth.js';
import { ErrorBodySchema } from '../../platform/errors.js';
import { commonErrors, type TypedApp } from '../../platform/http.js';
import { versionFrom } from '../../platform/versioning.js';
import type { RouteContext } from '../../route-context.js';

const CoachingPolicyView = z.object({ policy: CoachingPolicySchema, version: z.number().int() });

export function coachingRoutes(app: TypedApp, { services }: RouteContext): void {
  const tags = ['coaching'];
  const { coaching, settings } = services;

  app.get('/coaching', {
    schema: {
      tags,
      summary: "Coaching (銷售人員PK): each salesperson's measures over a period in the reader's calendar, weekly series and the one-shot flag; a manager reads their teams, an admin any team or all, a salesperson themself and the team's medians",
      querystring: CoachingQuery,
      response: { 200: CoachingReportView, ...commonErrors },
    },
    handler: async (request) => coaching.report(actorOf(request), request.query),
  });

  app.get('/coaching/drill', {
    schema: {
      tags,
      summary: 'The touches or prospects behind one number of one salesperson\'s report, counted by the same rule as the number',
      querystring: DrillQuery,
      response: { 200: DrillView, ...commonErrors },
    },
    handler: async (request) => coaching.drill(actorOf(request), request.query),
  });

  app.get('/coaching/export', {
    schema: {
      tags,
      summary: 'The coaching table as CSV (UTF-8 with BOM), in the reader\'s language, the flags in words (managers and admins)',
      produces: ['text/csv'],
      querystring: CoachingQuery,
      response: { 200: z.string(), ...commonErrors },
    },
    handler: async (request, reply) => {
      const file = await coaching.csv(actorOf(request), request.query, requestMeta(request), request.locale);
      return reply.type('text/csv; charset=utf-8').header('content-disposition', `attachment; filename="${file.filename}"`).header('cache-control', 'no-store').send(file.body);
    },
  });

  app.get('/settings/coaching', {
    schema: { tags, summary: "The one-shot flag's thresholds: window, first contacts, revisit share, share of the book touched once", response: { 200: CoachingPolicyView, ...commonErrors } },
    handler: async () => settings.coachingPolicy(),
  });

  app.put('/settings/coaching', {
    config: { may: 'manageSettings' },
    schema: {
      tags,
      summary: "Change the one-shot flag's thresholds (admin)",
      body: z.strictObject({ version: z.number().int().nonnegative().optional(), policy: CoachingPolicySchema }),
      response: { 200: CoachingPolicyView, ...commonErrors, 409: ErrorBodySchema, 412: ErrorBodySchema, 428: ErrorBodySchema },
    },
    handler: async (request) => settings.setCoachingPolicy(actorOf(request), versionFrom(request.body.version, request.headers['if-match']), request.body.policy, requestMeta(request)),
  });
}
