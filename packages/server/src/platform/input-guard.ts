import { AppError, errorMessage, hasForbiddenCharacters } from '@pond/domain';
import type { FastifyInstance } from 'fastify';

/** The first string under `value` that no field may hold, with its path; depth-bounded like the JSON it came from. */
function findForbidden(value: unknown, path: (string | number)[], depth = 0): (string | number)[] | null {
  if (typeof value === 'string') return hasForbiddenCharacters(value) ? path : null;
  if (depth > 32 || value === null || typeof value !== 'object') return null;
  for (const [k, v] of Array.isArray(value) ? value.entries() : Object.entries(value)) {
    const found = findForbidden(v, [...path, k], depth + 1);
    if (found) return found;
  }
  return null;
}

/**
 * The backstop behind every schema's own text rule: after validation, before any handler runs, no string in
 * the params, query or body may hold NUL, another control character (tab and line breaks aside) or a lone
 * surrogate. PostgreSQL cannot store such text and SQLite would keep it broken; here it is a 400 on both.
 */
export function installInputGuard(app: FastifyInstance): void {
  app.addHook('preHandler', async (request) => {
    for (const [part, value] of [
      ['params', request.params],
      ['query', request.query],
      ['body', request.body],
    ] as const) {
      const path = findForbidden(value, [part]);
      if (path) {
        throw new AppError('VALIDATION_FAILED', { details: [{ path, reason: 'TEXT_CONTROL_CHARACTER', message: errorMessage('TEXT_CONTROL_CHARACTER', request.locale) }] });
      }
    }
  });
}
