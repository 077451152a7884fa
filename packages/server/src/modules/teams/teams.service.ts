import { withTransaction, type Executor } from '@pond/db';
import { AppError, can, type TeamView } from '@pond/domain';
import { auditActor, isConsole, type ConsoleOperator, type Actor, type RequestMeta } from '../../platform/actor.js';
import type { CoreDeps } from '../../platform/deps.js';
import { assertVersion } from '../../platform/versioning.js';
import type { AuditRepository } from '../audit/audit.repository.js';
import type { UsersRepository } from '../users/users.repository.js';
import type { TeamsRepository } from './teams.repository.js';
import type { Repositories } from '../../repositories.js';

export class TeamsService {
  private readonly teams: TeamsRepository;
  private readonly users: UsersRepository;
  private readonly audit: AuditRepository;

  constructor(
    repos: Pick<Repositories, 'audit' | 'teams' | 'users'>,
    private readonly deps: CoreDeps,
  ) {
    this.teams = repos.teams;
    this.users = repos.users;
    this.audit = repos.audit;
  }

  private get db() {
    return this.deps.database.db;
  }

  /** Admins see all teams; a manager the teams they manage and their own; a salesperson their own. */
  private async visibleIds(db: Executor, actor: Actor): Promise<number[] | 'all'> {
    if (actor.role === 'admin') return 'all';
    const ids = actor.role === 'manager' ? await this.teams.managedBy(db, actor.userId) : [];
    return actor.teamId !== null ? [...new Set([...ids, actor.teamId])] : ids;
  }

  async list(actor: Actor | ConsoleOperator): Promise<TeamView[]> {
    const ids = isConsole(actor) ? 'all' : await this.visibleIds(this.db, actor);
    return this.teams.list(this.db, ids === 'all' ? {} : { ids });
  }

  async create(actor: Actor | ConsoleOperator, input: { name: string; managerId?: number | null }, meta: RequestMeta): Promise<TeamView> {
    if (!isConsole(actor) && !can.manageTeams(actor.role)) throw new AppError('FORBIDDEN');
    return withTransaction(this.db, async (trx) => {
      if (await this.teams.findByName(trx, input.name)) throw new AppError('TEAM_NAME_TAKEN');
      await this.assertManager(trx, input.managerId);
      const at = this.deps.clock.now().toISOString();
      const id = await this.teams.insert(trx, { name: input.name, managerId: input.managerId ?? null }, at);
      const team = (await this.teams.findById(trx, id))!;
      await this.audit.record(trx, { at, ...auditActor(actor), action: 'team.created', entityType: 'team', entityId: id, after: team, ip: meta.ip });
      return team;
    });
  }

  async update(actor: Actor | ConsoleOperator, id: number, version: number | undefined, changes: { name?: string; managerId?: number | null }, meta: RequestMeta): Promise<TeamView> {
    return withTransaction(this.db, async (trx) => {
      const before = await this.teams.findById(trx, id);
      const visible = isConsole(actor) ? 'all' : await this.visibleIds(trx, actor);
      if (!before || (visible !== 'all' && !visible.includes(id))) throw new AppError('NOT_FOUND');
      if (!isConsole(actor) && !can.manageTeams(actor.role)) throw new AppError('FORBIDDEN');
      assertVersion(version, before.version, before, isConsole(actor));
      if (changes.name !== undefined && changes.name !== before.name && (await this.teams.findByName(trx, changes.name))) {
        throw new AppError('TEAM_NAME_TAKEN');
      }
      await this.assertManager(trx, changes.managerId);
      const at = this.deps.clock.now().toISOString();
      if (!(await this.teams.update(trx, id, changes, at, before.version))) throw new AppError('STALE_VERSION', { details: { current: before } });
      const after = (await this.teams.findById(trx, id))!;
      await this.audit.record(trx, { at, ...auditActor(actor), action: 'team.updated', entityType: 'team', entityId: id, before, after, ip: meta.ip });
      return after;
    });
  }

  /** A team's manager must be an active manager or admin. */
  private async assertManager(db: Executor, managerId: number | null | undefined): Promise<void> {
    if (managerId === undefined || managerId === null) return;
    const user = await this.users.findById(db, managerId);
    if (!user || !user.active || !can.leadTeams(user.role)) {
      throw new AppError('VALIDATION_FAILED', { details: [{ path: ['managerId'], message: 'must be an active manager or admin' }] });
    }
  }
}
