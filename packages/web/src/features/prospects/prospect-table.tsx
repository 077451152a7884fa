import { Button, Table, Typography, Flex, type TableColumnsType, type TableProps } from 'antd';
import { PhoneOutlined } from '@ant-design/icons';
import { useNavigate } from 'react-router';
import { PhoneLink } from '../../app/phone-link.js';
import { useIsPhone } from '../../app/use-is-phone.js';
import { useI18n } from '../../i18n/i18n-context.js';
import { DueDate, useListDay } from './due-date.js';
import type { ProspectSummary } from './prospect-types.js';
import type { ListSort, SortField } from './prospects-api.js';
import { DispositionTag, GradeTag, StageTag } from './tags.js';

interface Props {
  rows: ProspectSummary[];
  loading: boolean;
  sort: ListSort;
  onSort: (sort: ListSort) => void;
  selected: number[];
  onSelect: (ids: number[]) => void;
  /** The owner column, for managers and admins. */
  showOwner?: boolean;
  /** Logs a contact from the row itself, as on Today (a list opened from a Today section keeps its button). */
  onLog?: (p: ProspectSummary) => void;
}

/** The book as a table: sorted by the server, selectable for bulk changes; a row opens the prospect. */
export function ProspectTable({ rows, loading, sort, onSort, selected, onSelect, showOwner = false, onLog }: Props) {
  const { t } = useI18n();
  const listDay = useListDay();
  const navigate = useNavigate();
  const isPhone = useIsPhone();
  const logButton = (p: ProspectSummary) =>
    onLog &&
    p.owner && (
      <Button
        type="primary"
        ghost
        size="small"
        icon={<PhoneOutlined />}
        onClick={(e) => {
          e.stopPropagation();
          onLog(p);
        }}
        aria-label={`${t('today.logTouch')}: ${p.name}`}
        data-testid="row-log"
      />
    );
  const sorted = (field: SortField) => ({
    sorter: true,
    sortOrder: sort.sort === field ? (sort.order === 'asc' ? ('ascend' as const) : ('descend' as const)) : null,
  });

  const columns: TableColumnsType<ProspectSummary> = [
    {
      title: t('prospect.name'),
      key: 'name',
      ...sorted('name'),
      render: (_, p) => (
        <Flex vertical style={{ minWidth: 0 }}>
          <Typography.Text strong className="pond-wrap">
            {p.name}
          </Typography.Text>
          <Typography.Text type="secondary" className="pond-wrap" style={{ fontSize: 12 }}>
            {p.company}
            {p.company && (p.phones[0] || p.emails[0]) && ' · '}
            {p.phones[0] ? <PhoneLink e164={p.phones[0]} /> : p.emails[0]}
          </Typography.Text>
        </Flex>
      ),
    },
    { title: t('prospect.grade'), key: 'grade', ...sorted('grade'), render: (_, p) => <GradeTag grade={p.grade} /> },
    { title: t('prospect.importance'), key: 'importance', responsive: ['lg'], ...sorted('importance'), render: (_, p) => t(`importance.${p.importance}`) },
    { title: t('prospect.expectedClose'), key: 'expectedClose', responsive: ['xl'], ...sorted('expectedClose'), render: (_, p) => t(`expectedClose.${p.expectedClose}`) },
    { title: t('prospect.disposition'), key: 'disposition', responsive: ['lg'], ...sorted('disposition'), render: (_, p) => <DispositionTag disposition={p.disposition} /> },
    { title: t('prospect.stage'), key: 'stage', responsive: ['md'], ...sorted('stage'), render: (_, p) => <StageTag stage={p.stage} /> },
    // Whose prospect it is, for managers and admins (a salesperson's list is their own book and colleague links).
    ...(showOwner
      ? [
          {
            title: t('prospect.owner'),
            key: 'owner',
            render: (_: unknown, p: ProspectSummary) =>
              p.owner ? <span style={{ whiteSpace: 'nowrap' }}>{p.owner.name}</span> : <Typography.Text type="secondary">{t('nav.pool')}</Typography.Text>,
          },
        ]
      : []),
    {
      title: t('prospect.nextDueOn'),
      key: 'nextDueOn',
      ...sorted('nextDueOn'),
      render: (_, p) =>
        onLog && isPhone ? (
          <Flex vertical gap={6} align="start">
            <DueDate date={p.nextDueOn} stacked />
            {logButton(p)}
          </Flex>
        ) : (
          <DueDate date={p.nextDueOn} stacked />
        ),
    },
    {
      title: t('prospect.lastTouchAt'),
      key: 'lastTouchAt',
      responsive: ['md'],
      ...sorted('lastTouchAt'),
      render: (_, p) => (p.lastTouchAt ? <span className="pond-nowrap">{listDay(p.lastTouchAt)}</span> : t('common.none')),
    },
    { title: t('prospect.touchCount'), key: 'touchCount', responsive: ['md'], align: 'end', ...sorted('touchCount'), render: (_, p) => p.touchCount },
    // On a phone the button sits under the date, so the row still fits 375 px beside the owner column.
    ...(onLog && !isPhone
      ? [{ title: <span className="pond-sr-only">{t('today.logTouch')}</span>, key: 'log', width: 40, render: (_: unknown, p: ProspectSummary) => logButton(p) }]
      : []),
  ];

  const onChange: TableProps<ProspectSummary>['onChange'] = (_pagination, _filters, sorter) => {
    const one = Array.isArray(sorter) ? sorter[0] : sorter;
    if (!one?.order || !one.columnKey) onSort({ sort: 'nextDueOn', order: 'asc' });
    else onSort({ sort: one.columnKey as SortField, order: one.order === 'ascend' ? 'asc' : 'desc' });
  };

  return (
    <Table<ProspectSummary>
      rowKey="id"
      size="middle"
      className="pond-clickable-rows"
      columns={columns}
      dataSource={rows}
      loading={loading}
      pagination={false}
      showSorterTooltip={false}
      onChange={onChange}
      rowSelection={{ selectedRowKeys: selected, onChange: (keys) => onSelect(keys.map(Number)), columnWidth: 36 }}
      onRow={(p) => ({
        onClick: (e) => {
          // Ticking a row's box selects it; only a click elsewhere opens the prospect.
          if ((e.target as HTMLElement).closest('.ant-table-selection-column')) return;
          navigate(`/prospects/${p.id}`);
        },
      })}
      locale={{ emptyText: t('prospects.empty') }}
      data-testid="prospect-table"
    />
  );
}
