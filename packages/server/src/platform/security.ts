import { AppError } from '@pond/domain';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { Config } from './config.js';

const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

/** Ant Design writes its styles at run time, hence 'unsafe-inline' for styles only; scripts stay 'self'. */
const CSP = [
  "default-src 'self'",
  "script-src 'self'",
  "style-src 'self' 'unsafe-inline'",
  "img-src 'self' data: blob:",
  "font-src 'self' data:",
  "connect-src 'self'",
  "object-src 'none'",
  "base-uri 'self'",
  "form-action 'self'",
  "frame-ancestors 'none'",
].join('; ');

function requestOrigin(request: FastifyRequest): string | null {
  const origin = request.headers.origin;
  if (origin && origin !== 'null') return origin;
  const referer = request.headers.referer;
  if (!referer) return null;
  try {
    return new URL(referer).origin;
  } catch {
    return null;
  }
}

/**
 * Headers on every response (errors and static files included) and the same-origin rule for
 * state-changing requests. A request carrying an API token is not ambient authority, so it is exempt.
 */
export function installSecurity(app: FastifyInstance, config: Config): void {
  const headers: Record<string, string> = {
    'content-security-policy': CSP,
    'x-content-type-options': 'nosniff',
    'x-frame-options': 'DENY',
    'referrer-policy': 'same-origin',
    'cross-origin-opener-policy': 'same-origin',
    'cross-origin-resource-policy': 'same-origin',
    'permissions-policy': 'camera=(), microphone=(), geolocation=()',
    ...(config.secure && { 'strict-transport-security': 'max-age=31536000; includeSubDomains' }),
  };
  const allowedOrigin = config.baseUrl.origin;

  app.addHook('onRequest', async (request, reply) => {
    reply.headers(headers);
    if (SAFE_METHODS.has(request.method)) return;
    if (request.headers.authorization?.startsWith('Bearer ')) return;
    // A signed link carries its credential in its URL, not in a cookie: a forged cross-site request has nothing to
    // borrow. Mail providers post one-click unsubscribes with no Origin at all.
    const access = request.routeOptions.config?.access;
    if (access === 'signedLink' || access === 'guestLink') return;
    if (requestOrigin(request) !== allowedOrigin) throw new AppError('CROSS_ORIGIN_REJECTED');
  });
}
