import { SetupInput, UserView } from '@pond/domain';
import { z } from 'zod';
import { requestMeta, setSessionCookie } from '../../platform/auth.js';
import { ErrorBodySchema } from '../../platform/errors.js';
import type { TypedApp } from '../../platform/http.js';
import type { RouteContext } from '../../route-context.js';

export function setupRoutes(app: TypedApp, { services, config }: RouteContext): void {
  const tags = ['setup'];
  app.get('/setup/status', {
    config: { access: 'public' },
    schema: { tags, summary: 'Whether Pond still needs its first admin', response: { 200: z.object({ needsSetup: z.boolean() }) } },
    handler: async () => ({ needsSetup: await services.setup.needsSetup() }),
  });

  app.post('/setup', {
    config: { access: 'public' },
    schema: { tags, summary: 'Create the first admin with the one-time setup token', body: SetupInput, response: { 201: z.object({ user: UserView }), 400: ErrorBodySchema, 409: ErrorBodySchema } },
    handler: async (request, reply) => {
      const { user, sessionToken } = await services.setup.complete(request.body, requestMeta(request));
      setSessionCookie(reply, config, sessionToken);
      return reply.code(201).send({ user });
    },
  });
}
