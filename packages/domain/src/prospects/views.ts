import { z } from 'zod';
import { CSV_ROLES } from './card-csv.js';
import { AgendaBucket, CardFormat, Channel, Direction, Disposition, ExpectedClose, Grade, Importance, NewsletterConsent, Outcome, Receptivity, Source, Stage, TouchKind } from './enums.js';

/*
 * The prospect book's HTTP responses, as the server checks them on the way out and the web app reads them:
 * one definition, so the two cannot drift apart.
 */

/** A user as the book names them: owner, collector, colleague, author of a touch. */
export const PersonView = z.object({ id: z.number().int(), name: z.string() });
export type PersonView = z.infer<typeof PersonView>;

/** What the signed-in user may do with a prospect, so the web shows only the actions that will be allowed. */
export const ProspectCanView = z.object({
  edit: z.boolean(),
  logTouch: z.boolean(),
  changeDisposition: z.boolean(),
  linkColleagues: z.boolean(),
  changeOwner: z.boolean(),
  archive: z.boolean(),
  erase: z.boolean(),
  /** Hand it to the shared pool, with a reason. */
  release: z.boolean(),
  /** Start an order (a sale) for it: whoever may log a touch on an owned, live prospect; a pool prospect only the admin. */
  order: z.boolean(),
});
export type ProspectCanView = z.infer<typeof ProspectCanView>;

/** A prospect in lists, search results and the agenda. */
export const ProspectSummaryView = z.object({
  id: z.number().int(),
  name: z.string(),
  company: z.string().nullable(),
  title: z.string().nullable(),
  owner: PersonView.nullable(),
  grade: Grade,
  importance: Importance,
  expectedClose: ExpectedClose,
  disposition: Disposition,
  resumeOn: z.string().nullable(),
  intervalDays: z.number().int().nullable(),
  stage: Stage,
  touchCount: z.number().int(),
  lastTouchAt: z.string().nullable(),
  nextDueOn: z.string().nullable(),
  archivedAt: z.string().nullable(),
  phones: z.array(z.string()),
  emails: z.array(z.string()),
  tags: z.array(z.string()),
  version: z.number().int(),
  createdAt: z.string(),
});
export type ProspectSummaryView = z.infer<typeof ProspectSummaryView>;

/** A whole prospect record. */
export const ProspectView = ProspectSummaryView.extend({
  wechatId: z.string().nullable(),
  address: z.string().nullable(),
  notes: z.string().nullable(),
  source: Source,
  collectedBy: PersonView.nullable(),
  droppedReason: z.string().nullable(),
  effectiveIntervalDays: z.number().int(),
  newsletterConsent: NewsletterConsent,
  doNotCall: z.boolean(),
  colleagues: z.array(PersonView),
  updatedAt: z.string(),
  can: ProspectCanView,
});
export type ProspectView = z.infer<typeof ProspectView>;

export const TouchView = z.object({
  id: z.number().int(),
  prospectId: z.number().int(),
  user: PersonView,
  onBehalfOfCompany: z.boolean(),
  channel: Channel,
  direction: Direction,
  at: z.string(),
  kind: TouchKind,
  summary: z.string().nullable(),
  feedback: z.string().nullable(),
  receptivity: Receptivity.nullable(),
  saleMade: z.boolean(),
  relationshipKept: z.boolean(),
  outcome: Outcome,
  lessons: z.string().nullable(),
  nextContactOn: z.string().nullable(),
});
export type TouchView = z.infer<typeof TouchView>;

/** Why a prospect is where it is on the agenda (the domain's AgendaReason, as sent). */
export const AgendaReasonView = z.object({
  bucket: AgendaBucket.nullable(),
  nextDueOn: z.string().nullable(),
  daysUntilDue: z.number().int().nullable(),
  lastTouchOn: z.string().nullable(),
  daysSinceLastTouch: z.number().int().nullable(),
  intervalDays: z.number().int(),
  intervalSource: z.enum(['override', 'keep', 'policy']),
  touchCount: z.number().int(),
  resumeOn: z.string().nullable(),
});
export type AgendaReasonView = z.infer<typeof AgendaReasonView>;

/** The last thing said, shown on an agenda row. */
export const LastTouchView = z.object({
  at: z.string(),
  channel: Channel,
  summary: z.string().nullable(),
  feedback: z.string().nullable(),
  receptivity: Receptivity.nullable(),
  outcome: Outcome,
});
export type LastTouchView = z.infer<typeof LastTouchView>;

export const AgendaItemView = z.object({ prospect: ProspectSummaryView, reason: AgendaReasonView, lastTouch: LastTouchView.nullable() });
export type AgendaItemView = z.infer<typeof AgendaItemView>;

export const AgendaSectionView = z.object({ count: z.number().int(), items: z.array(AgendaItemView) });
export type AgendaSectionView = z.infer<typeof AgendaSectionView>;

/** 今日待辦: each section's size and its first rows. */
/** A prospect about to leave its owner's book for the shared pool, on the owner's Today. */
export const LeavingView = z.object({ prospect: ProspectSummaryView, recallOn: z.string(), daysLeft: z.number().int() });
export type LeavingView = z.infer<typeof LeavingView>;

/** A manager's team at a glance: each member's agenda counts, as their own Today counts them. */
export const TeamMemberView = z.object({
  user: z.object({ id: z.number().int(), name: z.string(), team: z.string().nullable() }),
  counts: z.object({ overdue: z.number().int(), today: z.number().int(), this_week: z.number().int(), next_week: z.number().int(), touched_once: z.number().int(), no_next_date: z.number().int() }),
});
export type TeamMemberView = z.infer<typeof TeamMemberView>;
export const TeamAgendaView = z.object({ members: z.array(TeamMemberView) });
export type TeamAgendaView = z.infer<typeof TeamAgendaView>;

export const AgendaView = z.object({
  today: z.string(),
  timeZone: z.string(),
  buckets: z.object({
    overdue: AgendaSectionView,
    today: AgendaSectionView,
    this_week: AgendaSectionView,
    next_week: AgendaSectionView,
    touched_once: AgendaSectionView,
    no_next_date: AgendaSectionView,
  }),
  /** Leaving for the pool within the warning days: log any touch to keep it. */
  leavingForPool: z.object({ count: z.number().int(), items: z.array(LeavingView) }),
});
export type AgendaView = z.infer<typeof AgendaView>;

/** One line of a prospect's timeline: a touch, or a change of a field with its before and after. */
export const TimelineEntryView = z.object({
  type: z.enum(['touch', 'change']),
  at: z.string(),
  touch: TouchView.optional(),
  change: z.object({ id: z.number().int(), field: z.string(), before: z.unknown(), after: z.unknown(), user: PersonView.nullable() }).optional(),
});
export type TimelineEntryView = z.infer<typeof TimelineEntryView>;

/** Whether a phone or e-mail is already in Pond: details only for the prospects the asker may see. */
/** A prospect the user may see, named where another record or a card points at it: its owner's name, and whether it is theirs. */
export const ProspectRefView = z.object({ id: z.number().int(), name: z.string(), owner: z.string().nullable(), mine: z.boolean() });
export type ProspectRefView = z.infer<typeof ProspectRefView>;

export const ContactLookupView = z.object({
  matches: z.array(ProspectRefView),
  elsewhere: z.boolean(),
});
export type ContactLookupView = z.infer<typeof ContactLookupView>;

/** Cards an import shows at most per possible duplicate by name; `existingCount` says how many there are. */
export const POSSIBLE_DUPLICATES_SHOWN = 3;

/** What an import did, or (dry run) would do: every card left out, by line, with the reason. */
/** What a card would add to a prospect it matches: contacts it lacks, and fields the prospect has empty. */
export const CardAddsSchema = z.object({
  phones: z.array(z.string()),
  emails: z.array(z.string()),
  wechatId: z.string().nullable(),
  title: z.string().nullable(),
  company: z.string().nullable(),
  notes: z.string().nullable(),
});
export type CardAdds = z.infer<typeof CardAddsSchema>;

/** One column of a CSV file as the import preview shows it (`csvColumns`). */
export const CsvColumnSchema = z.object({ header: z.string(), role: z.enum(CSV_ROLES).nullable(), paired: z.boolean(), samples: z.array(z.string()) });

export const ImportReportView = z.object({
  format: CardFormat,
  cards: z.number().int(),
  created: z.number().int(),
  dryRun: z.boolean(),
  duplicates: z.array(
    z.object({
      line: z.number().int(),
      name: z.string(),
      /** The contact that is already known: a phone in E.164 or an e-mail. */
      contact: z.string(),
      /** An earlier card of the same file holds it. */
      inFileLine: z.number().int().nullable(),
      /** A prospect the importer may see holds it; null when it is in the file, or held where they may not look. */
      existing: ProspectRefView.nullable(),
      /** What the card brings that the prospect lacks, when the importer may edit it: present only if anything. */
      adds: CardAddsSchema.optional(),
      /** The import added it to the prospect (the importer chose "add what is new"). */
      enriched: z.boolean().optional(),
    }),
  ),
  /**
   * Cards created (in a dry run: that would be) although their name folds like another's: people share names, so
   * this is a hint to check, never a reason to leave a card out. Only prospects the importer may see are named or
   * counted; a name held only where they may not look is not reported at all.
   */
  possibleDuplicates: z.array(
    z.object({
      line: z.number().int(),
      name: z.string(),
      /** The prospect the card became; null in a dry run. */
      id: z.number().int().nullable(),
      /** The first earlier card of the same file with the same name. */
      inFileLine: z.number().int().nullable(),
      /** The first few unarchived prospects with the same name that the importer may see, their own first. */
      existing: z.array(ProspectRefView),
      /** How many unarchived prospects with the same name the importer may see. */
      existingCount: z.number().int(),
    }),
  ),
  /** Problems come in the language the request asked for. */
  rejected: z.array(z.object({ line: z.number().int(), name: z.string(), problems: z.array(z.object({ field: z.string(), reason: z.string(), message: z.string() })) })),
  /** Cards that are not a person to import (a group or list card, an empty row): neither created nor refused. */
  skipped: z.array(z.object({ line: z.number().int(), name: z.string(), reason: z.string(), message: z.string() })),
  /**
   * Cards created (in a dry run: that would be) with something left out of them, e.g. a phone a spreadsheet
   * destroyed or an Exchange directory entry in place of an e-mail; messages in the language asked for.
   */
  warnings: z.array(
    z.object({
      line: z.number().int(),
      name: z.string(),
      /** The prospect the card became; null in a dry run. */
      id: z.number().int().nullable(),
      warnings: z.array(z.object({ field: z.string().nullable(), reason: z.string(), message: z.string() })),
    }),
  ),
  /** Milliseconds spent reading and checking the cards, writing the records, and keeping the search index. */
  timings: z.object({ checkMs: z.number(), insertMs: z.number(), indexMs: z.number() }),
  /** A CSV file's columns as they were read (the mapping applied), with a few values each; absent for vCard. */
  columns: z.array(CsvColumnSchema).optional(),
});
export type ImportReportView = z.infer<typeof ImportReportView>;
export type ImportDuplicateView = ImportReportView['duplicates'][number];
export type ImportPossibleDuplicateView = ImportReportView['possibleDuplicates'][number];

/** Why a record may be the same person as the one asked about. */
export const DUPLICATE_REASONS = ['phone', 'email', 'name'] as const;

/** GET /prospects/:id/duplicates: the records the user may see that may be the same person. */
export const PossibleDuplicatesView = z.object({
  items: z.array(
    z.object({
      prospect: ProspectSummaryView,
      /** What the two share: a phone, an e-mail, a name that folds alike. */
      reasons: z.array(z.enum(DUPLICATE_REASONS)),
      /** Whether this user may merge it into the record asked about (POST /prospects/:id/merge with its id). */
      canMerge: z.boolean(),
    }),
  ),
  /** How many there are in all; `items` holds the first few (those sharing a contact first). */
  total: z.number().int(),
});
export type PossibleDuplicatesView = z.infer<typeof PossibleDuplicatesView>;
