import { useId } from 'react';
import { Alert, Button, Flex, Tag, Typography } from 'antd';
import { MergeOutlined } from '@ant-design/icons';
import { Link } from 'react-router';
import { useI18n } from '../../i18n/i18n-context.js';
import { useUser } from '../auth/session.js';
import type { PossibleDuplicate } from './prospect-types.js';
import { usePossibleDuplicates } from './prospects-api.js';

/**
 * "Possibly the same person": the records the user may see that share a phone, an e-mail or a name that folds
 * alike with this one, each with a way to merge it into this record when the server says the user may. Shows
 * nothing while loading, on error, or when there is no one: it is a hint, not part of the record.
 */
export function PossibleDuplicatesNotice({ prospectId, onMerge }: { prospectId: number; onMerge: (id: number) => void }) {
  const { t } = useI18n();
  const query = usePossibleDuplicates(prospectId);
  if (!query.data?.items.length) return null;
  const { items, total } = query.data;
  return (
    <Alert
      type="warning"
      showIcon
      style={{ marginBottom: 12 }}
      data-testid="possible-duplicates"
      data-total={total}
      title={t('duplicates.title', { count: total })}
      description={
        <Flex vertical gap={8} style={{ marginTop: 4 }}>
          <Typography.Text type="secondary">{t('duplicates.hint')}</Typography.Text>
          {items.map((item) => (
            <Row key={item.prospect.id} item={item} onMerge={onMerge} />
          ))}
          {total > items.length && <Typography.Text type="secondary">{t('duplicates.more', { count: total - items.length })}</Typography.Text>}
        </Flex>
      }
    />
  );
}

function Row({ item, onMerge }: { item: PossibleDuplicate; onMerge: (id: number) => void }) {
  const { t } = useI18n();
  const user = useUser();
  const nameId = useId();
  const { prospect: p, reasons, canMerge } = item;
  const whose = p.owner?.id === user.id ? t('lookup.yours') : p.owner ? t('import.ownedBy', { owner: p.owner.name }) : t('import.inPool');
  return (
    <Flex align="center" gap={8} wrap data-testid="possible-duplicate" data-id={p.id}>
      <span className="pond-wrap" style={{ flex: '1 1 200px', minWidth: 0 }}>
        <Link to={`/prospects/${p.id}`} id={nameId} data-testid="possible-duplicate-link">
          {p.name}
        </Link>{' '}
        <Typography.Text type="secondary">
          ({[p.company, whose].filter(Boolean).join(' · ')})
        </Typography.Text>
      </span>
      <Flex gap={4} wrap>
        {reasons.map((r) => (
          <Tag key={r} style={{ marginInlineEnd: 0 }} data-testid="possible-duplicate-reason">
            {t(`duplicates.reason.${r}`)}
          </Tag>
        ))}
      </Flex>
      {canMerge && (
        <Button size="small" icon={<MergeOutlined />} onClick={() => onMerge(p.id)} aria-describedby={nameId} data-testid="possible-duplicate-merge">
          {t('duplicates.merge')}
        </Button>
      )}
    </Flex>
  );
}
