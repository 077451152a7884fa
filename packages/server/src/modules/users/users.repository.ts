import { bool, lockedForUpdate, prepared, type Executor } from '@pond/db';
import type { Locale, Role, UserView } from '@pond/domain';

export interface UserRecord extends UserView {
  passwordHash: string;
}

/** The columns of a user row that every shape built from it carries: records here, session principals in auth. */
export interface UserIdentityRow {
  email: string;
  display_name: string;
  role: Role;
  team_id: number | null;
  locale: string | null;
  time_zone: string | null;
  phone_region: string | null;
  /** Read with the full user row; a session's principal does not need them. */
  title?: string | null;
  phone?: string | null;
  active: boolean | number;
}

export function identityOf(r: UserIdentityRow): Pick<UserView, 'email' | 'displayName' | 'role' | 'teamId' | 'locale' | 'timeZone' | 'phoneRegion' | 'title' | 'phone' | 'active'> {
  return {
    email: r.email,
    displayName: r.display_name,
    role: r.role,
    teamId: r.team_id,
    locale: r.locale as Locale | null,
    timeZone: r.time_zone,
    phoneRegion: r.phone_region,
    title: r.title ?? null,
    phone: r.phone ?? null,
    active: bool(r.active),
  };
}

type UserRow = UserIdentityRow & {
  id: number;
  password_hash: string;
  version: number;
  created_at: string;
};

function toRecord(r: UserRow): UserRecord {
  return { id: r.id, ...identityOf(r), version: r.version, createdAt: r.created_at, passwordHash: r.password_hash };
}

/** The public shape: the password hash never leaves the service layer. */
export function toUserView({ passwordHash: _omit, ...view }: UserRecord): UserView {
  return view;
}

const COLUMNS = [
  'id',
  'email',
  'display_name',
  'role',
  'team_id',
  'password_hash',
  'locale',
  'time_zone',
  'phone_region',
  'title',
  'phone',
  'active',
  'version',
  'created_at',
] as const;

export interface NewUser {
  email: string;
  displayName: string;
  role: Role;
  teamId: number | null;
  passwordHash: string;
  locale: Locale | null;
  timeZone: string | null;
}

export interface UserChanges {
  displayName?: string;
  role?: Role;
  teamId?: number | null;
  active?: boolean;
  locale?: Locale | null;
  timeZone?: string | null;
  phoneRegion?: string | null;
  title?: string | null;
  phone?: string | null;
  passwordHash?: string;
}

const timeZoneQuery = prepared((db, p: { userId: number }) => db.selectFrom('users').select('time_zone').where('id', '=', p.userId));
const membersOf = prepared((db, p: { managerId: number }) =>
  db.selectFrom('users as u').innerJoin('teams as t', 't.id', 'u.team_id').select('u.id').where('t.manager_id', '=', p.managerId),
);

export class UsersRepository {
  /** Display names of the given users, for presenting owners, collectors and colleagues. */
  async namesOf(db: Executor, ids: Iterable<number | null>): Promise<Map<number, string>> {
    const unique = [...new Set([...ids].filter((x): x is number => x !== null))];
    if (!unique.length) return new Map();
    const rows = await db.selectFrom('users').select(['id', 'display_name']).where('id', 'in', unique).execute();
    return new Map(rows.map((r) => [r.id, r.display_name]));
  }

  /**
   * The active salespeople and managers a team view shows, other than the viewer: the members of the teams the
   * viewer manages, or everyone (`all`, an admin), by team name then name.
   */
  async teamViewMembers(db: Executor, viewer: { userId: number; all: boolean }) {
    let q = db
      .selectFrom('users as u')
      .leftJoin('teams as t', 't.id', 'u.team_id')
      .select(['u.id', 'u.display_name', 'u.time_zone', 't.name as team_name'])
      .where('u.active', '=', true)
      .where('u.role', 'in', ['salesperson', 'manager'])
      .where('u.id', '!=', viewer.userId);
    if (!viewer.all) q = q.where('u.team_id', 'in', db.selectFrom('teams').select('teams.id').where('teams.manager_id', '=', viewer.userId));
    return q.orderBy('t.name').orderBy('u.display_name').orderBy('u.id').execute();
  }

  /** Ids of the active admins. */
  async activeAdminIds(db: Executor): Promise<number[]> {
    return (await db.selectFrom('users').select('id').where('role', '=', 'admin').where('active', '=', true).orderBy('id').execute()).map((r) => r.id);
  }

  /** Ids of the members of the given teams. */
  async idsInTeams(db: Executor, teamIds: number[]): Promise<number[]> {
    if (!teamIds.length) return [];
    return (await db.selectFrom('users').select('id').where('team_id', 'in', teamIds).execute()).map((r) => r.id);
  }

  /** The time zone a user chose, or null. */
  async timeZoneOf(db: Executor, userId: number): Promise<string | null> {
    return (await timeZoneQuery.first(db, { userId }))?.time_zone ?? null;
  }

  /** The members of the teams a user manages (by team, so a manager who is also a member appears too). */
  async membersManagedBy(db: Executor, managerId: number): Promise<number[]> {
    return (await membersOf.all(db, { managerId })).map((r) => r.id);
  }

  async count(db: Executor): Promise<number> {
    const row = await db.selectFrom('users').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow();
    return Number(row.n);
  }

  /**
   * How many active admins there are. Inside a transaction their rows stay locked until it ends, so two
   * demotions of the last two admins at once cannot both see "another admin is left".
   */
  async countActiveAdmins(db: Executor): Promise<number> {
    const q = db.selectFrom('users').select('id').where('role', '=', 'admin').where('active', '=', true).orderBy('id');
    return (await lockedForUpdate(db, q, 'users').execute()).length;
  }

  /** One user; inside a transaction (a write to follow) the row is locked until it ends. */
  async findById(db: Executor, id: number): Promise<UserRecord | undefined> {
    const row = await lockedForUpdate(db, db.selectFrom('users').select(COLUMNS).where('id', '=', id), 'users').executeTakeFirst();
    return row && toRecord(row);
  }

  /**
   * Whether the user is in the colleague directory every user may see: active, and a salesperson or manager
   * (the people who meet prospects). Collectors and colleague links are chosen from it, so naming anyone else
   * (an admin, a deactivated account, an id that does not exist) is refused alike and reveals no name.
   */
  async inDirectory(db: Executor, id: number): Promise<boolean> {
    const row = await db.selectFrom('users').select('id').where('id', '=', id).where('active', '=', true).where('role', 'in', ['salesperson', 'manager']).executeTakeFirst();
    return row !== undefined;
  }

  async findByEmail(db: Executor, email: string): Promise<UserRecord | undefined> {
    const row = await db.selectFrom('users').select(COLUMNS).where('email', '=', email.toLowerCase()).executeTakeFirst();
    return row && toRecord(row);
  }

  /** All users, or only the members of the given teams. */
  async list(db: Executor, filter: { teamIds?: number[] } = {}): Promise<UserRecord[]> {
    let q = db.selectFrom('users').select(COLUMNS).orderBy('display_name').orderBy('id');
    if (filter.teamIds) {
      if (filter.teamIds.length === 0) return [];
      q = q.where('team_id', 'in', filter.teamIds);
    }
    return (await q.execute()).map(toRecord);
  }

  async insert(db: Executor, user: NewUser, at: string): Promise<UserRecord> {
    const row = await db
      .insertInto('users')
      .values({
        email: user.email.toLowerCase(),
        display_name: user.displayName,
        role: user.role,
        team_id: user.teamId,
        password_hash: user.passwordHash,
        locale: user.locale,
        time_zone: user.timeZone,
        active: true,
        created_at: at,
        updated_at: at,
      })
      .returning(COLUMNS)
      .executeTakeFirstOrThrow();
    return toRecord(row);
  }

  /** Applies the changes and bumps the version; returns undefined when the row moved past `expectedVersion`. */
  async update(db: Executor, id: number, changes: UserChanges, at: string, expectedVersion?: number): Promise<UserRecord | undefined> {
    let q = db
      .updateTable('users')
      .set((eb) => ({
        ...(changes.displayName !== undefined && { display_name: changes.displayName }),
        ...(changes.role !== undefined && { role: changes.role }),
        ...(changes.teamId !== undefined && { team_id: changes.teamId }),
        ...(changes.active !== undefined && { active: changes.active }),
        ...(changes.locale !== undefined && { locale: changes.locale }),
        ...(changes.timeZone !== undefined && { time_zone: changes.timeZone }),
        ...(changes.phoneRegion !== undefined && { phone_region: changes.phoneRegion }),
        ...(changes.title !== undefined && { title: changes.title }),
        ...(changes.phone !== undefined && { phone: changes.phone }),
        ...(changes.passwordHash !== undefined && { password_hash: changes.passwordHash }),
        version: eb('version', '+', 1),
        updated_at: at,
      }))
      .where('id', '=', id);
    if (expectedVersion !== undefined) q = q.where('version', '=', expectedVersion);
    const row = await q.returning(COLUMNS).executeTakeFirst();
    return row && toRecord(row);
  }
}
