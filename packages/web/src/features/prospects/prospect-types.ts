/**
 * Shapes of the prospect book's API responses: the server checks every response against these same
 * definitions from the domain package on the way out, so the web cannot drift from what it is sent.
 */
import type {
  AgendaBucket,
  AgendaItemView,
  AgendaReasonView,
  AgendaView,
  Channel,
  ContactLookupView,
  Direction,
  Disposition,
  ExpectedClose,
  Grade,
  Importance,
  LastTouchView,
  NewsletterConsent,
  Outcome,
  PersonView,
  PossibleDuplicatesView,
  ProspectCanView,
  ProspectSummaryView,
  ProspectView,
  Receptivity,
  Source,
  Stage,
  TimelineEntryView,
  TouchView,
} from '@pond/domain';

export type { AgendaBucket, Channel, Direction, Disposition, ExpectedClose, Grade, Importance, NewsletterConsent, Outcome, Receptivity, Source, Stage };

export type Person = PersonView;
export type ProspectSummary = ProspectSummaryView;
export type ProspectCan = ProspectCanView;
export type Prospect = ProspectView;
export type Touch = TouchView;
export type AgendaReason = AgendaReasonView;
export type LastTouch = LastTouchView;
export type AgendaItem = AgendaItemView;
export type Agenda = AgendaView;

export type TimelineEntry = TimelineEntryView;
export type LookupResult = ContactLookupView;
/** Records the user may see that may be the same person as one prospect. */
export type PossibleDuplicates = PossibleDuplicatesView;
export type PossibleDuplicate = PossibleDuplicatesView['items'][number];

/** Editable fields of a prospect, as the create and edit calls take them. */
export interface ProspectFields {
  name: string;
  company: string | null;
  title: string | null;
  phones: string[];
  emails: string[];
  wechatId: string | null;
  address: string | null;
  notes: string | null;
  source: Source;
  grade: Grade;
  importance: Importance;
  expectedClose: ExpectedClose;
  intervalDays: number | null;
  tags: string[];
  newsletterConsent: NewsletterConsent;
  doNotCall: boolean;
}

export interface TouchInput {
  channel: Channel;
  direction?: Direction;
  summary?: string | null;
  feedback?: string | null;
  receptivity?: Receptivity | null;
  saleMade: boolean;
  relationshipKept: boolean;
  lessons?: string | null;
  nextContactOn?: string | null;
}

/** The channels an attempt may use (an event or a letter is never "no answer"). */
export const ATTEMPT_CHANNELS = ['call', 'message', 'visit', 'email', 'other'] as const;
export const ATTEMPT_RESULTS = ['no_answer', 'busy', 'left_message'] as const;
export type AttemptResult = (typeof ATTEMPT_RESULTS)[number];

/** A try that did not reach the person: no touch, only a note and the day to try again. */
export interface AttemptInput {
  channel: Channel;
  result: AttemptResult;
  note?: string | null;
  retryOn?: string;
}

export type DispositionChange =
  | { disposition: 'continue' | 'keep' }
  | { disposition: 'pause'; resumeOn: string }
  | { disposition: 'dropped'; reason: string };

/** Enum values in display order; mirrored from the domain so the bundle does not pull in its schemas. */
export const GRADES = ['A', 'B', 'C', 'unrated'] as const satisfies readonly Grade[];
export const IMPORTANCES = ['key', 'normal', 'small'] as const satisfies readonly Importance[];
export const EXPECTED_CLOSES = ['within_1m', 'within_3m', 'within_6m', 'later', 'unknown'] as const satisfies readonly ExpectedClose[];
export const DISPOSITIONS = ['continue', 'pause', 'keep', 'dropped'] as const satisfies readonly Disposition[];
export const STAGES = ['prospect', 'customer', 'repeat_customer'] as const satisfies readonly Stage[];
export const SOURCES = ['walk_in', 'referral', 'card', 'event', 'import', 'web', 'other'] as const satisfies readonly Source[];
export const CONSENTS = ['subscribed', 'unsubscribed', 'unknown'] as const satisfies readonly NewsletterConsent[];
export const CHANNELS = ['call', 'visit', 'message', 'email', 'event', 'letter', 'other'] as const satisfies readonly Channel[];
export const RECEPTIVITIES = ['welcomed', 'neutral', 'reluctant'] as const satisfies readonly Receptivity[];
export const AGENDA_BUCKETS = ['overdue', 'today', 'this_week', 'next_week', 'touched_once', 'no_next_date'] as const satisfies readonly AgendaBucket[];
/** The list's due filter picks one of Today's sections, with the same rule. */
export const DUE_FILTERS = AGENDA_BUCKETS;
export type DueFilter = AgendaBucket;
/** The article's revisit ladder. */
export const INTERVAL_CHOICES = [20, 40, 60, 80] as const;

export function outcomeOf(saleMade: boolean, relationshipKept: boolean): Outcome {
  if (saleMade) return relationshipKept ? 'complete' : 'pass';
  return relationshipKept ? 'success' : 'failure';
}
