import { useState } from 'react';
import { App, Button, Dropdown, Space, Tooltip } from 'antd';
import { DownOutlined, DownloadOutlined } from '@ant-design/icons';
import { EXPORT_COLUMNS } from '@pond/domain/prospects/export-columns';
import { download } from '../../api/client.js';
import { saveDownload } from '../../app/download-button.js';
import { useErrorText } from '../../app/use-error-text.js';
import { useI18n } from '../../i18n/i18n-context.js';
import { ExportColumnsDialog, columnsParam, useExportColumns } from './export-columns.js';
import { filterParams, type ListFilters } from './prospects-api.js';

type Format = 'csv' | 'xlsx' | 'vcf';

const PATHS: Record<Format, string> = { csv: '/api/v1/prospects/export', xlsx: '/api/v1/prospects/export.xlsx', vcf: '/api/v1/prospects/export.vcf' };

/**
 * Downloads the prospects the list shows, under its current filters, as CSV (the server neutralises formula
 * cells and writes the headers in the user's language), as an Excel workbook, or as vCard. CSV and Excel hold the
 * columns chosen in the dialog, remembered on this device. On a phone only the icon shows, so the header fits.
 */
export function ExportButton({ filters, compact }: { filters: ListFilters; compact: boolean }) {
  const { t } = useI18n();
  const { message } = App.useApp();
  const errorText = useErrorText();
  const [busy, setBusy] = useState(false);
  const [columns, setColumns] = useExportColumns();
  const [choosing, setChoosing] = useState(false);

  const run = async (format: Format = 'csv') => {
    setBusy(true);
    try {
      const query = filterParams(filters);
      const chosen = columnsParam(columns);
      // A vCard holds the card's own fields whatever the columns.
      if (chosen && format !== 'vcf') query.set('columns', chosen);
      const q = query.toString();
      const { blob, filename } = await download(`${PATHS[format]}${q ? `?${q}` : ''}`);
      saveDownload(blob, filename ?? `pond-prospects.${format}`);
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
  // The other formats (an Excel workbook; a vCard file for phones' and mail programs' address books) and the
  // column choice are one tap further.
  const formats = (
    <Dropdown
      trigger={['click']}
      menu={{
        items: [
          { key: 'csv', label: t('prospects.exportCsv') },
          { key: 'xlsx', label: t('prospects.exportXlsx'), ...{ 'data-testid': 'prospects-export-xlsx' } },
          { key: 'vcf', label: t('prospects.exportVcard') },
          { type: 'divider' },
          {
            key: 'columns',
            label: `${t('prospects.exportColumns')} (${t('prospects.exportColumnsCount', { count: columns.length, total: EXPORT_COLUMNS.length })})`,
            ...{ 'data-testid': 'prospects-export-columns' },
          },
        ],
        onClick: ({ key }) => (key === 'columns' ? setChoosing(true) : void run(key === 'vcf' || key === 'xlsx' ? key : 'csv')),
      }}
    >
      <Button icon={<DownOutlined />} disabled={busy} aria-label={t('prospects.exportFormats')} data-testid="prospects-export-formats" />
    </Dropdown>
  );
  return (
    <>
      <Space.Compact>
        {compact ? <Tooltip title={t('prospects.exportHint')}>{button}</Tooltip> : button}
        {formats}
      </Space.Compact>
      {choosing && <ExportColumnsDialog phone={compact} columns={columns} onSave={setColumns} onClose={() => setChoosing(false)} />}
    </>
  );
}
