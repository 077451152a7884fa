import type { Locale, Role } from '@pond/domain';

/** Who is making a request, resolved once per request from a session cookie or an API token. */
export interface Actor {
  userId: number;
  email: string;
  displayName: string;
  role: Role;
  teamId: number | null;
  locale: Locale | null;
  timeZone: string | null;
  via: 'session' | 'token' | 'cli';
  /** Hash of the session token, so a password change can keep this session and end the others. */
  sessionTokenHash?: string;
}

/** Facts about the request that services record in the audit log. */
export interface RequestMeta {
  ip: string | null;
  userAgent: string | null;
}

export const CLI_META: RequestMeta = { ip: null, userAgent: 'pond-cli' };
