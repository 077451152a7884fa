import { bool } from '@pond/db';
import { effectiveIntervalDays, type ClockProspect, type IntervalPolicy, type LastTouchView, type ProspectRefView, type ProspectSummaryView, type ProspectView, type TouchView } from '@pond/domain';
import type { ProspectCan } from './prospects.policy.js';
import type { ProspectExtras, ProspectRow, ProspectRowSummary, TouchRow } from './prospects.repository.js';

// The response shapes live in the domain package, which the web app reads them from too.
export { AgendaItemView, AgendaView, ContactLookupView, ImportReportView, PossibleDuplicatesView, ProspectSummaryView, ProspectView, TimelineEntryView, TouchView } from '@pond/domain';

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

/** A visible prospect as a lookup, an import report or a duplicate hint names it. */
export function toRef(r: { id: number; name: string; owner_id: number | null }, names: Names, actorId: number): ProspectRefView {
  return { id: r.id, name: r.name, owner: r.owner_id === null ? null : (names.get(r.owner_id) ?? null), mine: r.owner_id === actorId };
}
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
    notes: r.notes,
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
export function toLastTouch(t: { at: string; channel: string; summary: string | null; feedback: string | null; receptivity: string | null; outcome: string }): LastTouchView {
  return {
    at: t.at,
    channel: t.channel as TouchView['channel'],
    summary: t.summary,
    feedback: t.feedback,
    receptivity: t.receptivity as TouchView['receptivity'],
    outcome: t.outcome as TouchView['outcome'],
  };
}
