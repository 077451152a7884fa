import { App, Button, Collapse, DatePicker, Drawer, Flex, Form, Input, Radio, Segmented, Typography, type DatePickerProps } from 'antd';
import { useState } from 'react';
import dayjs, { type Dayjs } from 'dayjs';
import { useI18n } from '../../i18n/i18n-context.js';
import { addDays, formatShortDay } from './dates.js';
import { ATTEMPT_CHANNELS, ATTEMPT_RESULTS, CHANNELS, RECEPTIVITIES, outcomeOf, type AttemptResult, type Channel, type Direction, type Receptivity } from './prospect-types.js';
import { useProspectMutations } from './prospects-api.js';
import { useSheetProps } from './sheet.js';
import { OutcomeTag } from './tags.js';
import { useReturnFocus } from '../../app/use-return-focus.js';
import { FormError } from '../../app/form-error.js';

export interface TouchTarget {
  id: number;
  name: string;
  company: string | null;
  /** The user's today and the prospect's interval: the clock proposes today + interval. */
  today: string;
  intervalDays: number;
}

interface Values {
  channel: Channel;
  summary?: string;
  feedback?: string;
  receptivity?: Receptivity;
  relationshipKept?: boolean;
  saleMade?: boolean;
  nextContactOn: Dayjs | null;
  direction: Direction;
  lessons?: string;
}

interface AttemptValues {
  channel: Channel;
  note?: string;
  retryOn: Dayjs | null;
}

type Reached = 'reached' | AttemptResult;

/** Logs a touch in a few taps: channel, what was said, their own words, and how it went. */
export function TouchDrawer({ target, onClose }: { target: TouchTarget | null; onClose: (saved: boolean) => void }) {
  const { t, locale } = useI18n();
  const { message } = App.useApp();
  const sheet = useSheetProps();
  const [form] = Form.useForm<Values>();
  const [attemptForm] = Form.useForm<AttemptValues>();
  const { logTouch, logAttempt } = useProspectMutations();
  const returnFocus = useReturnFocus(target !== null);
  const [reached, setReached] = useState<Reached | null>(null);
  const proposed = target ? addDays(target.today, target.intervalDays) : null;
  const tomorrow = target ? addDays(target.today, 1) : null;
  const saleMade = Form.useWatch('saleMade', form);
  const kept = Form.useWatch('relationshipKept', form);
  const next = Form.useWatch('nextContactOn', form);

  const nextText = next ? next.format('YYYY-MM-DD') : null;
  const isProposal = nextText !== null && nextText === proposed;

  const submit = (values: Values) => {
    if (!target) return;
    logTouch.mutate(
      {
        id: target.id,
        input: {
          channel: values.channel,
          direction: values.direction,
          summary: values.summary?.trim() || null,
          feedback: values.feedback?.trim() || null,
          receptivity: values.receptivity ?? null,
          saleMade: values.saleMade === true,
          relationshipKept: values.relationshipKept === true,
          lessons: values.lessons?.trim() || null,
          // The proposal is what the clock computes anyway; only a date the user picked is sent as explicit.
          ...(isProposal ? {} : { nextContactOn: nextText }),
        },
      },
      {
        onSuccess: () => {
          void message.success(t('touch.saved'));
          onClose(true);
        },
      },
    );
  };

  const submitAttempt = (values: AttemptValues) => {
    if (!target || !reached || reached === 'reached') return;
    const retryOn = values.retryOn ? values.retryOn.format('YYYY-MM-DD') : undefined;
    logAttempt.mutate(
      { id: target.id, input: { channel: values.channel, result: reached, note: values.note?.trim() || null, ...(retryOn ? { retryOn } : {}) } },
      {
        onSuccess: () => {
          void message.success(retryOn ? t('attempt.saved', { date: formatShortDay(retryOn, locale) }) : t('attempt.savedNoDate'));
          onClose(true);
        },
      },
    );
  };

  const mutation = reached === 'reached' ? logTouch : logAttempt;
  const pending = logTouch.isPending || logAttempt.isPending;

  return (
    <Drawer
      {...sheet}
      open={target !== null}
      onClose={() => onClose(false)}
      title={
        <span className="pond-wrap">
          {t('touch.title')} · {target?.name}
          {target?.company ? <Typography.Text type="secondary"> · {target.company}</Typography.Text> : null}
        </span>
      }
      destroyOnHidden
      focusable={returnFocus.focusable}
      afterOpenChange={(open) => {
        if (open) return;
        returnFocus.closed();
        logTouch.reset();
        logAttempt.reset();
        setReached(null);
      }}
      data-testid="touch-drawer"
      footer={
        <Flex gap={8} justify="end">
          <Button onClick={() => onClose(false)}>{t('common.cancel')}</Button>
          <Button
            type="primary"
            loading={pending}
            disabled={reached === null}
            onClick={() => (reached === 'reached' ? form.submit() : attemptForm.submit())}
            data-testid="touch-save"
          >
            {t('touch.save')}
          </Button>
        </Flex>
      }
    >
      <FormError form={reached === 'reached' ? form : attemptForm} error={mutation.error} style={{ marginBottom: 12 }} />
      <Flex vertical gap={4} style={{ marginBottom: 12 }}>
        <Typography.Text>{t('touch.reached')}</Typography.Text>
        <div style={{ overflowX: 'auto', maxWidth: '100%' }}>
          <Segmented<Reached>
            // Nothing is chosen until the salesperson says (an undefined value would select the first segment).
            value={reached ?? ('' as Reached)}
            onChange={(v) => setReached(v)}
            options={(['reached', ...ATTEMPT_RESULTS] as const).map((r) => ({ value: r, label: t(`attempt.${r}`) }))}
            data-testid="touch-reached"
          />
        </div>
      </Flex>
      {reached !== null && reached !== 'reached' && (
        <Form<AttemptValues>
          form={attemptForm}
          layout="vertical"
          requiredMark={false}
          key={target ? `attempt-${target.id}-${target.today}` : 'attempt-none'}
          initialValues={{ channel: 'call', retryOn: tomorrow ? dayjs(tomorrow) : null }}
          onFinish={submitAttempt}
          data-testid="attempt-form"
        >
          <Form.Item name="channel" label={t('touch.channel')} style={{ marginBottom: 12 }}>
            <ChannelPicker channels={ATTEMPT_CHANNELS} />
          </Form.Item>
          <Form.Item name="note" label={t('attempt.note')} style={{ marginBottom: 12 }}>
            <Input.TextArea autoSize={{ minRows: 2, maxRows: 6 }} maxLength={1000} data-testid="attempt-note" />
          </Form.Item>
          <Form.Item name="retryOn" label={t('attempt.retryOn')} style={{ marginBottom: 12 }}>
            <DayFromToday today={target?.today} data-testid="attempt-retry" />
          </Form.Item>
        </Form>
      )}
      {reached === 'reached' && (
        <Form<Values>
          form={form}
          layout="vertical"
          requiredMark={false}
          key={target ? `${target.id}-${target.today}` : 'none'}
          initialValues={{ channel: 'call', direction: 'outbound', nextContactOn: proposed ? dayjs(proposed) : null }}
          onFinish={submit}
          data-testid="touch-form"
        >
          <Form.Item name="channel" label={t('touch.channel')} style={{ marginBottom: 12 }}>
            <ChannelPicker />
          </Form.Item>
          <Form.Item
            name="summary"
            label={t('touch.summary')}
            dependencies={['feedback']}
            rules={[
              ({ getFieldValue }) => ({
                validator: (_, value?: string) =>
                  value?.trim() || (getFieldValue('feedback') as string | undefined)?.trim() ? Promise.resolve() : Promise.reject(new Error(t('touch.needWords'))),
              }),
            ]}
            style={{ marginBottom: 12 }}
          >
            <Input.TextArea autoSize={{ minRows: 2, maxRows: 6 }} maxLength={5000} placeholder={t('touch.summaryPlaceholder')} data-testid="touch-summary" />
          </Form.Item>
          <Form.Item name="feedback" label={t('touch.feedback')} extra={t('touch.feedbackHint')} style={{ marginBottom: 12 }}>
            <Input.TextArea autoSize={{ minRows: 2, maxRows: 6 }} maxLength={5000} placeholder={t('touch.feedbackPlaceholder')} data-testid="touch-feedback" />
          </Form.Item>
          <Form.Item name="receptivity" label={t('touch.receptivity')} style={{ marginBottom: 12 }}>
            <Radio.Group optionType="button" options={RECEPTIVITIES.map((r) => ({ value: r, label: t(`receptivity.${r}`) }))} data-testid="touch-receptivity" />
          </Form.Item>
          <Flex gap={16} wrap align="start">
            <Form.Item name="saleMade" label={t('touch.saleMade')} rules={[{ required: true, message: t('touch.choose') }]} style={{ marginBottom: 12 }}>
              <Radio.Group optionType="button" options={[{ value: true, label: t('common.yes') }, { value: false, label: t('common.no') }]} data-testid="touch-sale" />
            </Form.Item>
            <Form.Item name="relationshipKept" label={t('touch.relationshipKept')} rules={[{ required: true, message: t('touch.choose') }]} style={{ marginBottom: 12 }}>
              <Radio.Group optionType="button" options={[{ value: true, label: t('common.yes') }, { value: false, label: t('common.no') }]} data-testid="touch-kept" />
            </Form.Item>
            {saleMade !== undefined && kept !== undefined && (
              <Flex gap={4} align="center" style={{ alignSelf: 'center' }}>
                <Typography.Text type="secondary">{t('touch.outcome')}</Typography.Text>
                <OutcomeTag outcome={outcomeOf(saleMade, kept)} />
              </Flex>
            )}
          </Flex>
          <Form.Item
            name="nextContactOn"
            label={t('touch.nextContactOn')}
            extra={isProposal ? t('touch.proposed', { days: target?.intervalDays ?? '' }) : t('touch.explicitDate')}
            style={{ marginBottom: 12 }}
          >
            <DayFromToday today={target?.today} data-testid="touch-next" />
          </Form.Item>
          <Collapse
            ghost
            size="small"
            items={[
              {
                key: 'more',
                label: t('touch.more'),
                children: (
                  <>
                    <Form.Item name="direction" label={t('touch.direction')} style={{ marginBottom: 12 }}>
                      <Radio.Group optionType="button" options={(['outbound', 'inbound'] as const).map((d) => ({ value: d, label: t(`direction.${d}`) }))} />
                    </Form.Item>
                    <Form.Item name="lessons" label={t('touch.lessons')} style={{ marginBottom: 0 }}>
                      <Input.TextArea autoSize={{ minRows: 2, maxRows: 6 }} maxLength={5000} />
                    </Form.Item>
                  </>
                ),
              },
            ]}
          />
        </Form>
      )}
    </Drawer>
  );
}

/** The channels as one row of segments; it scrolls within itself rather than widening a phone's page. */
/** A day of today or later in the prospect's calendar (a retry, a next contact); the form item gives its value. */
function DayFromToday({ today, ...props }: DatePickerProps & { today: string | undefined; 'data-testid': string }) {
  return <DatePicker {...props} format="YYYY-MM-DD" allowClear inputReadOnly disabledDate={(d) => (today ? d.format('YYYY-MM-DD') < today : false)} style={{ width: '100%' }} />;
}

function ChannelPicker({ value, onChange, channels = CHANNELS }: { value?: Channel; onChange?: (value: Channel) => void; channels?: readonly Channel[] }) {
  const { t } = useI18n();
  return (
    <div style={{ overflowX: 'auto', maxWidth: '100%' }}>
      <Segmented<Channel>
        value={value}
        onChange={(v) => onChange?.(v)}
        options={channels.map((c) => ({ value: c, label: t(`channelShort.${c}`) }))}
        data-testid="touch-channel"
      />
    </div>
  );
}
