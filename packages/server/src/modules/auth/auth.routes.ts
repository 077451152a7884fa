import {
  capabilitiesOf,
  AppError,
  PHONE_FAILURE_LABELS,
  normalizePhone,
  ChangePasswordInput,
  CreateTokenInput,
  LoginInput,
  TokenView,
  UpdateMeInput,
  UserView,
  MeView,
} from '@pond/domain';
import { z } from 'zod';
import { actorOf, clearSessionCookie, requestMeta, setSessionCookie } from '../../platform/auth.js';
import { ErrorBodySchema } from '../../platform/errors.js';
import { IdParams, NoContent, commonErrors, type TypedApp } from '../../platform/http.js';
import type { RouteContext } from '../../route-context.js';

export function authRoutes(app: TypedApp, { services, config }: RouteContext): void {
  const tags = ['auth'];

  app.post('/auth/login', {
    config: { access: 'public' },
    schema: { tags, summary: 'Sign in with email and password', body: LoginInput, response: { 200: z.object({ user: UserView }), 400: ErrorBodySchema, 401: ErrorBodySchema, 429: ErrorBodySchema } },
    handler: async (request, reply) => {
      const { user, token } = await services.auth.login(request.body.email, request.body.password, requestMeta(request));
      setSessionCookie(reply, config, token);
      return { user };
    },
  });

  app.post('/auth/logout', {
    schema: { tags, summary: 'End this session', response: { 204: NoContent, 401: ErrorBodySchema } },
    handler: async (request, reply) => {
      await services.auth.logout(actorOf(request), requestMeta(request));
      clearSessionCookie(reply, config);
      return reply.code(204).send(null);
    },
  });

  // The user with the phone region in use, which the web formats numbers and examples in.
  const me = (user: UserView) => ({ user: { ...user, phoneRegionInUse: services.prospects.phoneRegion(user), can: capabilitiesOf(user.role) } });

  app.get('/auth/me', {
    schema: { tags, summary: 'The signed-in user', response: { 200: z.object({ user: MeView }), 401: ErrorBodySchema } },
    handler: async (request) => me(await services.auth.me(actorOf(request))),
  });

  app.patch('/auth/me', {
    schema: { tags, summary: 'Change own name, language, time zone, phone region, or the title and phone under cover notes', body: UpdateMeInput, response: { 200: z.object({ user: MeView }), ...commonErrors } },
    handler: async (request) => {
      const actor = actorOf(request);
      const { title, phone, ...rest } = request.body;
      const changes: Parameters<typeof services.auth.updateMe>[1] = { ...rest };
      if (title !== undefined) changes.title = title || null;
      if (phone !== undefined) {
        // Typed as the user would say it, read in their phone region (or the one they are choosing now); kept as E.164.
        const read = phone ? normalizePhone(phone, services.prospects.phoneRegion({ phoneRegion: rest.phoneRegion ?? actor.phoneRegion, timeZone: rest.timeZone ?? actor.timeZone })) : null;
        if (read && !read.ok) throw new AppError('VALIDATION_FAILED', { details: [{ path: ['body', 'phone'], message: PHONE_FAILURE_LABELS[read.reason][request.locale] }] });
        changes.phone = read?.ok ? read.value.e164 : null;
      }
      return me(await services.auth.updateMe(actor, changes));
    },
  });

  app.post('/auth/password', {
    schema: { tags, summary: 'Change own password; other sessions end', body: ChangePasswordInput, response: { 204: NoContent, ...commonErrors } },
    handler: async (request, reply) => {
      await services.auth.changePassword(actorOf(request), request.body.currentPassword, request.body.newPassword, requestMeta(request));
      return reply.code(204).send(null);
    },
  });

  app.get('/auth/tokens', {
    schema: { tags, summary: 'Own personal API tokens', response: { 200: z.object({ items: z.array(TokenView) }), 401: ErrorBodySchema } },
    handler: async (request) => ({ items: await services.auth.listTokens(actorOf(request)) }),
  });

  app.post('/auth/tokens', {
    schema: {
      tags,
      summary: 'Create a personal API token (shown once)',
      body: CreateTokenInput,
      response: { 201: z.object({ id: z.number().int(), name: z.string(), token: z.string() }), ...commonErrors },
    },
    handler: async (request, reply) => reply.code(201).send(await services.auth.createToken(actorOf(request), request.body.name)),
  });

  app.delete('/auth/tokens/:id', {
    schema: { tags, summary: 'Revoke a personal API token', params: IdParams, response: { 204: NoContent, ...commonErrors } },
    handler: async (request, reply) => {
      await services.auth.revokeToken(actorOf(request), request.params.id);
      return reply.code(204).send(null);
    },
  });
}
