/**
 * Every action code the server writes to the audit log, by the part of Pond it belongs to. The audit page offers
 * these in its action filter and gives each a sentence; a server test reads the services' sources and fails when
 * one writes a code that is not here. An entry with a code not listed (older, or newer than this list) still reads
 * as a generic sentence.
 */
export const AUDIT_ACTION_GROUPS = {
  account: [
    'setup.completed',
    'user.created',
    'user.updated',
    'user.role_changed',
    'user.deactivated',
    'user.password_reset',
    'user.password_changed',
    'user.preferences_changed',
    'user.digest_changed',
    'user.digest_unsubscribed',
    'login.succeeded',
    'login.failed',
    'logout',
    'feed.created',
    'feed.revoked',
    'token.created',
    'token.revoked',
    'team.created',
    'team.updated',
  ],
  prospects: [
    'prospect.created',
    'prospect.updated',
    'prospect.disposition_changed',
    'prospect.archived',
    'prospect.erased',
    'prospect.imported',
    'prospect.exported',
    'prospect.merged',
    'prospect.bulk_updated',
    'prospect.colleague_linked',
    'prospect.colleague_unlinked',
    'prospect.privacy_exported',
    'touch.logged',
    'touch.attempted',
  ],
  pool: ['pool.claimed', 'pool.assigned', 'pool.released', 'pool.recalled'],
  orders: ['order.created', 'order.updated', 'order.confirmed', 'order.delivered', 'order.cancelled', 'orders.exported', 'product.created', 'product.updated', 'commission_rule.created'],
  events: ['event.created', 'event.updated', 'event.cancelled', 'event.closed', 'event.invited', 'invitation.checked_in', 'invitation.walk_in', 'invitation.moved', 'invitation.answered'],
  newsletters: [
    'newsletter.created',
    'newsletter.edited',
    'newsletter.image_uploaded',
    'newsletter.audience_built',
    'newsletter.submitted',
    'newsletter.approved',
    'newsletter.rejected',
    'newsletter.note_written',
    'newsletter.approval_expired',
    'newsletter.send_started',
    'newsletter.paused',
    'newsletter.sending',
    'newsletter.cancelled',
    'newsletter.unknown_mark_sent',
    'newsletter.unknown_resend',
    'newsletter.sent',
    'newsletter.unsubscribed',
  ],
  settings: [
    'settings.interval_policy_changed',
    'settings.pool_policy_changed',
    'settings.newsletter_policy_changed',
    'settings.coaching_policy_changed',
    'settings.mail_changed',
    'settings.mail_cleared',
    'mail.test_sent',
    'coaching.exported',
    'job.probe',
  ],
} as const;

export type AuditActionGroup = keyof typeof AUDIT_ACTION_GROUPS;
export type AuditAction = (typeof AUDIT_ACTION_GROUPS)[AuditActionGroup][number];

export const AUDIT_ACTION_GROUP_NAMES = Object.keys(AUDIT_ACTION_GROUPS) as AuditActionGroup[];
export const AUDIT_ACTIONS: readonly AuditAction[] = Object.values(AUDIT_ACTION_GROUPS).flat();

const KNOWN = new Set<string>(AUDIT_ACTIONS);

export function isAuditAction(code: string): code is AuditAction {
  return KNOWN.has(code);
}

/** What the action filter accepts: any code shaped like one (so entries of a retired code can still be found). */
export const AUDIT_ACTION_PATTERN = /^[a-z][a-z_]*(\.[a-z][a-z_]*)*$/;
