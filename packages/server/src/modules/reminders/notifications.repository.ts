import type { Executor } from '@pond/db';
import type { NotificationKind } from '@pond/domain';

export interface NewNotification {
  userId: number;
  kind: NotificationKind;
  /** For notices that exist once (the day's due follow-ups): the same key written twice is one notice. */
  key?: string | null;
  prospectId?: number | null;
  actorId?: number | null;
  actorLabel?: string | null;
  data?: Record<string, string | number | null>;
  at: string;
}

export interface NotificationRow {
  id: number;
  kind: string;
  created_at: string;
  read_at: string | null;
  prospect_id: number | null;
  prospect_name: string | null;
  actor_label: string | null;
  data_json: string;
}

/**
 * The bell's notices. Written with `insert` inside the transaction of the change that causes them, so a notice
 * exists exactly when its change committed: none lost, none doubled.
 */
export class NotificationsRepository {
  async insert(db: Executor, n: NewNotification): Promise<void> {
    const q = db.insertInto('notifications').values({
      user_id: n.userId,
      kind: n.kind,
      key: n.key ?? null,
      prospect_id: n.prospectId ?? null,
      actor_id: n.actorId ?? null,
      actor_label: n.actorLabel ?? null,
      data_json: JSON.stringify(n.data ?? {}),
      created_at: n.at,
      read_at: null,
    });
    await (n.key ? q.onConflict((oc) => oc.column('key').doNothing()) : q).execute();
  }

  async page(db: Executor, userId: number, before: number | null, limit: number): Promise<NotificationRow[]> {
    let q = db
      .selectFrom('notifications as n')
      .leftJoin('prospects as p', 'p.id', 'n.prospect_id')
      .select(['n.id', 'n.kind', 'n.created_at', 'n.read_at', 'n.prospect_id', 'p.name as prospect_name', 'n.actor_label', 'n.data_json'])
      .where('n.user_id', '=', userId);
    if (before !== null) q = q.where('n.id', '<', before);
    return q.orderBy('n.id', 'desc').limit(limit).execute();
  }

  async unread(db: Executor, userId: number): Promise<number> {
    const r = await db
      .selectFrom('notifications')
      .select((eb) => eb.fn.countAll<number | string>().as('n'))
      .where('user_id', '=', userId)
      .where('read_at', 'is', null)
      .executeTakeFirst();
    return Number(r?.n ?? 0);
  }

  /** Marks the user's own notices read; ids of anyone else's are ignored. */
  async markRead(db: Executor, userId: number, ids: number[] | 'all', at: string): Promise<number> {
    let q = db.updateTable('notifications').set({ read_at: at }).where('user_id', '=', userId).where('read_at', 'is', null);
    if (ids !== 'all') q = q.where('id', 'in', ids);
    return Number((await q.executeTakeFirst()).numUpdatedRows);
  }

  async purgeBefore(db: Executor, at: string): Promise<number> {
    return Number((await db.deleteFrom('notifications').where('created_at', '<', at).executeTakeFirst()).numDeletedRows);
  }
}
