/** Shapes of the prospect book's API responses (see the server's prospects views). */
import type {
  AgendaBucket,
  Channel,
  Direction,
  Disposition,
  ExpectedClose,
  Grade,
  Importance,
  NewsletterConsent,
  Outcome,
  Receptivity,
  Source,
  Stage,
  TouchKind,
} from '@pond/domain';

export type { AgendaBucket, Channel, Direction, Disposition, ExpectedClose, Grade, Importance, NewsletterConsent, Outcome, Receptivity, Source, Stage };

export interface Person {
  id: number;
  name: string;
}

export interface ProspectSummary {
  id: number;
  name: string;
  company: string | null;
  title: string | null;
  owner: Person | null;
  grade: Grade;
  importance: Importance;
  expectedClose: ExpectedClose;
  disposition: Disposition;
  resumeOn: string | null;
  intervalDays: number | null;
  stage: Stage;
  touchCount: number;
  lastTouchAt: string | null;
  nextDueOn: string | null;
  archivedAt: string | null;
  phones: string[];
  emails: string[];
  tags: string[];
  version: number;
  createdAt: string;
}

export interface ProspectCan {
  edit: boolean;
  logTouch: boolean;
  changeDisposition: boolean;
  linkColleagues: boolean;
  changeOwner: boolean;
  archive: boolean;
  erase: boolean;
}

export interface Prospect extends ProspectSummary {
  wechatId: string | null;
  address: string | null;
  source: Source;
  collectedBy: Person | null;
  droppedReason: string | null;
  effectiveIntervalDays: number;
  newsletterConsent: NewsletterConsent;
  doNotCall: boolean;
  colleagues: Person[];
  updatedAt: string;
  can: ProspectCan;
}

export interface Touch {
  id: number;
  prospectId: number;
  user: Person;
  onBehalfOfCompany: boolean;
  channel: Channel;
  direction: Direction;
  at: string;
  kind: TouchKind;
  summary: string | null;
  feedback: string | null;
  receptivity: Receptivity | null;
  saleMade: boolean;
  relationshipKept: boolean;
  outcome: Outcome;
  lessons: string | null;
  nextContactOn: string | null;
}

export interface AgendaReason {
  bucket: AgendaBucket | null;
  nextDueOn: string | null;
  daysUntilDue: number | null;
  lastTouchOn: string | null;
  daysSinceLastTouch: number | null;
  intervalDays: number;
  intervalSource: 'override' | 'keep' | 'policy';
  touchCount: number;
  resumeOn: string | null;
}

export interface LastTouch {
  at: string;
  channel: Channel;
  summary: string | null;
  feedback: string | null;
  receptivity: Receptivity | null;
  outcome: Outcome;
}

export interface AgendaItem {
  prospect: ProspectSummary;
  reason: AgendaReason;
  lastTouch: LastTouch | null;
}

export interface Agenda {
  today: string;
  timeZone: string;
  buckets: Record<AgendaBucket, { count: number; items: AgendaItem[] }>;
}

export interface TimelineEntry {
  type: 'touch' | 'change';
  at: string;
  touch?: Touch;
  change?: { id: number; field: string; before: unknown; after: unknown; user: Person | null };
}

export interface LookupResult {
  matches: { id: number; name: string; owner: string | null; mine: boolean }[];
  elsewhere: boolean;
}

/** Editable fields of a prospect, as the create and edit calls take them. */
export interface ProspectFields {
  name: string;
  company: string | null;
  title: string | null;
  phones: string[];
  emails: string[];
  wechatId: string | null;
  address: string | null;
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
