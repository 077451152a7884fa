import { z } from 'zod';

/** An issue's life: written, submitted, approved (or rejected with comments), sent copy by copy, done. */
export const ISSUE_STATES = ['draft', 'submitted', 'approved', 'rejected', 'sending', 'paused', 'sent', 'cancelled'] as const;
export const IssueState = z.enum(ISSUE_STATES);
export type IssueState = z.infer<typeof IssueState>;

/**
 * One copy's fate. planned → claimed (a worker holds it under a lease; it has not left) → sending (marked just
 * before it is handed to SMTP) → accepted (the server said 250) | retry (a 4xx or a dropped connection; again at
 * `retry_at`) | failed (a 5xx, or out of attempts) | suppressed (stopped at send time: unsubscribed, bounced, the
 * caps) | unknown (a worker died while sending it, so it may have reached the server: never sent again by itself; a
 * person decides). A claimed copy whose worker died goes back to planned: it never left. `excluded` rows never go.
 */
export const COPY_STATES = ['planned', 'claimed', 'sending', 'accepted', 'retry', 'failed', 'suppressed', 'unknown', 'excluded'] as const;
export const CopyState = z.enum(COPY_STATES);
export type CopyState = z.infer<typeof CopyState>;

/** Why a prospect of the audience gets no copy; each is counted and explained in the preview. */
export const EXCLUSIONS = [
  'no_email',
  'unsubscribed',
  'suppressed',
  'no_consent',
  'dropped',
  'archived',
  'no_signer',
  'customer_without_note',
  'cap_year',
  'cap_gap',
] as const;
export const Exclusion = z.enum(EXCLUSIONS);
export type Exclusion = z.infer<typeof Exclusion>;

/** Edits are allowed while nobody has signed the content off; an edit after submission returns it to draft. */
export const EDITABLE: readonly IssueState[] = ['draft', 'submitted', 'approved', 'rejected'];
/** What voids an approval: a change to anything the approval covered, while it has not started to send. */
export const VOIDABLE: readonly IssueState[] = ['submitted', 'approved', 'rejected'];

export interface NewsletterPolicy {
  /** Hard cap: at most this many issues reach one prospect in any rolling 365 days. */
  maxPerYear: number;
  /** The least days between two issues to one prospect. */
  minGapDays: number;
  /** Below this many issues in the last 365 days, a prospect is reported as going quiet. */
  minPerYear: number;
  /** Whether consent 'unknown' counts as yes (where the law lets the installation mail known contacts). */
  unknownConsentMails: boolean;
  /** Put before the subject of an issue marked as advertising, e.g. 【广告】 where the law wants it; null: never. */
  advertisementMarker: string | null;
  /** An approval older than this many days when sending starts needs approving again. */
  approvalValidDays: number;
  /** The send budget every worker shares. */
  perMinute: number;
  perHour: number;
  /** The organisation named in the footer. */
  organisation: string | null;
}

export const NewsletterPolicySchema = z.strictObject({
  maxPerYear: z.number().int().min(1).max(52),
  minGapDays: z.number().int().min(0).max(365),
  minPerYear: z.number().int().min(0).max(52),
  unknownConsentMails: z.boolean(),
  advertisementMarker: z.string().trim().max(20).nullable(),
  approvalValidDays: z.number().int().min(1).max(365),
  perMinute: z.number().int().min(1).max(1_000_000),
  perHour: z.number().int().min(1).max(10_000_000),
  organisation: z.string().trim().max(200).nullable(),
}) satisfies z.ZodType<NewsletterPolicy>;

export const DEFAULT_NEWSLETTER_POLICY: Readonly<NewsletterPolicy> = Object.freeze({
  maxPerYear: 6,
  minGapDays: 30,
  minPerYear: 3,
  unknownConsentMails: true,
  advertisementMarker: null,
  approvalValidDays: 14,
  perMinute: 600,
  perHour: 20_000,
  organisation: null,
});

const DAY = 86_400_000;

/**
 * The caps for one prospect at `at`: the instants other issues' copies reached (or are on their way to) them.
 * Null when a copy may go; otherwise which cap refuses it.
 */
export function capRefusal(previous: readonly string[], at: Date, policy: Pick<NewsletterPolicy, 'maxPerYear' | 'minGapDays'>): 'cap_year' | 'cap_gap' | null {
  const now = at.getTime();
  const inYear = previous.filter((p) => now - new Date(p).getTime() < 365 * DAY);
  if (inYear.length >= policy.maxPerYear) return 'cap_year';
  if (policy.minGapDays > 0 && previous.some((p) => Math.abs(now - new Date(p).getTime()) < policy.minGapDays * DAY)) return 'cap_gap';
  return null;
}

/** The subject as it leaves: the installation's marker in front when the issue is advertising (once). */
export function subjectWithMarker(subject: string, advertisement: boolean, marker: string | null): string {
  if (!advertisement || !marker) return subject;
  return subject.startsWith(marker) ? subject : `${marker}${subject}`;
}

/** A 4xx, a lost connection or a timeout: the copy is tried again after this long (1, 5, 30 minutes, 2 h, 6 h). */
export function retryDelayMs(attempt: number): number {
  const steps = [60_000, 300_000, 1_800_000, 7_200_000, 21_600_000];
  return steps[Math.min(steps.length - 1, Math.max(0, attempt - 1))]!;
}

/** A copy is tried at most this many times before it is failed. */
export const MAX_COPY_ATTEMPTS = 5;

/** SMTP answers that mean the address itself is bad (not the message, not the day): the address is suppressed. */
export function meansBadAddress(code: number | null, text: string): boolean {
  if (code === 550 || code === 551 || code === 553) return true;
  return /\b5\.1\.[0-9]\b/.test(text);
}

/** The cover note's default template per language, placeholders filled per copy. */
export const DEFAULT_TEMPLATES = {
  en: 'Dear {reader},\n\nI thought this might be useful to you. If anything in it raises a question, just reply to this mail or call me.\n\n{signer}',
  'zh-Hant': '{reader} 您好：\n\n這期內容應該對您有幫助，有任何問題，直接回信或打電話給我都可以。\n\n{signer}',
  'zh-Hans': '{reader} 您好：\n\n这期内容应该对您有帮助，有任何问题，直接回信或打电话给我都可以。\n\n{signer}',
} as const;
