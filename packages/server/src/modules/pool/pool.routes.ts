import { cleanText, Grade, PoolDetailView, PoolPageView, PoolPolicySchema, PoolPreviewView, Source, SweepReportView } from '@pond/domain';
import { z } from 'zod';
import { actorOf, requestMeta } from '../../platform/auth.js';
import { ErrorBodySchema } from '../../platform/errors.js';
import { IdParams, commonErrors, type TypedApp } from '../../platform/http.js';
import { versionFrom } from '../../platform/versioning.js';
import type { RouteContext } from '../../route-context.js';

const PoolQuery = z.strictObject({
  q: z.string().max(200).optional(),
  grade: Grade.optional(),
  source: Source.optional(),
  tag: z.string().max(100).optional(),
  minDaysInPool: z.coerce.number().int().min(0).max(36_500).optional(),
  formerTeamId: z.coerce.number().int().positive().optional(),
  cursor: z.string().max(500).optional(),
  limit: z.coerce.number().int().min(1).max(200).default(50),
});

const PolicyEnvelope = z.object({ policy: PoolPolicySchema, version: z.number().int() });
const errors = { ...commonErrors, 409: ErrorBodySchema, 412: ErrorBodySchema, 428: ErrorBodySchema };

export function poolRoutes(app: TypedApp, { services }: RouteContext): void {
  const tags = ['pool'];
  const { pool, settings } = services;

  app.get('/pool', {
    schema: {
      tags,
      summary: 'The shared pool (公海): unowned prospects, longest in the pool first, with the fields an admin hides shown empty, and the claims left today',
      querystring: PoolQuery,
      response: { 200: PoolPageView, ...commonErrors },
    },
    handler: async (request) => pool.list(actorOf(request), request.query),
  });

  app.get('/pool/:id', {
    schema: { tags, summary: 'One pool prospect with its whole timeline, its hidden fields empty until claimed', params: IdParams, response: { 200: PoolDetailView, ...commonErrors } },
    handler: async (request) => pool.get(actorOf(request), request.params.id),
  });

  app.post('/pool/:id/claim', {
    config: { may: 'claimFromPool' },
    schema: {
      tags,
      summary: 'Claim a pool prospect: it becomes yours and is on your Today. Of two claims at once one wins; the other answers 409',
      params: IdParams,
      response: { 200: z.object({ claimed: z.array(z.number().int()) }), ...errors },
    },
    handler: async (request) => pool.claim(actorOf(request), [request.params.id], requestMeta(request)),
  });

  app.post('/pool/claim', {
    config: { may: 'claimFromPool' },
    schema: {
      tags,
      summary: 'Claim several pool prospects at once, all or none, within the limits',
      body: z.strictObject({ ids: z.array(z.number().int().positive()).min(1).max(100) }),
      response: { 200: z.object({ claimed: z.array(z.number().int()) }), ...errors },
    },
    handler: async (request) => pool.claim(actorOf(request), request.body.ids, requestMeta(request)),
  });

  app.post('/pool/:id/assign', {
    config: { may: 'assignFromPool' },
    schema: {
      tags,
      summary: 'Hand a pool prospect to a member of your team (manager) or anyone (admin); the claim limits do not apply',
      params: IdParams,
      body: z.strictObject({ userId: z.number().int().positive() }),
      response: { 200: z.object({ prospectId: z.number().int(), ownerId: z.number().int() }), ...errors },
    },
    handler: async (request) => pool.assign(actorOf(request), request.params.id, request.body.userId, requestMeta(request)),
  });

  app.post('/prospects/:id/release', {
    // A prospect the actor may not see answers 404 whatever was sent with it.
    preValidation: async (request) => {
      const id = Number((request.params as Record<string, unknown>).id);
      if (Number.isSafeInteger(id) && id > 0) await services.prospects.assertVisible(actorOf(request), [id]);
    },
    schema: {
      tags,
      summary: 'Hand a prospect you own (or manage) to the shared pool, with a reason; its history stays with it',
      params: IdParams,
      body: z.strictObject({ reason: cleanText({ min: 1, max: 500 }) }),
      response: { 200: z.object({ prospectId: z.number().int() }), ...errors },
    },
    handler: async (request) => pool.release(actorOf(request), request.params.id, request.body.reason, requestMeta(request)),
  });

  app.get('/settings/pool', {
    config: { may: 'manageSettings' },
    schema: { tags: ['settings'], summary: 'The pool rules: recall days per grade, warning, claim limits, hidden fields (admin)', response: { 200: PolicyEnvelope, ...commonErrors } },
    handler: async () => settings.poolPolicy(),
  });

  app.put('/settings/pool', {
    config: { may: 'manageSettings' },
    schema: {
      tags: ['settings'],
      summary: 'Save the pool rules (admin); send the version read, or If-Match',
      body: z.strictObject({ policy: PoolPolicySchema, version: z.number().int().min(0).optional() }),
      response: { 200: PolicyEnvelope, ...errors },
    },
    handler: async (request) => settings.setPoolPolicy(actorOf(request), versionFrom(request.body.version, request.headers['if-match']), request.body.policy, requestMeta(request)),
  });

  app.post('/settings/pool/preview', {
    config: { may: 'manageSettings' },
    schema: {
      tags: ['settings'],
      summary: 'How many prospects these rules would send to the pool tomorrow, by grade; nothing is saved (admin)',
      body: z.strictObject({ policy: PoolPolicySchema }),
      response: { 200: PoolPreviewView, ...commonErrors },
    },
    handler: async (request) => pool.preview(request.body.policy),
  });

  app.post('/pool/sweep', {
    config: { may: 'manageSettings' },
    schema: {
      tags,
      summary: 'Run the recall now, or only count what it would move (dryRun) (admin); the daily job does the same',
      body: z.strictObject({ dryRun: z.boolean().default(true) }),
      response: { 200: SweepReportView, ...errors },
    },
    handler: async (request) => pool.sweep(actorOf(request), { dryRun: request.body.dryRun }),
  });
}
