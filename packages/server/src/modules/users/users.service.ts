import { withTransaction, type Executor } from '@pond/db';
import { AppError, can, checkPassword, type Locale, type Role, type UserView } from '@pond/domain';
import { auditActor, isConsole, type ConsoleOperator, type Actor, type RequestMeta } from '../../platform/actor.js';
import type { CoreDeps } from '../../platform/deps.js';
import { hashPassword } from '../../platform/secrets.js';
import { assertVersion } from '../../platform/versioning.js';
import type { AuditRepository } from '../audit/audit.repository.js';
import type { ApiTokensRepository } from '../auth/api-tokens.repository.js';
import type { SessionsRepository } from '../auth/sessions.repository.js';
import type { TeamsRepository } from '../teams/teams.repository.js';
import { type UsersRepository, toUserView, type UserRecord } from './users.repository.js';
import type { Repositories } from '../../repositories.js';

export interface CreateUser {
  email: string;
  displayName: string;
  role: Role;
  password: string;
  teamId?: number | null;
  locale?: Locale;
  timeZone?: string;
}

export interface UpdateUser {
  displayName?: string;
  role?: Role;
  teamId?: number | null;
  active?: boolean;
}

export class UsersService {
  private readonly users: UsersRepository;
  private readonly teams: TeamsRepository;
  private readonly sessions: SessionsRepository;
  private readonly tokens: ApiTokensRepository;
  private readonly audit: AuditRepository;

  constructor(
    repos: Pick<Repositories, 'apiTokens' | 'audit' | 'sessions' | 'teams' | 'users'>,
    private readonly deps: CoreDeps,
  ) {
    this.users = repos.users;
    this.teams = repos.teams;
    this.sessions = repos.sessions;
    this.tokens = repos.apiTokens;
    this.audit = repos.audit;
  }

  private get db() {
    return this.deps.database.db;
  }

  /** Admins see everyone; managers see the members of the teams they manage; others see only themselves. */
  private async visibleTeamIds(db: Executor, actor: Actor): Promise<number[] | 'all'> {
    if (actor.role === 'admin') return 'all';
    if (actor.role === 'manager') return this.teams.managedBy(db, actor.userId);
    return [];
  }

  private async canSee(db: Executor, actor: Actor, user: UserRecord): Promise<boolean> {
    if (user.id === actor.userId) return true;
    const teams = await this.visibleTeamIds(db, actor);
    return teams === 'all' || (user.teamId !== null && teams.includes(user.teamId));
  }

  async list(actor: Actor | ConsoleOperator): Promise<UserView[]> {
    if (!isConsole(actor) && !can.listUsers(actor.role)) throw new AppError('FORBIDDEN');
    const teams = isConsole(actor) ? 'all' : await this.visibleTeamIds(this.db, actor);
    const rows = await this.users.list(this.db, teams === 'all' ? {} : { teamIds: teams });
    return rows.map(toUserView);
  }

  async get(actor: Actor, id: number): Promise<UserView> {
    const user = await this.users.findById(this.db, id);
    if (!user || !(await this.canSee(this.db, actor, user))) throw new AppError('NOT_FOUND');
    return toUserView(user);
  }

  async create(actor: Actor | ConsoleOperator, input: CreateUser, meta: RequestMeta): Promise<UserView> {
    if (!isConsole(actor) && !can.manageUsers(actor.role)) throw new AppError('FORBIDDEN');
    const problem = checkPassword(input.password, input.email);
    if (problem) throw new AppError(problem);
    const passwordHash = await hashPassword(input.password);
    return withTransaction(this.db, async (trx) => {
      if (await this.users.findByEmail(trx, input.email)) throw new AppError('EMAIL_TAKEN');
      await this.assertTeam(trx, input.teamId);
      const at = this.deps.clock.now().toISOString();
      const user = await this.users.insert(
        trx,
        {
          email: input.email,
          displayName: input.displayName,
          role: input.role,
          teamId: input.teamId ?? null,
          passwordHash,
          locale: input.locale ?? null,
          timeZone: input.timeZone ?? null,
        },
        at,
      );
      await this.audit.record(trx, {
        at,
        ...auditActor(actor),
        action: 'user.created',
        entityType: 'user',
        entityId: user.id,
        after: toUserView(user),
        ip: meta.ip,
      });
      return toUserView(user);
    });
  }

  async update(actor: Actor | ConsoleOperator, id: number, version: number | undefined, changes: UpdateUser, meta: RequestMeta): Promise<UserView> {
    return withTransaction(this.db, async (trx) => {
      const before = await this.users.findById(trx, id);
      if (!before || (!isConsole(actor) && !(await this.canSee(trx, actor, before)))) throw new AppError('NOT_FOUND');
      if (!isConsole(actor) && !can.manageUsers(actor.role)) throw new AppError('FORBIDDEN');
      assertVersion(version, before.version, toUserView(before), isConsole(actor));
      await this.assertTeam(trx, changes.teamId);
      const losesAdmin = before.role === 'admin' && before.active && (changes.active === false || (changes.role && changes.role !== 'admin'));
      if (losesAdmin && (await this.users.countActiveAdmins(trx)) <= 1) throw new AppError('LAST_ADMIN');
      const at = this.deps.clock.now().toISOString();
      const after = await this.users.update(trx, id, changes, at, before.version);
      if (!after) throw new AppError('STALE_VERSION', { details: { current: toUserView(before) } });
      if (changes.active === false) await this.sessions.deleteForUser(trx, id);
      const keys = Object.keys(changes) as (keyof UpdateUser)[];
      const slice = (u: UserRecord) => Object.fromEntries(keys.map((k) => [k, toUserView(u)[k]]));
      const action = changes.active === false ? 'user.deactivated' : changes.role && changes.role !== before.role ? 'user.role_changed' : 'user.updated';
      await this.audit.record(trx, {
        at,
        ...auditActor(actor),
        action,
        entityType: 'user',
        entityId: id,
        before: slice(before),
        after: slice(after),
        ip: meta.ip,
      });
      return toUserView(after);
    });
  }

  /** Sets a new password for someone else (admin) and ends all of their sessions. */
  /** Sets a new password for someone else (admin) and ends all of their sessions and API tokens. */
  async resetPassword(actor: Actor | ConsoleOperator, id: number, password: string, meta: RequestMeta): Promise<void> {
    const target = await this.users.findById(this.db, id);
    if (!target || (!isConsole(actor) && !(await this.canSee(this.db, actor, target)))) throw new AppError('NOT_FOUND');
    if (!isConsole(actor) && !can.manageUsers(actor.role)) throw new AppError('FORBIDDEN');
    const problem = checkPassword(password, target.email);
    if (problem) throw new AppError(problem);
    const passwordHash = await hashPassword(password);
    await withTransaction(this.db, async (trx) => {
      const at = this.deps.clock.now().toISOString();
      await this.users.update(trx, id, { passwordHash }, at);
      await this.sessions.deleteForUser(trx, id);
      const tokensRevoked = await this.tokens.revokeAllForUser(trx, id, at);
      await this.audit.record(trx, { at, ...auditActor(actor), action: 'user.password_reset', entityType: 'user', entityId: id, after: { tokensRevoked }, ip: meta.ip });
    });
  }

  async findByEmail(email: string): Promise<UserView | undefined> {
    const user = await this.users.findByEmail(this.db, email);
    return user && toUserView(user);
  }

  private async assertTeam(db: Executor, teamId: number | null | undefined): Promise<void> {
    if (teamId === undefined || teamId === null) return;
    if (!(await this.teams.findById(db, teamId))) {
      throw new AppError('VALIDATION_FAILED', { details: [{ path: ['teamId'], message: 'no such team' }] });
    }
  }
}
