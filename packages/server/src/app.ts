import { poolRoutes } from './modules/pool/pool.routes.js';
import { remindersRoutes } from './modules/reminders/reminders.routes.js';
import { ordersRoutes } from './modules/orders/orders.routes.js';
import { eventsRoutes } from './modules/events/events.routes.js';
import { newslettersRoutes } from './modules/newsletters/newsletters.routes.js';
import { privacyRoutes } from './modules/privacy/privacy.routes.js';
import { coachingRoutes } from './modules/coaching/coaching.routes.js';
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import fastifyCookie from '@fastify/cookie';
import fastifyStatic from '@fastify/static';
import fastifySwagger from '@fastify/swagger';
import fastifySwaggerUi from '@fastify/swagger-ui';
import type { Database } from '@pond/db';
import Fastify, { type FastifyInstance, type FastifyServerOptions } from 'fastify';
import { jsonSchemaTransform, serializerCompiler, validatorCompiler, type ZodTypeProvider } from 'fastify-type-provider-zod';
import { jobsRoutes } from './jobs/jobs.routes.js';
import { mailRoutes } from './modules/mail/mail.routes.js';
import { auditRoutes } from './modules/audit/audit.routes.js';
import { authRoutes } from './modules/auth/auth.routes.js';
import { healthRoutes } from './modules/health/health.routes.js';
import { setupRoutes } from './modules/setup/setup.routes.js';
import { teamsRoutes } from './modules/teams/teams.routes.js';
import { usersRoutes } from './modules/users/users.routes.js';
import { prospectsRoutes } from './modules/prospects/prospects.routes.js';
import { cardsRoutes } from './modules/cards/cards.routes.js';
import { settingsRoutes } from './modules/settings/settings.routes.js';
import { searchRoutes } from './modules/search/search.routes.js';
import { installAuth, installLocale, type Access, type RoleRule } from './platform/auth.js';
import { systemClock, type Clock } from './platform/clock.js';
import type { Config } from './platform/config.js';
import { installErrorHandling, sendError } from './platform/errors.js';
import type { RouteContext } from './route-context.js';
import { installInputGuard } from './platform/input-guard.js';
import { installSecurity } from './platform/security.js';
import { createServices, type Services } from './services.js';

export interface AppDeps {
  database: Database;
  config: Config;
  clock?: Clock;
  logger?: FastifyServerOptions['logger'];
  /** Where the built web app lives; defaults to packages/web/dist. */
  webRoot?: string;
}

export interface RouteEntry {
  method: string;
  url: string;
  access: Access;
  /** The role rule declared with `config.may`, if any. */
  may?: RoleRule;
  /** The route's input schemas as declared, for the suites that send every field bad input. */
  input: { body?: unknown; querystring?: unknown; params?: unknown };
}

declare module 'fastify' {
  interface FastifyInstance {
    services: Services;
    /** Every route with its declared access, for the authorization test that must cover them all. */
    routeTable: RouteEntry[];
  }
}

/** A request for a file of the build (its last segment has an extension, or it is under /assets/), not a page of the app. */
function isFileRequest(url: string): boolean {
  const path = url.split('?')[0]!;
  return path.startsWith('/assets/') || /\/[^/]+\.[A-Za-z0-9]{1,8}$/.test(path);
}

const DEFAULT_WEB_ROOT = fileURLToPath(new URL('../../web/dist', import.meta.url));

/** Builds the whole HTTP application without listening, so tests drive it through inject(). */
export async function buildApp(deps: AppDeps): Promise<FastifyInstance> {
  const { database, config } = deps;
  const clock = deps.clock ?? systemClock;
  const app = Fastify({
    logger: deps.logger ?? false,
    bodyLimit: config.bodyLimit,
    trustProxy: config.trustProxy,
    forceCloseConnections: 'idle',
    return503OnClosing: true,
  });
  const services = createServices({ database, config, clock });
  app.decorate('services', services);
  app.decorate('routeTable', [] as RouteEntry[]);
  app.addHook('onRoute', (route) => {
    // The API's own documentation is public: the shape of the API is no secret, its data is.
    if (route.url.startsWith('/api/docs')) route.config = { ...(route.config as object), access: 'public' };
    // The built web app's files are public (registered in their own context below, which says so).
    if ((route.config as { webFile?: boolean } | undefined)?.webFile) return;
    const methods = Array.isArray(route.method) ? route.method : [route.method];
    for (const method of methods) {
      if (method === 'HEAD') continue;
      const { body, querystring, params } = (route.schema ?? {}) as RouteEntry['input'];
      app.routeTable.push({ method, url: route.url, access: (route.config as { access?: Access } | undefined)?.access ?? 'user', may: (route.config as { may?: RoleRule } | undefined)?.may, input: { body, querystring, params } });
    }
  });

  app.setValidatorCompiler(validatorCompiler);
  app.setSerializerCompiler(serializerCompiler);
  installLocale(app);
  installErrorHandling(app);
  installSecurity(app, config);
  installInputGuard(app);
  await app.register(fastifyCookie);
  installAuth(app, services.auth, config);

  await app.register(fastifySwagger, {
    openapi: {
      openapi: '3.1.0',
      info: { title: 'Pond API', version: '1', description: 'Pond (魚塘): prospects, touches and the follow-up clock.' },
      servers: [{ url: config.baseUrl.origin }],
      components: {
        securitySchemes: {
          session: { type: 'apiKey', in: 'cookie', name: 'pond_session' },
          token: { type: 'http', scheme: 'bearer', description: 'A personal API token (pond_…)' },
        },
      },
      security: [{ session: [] }, { token: [] }],
    },
    transform: jsonSchemaTransform,
  });
  await app.register(fastifySwaggerUi, { routePrefix: '/api/docs', uiConfig: { docExpansion: 'list' }, staticCSP: false });
  app.get('/api/openapi.json', { config: { access: 'public' }, schema: { hide: true } }, async () => app.swagger());

  const ctx: RouteContext = { services, config };
  await app.register(
    async (api) => {
      const typed = api.withTypeProvider<ZodTypeProvider>();
      for (const routes of [setupRoutes, authRoutes, usersRoutes, teamsRoutes, auditRoutes, settingsRoutes, prospectsRoutes, cardsRoutes, searchRoutes, jobsRoutes, mailRoutes, poolRoutes, remindersRoutes, ordersRoutes, eventsRoutes, newslettersRoutes, privacyRoutes, coachingRoutes]) routes(typed, ctx);
    },
    { prefix: '/api/v1' },
  );
  healthRoutes(app, database);

  const webRoot = deps.webRoot ?? DEFAULT_WEB_ROOT;
  const hasWeb = existsSync(`${webRoot}/index.html`);
  if (hasWeb) {
    // The build's files under /assets/ carry a hash of their content in their names: cached for good. Everything
    // else (index.html above all) is checked with the server on every use, so an upgrade shows at once.
    const files = {
      root: webRoot,
      cacheControl: false,
      setHeaders: (res: { setHeader(name: string, value: string): unknown }, path: string) =>
        res.setHeader('cache-control', /[\\/]assets[\\/]/.test(path) ? 'public, max-age=31536000, immutable' : 'no-cache'),
    };
    // reply.sendFile for the not-found handler's page, without routes of its own…
    await app.register(fastifyStatic, { ...files, serve: false });
    // …and a route per file of the build, each declared public here, where the files are served, not by their URLs.
    await app.register(async (web) => {
      web.addHook('onRoute', (route) => {
        route.config = { ...(route.config as object), access: 'public', webFile: true };
      });
      await web.register(fastifyStatic, { ...files, wildcard: false, index: false, decorateReply: false });
    });
  }
  app.setNotFoundHandler({ preHandler: undefined }, async (request, reply) => {
    if (request.url.startsWith('/api/') || request.method !== 'GET') return sendError(reply, 'NOT_FOUND', request.locale);
    // A file that is not there (an old build's script, a typo) is a 404, never the app's page in its place.
    if (isFileRequest(request.url)) return sendError(reply, 'NOT_FOUND', request.locale);
    // Client-side routes (/today, /setup?token=…) all load the single-page app.
    if (hasWeb) return reply.type('text/html; charset=utf-8').sendFile('index.html');
    return reply
      .code(503)
      .type('text/html; charset=utf-8')
      .send('<!doctype html><title>Pond</title><p>The web app is not built yet. Run <code>npm run build</code> (npm start does it for you).</p>');
  });

  app.addHook('onClose', async () => {
    await database.close();
  });
  return app;
}
