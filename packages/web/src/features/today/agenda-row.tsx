import { Button, Flex, Typography } from 'antd';
import { PhoneOutlined } from '@ant-design/icons';
import { Link } from 'react-router';
import { CallButton, PhoneLink } from '../../app/phone-link.js';
import { useI18n } from '../../i18n/i18n-context.js';
import type { AgendaItem } from '../prospects/prospect-types.js';
import { GradeTag, ImportanceTag } from '../prospects/tags.js';
import { dueText, historyParts } from './reason.js';

/** One prospect on the agenda: who, why now, a button to call them (when they have a phone) and one to log the contact. */
export function AgendaRow({ item, urgent, onLog }: { item: AgendaItem; urgent: boolean; onLog: (item: AgendaItem) => void }) {
  const { t, locale } = useI18n();
  const { prospect } = item;
  const history = historyParts(item, t);
  return (
    <Flex gap={12} align="start" style={{ padding: '12px 0', borderTop: '1px solid #f0f0f0' }} data-testid={`agenda-row-${prospect.id}`} className="pond-agenda-row">
      <Flex vertical gap={4} style={{ flex: 1, minWidth: 0 }}>
        <Flex gap={6} align="center" wrap>
          <Link to={`/prospects/${prospect.id}`} className="pond-wrap" style={{ fontWeight: 600, fontSize: 15 }}>
            {prospect.name}
          </Link>
          <GradeTag grade={prospect.grade} />
          <ImportanceTag importance={prospect.importance} />
        </Flex>
        {(prospect.company || prospect.phones[0]) && (
          <Typography.Text type="secondary" className="pond-wrap" style={{ fontSize: 13 }}>
            {prospect.company}
            {prospect.company && prospect.phones[0] && ' · '}
            {prospect.phones[0] && <PhoneLink e164={prospect.phones[0]} />}
          </Typography.Text>
        )}
        <Typography.Text type={urgent ? 'danger' : undefined} strong style={{ fontSize: 13 }} data-testid="agenda-due">
          {dueText(item, t, locale)}
        </Typography.Text>
        <div data-testid="agenda-reason" style={{ fontSize: 13, minWidth: 0 }}>
          <Typography.Text type="secondary" style={{ fontSize: 13 }}>
            {[history.last, history.every].filter(Boolean).join(' · ')}
          </Typography.Text>
          {history.said && (
            <Typography.Paragraph type="secondary" className="pond-wrap" style={{ fontSize: 13, margin: 0 }} ellipsis={{ rows: 2 }}>
              {history.said}
            </Typography.Paragraph>
          )}
        </div>
      </Flex>
      <Flex gap={8}>
        {prospect.phones[0] && <CallButton e164={prospect.phones[0]} name={prospect.name} testId="agenda-call" />}
        <Button type="primary" ghost icon={<PhoneOutlined />} onClick={() => onLog(item)} aria-label={`${t('today.logTouch')}: ${prospect.name}`} data-testid="agenda-log">
          {t('today.logTouch')}
        </Button>
      </Flex>
    </Flex>
  );
}
