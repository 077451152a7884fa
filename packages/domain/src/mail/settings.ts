import { z } from 'zod';
import { Email } from '../accounts/schemas.js';
import { cleanText } from '../text/text.js';

export const SMTP_SECURITY = ['tls', 'starttls', 'none'] as const;

const Host = z
  .string()
  .trim()
  .min(1)
  .max(253)
  .regex(/^[A-Za-z0-9.-]+$|^\[[0-9A-Fa-f:.]+\]$/, 'a host name or an IP address');

/**
 * The installation's outgoing mail, as an admin sets it. Secrets are write-only: absent keeps the stored one,
 * null removes it, a string replaces it. They are never sent back (see MailSettingsView).
 */
export const MailSettingsInput = z.strictObject({
  version: z.number().int().nonnegative().optional(),
  host: Host,
  port: z.number().int().min(1).max(65535),
  /** 'tls': TLS from the first byte (port 465); 'starttls': plain, then upgraded, and refused if it cannot be; 'none'. */
  security: z.enum(SMTP_SECURITY),
  user: cleanText({ max: 254 }).nullable().optional(),
  password: z.string().min(1).max(1024).nullable().optional(),
  fromAddress: Email,
  fromName: cleanText({ max: 100 }).nullable().optional(),
  dkim: z
    .strictObject({
      domain: Host,
      selector: z.string().trim().min(1).max(63).regex(/^[A-Za-z0-9-_]+$/),
      privateKey: z.string().min(1).max(10_000).optional(),
    })
    .nullable()
    .optional(),
});
export type MailSettingsInput = z.infer<typeof MailSettingsInput>;

export const MailSettingsView = z.object({
  configured: z.boolean(),
  version: z.number().int(),
  host: z.string().nullable(),
  port: z.number().int().nullable(),
  security: z.enum(SMTP_SECURITY).nullable(),
  user: z.string().nullable(),
  passwordSet: z.boolean(),
  fromAddress: z.string().nullable(),
  fromName: z.string().nullable(),
  dkim: z.object({ domain: z.string(), selector: z.string(), privateKeySet: z.boolean() }).nullable(),
  /** Whether the server can keep secrets (POND_SECRET_KEY is set). */
  secretsAvailable: z.boolean(),
});
export type MailSettingsView = z.infer<typeof MailSettingsView>;
