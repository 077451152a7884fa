import { bool } from '@pond/db';
import {
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
  effectiveIntervalDays,
  type ClockProspect,
  type IntervalPolicy,
} from '@pond/domain';
import { z } from 'zod';
import type { ProspectCan } from './prospects.policy.js';
import type { ProspectExtras, ProspectRow, ProspectRowSummary, TouchRow } from './prospects.repository.js';

const Person = z.object({ id: z.number().int(), name: z.string() });
const Can = z.object({
  edit: z.boolean(),
  logTouch: z.boolean(),
  changeDisposition: z.boolean(),
  linkColleagues: z.boolean(),
  changeOwner: z.boolean(),
  archive: z.boolean(),
  erase: z.boolean(),
});

export const ProspectSummaryView = z.object({
  id: z.number().int(),
  name: z.string(),
  company: z.string().nullable(),
  title: z.string().nullable(),
  owner: Person.nullable(),
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

export const ProspectView = ProspectSummaryView.extend({
  wechatId: z.string().nullable(),
  address: z.string().nullable(),
  source: Source,
  collectedBy: Person.nullable(),
  droppedReason: z.string().nullable(),
  effectiveIntervalDays: z.number().int(),
  newsletterConsent: NewsletterConsent,
  doNotCall: z.boolean(),
  colleagues: z.array(Person),
  updatedAt: z.string(),
  can: Can,
});
export type ProspectView = z.infer<typeof ProspectView>;

export const TouchView = z.object({
  id: z.number().int(),
  prospectId: z.number().int(),
  user: Person,
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

export const AgendaItemView = z.object({
  prospect: ProspectSummaryView,
  reason: z.object({
    bucket: AgendaBucket.nullable(),
    nextDueOn: z.string().nullable(),
    daysUntilDue: z.number().int().nullable(),
    lastTouchOn: z.string().nullable(),
    daysSinceLastTouch: z.number().int().nullable(),
    intervalDays: z.number().int(),
    intervalSource: z.enum(['override', 'keep', 'policy']),
    touchCount: z.number().int(),
    resumeOn: z.string().nullable(),
  }),
  lastTouch: z
    .object({ at: z.string(), channel: Channel, summary: z.string().nullable(), feedback: z.string().nullable(), receptivity: Receptivity.nullable(), outcome: Outcome })
    .nullable(),
});

/** The part of a stored prospect the follow-up clock reads. */
export function clockStateOf(r: Pick<ProspectRow, 'grade' | 'importance' | 'disposition' | 'resume_on' | 'interval_days' | 'last_touch_at' | 'explicit_next_on'>): ClockProspect {
  return {
    grade: r.grade,
    importance: r.importance,
    disposition: r.disposition,
    resumeOn: r.resume_on,
    intervalDays: r.interval_days,
    lastTouchAt: r.last_touch_at,
    explicitNextOn: r.explicit_next_on,
  };
}

export type Names = Map<number, string>;
const person = (id: number | null, names: Names) => (id === null ? null : { id, name: names.get(id) ?? '' });
const EMPTY: ProspectExtras = { phones: [], emails: [], tags: [], colleagues: [] };

export function toSummary(r: ProspectRowSummary, extras: ProspectExtras | undefined, names: Names): ProspectSummaryView {
  const x = extras ?? EMPTY;
  return {
    id: r.id,
    name: r.name,
    company: r.company,
    title: r.title,
    owner: person(r.owner_id, names),
    grade: r.grade,
    importance: r.importance,
    expectedClose: r.expected_close as ProspectSummaryView['expectedClose'],
    disposition: r.disposition,
    resumeOn: r.resume_on,
    intervalDays: r.interval_days,
    stage: r.stage,
    touchCount: r.touch_count,
    lastTouchAt: r.last_touch_at,
    nextDueOn: r.next_due_on,
    archivedAt: r.archived_at,
    phones: x.phones,
    emails: x.emails,
    tags: x.tags,
    version: r.version,
    createdAt: r.created_at,
  };
}

export function toView(r: ProspectRow, extras: ProspectExtras | undefined, names: Names, policy: IntervalPolicy, can: ProspectCan): ProspectView {
  return {
    ...toSummary(r, extras, names),
    wechatId: r.wechat_id,
    address: r.address,
    source: r.source as ProspectView['source'],
    collectedBy: person(r.collected_by_id, names),
    droppedReason: r.dropped_reason,
    effectiveIntervalDays: effectiveIntervalDays({ grade: r.grade, importance: r.importance, disposition: r.disposition, intervalDays: r.interval_days }, policy),
    newsletterConsent: r.newsletter_consent as ProspectView['newsletterConsent'],
    doNotCall: bool(r.do_not_call),
    colleagues: (extras ?? EMPTY).colleagues,
    updatedAt: r.updated_at,
    can,
  };
}

export function toTouchView(t: TouchRow, names: Names): TouchView {
  return {
    id: t.id,
    prospectId: t.prospect_id,
    user: { id: t.user_id, name: t.user_name ?? names.get(t.user_id) ?? '' },
    onBehalfOfCompany: bool(t.on_behalf),
    channel: t.channel as TouchView['channel'],
    direction: t.direction as TouchView['direction'],
    at: t.at,
    kind: t.kind,
    summary: t.summary,
    feedback: t.feedback,
    receptivity: t.receptivity as TouchView['receptivity'],
    saleMade: bool(t.sale_made),
    relationshipKept: bool(t.relationship_kept),
    outcome: t.outcome as TouchView['outcome'],
    lessons: t.lessons,
    nextContactOn: t.next_contact_on,
  };
}

/** The last thing said, shown on an agenda row. */
export function toLastTouch(t: { at: string; channel: string; summary: string | null; feedback: string | null; receptivity: string | null; outcome: string }): z.infer<typeof AgendaItemView>['lastTouch'] {
  return {
    at: t.at,
    channel: t.channel as TouchView['channel'],
    summary: t.summary,
    feedback: t.feedback,
    receptivity: t.receptivity as TouchView['receptivity'],
    outcome: t.outcome as TouchView['outcome'],
  };
}
