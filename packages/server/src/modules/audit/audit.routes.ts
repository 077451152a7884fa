import { CalendarDateSchema } from '@pond/domain';
import { AUDIT_ACTION_PATTERN } from '@pond/domain/audit';
import { z } from 'zod';
import { actorOf } from '../../platform/auth.js';
import { commonErrors, type TypedApp } from '../../platform/http.js';
import type { RouteContext } from '../../route-context.js';

const AuditItem = z.object({
  id: z.number().int(),
  at: z.string(),
  actorId: z.number().int().nullable(),
  /** The user's display name; for entries no user made, the label recorded with them. */
  actorName: z.string().nullable(),
  /** As recorded: the user's e-mail then, "Pond (job)", "guest (signed link)", the address a failed sign-in typed. */
  actorLabel: z.string().nullable(),
  action: z.string(),
  entityType: z.string(),
  entityId: z.string().nullable(),
  /** The record's name now (a prospect's, a user's, an event's title…); null when it has none or is gone. */
  entityName: z.string().nullable(),
  /** Names of the other records the entry's data names, keyed "type:id" (e.g. "user:12"). */
  related: z.record(z.string(), z.string()),
  before: z.unknown(),
  after: z.unknown(),
  ip: z.string().nullable(),
});

const AuditQuery = z.strictObject({
  limit: z.coerce.number().int().min(1).max(200).default(50),
  cursor: z.string().max(500).optional(),
  /** A user's id, or "system" for entries no user made. */
  actor: z.union([z.literal('system'), z.coerce.number().int().positive().max(Number.MAX_SAFE_INTEGER)]).optional(),
  action: z.string().max(80).regex(AUDIT_ACTION_PATTERN).optional(),
  /** First and last day, in the viewer's time zone. */
  from: CalendarDateSchema.optional(),
  to: CalendarDateSchema.optional(),
  entityType: z.string().max(50).optional(),
  entityId: z.string().max(50).optional(),
});

export function auditRoutes(app: TypedApp, { services }: RouteContext): void {
  app.get('/audit', {
    config: { may: 'readAudit' },
    schema: {
      tags: ['audit'],
      summary: 'The audit log, newest first, by actor, action and period (admin)',
      querystring: AuditQuery,
      response: { 200: z.object({ items: z.array(AuditItem), nextCursor: z.string().nullable() }), ...commonErrors },
    },
    handler: async (request) => services.audit.page(actorOf(request), request.query, request.locale),
  });
}
