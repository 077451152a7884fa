import { z } from 'zod';
import type { AuditService } from '../modules/audit/audit.service.js';
import { defineJob, type JobSpec } from './job.js';

type ProbePayload = { sleepMs: number };

/** "Is the worker alive?": a job that waits a moment and leaves one audit entry, once, however often it runs. */
export const PROBE: JobSpec<ProbePayload> = {
  type: 'system.probe',
  version: 1,
  maxAttempts: 3,
  payload: z.object({ sleepMs: z.number().int().min(0).max(60_000) }),
};

export function probeJob(audit: Pick<AuditService, 'recordForJobOnce'>) {
  return defineJob<ProbePayload>({
    ...PROBE,
    handler: async (payload, ctx) => {
      await new Promise<void>((resolve, reject) => {
        const timer = setTimeout(resolve, payload.sleepMs);
        ctx.signal.addEventListener('abort', () => (clearTimeout(timer), reject(ctx.signal.reason)), { once: true });
      });
      await audit.recordForJobOnce(ctx.actor, { action: 'job.probe', entityId: ctx.key, after: { attempt: ctx.attempt } });
    },
  });
}
