import { Alert, Empty, Flex, Tag, Timeline, Typography } from 'antd';
import { EditOutlined } from '@ant-design/icons';
import { useErrorText } from '../../app/use-error-text.js';
import { useI18n } from '../../i18n/i18n-context.js';
import type { MessageKey, Translate } from '../../i18n/locales.js';
import { formatDateTime } from '../account/time-zones.js';
import { useUser } from '../auth/session.js';
import { SOURCES, type Person, type Source, type TimelineEntry, type Touch } from './prospect-types.js';
import { useTeamUsers, useTimeline } from './prospects-api.js';
import { OutcomeTag } from './tags.js';
import { formatShortDay } from './dates.js';

const OUTCOME_DOT: Record<Touch['outcome'], string> = { complete: 'green', pass: 'gold', success: 'cyan', failure: 'red' };
const LABELLED = new Set(['grade', 'importance', 'expectedClose', 'source', 'newsletterConsent', 'stage']);

/** A changed value in words: enum labels, lists, and the disposition's date or reason. */
function valueText(field: string, value: unknown, t: Translate): string {
  if (value === null || value === undefined || value === '') return t('common.none');
  if (Array.isArray(value)) return value.length ? value.join(', ') : t('common.none');
  if (typeof value === 'boolean') return value ? t('common.yes') : t('common.no');
  if (LABELLED.has(field) && typeof value === 'string') return t(`${field}.${value}` as MessageKey);
  if (field === 'intervalDays' && typeof value === 'number') return t('prospect.everyDays', { days: value });
  if (typeof value === 'object') {
    const v = value as Record<string, unknown>;
    if (field === 'disposition' && typeof v.disposition === 'string') {
      const label = t(`disposition.${v.disposition}` as MessageKey);
      if (v.resumeOn) return `${label} (${t('disposition.until', { date: String(v.resumeOn) })})`;
      if (v.reason) return `${label}: “${String(v.reason)}”`;
      return label;
    }
    if (Array.isArray(v.added) || Array.isArray(v.removed)) return [...((v.added as string[]) ?? []).map((x) => `+${x}`), ...((v.removed as string[]) ?? []).map((x) => `−${x}`)].join(' ');
    return JSON.stringify(value);
  }
  return String(value);
}

function fieldLabel(field: string, t: Translate): string {
  const key = `prospect.${field}` as MessageKey;
  const text = t(key);
  return text === undefined || text === key ? field : text;
}

function TouchItem({ touch }: { touch: Touch }) {
  const { t } = useI18n();
  return (
    <Flex vertical gap={4} style={{ minWidth: 0 }} data-testid="timeline-touch">
      <Flex gap={6} wrap align="center">
        <Typography.Text strong>{t(`channel.${touch.channel}`)}</Typography.Text>
        <Tag style={{ marginInlineEnd: 0 }}>{t(`touchKind.${touch.kind}`)}</Tag>
        <OutcomeTag outcome={touch.outcome} />
        {touch.receptivity && <Tag style={{ marginInlineEnd: 0 }}>{t(`receptivity.${touch.receptivity}`)}</Tag>}
      </Flex>
      <Typography.Text type="secondary" style={{ fontSize: 12 }}>
        {touch.user.name}
        {touch.onBehalfOfCompany && ` · ${t('timeline.onBehalf')}`}
        {touch.direction === 'inbound' && ` · ${t('direction.inbound')}`}
      </Typography.Text>
      {touch.summary && <Typography.Paragraph className="pond-wrap" style={{ margin: 0 }}>{touch.summary}</Typography.Paragraph>}
      {touch.feedback && (
        <blockquote className="pond-quote" data-testid="timeline-feedback">
          {t('timeline.quote', { text: touch.feedback })}
        </blockquote>
      )}
      {touch.lessons && (
        <Typography.Text className="pond-wrap" type="secondary">
          {t('timeline.lessons')}: {touch.lessons}
        </Typography.Text>
      )}
      {touch.nextContactOn && (
        <Typography.Text type="secondary" style={{ fontSize: 12 }}>
          {t('timeline.nextOn', { date: touch.nextContactOn })}
        </Typography.Text>
      )}
    </Flex>
  );
}

type Change = NonNullable<TimelineEntry['change']>;
/** Names of the users this page knows (authors, the record's owner, collector and colleagues, the team list), by id. */
type Names = ReadonlyMap<number, string>;

/** A try that did not reach the person: "Call — no answer; try again on Dec 3", the note under it. */
function AttemptItem({ change }: { change: Change }) {
  const { t, locale } = useI18n();
  const after = (change.after ?? {}) as { channel?: unknown; result?: unknown; note?: unknown; retryOn?: unknown };
  const channel = typeof after.channel === 'string' ? t(`channel.${after.channel}` as MessageKey) : '';
  const result = typeof after.result === 'string' ? t(`attempt.${after.result}` as MessageKey) : '';
  const text =
    typeof after.retryOn === 'string' && after.retryOn
      ? t('timeline.attemptRetry', { channel, result, date: formatShortDay(after.retryOn, locale) })
      : t('timeline.attempt', { channel, result });
  return (
    <Flex vertical gap={2} style={{ minWidth: 0 }} data-testid="timeline-attempt">
      <Typography.Text className="pond-wrap">
        {text}
        {change.user && <Typography.Text type="secondary">{` · ${change.user.name}`}</Typography.Text>}
      </Typography.Text>
      {typeof after.note === 'string' && after.note && (
        <Typography.Text type="secondary" className="pond-wrap" style={{ whiteSpace: 'pre-line' }}>
          {after.note}
        </Typography.Text>
      )}
    </Flex>
  );
}

function ChangeItem({ change, names }: { change: Change; names: Names }) {
  const { t } = useI18n();
  if (change.field === 'attempt') return <AttemptItem change={change} />;
  const merged = change.field === 'merged' ? mergedText(change, names, t) : null;
  const enriched = change.field === 'enriched' ? enrichedText(change, t) : null;
  const invitation = change.field === 'invitation' ? invitationText(change, t) : null;
  const newsletter = newsletterText(change, t);
  const text =
    merged?.text ??
    enriched ??
    invitation ??
    newsletter ??
    (change.field === 'created'
      ? t('timeline.created')
      : change.field === 'colleagues'
        ? t(change.after ? 'timeline.colleagueLinked' : 'timeline.colleagueUnlinked')
        : change.field === 'owner'
          ? t('timeline.changed', { field: fieldLabel(change.field, t), before: ownerText(change.before, names, t), after: ownerText(change.after, names, t) })
          : t('timeline.changed', { field: fieldLabel(change.field, t), before: valueText(change.field, change.before, t), after: valueText(change.field, change.after, t) }));
  return (
    <Typography.Text type="secondary" className="pond-wrap" data-testid="timeline-change" data-field={change.field}>
      {text}
      {change.user && ` · ${change.user.name}`}
      {merged?.filled && <span style={{ display: 'block' }}>{merged.filled}</span>}
    </Typography.Text>
  );
}

/** A newsletter in the history: a copy sent (credited to its signer), a reply or a bounce that came back, an unsubscribe. */
function newsletterText(change: Change, t: Translate): string | null {
  const after = (change.after ?? {}) as { subject?: unknown; kind?: unknown; from?: unknown; text?: unknown };
  const subject = String(after.subject ?? '');
  if (change.field === 'newsletter') return t('newsletters.history.sent', { subject });
  if (change.field === 'newsletterReply') return t('newsletters.history.reply', { from: String(after.from ?? ''), text: String(after.text ?? '').slice(0, 200) });
  if (change.field === 'newsletterReturn') return t(after.kind === 'complaint' ? 'newsletters.history.complaint' : 'newsletters.history.bounce');
  if (change.field === 'newsletterConsent' && change.after === 'unsubscribed') return t('newsletters.history.unsubscribed');
  return null;
}

/** An event invitation in the history: invited, came as a walk-in, or an answer moved (by hand or by the guest). */
function invitationText(change: Change, t: Translate): string {
  const after = (change.after ?? {}) as { title?: unknown; state?: unknown; walkIn?: unknown; byGuest?: unknown };
  const title = String(after.title ?? '');
  const state = (value: unknown) => (typeof value === 'string' ? t(`events.state.${value}` as MessageKey) : t('common.none'));
  if (after.walkIn) return t('events.history.walkIn', { title });
  if (change.before === null || change.before === undefined) return t('events.history.invited', { title });
  const moved = t('events.history.moved', { title, before: state(change.before), after: state(after.state) });
  return after.byGuest ? `${moved} ${t('events.history.byGuest')}` : moved;
}

/** An owner in the history: a user (named when known here), the pool, or the pool's recall after days untouched. */
function ownerText(value: unknown, names: Names, t: Translate): string {
  if (value === null || value === undefined) return t('timeline.ownerPool');
  if (typeof value === 'number') return names.get(value) ?? t('timeline.ownerSomeone');
  const v = value as { pool?: unknown; idleDays?: unknown };
  if (v.pool === 'recalled') return typeof v.idleDays === 'number' ? t('timeline.ownerRecalled', { days: v.idleDays }) : t('timeline.ownerPool');
  return t('common.none');
}

/** What an import added to the prospect from a card that matched it: its contacts and the fields it filled. */
function enrichedText(change: Change, t: Translate): string {
  const after = (change.after ?? {}) as { format?: unknown; line?: unknown; phones?: unknown; emails?: unknown; wechatId?: unknown; title?: unknown; company?: unknown; notes?: unknown };
  const list = (v: unknown) => (Array.isArray(v) ? v.filter((x): x is string => typeof x === 'string') : []);
  const text = (v: unknown) => (typeof v === 'string' && v ? v : null);
  const parts = [
    ...list(after.phones).map((p) => `${t('prospect.phones')} ${p}`),
    ...list(after.emails).map((e) => `${t('prospect.emails')} ${e}`),
    ...(text(after.wechatId) ? [`${t('prospect.wechatId')} ${text(after.wechatId)}`] : []),
    ...(text(after.title) ? [`${t('prospect.title')} ${text(after.title)}`] : []),
    ...(text(after.company) ? [`${t('prospect.company')} ${text(after.company)}`] : []),
    ...(text(after.notes) ? [t('prospect.notes')] : []),
  ];
  const format = after.format === 'vcard' ? 'vCard' : 'CSV';
  return t('timeline.enriched', { format, line: typeof after.line === 'number' ? after.line : '?', what: parts.join(t('timeline.separator')) });
}

/** Fields a merge filled on the kept record, as the server names them in the `merged` history row. */
const FILLED_FIELDS: Record<string, MessageKey> = { company: 'prospect.company', title: 'prospect.title', wechat_id: 'prospect.wechatId', address: 'prospect.address' };

/**
 * Another record of the same person was merged into this one: its name and number, how it came in and whose
 * it was (users are named only when this timeline knows them), and which empty fields it filled.
 */
function mergedText(change: Change, names: Names, t: Translate): { text: string; filled: string | null } {
  const before = (change.before ?? {}) as { id?: unknown; name?: unknown; owner?: unknown; collectedBy?: unknown; source?: unknown };
  const after = (change.after ?? {}) as Record<string, unknown>;
  const details: string[] = [];
  if (typeof before.id === 'number') details.push(t('timeline.mergedRecord', { id: before.id }));
  if (typeof before.source === 'string' && (SOURCES as readonly string[]).includes(before.source)) details.push(t(`source.${before.source as Source}`));
  const collector = typeof before.collectedBy === 'number' ? names.get(before.collectedBy) : undefined;
  if (collector) details.push(t('detail.collectedBy', { name: collector }));
  if (before.owner === null) details.push(t('timeline.mergedPool'));
  const owner = typeof before.owner === 'number' ? names.get(before.owner) : undefined;
  if (owner) details.push(t('timeline.mergedOwner', { name: owner }));
  const name = typeof before.name === 'string' ? before.name : '';
  const text = details.length ? t('timeline.merged', { name, details: details.join(t('timeline.separator')) }) : t('timeline.mergedBare', { name });
  const filled = Object.entries(FILLED_FIELDS)
    .filter(([field]) => typeof after[field] === 'string' && after[field] !== '')
    .map(([field, label]) => t('merge.fillValue', { field: t(label), value: String(after[field]) }));
  return { text, filled: filled.length ? t('timeline.mergedFilled', { fields: filled.join(t('merge.separator')) }) : null };
}

/** Touches and field changes, newest first, in one stream. */
export function ProspectTimeline({ id, people = [] }: { id: number; people?: (Person | null)[] }) {
  const { t, locale } = useI18n();
  const user = useUser();
  const errorText = useErrorText();
  const timeline = useTimeline(id);
  const team = useTeamUsers();
  if (timeline.isError) return <Alert type="error" showIcon title={errorText(timeline.error)} />;
  const items = timeline.data?.items ?? [];
  // A merged record's owner and collector are user ids: named when someone here, or the team list, knows them.
  const names = new Map<number, string>([[user.id, user.displayName], ...team.users.map((u) => [u.id, u.displayName] as const)]);
  for (const p of [...people, ...items.map((e) => e.touch?.user ?? e.change?.user)]) if (p) names.set(p.id, p.name);
  if (!timeline.isPending && items.length === 0) return <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('timeline.empty')} />;
  return (
    <Timeline
      data-testid="timeline"
      items={items.map((e) => ({
        key: `${e.type}-${e.touch?.id ?? e.change?.id}`,
        color: e.touch ? OUTCOME_DOT[e.touch.outcome] : 'gray',
        icon: e.change ? <EditOutlined style={{ fontSize: 12 }} /> : undefined,
        content: (
          <Flex vertical gap={2} style={{ minWidth: 0 }}>
            <Typography.Text type="secondary" style={{ fontSize: 12 }}>
              {formatDateTime(e.at, locale, user.timeZone, 'medium')}
            </Typography.Text>
            {e.touch ? <TouchItem touch={e.touch} /> : e.change ? <ChangeItem change={e.change} names={names} /> : null}
          </Flex>
        ),
      }))}
    />
  );
}

/** Touches already at hand (e.g. the pool's view of a prospect, which has no field history to show), newest first. */
export function TouchTimeline({ touches }: { touches: Touch[] }) {
  const { t, locale } = useI18n();
  const user = useUser();
  if (touches.length === 0) return <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('timeline.empty')} />;
  return (
    <Timeline
      data-testid="timeline"
      items={touches.map((touch) => ({
        key: touch.id,
        color: OUTCOME_DOT[touch.outcome],
        content: (
          <Flex vertical gap={2} style={{ minWidth: 0 }}>
            <Typography.Text type="secondary" style={{ fontSize: 12 }}>
              {formatDateTime(touch.at, locale, user.timeZone, 'medium')}
            </Typography.Text>
            <TouchItem touch={touch} />
          </Flex>
        ),
      }))}
    />
  );
}
