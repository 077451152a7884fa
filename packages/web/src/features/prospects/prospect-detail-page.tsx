import { useEffect, useState } from 'react';
import { Alert, App, Button, Card, Descriptions, Dropdown, Flex, Skeleton, Tag, Typography } from 'antd';
import { ArrowLeftOutlined, EditOutlined, MoreOutlined, PhoneOutlined } from '@ant-design/icons';
import { Link, useNavigate, useParams, useSearchParams } from 'react-router';
import { download, isApiError } from '../../api/client.js';
import { PageHeader } from '../../app/page-header.js';
import { PhoneLink } from '../../app/phone-link.js';
import { useErrorText } from '../../app/use-error-text.js';
import { NotFoundPage } from '../../app/not-found-page.js';
import { useI18n } from '../../i18n/i18n-context.js';
import { useUser } from '../auth/session.js';
import { ProspectEvents } from '../events/prospect-events.js';
import { ProspectOrders } from '../orders/prospect-orders.js';
import { ReleaseDialog } from '../pool/release-dialog.js';
import { Colleagues } from './colleagues.js';
import { daysBetween, formatDay, todayIn } from './dates.js';
import { DispositionDialog } from './disposition-dialog.js';
import { saveDownload } from '../../app/download-button.js';
import { MergeDrawer } from './merge-drawer.js';
import { PossibleDuplicatesNotice } from './possible-duplicates.js';
import { ProspectForm } from './prospect-form.js';
import type { Prospect } from './prospect-types.js';
import { useProspect, useProspectMutations } from './prospects-api.js';
import { DispositionTag, GradeTag, ImportanceTag, StageTag } from './tags.js';
import { ProspectTimeline } from './timeline.js';
import { TouchDrawer, type TouchTarget } from './touch-drawer.js';

export function ProspectDetailPage() {
  const id = Number(useParams().id);
  const query = useProspect(id);
  const errorText = useErrorText();
  if (!Number.isInteger(id) || (query.isError && isApiError(query.error) && query.error.status === 404)) return <NotFoundPage />;
  if (query.isError) return <Alert type="error" showIcon title={errorText(query.error)} />;
  if (query.isPending) return <Skeleton active />;
  return <Detail prospect={query.data.prospect} />;
}

function Detail({ prospect: p }: { prospect: Prospect }) {
  const { t, locale } = useI18n();
  const { message, modal } = App.useApp();
  const errorText = useErrorText();
  const navigate = useNavigate();
  const user = useUser();
  const { archive, erase } = useProspectMutations();
  const [touch, setTouch] = useState<TouchTarget | null>(null);
  const [editing, setEditing] = useState(false);
  const [disposing, setDisposing] = useState(false);
  const [merging, setMerging] = useState(false);
  const [releasing, setReleasing] = useState(false);
  // The record a possible-duplicate notice opened the merge on; null when opened from the menu (to search).
  const [mergePick, setMergePick] = useState<number | null>(null);
  const today = todayIn(user.timeZone);
  const dueIn = p.nextDueOn ? daysBetween(today, p.nextDueOn) : null;
  const onError = (err: unknown) => void message.error(errorText(err));
  const logTarget: TouchTarget = { id: p.id, name: p.name, company: p.company, today, intervalDays: p.effectiveIntervalDays };

  // The morning mail's and the calendar's "Log a touch" links open the drawer once: the parameter is dropped
  // (replacing the history entry), so a reload or Back does not open it again.
  const [params, setParams] = useSearchParams();
  const touchParam = params.get('touch') === '1';
  useEffect(() => {
    if (!touchParam) return;
    if (p.can.logTouch) setTouch(logTarget);
    setParams(
      (prev) => {
        const next = new URLSearchParams(prev);
        next.delete('touch');
        return next;
      },
      { replace: true },
    );
    // Only the link's arrival matters; the record's later refetches must not reopen the drawer.
  }, [touchParam]);

  const more = [
    p.can.edit && { key: 'merge', label: t('detail.merge') },
    p.can.changeDisposition && { key: 'disposition', label: t('detail.changeDisposition') },
    p.can.release && { key: 'release', label: t('release.action') },
    p.can.archive && { key: 'archive', label: t('detail.archive') },
    { key: 'privacyExport', label: t('detail.privacyExport') },
    p.can.erase && { key: 'erase', label: t('detail.erase'), danger: true },
  ].filter((x): x is { key: string; label: string; danger?: boolean } => Boolean(x));

  const onMore = (key: string) => {
    if (key === 'merge') {
      setMergePick(null);
      setMerging(true);
    }
    if (key === 'disposition') setDisposing(true);
    if (key === 'privacyExport')
      void download(`/api/v1/prospects/${p.id}/privacy-export`).then(({ blob, filename }) => saveDownload(blob, filename ?? `pond-prospect-${p.id}.json`), onError);
    if (key === 'release') setReleasing(true);
    if (key === 'archive') modal.confirm({ title: t('detail.archiveConfirm', { name: p.name }), okText: t('detail.archive'), cancelText: t('common.cancel'), onOk: () => archive.mutateAsync(p.id).catch(onError) });
    if (key === 'erase')
      modal.confirm({
        title: t('detail.eraseConfirm', { name: p.name }),
        okText: t('detail.erase'),
        okButtonProps: { danger: true },
        cancelText: t('common.cancel'),
        onOk: () => erase.mutateAsync(p.id).then(() => navigate('/prospects'), onError),
      });
  };

  return (
    <>
      <Link to="/prospects" style={{ display: 'inline-block', marginBottom: 8 }}>
        <ArrowLeftOutlined /> {t('nav.prospects')}
      </Link>
      <PageHeader
        title={<span className="pond-wrap" data-testid="detail-name">{p.name}</span>}
        extra={
          <Flex gap={8} wrap>
            {p.can.logTouch && (
              <Button type="primary" icon={<PhoneOutlined />} onClick={() => setTouch(logTarget)} data-testid="detail-log">
                {t('today.logTouch')}
              </Button>
            )}
            {p.can.edit && (
              <Button icon={<EditOutlined />} onClick={() => setEditing(true)} data-testid="detail-edit">
                {t('common.edit')}
              </Button>
            )}
            {more.length > 0 && (
              <Dropdown trigger={['click']} menu={{ items: more, onClick: ({ key }) => onMore(key) }}>
                <Button icon={<MoreOutlined />} aria-label={t('common.actions')} data-testid="detail-more" />
              </Dropdown>
            )}
          </Flex>
        }
      />
      {p.archivedAt && <Alert type="info" showIcon title={t('detail.archived')} style={{ marginBottom: 12 }} />}
      {p.disposition === 'dropped' && p.droppedReason && <Alert type="warning" showIcon title={t('detail.droppedReason', { reason: p.droppedReason })} style={{ marginBottom: 12 }} />}
      <PossibleDuplicatesNotice
        prospectId={p.id}
        onMerge={(id) => {
          setMergePick(id);
          setMerging(true);
        }}
      />
      <Card size="small" style={{ marginBottom: 12 }}>
        {(p.company || p.title) && (
          <Typography.Paragraph type="secondary" className="pond-wrap" style={{ marginBottom: 8 }}>
            {[p.title, p.company].filter(Boolean).join(' · ')}
          </Typography.Paragraph>
        )}
        <Flex gap={6} wrap style={{ marginBottom: 12 }}>
          <GradeTag grade={p.grade} />
          <ImportanceTag importance={p.importance} />
          <StageTag stage={p.stage} />
          <DispositionTag disposition={p.disposition} />
          <Tag style={{ marginInlineEnd: 0 }}>{t(`expectedClose.${p.expectedClose}`)}</Tag>
        </Flex>
        <Typography.Paragraph strong style={{ marginBottom: 4 }} data-testid="next-due" data-date={p.nextDueOn ?? ''}>
          {p.nextDueOn
            ? t('detail.nextDue', { date: formatDay(p.nextDueOn, locale), when: dueIn === 0 ? t('detail.dueToday') : dueIn! < 0 ? t('detail.overdueBy', { days: -dueIn! }) : t('detail.inDays', { days: dueIn! }) })
            : t('detail.noNextDue')}
        </Typography.Paragraph>
        <Typography.Paragraph type="secondary" style={{ marginBottom: 12 }} data-testid="interval">
          {t(p.intervalDays === null ? 'detail.intervalPolicy' : 'detail.intervalCustom', { days: p.effectiveIntervalDays })}
          {p.disposition === 'pause' && p.resumeOn && ` · ${t('disposition.until', { date: formatDay(p.resumeOn, locale) })}`}
        </Typography.Paragraph>
        <Descriptions size="small" column={{ xs: 1, sm: 1, md: 2 }} styles={{ label: { whiteSpace: 'nowrap' } }}>
          <Descriptions.Item label={t('prospect.phones')}>
            <Flex gap={16} wrap>{p.phones.length ? p.phones.map((ph) => <PhoneLink key={ph} e164={ph} />) : t('common.none')}</Flex>
          </Descriptions.Item>
          <Descriptions.Item label={t('prospect.emails')}>
            <Flex gap={8} wrap className="pond-wrap">{p.emails.length ? p.emails.map((em) => <a key={em} href={`mailto:${em}`}>{em}</a>) : t('common.none')}</Flex>
          </Descriptions.Item>
          {p.wechatId && (
            <Descriptions.Item label={t('prospect.wechatId')}>
              <Typography.Text copyable className="pond-wrap" data-testid="detail-wechat">
                {p.wechatId}
              </Typography.Text>
            </Descriptions.Item>
          )}
          {p.address && <Descriptions.Item label={t('prospect.address')}><span className="pond-wrap">{p.address}</span></Descriptions.Item>}
          <Descriptions.Item label={t('prospect.owner')}>{p.owner?.name ?? t('prospect.pool')}</Descriptions.Item>
          <Descriptions.Item label={t('prospect.source')}>
            {t(`source.${p.source}`)}
            {p.collectedBy && ` · ${t('detail.collectedBy', { name: p.collectedBy.name })}`}
          </Descriptions.Item>
          <Descriptions.Item label={t('prospect.colleagues')}>
            <Colleagues prospect={p} />
          </Descriptions.Item>
          <Descriptions.Item label={t('prospect.tags')}>
            <Flex gap={4} wrap>{p.tags.length ? p.tags.map((tag) => <Tag key={tag} style={{ marginInlineEnd: 0 }}>{tag}</Tag>) : t('common.none')}</Flex>
          </Descriptions.Item>
          <Descriptions.Item label={t('prospect.newsletterConsent')}>
            {t(`newsletterConsent.${p.newsletterConsent}`)}
            {p.doNotCall && <Tag color="red" style={{ marginInlineStart: 8 }}>{t('prospect.doNotCall')}</Tag>}
          </Descriptions.Item>
        </Descriptions>
      </Card>
      <Card size="small" title={t('prospect.notes')} style={{ marginBottom: 12 }}>
        {p.notes ? (
          <Typography.Paragraph className="pond-wrap" style={{ whiteSpace: 'pre-line', marginBottom: 0 }} data-testid="detail-notes">
            {p.notes}
          </Typography.Paragraph>
        ) : (
          <Typography.Text type="secondary" data-testid="detail-notes-empty">
            {t('detail.noNotes')}
          </Typography.Text>
        )}
      </Card>
      <ProspectOrders prospect={p} />
      <ProspectEvents prospect={p} />
      <Card size="small" title={t('detail.timeline')}>
        <ProspectTimeline id={p.id} people={[p.owner, p.collectedBy, ...p.colleagues]} />
      </Card>
      <TouchDrawer target={touch} onClose={() => setTouch(null)} />
      <ProspectForm open={editing} prospect={p} onClose={() => setEditing(false)} />
      <DispositionDialog prospect={disposing ? p : null} onClose={() => setDisposing(false)} />
      <ReleaseDialog
        prospect={releasing ? p : null}
        onClose={(released) => {
          setReleasing(false);
          // Once in the pool it is no longer in this book; the pool is where it can be seen now.
          if (released) navigate('/pool');
        }}
      />
      {p.can.edit && <MergeDrawer prospect={p} open={merging} preselect={mergePick} onClose={() => setMerging(false)} />}
    </>
  );
}
