import type { Locale, Role, UserView } from '@pond/domain';

/** Who is making a request, resolved once per request from a session cookie or an API token. */
export interface Actor {
  userId: number;
  email: string;
  displayName: string;
  role: Role;
  teamId: number | null;
  locale: Locale | null;
  timeZone: string | null;
  /** The phone region they chose, or null (their time zone's, else the installation's: `phoneRegionOf`). */
  phoneRegion: string | null;
  /** How they came: a session, an API token, the CLI, their calendar feed's token, a signed link from a mail, or a job acting for them. */
  via: 'session' | 'token' | 'cli' | 'feed' | 'link' | 'job';
  /** Hash of the session token, so a password change can keep this session and end the others. */
  sessionTokenHash?: string;
}

/** A user acting through something other than a request's credentials: the CLI, a signed link, a job on their behalf. */
export function actorFor(user: Pick<UserView, 'id' | 'email' | 'displayName' | 'role' | 'teamId' | 'locale' | 'timeZone' | 'phoneRegion'>, via: Actor['via']): Actor {
  return { userId: user.id, email: user.email, displayName: user.displayName, role: user.role, teamId: user.teamId, locale: user.locale, timeZone: user.timeZone, phoneRegion: user.phoneRegion, via };
}

/**
 * Whoever runs `pond` on the server itself (creating the first accounts, resetting a password, the demo). They
 * already hold the database, so the role checks a person meets in the app do not apply to them; their audit
 * entries say "cli". Only the CLI and tests pass it; nothing that reads a request can produce one.
 */
export interface ConsoleOperator {
  readonly console: true;
  readonly label: 'cli';
}

export const CONSOLE: ConsoleOperator = Object.freeze({ console: true, label: 'cli' });

export function isConsole(actor: Actor | ConsoleOperator): actor is ConsoleOperator {
  return 'console' in actor;
}

/** The audit fields of a person or the console. */
export function auditActor(actor: Actor | ConsoleOperator): { actorId: number | null; actorLabel: string } {
  return isConsole(actor) ? { actorId: null, actorLabel: actor.label } : { actorId: actor.userId, actorLabel: actor.email };
}

/** Facts about the request that services record in the audit log. */
export interface RequestMeta {
  ip: string | null;
  userAgent: string | null;
}

export const CLI_META: RequestMeta = { ip: null, userAgent: 'pond-cli' };

/**
 * Pond itself, doing work no person does (sweeps, sends, scheduled mail), always on behalf of one job. Made only
 * by the job runner (jobs/runner.ts); nothing that reads a request can produce one.
 */
export interface SystemActor {
  readonly system: true;
  /** How history and audit entries name it: "Pond (pool.sweep:2026-12-02)". */
  readonly label: string;
  readonly job: string;
}
