import { ROLES } from '../accounts/roles.js';
import { INVITATION_STATES } from '../events/rules.js';
import { CHANNELS, DISPOSITIONS } from '../prospects/enums.js';
import { isAuditAction, type AuditAction } from './actions.js';

/**
 * An audit entry as a sentence: which message reads it and what fills each of its `{slots}`. The words themselves are
 * the web's (its message catalogues); this decides which message, and reads the values out of the entry's data, so
 * the choice is tested here and the server looks up exactly the names the sentence will show.
 */

/** The kinds of record whose name the server looks up for a sentence. */
export const AUDIT_NAMED_TYPES = ['user', 'prospect', 'team', 'event', 'newsletter', 'order', 'invitation', 'api_token', 'product'] as const;
export type AuditNamedType = (typeof AUDIT_NAMED_TYPES)[number];

/** Every entity type the server writes, each with a noun and a "#id" phrase in the catalogues. */
export const AUDIT_ENTITY_TYPES = [...AUDIT_NAMED_TYPES, 'commission_rule', 'settings', 'coaching', 'job'] as const;

/** The settings an entry of type `settings` can be about (its entity id). */
export const AUDIT_SETTINGS = ['interval_policy', 'pool_policy', 'newsletter_policy', 'coaching_policy', 'mail'] as const;

/** An entry as the audit page reads it; `entityName` is the name the server found, when it looked. */
export interface AuditFacts {
  action: string;
  actorId: number | null;
  actorLabel: string | null;
  entityType: string;
  entityId: string | null;
  entityName?: string | null;
  before: unknown;
  after: unknown;
}

/** A record named by an entry: its actor, its entity, or one its data points at. */
export interface AuditRef {
  type: AuditNamedType;
  id: string;
}

export const auditRefKey = (ref: AuditRef): string => `${ref.type}:${ref.id}`;

/** What fills one slot of a sentence. */
export type SentencePart =
  | { kind: 'actor' }
  | { kind: 'entity' }
  /** Another record, shown by the name the server found for it (or as "user #12"). */
  | { kind: 'ref'; ref: AuditRef }
  /** A word from the catalogues, e.g. `role.manager`. */
  | { kind: 'term'; key: string }
  /** Words as recorded: an e-mail address, a file format, a day. */
  | { kind: 'text'; text: string }
  | { kind: 'number'; value: number };

export interface AuditSentence {
  key: string;
  values: Record<string, SentencePart>;
}

/** Words for a person or a record: a message with values, or text as it is. */
export type Words = { key: string; values: Record<string, string> } | { text: string };

const ACTOR: SentencePart = { kind: 'actor' };
const ENTITY: SentencePart = { kind: 'entity' };
const term = (key: string): SentencePart => ({ kind: 'term', key });
const text = (t: string): SentencePart => ({ kind: 'text', text: t });

const record = (v: unknown): Record<string, unknown> => (v !== null && typeof v === 'object' && !Array.isArray(v) ? (v as Record<string, unknown>) : {});
const idOf = (v: unknown): string | null => (typeof v === 'number' && Number.isSafeInteger(v) && v > 0 ? String(v) : typeof v === 'string' && /^[1-9]\d{0,15}$/.test(v) ? v : null);
const ref = (type: AuditNamedType, v: unknown): SentencePart | null => {
  const id = idOf(v);
  return id === null ? null : { kind: 'ref', ref: { type, id } };
};
const count = (v: unknown): SentencePart | null => (typeof v === 'number' && Number.isFinite(v) ? { kind: 'number', value: v } : null);
const oneOf = (list: readonly string[], prefix: string, v: unknown): SentencePart | null => (typeof v === 'string' && list.includes(v) ? term(`${prefix}.${v}`) : null);
const FORMATS: Record<string, string> = { csv: 'CSV', vcard: 'vCard' };
const format = (v: unknown): SentencePart | null => (typeof v === 'string' ? text(FORMATS[v] ?? v) : null);
const day = (v: unknown): SentencePart | null => (typeof v === 'string' && v.length > 0 ? text(v.slice(0, 10)) : null);

/** What a sentence needs besides its actor and entity; a null value means the data is not there (erased, older). */
interface Extra {
  key?: string;
  values: Record<string, SentencePart | null>;
}

const EXTRAS: Partial<Record<AuditAction, (e: AuditFacts, before: Record<string, unknown>, after: Record<string, unknown>) => Extra>> = {
  'user.created': (_, __, a) => ({ values: { role: oneOf(ROLES, 'role', a.role) } }),
  'user.role_changed': (_, __, a) => ({ values: { role: oneOf(ROLES, 'role', a.role) } }),
  'login.failed': (e) => ({ values: { email: e.actorLabel ? text(e.actorLabel) : null } }),
  'prospect.disposition_changed': (_, __, a) => ({ values: { disposition: oneOf(DISPOSITIONS, 'disposition', a.disposition) } }),
  'prospect.imported': (_, __, a) => ({ values: { count: count(a.created), format: format(a.format) } }),
  'prospect.exported': (_, __, a) => ({ key: a.complete === false ? 'audit.s.prospect.exported_partial' : undefined, values: { count: count(a.rows), format: format(a.format) } }),
  // The merged record is gone with the merge: its name is what the entry kept of it, else its number.
  'prospect.merged': (_, b) => ({ values: { merged: typeof b.name === 'string' && b.name ? text(b.name) : ref('prospect', b.merged) } }),
  'prospect.bulk_updated': (_, __, a) => ({ values: { count: Array.isArray(a.ids) ? count(a.ids.length) : null } }),
  'prospect.colleague_linked': (_, __, a) => ({ values: { colleague: ref('user', a.userId) } }),
  'prospect.colleague_unlinked': (_, b) => ({ values: { colleague: ref('user', b.userId) } }),
  'touch.logged': (_, __, a) => ({ values: { channel: oneOf(CHANNELS, 'channelShort', a.channel) } }),
  'touch.attempted': (_, __, a) => ({ values: { channel: oneOf(CHANNELS, 'channelShort', a.channel) } }),
  'pool.assigned': (_, __, a) => ({ values: { owner: ref('user', a.owner) } }),
  'pool.recalled': (_, b, a) => ({ values: { owner: ref('user', b.owner), days: count(a.idleDays) } }),
  'orders.exported': (_, __, a) => ({ values: { count: count(a.rows) } }),
  'mail.test_sent': (_, __, a) => ({ values: { to: typeof a.to === 'string' ? text(a.to) : null } }),
  'coaching.exported': (e, __, a) => ({ values: { team: e.entityId === 'all' ? term('audit.allTeams') : ref('team', e.entityId), from: day(a.from), to: day(a.to) } }),
  'event.invited': (_, __, a) => ({ values: { count: count(a.invited) } }),
  'invitation.checked_in': (_, __, a) => ({ values: { prospect: ref('prospect', a.prospectId), event: ref('event', a.eventId) } }),
  'invitation.walk_in': (_, __, a) => ({ values: { prospect: ref('prospect', a.prospectId), event: ref('event', a.eventId) } }),
  'invitation.moved': (_, __, a) => ({ values: { state: oneOf(INVITATION_STATES, 'events.state', a.state) } }),
  'invitation.answered': (_, __, a) => ({ values: { state: oneOf(INVITATION_STATES, 'events.state', a.state) } }),
  'newsletter.note_written': (_, __, a) => ({ values: { prospect: ref('prospect', a.prospectId) } }),
  'newsletter.unknown_mark_sent': (_, __, a) => ({ values: { prospect: ref('prospect', a.prospectId) } }),
  'newsletter.unknown_resend': (_, __, a) => ({ values: { prospect: ref('prospect', a.prospectId) } }),
  'newsletter.unsubscribed': (_, __, a) => ({ values: { issue: ref('newsletter', a.issueId) } }),
};

/** The name a creation recorded (the record may be gone since: a prospect merged away). */
const NAMED_AT_WRITE: Partial<Record<AuditAction, string>> = { 'prospect.created': 'name', 'team.created': 'name', 'token.created': 'name', 'event.created': 'title', 'newsletter.created': 'subject' };

/** The entity's name: the one the server found, else the one its creation recorded. */
export function auditEntityName(e: AuditFacts): string | null {
  if (e.entityName) return e.entityName;
  const field = isAuditAction(e.action) ? NAMED_AT_WRITE[e.action] : undefined;
  const v = field ? record(e.after)[field] : undefined;
  return typeof v === 'string' && v !== '' ? v : null;
}

/** Sentences that say the record's kind before its name ("added the prospect 陳大文"): nameless, they read briefly. */
const KIND_BEFORE_NAME = new Set<string>([
  'user.created',
  'token.created',
  'token.revoked',
  'team.created',
  'team.updated',
  'prospect.created',
  'product.created',
  'product.updated',
  'event.created',
  'event.updated',
  'event.cancelled',
  'event.closed',
  'newsletter.created',
  'newsletter.edited',
  'newsletter.image_uploaded',
]);

const brief = (action: string): AuditSentence => ({ key: 'audit.s.brief', values: { actor: ACTOR, action: term(`audit.a.${action}`), entity: ENTITY } });

/**
 * The message and values that read an entry: its own sentence, a short one when what it needs is gone, or a generic
 * one. Pass `entityName` when known (the page does); without it (the server choosing names to look up) the choice
 * of values is the same.
 */
export function auditSentence(e: AuditFacts): AuditSentence {
  if (!isAuditAction(e.action)) {
    return { key: e.entityId === null ? 'audit.s.unknownNoRecord' : 'audit.s.unknown', values: { actor: ACTOR, action: text(e.action), entity: ENTITY } };
  }
  if (e.entityName !== undefined && KIND_BEFORE_NAME.has(e.action) && auditEntityName(e) === null) return brief(e.action);
  const extra = EXTRAS[e.action]?.(e, record(e.before), record(e.after)) ?? { values: {} };
  const values: Record<string, SentencePart> = { actor: ACTOR, entity: ENTITY };
  for (const [name, part] of Object.entries(extra.values)) {
    // Erased or older entries may lack what the full sentence says: they read as the action's name and the record.
    if (part === null) return brief(e.action);
    values[name] = part;
  }
  return { key: extra.key ?? `audit.s.${e.action}`, values };
}

const isNamed = (type: string): type is AuditNamedType => (AUDIT_NAMED_TYPES as readonly string[]).includes(type);

/** The entry's entity as a record whose name can be looked up, when it is one. */
export function auditEntityRef(e: Pick<AuditFacts, 'entityType' | 'entityId'>): AuditRef | null {
  const id = idOf(e.entityId);
  return isNamed(e.entityType) && id !== null ? { type: e.entityType, id } : null;
}

/** The records the entry's data names that its sentence shows (a colleague, the new owner, the event of a check-in). */
export function auditDataRefs(e: AuditFacts): AuditRef[] {
  return Object.values(auditSentence(e).values).flatMap((part) => (part.kind === 'ref' ? [part.ref] : []));
}

/** Every record whose name the entry's sentence may show: its actor, its entity, and those its data names. */
export function auditRefs(e: AuditFacts): AuditRef[] {
  const entity = auditEntityRef(e);
  return [...(e.actorId !== null ? [{ type: 'user' as const, id: String(e.actorId) }] : []), ...(entity ? [entity] : []), ...auditDataRefs(e)];
}

/** Who did it, when no user is named: Pond itself, a guest's or reader's signed link, the command line, or the label as recorded. */
export function actorWords(e: Pick<AuditFacts, 'actorId' | 'actorLabel'>, actorName: string | null): Words {
  if (e.actorId !== null) return actorName ? { text: actorName } : { key: 'audit.ref.user', values: { id: String(e.actorId) } };
  const label = e.actorLabel;
  if (label === null || label === '') return { key: 'audit.system', values: {} };
  if (label === 'cli') return { key: 'audit.who.cli', values: {} };
  if (label.startsWith('Pond')) return { key: 'audit.who.pond', values: {} };
  if (label.startsWith('guest')) return { key: 'audit.who.guest', values: {} };
  if (label.startsWith('reader')) return { key: 'audit.who.reader', values: {} };
  return { text: label };
}

const QUOTED = new Set<string>(['newsletter', 'api_token']);

/** A record in words: its name (quoted, or with its number, by kind), else its kind and number ("prospect #849"). */
export function recordWords(type: string, id: string | null, name: string | null): Words {
  if (name !== null && name !== '') {
    if (type === 'order') return { key: 'audit.ref.orderOf', values: { id: id ?? '', name } };
    if (type === 'invitation') return { key: 'audit.ref.invitationOf', values: { name } };
    if (QUOTED.has(type)) return { key: 'audit.ref.quoted', values: { name } };
    return { text: name };
  }
  if (type === 'settings' && id !== null && (AUDIT_SETTINGS as readonly string[]).includes(id)) return { key: `audit.setting.${id}`, values: {} };
  if (!(AUDIT_ENTITY_TYPES as readonly string[]).includes(type)) return { text: id === null ? type : `${type} ${id}` };
  if (id === null || type === 'settings' || type === 'coaching') return { key: `audit.type.${type}`, values: {} };
  return { key: `audit.ref.${type}`, values: { id } };
}

/** A message split at its `{slots}`, each slot filled by `fill`: how a sentence becomes text or links. */
export function fillTemplate<T>(template: string, fill: (slot: string) => T): (string | T)[] {
  const out: (string | T)[] = [];
  let last = 0;
  for (const m of template.matchAll(/\{(\w+)\}/g)) {
    if (m.index > last) out.push(template.slice(last, m.index));
    out.push(fill(m[1]!));
    last = m.index + m[0].length;
  }
  if (last < template.length) out.push(template.slice(last));
  return out;
}
