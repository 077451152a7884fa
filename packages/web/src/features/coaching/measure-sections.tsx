import { Flex, Typography } from 'antd';
import type { MessageKey } from '../../i18n/locales.js';
import { useI18n } from '../../i18n/i18n-context.js';
import { MoneyList, Num, measureLabel, type Open } from './coaching-bits.js';
import type { CoachRow, CoachingReport, MeasureKey } from './coaching-api.js';

type Measures = CoachRow['measures'];
type Item =
  | { kind: 'count'; measure: MeasureKey; value: (m: Measures) => number; median?: string; danger?: (m: Measures) => boolean; note?: (m: Measures) => string | null }
  | { kind: 'percent'; label: 'revisitPercent' | 'onTimePercent' | 'newsletterPercent' | 'feedbackPercent'; opens: MeasureKey; value: (m: Measures) => number | null }
  | { kind: 'money'; label: 'revenue' | 'commission'; value: (m: Measures) => Measures['revenue'] };

/** Every measure of a report row, grouped as a coach reads them; each number opens its rows. */
const SECTIONS: { title: MessageKey; items: Item[] }[] = [
  {
    title: 'coaching.section.touches',
    items: [
      { kind: 'count', measure: 'firstContacts', value: (m) => m.firstContacts, median: 'firstContacts' },
      { kind: 'count', measure: 'revisits', value: (m) => m.revisits, median: 'revisits' },
      { kind: 'percent', label: 'revisitPercent', opens: 'revisits', value: (m) => m.revisitPercent },
      { kind: 'count', measure: 'prospectsTouched', value: (m) => m.prospectsTouched, median: 'prospectsTouched' },
      { kind: 'count', measure: 'touchedOnce', value: (m) => m.touchedOnce, median: 'touchedOnce' },
      { kind: 'count', measure: 'onBehalfMade', value: (m) => m.onBehalfMade, median: 'onBehalfMade' },
      { kind: 'count', measure: 'onBehalfReceived', value: (m) => m.onBehalfReceived, median: 'onBehalfReceived' },
    ],
  },
  {
    title: 'coaching.section.followUps',
    items: [
      { kind: 'count', measure: 'followUpsDue', value: (m) => m.followUpsDue, median: 'followUpsDue' },
      { kind: 'count', measure: 'followUpsOnTime', value: (m) => m.followUpsOnTime },
      { kind: 'count', measure: 'followUpsLate', value: (m) => m.followUpsLate, danger: (m) => m.followUpsLate > 0 },
      { kind: 'percent', label: 'onTimePercent', opens: 'followUpsOnTime', value: (m) => m.onTimePercent },
      { kind: 'count', measure: 'overdue', value: (m) => m.overdue, median: 'overdue', danger: (m) => m.overdue > 0 },
    ],
  },
  {
    title: 'coaching.section.outcomes',
    items: [
      { kind: 'count', measure: 'outcome.complete', value: (m) => m.outcomes.complete },
      { kind: 'count', measure: 'outcome.pass', value: (m) => m.outcomes.pass },
      { kind: 'count', measure: 'outcome.success', value: (m) => m.outcomes.success },
      { kind: 'count', measure: 'outcome.failure', value: (m) => m.outcomes.failure },
      { kind: 'count', measure: 'withFeedback', value: (m) => m.withFeedback },
      { kind: 'percent', label: 'feedbackPercent', opens: 'withFeedback', value: (m) => m.feedbackPercent },
    ],
  },
  {
    title: 'coaching.section.book',
    items: [
      { kind: 'count', measure: 'book', value: (m) => m.book, median: 'book' },
      { kind: 'count', measure: 'bookTouchedOnce', value: (m) => m.bookTouchedOnce, median: 'bookTouchedOnce' },
      { kind: 'count', measure: 'newsletterCovered', value: (m) => m.newsletterCovered },
      { kind: 'percent', label: 'newsletterPercent', opens: 'newsletterCovered', value: (m) => m.newsletterPercent },
      { kind: 'count', measure: 'lostToPool', value: (m) => m.lostToPool, danger: (m) => m.lostToPool > 0 },
      { kind: 'count', measure: 'claimedFromPool', value: (m) => m.claimedFromPool },
    ],
  },
  {
    title: 'coaching.section.sales',
    items: [
      { kind: 'count', measure: 'orders', value: (m) => m.orders, median: 'orders' },
      { kind: 'money', label: 'revenue', value: (m) => m.revenue },
      { kind: 'money', label: 'commission', value: (m) => m.commission },
    ],
  },
];

/** A row's measures in labelled groups; with `median`, the team's median beside each count (a salesperson's own view). */
export function MeasureSections({ row, open, median }: { row: CoachRow; open: Open; median?: CoachingReport['median'] }) {
  const { t } = useI18n();
  const m = row.measures;
  const medianText = (key: string | undefined) => {
    const v = key && median ? median[key] : undefined;
    return v === undefined || v === null ? null : t('coaching.median', { value: v });
  };
  return (
    <div className="pond-coach-sections">
      {SECTIONS.map((s) => (
        <section key={s.title} aria-label={t(s.title)}>
          <Typography.Text strong style={{ display: 'block', marginBottom: 6 }}>
            {t(s.title)}
          </Typography.Text>
          <dl className="pond-coach-list">
            {s.items.map((item) => {
              const key = item.kind === 'count' ? item.measure : item.label;
              const med = item.kind === 'count' ? medianText(item.median) : item.kind === 'percent' ? medianText(item.label) : null;
              return (
                <div key={key} className="pond-coach-item">
                  <dt>{t(measureLabel(key))}</dt>
                  <dd>
                    <Flex vertical align="end" gap={0}>
                      {item.kind === 'count' && <Num row={row} measure={item.measure} value={item.value(m)} open={open} danger={item.danger?.(m)} />}
                      {item.kind === 'percent' && <Num row={row} measure={item.opens} value={item.value(m)} open={open} suffix="%" />}
                      {item.kind === 'money' && <MoneyList values={item.value(m)} />}
                      {item.kind === 'count' && item.measure === 'touchedOnce' && m.touchedOnceOldestDays !== null && (
                        <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                          {t('coaching.oldest', { days: m.touchedOnceOldestDays })}
                        </Typography.Text>
                      )}
                      {med && (
                        <Typography.Text type="secondary" style={{ fontSize: 12 }} data-testid="coaching-median">
                          {med}
                          {item.kind === 'percent' ? '%' : ''}
                        </Typography.Text>
                      )}
                    </Flex>
                  </dd>
                </div>
              );
            })}
          </dl>
        </section>
      ))}
    </div>
  );
}
