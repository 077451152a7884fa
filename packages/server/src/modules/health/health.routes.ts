import type { Database } from '@pond/db';
import type { FastifyInstance } from 'fastify';

/** Liveness (the process answers) and readiness (the database answers). Outside /api and the OpenAPI document. */
export function healthRoutes(app: FastifyInstance, database: Database): void {
  app.get('/healthz', { config: { access: 'public' }, schema: { hide: true } }, async () => ({ status: 'ok' }));
  app.get('/readyz', { config: { access: 'public' }, schema: { hide: true } }, async (request, reply) => {
    try {
      await database.ping();
      return { status: 'ok', database: database.dialect };
    } catch (err) {
      request.log.warn({ err }, 'readiness check failed');
      return reply.code(503).send({ status: 'unavailable', database: database.dialect });
    }
  });
}
