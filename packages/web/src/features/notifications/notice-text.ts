import type { MessageKey, Translate } from '../../i18n/locales.js';
import { CHANNELS } from '../prospects/prospect-types.js';
import type { Notice } from './notifications-api.js';

const num = (v: unknown): number => (typeof v === 'number' ? v : Number(v) || 0);

/** One line per notice, in the reader's language, from the facts the server kept (never its wording). */
export function noticeText(n: Notice, t: Translate): string {
  const name = n.prospect?.name ?? t('notice.removedProspect');
  const actor = n.actor ?? t('notice.someone');
  switch (n.kind) {
    case 'due_today': {
      const overdue = num(n.data.overdue);
      const count = overdue + num(n.data.today);
      if (overdue === 0) return count === 1 ? t('notice.dueTodayOne') : t('notice.dueToday', { count });
      if (overdue === count) return count === 1 ? t('notice.overdueOne') : t('notice.overdue', { count });
      return t('notice.dueWithOverdue', { count, overdue });
    }
    case 'leaving_pool': {
      const days = num(n.data.daysLeft);
      if (days <= 0) return t('notice.leavingToday', { name });
      return days === 1 ? t('notice.leavingTomorrow', { name }) : t('notice.leaving', { name, days });
    }
    case 'touch_logged': {
      const channel = String(n.data.channel ?? 'other');
      const label = (CHANNELS as readonly string[]).includes(channel) ? t(`channelShort.${channel}` as MessageKey) : channel;
      return t('notice.touchLogged', { actor, name, channel: label });
    }
    case 'assigned': {
      const count = num(n.data.count) || 1;
      if (count > 1) return t('notice.assignedMany', { actor, count });
      return t(n.data.from === 'pool' ? 'notice.assignedFromPool' : 'notice.assigned', { actor, name });
    }
    case 'issue_submitted':
      return t('notice.issueSubmitted', { actor, subject: String(n.data.subject ?? '') });
    case 'issue_reviewed':
      return t(n.data.decision === 'approve' ? 'notice.issueApproved' : 'notice.issueRejected', { actor, subject: String(n.data.subject ?? '') });
    case 'newsletter_reply':
      return t('notice.newsletterReply', { actor, name });
  }
}

/** Where a notice leads: Today for the morning's count, the list for a batch, else its prospect (if still there). */
export function noticeTarget(n: Notice): string | null {
  if (n.kind === 'due_today') return '/today';
  if ((n.kind === 'issue_submitted' || n.kind === 'issue_reviewed') && n.data.issueId) return `/newsletters/${num(n.data.issueId)}`;
  if (n.kind === 'assigned' && num(n.data.count) > 1) return '/prospects';
  return n.prospect ? `/prospects/${n.prospect.id}` : null;
}

/** "now", "5 minutes ago", "yesterday"; older than a week, the date itself. */
export function relativeTime(iso: string, now: number, locale: string, timeZone: string | null): string {
  const ago = Math.round((now - Date.parse(iso)) / 1000);
  const rtf = new Intl.RelativeTimeFormat(locale, { numeric: 'auto' });
  if (ago < 60) return rtf.format(0, 'second');
  if (ago < 3600) return rtf.format(-Math.floor(ago / 60), 'minute');
  if (ago < 86_400) return rtf.format(-Math.floor(ago / 3600), 'hour');
  if (ago < 7 * 86_400) return rtf.format(-Math.floor(ago / 86_400), 'day');
  try {
    return new Intl.DateTimeFormat(locale, { dateStyle: 'medium', timeZone: timeZone ?? undefined }).format(new Date(iso));
  } catch {
    return new Intl.DateTimeFormat(locale, { dateStyle: 'medium' }).format(new Date(iso));
  }
}
