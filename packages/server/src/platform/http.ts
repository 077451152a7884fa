import type { FastifyBaseLogger, FastifyInstance, FastifyRequest, RawReplyDefaultExpression, RawRequestDefaultExpression, RawServerDefault } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { ErrorBodySchema } from './errors.js';

export type TypedApp = FastifyInstance<RawServerDefault, RawRequestDefaultExpression, RawReplyDefaultExpression, FastifyBaseLogger, ZodTypeProvider>;

export const IdParams = z.strictObject({ id: z.coerce.number().int().positive() });
export const NoContent = z.null().describe('No content');

/**
 * The `:id` of a request before its params are validated, read as `IdParams` will coerce it, or null: for the
 * hooks that answer 404 for a record the actor may not see before the body is looked at.
 */
export function paramId(request: FastifyRequest): number | null {
  const id = Number((request.params as Record<string, unknown> | undefined)?.id);
  return Number.isSafeInteger(id) && id > 0 ? id : null;
}

/** The request body as sent, before validation: an object, or an empty one. */
export const rawBody = (request: FastifyRequest) => (request.body && typeof request.body === 'object' ? request.body : {}) as Record<string, unknown>;

/** The error responses every authenticated route may give, for the OpenAPI document. */
export const commonErrors = {
  400: ErrorBodySchema,
  401: ErrorBodySchema,
  403: ErrorBodySchema,
  404: ErrorBodySchema,
};
