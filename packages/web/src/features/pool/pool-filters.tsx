import { useEffect, useState } from 'react';
import { Badge, Button, Drawer, Flex, Form, Input, InputNumber, Select } from 'antd';
import { FilterOutlined } from '@ant-design/icons';
import { useReturnFocus } from '../../app/use-return-focus.js';
import { useI18n } from '../../i18n/i18n-context.js';
import { GRADES, SOURCES } from '../prospects/prospect-types.js';
import { useSheetProps } from '../prospects/sheet.js';
import { useEnumOptions } from '../prospects/tags.js';
import type { PoolFilters as Filters } from './pool-api.js';

function activeCount(f: Filters): number {
  return [f.grade, f.source, f.tag?.trim(), f.minDaysInPool].filter(Boolean).length;
}

/** The search box always in view; grade, source, tag and days in the pool one tap away in a sheet. */
export function PoolFilters({ value, onChange }: { value: Filters; onChange: (f: Filters) => void }) {
  const { t } = useI18n();
  const options = useEnumOptions();
  const sheet = useSheetProps(380);
  const [open, setOpen] = useState(false);
  const returnFocus = useReturnFocus(open);
  const [q, setQ] = useState(value.q ?? '');
  const [form] = Form.useForm<Filters>();

  // Searching as one types, without a request per keystroke.
  useEffect(() => {
    const timer = setTimeout(() => {
      if ((value.q ?? '') !== q) onChange({ ...value, q: q || undefined });
    }, 300);
    return () => clearTimeout(timer);
  }, [q, value, onChange]);

  return (
    <Flex gap={8} style={{ marginBottom: 12 }}>
      <Input.Search allowClear value={q} onChange={(e) => setQ(e.target.value)} placeholder={t('pool.search')} style={{ flex: 1, minWidth: 0 }} data-testid="pool-search" />
      <Badge count={activeCount(value)} size="small">
        <Button icon={<FilterOutlined />} onClick={() => setOpen(true)} data-testid="pool-filters">
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
                form.setFieldsValue({ grade: undefined, source: undefined, tag: undefined, minDaysInPool: undefined });
                onChange({ q: value.q });
                setOpen(false);
              }}
            >
              {t('prospects.clearFilters')}
            </Button>
            <Button type="primary" onClick={() => form.submit()} data-testid="pool-filters-apply">
              {t('prospects.applyFilters')}
            </Button>
          </Flex>
        }
      >
        <Form<Filters>
          form={form}
          layout="vertical"
          initialValues={value}
          onFinish={(f) => {
            onChange({ grade: f.grade || undefined, source: f.source || undefined, tag: f.tag?.trim() || undefined, minDaysInPool: f.minDaysInPool || undefined, q: value.q });
            setOpen(false);
          }}
        >
          <Form.Item name="grade" label={t('prospect.grade')}>
            <Select allowClear options={options('grade', GRADES)} data-testid="pool-filter-grade" />
          </Form.Item>
          <Form.Item name="source" label={t('prospect.source')}>
            <Select allowClear options={options('source', SOURCES)} />
          </Form.Item>
          <Form.Item name="tag" label={t('prospect.tag')}>
            <Input allowClear maxLength={40} />
          </Form.Item>
          <Form.Item name="minDaysInPool" label={t('pool.minDays')}>
            <InputNumber min={0} max={36500} precision={0} style={{ width: '100%' }} suffix={t('prospect.days')} />
          </Form.Item>
        </Form>
      </Drawer>
    </Flex>
  );
}
