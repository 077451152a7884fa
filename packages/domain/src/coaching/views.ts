import { z } from 'zod';
import { OUTCOMES } from '../prospects/enums.js';
import { CalendarDateString, PeriodPreset, TOUCH_MEASURE_KEYS } from './rules.js';

const Count = z.number().int().nonnegative();
const Percent = z.number().int().min(0).max(100).nullable();

export const CoachingQuery = z.strictObject({
  preset: PeriodPreset.optional(),
  from: CalendarDateString.optional(),
  to: CalendarDateString.optional(),
  /** An admin's choice of team; a manager's teams otherwise. */
  teamId: z.coerce.number().int().positive().optional(),
});
export type CoachingQuery = z.infer<typeof CoachingQuery>;

/** The measures drawn from more than touches: each list of rows behind a number, one drill-down for all. */
export const PROSPECT_MEASURE_KEYS = ['prospectsTouched', 'book', 'bookTouchedOnce', 'overdue', 'newsletterCovered', 'lostToPool', 'claimedFromPool', 'orders'] as const;
export const MEASURE_KEYS = [...TOUCH_MEASURE_KEYS, ...PROSPECT_MEASURE_KEYS] as const;
export const MeasureKey = z.enum(MEASURE_KEYS);
export type MeasureKey = z.infer<typeof MeasureKey>;

export const Money = z.object({ currency: z.string(), minor: z.number().int() });

export const FlagReasonView = z.discriminatedUnion('code', [
  z.object({ code: z.literal('few_revisits'), days: Count, firstContacts: Count, revisits: Count, revisitPercent: Count, touchedOnce: Count }),
  z.object({ code: z.literal('book_touched_once'), book: Count, touchedOnce: Count, percent: Count }),
]);

export const MeasuresView = z.object({
  touches: Count,
  firstContacts: Count,
  revisits: Count,
  revisitPercent: Percent,
  prospectsTouched: Count,
  touchedOnce: Count,
  /** Days since the oldest of those single touches; null when there are none. */
  touchedOnceOldestDays: Count.nullable(),
  onBehalfMade: Count,
  onBehalfReceived: Count,
  outcomes: z.object(Object.fromEntries(OUTCOMES.map((o) => [o, Count])) as Record<(typeof OUTCOMES)[number], typeof Count>),
  withFeedback: Count,
  feedbackPercent: Percent,
  followUpsDue: Count,
  followUpsOnTime: Count,
  followUpsLate: Count,
  onTimePercent: Percent,
  overdue: Count,
  book: Count,
  bookTouchedOnce: Count,
  /** Share of the book with at least three newsletter issues received in the 365 days to the period's end. */
  newsletterCovered: Count,
  newsletterPercent: Percent,
  orders: Count,
  revenue: z.array(Money),
  commission: z.array(Money),
  lostToPool: Count,
  claimedFromPool: Count,
});
export type MeasuresView = z.infer<typeof MeasuresView>;

export const WeekView = z.object({ from: z.string(), to: z.string() });
export const SeriesView = z.object({
  firstContacts: z.array(Count),
  revisits: z.array(Count),
  onTimePercent: z.array(Percent),
});

export const CoachRowView = z.object({
  user: z.object({ id: z.number(), name: z.string(), team: z.string().nullable() }),
  measures: MeasuresView,
  series: SeriesView,
  /** Empty when not flagged; each reason with its numbers, over the flag's window. */
  flag: z.array(FlagReasonView),
});
export type CoachRowView = z.infer<typeof CoachRowView>;

export const CoachingReportView = z.object({
  period: z.object({ from: z.string(), to: z.string(), timeZone: z.string() }),
  window: z.object({ from: z.string(), to: z.string() }),
  weeks: z.array(WeekView),
  rows: z.array(CoachRowView),
  /** The team's median of each count (for a salesperson: the only view of colleagues, without names). */
  median: z.record(z.string(), z.number().nullable()),
  teams: z.array(z.object({ id: z.number(), name: z.string() })),
  can: z.object({ compare: z.boolean(), export: z.boolean() }),
});
export type CoachingReportView = z.infer<typeof CoachingReportView>;

export const DrillQuery = z.strictObject({
  userId: z.coerce.number().int().positive(),
  measure: MeasureKey,
  from: CalendarDateString,
  to: CalendarDateString,
  limit: z.coerce.number().int().min(1).max(500).default(200),
});

export const DrillRowView = z.object({
  /** Null when the reader may not see the prospect (a touch on another team's prospect): the row counts, unnamed. */
  prospect: z.object({ id: z.number(), name: z.string(), company: z.string().nullable() }).nullable(),
  at: z.string().nullable(),
  touch: z.object({ id: z.number(), kind: z.string(), outcome: z.string(), channel: z.string(), by: z.string().nullable(), dueOn: z.string().nullable() }).nullable(),
  /** Days since the row's moment (a single touch's age, a prospect's last touch). */
  ageDays: Count.nullable(),
  detail: z.string().nullable(),
});

export const DrillView = z.object({ measure: MeasureKey, total: Count, rows: z.array(DrillRowView) });
export type DrillView = z.infer<typeof DrillView>;
