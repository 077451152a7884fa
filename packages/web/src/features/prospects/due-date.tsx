import { Typography } from 'antd';
import { useI18n } from '../../i18n/i18n-context.js';
import { useUser } from '../auth/session.js';
import { daysBetween, formatListDay, localDate, todayIn } from './dates.js';

/** Today's date in the signed-in user's own calendar. */
export function useTodayDate(): string {
  return todayIn(useUser().timeZone);
}

/**
 * A next-contact date as every list and card shows it: in the list's date format, red and counted when it has
 * passed, "today" when it is today, so an overdue prospect reads as overdue wherever it appears.
 */
export function DueDate({ date, prefix, stacked }: { date: string | null; prefix?: boolean; /** The count under the date (a narrow column). */ stacked?: boolean }) {
  const { t, locale } = useI18n();
  const today = useTodayDate();
  if (!date) return <Typography.Text type="secondary">{t('common.none')}</Typography.Text>;
  const days = daysBetween(today, date);
  const text = formatListDay(date, locale, today);
  if (days < 0 && stacked) {
    return (
      <Typography.Text type="danger" data-testid="due-overdue" data-date={date}>
        <span className="pond-nowrap">{text}</span>
        <br />
        <span className="pond-nowrap" style={{ fontSize: 12 }}>
          {t('due.overdueDays', { days: -days })}
        </span>
      </Typography.Text>
    );
  }
  if (days < 0) {
    return (
      <Typography.Text type="danger" className="pond-nowrap" data-testid="due-overdue" data-date={date}>
        {t('due.overdue', { date: text, days: -days })}
      </Typography.Text>
    );
  }
  if (days === 0) {
    return (
      <Typography.Text strong className="pond-nowrap" style={{ color: '#0f766e' }} data-testid="due-today" data-date={date}>
        {t('due.today')}
      </Typography.Text>
    );
  }
  return (
    <span className="pond-nowrap" data-date={date}>
      {prefix ? t('kanban.due', { date: text }) : text}
    </span>
  );
}

/** An instant's calendar day in the user's zone, in the list format ("Sep 2"); empty when there is none. */
export function useListDay(): (instant: string | null | undefined) => string {
  const { locale } = useI18n();
  const { timeZone } = useUser();
  const today = todayIn(timeZone);
  return (instant) => (instant ? formatListDay(localDate(instant, timeZone), locale, today) : '');
}
