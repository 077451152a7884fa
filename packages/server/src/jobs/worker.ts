import type { CoreDeps } from '../platform/deps.js';
import type { Services } from '../services.js';
import { jobDefinitions } from './definitions.js';
import { JobRunner, type RunnerOptions } from './runner.js';
import { Scheduler } from './scheduler.js';

export interface Worker {
  runner: JobRunner;
  stop(): Promise<void>;
}

/**
 * The worker role: the scheduler enqueues recurring work under occurrence keys, the runner takes jobs off the
 * queue. Any number of worker processes may run on one database; each job completes once.
 */
export async function startWorker(services: Services, deps: CoreDeps, log?: RunnerOptions['log']): Promise<Worker> {
  const { definitions, schedules, jobs } = jobDefinitions(services, deps);
  const runner = new JobRunner(deps.database, deps.clock, definitions, { leaseMs: deps.config.jobLeaseMs, pollMs: deps.config.jobPollMs, ...(log && { log }) });
  const scheduler = new Scheduler(services.jobs, schedules, log);
  await scheduler.start();
  // Once a day at most, whichever worker starts first: name keys for records written before they existed.
  await services.jobs.enqueue(jobs.nameKeys, `${jobs.nameKeys.type}:${deps.clock.now().toISOString().slice(0, 10)}`, {});
  runner.start();
  return {
    runner,
    async stop() {
      scheduler.stop();
      await runner.stop();
    },
  };
}
