import { z } from 'zod';
import type { JobSpec } from '../../jobs/job.js';

/** Sends one outbox message (MailService.deliver). */
export const MAIL_SEND: JobSpec<{ outboxId: number }> = {
  type: 'mail.send',
  version: 1,
  maxAttempts: 8,
  payload: z.object({ outboxId: z.number().int().positive() }),
};
