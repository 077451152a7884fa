import { z } from 'zod';
import { actorOf } from '../../platform/auth.js';
import { commonErrors, type TypedApp } from '../../platform/http.js';
import type { RouteContext } from '../../route-context.js';

const AuditItem = z.object({
  id: z.number().int(),
  at: z.string(),
  actorId: z.number().int().nullable(),
  actorName: z.string().nullable(),
  action: z.string(),
  entityType: z.string(),
  entityId: z.string().nullable(),
  before: z.unknown(),
  after: z.unknown(),
  ip: z.string().nullable(),
});

export function auditRoutes(app: TypedApp, { services }: RouteContext): void {
  app.get('/audit', {
    config: { may: 'readAudit' },
    schema: {
      tags: ['audit'],
      summary: 'The audit log, newest first (admin)',
      querystring: z.strictObject({
        limit: z.coerce.number().int().min(1).max(200).default(50),
        cursor: z.string().regex(/^\d+$/).optional(),
        entityType: z.string().max(50).optional(),
        entityId: z.string().max(50).optional(),
      }),
      response: { 200: z.object({ items: z.array(AuditItem), nextCursor: z.string().nullable() }), ...commonErrors },
    },
    handler: async (request) => {
      const page = await services.audit.page(actorOf(request), request.query);
      return { items: page.items.map(({ actorLabel, ...rest }) => ({ ...rest, actorName: actorLabel })), nextCursor: page.nextCursor };
    },
  });
}
