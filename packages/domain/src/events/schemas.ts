import { z } from 'zod';
import { TimeZone } from '../accounts/schemas.js';
import { cleanText, optionalText } from '../text/text.js';
import { EmailList, PhoneList, ProspectName } from '../prospects/schemas.js';
import { WechatId } from '../prospects/phones.js';
import { Grade } from '../prospects/enums.js';
import { EventKind, InvitationChannel, InvitationState } from './rules.js';

const Version = z.number().int().nonnegative();
const Id = z.number().int().positive();
/** An instant with its offset, as a browser's or a script's ISO 8601 string gives it. */
const Instant = z.iso.datetime({ offset: true }).transform((s) => new Date(s).toISOString());
/** A place to join online: only web addresses, so no `javascript:` link is ever shown. */
const OnlineUrl = z
  .url({ protocol: /^https?$/, hostname: z.regexes.domain })
  .max(500)
  .nullable()
  .optional();

const EventFields = {
  title: cleanText({ min: 1, max: 200 }),
  kind: EventKind,
  startsAt: Instant,
  endsAt: Instant.nullable().optional(),
  /** The zone the event's time is shown in (where it happens), e.g. Asia/Taipei. */
  timeZone: TimeZone,
  place: optionalText(300, true),
  onlineUrl: OnlineUrl,
  capacity: z.number().int().min(1).max(100_000).nullable().optional(),
  notes: optionalText(5000, true),
  /** The team whose event it is (its members see it); null: the whole company's. */
  teamId: Id.nullable().optional(),
  /** Colleagues assigned to host or attend it for the company. */
  hostIds: z.array(Id).max(50).default([]),
};

const endsAfterStart = (e: { startsAt?: string; endsAt?: string | null }) => !e.startsAt || !e.endsAt || e.endsAt >= e.startsAt;

export const EventInput = z.strictObject(EventFields).refine(endsAfterStart, { path: ['endsAt'], message: 'An event ends after it starts' });
export type EventInput = z.infer<typeof EventInput>;

export const EventPatch = z
  .strictObject({
    title: EventFields.title.optional(),
    kind: EventKind.optional(),
    startsAt: Instant.optional(),
    endsAt: EventFields.endsAt,
    timeZone: TimeZone.optional(),
    place: EventFields.place,
    onlineUrl: EventFields.onlineUrl,
    capacity: EventFields.capacity,
    notes: EventFields.notes,
    teamId: EventFields.teamId,
    hostIds: z.array(Id).max(50).optional(),
    version: Version.optional(),
  })
  .refine(endsAfterStart, { path: ['endsAt'], message: 'An event ends after it starts' });
export type EventPatch = z.infer<typeof EventPatch>;

export const CancelEventInput = z.strictObject({ version: Version.optional(), reason: cleanText({ min: 1, max: 1000, lines: true }) });
export type CancelEventInput = z.infer<typeof CancelEventInput>;

/**
 * Inviting: prospects one by one (`prospectIds`), or everything the prospect list shows under a filter (`filter`, the
 * list's own query string, e.g. `tag=VIP&grade=A`). Either way only prospects the inviter sees are invited.
 */
export const InviteInput = z
  .strictObject({
    prospectIds: z.array(Id).min(1).max(500).optional(),
    filter: z.string().max(1000).optional(),
    channel: InvitationChannel.default('in_person'),
    /** A line of the inviter's own for the e-mail, above the event's details. */
    message: optionalText(2000, true),
  })
  .refine((i) => (i.prospectIds === undefined) !== (i.filter === undefined), { path: ['prospectIds'], message: 'Give either prospects or a filter' });
export type InviteInput = z.infer<typeof InviteInput>;

/** A hand move of an invitation (an answer given by phone, a no-show); attendance is a check-in. */
export const InvitationMoveInput = z.strictObject({
  state: InvitationState.exclude(['attended']),
  version: Version.optional(),
});
export type InvitationMoveInput = z.infer<typeof InvitationMoveInput>;

export const CheckInInput = z.strictObject({
  version: Version.optional(),
  /** What the colleague at the door heard, kept as the touch's summary. */
  summary: optionalText(2000, true),
});
export type CheckInInput = z.infer<typeof CheckInInput>;

/** Someone at the door who was not invited: a new prospect whose source is the event, collected by whoever checks in. */
export const WalkInInput = z
  .strictObject({
    name: ProspectName,
    company: optionalText(200),
    title: optionalText(200),
    phones: PhoneList.default([]),
    emails: EmailList.default([]),
    wechatId: WechatId.nullable().optional(),
    grade: Grade.default('unrated'),
    summary: optionalText(2000, true),
  })
  .refine((p) => p.phones.length + p.emails.length > 0 || Boolean(p.wechatId), { path: ['phones'], message: 'Give at least one phone, email or WeChat ID', params: { reason: 'CONTACT_REQUIRED' } });
export type WalkInInput = z.infer<typeof WalkInInput>;

/** The guest's own answer, through the signed link in the invitation mail. */
export const InvitationAnswerInput = z.strictObject({ answer: z.enum(['accepted', 'declined']) });
export type InvitationAnswerInput = z.infer<typeof InvitationAnswerInput>;
