import { CreateTeamInput, TeamView, UpdateTeamInput } from '@pond/domain';
import { z } from 'zod';
import { actorOf, requestMeta } from '../../platform/auth.js';
import { ErrorBodySchema } from '../../platform/errors.js';
import { IdParams, commonErrors, type TypedApp } from '../../platform/http.js';
import { versionFrom } from '../../platform/versioning.js';
import type { RouteContext } from '../../route-context.js';

export function teamsRoutes(app: TypedApp, { services }: RouteContext): void {
  const tags = ['teams'];
  app.get('/teams', {
    schema: { tags, summary: 'Teams the actor may see', response: { 200: z.object({ items: z.array(TeamView) }), ...commonErrors } },
    handler: async (request) => ({ items: await services.teams.list(actorOf(request)) }),
  });

  app.post('/teams', {
    config: { may: 'manageTeams' },
    schema: { tags, summary: 'Create a team (admin)', body: CreateTeamInput, response: { 201: z.object({ team: TeamView }), ...commonErrors, 409: ErrorBodySchema } },
    handler: async (request, reply) => reply.code(201).send({ team: await services.teams.create(actorOf(request), request.body, requestMeta(request)) }),
  });

  app.patch('/teams/:id', {
    config: { may: 'manageTeams' },
    schema: {
      tags,
      summary: 'Rename a team or change its manager (admin)',
      params: IdParams,
      body: UpdateTeamInput,
      response: { 200: z.object({ team: TeamView }), ...commonErrors, 409: ErrorBodySchema, 412: ErrorBodySchema, 428: ErrorBodySchema },
    },
    handler: async (request) => {
      const { version, ...changes } = request.body;
      const expected = versionFrom(version, request.headers['if-match']);
      return { team: await services.teams.update(actorOf(request), request.params.id, expected, changes, requestMeta(request)) };
    },
  });
}
