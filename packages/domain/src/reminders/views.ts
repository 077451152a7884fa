import { z } from 'zod';

/** A user's reminders: the morning mail and whether a calendar feed exists (its address is shown only once). */
export const ReminderSettingsView = z.object({
  digest: z.object({
    enabled: z.boolean(),
    hour: z.number().int(),
    days: z.array(z.number().int()),
    teamDigest: z.boolean(),
    /** Whether the team part may be chosen (managers). */
    teamDigestAvailable: z.boolean(),
    timeZone: z.string(),
    /** Whether an admin has set up outgoing mail: without it no morning mail goes, whatever the user chose. */
    mailConfigured: z.boolean(),
  }),
  feed: z.object({ active: z.boolean(), createdAt: z.string().nullable(), lastUsedAt: z.string().nullable() }),
});
export type ReminderSettingsView = z.infer<typeof ReminderSettingsView>;

/** A new feed address, shown once: only its hash is kept. */
export const FeedCreatedView = z.object({ url: z.string(), createdAt: z.string() });
export type FeedCreatedView = z.infer<typeof FeedCreatedView>;

export const NOTIFICATION_KINDS = ['due_today', 'leaving_pool', 'touch_logged', 'assigned', 'issue_submitted', 'issue_reviewed', 'newsletter_reply'] as const;
export const NotificationKind = z.enum(NOTIFICATION_KINDS);
export type NotificationKind = z.infer<typeof NotificationKind>;

/** One notice on the bell: what happened, who did it, what it links to. */
export const NotificationView = z.object({
  id: z.number().int(),
  kind: NotificationKind,
  at: z.string(),
  read: z.boolean(),
  prospect: z.object({ id: z.number().int(), name: z.string() }).nullable(),
  actor: z.string().nullable(),
  /** Kind-specific facts: counts for due_today, days left for leaving_pool, the touch's channel. */
  data: z.record(z.string(), z.union([z.string(), z.number(), z.null()])),
});
export type NotificationView = z.infer<typeof NotificationView>;

export const NotificationsPageView = z.object({ unread: z.number().int(), items: z.array(NotificationView), nextCursor: z.number().int().nullable() });
export type NotificationsPageView = z.infer<typeof NotificationsPageView>;

export const MarkReadInput = z.union([z.strictObject({ ids: z.array(z.number().int().positive()).min(1).max(500) }), z.strictObject({ all: z.literal(true) })]);
export type MarkReadInput = z.infer<typeof MarkReadInput>;

/** Notices older than this are deleted. */
export const NOTIFICATION_KEEP_DAYS = 90;
