import { AppError, can, negotiateLocale, type Locale } from '@pond/domain';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { Actor, RequestMeta } from './actor.js';
import type { Config } from './config.js';
import type { LinkPurpose } from './signed-links.js';

/**
 * Who may call a route. Routes default to 'user': forgetting to say is a closed door, not an open one.
 * 'feed': the calendar feed token in the route's `:token` parameter, and nothing else (a session does not open it).
 * 'signedLink': a link Pond signed for one user and one purpose (`config.linkPurpose`), in the `t` query parameter.
 * 'guestLink': a link Pond signed for one record and one purpose (an invitation a guest answers), in `t`: no one
 * signs in, the record is `request.linkSubject`.
 * Each answers 404 when the credential does not check out, as for a page that is not there.
 */
export type Access = 'public' | 'user' | 'feed' | 'signedLink' | 'guestLink';
export type RoleRule = keyof typeof can;

declare module 'fastify' {
  interface FastifyRequest {
    actor: Actor | null;
    locale: Locale;
    sessionExpired: boolean;
    /** The record a 'guestLink' route's link was signed for. */
    linkSubject: number | null;
  }
  interface FastifyContextConfig {
    access?: Access;
    /**
     * The role rule (from the domain's `can`) the whole route needs. Checked right after sign-in, before the
     * body is parsed or validated, so a caller who may never use the route learns nothing from its answers.
     */
    may?: RoleRule;
    /** The purpose a 'signedLink' or 'guestLink' route's link was signed for. */
    linkPurpose?: LinkPurpose;
    /** A file of the built web app (public; left out of the route table, which lists what the code declares). */
    webFile?: boolean;
  }
}

export function sessionCookieName(config: Pick<Config, 'secure'>): string {
  // The __Host- prefix pins the cookie to this origin, but browsers only accept it over https.
  return config.secure ? '__Host-pond_session' : 'pond_session';
}

export function requestMeta(request: FastifyRequest): RequestMeta {
  return { ip: request.ip ?? null, userAgent: request.headers['user-agent'] ?? null };
}

/** The signed-in actor of a route that declared access 'user' (the hook has already refused anonymous calls). */
export function actorOf(request: FastifyRequest): Actor {
  if (!request.actor) throw new AppError('UNAUTHENTICATED');
  return request.actor;
}

/** Registered first: the error handler needs a locale even when a later hook refuses the request. */
export function installLocale(app: FastifyInstance): void {
  app.decorateRequest('locale', 'en');
  app.addHook('onRequest', async (request) => {
    request.locale = negotiateLocale(request.headers['accept-language']);
  });
}

/** What the request hook needs from the auth module: the ground names the shape, the wiring at the top supplies it. */
export interface Authenticator {
  checkApiToken(token: string): Promise<Actor | null>;
  checkSession(token: string): Promise<{ actor: Actor } | { expired: true } | null>;
  checkFeedToken(token: string): Promise<Actor | null>;
  checkSignedLink(purpose: LinkPurpose, value: unknown): Promise<Actor | null>;
  /** The record a guest's link was signed for, or null. */
  checkGuestLink(purpose: LinkPurpose, value: unknown): Promise<number | null>;
}

export function installAuth(app: FastifyInstance, auth: Authenticator, config: Config): void {
  const cookieName = sessionCookieName(config);
  app.decorateRequest('actor', null);
  app.decorateRequest('sessionExpired', false);
  app.decorateRequest('linkSubject', null);

  app.addHook('onRequest', async (request: FastifyRequest, reply: FastifyReply) => {
    // Every route says who may call it; nothing is skipped by its URL. An unknown URL reaches the not-found
    // handler, which answers the same to everyone (the app's page for a client route, 404 for the rest).
    const access: Access = request.is404 ? 'public' : (request.routeOptions.config?.access ?? 'user');
    // A public route needs no one: no session is looked up for it.
    if (access === 'public') return;
    if (access === 'feed') {
      const token = (request.params as { token?: unknown } | undefined)?.token;
      request.actor = typeof token === 'string' ? await auth.checkFeedToken(token) : null;
      if (!request.actor) throw new AppError('NOT_FOUND');
      return;
    }
    if (access === 'guestLink') {
      const purpose = request.routeOptions.config?.linkPurpose;
      request.linkSubject = purpose ? await auth.checkGuestLink(purpose, (request.query as { t?: unknown } | undefined)?.t) : null;
      if (request.linkSubject === null) throw new AppError('NOT_FOUND');
      return;
    }
    if (access === 'signedLink') {
      const purpose = request.routeOptions.config?.linkPurpose;
      request.actor = purpose ? await auth.checkSignedLink(purpose, (request.query as { t?: unknown } | undefined)?.t) : null;
      if (!request.actor) throw new AppError('NOT_FOUND');
      if (request.actor.locale) request.locale = request.actor.locale;
      return;
    }

    const authorization = request.headers.authorization;
    if (authorization?.startsWith('Bearer ')) {
      request.actor = await auth.checkApiToken(authorization.slice(7).trim());
    } else {
      const token = request.cookies[cookieName];
      if (token) {
        const check = await auth.checkSession(token);
        if (check && 'actor' in check) request.actor = check.actor;
        else {
          request.sessionExpired = check !== null;
          reply.clearCookie(cookieName, { path: '/' });
        }
      }
    }
    if (request.actor?.locale) request.locale = request.actor.locale;
    if (access === 'user' && !request.actor) throw new AppError(request.sessionExpired ? 'SESSION_EXPIRED' : 'UNAUTHENTICATED');
    const may = request.routeOptions.config?.may;
    if (may && !(request.actor && can[may](request.actor.role))) throw new AppError('FORBIDDEN');
  });
}

export function setSessionCookie(reply: FastifyReply, config: Config, token: string): void {
  reply.setCookie(sessionCookieName(config), token, {
    path: '/',
    httpOnly: true,
    sameSite: 'lax',
    secure: config.secure,
    maxAge: Math.floor(config.sessionAbsoluteMs / 1000),
  });
}

export function clearSessionCookie(reply: FastifyReply, config: Config): void {
  reply.clearCookie(sessionCookieName(config), { path: '/', httpOnly: true, sameSite: 'lax', secure: config.secure });
}
