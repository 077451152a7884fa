import type { Executor } from '@pond/db';
import type { TeamView } from '@pond/domain';

export interface TeamChanges {
  name?: string;
  managerId?: number | null;
}

export class TeamsRepository {
  async list(db: Executor, filter: { ids?: number[] } = {}): Promise<TeamView[]> {
    let q = db
      .selectFrom('teams as t')
      .select((eb) => [
        't.id',
        't.name',
        't.manager_id',
        't.version',
        't.created_at',
        eb.selectFrom('users as u').whereRef('u.team_id', '=', 't.id').select(eb.fn.countAll<number>().as('n')).as('member_count'),
      ])
      .orderBy('t.name');
    if (filter.ids) {
      if (filter.ids.length === 0) return [];
      q = q.where('t.id', 'in', filter.ids);
    }
    const rows = await q.execute();
    return rows.map((r) => ({
      id: r.id,
      name: r.name,
      managerId: r.manager_id,
      memberCount: Number(r.member_count ?? 0),
      version: r.version,
      createdAt: r.created_at,
    }));
  }

  async findById(db: Executor, id: number): Promise<TeamView | undefined> {
    const [team] = await this.list(db, { ids: [id] });
    return team;
  }

  async findByName(db: Executor, name: string): Promise<{ id: number } | undefined> {
    return db.selectFrom('teams').select('id').where('name', '=', name).executeTakeFirst();
  }

  /** Ids of the teams a user manages. */
  async managedBy(db: Executor, userId: number): Promise<number[]> {
    const rows = await db.selectFrom('teams').select('id').where('manager_id', '=', userId).execute();
    return rows.map((r) => r.id);
  }

  async insert(db: Executor, team: { name: string; managerId: number | null }, at: string): Promise<number> {
    const row = await db
      .insertInto('teams')
      .values({ name: team.name, manager_id: team.managerId, created_at: at, updated_at: at })
      .returning('id')
      .executeTakeFirstOrThrow();
    return row.id;
  }

  async update(db: Executor, id: number, changes: TeamChanges, at: string, expectedVersion?: number): Promise<boolean> {
    let q = db
      .updateTable('teams')
      .set((eb) => ({
        ...(changes.name !== undefined && { name: changes.name }),
        ...(changes.managerId !== undefined && { manager_id: changes.managerId }),
        version: eb('version', '+', 1),
        updated_at: at,
      }))
      .where('id', '=', id);
    if (expectedVersion !== undefined) q = q.where('version', '=', expectedVersion);
    const result = await q.executeTakeFirst();
    return Number(result.numUpdatedRows) > 0;
  }
}
