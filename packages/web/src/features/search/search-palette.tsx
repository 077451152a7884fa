import { useEffect, useId, useRef, useState, type KeyboardEvent, type ReactNode } from 'react';
import { Button, Flex, Input, Modal, Spin, Tag, Typography, type InputRef } from 'antd';
import { MailOutlined, PhoneOutlined, SearchOutlined, TagOutlined, WechatOutlined } from '@ant-design/icons';
import { useNavigate } from 'react-router';
import { usePhoneText } from '../../app/phone-link.js';
import { useErrorText } from '../../app/use-error-text.js';
import { useIsPhone } from '../../app/use-is-phone.js';
import { useI18n } from '../../i18n/i18n-context.js';
import type { MessageKey } from '../../i18n/locales.js';
import { useUser } from '../auth/session.js';
import { GradeTag } from '../prospects/tags.js';
import { Highlight, shownRanges } from './highlight.js';
import {
  MAX_QUERY_LENGTH,
  normalizeQuery,
  SEARCH_DEBOUNCE_MS,
  useDebouncedValue,
  useProspectSearch,
  type FieldMatch,
  type SearchHit,
} from './search-api.js';
import { useReturnFocus } from '../../app/use-return-focus.js';

/** ⌘K on Apple devices, Ctrl K elsewhere. */
export function shortcutLabel(): string {
  const platform = typeof navigator === 'undefined' ? '' : navigator.platform || navigator.userAgent;
  return /Mac|iPhone|iPad|iPod/i.test(platform) ? '⌘K' : 'Ctrl K';
}

/**
 * The search box in the header (an icon on phones) and the palette it opens, also with Ctrl+K / ⌘K anywhere
 * in the signed-in app.
 */
export function SearchLauncher({ compact = false }: { compact?: boolean }) {
  const { t } = useI18n();
  const [open, setOpen] = useState(false);
  // Every opening starts empty: a new palette, while the old one still plays its closing animation.
  const [session, setSession] = useState(0);

  useEffect(() => {
    const onKey = (e: globalThis.KeyboardEvent) => {
      if (e.isComposing || e.altKey || e.shiftKey || !(e.ctrlKey || e.metaKey)) return;
      if (e.code !== 'KeyK' && e.key.toLowerCase() !== 'k') return;
      // Browsers put the address bar's search on Ctrl+K; inside Pond it is Pond's search.
      e.preventDefault();
      setOpen((wasOpen) => {
        if (!wasOpen) setSession((s) => s + 1);
        return true;
      });
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, []);

  const show = () => {
    setSession((s) => s + 1);
    setOpen(true);
  };

  return (
    <>
      {compact ? (
        <Button type="text" icon={<SearchOutlined />} aria-label={t('search.open')} onClick={show} data-testid="search-open" />
      ) : (
        <button type="button" className="pond-search-trigger" onClick={show} aria-label={t('search.open')} aria-keyshortcuts="Control+K Meta+K" data-testid="search-open">
          <SearchOutlined />
          <span className="pond-search-trigger-text">{t('search.trigger')}</span>
          <kbd>{shortcutLabel()}</kbd>
        </button>
      )}
      <SearchPalette key={session} open={open} onClose={() => setOpen(false)} />
    </>
  );
}

const FIELD_ICONS: Partial<Record<FieldMatch['field'], ReactNode>> = {
  phone: <PhoneOutlined />,
  email: <MailOutlined />,
  wechat: <WechatOutlined />,
  tag: <TagOutlined />,
};

const FIELD_LABELS: Record<FieldMatch['field'], MessageKey> = {
  name: 'prospect.name',
  company: 'prospect.company',
  title: 'prospect.title',
  phone: 'search.field.phone',
  email: 'search.field.email',
  wechat: 'prospect.wechatId',
  tag: 'search.field.tag',
};

function SearchPalette({ open, onClose }: { open: boolean; onClose: () => void }) {
  const { t } = useI18n();
  const isPhone = useIsPhone();
  const navigate = useNavigate();
  const errorText = useErrorText();
  const inputRef = useRef<InputRef>(null);
  const listId = useId();
  const returnFocus = useReturnFocus(open);
  const [text, setText] = useState('');
  const [active, setActive] = useState<{ q: string; index: number }>({ q: '', index: 0 });

  const q = normalizeQuery(text);
  const debounced = useDebouncedValue(q, SEARCH_DEBOUNCE_MS);
  const search = useProspectSearch(debounced);
  // Results are shown only for exactly what the box says now: never an older query's, even for a moment.
  const current = q.length > 0 && debounced === q && search.isSuccess ? search.data : undefined;
  const items = current?.items ?? [];
  const activeIndex = active.q === q ? Math.min(active.index, Math.max(items.length - 1, 0)) : 0;
  const optionId = (i: number) => `${listId}-option-${i}`;

  useEffect(() => {
    if (current?.items.length) document.getElementById(`${listId}-option-${activeIndex}`)?.scrollIntoView({ block: 'nearest' });
  }, [activeIndex, current, listId]);

  const openHit = (hit: SearchHit) => {
    onClose();
    navigate(`/prospects/${hit.prospect.id}`);
  };

  const onKeyDown = (e: KeyboardEvent<HTMLInputElement>) => {
    // Keys pressed while an input method is composing (pinyin, zhuyin) belong to it.
    if (e.nativeEvent.isComposing || e.keyCode === 229) return;
    if (e.key === 'ArrowDown' || e.key === 'ArrowUp') {
      e.preventDefault();
      if (!items.length) return;
      const step = e.key === 'ArrowDown' ? 1 : -1;
      setActive({ q, index: (activeIndex + step + items.length) % items.length });
    } else if (e.key === 'Enter') {
      e.preventDefault();
      const hit = items[activeIndex];
      if (hit) openHit(hit);
    }
  };

  let body: ReactNode;
  if (!q) {
    body = <Typography.Paragraph type="secondary" className="pond-search-note">{t('search.hint')}</Typography.Paragraph>;
  } else if (debounced === q && search.isError) {
    body = (
      <Typography.Paragraph type="danger" className="pond-search-note" data-testid="search-error">
        {errorText(search.error)}
      </Typography.Paragraph>
    );
  } else if (!current) {
    body = (
      <Flex justify="center" className="pond-search-note" data-testid="search-loading">
        <Spin size="small" />
        <span className="pond-sr-only">{t('search.searching')}</span>
      </Flex>
    );
  } else if (!items.length) {
    body = (
      <Typography.Paragraph type="secondary" className="pond-search-note" data-testid="search-empty">
        {t('search.noResults', { q })}
      </Typography.Paragraph>
    );
  } else {
    body = (
      <>
        <div className="pond-search-summary" data-testid="search-total" aria-live="polite">
          <span>
            {t('search.total', { count: current.total })}
            {current.total > items.length ? ` · ${t('search.showing', { count: items.length })}` : ''}
          </span>
          {current.truncated && (
            <Typography.Text type="warning" data-testid="search-truncated">
              {t('search.truncated')}
            </Typography.Text>
          )}
        </div>
        <ul role="listbox" id={listId} aria-label={t('search.results')} className="pond-search-list" data-testid="search-results" data-q={q}>
          {items.map((hit, i) => (
            <li
              key={hit.prospect.id}
              id={optionId(i)}
              role="option"
              aria-selected={i === activeIndex}
              className="pond-search-row"
              data-testid="search-row"
              data-id={hit.prospect.id}
              // Keep the focus in the box, so the keyboard goes on working after a click elsewhere in the list.
              onMouseDown={(e) => e.preventDefault()}
              onMouseMove={() => i !== activeIndex && setActive({ q, index: i })}
              onClick={() => openHit(hit)}
            >
              <HitRow hit={hit} />
            </li>
          ))}
        </ul>
      </>
    );
  }

  return (
    <Modal
      open={open}
      onCancel={onClose}
      focusable={returnFocus.focusable}
      afterClose={returnFocus.closed}
      footer={null}
      closable={false}
      title={null}
      width={isPhone ? '100%' : 640}
      style={isPhone ? { top: 0, margin: 0, maxWidth: '100vw', paddingBottom: 0 } : { top: 72 }}
      rootClassName={isPhone ? 'pond-search-modal pond-search-modal-phone' : 'pond-search-modal'}
      styles={{
        container: isPhone ? { padding: 0, borderRadius: 0, minHeight: '100dvh', display: 'flex', flexDirection: 'column' } : { padding: 0, overflow: 'hidden' },
        body: isPhone ? { padding: 0, flex: 1, display: 'flex', flexDirection: 'column', minHeight: 0 } : { padding: 0 },
      }}
      afterOpenChange={(visible) => visible && inputRef.current?.focus()}
      aria-label={t('search.open')}
      data-testid="search-modal"
    >
      <Flex align="center" gap={4} className="pond-search-bar">
        <Input
          ref={inputRef}
          autoFocus
          size="large"
          variant="borderless"
          prefix={<SearchOutlined style={{ color: '#6b7280' }} />}
          suffix={q && debounced === q && search.isFetching ? <Spin size="small" /> : undefined}
          placeholder={t('search.placeholder')}
          value={text}
          maxLength={MAX_QUERY_LENGTH}
          onChange={(e) => setText(e.target.value)}
          onKeyDown={onKeyDown}
          role="combobox"
          aria-expanded={items.length > 0}
          aria-controls={listId}
          aria-autocomplete="list"
          aria-activedescendant={items.length ? optionId(activeIndex) : undefined}
          aria-label={t('search.open')}
          enterKeyHint="go"
          autoComplete="off"
          spellCheck={false}
          data-testid="search-input"
        />
        {isPhone && (
          <Button color="primary" variant="link" onClick={onClose} data-testid="search-close">
            {t('common.cancel')}
          </Button>
        )}
      </Flex>
      <div className="pond-search-body">{body}</div>
      {!isPhone && (
        <div className="pond-search-keys" aria-hidden="true">
          {t('search.keys')}
        </div>
      )}
    </Modal>
  );
}

/** One prospect: the name (marked where it matched), grade, company and title, then the contact or tag that matched. */
export function HitRow({ hit }: { hit: SearchHit }) {
  const { t } = useI18n();
  const user = useUser();
  const phoneText = usePhoneText();
  const { prospect: p, matches } = hit;
  const rangesOf = (field: FieldMatch['field']) => matches.filter((m) => m.field === field).flatMap((m) => m.ranges);
  const byReading = matches.some((m) => m.kind === 'pinyin' || m.kind === 'initials');
  const others = p.owner && p.owner.id !== user.id ? p.owner.name : !p.owner ? t('prospect.pool') : null;

  // Contacts, WeChat and tags are not on the row otherwise: show each one that matched, once.
  const seen = new Set<string>();
  const details = matches
    .filter((m) => m.field !== 'name' && m.field !== 'company' && m.field !== 'title')
    .filter((m) => {
      const key = `${m.field}:${m.index}`;
      if (seen.has(key)) return false;
      seen.add(key);
      return true;
    })
    .slice(0, 2);

  const detailRanges = (m: FieldMatch) => matches.filter((o) => o.field === m.field && o.index === m.index).flatMap((o) => o.ranges);
  // A phone is shown as the user reads it (not as stored), its marks moved onto that form.
  const detailOf = (m: FieldMatch): ReactNode => {
    const phone = m.field === 'phone' ? p.phones[m.index] : undefined;
    if (phone !== undefined) {
      const text = phoneText(phone);
      return (
        <span className="pond-phone">
          <Highlight text={text} ranges={shownRanges(phone, text, detailRanges(m))} />
        </span>
      );
    }
    const value = m.field === 'email' ? p.emails[m.index] : m.field === 'tag' ? p.tags[m.index] : undefined;
    return value !== undefined ? <Highlight text={value} ranges={detailRanges(m)} /> : null;
  };

  const companyLine = [p.company && { field: 'company' as const, text: p.company }, p.title && { field: 'title' as const, text: p.title }].filter(
    (x): x is { field: 'company' | 'title'; text: string } => Boolean(x),
  );

  return (
    <Flex vertical gap={2} style={{ minWidth: 0 }}>
      <Flex align="center" gap={6} wrap style={{ minWidth: 0 }}>
        <Typography.Text strong className="pond-wrap" data-testid="search-row-name" style={{ fontSize: 15 }}>
          <Highlight text={p.name} ranges={rangesOf('name')} />
        </Typography.Text>
        {byReading && (
          <Tag bordered={false} color="cyan" title={t('search.pinyinTitle')} className="pond-search-pinyin" data-testid="search-pinyin">
            {t('search.pinyin')}
          </Tag>
        )}
        <GradeTag grade={p.grade} />
        {others && (
          <Typography.Text type="secondary" className="pond-search-owner" ellipsis>
            {others}
          </Typography.Text>
        )}
      </Flex>
      {companyLine.length > 0 && (
        <Typography.Text type="secondary" className="pond-wrap" style={{ fontSize: 13 }} data-testid="search-row-company">
          {companyLine.map((c, i) => (
            <span key={c.field}>
              {i > 0 && ' · '}
              <Highlight text={c.text} ranges={rangesOf(c.field)} />
            </span>
          ))}
        </Typography.Text>
      )}
      {details.map((m) => {
        const value = detailOf(m);
        return (
          <Typography.Text key={`${m.field}:${m.index}`} className="pond-wrap pond-search-detail" data-testid="search-row-match" data-field={m.field}>
            <span className="pond-search-detail-label" title={t(FIELD_LABELS[m.field])}>
              {FIELD_ICONS[m.field]} <span className="pond-sr-only">{t(FIELD_LABELS[m.field])}</span>
            </span>
            {value ?? <span>{t('search.matchedField', { field: t(FIELD_LABELS[m.field]) })}</span>}
          </Typography.Text>
        );
      })}
    </Flex>
  );
}
