import { Cron } from 'croner';
import type { AnyJobDefinition, JobDefinition } from './job.js';
import type { JobQueue } from './queue.js';

/** Recurring work: a cron pattern in a time zone, and the job each occurrence enqueues. */
export interface Schedule<P = unknown> {
  name: string;
  /** Five-field cron, e.g. '*\/15 * * * *'. */
  pattern: string;
  timezone?: string;
  job: JobDefinition<P>;
  payload: (at: Date) => P;
}

/** The key of one occurrence: the job's type and the scheduled minute, the same in every process that schedules it. */
export function occurrenceKey(type: string, at: Date): string {
  return `${type}:${at.toISOString().slice(0, 16)}`;
}

/**
 * Enqueues each occurrence of each schedule under its occurrence key, so two schedulers (two worker processes)
 * collide on the key and the work is done once. On start the latest past occurrence is enqueued too: a worker
 * that was down when it came due does it when it returns.
 */
export class Scheduler {
  private readonly crons: Cron[] = [];

  constructor(
    private readonly queue: JobQueue,
    private readonly schedules: Schedule[],
    private readonly log?: { warn(obj: object, msg: string): void },
  ) {}

  async start(): Promise<void> {
    for (const s of this.schedules) {
      const enqueue = (at: Date) =>
        this.queue.enqueue(s.job, occurrenceKey(s.job.type, at), s.payload(at)).catch((err: unknown) => this.log?.warn({ err, schedule: s.name }, 'could not enqueue a scheduled job'));
      const cron = new Cron(s.pattern, { timezone: s.timezone ?? 'UTC', catch: true }, (self: Cron) => void enqueue(self.currentRun() ?? new Date()));
      this.crons.push(cron);
      const [previous] = cron.previousRuns(1, new Date());
      if (previous) await enqueue(previous);
    }
  }

  stop(): void {
    for (const c of this.crons) c.stop();
    this.crons.length = 0;
  }
}

/** A schedule of any payload, for the list a scheduler holds. */
export const anySchedule = <P>(s: Schedule<P>): Schedule => s as unknown as Schedule & { job: AnyJobDefinition };
