import { z } from 'zod';
import { AuditRepository } from '../modules/audit/audit.repository.js';
import type { CoreDeps } from '../platform/deps.js';
import { defineJob, type JobSpec } from './job.js';

type ProbePayload = { sleepMs: number };

/** "Is the worker alive?": a job that waits a moment and leaves one audit entry, once, however often it runs. */
export const PROBE: JobSpec<ProbePayload> = {
  type: 'system.probe',
  version: 1,
  maxAttempts: 3,
  payload: z.object({ sleepMs: z.number().int().min(0).max(60_000) }),
};

const audit = new AuditRepository();

export function probeJob(deps: CoreDeps) {
  return defineJob<ProbePayload>({
    ...PROBE,
    handler: async (payload, ctx) => {
      await new Promise<void>((resolve, reject) => {
        const timer = setTimeout(resolve, payload.sleepMs);
        ctx.signal.addEventListener('abort', () => (clearTimeout(timer), reject(ctx.signal.reason)), { once: true });
      });
      const db = deps.database.db;
      if (await audit.has(db, 'job.probe', 'job', ctx.key)) return;
      await audit.record(db, { at: deps.clock.now().toISOString(), actorId: null, actorLabel: ctx.actor.label, action: 'job.probe', entityType: 'job', entityId: ctx.key, after: { attempt: ctx.attempt } });
    },
  });
}
