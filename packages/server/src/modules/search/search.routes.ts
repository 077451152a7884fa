import { z } from 'zod';
import { actorOf } from '../../platform/auth.js';
import { commonErrors, type TypedApp } from '../../platform/http.js';
import { ProspectSummaryView } from '../prospects/prospects.views.js';
import type { RouteContext } from '../../route-context.js';

const FieldMatchView = z.object({
  field: z.enum(['name', 'company', 'title', 'email', 'phone', 'wechat', 'tag']),
  index: z.number().int(),
  kind: z.enum(['text', 'pinyin', 'initials', 'digits']),
  ranges: z.array(z.tuple([z.number().int(), z.number().int()])),
  exact: z.boolean(),
  prefix: z.boolean(),
});

export function searchRoutes(app: TypedApp, { services }: RouteContext): void {
  app.get('/search', {
    schema: {
      tags: ['search'],
      summary: 'Find visible prospects by any fragment: either script, pinyin or initials, phone digits, email',
      querystring: z.strictObject({ q: z.string().trim().min(1).max(100), limit: z.coerce.number().int().min(1).max(50).default(20) }),
      response: {
        200: z.object({ items: z.array(z.object({ prospect: ProspectSummaryView, matches: z.array(FieldMatchView) })), total: z.number().int(), truncated: z.boolean() }),
        ...commonErrors,
      },
    },
    handler: async (request) => services.search.search(actorOf(request), request.query.q, request.query.limit),
  });
}
