import { z } from 'zod';
import { PersonView } from '../prospects/views.js';
import { EventKind, EventStatus, InvitationChannel, InvitationState } from './rules.js';

export const EventCountsView = z.object({
  invited: z.number().int(),
  accepted: z.number().int(),
  declined: z.number().int(),
  no_answer: z.number().int(),
  attended: z.number().int(),
  no_show: z.number().int(),
  /** Every invitation, walk-ins included. */
  total: z.number().int(),
  walkIns: z.number().int(),
});
export type EventCountsView = z.infer<typeof EventCountsView>;

export const EventCanView = z.object({
  edit: z.boolean(),
  cancel: z.boolean(),
  /** Invite prospects the actor sees. */
  invite: z.boolean(),
  /** Check guests in and add walk-ins (the door is open). */
  checkIn: z.boolean(),
  /** Add a walk-in at the door: it becomes the checker's own card, so not an admin (who owns none). */
  walkIn: z.boolean(),
  /** Close the list after the event: no-shows and no answers. */
  close: z.boolean(),
});

export const EventView = z.object({
  id: z.number().int(),
  title: z.string(),
  kind: EventKind,
  status: EventStatus,
  startsAt: z.string(),
  endsAt: z.string().nullable(),
  timeZone: z.string(),
  place: z.string().nullable(),
  onlineUrl: z.string().nullable(),
  capacity: z.number().int().nullable(),
  seatsLeft: z.number().int().nullable(),
  notes: z.string().nullable(),
  team: z.object({ id: z.number().int(), name: z.string() }).nullable(),
  hosts: z.array(PersonView),
  createdBy: PersonView.nullable(),
  cancelReason: z.string().nullable(),
  closedAt: z.string().nullable(),
  /** Counts over every invitation of the event (numbers only: who they are is shown where the invitee is visible). */
  counts: EventCountsView,
  version: z.number().int(),
  can: EventCanView,
});
export type EventView = z.infer<typeof EventView>;

export const EventPageView = z.object({ items: z.array(EventView), nextCursor: z.string().nullable(), /** Whether the actor may create events (managers and admins). */ canCreate: z.boolean() });
export type EventPageView = z.infer<typeof EventPageView>;

export const InvitationView = z.object({
  id: z.number().int(),
  event: z.object({ id: z.number().int(), title: z.string(), kind: EventKind, startsAt: z.string(), timeZone: z.string(), status: EventStatus }),
  prospect: z.object({ id: z.number().int(), name: z.string(), company: z.string().nullable(), owner: PersonView.nullable() }),
  state: InvitationState,
  channel: InvitationChannel,
  walkIn: z.boolean(),
  invitedBy: PersonView.nullable(),
  invitedAt: z.string(),
  answeredAt: z.string().nullable(),
  checkedInBy: PersonView.nullable(),
  checkedInAt: z.string().nullable(),
  /** The touch the attendance logged. */
  touchId: z.number().int().nullable(),
  /** The invitation mail: queued, sent, failed, or none. */
  mail: z.enum(['none', 'queued', 'sent', 'failed', 'not_allowed']),
  version: z.number().int(),
  can: z.object({ checkIn: z.boolean(), move: z.array(InvitationState) }),
});
export type InvitationView = z.infer<typeof InvitationView>;

export const InvitationListView = z.object({
  items: z.array(InvitationView),
  /** Invitations of this event whose invitee the actor may not see: counted, never shown. */
  hidden: z.number().int(),
});
export type InvitationListView = z.infer<typeof InvitationListView>;

export const InviteResultView = z.object({
  invited: z.number().int(),
  alreadyInvited: z.number().int(),
  /** Of those invited by e-mail: queued, and left without a mail (no address, unsubscribed, dropped…). */
  mailed: z.number().int(),
  notMailed: z.number().int(),
  /** A filter that matched more than one invitation round takes: the rest are not invited. */
  truncated: z.boolean(),
});
export type InviteResultView = z.infer<typeof InviteResultView>;

export const CheckInResultView = z.object({ invitation: InvitationView, event: EventView });
export type CheckInResultView = z.infer<typeof CheckInResultView>;

/** What the guest's answer page shows: the event, never anything about the prospect beyond the greeting. */
export const InvitationAnswerView = z.object({
  title: z.string(),
  kind: EventKind,
  startsAt: z.string(),
  endsAt: z.string().nullable(),
  timeZone: z.string(),
  place: z.string().nullable(),
  onlineUrl: z.string().nullable(),
  status: EventStatus,
  state: InvitationState,
  /** Whether the guest may still answer (before the start, not cancelled, not full for an accept). */
  open: z.boolean(),
  full: z.boolean(),
});
export type InvitationAnswerView = z.infer<typeof InvitationAnswerView>;
