import { hostname } from 'node:os';
import { randomBytes } from 'node:crypto';
import type { Database } from '@pond/db';
import type { SystemActor } from '../platform/actor.js';
import type { Clock } from '../platform/clock.js';
import type { AnyJobDefinition } from './job.js';
import { JobsRepository, type Claim } from './jobs.repository.js';

export interface RunnerOptions {
  /** How long a claim holds before another worker may take the job (the runner renews it while a job runs). */
  leaseMs?: number;
  /** How often an idle runner looks for work. */
  pollMs?: number;
  log?: { info(obj: object, msg: string): void; warn(obj: object, msg: string): void; error(obj: object, msg: string): void };
}

/** Retry after 30 s, 1 min, 2 min, … up to an hour, with a little jitter so failed jobs do not return in step. */
export function backoffMs(attempt: number): number {
  return Math.min(3_600_000, 30_000 * 2 ** Math.max(0, attempt - 1)) * (0.9 + Math.random() * 0.2);
}

/** Pond itself, on behalf of one job: the only place a system actor is made. */
function systemActor(key: string): SystemActor {
  return { system: true, label: `Pond (${key})`, job: key };
}

/**
 * Takes jobs off the queue one at a time and runs them. Safe to kill at any moment and to run in several
 * processes: a claim is one statement, a killed worker's job is taken again when its lease runs out, and a
 * worker that lost its lease cannot mark the job done (its writes need the claim it no longer holds).
 */
export class JobRunner {
  private readonly repo = new JobsRepository();
  private readonly definitions = new Map<string, AnyJobDefinition>();
  readonly worker = `${hostname()}:${process.pid}:${randomBytes(3).toString('hex')}`;
  private readonly leaseMs: number;
  private readonly pollMs: number;
  private stopping = false;
  private loop: Promise<void> | null = null;
  private wake: (() => void) | null = null;
  private current: AbortController | null = null;

  constructor(
    private readonly database: Database,
    private readonly clock: Clock,
    definitions: AnyJobDefinition[],
    private readonly options: RunnerOptions = {},
  ) {
    for (const d of definitions) this.definitions.set(d.type, d);
    this.leaseMs = options.leaseMs ?? 60_000;
    this.pollMs = options.pollMs ?? 1_000;
  }

  /** Claims and runs one job if one is due; false when there was none. */
  async runOnce(): Promise<boolean> {
    const now = this.clock.now();
    const claim = await this.repo.claim(this.database.db, this.worker, now.toISOString(), new Date(now.getTime() + this.leaseMs).toISOString(), [...this.definitions.keys()]);
    if (!claim) return false;
    await this.run(claim);
    return true;
  }

  private async run(claim: Claim): Promise<void> {
    const { job } = claim;
    const definition = this.definitions.get(job.type)!;
    const abort = new AbortController();
    this.current = abort;
    // While the handler works, the lease is renewed; if the claim is lost, the handler is told to stop.
    const renew = setInterval(() => {
      const now = this.clock.now();
      this.repo.extend(this.database.db, claim, new Date(now.getTime() + this.leaseMs).toISOString(), now.toISOString()).then(
        (held) => held || abort.abort(new Error('lease lost')),
        () => undefined,
      );
    }, Math.max(50, this.leaseMs / 3));
    try {
      if (job.version !== definition.version) throw new Error(`job version ${job.version} is not this Pond's ${definition.version}`);
      const payload = definition.payload.parse(JSON.parse(job.payload));
      await definition.handler(payload, { actor: systemActor(job.key), key: job.key, attempt: claim.attempt, signal: abort.signal });
      if (abort.signal.aborted) throw abort.signal.reason instanceof Error ? abort.signal.reason : new Error('stopped');
      clearInterval(renew);
      const done = await this.repo.complete(this.database.db, claim, this.clock.now().toISOString());
      if (done) this.options.log?.info({ job: job.key, attempt: claim.attempt }, 'job done');
      else this.options.log?.warn({ job: job.key, attempt: claim.attempt }, 'job finished after its lease was taken over; the other run counts');
    } catch (err) {
      clearInterval(renew);
      const last = claim.attempt >= job.max_attempts;
      const now = this.clock.now();
      const retryAt = last ? null : new Date(now.getTime() + backoffMs(claim.attempt)).toISOString();
      await this.repo.fail(this.database.db, claim, String((err as Error)?.stack ?? err), now.toISOString(), retryAt).catch(() => false);
      this.options.log?.[last ? 'error' : 'warn']({ job: job.key, attempt: claim.attempt, err }, last ? 'job failed for the last time; it is dead' : 'job failed; it will be retried');
    } finally {
      clearInterval(renew);
      this.current = null;
    }
  }

  /** Runs jobs until stop(): as fast as they come while there is work, every pollMs otherwise. */
  start(): void {
    if (this.loop) return;
    this.stopping = false;
    this.loop = (async () => {
      while (!this.stopping) {
        let worked = false;
        try {
          worked = await this.runOnce();
        } catch (err) {
          this.options.log?.warn({ err }, 'could not claim a job');
        }
        if (!worked && !this.stopping) await new Promise<void>((r) => ((this.wake = r), setTimeout(r, this.pollMs).unref()));
      }
    })();
  }

  /** Stops taking jobs; the job in hand is told to stop and its attempt is recorded, or its lease simply runs out. */
  async stop(): Promise<void> {
    this.stopping = true;
    this.current?.abort(new Error('the worker is stopping'));
    this.wake?.();
    await this.loop;
    this.loop = null;
  }
}
