import { PrivacyExportView } from '@pond/domain';
import { actorOf, requestMeta } from '../../platform/auth.js';
import { IdParams, commonErrors, type TypedApp } from '../../platform/http.js';
import type { RouteContext } from '../../route-context.js';

export function privacyRoutes(app: TypedApp, { services }: RouteContext): void {
  app.get('/prospects/:id/privacy-export', {
    schema: {
      tags: ['prospects'],
      summary: 'Everything Pond holds about one prospect, for a data-subject request: the record, its timeline, orders and invitations as JSON, with the card as vCard 3.0 (audited)',
      params: IdParams,
      response: { 200: PrivacyExportView, ...commonErrors },
    },
    handler: async (request, reply) => {
      const file = await services.privacy.export(actorOf(request), request.params.id, requestMeta(request));
      void reply.header('content-disposition', `attachment; filename="${file.filename}"`).header('cache-control', 'no-store');
      return file.body;
    },
  });
}
