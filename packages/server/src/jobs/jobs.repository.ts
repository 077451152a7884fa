import { onSqlite, type Executor, type JobStatus } from '@pond/db';
import { sql, type Selectable } from 'kysely';
import type { JobsTable } from '@pond/db';

export type JobRow = Selectable<JobsTable>;

export interface NewJob {
  key: string;
  type: string;
  version: number;
  payload: unknown;
  runAt: string;
  maxAttempts: number;
}

/** A claim: the row as claimed, and the token (worker, attempt) every later write of this run must still hold. */
export interface Claim {
  job: JobRow;
  worker: string;
  attempt: number;
}

/** Only this file speaks SQL for the job queue. */
export class JobsRepository {
  /** Adds a job unless one with its key exists (done, dead or pending alike); true when it was added. */
  async enqueue(db: Executor, job: NewJob, at: string): Promise<boolean> {
    const r = await db
      .insertInto('jobs')
      .values({
        key: job.key,
        type: job.type,
        version: job.version,
        payload: JSON.stringify(job.payload ?? null),
        status: 'queued',
        run_at: job.runAt,
        max_attempts: job.maxAttempts,
        created_at: at,
        updated_at: at,
      })
      .onConflict((oc) => oc.column('key').doNothing())
      .executeTakeFirst();
    return Number(r.numInsertedOrUpdatedRows ?? 0) > 0;
  }

  /**
   * Takes the next job that is due, or whose last worker's lease ran out, in one statement: on PostgreSQL the
   * candidate row is locked with SKIP LOCKED, so workers racing for it each get a different job; SQLite runs one
   * writer at a time. The attempt is counted at the claim, so a worker killed mid-job has used one.
   */
  async claim(db: Executor, worker: string, now: string, leaseUntil: string, types: string[]): Promise<Claim | null> {
    if (!types.length) return null;
    const candidate = db
      .selectFrom('jobs')
      .select('id')
      .where('type', 'in', types)
      .where((eb) => eb.or([eb.and([eb('status', '=', 'queued'), eb('run_at', '<=', now)]), eb.and([eb('status', '=', 'running'), eb('lease_until', '<', now)])]))
      .orderBy('run_at')
      .orderBy('id')
      .limit(1);
    const locked = onSqlite(db) ? candidate : candidate.forUpdate().skipLocked();
    const row = await db
      .updateTable('jobs')
      .set((eb) => ({ status: 'running', lease_until: leaseUntil, locked_by: worker, attempts: eb('attempts', '+', 1), updated_at: now }))
      .where('id', '=', (eb) => eb.selectFrom(locked.as('c')).select('c.id'))
      .returningAll()
      .executeTakeFirst();
    return row ? { job: row, worker, attempt: row.attempts } : null;
  }

  /** Where this claim still holds: the same worker, the same attempt, still running. */
  private held(db: Executor, c: Claim) {
    return db.updateTable('jobs').where('id', '=', c.job.id).where('locked_by', '=', c.worker).where('attempts', '=', c.attempt).where('status', '=', 'running');
  }

  /** Pushes the lease on while a long job works; false when the claim was lost (the lease ran out and another took it). */
  async extend(db: Executor, c: Claim, leaseUntil: string, now: string): Promise<boolean> {
    const r = await this.held(db, c).set({ lease_until: leaseUntil, updated_at: now }).executeTakeFirst();
    return Number(r.numUpdatedRows) > 0;
  }

  /** Marks the job done, only while this claim still holds it; false when another worker has it now. */
  async complete(db: Executor, c: Claim, now: string): Promise<boolean> {
    const r = await this.held(db, c).set({ status: 'done', lease_until: null, finished_at: now, updated_at: now, last_error: null }).executeTakeFirst();
    return Number(r.numUpdatedRows) > 0;
  }

  /** A failed attempt: queued again at `retryAt`, or dead (kept, with its error, for an admin to see) after the last. */
  async fail(db: Executor, c: Claim, error: string, now: string, retryAt: string | null): Promise<boolean> {
    const status: JobStatus = retryAt === null ? 'dead' : 'queued';
    const r = await this.held(db, c)
      .set({ status, run_at: retryAt ?? c.job.run_at, lease_until: null, last_error: error.slice(0, 4000), updated_at: now, ...(retryAt === null && { finished_at: now }) })
      .executeTakeFirst();
    return Number(r.numUpdatedRows) > 0;
  }

  async find(db: Executor, key: string): Promise<JobRow | undefined> {
    return db.selectFrom('jobs').selectAll().where('key', '=', key).executeTakeFirst();
  }

  /** Newest first, optionally of one status; for the admin's view of background work. */
  async list(db: Executor, filter: { status?: JobStatus; limit: number; before?: number }): Promise<JobRow[]> {
    let q = db.selectFrom('jobs').selectAll().orderBy('id', 'desc').limit(filter.limit);
    if (filter.status) q = q.where('status', '=', filter.status);
    if (filter.before) q = q.where('id', '<', filter.before);
    return q.execute();
  }

  async counts(db: Executor): Promise<Record<JobStatus, number>> {
    const rows = await db.selectFrom('jobs').select(['status', sql<number>`count(*)`.as('n')]).groupBy('status').execute();
    const counts: Record<JobStatus, number> = { queued: 0, running: 0, done: 0, dead: 0 };
    for (const r of rows) counts[r.status] = Number(r.n);
    return counts;
  }

  /** Finished jobs older than the cutoff go; their keys may then be used again. */
  /** Drops every job whose key starts with the prefix, whatever its state. */
  async discard(db: Executor, keyPrefix: string): Promise<number> {
    const r = await db.deleteFrom('jobs').where(sql<boolean>`substr(key, 1, ${keyPrefix.length}) = ${keyPrefix}`).executeTakeFirst();
    return Number(r.numDeletedRows);
  }

  async purgeFinished(db: Executor, before: string): Promise<number> {
    const r = await db.deleteFrom('jobs').where('status', '=', 'done').where('finished_at', '<', before).executeTakeFirst();
    return Number(r.numDeletedRows);
  }
}
