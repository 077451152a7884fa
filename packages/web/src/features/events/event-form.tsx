import { useMemo, useState } from 'react';
import { App, Button, DatePicker, Drawer, Flex, Form, Input, InputNumber, Select, TimePicker, Typography } from 'antd';
import type { Dayjs } from 'dayjs';
import { useIsPhone } from '../../app/use-is-phone.js';
import { useReturnFocus } from '../../app/use-return-focus.js';
import { useI18n } from '../../i18n/i18n-context.js';
import { browserTimeZone, timeZones } from '../account/time-zones.js';
import { useTeams } from '../admin-teams/teams-api.js';
import { useUser } from '../auth/session.js';
import { useTeamUsers } from '../prospects/prospects-api.js';
import { useSheetProps } from '../prospects/sheet.js';
import { StaleAlert } from '../settings/stale-alert.js';
import { useKindOptions } from './event-bits.js';
import { instantOf, wallTimeOf } from './event-time.js';
import { staleEvent, useEventMutations, type EventInput, type EventKind, type PondEvent } from './events-api.js';
import { FormError } from '../../app/form-error.js';

interface Values {
  title: string;
  kind: EventKind;
  startDate: Dayjs | null;
  startTime: Dayjs | null;
  endDate?: Dayjs | null;
  endTime?: Dayjs | null;
  timeZone: string;
  place?: string;
  onlineUrl?: string;
  capacity?: number | null;
  teamId?: number | null;
  hostIds: number[];
  notes?: string;
}

/** The team select's value for "the whole company" (a Select cannot hold null as an option's value). */
const COMPANY = 0;

function valuesOf(event: PondEvent): Values {
  const start = wallTimeOf(event.startsAt, event.timeZone);
  const end = event.endsAt ? wallTimeOf(event.endsAt, event.timeZone) : null;
  return {
    title: event.title,
    kind: event.kind,
    startDate: start.date,
    startTime: start.time,
    endDate: end?.date ?? null,
    endTime: end?.time ?? null,
    timeZone: event.timeZone,
    place: event.place ?? '',
    onlineUrl: event.onlineUrl ?? '',
    capacity: event.capacity,
    teamId: event.team?.id ?? COMPANY,
    hostIds: event.hosts.map((h) => h.id),
    notes: event.notes ?? '',
  };
}

/** What the API takes: the picked times read in the event's zone; an end time alone ends on the start's day. */
function inputOf(v: Values, showTeam: boolean): EventInput {
  const startsAt = instantOf({ date: v.startDate!, time: v.startTime! }, v.timeZone);
  const endsAt = v.endTime ? instantOf({ date: v.endDate ?? v.startDate!, time: v.endTime }, v.timeZone) : null;
  return {
    title: v.title.trim(),
    kind: v.kind,
    startsAt,
    endsAt,
    timeZone: v.timeZone,
    place: v.place?.trim() || null,
    onlineUrl: v.onlineUrl?.trim() || null,
    capacity: v.capacity ?? null,
    notes: v.notes?.trim() || null,
    ...(showTeam && { teamId: v.teamId ? v.teamId : null }),
    hostIds: v.hostIds ?? [],
  };
}

/** A web address to join online: Pond shows only http(s) links. */
const isWebAddress = (value: string) => {
  try {
    const url = new URL(value);
    return (url.protocol === 'https:' || url.protocol === 'http:') && url.hostname.includes('.');
  } catch {
    return false;
  }
};

interface Props {
  open: boolean;
  /** The event to change; none for a new one. */
  event?: PondEvent;
  onClose: () => void;
  onSaved?: (event: PondEvent) => void;
}

/** A new event or a change to one, in a drawer (a bottom sheet on phones); a change is sent with the version read. */
export function EventForm({ open, event, onClose, onSaved }: Props) {
  const { t } = useI18n();
  const sheet = useSheetProps(560);
  const returnFocus = useReturnFocus(open);
  return (
    <Drawer
      {...sheet}
      open={open}
      onClose={onClose}
      title={<span className="pond-wrap">{event ? t('events.editEvent') : t('events.newEvent')}</span>}
      destroyOnHidden
      focusable={returnFocus.focusable}
      afterOpenChange={(o) => !o && returnFocus.closed()}
      data-testid="event-form-drawer"
    >
      <EventEditor
        event={event}
        onCancel={onClose}
        onSaved={(saved) => {
          onClose();
          onSaved?.(saved);
        }}
      />
    </Drawer>
  );
}

function EventEditor({ event, onCancel, onSaved }: { event?: PondEvent; onCancel: () => void; onSaved: (event: PondEvent) => void }) {
  const { t } = useI18n();
  const { message } = App.useApp();
  const isPhone = useIsPhone();
  const user = useUser();
  const kindOptions = useKindOptions();
  const teams = useTeams();
  const directory = useTeamUsers();
  const { create, update } = useEventMutations();
  const [form] = Form.useForm<Values>();
  const [version, setVersion] = useState(event?.version ?? 0);
  const initial = useMemo<Partial<Values>>(
    () => (event ? valuesOf(event) : { kind: 'seminar', timeZone: user.timeZone ?? browserTimeZone(), hostIds: [], teamId: COMPANY, capacity: null }),
    [event, user.timeZone],
  );
  const zoneOptions = useMemo(() => timeZones().map((tz) => ({ value: tz, label: tz })), []);
  // A manager holds events for the company or for a team they lead; an admin for any team.
  const teamItems = (teams.data?.items ?? []).filter((team) => user.can.holdEventsForAnyTeam || team.managerId === user.id);
  const showTeam = teams.isSuccess && teamItems.length > 0;
  // The colleague directory, with the event's hosts kept even when the list does not carry them.
  const hostOptions = useMemo(() => {
    const options = new Map(directory.users.map((u) => [u.id, u.displayName]));
    for (const h of event?.hosts ?? []) if (!options.has(h.id)) options.set(h.id, h.name);
    return [...options].map(([value, label]) => ({ value, label }));
  }, [directory.users, event]);
  const saving = create.isPending || update.isPending;
  const failure = create.error ?? update.error;
  const stale = staleEvent(update.error);

  const save = (values: Values, at = version) => {
    const input = inputOf(values, showTeam);
    const done = (saved: PondEvent) => {
      void message.success(t(event ? 'events.saved' : 'events.created'));
      onSaved(saved);
    };
    if (event) update.mutate({ id: event.id, version: at, patch: input }, { onSuccess: done });
    else create.mutate(input, { onSuccess: done });
  };

  const required = { required: true, message: t('error.required') };
  return (
    <Form<Values> form={form} layout="vertical" requiredMark={false} initialValues={initial} onFinish={(v) => save(v)} data-testid="event-form">
      <Form.Item name="title" label={t('events.fieldTitle')} rules={[{ ...required, whitespace: true }]}>
        <Input maxLength={200} autoComplete="off" data-testid="event-title-input" />
      </Form.Item>
      <Form.Item name="kind" label={t('events.kindLabel')} rules={[required]}>
        <Select options={kindOptions} data-testid="event-kind-select" />
      </Form.Item>
      <Flex gap={8}>
        <Form.Item name="startDate" label={t('events.startDate')} rules={[required]} style={{ flex: '1 1 0', minWidth: 0 }}>
          <DatePicker format="YYYY-MM-DD" inputReadOnly={isPhone} style={{ width: '100%' }} data-testid="event-start-date" />
        </Form.Item>
        <Form.Item name="startTime" label={t('events.startTime')} rules={[required]} style={{ flex: '1 1 0', minWidth: 0 }}>
          <TimePicker format="HH:mm" minuteStep={5} needConfirm={false} inputReadOnly={isPhone} style={{ width: '100%' }} data-testid="event-start-time" />
        </Form.Item>
      </Flex>
      <Flex gap={8}>
        <Form.Item
          name="endDate"
          label={t('events.endDate')}
          extra={t('events.endDateHint')}
          dependencies={['endTime']}
          rules={[{ validator: (_, v: Dayjs | null | undefined) => (!v || form.getFieldValue('endTime') ? Promise.resolve() : Promise.reject(new Error(t('events.endTimeNeeded')))) }]}
          style={{ flex: '1 1 0', minWidth: 0 }}
        >
          <DatePicker format="YYYY-MM-DD" inputReadOnly={isPhone} allowClear style={{ width: '100%' }} data-testid="event-end-date" />
        </Form.Item>
        <Form.Item
          name="endTime"
          label={t('events.endTime')}
          dependencies={['startDate', 'startTime', 'endDate', 'timeZone']}
          rules={[
            {
              validator: (_, v: Dayjs | null | undefined) => {
                const all = form.getFieldsValue(true) as Values;
                if (!v || !all.startDate || !all.startTime) return Promise.resolve();
                const input = inputOf({ ...all, endTime: v }, false);
                return input.endsAt! >= input.startsAt ? Promise.resolve() : Promise.reject(new Error(t('events.endsBeforeStart')));
              },
            },
          ]}
          style={{ flex: '1 1 0', minWidth: 0 }}
        >
          <TimePicker format="HH:mm" minuteStep={5} needConfirm={false} inputReadOnly={isPhone} allowClear style={{ width: '100%' }} data-testid="event-end-time" />
        </Form.Item>
      </Flex>
      <Form.Item name="timeZone" label={t('events.timeZone')} extra={t('events.timeZoneHint')} rules={[required]}>
        <Select showSearch={{ optionFilterProp: 'label' }} options={zoneOptions} data-testid="event-zone-select" />
      </Form.Item>
      <Form.Item name="place" label={t('events.place')}>
        <Input.TextArea autoSize={{ minRows: 1, maxRows: 4 }} maxLength={300} data-testid="event-place-input" />
      </Form.Item>
      <Form.Item
        name="onlineUrl"
        label={t('events.onlineUrl')}
        rules={[{ validator: (_, v: string | undefined) => (!v?.trim() || isWebAddress(v.trim()) ? Promise.resolve() : Promise.reject(new Error(t('events.onlineUrlInvalid')))) }]}
      >
        <Input inputMode="url" maxLength={500} placeholder="https://" autoComplete="off" data-testid="event-online-input" />
      </Form.Item>
      <Form.Item name="capacity" label={t('events.capacity')} extra={t('events.capacityHint')}>
        <InputNumber min={1} max={100_000} precision={0} style={{ width: '100%', maxWidth: 200 }} data-testid="event-capacity" />
      </Form.Item>
      {showTeam && (
        <Form.Item name="teamId" label={t('events.team')} extra={t('events.teamHint')}>
          <Select options={[{ value: COMPANY, label: t('events.wholeCompany') }, ...teamItems.map((team) => ({ value: team.id, label: team.name }))]} data-testid="event-team" />
        </Form.Item>
      )}
      {(directory.available || hostOptions.length > 0) && (
        <Form.Item name="hostIds" label={t('events.hosts')} extra={t('events.hostsHint')}>
          <Select mode="multiple" showSearch={{ optionFilterProp: 'label' }} options={hostOptions} placeholder={t('events.pickHosts')} data-testid="event-hosts" />
        </Form.Item>
      )}
      <Form.Item name="notes" label={t('events.notes')}>
        <Input.TextArea autoSize={{ minRows: 2, maxRows: 8 }} maxLength={5000} data-testid="event-notes" />
      </Form.Item>
      {stale ? (
        <StaleAlert
          title={t('events.stale')}
          testId="event"
          onLoadTheirs={() => {
            form.setFieldsValue(valuesOf(stale));
            setVersion(stale.version);
            update.reset();
          }}
          onKeepMine={() => {
            setVersion(stale.version);
            save(form.getFieldsValue(true) as Values, stale.version);
          }}
        />
      ) : (
        <FormError form={form} error={failure} style={{ marginBottom: 12 }} testId="event-form-error" />
      )}
      {!event && (
        <Typography.Paragraph type="secondary" style={{ fontSize: 12 }}>
          {t('events.createHint')}
        </Typography.Paragraph>
      )}
      <Flex gap={8} justify="end" wrap>
        <Button onClick={onCancel}>{t('common.cancel')}</Button>
        <Button type="primary" htmlType="submit" loading={saving} data-testid="event-save">
          {event ? t('common.save') : t('common.create')}
        </Button>
      </Flex>
    </Form>
  );
}
