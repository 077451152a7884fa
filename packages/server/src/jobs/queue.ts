import { randomBytes } from 'node:crypto';
import type { Database, JobStatus } from '@pond/db';
import { AppError, can } from '@pond/domain';
import type { Actor } from '../platform/actor.js';
import type { Clock } from '../platform/clock.js';
import type { JobSpec } from './job.js';
import { PROBE } from './probe.js';
import { type JobsRepository, type JobRow } from './jobs.repository.js';

const DEFAULT_MAX_ATTEMPTS = 5;

export interface JobView {
  id: number;
  key: string;
  type: string;
  status: JobStatus;
  attempts: number;
  maxAttempts: number;
  runAt: string;
  lastError: string | null;
  createdAt: string;
  finishedAt: string | null;
}

const toView = (r: JobRow): JobView => ({
  id: r.id,
  key: r.key,
  type: r.type,
  status: r.status,
  attempts: r.attempts,
  maxAttempts: r.max_attempts,
  runAt: r.run_at,
  lastError: r.last_error,
  createdAt: r.created_at,
  finishedAt: r.finished_at,
});

/** Puts work on the queue. The key names the work (same work, same key), so enqueueing twice does it once. */
export class JobQueue {
  constructor(
    private readonly database: Database,
    private readonly clock: Clock,
    private readonly repo: JobsRepository,
  ) {}

  /** True when the job was added; false when a job of this key already exists. Checks the payload first. */
  async enqueue<P>(definition: JobSpec<P>, key: string, payload: P, options: { runAt?: Date; db?: Database['db'] } = {}): Promise<boolean> {
    const parsed = definition.payload.safeParse(payload);
    if (!parsed.success) throw new AppError('VALIDATION_FAILED', { details: [{ path: ['payload'], message: parsed.error.message }] });
    const now = this.clock.now();
    return this.repo.enqueue(
      options.db ?? this.database.db,
      { key, type: definition.type, version: definition.version, payload: parsed.data, runAt: (options.runAt ?? now).toISOString(), maxAttempts: definition.maxAttempts ?? DEFAULT_MAX_ATTEMPTS },
      now.toISOString(),
    );
  }

  /** An admin's check that background work runs: a probe job that leaves one audit entry when a worker did it. */
  async probe(actor: Actor, sleepMs: number): Promise<JobView> {
    if (!can.viewJobs(actor.role)) throw new AppError('FORBIDDEN');
    const key = `${PROBE.type}:${this.clock.now().toISOString()}:${randomBytes(4).toString('hex')}`;
    await this.enqueue(PROBE, key, { sleepMs });
    return (await this.find(key))!;
  }

  /** Done jobs finished more than `days` ago go (a key is only ever asked for again within a day of its work). */
  /** Drops the jobs under a key prefix whatever their state: work done some other way (the demo runs its lanes inline). */
  async discard(keyPrefix: string): Promise<number> {
    return this.repo.discard(this.database.db, keyPrefix);
  }

  async purgeFinished(days: number): Promise<number> {
    return this.repo.purgeFinished(this.database.db, new Date(this.clock.now().getTime() - days * 86_400_000).toISOString());
  }

  async find(key: string): Promise<JobView | undefined> {
    const row = await this.repo.find(this.database.db, key);
    return row && toView(row);
  }

  /** Background work as an admin sees it: newest first, with the count of each status (dead jobs above all). */
  async list(actor: Actor, filter: { status?: JobStatus; limit: number; before?: number }): Promise<{ items: JobView[]; counts: Record<JobStatus, number> }> {
    if (!can.viewJobs(actor.role)) throw new AppError('FORBIDDEN');
    const [rows, counts] = await Promise.all([this.repo.list(this.database.db, filter), this.repo.counts(this.database.db)]);
    return { items: rows.map(toView), counts };
  }
}
