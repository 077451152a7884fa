import { prepared, type Executor } from '@pond/db';
import type { Locale, Role } from '@pond/domain';
import { identityOf, type UserIdentityRow } from '../users/users.repository.js';

export interface SessionPrincipal {
  userId: number;
  email: string;
  displayName: string;
  role: Role;
  teamId: number | null;
  locale: Locale | null;
  timeZone: string | null;
  phoneRegion: string | null;
  active: boolean;
}

/** The user columns a principal is built from, selected with the users table aliased as u. */
export const PRINCIPAL_COLUMNS = ['u.id', 'u.email', 'u.display_name', 'u.role', 'u.team_id', 'u.locale', 'u.time_zone', 'u.phone_region', 'u.active'] as const;

export function toPrincipal(r: UserIdentityRow & { id: number }): SessionPrincipal {
  return { userId: r.id, ...identityOf(r) };
}

export interface SessionRow extends SessionPrincipal {
  tokenHash: string;
  createdAt: string;
  lastSeenAt: string;
  expiresAt: string;
}

// Every signed-in request asks this first.
const sessionByHash = prepared((db, p: { tokenHash: string }) =>
  db
    .selectFrom('sessions as s')
    .innerJoin('users as u', 'u.id', 's.user_id')
    .select(['s.token_hash', 's.created_at', 's.last_seen_at', 's.expires_at', ...PRINCIPAL_COLUMNS])
    .where('s.token_hash', '=', p.tokenHash),
);

/** Sessions are keyed by the SHA-256 of their token: a stolen table holds nothing usable. */
export class SessionsRepository {
  async insert(
    db: Executor,
    s: { tokenHash: string; userId: number; at: string; expiresAt: string; ip: string | null; userAgent: string | null },
  ): Promise<void> {
    await db
      .insertInto('sessions')
      .values({
        token_hash: s.tokenHash,
        user_id: s.userId,
        created_at: s.at,
        last_seen_at: s.at,
        expires_at: s.expiresAt,
        ip: s.ip,
        user_agent: s.userAgent?.slice(0, 300) ?? null,
      })
      .execute();
  }

  async find(db: Executor, tokenHash: string): Promise<SessionRow | undefined> {
    const r = await sessionByHash.first(db, { tokenHash });
    if (!r) return undefined;
    return {
      tokenHash: r.token_hash,
      createdAt: r.created_at,
      lastSeenAt: r.last_seen_at,
      expiresAt: r.expires_at,
      ...toPrincipal(r),
    };
  }

  async touch(db: Executor, tokenHash: string, at: string): Promise<void> {
    await db.updateTable('sessions').set({ last_seen_at: at }).where('token_hash', '=', tokenHash).execute();
  }

  async delete(db: Executor, tokenHash: string): Promise<void> {
    await db.deleteFrom('sessions').where('token_hash', '=', tokenHash).execute();
  }

  /** Ends every session of a user, optionally keeping one (the one that changed the password). */
  async deleteForUser(db: Executor, userId: number, keepTokenHash?: string): Promise<void> {
    let q = db.deleteFrom('sessions').where('user_id', '=', userId);
    if (keepTokenHash) q = q.where('token_hash', '!=', keepTokenHash);
    await q.execute();
  }

  async deleteExpired(db: Executor, at: string, idleCutoff: string): Promise<number> {
    const result = await db
      .deleteFrom('sessions')
      .where((eb) => eb.or([eb('expires_at', '<=', at), eb('last_seen_at', '<=', idleCutoff)]))
      .executeTakeFirst();
    return Number(result.numDeletedRows);
  }
}
