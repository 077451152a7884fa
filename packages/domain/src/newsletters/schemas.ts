import { z } from 'zod';
import { cleanText } from '../text/text.js';

const Version = z.number().int().nonnegative();

/** The cover note's template in each language; the reader's language picks one. */
export const CoverTemplates = z.strictObject({
  en: cleanText({ min: 1, max: 2000, lines: true }),
  'zh-Hant': cleanText({ min: 1, max: 2000, lines: true }),
  'zh-Hans': cleanText({ min: 1, max: 2000, lines: true }),
});
export type CoverTemplates = z.infer<typeof CoverTemplates>;

const IssueFields = {
  subject: cleanText({ min: 1, max: 200 }),
  bodyMarkdown: cleanText({ min: 1, max: 100_000, lines: true }),
  advertisement: z.boolean().default(false),
  templates: CoverTemplates.optional(),
  /** The prospect list's filter, as its query string (grade=A&tag=VIP…). */
  audience: z.string().max(2000).default(''),
};

export const IssueInput = z.strictObject(IssueFields);
export type IssueInput = z.infer<typeof IssueInput>;

export const IssuePatch = z.strictObject({
  version: Version.optional(),
  subject: IssueFields.subject.optional(),
  bodyMarkdown: IssueFields.bodyMarkdown.optional(),
  advertisement: z.boolean().optional(),
  templates: CoverTemplates.optional(),
  audience: z.string().max(2000).optional(),
});
export type IssuePatch = z.infer<typeof IssuePatch>;

export const ReviewInput = z.strictObject({
  version: Version.optional(),
  decision: z.enum(['approve', 'reject']),
  comment: cleanText({ max: 2000, lines: true }).optional(),
});
export type ReviewInput = z.infer<typeof ReviewInput>;

/** A signer's own words for one reader; null goes back to the template. */
export const NoteInput = z.strictObject({
  note: cleanText({ min: 1, max: 2000, lines: true }).nullable(),
});
export type NoteInput = z.infer<typeof NoteInput>;

export const SendInput = z.strictObject({
  version: Version.optional(),
  /** When to start; absent or past: now. */
  sendAt: z.iso.datetime({ offset: true }).transform((s) => new Date(s).toISOString()).optional(),
});
export type SendInput = z.infer<typeof SendInput>;

/** What a person decides for a copy whose fate is unknown: it did reach them, or send it again. */
export const UnknownDecision = z.strictObject({ decision: z.enum(['mark_sent', 'resend']) });
export type UnknownDecision = z.infer<typeof UnknownDecision>;
