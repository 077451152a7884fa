import { CreateUserInput, ResetPasswordInput, UpdateUserInput, UserView } from '@pond/domain';
import { z } from 'zod';
import { actorOf, requestMeta } from '../../platform/auth.js';
import { ErrorBodySchema } from '../../platform/errors.js';
import { IdParams, NoContent, commonErrors, type TypedApp } from '../../platform/http.js';
import { versionFrom } from '../../platform/versioning.js';
import type { RouteContext } from '../../route-context.js';

export function usersRoutes(app: TypedApp, { services }: RouteContext): void {
  const tags = ['users'];
  app.get('/users', {
    config: { may: 'listUsers' },
    schema: { tags, summary: 'Users the actor may see', response: { 200: z.object({ items: z.array(UserView) }), ...commonErrors } },
    handler: async (request) => ({ items: await services.users.list(actorOf(request)) }),
  });

  app.get('/users/:id', {
    schema: { tags, summary: 'One user', params: IdParams, response: { 200: z.object({ user: UserView }), ...commonErrors } },
    handler: async (request) => ({ user: await services.users.get(actorOf(request), request.params.id) }),
  });

  app.post('/users', {
    config: { may: 'manageUsers' },
    schema: { tags, summary: 'Create a user (admin)', body: CreateUserInput, response: { 201: z.object({ user: UserView }), ...commonErrors, 409: ErrorBodySchema } },
    handler: async (request, reply) => reply.code(201).send({ user: await services.users.create(actorOf(request), request.body, requestMeta(request)) }),
  });

  app.patch('/users/:id', {
    config: { may: 'manageUsers' },
    schema: {
      tags,
      summary: 'Change role, team, name or active state (admin); needs the version it is based on',
      params: IdParams,
      body: UpdateUserInput,
      response: { 200: z.object({ user: UserView }), ...commonErrors, 409: ErrorBodySchema, 412: ErrorBodySchema, 428: ErrorBodySchema },
    },
    handler: async (request) => {
      const { version, ...changes } = request.body;
      const expected = versionFrom(version, request.headers['if-match']);
      return { user: await services.users.update(actorOf(request), request.params.id, expected, changes, requestMeta(request)) };
    },
  });

  app.post('/users/:id/password', {
    config: { may: 'manageUsers' },
    schema: { tags, summary: "Reset a user's password (admin); their sessions end", params: IdParams, body: ResetPasswordInput, response: { 204: NoContent, ...commonErrors } },
    handler: async (request, reply) => {
      await services.users.resetPassword(actorOf(request), request.params.id, request.body.password, requestMeta(request));
      return reply.code(204).send(null);
    },
  });
}
