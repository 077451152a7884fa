import { z } from 'zod';
import type { JobSpec } from '../../jobs/job.js';

/** One user's morning: the mail (when on) and the day's notices, for one local day. Key: reminders.digest:<user>:<day>. */
export const DIGEST_SEND: JobSpec<{ userId: number; day: string }> = {
  type: 'reminders.digest',
  version: 1,
  maxAttempts: 5,
  payload: z.object({ userId: z.number().int().positive(), day: z.string().regex(/^\d{4}-\d{2}-\d{2}$/) }),
};

export const digestKey = (userId: number, day: string) => `${DIGEST_SEND.type}:${userId}:${day}`;
