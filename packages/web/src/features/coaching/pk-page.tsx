import { useState } from 'react';
import { Alert, Card, Flex, Select, Skeleton, Typography } from 'antd';
import { ArrowLeftOutlined } from '@ant-design/icons';
import { Link, useSearchParams } from 'react-router';
import { PageHeader } from '../../app/page-header.js';
import { useErrorText } from '../../app/use-error-text.js';
import { useI18n } from '../../i18n/i18n-context.js';
import { FlagNote, type Open } from './coaching-bits.js';
import { coachingParams, useCoaching, type DrillTarget } from './coaching-api.js';
import { useChoice } from './coaching-page.js';
import { DrillDrawer } from './drill-drawer.js';
import { PeriodBar } from './period-bar.js';
import { PersonCharts } from './person-charts.js';

/** PK (銷售人員PK): two salespeople over the same weeks, charts on one scale, the numbers beside each chart. */
export function PkPage() {
  const { t } = useI18n();
  const errorText = useErrorText();
  const [choice, setChoice] = useChoice();
  const [params, setParams] = useSearchParams();
  const report = useCoaching(choice);
  const [drill, setDrill] = useState<DrillTarget | null>(null);
  const data = report.data;
  const rows = data?.rows ?? [];
  // By default the two furthest apart on revisits: the nurturer beside the one who fishes once.
  const byRevisits = [...rows].sort((a, b) => (b.measures.revisitPercent ?? -1) - (a.measures.revisitPercent ?? -1));
  const pick = (key: 'a' | 'b', fallback: number | undefined) => {
    const id = Number(params.get(key));
    return rows.some((r) => r.user.id === id) ? id : fallback;
  };
  const a = pick('a', byRevisits[0]?.user.id);
  const b = pick('b', byRevisits.at(-1)?.user.id === a ? byRevisits[1]?.user.id : byRevisits.at(-1)?.user.id);
  const setPick = (key: 'a' | 'b', id: number) => {
    const next = new URLSearchParams(params);
    next.set(key, String(id));
    setParams(next, { replace: true });
  };
  const chosen = [a, b].map((id) => rows.find((r) => r.user.id === id));
  const scale = Math.max(1, ...chosen.flatMap((r) => (r ? [...r.series.firstContacts, ...r.series.revisits] : [])));
  const open: Open = (target) => data && setDrill({ ...target, from: data.period.from, to: data.period.to });
  const options = rows.map((r) => ({ value: r.user.id, label: r.user.team ? `${r.user.name} · ${r.user.team}` : r.user.name }));
  return (
    <div data-testid="module-coaching-pk">
      <PageHeader
        title={t('coaching.pk.title')}
        extra={
          <Link to={`/coaching?${coachingParams(choice).toString()}`}>
            <ArrowLeftOutlined /> {t('coaching.pk.back')}
          </Link>
        }
      />
      <Typography.Paragraph type="secondary" style={{ marginTop: -8 }}>
        {t('coaching.pk.intro')}
      </Typography.Paragraph>
      <PeriodBar value={choice} onChange={setChoice} report={data} canPickTeam />
      {report.isError && <Alert type="error" showIcon title={errorText(report.error)} style={{ marginBottom: 12 }} />}
      {report.isPending && <Skeleton active />}
      {data && rows.length < 2 && <Alert type="info" showIcon title={t('coaching.pk.needTwo')} />}
      {data && rows.length >= 2 && (
        <div className="pond-coach-pk">
          {(['a', 'b'] as const).map((key, i) => {
            const row = chosen[i];
            return (
              <Flex key={key} vertical gap={12} data-testid={`coaching-pk-${key}`}>
                <Card size="small">
                  <Select<number>
                    aria-label={t('coaching.pk.pick', { n: i + 1 })}
                    value={row?.user.id}
                    onChange={(id) => setPick(key, id)}
                    options={options}
                    showSearch={{ optionFilterProp: 'label' }}
                    style={{ width: '100%' }}
                    data-testid={`coaching-pk-pick-${key}`}
                  />
                  {row && row.flag.length > 0 && (
                    <div style={{ marginTop: 8 }}>
                      <FlagNote row={row} />
                    </div>
                  )}
                </Card>
                {row && <PersonCharts row={row} weeks={data.weeks} open={open} scale={scale} />}
              </Flex>
            );
          })}
        </div>
      )}
      <DrillDrawer target={drill} onClose={() => setDrill(null)} />
    </div>
  );
}
