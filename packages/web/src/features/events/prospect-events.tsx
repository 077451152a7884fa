import { Alert, Card, Flex, Tag, Typography } from 'antd';
import { Link } from 'react-router';
import { useErrorText } from '../../app/use-error-text.js';
import { useI18n } from '../../i18n/i18n-context.js';
import type { Prospect } from '../prospects/prospect-types.js';
import { CancelledTag, KindTag, StateTag } from './event-bits.js';
import { formatEventDay } from './event-time.js';
import { useProspectInvitations } from './events-api.js';

/** A prospect's events on its page: each invitation with its event, day and answer; nothing while there is none. */
export function ProspectEvents({ prospect }: { prospect: Prospect }) {
  const { t, locale } = useI18n();
  const errorText = useErrorText();
  const list = useProspectInvitations(prospect.id);
  const rows = list.data?.items ?? [];
  if (list.isError) return <Alert type="error" showIcon title={errorText(list.error)} style={{ marginBottom: 12 }} />;
  if (!rows.length) return null;

  return (
    <Card size="small" title={t('nav.events')} style={{ marginBottom: 12 }} data-testid="prospect-events">
      <Flex vertical gap={0}>
        {rows.map((i, n) => (
          <div key={i.id} style={{ borderTop: n ? '1px solid #f0f0f0' : undefined, padding: '8px 0' }} data-testid={`prospect-invitation-${i.id}`} data-state={i.state}>
            <Flex justify="space-between" gap={8} align="baseline">
              <Link to={`/events/${i.event.id}`} className="pond-wrap" style={{ fontWeight: 500, minWidth: 0 }} data-testid="prospect-event-title">
                {i.event.title}
              </Link>
              <StateTag state={i.state} />
            </Flex>
            <Flex gap={6} align="center" wrap style={{ marginTop: 2 }}>
              <KindTag kind={i.event.kind} />
              <CancelledTag event={i.event} />
              {i.walkIn && (
                <Tag color="purple" style={{ marginInlineEnd: 0 }} data-testid="prospect-event-walk-in">
                  {t('events.walkIn')}
                </Tag>
              )}
              <Typography.Text type="secondary" style={{ fontSize: 13 }}>
                {formatEventDay(i.event, locale)}
                {i.checkedInBy && ` · ${t('events.checkedInByName', { name: i.checkedInBy.name })}`}
              </Typography.Text>
            </Flex>
          </div>
        ))}
      </Flex>
    </Card>
  );
}
