import type { Executor, OutboxTable } from '@pond/db';
import type { Selectable } from 'kysely';
import type { MailContent } from './mail-transport.js';

export type OutboxRow = Selectable<OutboxTable>;

/** A message to queue, named by a deterministic key: the same key queued twice is one message. */
export interface OutgoingMail extends MailContent {
  key: string;
}

/** Only this file speaks SQL for the outbox. */
export class MailRepository {
  /** The message, unless one with its key is already there; its id either way. */
  async insert(db: Executor, m: OutgoingMail, messageId: string, at: string): Promise<{ id: number; created: boolean }> {
    const r = await db
      .insertInto('outbox')
      .values({
        key: m.key,
        to_address: m.to,
        reply_to: m.replyTo ?? null,
        subject: m.subject,
        text_body: m.text,
        html_body: m.html ?? null,
        headers_json: JSON.stringify(m.headers ?? {}),
        status: 'pending',
        message_id: messageId,
        created_at: at,
      })
      .onConflict((oc) => oc.column('key').doNothing())
      .returning('id')
      .executeTakeFirst();
    if (r) return { id: r.id, created: true };
    const existing = await db.selectFrom('outbox').select('id').where('key', '=', m.key).executeTakeFirstOrThrow();
    return { id: existing.id, created: false };
  }

  async find(db: Executor, id: number): Promise<OutboxRow | undefined> {
    return db.selectFrom('outbox').selectAll().where('id', '=', id).executeTakeFirst();
  }

  /** One more attempt made, with what the server said when it failed. */
  async attempted(db: Executor, id: number, error: string | null): Promise<void> {
    await db
      .updateTable('outbox')
      .set((eb) => ({ attempts: eb('attempts', '+', 1), last_error: error }))
      .where('id', '=', id)
      .execute();
  }

  /** Marks it sent once; false when it already was. */
  async markSent(db: Executor, id: number, at: string): Promise<boolean> {
    const r = await db.updateTable('outbox').set({ status: 'sent', sent_at: at, last_error: null }).where('id', '=', id).where('status', '=', 'pending').executeTakeFirst();
    return Number(r.numUpdatedRows) > 0;
  }

  async markFailed(db: Executor, id: number, error: string): Promise<void> {
    await db.updateTable('outbox').set({ status: 'failed', last_error: error }).where('id', '=', id).where('status', '=', 'pending').execute();
  }
}
