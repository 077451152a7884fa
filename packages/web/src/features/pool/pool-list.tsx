import { Card, Checkbox, Empty, Flex, Table, Typography, type TableColumnsType } from 'antd';
import { Link, useNavigate } from 'react-router';
import { PhoneLink } from '../../app/phone-link.js';
import { useI18n } from '../../i18n/i18n-context.js';
import { useUser } from '../auth/session.js';
import { todayIn } from '../prospects/dates.js';
import { GradeTag } from '../prospects/tags.js';
import type { PoolEntry } from './pool-api.js';
import { ClaimButton, HiddenValue, daysInPool, daysText, reasonText } from './pool-bits.js';

interface Props {
  rows: PoolEntry[];
  loading: boolean;
  selected: number[];
  onSelect: (ids: number[]) => void;
  onClaim: (id: number) => void;
  claiming: number[];
}

/** Phone or email, or a marker where the pool withholds them until the prospect is claimed. */
function Contact({ p }: { p: PoolEntry }) {
  if (p.phones[0]) return <PhoneLink e164={p.phones[0]} />;
  if (p.emails[0]) return <span className="pond-wrap">{p.emails[0]}</span>;
  if (p.pool.hidden.includes('phones') || p.pool.hidden.includes('emails')) return <HiddenValue />;
  return null;
}

function useDays() {
  const { t } = useI18n();
  const user = useUser();
  const today = todayIn(user.timeZone);
  return (p: PoolEntry) => {
    return daysText(daysInPool(p.pool, today, user.timeZone), t);
  };
}

/** The pool on a desktop: a table, selectable for a bulk claim; a row opens the pool's view of the prospect. */
export function PoolTable({ rows, loading, selected, onSelect, onClaim, claiming }: Props) {
  const { t } = useI18n();
  const navigate = useNavigate();
  const days = useDays();
  const columns: TableColumnsType<PoolEntry> = [
    {
      title: t('prospect.name'),
      key: 'name',
      render: (_, p) => (
        <Flex vertical style={{ minWidth: 0 }}>
          <Typography.Text strong className="pond-wrap">
            {p.name}
          </Typography.Text>
          {p.company && (
            <Typography.Text type="secondary" className="pond-wrap" style={{ fontSize: 12 }}>
              {p.company}
            </Typography.Text>
          )}
        </Flex>
      ),
    },
    { title: t('prospect.grade'), key: 'grade', render: (_, p) => <GradeTag grade={p.grade} /> },
    { title: t('pool.contact'), key: 'contact', responsive: ['lg'], render: (_, p) => <Contact p={p} /> },
    { title: t('pool.formerOwner'), key: 'formerOwner', responsive: ['md'], render: (_, p) => p.pool.formerOwner?.name ?? t('common.none') },
    {
      title: t('pool.reason'),
      key: 'reason',
      responsive: ['md'],
      render: (_, p) => (
        <Typography.Text type="secondary" className="pond-wrap" ellipsis={{ tooltip: reasonText(p.pool, t) }} style={{ maxWidth: 260 }}>
          {reasonText(p.pool, t)}
        </Typography.Text>
      ),
    },
    { title: t('pool.inPool'), key: 'days', render: (_, p) => <span style={{ whiteSpace: 'nowrap' }} data-testid="pool-days">{days(p)}</span> },
    {
      title: '',
      key: 'claim',
      align: 'end',
      render: (_, p) => <ClaimButton id={p.id} name={p.name} info={p.pool} onClaim={onClaim} pending={claiming.includes(p.id)} />,
    },
  ];
  return (
    <Table<PoolEntry>
      rowKey="id"
      size="middle"
      className="pond-clickable-rows"
      columns={columns}
      dataSource={rows}
      loading={loading}
      pagination={false}
      rowSelection={{
        selectedRowKeys: selected,
        onChange: (keys) => onSelect(keys.map(Number)),
        getCheckboxProps: (p) => ({ disabled: !p.pool.claim || p.pool.claimRefusal !== null }),
        columnWidth: 36,
      }}
      onRow={(p) => ({
        onClick: (e) => {
          // Ticking a row's box selects it; only a click elsewhere opens the prospect.
          if ((e.target as HTMLElement).closest('.ant-table-selection-column')) return;
          navigate(`/pool/${p.id}`);
        },
      })}
      locale={{ emptyText: t('pool.empty') }}
      data-testid="pool-table"
    />
  );
}

/** The pool on a phone: one card a prospect, the claim button full width within thumb reach. */
export function PoolCards({ rows, loading, selected, onSelect, onClaim, claiming }: Props) {
  const { t } = useI18n();
  const days = useDays();
  if (!loading && rows.length === 0) return <Card><Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('pool.empty')} /></Card>;
  const toggle = (id: number, on: boolean) => onSelect(on ? [...selected, id] : selected.filter((x) => x !== id));
  return (
    <Flex vertical gap={8} data-testid="pool-cards">
      {rows.map((p) => (
        <Card key={p.id} size="small" data-testid={`pool-card-${p.id}`}>
          <Flex gap={8} align="start">
            {p.pool.claim && p.pool.claimRefusal === null && (
              <Checkbox checked={selected.includes(p.id)} onChange={(e) => toggle(p.id, e.target.checked)} aria-label={t('pool.select', { name: p.name })} style={{ marginTop: 2 }} />
            )}
            <Flex vertical gap={2} style={{ flex: 1, minWidth: 0 }}>
              <Flex gap={6} align="center" wrap>
                <Link to={`/pool/${p.id}`} className="pond-wrap" style={{ fontWeight: 600, fontSize: 15 }}>
                  {p.name}
                </Link>
                <GradeTag grade={p.grade} />
              </Flex>
              {p.company && (
                <Typography.Text type="secondary" className="pond-wrap" style={{ fontSize: 13 }}>
                  {p.company}
                </Typography.Text>
              )}
              <div style={{ fontSize: 13 }}>
                <Contact p={p} />
              </div>
              <Typography.Text type="secondary" className="pond-wrap" style={{ fontSize: 13 }}>
                {[days(p), p.pool.formerOwner && t('pool.fromOwner', { name: p.pool.formerOwner.name })].filter(Boolean).join(' · ')}
              </Typography.Text>
              <Typography.Paragraph type="secondary" className="pond-wrap" style={{ fontSize: 13, margin: 0 }} ellipsis={{ rows: 2 }}>
                {reasonText(p.pool, t)}
              </Typography.Paragraph>
            </Flex>
          </Flex>
          {(p.pool.claim || p.pool.claimRefusal) && (
            <div style={{ marginTop: 8 }}>
              <ClaimButton id={p.id} name={p.name} info={p.pool} block onClaim={onClaim} pending={claiming.includes(p.id)} />
            </div>
          )}
        </Card>
      ))}
    </Flex>
  );
}
