import { z } from 'zod';
import { actorOf } from '../platform/auth.js';
import { commonErrors, type TypedApp } from '../platform/http.js';
import type { RouteContext } from '../route-context.js';

const JobView = z.object({
  id: z.number().int(),
  key: z.string(),
  type: z.string(),
  status: z.enum(['queued', 'running', 'done', 'dead']),
  attempts: z.number().int(),
  maxAttempts: z.number().int(),
  runAt: z.string(),
  lastError: z.string().nullable(),
  createdAt: z.string(),
  finishedAt: z.string().nullable(),
});
const Counts = z.object({ queued: z.number().int(), running: z.number().int(), done: z.number().int(), dead: z.number().int() });

export function jobsRoutes(app: TypedApp, { services }: RouteContext): void {
  const tags = ['jobs'];
  app.get('/jobs', {
    config: { may: 'viewJobs' },
    schema: {
      tags,
      summary: 'Background jobs, newest first, with the count of each status; dead jobs keep their last error (admin)',
      querystring: z.strictObject({
        status: z.enum(['queued', 'running', 'done', 'dead']).optional(),
        limit: z.coerce.number().int().min(1).max(200).default(50),
        before: z.coerce.number().int().positive().optional(),
      }),
      response: { 200: z.object({ items: z.array(JobView), counts: Counts }), ...commonErrors },
    },
    handler: async (request) => services.jobs.list(actorOf(request), request.query),
  });
  app.post('/jobs/probe', {
    config: { may: 'viewJobs' },
    schema: {
      tags,
      summary: 'Check that background work runs: enqueues a probe job that a worker marks done (admin)',
      body: z.strictObject({ sleepMs: z.number().int().min(0).max(60_000).default(0) }),
      response: { 201: z.object({ job: JobView }), ...commonErrors },
    },
    handler: async (request, reply) => reply.code(201).send({ job: await services.jobs.probe(actorOf(request), request.body.sleepMs) }),
  });
}
