import type { Executor } from '@pond/db';
import { PRINCIPAL_COLUMNS, toPrincipal, type SessionPrincipal } from './sessions.repository.js';

export interface ApiTokenRow {
  id: number;
  name: string;
  createdAt: string;
  lastUsedAt: string | null;
}

export class ApiTokensRepository {
  async insert(db: Executor, t: { userId: number; name: string; tokenHash: string; at: string }): Promise<number> {
    const row = await db
      .insertInto('api_tokens')
      .values({ user_id: t.userId, name: t.name, token_hash: t.tokenHash, created_at: t.at })
      .returning('id')
      .executeTakeFirstOrThrow();
    return row.id;
  }

  async listActive(db: Executor, userId: number): Promise<ApiTokenRow[]> {
    const rows = await db
      .selectFrom('api_tokens')
      .select(['id', 'name', 'created_at', 'last_used_at'])
      .where('user_id', '=', userId)
      .where('revoked_at', 'is', null)
      .orderBy('id', 'desc')
      .execute();
    return rows.map((r) => ({ id: r.id, name: r.name, createdAt: r.created_at, lastUsedAt: r.last_used_at }));
  }

  /** Revokes a token only if it belongs to the user; false when there was no such token. */
  async revoke(db: Executor, userId: number, id: number, at: string): Promise<boolean> {
    const result = await db
      .updateTable('api_tokens')
      .set({ revoked_at: at })
      .where('id', '=', id)
      .where('user_id', '=', userId)
      .where('revoked_at', 'is', null)
      .executeTakeFirst();
    return Number(result.numUpdatedRows) > 0;
  }

  /** Revokes every live token of a user (a new password ends every way in that the old one made). */
  async revokeAllForUser(db: Executor, userId: number, at: string): Promise<number> {
    const result = await db.updateTable('api_tokens').set({ revoked_at: at }).where('user_id', '=', userId).where('revoked_at', 'is', null).executeTakeFirst();
    return Number(result.numUpdatedRows);
  }

  async findPrincipal(db: Executor, tokenHash: string): Promise<(SessionPrincipal & { tokenId: number; lastUsedAt: string | null }) | undefined> {
    const r = await db
      .selectFrom('api_tokens as t')
      .innerJoin('users as u', 'u.id', 't.user_id')
      .select(['t.id as token_id', 't.last_used_at', ...PRINCIPAL_COLUMNS])
      .where('t.token_hash', '=', tokenHash)
      .where('t.revoked_at', 'is', null)
      .executeTakeFirst();
    if (!r) return undefined;
    return {
      tokenId: r.token_id,
      lastUsedAt: r.last_used_at,
      ...toPrincipal(r),
    };
  }

  async markUsed(db: Executor, id: number, at: string): Promise<void> {
    await db.updateTable('api_tokens').set({ last_used_at: at }).where('id', '=', id).execute();
  }
}
