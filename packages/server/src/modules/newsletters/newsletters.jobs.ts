import { z } from 'zod';
import type { JobSpec } from '../../jobs/job.js';

/**
 * One lane of an issue's sending, one step of it: `newsletter.send:<issue>:<round>:<lane>:<step>`. Each step sends for
 * a while, then queues the next step under the next key, so a rerun after a crash queues the same successor.
 */
export const NEWSLETTER_SEND: JobSpec<{ issueId: number; round: string; lane: number; step: number }> = {
  type: 'newsletter.send',
  version: 1,
  maxAttempts: 20,
  payload: z.object({ issueId: z.number().int().positive(), round: z.string().regex(/^[a-z][0-9]{1,15}$/), lane: z.number().int().min(1).max(64), step: z.number().int().min(0) }),
};
