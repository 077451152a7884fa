import type { Executor } from '@pond/db';
import { PRINCIPAL_COLUMNS, toPrincipal, type SessionPrincipal } from './sessions.repository.js';

/** One calendar feed per user, known by the SHA-256 of its token. */
export class FeedTokensRepository {
  async status(db: Executor, userId: number): Promise<{ createdAt: string; lastUsedAt: string | null } | undefined> {
    const row = await db.selectFrom('feed_tokens').select(['created_at', 'last_used_at']).where('user_id', '=', userId).executeTakeFirst();
    return row && { createdAt: row.created_at, lastUsedAt: row.last_used_at };
  }

  /** A new token replaces the old one in one statement: the old address stops working as the new one starts. */
  async replace(db: Executor, userId: number, tokenHash: string, at: string): Promise<void> {
    await db
      .insertInto('feed_tokens')
      .values({ user_id: userId, token_hash: tokenHash, created_at: at, last_used_at: null })
      .onConflict((oc) => oc.column('user_id').doUpdateSet({ token_hash: tokenHash, created_at: at, last_used_at: null }))
      .execute();
  }

  async remove(db: Executor, userId: number): Promise<boolean> {
    const r = await db.deleteFrom('feed_tokens').where('user_id', '=', userId).executeTakeFirst();
    return Number(r.numDeletedRows) > 0;
  }

  async findPrincipal(db: Executor, tokenHash: string): Promise<(SessionPrincipal & { lastUsedAt: string | null }) | undefined> {
    const row = await db
      .selectFrom('feed_tokens as f')
      .innerJoin('users as u', 'u.id', 'f.user_id')
      .select(['f.last_used_at', ...PRINCIPAL_COLUMNS])
      .where('f.token_hash', '=', tokenHash)
      .executeTakeFirst();
    return row && { ...toPrincipal(row), lastUsedAt: row.last_used_at };
  }

  async markUsed(db: Executor, tokenHash: string, at: string): Promise<void> {
    await db.updateTable('feed_tokens').set({ last_used_at: at }).where('token_hash', '=', tokenHash).execute();
  }
}
