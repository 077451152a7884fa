import { withTransaction } from '@pond/db';
import {
  ACCOUNT_THROTTLE,
  ADDRESS_THROTTLE,
  AppError,
  checkPassword,
  lockRemainingSeconds,
  recordFailure,
  type Locale,
  type UserView,
} from '@pond/domain';
import { actorFor, type Actor, type RequestMeta } from '../../platform/actor.js';
import type { CoreDeps } from '../../platform/deps.js';
import { burnPasswordCheck, hashPassword, randomToken, tokenHash, verifyPassword } from '../../platform/secrets.js';
import type { AuditRepository } from '../audit/audit.repository.js';
import { type UsersRepository, toUserView } from '../users/users.repository.js';
import { type ApiTokensRepository, type ApiTokenRow } from './api-tokens.repository.js';
import { type SessionsRepository, type SessionPrincipal } from './sessions.repository.js';
import type { ThrottleRepository } from './throttle.repository.js';
import type { FeedTokensRepository } from './feed-tokens.repository.js';
import { LinkSigner, type LinkPurpose } from '../../platform/signed-links.js';
import type { Repositories } from '../../repositories.js';

export const API_TOKEN_PREFIX = 'pond_';
export const FEED_TOKEN_PREFIX = 'pondcal_';
/** Writing last_seen on every request would turn reads into writes; a minute's precision is enough for idle timeouts. */
const TOUCH_EVERY_MS = 60_000;

export type SessionCheck = { actor: Actor } | { expired: true } | null;

function toActor(p: SessionPrincipal, via: Actor['via'], sessionTokenHash?: string): Actor {
  return {
    userId: p.userId,
    email: p.email,
    displayName: p.displayName,
    role: p.role,
    teamId: p.teamId,
    locale: p.locale,
    timeZone: p.timeZone,
    phoneRegion: p.phoneRegion,
    via,
    ...(sessionTokenHash && { sessionTokenHash }),
  };
}

export class AuthService {
  private readonly users: UsersRepository;
  private readonly sessions: SessionsRepository;
  private readonly tokens: ApiTokensRepository;
  private readonly throttle: ThrottleRepository;
  private readonly audit: AuditRepository;
  private readonly feeds: FeedTokensRepository;
  /** Signs and checks the links a mail carries (one click, no session). */
  readonly links: LinkSigner;

  constructor(
    repos: Pick<Repositories, 'apiTokens' | 'audit' | 'feedTokens' | 'sessions' | 'settings' | 'throttle' | 'users'>,
    private readonly deps: CoreDeps,
  ) {
    this.users = repos.users;
    this.sessions = repos.sessions;
    this.tokens = repos.apiTokens;
    this.throttle = repos.throttle;
    this.audit = repos.audit;
    this.feeds = repos.feedTokens;
    this.links = new LinkSigner(deps.database.db, deps.config.secretKey, repos.settings);
  }

  private get db() {
    return this.deps.database.db;
  }

  private now(): Date {
    return this.deps.clock.now();
  }

  /**
   * Checks the password and opens a new session. Unknown account and wrong password fail alike.
   * Every attempt is counted before its password is checked, under a lock on its counters: attempts sent at
   * once are counted one by one, those past the limit are refused without a check, and a success takes its
   * count back.
   */
  async login(emailInput: string, password: string, meta: RequestMeta): Promise<{ user: UserView; token: string }> {
    const email = emailInput.trim().toLowerCase();
    const now = this.now();
    const at = now.toISOString();
    const [accountKey, addressKey] = [`account:${email}`, `address:${meta.ip ?? 'unknown'}`];
    const policies = new Map([
      [accountKey, ACCOUNT_THROTTLE],
      [addressKey, ADDRESS_THROTTLE],
    ]);
    const wait = await withTransaction(this.db, async (trx) => {
      const counters = await this.throttle.lock(trx, [...policies.keys()], at);
      const wait = Math.max(0, ...counters.map((c) => lockRemainingSeconds(c, now)));
      if (wait > 0) return wait;
      for (const c of counters) await this.throttle.save(trx, { key: c.key, ...recordFailure(c, now, policies.get(c.key)!) });
      return 0;
    });
    if (wait > 0) throw new AppError('TOO_MANY_ATTEMPTS', { headers: { 'retry-after': String(wait) } });

    const user = await this.users.findByEmail(this.db, email);
    const ok = user ? (await verifyPassword(user.passwordHash, password)) && user.active : (await burnPasswordCheck(password), false);

    if (!user || !ok) {
      await this.audit.record(this.db, { at, actorId: null, actorLabel: email, action: 'login.failed', entityType: 'user', entityId: user?.id ?? null, ip: meta.ip });
      throw new AppError('INVALID_CREDENTIALS');
    }

    const token = randomToken();
    await withTransaction(this.db, async (trx) => {
      await this.throttle.clear(trx, accountKey);
      await this.throttle.forgiveOne(trx, addressKey);
      await this.openSession(trx, user.id, token, meta);
      await this.audit.record(trx, { at, actorId: user.id, actorLabel: user.email, action: 'login.succeeded', entityType: 'user', entityId: user.id, ip: meta.ip });
    });
    return { user: toUserView(user), token };
  }

  /** Inserts a session for a fresh random token; callers pass their transaction. */
  async openSession(trx: Parameters<SessionsRepository['insert']>[0], userId: number, token: string, meta: RequestMeta): Promise<void> {
    const now = this.now();
    await this.sessions.insert(trx, {
      tokenHash: tokenHash(token),
      userId,
      at: now.toISOString(),
      expiresAt: new Date(now.getTime() + this.deps.config.sessionAbsoluteMs).toISOString(),
      ip: meta.ip,
      userAgent: meta.userAgent,
    });
  }

  async logout(actor: Actor, meta: RequestMeta): Promise<void> {
    if (!actor.sessionTokenHash) return;
    await withTransaction(this.db, async (trx) => {
      await this.sessions.delete(trx, actor.sessionTokenHash!);
      await this.audit.record(trx, { at: this.now().toISOString(), actorId: actor.userId, actorLabel: actor.email, action: 'logout', entityType: 'user', entityId: actor.userId, ip: meta.ip });
    });
  }

  /** Resolves a session cookie. Idle and absolute timeouts and deactivation end it on the spot. */
  async checkSession(token: string): Promise<SessionCheck> {
    const hash = tokenHash(token);
    const session = await this.sessions.find(this.db, hash);
    if (!session) return null;
    const now = this.now().getTime();
    const idleFor = now - new Date(session.lastSeenAt).getTime();
    if (!session.active || now >= new Date(session.expiresAt).getTime() || idleFor >= this.deps.config.sessionIdleMs) {
      await this.sessions.delete(this.db, hash);
      return { expired: true };
    }
    if (idleFor >= TOUCH_EVERY_MS) await this.sessions.touch(this.db, hash, new Date(now).toISOString());
    return { actor: toActor(session, 'session', hash) };
  }

  async checkApiToken(token: string): Promise<Actor | null> {
    if (!token.startsWith(API_TOKEN_PREFIX)) return null;
    const principal = await this.tokens.findPrincipal(this.db, tokenHash(token));
    if (!principal || !principal.active) return null;
    const now = this.now();
    if (!principal.lastUsedAt || now.getTime() - new Date(principal.lastUsedAt).getTime() >= TOUCH_EVERY_MS) {
      await this.tokens.markUsed(this.db, principal.tokenId, now.toISOString());
    }
    return toActor(principal, 'token');
  }

  /** The owner of a calendar feed token, while it is theirs and they are active. Nothing else opens a feed. */
  async checkFeedToken(token: string): Promise<Actor | null> {
    if (!token.startsWith(FEED_TOKEN_PREFIX)) return null;
    const hash = tokenHash(token);
    const principal = await this.feeds.findPrincipal(this.db, hash);
    if (!principal || !principal.active) return null;
    const now = this.now();
    if (!principal.lastUsedAt || now.getTime() - new Date(principal.lastUsedAt).getTime() >= TOUCH_EVERY_MS) {
      await this.feeds.markUsed(this.db, hash, now.toISOString());
    }
    return toActor(principal, 'feed');
  }

  /** The user a signed link was made for, while they are active. */
  async checkSignedLink(purpose: LinkPurpose, value: unknown): Promise<Actor | null> {
    const userId = await this.links.verify(purpose, value);
    if (userId === null) return null;
    const user = await this.users.findById(this.db, userId);
    if (!user || !user.active) return null;
    return actorFor(user, 'link');
  }

  /** The record a guest's link was signed for (an invitation); whether it still exists is the route's to say. */
  async checkGuestLink(purpose: LinkPurpose, value: unknown): Promise<number | null> {
    return this.links.verify(purpose, value);
  }

  async feedStatus(actor: Actor): Promise<{ active: boolean; createdAt: string | null; lastUsedAt: string | null }> {
    const s = await this.feeds.status(this.db, actor.userId);
    return { active: Boolean(s), createdAt: s?.createdAt ?? null, lastUsedAt: s?.lastUsedAt ?? null };
  }

  /** A new calendar feed token, shown once; the one before it stops working in the same statement. */
  async createFeedToken(actor: Actor, meta: RequestMeta): Promise<{ token: string; createdAt: string }> {
    const token = randomToken(FEED_TOKEN_PREFIX);
    const at = this.now().toISOString();
    await withTransaction(this.db, async (trx) => {
      await this.feeds.replace(trx, actor.userId, tokenHash(token), at);
      await this.audit.record(trx, { at, actorId: actor.userId, actorLabel: actor.email, action: 'feed.created', entityType: 'user', entityId: actor.userId, ip: meta.ip });
    });
    return { token, createdAt: at };
  }

  async revokeFeedToken(actor: Actor, meta: RequestMeta): Promise<void> {
    const at = this.now().toISOString();
    await withTransaction(this.db, async (trx) => {
      if (!(await this.feeds.remove(trx, actor.userId))) throw new AppError('NOT_FOUND');
      await this.audit.record(trx, { at, actorId: actor.userId, actorLabel: actor.email, action: 'feed.revoked', entityType: 'user', entityId: actor.userId, ip: meta.ip });
    });
  }

  async me(actor: Actor): Promise<UserView> {
    const user = await this.users.findById(this.db, actor.userId);
    if (!user) throw new AppError('UNAUTHENTICATED');
    return toUserView(user);
  }

  async updateMe(actor: Actor, changes: { displayName?: string; locale?: Locale | null; timeZone?: string | null; phoneRegion?: string | null; title?: string | null; phone?: string | null }): Promise<UserView> {
    return withTransaction(this.db, async (trx) => {
      const before = await this.users.findById(trx, actor.userId);
      if (!before) throw new AppError('UNAUTHENTICATED');
      const after = await this.users.update(trx, actor.userId, changes, this.now().toISOString());
      if (!after) throw new AppError('UNAUTHENTICATED');
      await this.audit.record(trx, {
        at: this.now().toISOString(),
        actorId: actor.userId,
        actorLabel: actor.email,
        action: 'user.preferences_changed',
        entityType: 'user',
        entityId: actor.userId,
        before: pick(toUserView(before), Object.keys(changes)),
        after: pick(toUserView(after), Object.keys(changes)),
      });
      return toUserView(after);
    });
  }

  /**
   * Changes the actor's own password; every other session of theirs and every API token end. The current
   * password is checked against the row locked for the change, so of two changes sent at once with the same
   * current password only the first succeeds.
   */
  async changePassword(actor: Actor, current: string, next: string, meta: RequestMeta): Promise<void> {
    const problem = checkPassword(next, actor.email);
    if (problem) throw new AppError(problem);
    const passwordHash = await hashPassword(next);
    await withTransaction(this.db, async (trx) => {
      const user = await this.users.findById(trx, actor.userId);
      if (!user) throw new AppError('UNAUTHENTICATED');
      if (!(await verifyPassword(user.passwordHash, current))) throw new AppError('WRONG_PASSWORD');
      const at = this.now().toISOString();
      await this.users.update(trx, user.id, { passwordHash }, at);
      await this.sessions.deleteForUser(trx, user.id, actor.sessionTokenHash);
      const tokensRevoked = await this.tokens.revokeAllForUser(trx, user.id, at);
      await this.audit.record(trx, { at, actorId: user.id, actorLabel: user.email, action: 'user.password_changed', entityType: 'user', entityId: user.id, after: { tokensRevoked }, ip: meta.ip });
    });
  }

  async listTokens(actor: Actor): Promise<ApiTokenRow[]> {
    return this.tokens.listActive(this.db, actor.userId);
  }

  /** Creates a personal API token; the clear value is returned once and never stored. */
  async createToken(actor: Actor, name: string): Promise<{ id: number; name: string; token: string }> {
    const token = randomToken(API_TOKEN_PREFIX);
    const at = this.now().toISOString();
    const id = await withTransaction(this.db, async (trx) => {
      const id = await this.tokens.insert(trx, { userId: actor.userId, name, tokenHash: tokenHash(token), at });
      await this.audit.record(trx, { at, actorId: actor.userId, actorLabel: actor.email, action: 'token.created', entityType: 'api_token', entityId: id, after: { name } });
      return id;
    });
    return { id, name, token };
  }

  async revokeToken(actor: Actor, id: number): Promise<void> {
    const at = this.now().toISOString();
    await withTransaction(this.db, async (trx) => {
      if (!(await this.tokens.revoke(trx, actor.userId, id, at))) throw new AppError('NOT_FOUND');
      await this.audit.record(trx, { at, actorId: actor.userId, actorLabel: actor.email, action: 'token.revoked', entityType: 'api_token', entityId: id });
    });
  }

  async purgeExpiredSessions(): Promise<number> {
    const now = this.now().getTime();
    return this.sessions.deleteExpired(this.db, new Date(now).toISOString(), new Date(now - this.deps.config.sessionIdleMs).toISOString());
  }
}

function pick(obj: object, keys: string[]): Record<string, unknown> {
  return Object.fromEntries(Object.entries(obj).filter(([k]) => keys.includes(k)));
}
