import { Alert, App, Button, Collapse, DatePicker, Drawer, Flex, Form, Input, Radio, Segmented, Switch, Typography } from 'antd';
import dayjs, { type Dayjs } from 'dayjs';
import { useErrorText } from '../../app/use-error-text.js';
import { useI18n } from '../../i18n/i18n-context.js';
import { addDays } from './dates.js';
import { CHANNELS, RECEPTIVITIES, outcomeOf, type Channel, type Direction, type Receptivity } from './prospect-types.js';
import { useProspectMutations } from './prospects-api.js';
import { useSheetProps } from './sheet.js';
import { OutcomeTag } from './tags.js';
import { useReturnFocus } from '../../app/use-return-focus.js';

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
  relationshipKept: boolean;
  saleMade: boolean;
  nextContactOn: Dayjs | null;
  direction: Direction;
  lessons?: string;
}

/** Logs a touch in a few taps: channel, what was said, their own words, and how it went. */
export function TouchDrawer({ target, onClose }: { target: TouchTarget | null; onClose: (saved: boolean) => void }) {
  const { t } = useI18n();
  const { message } = App.useApp();
  const errorText = useErrorText();
  const sheet = useSheetProps();
  const [form] = Form.useForm<Values>();
  const { logTouch } = useProspectMutations();
  const returnFocus = useReturnFocus(target !== null);
  const proposed = target ? addDays(target.today, target.intervalDays) : null;
  const saleMade = Form.useWatch('saleMade', form) ?? false;
  const kept = Form.useWatch('relationshipKept', form) ?? true;
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
          saleMade: values.saleMade,
          relationshipKept: values.relationshipKept,
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
      }}
      data-testid="touch-drawer"
      footer={
        <Flex gap={8} justify="end">
          <Button onClick={() => onClose(false)}>{t('common.cancel')}</Button>
          <Button type="primary" loading={logTouch.isPending} onClick={() => form.submit()} data-testid="touch-save">
            {t('touch.save')}
          </Button>
        </Flex>
      }
    >
      {logTouch.isError && <Alert type="error" showIcon title={errorText(logTouch.error)} style={{ marginBottom: 12 }} />}
      <Form<Values>
        form={form}
        layout="vertical"
        requiredMark={false}
        key={target ? `${target.id}-${target.today}` : 'none'}
        initialValues={{ channel: 'call', relationshipKept: true, saleMade: false, direction: 'outbound', nextContactOn: proposed ? dayjs(proposed) : null }}
        onFinish={submit}
        data-testid="touch-form"
      >
        <Form.Item name="channel" label={t('touch.channel')} style={{ marginBottom: 12 }}>
          <ChannelPicker />
        </Form.Item>
        <Form.Item name="summary" label={t('touch.summary')} style={{ marginBottom: 12 }}>
          <Input.TextArea autoSize={{ minRows: 2, maxRows: 6 }} maxLength={5000} placeholder={t('touch.summaryPlaceholder')} data-testid="touch-summary" />
        </Form.Item>
        <Form.Item name="feedback" label={t('touch.feedback')} extra={t('touch.feedbackHint')} style={{ marginBottom: 12 }}>
          <Input.TextArea autoSize={{ minRows: 2, maxRows: 6 }} maxLength={5000} placeholder={t('touch.feedbackPlaceholder')} data-testid="touch-feedback" />
        </Form.Item>
        <Form.Item name="receptivity" label={t('touch.receptivity')} style={{ marginBottom: 12 }}>
          <Radio.Group optionType="button" options={RECEPTIVITIES.map((r) => ({ value: r, label: t(`receptivity.${r}`) }))} data-testid="touch-receptivity" />
        </Form.Item>
        <Flex gap={16} wrap align="center" style={{ marginBottom: 12 }}>
          <Flex gap={8} align="center">
            <Form.Item name="relationshipKept" valuePropName="checked" noStyle>
              <Switch data-testid="touch-kept" />
            </Form.Item>
            <span>{t('touch.relationshipKept')}</span>
          </Flex>
          <Flex gap={8} align="center">
            <Form.Item name="saleMade" valuePropName="checked" noStyle>
              <Switch data-testid="touch-sale" />
            </Form.Item>
            <span>{t('touch.saleMade')}</span>
          </Flex>
          <Flex gap={4} align="center">
            <Typography.Text type="secondary">{t('touch.outcome')}</Typography.Text>
            <OutcomeTag outcome={outcomeOf(saleMade, kept)} />
          </Flex>
        </Flex>
        <Form.Item
          name="nextContactOn"
          label={t('touch.nextContactOn')}
          extra={isProposal ? t('touch.proposed', { days: target?.intervalDays ?? '' }) : t('touch.explicitDate')}
          style={{ marginBottom: 12 }}
        >
          <DatePicker
            format="YYYY-MM-DD"
            allowClear
            inputReadOnly
            disabledDate={(d) => (target ? d.format('YYYY-MM-DD') < target.today : false)}
            style={{ width: '100%' }}
            data-testid="touch-next"
          />
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
    </Drawer>
  );
}

/** The channels as one row of segments; it scrolls within itself rather than widening a phone's page. */
function ChannelPicker({ value, onChange }: { value?: Channel; onChange?: (value: Channel) => void }) {
  const { t } = useI18n();
  return (
    <div style={{ overflowX: 'auto', maxWidth: '100%' }}>
      <Segmented<Channel>
        value={value}
        onChange={(v) => onChange?.(v)}
        options={CHANNELS.map((c) => ({ value: c, label: t(`channelShort.${c}`) }))}
        data-testid="touch-channel"
      />
    </div>
  );
}
