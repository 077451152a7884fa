import { useState } from 'react';
import { Alert, Button, Flex, Form, Input, Modal, Radio, Select, Spin, Tabs, Typography } from 'antd';
import { useReturnFocus } from '../../app/use-return-focus.js';
import { useI18n } from '../../i18n/i18n-context.js';
import type { Translate } from '../../i18n/locales.js';
import { GRADES, type Grade } from '../prospects/prospect-types.js';
import { filterParams } from '../prospects/prospects-api.js';
import { MAX_QUERY_LENGTH, normalizeQuery, SEARCH_DEBOUNCE_MS, useDebouncedValue, useProspectSearch } from '../search/search-api.js';
import { useInvitationMutations, type InvitationChannel, type InviteInput, type InviteResult, type PondEvent } from './events-api.js';
import { FormError } from '../../app/form-error.js';

type Mode = 'pick' | 'filter';

interface Picked {
  value: number;
  label: string;
}

interface Values {
  prospects?: Picked[];
  tag?: string;
  grade?: Grade[];
  channel: InvitationChannel;
  message?: string;
}

/** What an invitation round did, in a sentence or three. */
function resultLines(r: InviteResult, t: Translate): string[] {
  const lines = [r.invited === 1 ? t('events.invite.invitedOne') : t('events.invite.invitedMany', { count: r.invited })];
  if (r.alreadyInvited > 0) lines.push(r.alreadyInvited === 1 ? t('events.invite.alreadyOne') : t('events.invite.alreadyMany', { count: r.alreadyInvited }));
  if (r.mailed > 0) lines.push(t('events.invite.mailed', { count: r.mailed }));
  if (r.notMailed > 0) lines.push(t('events.invite.notMailed', { count: r.notMailed }));
  if (r.truncated) lines.push(t('events.invite.truncated'));
  return lines;
}

/** Prospects found by the header's search, several picked at once. */
function ProspectPicker({ value, onChange }: { value?: Picked[]; onChange?: (value: Picked[]) => void }) {
  const { t } = useI18n();
  const [text, setText] = useState('');
  const q = normalizeQuery(text);
  const debounced = useDebouncedValue(q, SEARCH_DEBOUNCE_MS);
  const search = useProspectSearch(debounced);
  const current = q.length > 0 && debounced === q && search.isSuccess ? search.data.items : [];
  const options = current.map(({ prospect: p }) => ({ value: p.id, label: p.company ? `${p.name} · ${p.company}` : p.name }));
  return (
    <Select<Picked[]>
      mode="multiple"
      labelInValue
      value={value}
      onChange={(picked) => {
        onChange?.(picked);
        setText('');
      }}
      showSearch={{ filterOption: false, onSearch: (s) => setText(s.slice(0, MAX_QUERY_LENGTH)), searchValue: text }}
      options={options}
      placeholder={t('events.invite.searchPlaceholder')}
      notFoundContent={q && (debounced !== q || search.isFetching) ? <Spin size="small" /> : q ? t('events.invite.noMatch') : t('events.invite.typeToSearch')}
      style={{ width: '100%' }}
      data-testid="invite-prospects"
    />
  );
}

/** Invites prospects the user sees: picked one by one, or everything the prospect list shows under a tag and grades. */
export function InviteModal({ event, open, onClose }: { event: PondEvent; open: boolean; onClose: () => void }) {
  const { t } = useI18n();
  const returnFocus = useReturnFocus(open);
  const [form] = Form.useForm<Values>();
  const [mode, setMode] = useState<Mode>('pick');
  const channel = Form.useWatch('channel', form);
  const { invite } = useInvitationMutations(event.id);
  const result = invite.data;

  const submit = (v: Values) => {
    const base = { channel: v.channel, message: v.channel === 'email' ? v.message?.trim() || null : null };
    const input: InviteInput =
      mode === 'pick' ? { ...base, prospectIds: (v.prospects ?? []).map((p) => p.value) } : { ...base, filter: filterParams({ tag: v.tag, grade: v.grade }).toString() };
    invite.mutate(input);
  };
  const again = () => {
    invite.reset();
    form.setFieldsValue({ prospects: [], tag: '', grade: [] });
  };

  const footer = result ? (
    <Flex gap={8} justify="end" wrap>
      <Button onClick={again} data-testid="invite-more">
        {t('events.invite.more')}
      </Button>
      <Button type="primary" onClick={onClose} data-testid="invite-done">
        {t('orders.done')}
      </Button>
    </Flex>
  ) : (
    <Flex gap={8} justify="end" wrap>
      <Button onClick={onClose}>{t('common.cancel')}</Button>
      <Button type="primary" loading={invite.isPending} onClick={() => form.submit()} data-testid="invite-ok">
        {t('events.invite.ok')}
      </Button>
    </Flex>
  );

  return (
    <Modal
      open={open}
      title={<span className="pond-wrap">{t('events.invite.title', { title: event.title })}</span>}
      footer={footer}
      onCancel={onClose}
      focusable={returnFocus.focusable}
      afterClose={() => {
        returnFocus.closed();
        invite.reset();
        setMode('pick');
      }}
      destroyOnHidden
      data-testid="invite-modal"
    >
      {result && (
        <Alert
          type={result.truncated || result.notMailed > 0 ? 'warning' : 'success'}
          showIcon
          title={resultLines(result, t)[0]}
          description={resultLines(result, t).slice(1).join(' ') || undefined}
          style={{ marginBottom: 12 }}
          data-testid="invite-result"
          data-invited={result.invited}
          data-already={result.alreadyInvited}
        />
      )}
      <FormError form={form} error={invite.error} style={{ marginBottom: 12 }} testId="invite-error" />
      <Form<Values> form={form} layout="vertical" requiredMark={false} initialValues={{ channel: 'in_person', prospects: [], grade: [] }} onFinish={submit} disabled={Boolean(result)} data-testid="invite-form">
        <Tabs
          activeKey={mode}
          onChange={(key) => setMode(key as Mode)}
          items={[
            {
              key: 'pick',
              label: <span data-testid="invite-tab-pick">{t('events.invite.pick')}</span>,
              children: (
                <Form.Item
                  name="prospects"
                  label={t('events.invite.pickLabel')}
                  rules={mode === 'pick' ? [{ validator: (_, v: Picked[] | undefined) => (v?.length ? Promise.resolve() : Promise.reject(new Error(t('events.invite.pickSomeone')))) }] : []}
                >
                  <ProspectPicker />
                </Form.Item>
              ),
            },
            {
              key: 'filter',
              label: <span data-testid="invite-tab-filter">{t('events.invite.fromList')}</span>,
              children: (
                <>
                  <Typography.Paragraph type="secondary" style={{ fontSize: 13 }}>
                    {t('events.invite.fromListHint')}
                  </Typography.Paragraph>
                  <Flex gap={8} wrap>
                    <Form.Item
                      name="tag"
                      label={t('prospect.tags')}
                      dependencies={['grade']}
                      rules={
                        mode === 'filter'
                          ? [{ validator: (_, v: string | undefined) => (v?.trim() || (form.getFieldValue('grade') as Grade[] | undefined)?.length ? Promise.resolve() : Promise.reject(new Error(t('events.invite.filterNeeded')))) }]
                          : []
                      }
                      style={{ flex: '1 1 160px' }}
                    >
                      <Input maxLength={50} autoComplete="off" placeholder={t('events.invite.tagPlaceholder')} data-testid="invite-tag" />
                    </Form.Item>
                    <Form.Item name="grade" label={t('prospect.grade')} style={{ flex: '1 1 160px' }}>
                      <Select mode="multiple" options={GRADES.map((g) => ({ value: g, label: g === 'unrated' ? t('grade.unrated') : g }))} placeholder={t('events.invite.anyGrade')} data-testid="invite-grade" />
                    </Form.Item>
                  </Flex>
                </>
              ),
            },
          ]}
        />
        <Form.Item name="channel" label={t('events.channelLabel')}>
          <Radio.Group
            optionType="button"
            buttonStyle="solid"
            options={[
              { value: 'in_person', label: t('events.channel.in_person') },
              { value: 'email', label: t('events.channel.email') },
            ]}
            data-testid="invite-channel"
          />
        </Form.Item>
        {channel === 'email' && (
          <Form.Item name="message" label={t('events.invite.message')} extra={t('events.invite.messageHint')}>
            <Input.TextArea autoSize={{ minRows: 2, maxRows: 6 }} maxLength={2000} data-testid="invite-message" />
          </Form.Item>
        )}
      </Form>
    </Modal>
  );
}
