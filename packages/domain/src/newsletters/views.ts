import { z } from 'zod';
import { CopyState, Exclusion, IssueState, NewsletterPolicySchema } from './rules.js';
import { CoverTemplates } from './schemas.js';

const Person = z.object({ id: z.number(), name: z.string() });

export const IssueCounts = z.object({
  recipients: z.number(),
  excluded: z.number(),
  planned: z.number(),
  claimed: z.number(),
  sending: z.number(),
  accepted: z.number(),
  retry: z.number(),
  failed: z.number(),
  suppressed: z.number(),
  unknown: z.number(),
  notesWritten: z.number(),
});
export type IssueCounts = z.infer<typeof IssueCounts>;

export const IssueView = z.object({
  id: z.number(),
  subject: z.string(),
  /** The subject as it will leave, with the installation's advertising marker when the issue carries one. */
  sentSubject: z.string(),
  bodyMarkdown: z.string(),
  /** The body as the mail shows it (sanitized HTML). */
  bodyHtml: z.string(),
  advertisement: z.boolean(),
  templates: CoverTemplates,
  audience: z.string(),
  state: IssueState,
  author: Person,
  reviewer: Person.nullable(),
  reviewedAt: z.string().nullable(),
  reviewComment: z.string().nullable(),
  submittedAt: z.string().nullable(),
  sendAt: z.string().nullable(),
  startedAt: z.string().nullable(),
  finishedAt: z.string().nullable(),
  version: z.number(),
  createdAt: z.string(),
  updatedAt: z.string(),
  counts: IssueCounts,
  /** Copies signed by the viewer, and how many of them carry their own note. */
  mine: z.object({ recipients: z.number(), notes: z.number() }),
  can: z.object({
    edit: z.boolean(),
    refresh: z.boolean(),
    submit: z.boolean(),
    review: z.boolean(),
    send: z.boolean(),
    pause: z.boolean(),
    resume: z.boolean(),
    cancel: z.boolean(),
    decide: z.boolean(),
  }),
});
export type IssueView = z.infer<typeof IssueView>;

export const IssueListView = z.object({ items: z.array(IssueView), nextCursor: z.string().nullable() });
export type IssueListView = z.infer<typeof IssueListView>;

export const CopyView = z.object({
  id: z.number(),
  prospect: z.object({ id: z.number(), name: z.string(), company: z.string().nullable(), stage: z.string() }),
  address: z.string().nullable(),
  locale: z.string().nullable(),
  signer: Person.nullable(),
  note: z.string().nullable(),
  /** The note as it will read: the signer's own, or the template filled in. */
  noteShown: z.string().nullable(),
  excluded: Exclusion.nullable(),
  state: CopyState,
  attempts: z.number(),
  smtpReply: z.string().nullable(),
  suppressedReason: z.string().nullable(),
  sentAt: z.string().nullable(),
  can: z.object({ note: z.boolean(), decide: z.boolean() }),
});
export type CopyView = z.infer<typeof CopyView>;

export const CopyListView = z.object({
  items: z.array(CopyView),
  nextCursor: z.string().nullable(),
  /** Every exclusion reason on the list with its count. */
  excludedBy: z.record(z.string(), z.number()),
  /** Prospects who match the audience now but are not on the frozen list: they join through a new submission. */
  newSinceFrozen: z.number().nullable(),
});
export type CopyListView = z.infer<typeof CopyListView>;

export const CopyPreviewView = z.object({ subject: z.string(), html: z.string(), text: z.string(), to: z.string().nullable(), from: z.string(), replyTo: z.string().nullable() });
export type CopyPreviewView = z.infer<typeof CopyPreviewView>;

export const QuietReportView = z.object({
  minPerYear: z.number(),
  owners: z.array(z.object({ owner: Person.nullable(), prospects: z.number(), quiet: z.number(), none: z.number() })),
});
export type QuietReportView = z.infer<typeof QuietReportView>;

export const NewsletterPolicyView = z.object({ policy: NewsletterPolicySchema, version: z.number() });
export type NewsletterPolicyView = z.infer<typeof NewsletterPolicyView>;
