import { withTransaction } from '@pond/db';
import { AppError, checkPassword, type Locale, type UserView } from '@pond/domain';
import type { RequestMeta } from '../../platform/actor.js';
import { link } from '../../platform/config.js';
import type { CoreDeps } from '../../platform/deps.js';
import { hashPassword, randomToken, tokenHash } from '../../platform/secrets.js';
import type { AuditRepository } from '../audit/audit.repository.js';
import type { AuthService } from '../auth/auth.service.js';
import { type UsersRepository, toUserView } from '../users/users.repository.js';
import type { SetupRepository } from './setup.repository.js';
import type { ProspectsRepository } from '../prospects/prospects.repository.js';
import type { Repositories } from '../../repositories.js';

/**
 * First run: there is no default password. While no user exists, a one-time link with a random,
 * expiring token creates the first admin.
 */
export class SetupService {
  private readonly users: UsersRepository;
  private readonly audit: AuditRepository;
  private readonly tokens: SetupRepository;
  private readonly prospects: ProspectsRepository;

  constructor(
    repos: Pick<Repositories, 'audit' | 'prospects' | 'setup' | 'users'>,
    private readonly deps: CoreDeps,
    private readonly auth: AuthService,
  ) {
    this.users = repos.users;
    this.audit = repos.audit;
    this.tokens = repos.setup;
    this.prospects = repos.prospects;
  }

  private get db() {
    return this.deps.database.db;
  }

  async needsSetup(): Promise<boolean> {
    return (await this.users.count(this.db)) === 0;
  }

  /** Whether the book holds no prospect yet, archived or not (the demo fills only an empty book). */
  async bookIsEmpty(): Promise<boolean> {
    return !(await this.prospects.any(this.db));
  }

  /** Replaces any earlier link with a new one; returns null when Pond already has users. */
  async issueLink(): Promise<{ url: string; expiresAt: string } | null> {
    return withTransaction(this.db, async (trx) => {
      if ((await this.users.count(trx)) > 0) return null;
      const token = randomToken();
      const now = this.deps.clock.now();
      const expiresAt = new Date(now.getTime() + this.deps.config.setupTokenMs).toISOString();
      await this.tokens.replaceToken(trx, tokenHash(token), now.toISOString(), expiresAt);
      return { url: link(this.deps.config, `/setup?token=${encodeURIComponent(token)}`), expiresAt };
    });
  }

  async complete(
    input: { token: string; email: string; displayName: string; password: string; locale?: Locale; timeZone?: string },
    meta: RequestMeta,
  ): Promise<{ user: UserView; sessionToken: string }> {
    if (!(await this.needsSetup())) throw new AppError('SETUP_DONE');
    const problem = checkPassword(input.password, input.email);
    if (problem) throw new AppError(problem);
    const passwordHash = await hashPassword(input.password);
    const sessionToken = randomToken();
    const user = await withTransaction(this.db, async (trx) => {
      const now = this.deps.clock.now().toISOString();
      // Using up the link is the lock: of two racing requests only one gets past it.
      if (!(await this.tokens.consumeToken(trx, tokenHash(input.token), now))) throw new AppError('SETUP_TOKEN_INVALID');
      if ((await this.users.count(trx)) > 0) throw new AppError('SETUP_DONE');
      const user = await this.users.insert(
        trx,
        { email: input.email, displayName: input.displayName, role: 'admin', teamId: null, passwordHash, locale: input.locale ?? null, timeZone: input.timeZone ?? null },
        now,
      );
      await this.auth.openSession(trx, user.id, sessionToken, meta);
      await this.audit.record(trx, { at: now, actorId: user.id, actorLabel: user.email, action: 'setup.completed', entityType: 'user', entityId: user.id, after: toUserView(user), ip: meta.ip });
      return user;
    });
    return { user: toUserView(user), sessionToken };
  }
}
