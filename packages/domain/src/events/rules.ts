import { z } from 'zod';
import { addDays, localDateOf, type CalendarDate } from '../prospects/dates.js';

/** What kind of gathering an event is: the article's 研討會 and its cousins. */
export const EVENT_KINDS = ['seminar', 'test_drive', 'trade_fair', 'dinner', 'other'] as const;
export const EventKind = z.enum(EVENT_KINDS);
export type EventKind = z.infer<typeof EventKind>;

export const EVENT_STATUSES = ['planned', 'cancelled'] as const;
export const EventStatus = z.enum(EVENT_STATUSES);
export type EventStatus = z.infer<typeof EventStatus>;

/** An invitation's life: invited → accepted / declined / no answer → attended / no-show. */
export const INVITATION_STATES = ['invited', 'accepted', 'declined', 'no_answer', 'attended', 'no_show'] as const;
export const InvitationState = z.enum(INVITATION_STATES);
export type InvitationState = z.infer<typeof InvitationState>;

/** How the invitation reached the prospect: by Pond's mail, or handed over (a call, a visit, a card). */
export const INVITATION_CHANNELS = ['email', 'in_person'] as const;
export const InvitationChannel = z.enum(INVITATION_CHANNELS);
export type InvitationChannel = z.infer<typeof InvitationChannel>;

/**
 * The moves a person may make by hand. Attendance is recorded only by checking in (it logs a touch), so `attended`
 * is never a target here, and an attended invitation stays attended: the touch it logged is history. A no-show may
 * still be checked in (someone came late and was marked too early).
 */
export const INVITATION_MOVES: Record<InvitationState, readonly InvitationState[]> = {
  invited: ['accepted', 'declined', 'no_answer', 'no_show'],
  accepted: ['declined', 'no_show', 'invited'],
  declined: ['accepted', 'invited'],
  no_answer: ['accepted', 'declined', 'invited'],
  attended: [],
  no_show: ['accepted', 'invited'],
};

/** Whether a hand move from one state to another is allowed. */
export function mayMove(from: InvitationState, to: InvitationState): boolean {
  return INVITATION_MOVES[from].includes(to);
}

/** Whether an invitation may be checked in: anything not yet attended (a declined guest who came anyway too). */
export function mayCheckIn(state: InvitationState): boolean {
  return state !== 'attended';
}

/** The states that hold a seat: capacity counts these. */
export const SEATED_STATES: readonly InvitationState[] = ['accepted', 'attended'];

/** When the door opens: check-in is taken from 12 hours before the start. */
export const CHECK_IN_OPENS_HOURS = 12;
/** And closes three days after the end (a list marked up the next morning still counts). */
export const CHECK_IN_CLOSES_DAYS = 3;

/** The instant an event ends: its end, or its start when it has none. */
export function endOf(event: { startsAt: string; endsAt: string | null }): string {
  return event.endsAt ?? event.startsAt;
}

/** Whether attendance may be recorded now. */
export function checkInOpen(event: { startsAt: string; endsAt: string | null }, now: Date): boolean {
  const opens = Date.parse(event.startsAt) - CHECK_IN_OPENS_HOURS * 3600_000;
  const closes = Date.parse(endOf(event)) + CHECK_IN_CLOSES_DAYS * 86_400_000;
  return now.getTime() >= opens && now.getTime() <= closes;
}

/** Whether the guest may still answer (accept or decline): until the event starts. */
export function answersOpen(event: { startsAt: string }, now: Date): boolean {
  return now.getTime() < Date.parse(event.startsAt);
}

/** Whether the event is over: then the remaining invitations may be closed (no answer, no-show). */
export function isOver(event: { startsAt: string; endsAt: string | null }, now: Date): boolean {
  return now.getTime() > Date.parse(endOf(event));
}

/**
 * The owner's follow-up after attendance: the day after the event in the owner's calendar, so Today shows the
 * attendee the next morning; never a day already past (a list marked up late asks for the follow-up today).
 */
export function followUpAfter(event: { startsAt: string; endsAt: string | null }, ownerZone: string, today: CalendarDate): CalendarDate {
  const dayAfter = addDays(localDateOf(endOf(event), ownerZone), 1);
  return dayAfter < today ? today : dayAfter;
}

/**
 * What closing the list after the event does to an invitation still open: an accepted guest who did not come is a
 * no-show, an invitation never answered has no answer; the rest stay.
 */
export function closedState(state: InvitationState): InvitationState {
  if (state === 'accepted') return 'no_show';
  if (state === 'invited') return 'no_answer';
  return state;
}

/** Seats left: null when the event has no capacity. */
export function seatsLeft(capacity: number | null, seated: number): number | null {
  return capacity === null ? null : Math.max(0, capacity - seated);
}
