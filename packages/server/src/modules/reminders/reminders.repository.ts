import { bool, type Executor } from '@pond/db';
import type { CalendarDate } from '@pond/domain';
import { sql } from 'kysely';
import { latestTouchIdOf } from '../prospects/prospects.queries.js';

export interface DigestRow {
  userId: number;
  enabled: boolean;
  hour: number;
  days: number;
  teamDigest: boolean;
  sentFor: CalendarDate | null;
  timeZone: string | null;
}

/** Ids per statement when a feed reads its prospects' details. */
const FEED_DETAIL_BATCH = 500;

/** A feed row as the cache knows it: a prospect at a version. Every touch logged moves both. */
export interface FeedKeyRow {
  id: number;
  version: number;
  updated_at: string;
}

/** A prospect on a calendar feed: a follow-up with its due date. */
export interface FeedProspectRow {
  id: number;
  name: string;
  company: string | null;
  next_due_on: CalendarDate;
  last_touch_at: string | null;
  version: number;
  updated_at: string;
  /** What the prospect's latest touch (by its time, then id) recorded, when it has one. */
  touch_summary: string | null;
  touch_feedback: string | null;
}

const DIGEST_COLUMNS = ['id', 'digest_enabled', 'digest_hour', 'digest_days', 'team_digest', 'digest_sent_for', 'time_zone'] as const;

function toDigest(r: { id: number; digest_enabled: boolean | number; digest_hour: number; digest_days: number; team_digest: boolean | number; digest_sent_for: string | null; time_zone: string | null }): DigestRow {
  return { userId: r.id, enabled: bool(r.digest_enabled), hour: r.digest_hour, days: r.digest_days, teamDigest: bool(r.team_digest), sentFor: r.digest_sent_for, timeZone: r.time_zone };
}

/** Only this file speaks SQL for the morning mail's settings and the calendar feed's rows. */
export class RemindersRepository {
  async digest(db: Executor, userId: number): Promise<DigestRow | undefined> {
    const r = await db.selectFrom('users').select(DIGEST_COLUMNS).where('id', '=', userId).executeTakeFirst();
    return r && toDigest(r);
  }

  async setDigest(db: Executor, userId: number, s: { enabled: boolean; hour: number; days: number; teamDigest: boolean }, at: string): Promise<boolean> {
    const r = await db
      .updateTable('users')
      .set({ digest_enabled: s.enabled, digest_hour: s.hour, digest_days: s.days, team_digest: s.teamDigest, updated_at: at })
      .where('id', '=', userId)
      .executeTakeFirst();
    return Number(r.numUpdatedRows) > 0;
  }

  async turnOff(db: Executor, userId: number, at: string): Promise<boolean> {
    const r = await db.updateTable('users').set({ digest_enabled: false, updated_at: at }).where('id', '=', userId).where('digest_enabled', '=', true).executeTakeFirst();
    return Number(r.numUpdatedRows) > 0;
  }

  /** Everyone whose morning comes: every active user (the mail may be off; the bell's notices still come). A few hundred rows. */
  async candidates(db: Executor): Promise<DigestRow[]> {
    const rows = await db.selectFrom('users').select(DIGEST_COLUMNS).where('active', '=', true).orderBy('id').execute();
    return rows.map(toDigest);
  }

  /**
   * Takes a user's local day for the morning's mail and notices, in one conditional statement: of two workers (or a retry) only
   * one finds the day still free, and a day at or before the last one mailed is never taken again.
   */
  async claimDay(db: Executor, userId: number, day: CalendarDate): Promise<boolean> {
    const r = await db
      .updateTable('users')
      .set({ digest_sent_for: day })
      .where('id', '=', userId)
      .where((eb) => eb.or([eb('digest_sent_for', 'is', null), eb('digest_sent_for', '<', day)]))
      .executeTakeFirst();
    return Number(r.numUpdatedRows) > 0;
  }

  /** The teams a manager leads: each active salesperson's count of live prospects past their due date. */
  async teamOverdue(db: Executor, managerId: number, today: CalendarDate): Promise<{ name: string; overdue: number }[]> {
    const rows = await db
      .selectFrom('users as u')
      .leftJoin('prospects as p', (j) =>
        j
          .onRef('p.owner_id', '=', 'u.id')
          .on('p.archived_at', 'is', null)
          .on('p.disposition', '!=', 'dropped')
          .on('p.next_due_on', '<', today),
      )
      .select(['u.display_name', (eb) => eb.fn.count<number | string>('p.id').as('overdue')])
      .where('u.team_id', 'in', (eb) => eb.selectFrom('teams').select('id').where('manager_id', '=', managerId))
      .where('u.active', '=', true)
      .where('u.role', '=', 'salesperson')
      .groupBy(['u.id', 'u.display_name'])
      .orderBy('u.display_name')
      .execute();
    return rows.map((r) => ({ name: r.display_name, overdue: Number(r.overdue) }));
  }

  /** The owner's live prospects due on or before a date (overdue ones included), earliest first: which, and as of when. */
  async feedKeys(db: Executor, ownerId: number, until: CalendarDate, limit: number): Promise<FeedKeyRow[]> {
    return db
      .selectFrom('prospects as p')
      .select(['p.id', 'p.version', 'p.updated_at'])
      .where('p.owner_id', '=', ownerId)
      .where('p.archived_at', 'is', null)
      .where('p.disposition', '!=', 'dropped')
      .where('p.next_due_on', 'is not', null)
      .where('p.next_due_on', '<=', until)
      .orderBy('p.next_due_on')
      .orderBy('p.id')
      .limit(limit)
      .execute() as Promise<FeedKeyRow[]>;
  }

  /** What a feed event shows of each given prospect, with its latest touch joined (an index probe per row). */
  async feedDetails(db: Executor, ownerId: number, ids: number[]): Promise<FeedProspectRow[]> {
    const out: FeedProspectRow[] = [];
    for (let i = 0; i < ids.length; i += FEED_DETAIL_BATCH) {
      const batch = ids.slice(i, i + FEED_DETAIL_BATCH);
      const rows = await db
        .selectFrom('prospects as p')
        .leftJoin('touches as t', (join) => join.on('t.id', '=', latestTouchIdOf('p.id')))
        .select(['p.id', 'p.name', 'p.company', 'p.next_due_on', 'p.last_touch_at', 'p.version', 'p.updated_at', 't.summary as touch_summary', 't.feedback as touch_feedback'])
        .where('p.id', 'in', batch)
        // Still the owner's, still live: the keys were read a moment before.
        .where('p.owner_id', '=', ownerId)
        .where('p.archived_at', 'is', null)
        .where('p.disposition', '!=', 'dropped')
        .where('p.next_due_on', 'is not', null)
        .execute();
      out.push(...(rows as FeedProspectRow[]));
    }
    return out;
  }

  /** What a feed's answer depends on, cheaply: its rows' count and latest change, and the owner's. */
  async feedStamp(db: Executor, ownerId: number, until: CalendarDate): Promise<string> {
    const r = await db
      .selectFrom('prospects as p')
      .select([(eb) => eb.fn.countAll<number | string>().as('n'), (eb) => eb.fn.max('p.updated_at').as('latest'), sql<string>`sum(p.version)`.as('versions')])
      .where('p.owner_id', '=', ownerId)
      .where('p.archived_at', 'is', null)
      .where('p.disposition', '!=', 'dropped')
      .where('p.next_due_on', 'is not', null)
      .where('p.next_due_on', '<=', until)
      .executeTakeFirst();
    return `${Number(r?.n ?? 0)}:${String(r?.latest ?? '')}:${String(r?.versions ?? 0)}`;
  }
}
