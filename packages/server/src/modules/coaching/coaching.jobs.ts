import { z } from 'zod';
import type { JobSpec } from '../../jobs/job.js';

/** A manager's weekly coaching mail for the week before one Monday. Key: coaching.digest:<manager>:<monday>. */
export const COACHING_DIGEST: JobSpec<{ managerId: number; monday: string }> = {
  type: 'coaching.digest',
  version: 1,
  maxAttempts: 5,
  payload: z.object({ managerId: z.number().int().positive(), monday: z.string().regex(/^\d{4}-\d{2}-\d{2}$/) }),
};

export const coachingDigestKey = (managerId: number, monday: string) => `${COACHING_DIGEST.type}:${managerId}:${monday}`;
