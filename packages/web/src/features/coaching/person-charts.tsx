import { useMemo } from 'react';
import { Card, Flex, Typography } from 'antd';
import type { MessageKey } from '../../i18n/locales.js';
import { useI18n } from '../../i18n/i18n-context.js';
import { Num, measureLabel, type Open } from './coaching-bits.js';
import type { CoachRow, CoachingReport } from './coaching-api.js';
import { EChart, type ChartOption } from './echart.js';

const GREY = '#9ca3af';
const BLUE = '#1677ff';
const OUTCOME_COLORS = { complete: '#389e0d', pass: '#1677ff', success: '#faad14', failure: '#cf1322' } as const;

/** A round top for a shared axis and the step between its lines (1, 2, 2.5 or 5 times a power of ten), so labels never crowd. */
function niceAxis(max: number): { max: number; interval: number } {
  const raw = Math.max(1, max) / 4;
  const power = 10 ** Math.floor(Math.log10(raw));
  const interval = ([1, 2, 2.5, 5, 10].map((f) => f * power).find((s) => s >= raw) ?? 10 * power);
  const step = Math.max(1, interval);
  return { max: Math.ceil(Math.max(1, max) / step) * step, interval: step };
}

/** Numbers beside a chart, for those who would rather read: each opens its rows. */
function Beside({ row, open, items }: { row: CoachRow; open: Open; items: { measure: Parameters<typeof Num>[0]['measure']; value: number | null; suffix?: string; label?: MessageKey; color?: string }[] }) {
  const { t } = useI18n();
  return (
    <dl className="pond-coach-list" style={{ fontSize: 13 }}>
      {items.map((i) => (
        <div key={`${i.measure}${i.suffix ?? ''}`} className="pond-coach-item">
          <dt>
            {i.color && <span aria-hidden style={{ display: 'inline-block', width: 8, height: 8, borderRadius: 2, background: i.color, marginRight: 6 }} />}
            {t(i.label ?? measureLabel(i.measure))}
          </dt>
          <dd>
            <Num row={row} measure={i.measure} value={i.value} open={open} suffix={i.suffix} />
          </dd>
        </div>
      ))}
    </dl>
  );
}

/**
 * One salesperson's three charts: first contacts against revisits per week (bars), follow-ups kept on time per week
 * (a line) and the outcome mix (a ring). `scale` keeps two people's bars on one axis in a PK.
 */
export function PersonCharts({ row, weeks, open, scale }: { row: CoachRow; weeks: CoachingReport['weeks']; open: Open; scale?: number }) {
  const { t } = useI18n();
  const m = row.measures;
  const labels = weeks.map((w) => w.from.slice(5));
  const bars = useMemo<ChartOption>(
    () => ({
      animation: false,
      grid: { left: 32, right: 8, top: 28, bottom: 24 },
      legend: { top: 0, itemWidth: 10, itemHeight: 10, textStyle: { fontSize: 11 } },
      tooltip: { trigger: 'axis' },
      xAxis: { type: 'category', data: labels, axisLabel: { fontSize: 10 } },
      yAxis: { type: 'value', minInterval: 1, ...(scale !== undefined && niceAxis(scale)), axisLabel: { fontSize: 10 } },
      series: [
        { type: 'bar', name: t('coaching.m.firstContacts'), data: row.series.firstContacts, itemStyle: { color: GREY } },
        { type: 'bar', name: t('coaching.m.revisits'), data: row.series.revisits, itemStyle: { color: BLUE } },
      ],
    }),
    [row, labels.join(), scale, t],
  );
  const line = useMemo<ChartOption>(
    () => ({
      animation: false,
      grid: { left: 36, right: 8, top: 12, bottom: 24 },
      tooltip: { trigger: 'axis', valueFormatter: (v) => (v === null || v === undefined ? '—' : `${String(v)}%`) },
      xAxis: { type: 'category', data: labels, axisLabel: { fontSize: 10 } },
      yAxis: { type: 'value', min: 0, max: 100, axisLabel: { fontSize: 10, formatter: '{value}%' } },
      series: [{ type: 'line', name: t('coaching.m.onTimePercent'), data: row.series.onTimePercent, connectNulls: true, symbolSize: 6, itemStyle: { color: '#389e0d' } }],
    }),
    [row, labels.join(), t],
  );
  const ring = useMemo<ChartOption>(
    () => ({
      animation: false,
      tooltip: { trigger: 'item' },
      series: [
        {
          type: 'pie',
          radius: ['48%', '76%'],
          label: { show: false },
          data: (Object.keys(OUTCOME_COLORS) as (keyof typeof OUTCOME_COLORS)[]).map((o) => ({ name: t(`outcome.${o}`), value: m.outcomes[o], itemStyle: { color: OUTCOME_COLORS[o] } })),
        },
      ],
    }),
    [m, t],
  );
  const chartLabel = (title: MessageKey) => `${t(title)}: ${row.user.name}`;
  return (
    <Flex vertical gap={12}>
      <Card size="small" title={t('coaching.pk.bars')}>
        <div className="pond-coach-chart">
          <EChart option={bars} height={180} label={chartLabel('coaching.pk.bars')} testId="coaching-chart-bars" />
          <Beside
            row={row}
            open={open}
            items={[
              { measure: 'firstContacts', value: m.firstContacts, color: GREY },
              { measure: 'revisits', value: m.revisits, color: BLUE },
              { measure: 'revisits', value: m.revisitPercent, suffix: '%', label: 'coaching.m.revisitPercent' },
              { measure: 'touchedOnce', value: m.touchedOnce },
            ]}
          />
        </div>
      </Card>
      <Card size="small" title={t('coaching.pk.onTime')}>
        <div className="pond-coach-chart">
          <EChart option={line} height={150} label={chartLabel('coaching.pk.onTime')} testId="coaching-chart-line" />
          <Beside
            row={row}
            open={open}
            items={[
              { measure: 'followUpsDue', value: m.followUpsDue },
              { measure: 'followUpsOnTime', value: m.followUpsOnTime },
              { measure: 'followUpsLate', value: m.followUpsLate },
              { measure: 'followUpsOnTime', value: m.onTimePercent, suffix: '%', label: 'coaching.m.onTimePercent' },
            ]}
          />
        </div>
      </Card>
      <Card size="small" title={t('coaching.pk.outcomes')}>
        <div className="pond-coach-chart">
          <EChart option={ring} height={150} label={chartLabel('coaching.pk.outcomes')} testId="coaching-chart-ring" />
          <Beside
            row={row}
            open={open}
            items={(Object.keys(OUTCOME_COLORS) as (keyof typeof OUTCOME_COLORS)[]).map((o) => ({ measure: `outcome.${o}` as const, value: m.outcomes[o], color: OUTCOME_COLORS[o] }))}
          />
        </div>
        <Typography.Text type="secondary" style={{ fontSize: 12 }}>
          {t('coaching.m.feedbackPercent')}: {m.feedbackPercent === null ? t('common.none') : `${m.feedbackPercent}%`}
        </Typography.Text>
      </Card>
    </Flex>
  );
}
