import type { Translate } from '../../i18n/locales.js';
import { formatDay } from '../prospects/dates.js';
import type { AgendaItem } from '../prospects/prospect-types.js';

/** Why a prospect is on the agenda: when it is due, and what the clock is counting from. */
export function dueText(item: AgendaItem, t: Translate, locale: string): string {
  const r = item.reason;
  // An attendance at an event is the owner's cue: the day after, Today says so before anything else.
  if (item.lastTouch?.channel === 'event' && r.daysUntilDue !== null && r.daysUntilDue <= 0 && (r.daysSinceLastTouch === 0 || r.daysSinceLastTouch === 1)) {
    return t(r.daysSinceLastTouch === 0 ? 'reason.metAtEventToday' : 'reason.attendedYesterday');
  }
  if (r.resumeOn && r.daysUntilDue !== null && r.daysUntilDue > 0 && r.bucket === 'touched_once') return t('reason.pausedUntil', { date: formatDay(r.resumeOn, locale) });
  if (r.daysUntilDue !== null && r.nextDueOn !== null) {
    if (r.daysUntilDue < 0) return t('reason.overdue', { days: -r.daysUntilDue, date: formatDay(r.nextDueOn, locale) });
    if (r.daysUntilDue === 0) return t('reason.dueToday');
    if (r.bucket === 'touched_once') return t('reason.touchedOnceDue', { date: formatDay(r.nextDueOn, locale) });
    return t('reason.dueOn', { days: r.daysUntilDue, date: formatDay(r.nextDueOn, locale) });
  }
  if (r.touchCount === 0) return t('reason.neverTouched');
  if (r.bucket === 'touched_once') return t('reason.touchedOnce');
  return t('reason.noNextDate');
}

/** "last touch 16 days ago — said: “comparing three sedans” — every 20 days" */
export function historyParts(item: AgendaItem, t: Translate): { last: string | null; said: string | null; every: string } {
  const r = item.reason;
  const last =
    r.daysSinceLastTouch === null
      ? null
      : r.daysSinceLastTouch === 0
        ? t('reason.lastTouchToday')
        : t('reason.lastTouch', { days: r.daysSinceLastTouch });
  const words = item.lastTouch?.feedback ?? item.lastTouch?.summary ?? null;
  const said = words ? t(item.lastTouch?.feedback ? 'reason.said' : 'reason.noted', { text: words }) : null;
  const every = t(r.intervalSource === 'override' ? 'reason.everyCustom' : r.intervalSource === 'keep' ? 'reason.everyKeep' : 'reason.every', { days: r.intervalDays });
  return { last, said, every };
}
