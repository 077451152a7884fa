import { useEffect, useState } from 'react';
import { Badge, Button, Checkbox, Drawer, Flex, Form, Input, Select } from 'antd';
import { FilterOutlined } from '@ant-design/icons';
import { useI18n } from '../../i18n/i18n-context.js';
import { DISPOSITIONS, DUE_FILTERS, EXPECTED_CLOSES, GRADES, IMPORTANCES, STAGES } from './prospect-types.js';
import type { ListFilters } from './prospects-api.js';
import { useSheetProps } from './sheet.js';
import { useEnumOptions } from './tags.js';
import { useReturnFocus } from '../../app/use-return-focus.js';

export function activeFilterCount(f: ListFilters): number {
  return [f.grade, f.importance, f.expectedClose, f.disposition, f.stage, f.ownerId].filter((v) => v?.length).length + (f.due ? 1 : 0) + (f.tag ? 1 : 0) + (f.touchedOnce ? 1 : 0);
}

/** Free-text search always in view; every other filter one tap away in a sheet. */
export function ProspectFilters({ value, onChange, owners }: { value: ListFilters; onChange: (f: ListFilters) => void; owners: { id: number; name: string }[] | null }) {
  const { t } = useI18n();
  const options = useEnumOptions();
  const sheet = useSheetProps(380);
  const [open, setOpen] = useState(false);
  const returnFocus = useReturnFocus(open);
  const [q, setQ] = useState(value.q ?? '');
  const [form] = Form.useForm<ListFilters>();

  // Searching as one types, without a request per keystroke.
  useEffect(() => {
    const timer = setTimeout(() => {
      if ((value.q ?? '') !== q) onChange({ ...value, q: q || undefined });
    }, 300);
    return () => clearTimeout(timer);
  }, [q, value, onChange]);

  const count = activeFilterCount(value);
  return (
    <Flex gap={8} style={{ marginBottom: 12 }}>
      <Input.Search allowClear value={q} onChange={(e) => setQ(e.target.value)} placeholder={t('prospects.search')} style={{ flex: 1, minWidth: 0 }} data-testid="prospect-search" />
      <Badge count={count} size="small">
        <Button icon={<FilterOutlined />} onClick={() => setOpen(true)} data-testid="prospect-filters">
          {t('prospects.filters')}
        </Button>
      </Badge>
      <Drawer
        {...sheet}
        open={open}
        onClose={() => setOpen(false)}
        focusable={returnFocus.focusable}
        afterOpenChange={(o) => !o && returnFocus.closed()}
        title={t('prospects.filters')}
        footer={
          <Flex gap={8} justify="end">
            <Button
              onClick={() => {
                form.resetFields();
                onChange({ q: value.q });
                setOpen(false);
              }}
            >
              {t('prospects.clearFilters')}
            </Button>
            <Button type="primary" onClick={() => form.submit()} data-testid="filters-apply">
              {t('prospects.applyFilters')}
            </Button>
          </Flex>
        }
      >
        <Form<ListFilters>
          form={form}
          layout="vertical"
          initialValues={value}
          onFinish={(f) => {
            onChange({ ...f, q: value.q });
            setOpen(false);
          }}
        >
          <Form.Item name="grade" label={t('prospect.grade')}>
            <Select mode="multiple" allowClear options={options('grade', GRADES)} data-testid="filter-grade" />
          </Form.Item>
          <Form.Item name="due" label={t('prospects.due')}>
            <Select allowClear options={options('agendaBucket', DUE_FILTERS)} data-testid="filter-due" />
          </Form.Item>
          <Form.Item name="importance" label={t('prospect.importance')}>
            <Select mode="multiple" allowClear options={options('importance', IMPORTANCES)} />
          </Form.Item>
          <Form.Item name="expectedClose" label={t('prospect.expectedClose')}>
            <Select mode="multiple" allowClear options={options('expectedClose', EXPECTED_CLOSES)} />
          </Form.Item>
          <Form.Item name="disposition" label={t('prospect.disposition')}>
            <Select mode="multiple" allowClear options={options('disposition', DISPOSITIONS)} />
          </Form.Item>
          <Form.Item name="stage" label={t('prospect.stage')}>
            <Select mode="multiple" allowClear options={options('stage', STAGES)} />
          </Form.Item>
          {owners && (
            <Form.Item name="ownerId" label={t('prospect.owner')}>
              <Select mode="multiple" allowClear optionFilterProp="label" options={owners.map((o) => ({ value: o.id, label: o.name }))} data-testid="filter-owner" />
            </Form.Item>
          )}
          <Form.Item name="tag" label={t('prospect.tag')}>
            <Input allowClear maxLength={40} />
          </Form.Item>
          <Form.Item name="touchedOnce" valuePropName="checked">
            <Checkbox>{t('prospects.touchedOnce')}</Checkbox>
          </Form.Item>
        </Form>
      </Drawer>
    </Flex>
  );
}
