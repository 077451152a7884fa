import { withTransaction } from '@pond/db';
import { AppError, checkPassword, type Locale, type UserView } from '@pond/domain';
import type { RequestMeta } from '../../platform/actor.js';
import { link } from '../../platform/config.js';
import type { CoreDeps } from '../../platform/deps.js';
import { hashPassword, randomToken, tokenHash } from '../../platform/secrets.js';
import { AuditRepository } from '../audit/audit.repository.js';
import type { AuthService } from '../auth/auth.service.js';
import { UsersRepository, toUserView } from '../users/users.repository.js';

/**
 * First run: there is no default password. While no user exists, a one-time link with a random,
 * expiring token creates the first admin.
 */
export class SetupService {
  private readonly users = new UsersRepository();
  private readonly audit = new AuditRepository();

  constructor(
    private readonly deps: CoreDeps,
    private readonly auth: AuthService,
  ) {}

  private get db() {
    return this.deps.database.db;
  }

  async needsSetup(): Promise<boolean> {
    return (await this.users.count(this.db)) === 0;
  }

  /** Replaces any earlier link with a new one; returns null when Pond already has users. */
  async issueLink(): Promise<{ url: string; expiresAt: string } | null> {
    return withTransaction(this.db, async (trx) => {
      if ((await this.users.count(trx)) > 0) return null;
      const token = randomToken();
      const now = this.deps.clock.now();
      const expiresAt = new Date(now.getTime() + this.deps.config.setupTokenMs).toISOString();
      await trx.deleteFrom('setup_tokens').execute();
      await trx.insertInto('setup_tokens').values({ token_hash: tokenHash(token), created_at: now.toISOString(), expires_at: expiresAt }).execute();
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
      // Deleting the token is the lock: of two racing requests only one removes the row.
      const used = await trx
        .deleteFrom('setup_tokens')
        .where('token_hash', '=', tokenHash(input.token))
        .where('expires_at', '>', now)
        .executeTakeFirst();
      if (Number(used.numDeletedRows) !== 1) throw new AppError('SETUP_TOKEN_INVALID');
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
