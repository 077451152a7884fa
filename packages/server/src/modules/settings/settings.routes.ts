import { IntervalPolicySchema } from '@pond/domain';
import { z } from 'zod';
import { actorOf, requestMeta } from '../../platform/auth.js';
import { ErrorBodySchema } from '../../platform/errors.js';
import { commonErrors, type TypedApp } from '../../platform/http.js';
import { versionFrom } from '../../platform/versioning.js';
import type { RouteContext } from '../../route-context.js';

const PolicyView = z.object({ policy: IntervalPolicySchema, version: z.number().int() });

export function settingsRoutes(app: TypedApp, { services }: RouteContext): void {
  const tags = ['settings'];
  app.get('/settings/interval-policy', {
    schema: { tags, summary: 'Default revisit intervals by grade and importance', response: { 200: PolicyView, ...commonErrors } },
    handler: async () => services.settings.intervalPolicy(),
  });
  app.put('/settings/interval-policy', {
    config: { may: 'manageSettings' },
    schema: {
      tags,
      summary: 'Change the default revisit intervals (admin)',
      body: z.strictObject({ version: z.number().int().nonnegative().optional(), policy: IntervalPolicySchema }),
      response: { 200: PolicyView, ...commonErrors, 412: ErrorBodySchema, 428: ErrorBodySchema },
    },
    handler: async (request) =>
      services.settings.setIntervalPolicy(actorOf(request), versionFrom(request.body.version, request.headers['if-match']), request.body.policy, requestMeta(request)),
  });
}
