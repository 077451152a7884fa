import { useState, type ReactNode } from 'react';
import { Alert, App, Button, Drawer, Flex, Input, Skeleton, Spin, Tag, Typography } from 'antd';
import { ArrowLeftOutlined, SearchOutlined } from '@ant-design/icons';
import { isApiError } from '../../api/client.js';
import { PhoneLink } from '../../app/phone-link.js';
import { useErrorText } from '../../app/use-error-text.js';
import { useReturnFocus } from '../../app/use-return-focus.js';
import { useI18n } from '../../i18n/i18n-context.js';
import type { Translate } from '../../i18n/locales.js';
import { HitRow } from '../search/search-palette.js';
import { MAX_QUERY_LENGTH, normalizeQuery, SEARCH_DEBOUNCE_MS, useDebouncedValue, useProspectSearch } from '../search/search-api.js';
import type { Prospect } from './prospect-types.js';
import { useProspect, useProspectMutations } from './prospects-api.js';
import { useSheetProps } from './sheet.js';

/** The kept record's text fields that a merge fills from the other record when they are empty (as the server does). */
const FILLABLE = ['company', 'title', 'wechatId', 'address'] as const;

/**
 * Two records of one person become one: the user finds the other record, sees both side by side (stacked on
 * phones) with what the merge will do, and confirms against this record's version. `preselect` opens it on one
 * record already (a possible duplicate the page listed); "choose another record" still leads to the search.
 */
export function MergeDrawer({ prospect, open, onClose, preselect = null }: { prospect: Prospect; open: boolean; onClose: () => void; preselect?: number | null }) {
  const { t } = useI18n();
  const { message } = App.useApp();
  const errorText = useErrorText();
  const sheet = useSheetProps(600);
  const returnFocus = useReturnFocus(open);
  const { merge } = useProspectMutations();
  const [text, setText] = useState(prospect.name);
  const [pickedId, setPickedId] = useState<number | null>(open ? preselect : null);
  // Each opening starts on the record it was opened for, if any (set while rendering, so the search never flashes).
  const [wasOpen, setWasOpen] = useState(open);
  if (open !== wasOpen) {
    setWasOpen(open);
    if (open && preselect !== null) setPickedId(preselect);
  }
  // What was confirmed stays on screen while the drawer closes: the record itself is gone from the cache by then.
  const [sent, setSent] = useState<{ keep: Prospect; other: Prospect } | null>(null);
  // The whole record, with what this user may do to it: the search hit lacks the fields and the rights.
  const picked = useProspect(pickedId ?? 0, pickedId !== null && !merge.isSuccess);
  const other = pickedId !== null ? (picked.data?.prospect ?? sent?.other) : undefined;
  const blocked = other ? blockedReason(prospect, other, t) : null;

  const choose = (id: number | null) => {
    merge.reset();
    setSent(null);
    setPickedId(id);
  };

  const confirm = () => {
    if (!other || blocked) return;
    setSent({ keep: prospect, other });
    merge.mutate(
      { id: prospect.id, version: prospect.version, fromId: other.id },
      {
        onSuccess: () => {
          void message.success(t('merge.done', { name: other.name }));
          onClose();
        },
      },
    );
  };

  const stale = merge.isError && isApiError(merge.error, 'STALE_VERSION');
  return (
    <Drawer
      {...sheet}
      open={open}
      onClose={onClose}
      title={<span className="pond-wrap">{t('merge.title', { name: prospect.name })}</span>}
      destroyOnHidden
      focusable={returnFocus.focusable}
      afterOpenChange={(visible) => {
        if (visible) return;
        returnFocus.closed();
        merge.reset();
        setPickedId(null);
        setSent(null);
        setText(prospect.name);
      }}
      footer={
        <Flex gap={8} justify="end" wrap>
          <Button onClick={onClose}>{t('common.cancel')}</Button>
          {pickedId !== null && (
            <Button type="primary" danger disabled={!other || blocked !== null} loading={merge.isPending} onClick={confirm} data-testid="merge-confirm">
              {t('merge.confirm')}
            </Button>
          )}
        </Flex>
      }
      data-testid="merge-drawer"
    >
      {merge.isError && (
        <Alert
          type={stale ? 'warning' : 'error'}
          showIcon
          title={errorText(merge.error)}
          description={stale ? t('merge.stale') : undefined}
          style={{ marginBottom: 12 }}
          data-testid="merge-error"
        />
      )}
      {pickedId === null ? (
        <Finder keepId={prospect.id} text={text} onText={setText} onPick={choose} />
      ) : (
        <>
          <Button type="link" icon={<ArrowLeftOutlined />} onClick={() => choose(null)} style={{ paddingInline: 0, marginBottom: 8 }} data-testid="merge-back">
            {t('merge.pickAnother')}
          </Button>
          {picked.isError ? (
            <Alert type="error" showIcon title={errorText(picked.error)} />
          ) : !other ? (
            <Skeleton active />
          ) : (
            <Comparison keep={merge.isSuccess && sent ? sent.keep : prospect} other={other} blocked={blocked} />
          )}
        </>
      )}
    </Drawer>
  );
}

/** Why the server would refuse, read from what it says this user may do with each record; null when it would not. */
function blockedReason(keep: Prospect, other: Prospect, t: Translate): string | null {
  if (!other.can.edit) return t('merge.notAllowedEdit');
  // Taking in a record with another owner moves it to this record's owner: the right to change owners.
  if (other.owner?.id !== keep.owner?.id && !other.can.changeOwner) return other.owner ? t('merge.notAllowedOwner', { owner: other.owner.name }) : t('merge.notAllowedPool');
  return null;
}

/** The search for the other record: the same search as the header's, without this record. */
function Finder({ keepId, text, onText, onPick }: { keepId: number; text: string; onText: (text: string) => void; onPick: (id: number) => void }) {
  const { t } = useI18n();
  const errorText = useErrorText();
  const q = normalizeQuery(text);
  const debounced = useDebouncedValue(q, SEARCH_DEBOUNCE_MS);
  const search = useProspectSearch(debounced);
  // Only the results for exactly what the box says now, never an older query's.
  const current = q.length > 0 && debounced === q && search.isSuccess ? search.data : undefined;
  const hits = current?.items.filter((hit) => hit.prospect.id !== keepId) ?? [];

  let body: ReactNode;
  if (!q) body = null;
  else if (debounced === q && search.isError) body = <Typography.Text type="danger">{errorText(search.error)}</Typography.Text>;
  else if (!current)
    body = (
      <Flex justify="center" style={{ padding: 16 }}>
        <Spin size="small" />
      </Flex>
    );
  else if (!hits.length)
    body = (
      <Typography.Paragraph type="secondary" data-testid="merge-no-results" data-q={q}>
        {t('merge.noOther', { q })}
      </Typography.Paragraph>
    );
  else
    body = (
      <ul className="pond-merge-hits" aria-label={t('search.results')} data-testid="merge-results" data-q={q}>
        {hits.map((hit) => (
          <li key={hit.prospect.id}>
            <button type="button" className="pond-search-row pond-merge-hit" onClick={() => onPick(hit.prospect.id)} data-testid="merge-hit" data-id={hit.prospect.id}>
              <HitRow hit={hit} />
            </button>
          </li>
        ))}
      </ul>
    );

  return (
    <>
      <Typography.Paragraph type="secondary" style={{ marginBottom: 8 }}>
        {t('merge.searchHint')}
      </Typography.Paragraph>
      <Input
        autoFocus
        allowClear
        size="large"
        prefix={<SearchOutlined style={{ color: '#6b7280' }} />}
        suffix={q && debounced === q && search.isFetching ? <Spin size="small" /> : undefined}
        placeholder={t('search.placeholder')}
        value={text}
        maxLength={MAX_QUERY_LENGTH}
        onChange={(e) => onText(e.target.value)}
        onFocus={(e) => e.target.select()}
        aria-label={t('merge.searchHint')}
        autoComplete="off"
        spellCheck={false}
        style={{ marginBottom: 12 }}
        data-testid="merge-search"
      />
      {body}
    </>
  );
}

function Comparison({ keep, other, blocked }: { keep: Prospect; other: Prospect; blocked: string | null }) {
  const { t } = useI18n();
  const filled = FILLABLE.filter((f) => keep[f] === null && other[f] !== null);
  const total = keep.touchCount + other.touchCount;
  const ownerStays = other.owner !== null && other.owner.id !== keep.owner?.id;
  return (
    <Flex vertical gap={12}>
      <Flex gap={12} wrap>
        <RecordCard prospect={keep} label={t('merge.keep')} color="green" testId="merge-keep" />
        <RecordCard prospect={other} label={t('merge.other', { id: other.id })} color="red" testId="merge-other" />
      </Flex>
      {blocked ? (
        <Alert type="warning" showIcon title={blocked} data-testid="merge-blocked" />
      ) : (
        <Alert
          type="info"
          showIcon
          title={t('merge.whatHappens')}
          description={
            <ul className="pond-merge-effects" data-testid="merge-effects">
              <li>{t('merge.goes', { name: other.name, id: other.id })}</li>
              <li>{t('merge.moves', { total })}</li>
              <li>
                {t('merge.keeps')}
                {filled.length > 0 && (
                  <div data-testid="merge-fills">
                    {t('merge.fills', { fields: filled.map((f) => t('merge.fillValue', { field: t(`prospect.${f}`), value: other[f] ?? '' })).join(t('merge.separator')) })}
                  </div>
                )}
              </li>
              {ownerStays && <li>{t('merge.colleague', { name: other.owner!.name })}</li>}
            </ul>
          }
        />
      )}
    </Flex>
  );
}

/** One record as the merge sees it: who, how to reach them, whose, and how often they were contacted. */
function RecordCard({ prospect: p, label, color, testId }: { prospect: Prospect; label: string; color: string; testId: string }) {
  const { t } = useI18n();
  const list = (values: string[]) => (values.length ? values.map((v) => <div key={v}>{v}</div>) : t('common.none'));
  const rows: [string, ReactNode, string][] = [
    [t('prospect.phones'), p.phones.length ? p.phones.map((v) => <div key={v}><PhoneLink e164={v} /></div>) : t('common.none'), 'phones'],
    [t('prospect.emails'), list(p.emails), 'emails'],
    [t('prospect.owner'), p.owner?.name ?? t('prospect.pool'), 'owner'],
    [t('prospect.touchCount'), p.touchCount, 'touches'],
  ];
  return (
    <section className="pond-merge-card" data-testid={testId} data-id={p.id}>
      <Tag color={color} style={{ marginInlineEnd: 0, marginBottom: 6 }}>
        {label}
      </Tag>
      <Typography.Text strong className="pond-wrap" style={{ display: 'block', fontSize: 15 }} data-testid="merge-card-name">
        {p.name}
      </Typography.Text>
      <Typography.Text type="secondary" className="pond-wrap" style={{ display: 'block', marginBottom: 6 }}>
        {[p.title, p.company].filter(Boolean).join(' · ') || t('common.none')}
      </Typography.Text>
      <dl className="pond-merge-fields">
        {rows.map(([name, value, key]) => (
          <div key={key}>
            <dt>{name}</dt>
            <dd className="pond-wrap" data-testid={`merge-card-${key}`}>
              {value}
            </dd>
          </div>
        ))}
      </dl>
    </section>
  );
}
