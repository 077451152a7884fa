import { z } from 'zod';
import { cleanText } from '../text/text.js';
import { CalendarDateSchema, InstantSchema } from './dates.js';
import { Channel, Direction, ExpectedClose, Grade, Importance, NewsletterConsent, Receptivity, Source } from './enums.js';
import { IntervalDays } from './interval-policy.js';
import { ProspectEmail, WechatId } from './phones.js';

/**
 * Free text that forms may send empty: trimmed, held to Pond's text rule, and '' becomes null so "cleared"
 * has one spelling. `lines`: the field may hold several lines.
 */
function text(max: number, lines = false) {
  return cleanText({ max, lines }).transform((s) => (s === '' ? null : s));
}

const unique = <T>(items: T[]): T[] => [...new Set(items)];

export const ProspectName = cleanText({ min: 1, max: 200 });
/**
 * A phone as typed. Normalising to E.164 needs the user's region, so the service does it with
 * `normalizePhones` after this schema has bounded the shape.
 */
export const PhoneText = cleanText({ min: 1, max: 40 });
export const PhoneList = z.array(PhoneText).max(10);
export const EmailList = z.array(ProspectEmail).max(10).transform(unique);
export const Tag = cleanText({ min: 1, max: 40 });
export const TagList = z.array(Tag).max(30).transform(unique);
/** A reason for dropping a prospect, kept with the record forever. */
export const DropReason = cleanText({ min: 1, max: 1000, lines: true });
const UserId = z.number().int().positive();
/** The version the client last read; optional here so a route may take it from If-Match instead. */
const Version = z.number().int().nonnegative();

/**
 * Creating a prospect. A quick create needs only a name, one phone or email, and a grade; the rest has
 * defaults. Owner, stage, disposition and the clock are not accepted: the service sets them.
 */
export const CreateProspectInput = z
  .strictObject({
    name: ProspectName,
    company: text(200).nullable().optional(),
    title: text(200).nullable().optional(),
    phones: PhoneList.default([]),
    emails: EmailList.default([]),
    wechatId: WechatId.nullable().optional(),
    address: text(500, true).nullable().optional(),
    notes: text(5000, true).nullable().optional(),
    source: Source.default('other'),
    /** Who collected the card; the service defaults it to the actor and checks the user exists. */
    collectedByUserId: UserId.optional(),
    grade: Grade,
    importance: Importance.default('normal'),
    expectedClose: ExpectedClose.default('unknown'),
    /** A per-prospect revisit interval; null or absent follows the policy table. */
    intervalDays: IntervalDays.nullable().optional(),
    tags: TagList.default([]),
    newsletterConsent: NewsletterConsent.default('unknown'),
    doNotCall: z.boolean().default(false),
  })
  // A WeChat ID is a way to reach someone: in the team's market it is often the only one on a card.
  .refine((p) => p.phones.length + p.emails.length > 0 || Boolean(p.wechatId), {
    path: ['phones'],
    message: 'Give at least one phone, email or WeChat ID',
    params: { reason: 'CONTACT_REQUIRED' },
  });
export type CreateProspectInput = z.infer<typeof CreateProspectInput>;

/**
 * Editing a prospect's own fields. Strict, so owner, stage, disposition, lastTouchAt, nextDueOn, touch
 * history and anything else unknown are refused outright: mass assignment cannot reach them.
 * Disposition has its own command ({@link DispositionChangeInput}) because it moves the clock.
 */
export const UpdateProspectInput = z
  .strictObject({
    version: Version.optional(),
    name: ProspectName.optional(),
    company: text(200).nullable().optional(),
    title: text(200).nullable().optional(),
    phones: PhoneList.optional(),
    emails: EmailList.optional(),
    wechatId: WechatId.nullable().optional(),
    address: text(500, true).nullable().optional(),
    notes: text(5000, true).nullable().optional(),
    source: Source.optional(),
    grade: Grade.optional(),
    importance: Importance.optional(),
    expectedClose: ExpectedClose.optional(),
    intervalDays: IntervalDays.nullable().optional(),
    tags: TagList.optional(),
    newsletterConsent: NewsletterConsent.optional(),
    doNotCall: z.boolean().optional(),
  })
  .refine((p) => Object.keys(p).some((k) => k !== 'version'), {
    message: 'Nothing to change',
    params: { reason: 'EMPTY_UPDATE' },
  })
  // Only checkable when all three ways are in the patch; the service checks the merged record.
  .refine((p) => !(p.phones && p.emails && p.wechatId !== undefined) || p.phones.length + p.emails.length > 0 || Boolean(p.wechatId), {
    path: ['phones'],
    message: 'Give at least one phone, email or WeChat ID',
    params: { reason: 'CONTACT_REQUIRED' },
  });
export type UpdateProspectInput = z.infer<typeof UpdateProspectInput>;

/**
 * Logging a touch. Who logged it, whether it was on the company's behalf, the outcome and whether it is a
 * first contact are derived, never accepted.
 */
export const LogTouchInput = z.strictObject({
  channel: Channel,
  direction: Direction.default('outbound'),
  /** When it happened; absent means now. */
  at: InstantSchema.optional(),
  /** What was said. */
  summary: text(5000, true).nullable().optional(),
  /** The prospect's own words about products, service and competitors. */
  feedback: text(5000, true).nullable().optional(),
  receptivity: Receptivity.nullable().optional(),
  /** Most touches sell nothing, so a quick log may leave this out. */
  saleMade: z.boolean().default(false),
  /** Required: the article asks every salesperson to judge this after each contact. */
  relationshipKept: z.boolean(),
  lessons: text(5000, true).nullable().optional(),
  /** An explicit next contact date; it beats the revisit interval. */
  nextContactOn: CalendarDateSchema.nullable().optional(),
});
export type LogTouchInput = z.infer<typeof LogTouchInput>;

/** How a try that did not reach the person went. */
export const ATTEMPT_RESULTS = ['no_answer', 'busy', 'left_message', 'unreachable'] as const;
export const AttemptResult = z.enum(ATTEMPT_RESULTS);
export type AttemptResult = z.infer<typeof AttemptResult>;

/**
 * A call (or message, or visit) that did not reach the person: an attempt, not a touch. It is kept on the timeline,
 * neither resets the clock nor counts as a revisit, and sets the retry as the next contact (tomorrow by default).
 */
export const AttemptInput = z.strictObject({
  channel: z.enum(['call', 'message', 'visit', 'email', 'other']).default('call'),
  result: AttemptResult,
  note: text(1000, true).nullable().optional(),
  /** When to try again; absent means tomorrow in the caller's calendar. */
  retryOn: CalendarDateSchema.optional(),
});
export type AttemptInput = z.infer<typeof AttemptInput>;

/**
 * Changing a prospect's disposition: a pause needs the date to resume, dropping needs a reason.
 * Nothing is deleted; a dropped prospect keeps its history and reason.
 */
export const DispositionChangeInput = z.discriminatedUnion('disposition', [
  z.strictObject({ version: Version.optional(), disposition: z.literal('continue') }),
  z.strictObject({ version: Version.optional(), disposition: z.literal('pause'), resumeOn: CalendarDateSchema }),
  z.strictObject({ version: Version.optional(), disposition: z.literal('keep') }),
  z.strictObject({ version: Version.optional(), disposition: z.literal('dropped'), reason: DropReason }),
]);
export type DispositionChangeInput = z.infer<typeof DispositionChangeInput>;
