import { useEffect, useRef, useState } from 'react';
import type { TextAreaRef } from 'antd/es/input/TextArea.js';
import { PictureOutlined } from '@ant-design/icons';
import type { FormInstance } from 'antd';
import { Alert, App, Button, Card, Checkbox, DatePicker, Empty, Flex, Form, Input, Modal, Popconfirm, Progress, Segmented, Skeleton, Space, Statistic, Tabs, Tag, Typography } from 'antd';
import dayjs, { type Dayjs } from 'dayjs';
import type { Exclusion } from '@pond/domain';
import { DEFAULT_TEMPLATES } from '@pond/domain/newsletters/rules';
import { Link, useNavigate, useParams } from 'react-router';
import { PageHeader } from '../../app/page-header.js';
import { useErrorText } from '../../app/use-error-text.js';
import { useI18n } from '../../i18n/i18n-context.js';
import type { MessageKey } from '../../i18n/locales.js';
import { CopyStateTag, IssueStateTag } from './newsletter-bits.js';
import { settled, useCopies, useCreateIssue, useDecide, useIssue, useIssueAction, useIssueImages, usePreview, useSetNote, useUpdateIssue, useUploadImage, type Copy, type Issue, type IssueAction } from './newsletters-api.js';
import { IMAGE_KINDS, MAX_IMAGE_BYTES } from '@pond/domain/newsletters/images';
import { FormError } from '../../app/form-error.js';
import { formatDateTime } from '../account/time-zones.js';

interface FormValues {
  subject: string;
  bodyMarkdown: string;
  advertisement: boolean;
  audience: string;
  en: string;
  'zh-Hant': string;
  'zh-Hans': string;
}

const toInput = (v: FormValues) => ({
  subject: v.subject,
  bodyMarkdown: v.bodyMarkdown,
  advertisement: v.advertisement,
  audience: v.audience ?? '',
  templates: { en: v.en, 'zh-Hant': v['zh-Hant'], 'zh-Hans': v['zh-Hans'] },
});

/** The issue's fields: subject, body (with the body as the mail shows it), templates, audience. */
function IssueForm({ issue, onSaved }: { issue: Issue | null; onSaved: (issue: Issue) => void }) {
  const { t } = useI18n();
  const { message } = App.useApp();
  const [form] = Form.useForm<FormValues>();
  const create = useCreateIssue();
  const update = useUpdateIssue(issue?.id ?? 0);
  const editable = issue === null || issue.can.edit;
  const initial: FormValues = {
    subject: issue?.subject ?? '',
    bodyMarkdown: issue?.bodyMarkdown ?? '',
    advertisement: issue?.advertisement ?? false,
    audience: issue?.audience ?? '',
    en: issue?.templates.en ?? DEFAULT_TEMPLATES.en,
    'zh-Hant': issue?.templates['zh-Hant'] ?? DEFAULT_TEMPLATES['zh-Hant'],
    'zh-Hans': issue?.templates['zh-Hans'] ?? DEFAULT_TEMPLATES['zh-Hans'],
  };
  // The fields follow the issue as saved (a save elsewhere, or this one coming back with its new version).
  useEffect(() => form.setFieldsValue(initial), [issue?.version]);
  const error = create.error ?? update.error;
  const save = async (v: FormValues) => {
    const before = issue?.state;
    const saved = issue ? await update.mutateAsync({ version: issue.version, ...toInput(v) }) : await create.mutateAsync(toInput(v));
    if (before && before !== 'draft' && saved.state === 'draft') void message.info(t('newsletters.backToDraft'));
    onSaved(saved);
  };
  const audience = Form.useWatch('audience', form) ?? '';
  const bodyRef = useRef<TextAreaRef>(null);
  return (
    <Card size="small" title={t('newsletters.content')} data-testid="issue-form-card">
      <Form form={form} layout="vertical" initialValues={initial} onFinish={(v) => void save(v).catch(() => undefined)} disabled={!editable} data-testid="issue-form">
        <Form.Item name="subject" label={t('newsletters.subject')} rules={[{ required: true, whitespace: true, message: t('newsletters.subjectRequired') }]}>
          <Input maxLength={200} data-testid="issue-subject" />
        </Form.Item>
        <Tabs
          items={[
            {
              key: 'write',
              label: t('newsletters.write'),
              children: (
                <>
                  <Form.Item name="bodyMarkdown" label={t('newsletters.body')} extra={t('newsletters.bodyHint')} rules={[{ required: true, whitespace: true, message: t('newsletters.bodyRequired') }]}>
                    <Input.TextArea ref={bodyRef} autoSize={{ minRows: 6, maxRows: 20 }} data-testid="issue-body" />
                  </Form.Item>
                  {editable && <IssueImages issue={issue} form={form} bodyRef={bodyRef} />}
                </>
              ),
            },
            {
              key: 'preview',
              label: t('newsletters.bodyPreview'),
              children: issue ? (
                <iframe title={t('newsletters.bodyPreview')} sandbox="" srcDoc={`<meta charset="utf-8"><body style="font-family:system-ui,sans-serif;margin:8px">${issue.bodyHtml}</body>`} style={{ width: '100%', minHeight: 240, border: '1px solid #e5e7eb', borderRadius: 6 }} />
              ) : (
                <Typography.Text type="secondary">{t('newsletters.saveToPreview')}</Typography.Text>
              ),
            },
          ]}
        />
        <Form.Item name="advertisement" valuePropName="checked" extra={t('newsletters.advertisementHint')}>
          <Checkbox>{t('newsletters.advertisement')}</Checkbox>
        </Form.Item>
        <Form.Item name="audience" label={t('newsletters.audience')} extra={t('newsletters.audienceHint')}>
          <Input placeholder="tag=VIP&grade=A" data-testid="issue-audience" />
        </Form.Item>
        <Typography.Paragraph style={{ marginTop: -12 }}>
          <Link to={`/prospects${audience ? `?${audience}` : ''}`}>{t('newsletters.openAudience')}</Link>
        </Typography.Paragraph>
        <Typography.Text strong>{t('newsletters.templates')}</Typography.Text>
        <Typography.Paragraph type="secondary" style={{ fontSize: 13 }}>
          {t('newsletters.placeholders')}
        </Typography.Paragraph>
        {(['zh-Hant', 'zh-Hans', 'en'] as const).map((l) => (
          <Form.Item key={l} name={l} label={t(`newsletters.template.${l}` as MessageKey)} rules={[{ required: true, whitespace: true }]}>
            <Input.TextArea autoSize={{ minRows: 3, maxRows: 8 }} />
          </Form.Item>
        ))}
        <FormError form={form} error={error} style={{ marginBottom: 12 }} />
        {editable && (
          <Button type="primary" htmlType="submit" loading={create.isPending || update.isPending} data-testid="issue-save">
            {t('newsletters.save')}
          </Button>
        )}
      </Form>
    </Card>
  );
}

const ACCEPT = Object.values(IMAGE_KINDS).join(',');

/**
 * Pictures for the body: upload one (it is kept at once and its Markdown goes where the cursor was), or insert again
 * one the issue already holds. The body itself changes only when the issue is saved.
 */
function IssueImages({ issue, form, bodyRef }: { issue: Issue | null; form: FormInstance<FormValues>; bodyRef: React.RefObject<TextAreaRef | null> }) {
  const { t } = useI18n();
  const { message } = App.useApp();
  const errorText = useErrorText();
  const id = issue?.id ?? 0;
  const images = useIssueImages(id, issue !== null);
  const upload = useUploadImage(id);
  const input = useRef<HTMLInputElement>(null);
  // Where the cursor was in the body when the writer left it for the button.
  const caret = useRef<number | null>(null);
  if (!issue) {
    return (
      <Typography.Paragraph type="secondary" style={{ marginTop: -8 }} data-testid="issue-images-save-first">
        {t('newsletters.imageSaveFirst')}
      </Typography.Paragraph>
    );
  }
  const remember = () => {
    caret.current = bodyRef.current?.resizableTextArea?.textArea.selectionStart ?? null;
  };
  const insert = (markdown: string) => {
    const value: string = form.getFieldValue('bodyMarkdown') ?? '';
    const at = Math.min(caret.current ?? value.length, value.length);
    const before = value.slice(0, at);
    const lead = before === '' || before.endsWith('\n\n') ? '' : before.endsWith('\n') ? '\n' : '\n\n';
    const next = `${before}${lead}${markdown}\n\n${value.slice(at).replace(/^\n+/, '')}`;
    form.setFieldValue('bodyMarkdown', next);
    caret.current = before.length + lead.length + markdown.length + 2;
    void message.success(t('newsletters.imageAdded'));
  };
  const chosen = async (file: File | undefined) => {
    if (!file) return;
    if (file.size > MAX_IMAGE_BYTES) {
      void message.error(t('newsletters.imageTooLarge'));
      return;
    }
    try {
      const image = await upload.mutateAsync(file);
      insert(image.markdown);
    } catch (err) {
      void message.error(errorText(err));
    }
  };
  const items = images.data?.items ?? [];
  return (
    <Flex vertical gap={8} style={{ marginTop: -8, marginBottom: 16 }} data-testid="issue-images">
      <Flex gap={8} align="center" wrap>
        <input
          ref={input}
          type="file"
          accept={ACCEPT}
          style={{ display: 'none' }}
          data-testid="issue-image-file"
          onChange={(e) => {
            const file = e.target.files?.[0];
            e.target.value = '';
            void chosen(file);
          }}
        />
        <Button
          icon={<PictureOutlined />}
          loading={upload.isPending}
          onMouseDown={remember}
          onClick={() => {
            if (caret.current === null) remember();
            input.current?.click();
          }}
          data-testid="issue-add-image"
        >
          {t('newsletters.addImage')}
        </Button>
        <Typography.Text type="secondary" style={{ fontSize: 13 }}>
          {t('newsletters.imageHint')}
        </Typography.Text>
      </Flex>
      {items.length > 0 && (
        <div>
          <Typography.Text type="secondary" style={{ fontSize: 13 }}>
            {t('newsletters.images', { count: items.length, limit: images.data?.limit ?? items.length })}
          </Typography.Text>
          <Flex gap={8} wrap style={{ marginTop: 4 }}>
            {items.map((image) => (
              <button
                key={image.id}
                type="button"
                onMouseDown={remember}
                onClick={() => insert(image.markdown)}
                title={t('newsletters.imageInsert', { name: image.name })}
                aria-label={t('newsletters.imageInsert', { name: image.name })}
                style={{ padding: 0, border: '1px solid #e5e7eb', borderRadius: 6, background: '#fff', cursor: 'pointer', width: 56, height: 56, overflow: 'hidden' }}
                data-testid="issue-image"
              >
                <img src={image.url} alt="" style={{ width: '100%', height: '100%', objectFit: 'cover', display: 'block' }} />
              </button>
            ))}
          </Flex>
        </div>
      )}
    </Flex>
  );
}

/** What may be done with the issue now, by its `can` flags alone. */
function IssueActions({ issue }: { issue: Issue }) {
  const { t, locale } = useI18n();
  const errorText = useErrorText();
  const act = useIssueAction(issue.id);
  const [review, setReview] = useState<'approve' | 'reject' | null>(null);
  const [comment, setComment] = useState('');
  const run = (action: IssueAction, body: Record<string, unknown> = {}) => act.mutate({ action, body: { version: issue.version, ...body } });
  const c = issue.can;
  const [scheduling, setScheduling] = useState(false);
  const [when, setWhen] = useState<Dayjs | null>(null);
  const waitingToStart = issue.state === 'sending' && issue.sendAt !== null && Date.parse(issue.sendAt) > Date.now();
  return (
    <Card size="small" data-testid="issue-actions">
      {waitingToStart && (
        <Alert
          type="info"
          showIcon
          title={t('newsletters.scheduledFor', { when: formatDateTime(issue.sendAt, locale) })}
          style={{ marginBottom: 12 }}
          data-testid="issue-scheduled"
        />
      )}
      <Flex gap={8} wrap>
        {c.refresh && (
          <Button onClick={() => run('audience')} loading={act.isPending} data-testid="issue-build">
            {t('newsletters.build')}
          </Button>
        )}
        {c.submit && (
          <Button type="primary" onClick={() => run('submit')} loading={act.isPending} data-testid="issue-submit">
            {t('newsletters.submit')}
          </Button>
        )}
        {c.review && (
          <>
            <Button type="primary" onClick={() => setReview('approve')} data-testid="issue-approve">
              {t('newsletters.approve')}
            </Button>
            <Button danger onClick={() => setReview('reject')} data-testid="issue-reject">
              {t('newsletters.reject')}
            </Button>
          </>
        )}
        {c.send && (
          <Popconfirm title={t('newsletters.sendConfirm', { count: issue.counts.recipients })} onConfirm={() => run('send')}>
            <Button type="primary" data-testid="issue-send">
              {t('newsletters.send')}
            </Button>
          </Popconfirm>
        )}
        {c.send && (
          <Button onClick={() => setScheduling(true)} data-testid="issue-schedule">
            {t('newsletters.schedule')}
          </Button>
        )}
        {c.pause && <Button onClick={() => run('pause')}>{t('newsletters.pause')}</Button>}
        {c.resume && <Button onClick={() => run('resume')}>{t('newsletters.resume')}</Button>}
        {c.cancel && (
          <Popconfirm title={t('newsletters.cancelConfirm')} onConfirm={() => run('cancel')}>
            <Button danger>{t('newsletters.cancel')}</Button>
          </Popconfirm>
        )}
        {!Object.entries(c).some(([k, v]) => v && k !== 'edit' && k !== 'decide') && <Typography.Text type="secondary">{t(`newsletters.waiting.${issue.state}` as MessageKey)}</Typography.Text>}
      </Flex>
      {act.error && <Alert type="error" showIcon title={errorText(act.error)} style={{ marginTop: 12 }} />}
      <Modal
        open={scheduling}
        title={t('newsletters.schedule')}
        onCancel={() => setScheduling(false)}
        okText={t('newsletters.scheduleOk')}
        okButtonProps={{ disabled: !when || when.isBefore(dayjs()), ...{ 'data-testid': 'schedule-ok' } }}
        onOk={() => {
          if (!when) return;
          run('send', { sendAt: when.toISOString() });
          setScheduling(false);
        }}
        destroyOnHidden
      >
        <Typography.Paragraph type="secondary">{t('newsletters.scheduleHint', { count: issue.counts.recipients })}</Typography.Paragraph>
        <DatePicker
          showTime={{ format: 'HH:mm', minuteStep: 5 }}
          format="YYYY-MM-DD HH:mm"
          value={when}
          onChange={setWhen}
          disabledDate={(d) => d.isBefore(dayjs(), 'day')}
          style={{ width: '100%' }}
          data-testid="schedule-at"
        />
      </Modal>
      <Modal
        open={review !== null}
        title={review === 'approve' ? t('newsletters.approve') : t('newsletters.reject')}
        onCancel={() => setReview(null)}
        okText={review === 'approve' ? t('newsletters.approve') : t('newsletters.reject')}
        okButtonProps={{ disabled: review === 'reject' && !comment.trim(), danger: review === 'reject' }}
        onOk={() => {
          run('review', { decision: review, ...(comment.trim() && { comment: comment.trim() }) });
          setReview(null);
          setComment('');
        }}
      >
        <Typography.Paragraph type="secondary">{review === 'approve' ? t('newsletters.approveHint') : t('newsletters.rejectHint')}</Typography.Paragraph>
        <Input.TextArea value={comment} onChange={(e) => setComment(e.target.value)} autoSize={{ minRows: 3 }} placeholder={t('newsletters.comment')} data-testid="review-comment" />
      </Modal>
    </Card>
  );
}

function ProgressCard({ issue }: { issue: Issue }) {
  const { t } = useI18n();
  const c = issue.counts;
  const done = settled(issue);
  const percent = c.recipients ? Math.round((done / c.recipients) * 100) : 0;
  return (
    <Card size="small" title={t('newsletters.progress')} data-testid="issue-progress">
      <Progress percent={percent} status={issue.state === 'sending' ? 'active' : undefined} data-testid="issue-progress-bar" data-percent={percent} />
      <Flex gap={24} wrap style={{ marginTop: 8 }}>
        <Statistic title={t('newsletters.count.sent')} value={c.accepted} />
        <Statistic title={t('newsletters.count.queued')} value={c.planned + c.retry + c.claimed + c.sending} />
        <Statistic title={t('newsletters.count.failed')} value={c.failed} />
        <Statistic title={t('newsletters.count.suppressed')} value={c.suppressed} />
        <Statistic title={t('newsletters.count.unknown')} value={c.unknown} />
      </Flex>
    </Card>
  );
}

/** One copy exactly as it leaves, at a phone's width or a desktop's. */
function PreviewModal({ copyId, onClose }: { copyId: number | null; onClose: () => void }) {
  const { t } = useI18n();
  const preview = usePreview(copyId);
  const [width, setWidth] = useState<375 | 700>(375);
  const p = preview.data;
  return (
    <Modal open={copyId !== null} onCancel={onClose} footer={null} width={760} title={t('newsletters.preview')} destroyOnHidden>
      {!p ? (
        <Skeleton active />
      ) : (
        <div data-testid="copy-preview">
          <Typography.Paragraph className="pond-wrap" style={{ fontSize: 13 }}>
            <b>{t('newsletters.mail.subject')}</b> {p.subject}
            <br />
            <b>{t('newsletters.mail.from')}</b> {p.from}
            <br />
            <b>{t('newsletters.mail.replyTo')}</b> {p.replyTo}
            <br />
            <b>{t('newsletters.mail.to')}</b> {p.to}
          </Typography.Paragraph>
          <Segmented<375 | 700> value={width} onChange={setWidth} options={[{ value: 375, label: t('newsletters.phone') }, { value: 700, label: t('newsletters.desktop') }]} style={{ marginBottom: 8 }} />
          <Tabs
            items={[
              { key: 'html', label: 'HTML', children: <iframe title="copy" sandbox="" srcDoc={p.html} style={{ width: '100%', maxWidth: width, height: 520, border: '1px solid #e5e7eb', borderRadius: 6, display: 'block' }} /> },
              { key: 'text', label: t('newsletters.plainText'), children: <pre style={{ whiteSpace: 'pre-wrap', fontSize: 13, maxWidth: width }}>{p.text}</pre> },
            ]}
          />
        </div>
      )}
    </Modal>
  );
}

function NoteModal({ copy, onClose }: { copy: Copy | null; onClose: () => void }) {
  const { t } = useI18n();
  const errorText = useErrorText();
  const setNote = useSetNote();
  const [text, setText] = useState('');
  useEffect(() => setText(copy?.note ?? copy?.noteShown ?? ''), [copy]);
  const save = (note: string | null) => setNote.mutate({ copyId: copy!.id, note }, { onSuccess: onClose });
  return (
    <Modal
      open={copy !== null}
      onCancel={onClose}
      title={t('newsletters.noteFor', { name: copy?.prospect.name ?? '' })}
      footer={[
        <Button key="template" onClick={() => save(null)} disabled={!copy?.note}>
          {t('newsletters.useTemplate')}
        </Button>,
        <Button key="save" type="primary" onClick={() => save(text.trim() || null)} loading={setNote.isPending} data-testid="note-save">
          {t('newsletters.save')}
        </Button>,
      ]}
    >
      <Typography.Paragraph type="secondary">{t('newsletters.noteHint')}</Typography.Paragraph>
      <Input.TextArea value={text} onChange={(e) => setText(e.target.value)} autoSize={{ minRows: 5 }} maxLength={2000} data-testid="note-text" />
      {setNote.error && <Alert type="error" showIcon title={errorText(setNote.error)} style={{ marginTop: 12 }} />}
    </Modal>
  );
}

function CopiesCard({ issue }: { issue: Issue }) {
  const { t } = useI18n();
  const [excluded, setExcluded] = useState(false);
  const copies = useCopies(issue.id, excluded, issue.state === 'sending');
  const decide = useDecide();
  const [preview, setPreview] = useState<number | null>(null);
  const [noting, setNoting] = useState<Copy | null>(null);
  const data = copies.data;
  return (
    <Card size="small" title={t('newsletters.list')} data-testid="issue-copies">
      <Segmented<'in' | 'out'>
        value={excluded ? 'out' : 'in'}
        onChange={(v) => setExcluded(v === 'out')}
        options={[
          { value: 'in', label: t('newsletters.included', { count: issue.counts.recipients }) },
          { value: 'out', label: t('newsletters.leftOut', { count: issue.counts.excluded }) },
        ]}
        style={{ marginBottom: 12 }}
      />
      {excluded && data && Object.keys(data.excludedBy).length > 0 && (
        <Flex gap={4} wrap style={{ marginBottom: 8 }}>
          {Object.entries(data.excludedBy).map(([reason, n]) => (
            <Tag key={reason}>
              {t(`newsletters.excluded.${reason}` as MessageKey)} · {n}
            </Tag>
          ))}
        </Flex>
      )}
      {data?.newSinceFrozen ? <Alert type="info" showIcon title={t('newsletters.newSinceFrozen', { count: data.newSinceFrozen })} style={{ marginBottom: 8 }} /> : null}
      {!data ? (
        <Skeleton active />
      ) : data.items.length === 0 ? (
        <Empty description={issue.counts.recipients + issue.counts.excluded === 0 ? t('newsletters.notBuilt') : t('newsletters.noneHere')} />
      ) : (
        <Flex vertical gap={8}>
          {data.items.map((c) => (
            <Card key={c.id} size="small" styles={{ body: { padding: 10 } }} data-testid={`copy-${c.id}`}>
              <Flex justify="space-between" gap={8} wrap>
                <Flex vertical style={{ minWidth: 0 }}>
                  <Link to={`/prospects/${c.prospect.id}`} className="pond-wrap" style={{ fontWeight: 600 }}>
                    {c.prospect.name}
                  </Link>
                  <Typography.Text type="secondary" className="pond-wrap" style={{ fontSize: 13 }}>
                    {[c.address, c.signer && t('newsletters.signedBy', { name: c.signer.name })].filter(Boolean).join(' · ')}
                  </Typography.Text>
                  {c.excluded ? (
                    <Typography.Text style={{ fontSize: 13 }}>{t(`newsletters.excluded.${c.excluded as Exclusion}` as MessageKey)}</Typography.Text>
                  ) : (
                    <Typography.Text type="secondary" style={{ fontSize: 13 }}>
                      {c.note ? t('newsletters.ownNote') : t('newsletters.templateNote')}
                    </Typography.Text>
                  )}
                  {c.smtpReply && (c.state === 'failed' || c.state === 'retry') && (
                    <Typography.Text type="danger" className="pond-wrap" style={{ fontSize: 12 }}>
                      {c.smtpReply}
                    </Typography.Text>
                  )}
                  {c.state === 'unknown' && <Typography.Text style={{ fontSize: 12 }}>{t('newsletters.unknownHint')}</Typography.Text>}
                </Flex>
                <Space wrap size={4} style={{ alignSelf: 'start' }}>
                  {!c.excluded && <CopyStateTag state={c.state} />}
                  {c.can.note && (
                    <Button size="small" onClick={() => setNoting(c)} data-testid={`copy-note-${c.id}`}>
                      {t('newsletters.writeNote')}
                    </Button>
                  )}
                  {!c.excluded && c.signer && (
                    <Button size="small" onClick={() => setPreview(c.id)} data-testid={`copy-preview-${c.id}`}>
                      {t('newsletters.preview')}
                    </Button>
                  )}
                  {c.can.decide && (
                    <>
                      <Button size="small" onClick={() => decide.mutate({ copyId: c.id, decision: 'mark_sent' })}>
                        {t('newsletters.markSent')}
                      </Button>
                      <Button size="small" onClick={() => decide.mutate({ copyId: c.id, decision: 'resend' })}>
                        {t('newsletters.resend')}
                      </Button>
                    </>
                  )}
                </Space>
              </Flex>
            </Card>
          ))}
        </Flex>
      )}
      <PreviewModal copyId={preview} onClose={() => setPreview(null)} />
      <NoteModal copy={noting} onClose={() => setNoting(null)} />
    </Card>
  );
}

/** One issue: its content, what may be done next, the progress of its sending and its list with the notes. */
export function IssuePage() {
  const { t } = useI18n();
  const errorText = useErrorText();
  const navigate = useNavigate();
  const params = useParams();
  const isNew = params.id === 'new';
  const id = isNew ? 0 : Number(params.id);
  const issue = useIssue(id);
  if (isNew) {
    return (
      <div data-testid="module-newsletter">
        <PageHeader title={t('newsletters.new')} />
        <IssueForm issue={null} onSaved={(saved) => navigate(`/newsletters/${saved.id}`, { replace: true })} />
      </div>
    );
  }
  if (issue.isError) return <Alert type="error" showIcon title={errorText(issue.error)} />;
  if (!issue.data) return <Skeleton active />;
  const i = issue.data;
  return (
    <div data-testid="module-newsletter">
      <PageHeader
        title={
          <span className="pond-wrap">
            {i.sentSubject} <IssueStateTag state={i.state} />
          </span>
        }
      />
      <Flex vertical gap={12}>
        {i.reviewer && (
          <Alert
            type={i.state === 'rejected' ? 'warning' : 'success'}
            showIcon
            message={t(i.state === 'rejected' ? 'newsletters.rejectedBy' : 'newsletters.reviewedBy', { name: i.reviewer.name })}
            description={i.reviewComment ?? undefined}
          />
        )}
        <IssueActions issue={i} />
        {(i.state === 'sending' || i.state === 'paused' || i.state === 'sent' || i.state === 'cancelled') && <ProgressCard issue={i} />}
        <CopiesCard issue={i} />
        <IssueForm issue={i} onSaved={() => undefined} />
      </Flex>
    </div>
  );
}
