import { useState } from 'react';
import { App, Button, Dropdown, Space, Tooltip } from 'antd';
import { DownOutlined, DownloadOutlined } from '@ant-design/icons';
import { download } from '../../api/client.js';
import { saveDownload } from '../../app/download-button.js';
import { useErrorText } from '../../app/use-error-text.js';
import { useI18n } from '../../i18n/i18n-context.js';
import { filterParams, type ListFilters } from './prospects-api.js';

/**
 * Downloads the prospects the list shows, under its current filters, as CSV (the server neutralises formula
 * cells and writes the headers in the user's language). On a phone only the icon shows, so the header fits.
 */
export function ExportButton({ filters, compact }: { filters: ListFilters; compact: boolean }) {
  const { t } = useI18n();
  const { message } = App.useApp();
  const errorText = useErrorText();
  const [busy, setBusy] = useState(false);

  const run = async (format: 'csv' | 'vcf' = 'csv') => {
    setBusy(true);
    try {
      const query = filterParams(filters).toString();
      const path = format === 'vcf' ? '/api/v1/prospects/export.vcf' : '/api/v1/prospects/export';
      const { blob, filename } = await download(`${path}${query ? `?${query}` : ''}`);
      saveDownload(blob, filename ?? (format === 'vcf' ? 'pond-prospects.vcf' : 'pond-prospects.csv'));
    } catch (err) {
      void message.error(errorText(err));
    } finally {
      setBusy(false);
    }
  };

  const button = (
    <Button icon={<DownloadOutlined />} loading={busy} onClick={() => void run('csv')} aria-label={compact ? t('prospects.exportHint') : undefined} data-testid="prospects-export">
      {compact ? null : t('prospects.export')}
    </Button>
  );
  // The other format (a vCard file for phones' and mail programs' address books) is one tap further.
  const formats = (
    <Dropdown
      trigger={['click']}
      menu={{
        items: [
          { key: 'csv', label: t('prospects.exportCsv') },
          { key: 'vcf', label: t('prospects.exportVcard') },
        ],
        onClick: ({ key }) => void run(key === 'vcf' ? 'vcf' : 'csv'),
      }}
    >
      <Button icon={<DownOutlined />} disabled={busy} aria-label={t('prospects.exportFormats')} data-testid="prospects-export-formats" />
    </Dropdown>
  );
  return (
    <Space.Compact>
      {compact ? <Tooltip title={t('prospects.exportHint')}>{button}</Tooltip> : button}
      {formats}
    </Space.Compact>
  );
}
