import { useState, type ReactNode } from 'react';
import { Alert, App, Button, Card, Descriptions, Flex, Select, Skeleton, Tag, Typography } from 'antd';
import { ArrowLeftOutlined } from '@ant-design/icons';
import { Link, useNavigate, useParams } from 'react-router';
import { isApiError } from '../../api/client.js';
import { NotFoundPage } from '../../app/not-found-page.js';
import { PageHeader } from '../../app/page-header.js';
import { PhoneLink } from '../../app/phone-link.js';
import { useErrorText } from '../../app/use-error-text.js';
import { useI18n } from '../../i18n/i18n-context.js';
import { formatDateTime } from '../account/time-zones.js';
import { useUser } from '../auth/session.js';
import { todayIn } from '../prospects/dates.js';
import { useTeamUsers } from '../prospects/prospects-api.js';
import { GradeTag, ImportanceTag, StageTag } from '../prospects/tags.js';
import { TouchTimeline } from '../prospects/timeline.js';
import { usePoolDetail, usePoolMutations, type PoolDetail } from './pool-api.js';
import { AllowanceLine, ClaimButton, HiddenValue, daysInPool, daysText, reasonText, useClaim, type HideableField } from './pool-bits.js';
import { can } from '@pond/domain/accounts/roles';

export function PoolDetailPage() {
  const id = Number(useParams().id);
  const query = usePoolDetail(id, Number.isInteger(id));
  const errorText = useErrorText();
  if (!Number.isInteger(id) || (query.isError && isApiError(query.error) && query.error.status === 404)) return <NotFoundPage />;
  if (query.isError) return <Alert type="error" showIcon title={errorText(query.error)} />;
  if (query.isPending) return <Skeleton active />;
  return <Detail detail={query.data} />;
}

/** The pool's view of one prospect: what is known (less the hidden fields), why it is here, and its whole history. */
function Detail({ detail }: { detail: PoolDetail }) {
  const { t, locale } = useI18n();
  const user = useUser();
  const navigate = useNavigate();
  const claim = useClaim();
  const { prospect: p, pool } = detail;
  const days = daysInPool(pool, todayIn(user.timeZone), user.timeZone);
  // Someone faster took it: the message says so, and the pool list is where to go on.
  const onClaim = (pid: number) => claim.run([pid], { taken: () => navigate('/pool') });
  const field = (name: HideableField, value: ReactNode, empty: boolean) => (pool.hidden.includes(name) && empty ? <HiddenValue /> : empty ? t('common.none') : value);

  return (
    <div data-testid="pool-detail">
      <Link to="/pool" style={{ display: 'inline-block', marginBottom: 8 }}>
        <ArrowLeftOutlined /> {t('nav.pool')}
      </Link>
      <PageHeader
        title={<span className="pond-wrap" data-testid="pool-detail-name">{p.name}</span>}
        extra={
          <Flex gap={8} wrap>
            <ClaimButton id={p.id} name={p.name} info={pool} onClaim={onClaim} pending={claim.pending} />
            {pool.assign && <AssignPicker id={p.id} onDone={() => navigate(`/prospects/${p.id}`)} />}
          </Flex>
        }
      />
      {(pool.claim || pool.claimRefusal) && (
        <div style={{ marginBottom: 12 }}>
          <AllowanceLine allowance={detail.allowance} />
        </div>
      )}
      <Card size="small" style={{ marginBottom: 12 }} title={t('pool.whyHere')}>
        <Descriptions size="small" column={{ xs: 1, sm: 1, md: 2 }} styles={{ label: { whiteSpace: 'nowrap' } }}>
          <Descriptions.Item label={t('pool.reason')}>
            <span className="pond-wrap" data-testid="pool-reason">{reasonText(pool, t)}</span>
          </Descriptions.Item>
          <Descriptions.Item label={t('pool.formerOwner')}>{pool.formerOwner?.name ?? t('common.none')}</Descriptions.Item>
          <Descriptions.Item label={t('pool.inPool')}>
            {pool.since ? `${daysText(days, t)} · ${t('pool.since', { date: formatDateTime(pool.since, locale, user.timeZone, 'medium') })}` : t('common.none')}
          </Descriptions.Item>
        </Descriptions>
      </Card>
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
        </Flex>
        <Descriptions size="small" column={{ xs: 1, sm: 1, md: 2 }} styles={{ label: { whiteSpace: 'nowrap' } }}>
          <Descriptions.Item label={t('prospect.phones')}>
            {field('phones', <Flex gap={16} wrap>{p.phones.map((ph) => <PhoneLink key={ph} e164={ph} />)}</Flex>, p.phones.length === 0)}
          </Descriptions.Item>
          <Descriptions.Item label={t('prospect.emails')}>
            {field('emails', <Flex gap={8} wrap className="pond-wrap">{p.emails.map((em) => <a key={em} href={`mailto:${em}`}>{em}</a>)}</Flex>, p.emails.length === 0)}
          </Descriptions.Item>
          <Descriptions.Item label={t('prospect.wechatId')}>{field('wechatId', <Typography.Text copyable className="pond-wrap">{p.wechatId}</Typography.Text>, !p.wechatId)}</Descriptions.Item>
          <Descriptions.Item label={t('prospect.address')}>{field('address', <span className="pond-wrap">{p.address}</span>, !p.address)}</Descriptions.Item>
          <Descriptions.Item label={t('prospect.source')}>{t(`source.${p.source}`)}</Descriptions.Item>
          <Descriptions.Item label={t('prospect.tags')}>
            <Flex gap={4} wrap>{p.tags.length ? p.tags.map((tag) => <Tag key={tag} style={{ marginInlineEnd: 0 }}>{tag}</Tag>) : t('common.none')}</Flex>
          </Descriptions.Item>
        </Descriptions>
      </Card>
      <Card size="small" title={t('detail.timeline')}>
        <TouchTimeline touches={detail.touches} />
      </Card>
    </div>
  );
}

/** A manager or admin hands the prospect to a colleague; the claim limits do not apply. */
function AssignPicker({ id, onDone }: { id: number; onDone: () => void }) {
  const { t } = useI18n();
  const { message } = App.useApp();
  const errorText = useErrorText();
  const team = useTeamUsers();
  const { assign } = usePoolMutations();
  const [userId, setUserId] = useState<number | null>(null);
  if (!team.available) return null;
  return (
    <Flex gap={8} style={{ minWidth: 0 }}>
      <Select
        showSearch
        optionFilterProp="label"
        placeholder={t('pool.assignTo')}
        value={userId}
        onChange={setUserId}
        options={team.users.filter((u) => can.ownProspects(u.role)).map((u) => ({ value: u.id, label: u.displayName }))}
        style={{ minWidth: 160, flex: 1 }}
        data-testid="pool-assign-user"
      />
      <Button
        disabled={userId === null}
        loading={assign.isPending}
        onClick={() =>
          userId !== null &&
          assign.mutate(
            { id, userId },
            {
              onSuccess: () => {
                void message.success(t('pool.assigned'));
                onDone();
              },
              onError: (err) => void message.error(errorText(err)),
            },
          )
        }
        data-testid="pool-assign"
      >
        {t('pool.assign')}
      </Button>
    </Flex>
  );
}
