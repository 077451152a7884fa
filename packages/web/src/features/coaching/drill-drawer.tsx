import { Alert, Drawer, Empty, Flex, List, Skeleton, Tag, Typography } from 'antd';
import { Link } from 'react-router';
import type { MessageKey } from '../../i18n/locales.js';
import { useErrorText } from '../../app/use-error-text.js';
import { useReturnFocus } from '../../app/use-return-focus.js';
import { useI18n } from '../../i18n/i18n-context.js';
import { formatDateTime } from '../account/time-zones.js';
import { useUser } from '../auth/session.js';
import { useSheetProps } from '../prospects/sheet.js';
import { measureLabel } from './coaching-bits.js';
import { useDrill, type DrillTarget } from './coaching-api.js';

/** The touches or prospects behind one number, counted by the same rule as the number; each opens its prospect. */
export function DrillDrawer({ target, onClose }: { target: DrillTarget | null; onClose: () => void }) {
  const { t, locale } = useI18n();
  const user = useUser();
  const sheet = useSheetProps(520);
  const returnFocus = useReturnFocus(target !== null);
  const errorText = useErrorText();
  const drill = useDrill(target);
  const rows = drill.data?.rows ?? [];
  return (
    <Drawer
      {...sheet}
      open={target !== null}
      onClose={onClose}
      focusable={returnFocus.focusable}
      afterOpenChange={(open) => !open && returnFocus.closed()}
      title={target ? t('coaching.drill.title', { measure: t(measureLabel(target.measure)), name: target.name }) : undefined}
      destroyOnHidden
      data-testid="coaching-drill"
    >
      {drill.isError && <Alert type="error" showIcon title={errorText(drill.error)} />}
      {drill.isPending && <Skeleton active />}
      {drill.data && (
        <>
          <Typography.Paragraph type="secondary" data-testid="coaching-drill-count">
            {target!.from} – {target!.to} · {t('coaching.drill.count', { shown: rows.length, total: drill.data.total })}
          </Typography.Paragraph>
          {rows.length === 0 ? (
            <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('coaching.drill.empty')} />
          ) : (
            <List
              size="small"
              dataSource={rows}
              renderItem={(r, i) => (
                <List.Item key={r.touch?.id ?? `${r.prospect?.id ?? 'hidden'}-${i}`} data-testid="coaching-drill-row">
                  <Flex vertical gap={2} style={{ minWidth: 0, width: '100%' }}>
                    <Flex justify="space-between" gap={8} wrap>
                      {r.prospect ? (
                        <Link to={`/prospects/${r.prospect.id}`} className="pond-wrap" style={{ fontWeight: 600 }}>
                          {r.prospect.name}
                          {r.prospect.company ? <Typography.Text type="secondary"> · {r.prospect.company}</Typography.Text> : null}
                        </Link>
                      ) : (
                        <Typography.Text type="secondary" italic>
                          {t('coaching.drill.hidden')}
                        </Typography.Text>
                      )}
                      {r.ageDays !== null && <Typography.Text type="secondary">{t('coaching.drill.age', { days: r.ageDays })}</Typography.Text>}
                    </Flex>
                    <Flex gap={6} wrap align="center">
                      {r.at && <Typography.Text style={{ fontSize: 13 }}>{formatDateTime(r.at, locale, user.timeZone, 'medium')}</Typography.Text>}
                      {r.touch && (
                        <>
                          <Tag color={r.touch.kind === 'revisit' ? 'blue' : undefined}>{t(`touchKind.${r.touch.kind}` as MessageKey)}</Tag>
                          <Tag>{t(`channel.${r.touch.channel}` as MessageKey)}</Tag>
                          <Tag>{t(`outcome.${r.touch.outcome}` as MessageKey)}</Tag>
                          {r.touch.by && <Typography.Text type="secondary" style={{ fontSize: 13 }}>{t('coaching.drill.by', { name: r.touch.by })}</Typography.Text>}
                          {r.touch.dueOn && <Typography.Text style={{ fontSize: 13 }}>{t('coaching.drill.due', { date: r.touch.dueOn })}</Typography.Text>}
                        </>
                      )}
                      {!r.touch && r.detail && <Typography.Text type="secondary" style={{ fontSize: 13 }}>{t('coaching.drill.next', { date: r.detail })}</Typography.Text>}
                    </Flex>
                    {r.touch && r.detail && (
                      <Typography.Paragraph type="secondary" ellipsis={{ rows: 2 }} style={{ margin: 0, fontSize: 13 }}>
                        {r.detail}
                      </Typography.Paragraph>
                    )}
                  </Flex>
                </List.Item>
              )}
            />
          )}
        </>
      )}
    </Drawer>
  );
}
