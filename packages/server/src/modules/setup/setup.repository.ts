import type { Executor } from '@pond/db';

/** The one-time link that creates the first admin: at most one is outstanding. */
export class SetupRepository {
  /** Replaces any earlier link with this one. */
  async replaceToken(db: Executor, tokenHash: string, createdAt: string, expiresAt: string): Promise<void> {
    await db.deleteFrom('setup_tokens').execute();
    await db.insertInto('setup_tokens').values({ token_hash: tokenHash, created_at: createdAt, expires_at: expiresAt }).execute();
  }

  /** Uses up a link that has not expired. Deleting it is the lock: of two racing requests only one gets true. */
  async consumeToken(db: Executor, tokenHash: string, now: string): Promise<boolean> {
    const used = await db.deleteFrom('setup_tokens').where('token_hash', '=', tokenHash).where('expires_at', '>', now).executeTakeFirst();
    return Number(used.numDeletedRows) === 1;
  }
}
