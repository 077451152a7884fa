import { useState } from 'react';
import { App, Button, Tooltip } from 'antd';
import { DownloadOutlined } from '@ant-design/icons';
import { download } from '../../api/client.js';
import { useErrorText } from '../../app/use-error-text.js';
import { useI18n } from '../../i18n/i18n-context.js';
import { filterParams, type ListFilters } from './prospects-api.js';

/** Hands a downloaded file to the browser, under the name the server gave it. */
function save(blob: Blob, filename: string): void {
  const url = URL.createObjectURL(blob);
  const link = document.createElement('a');
  link.href = url;
  link.download = filename;
  document.body.append(link);
  link.click();
  link.remove();
  // Revoked later: some browsers read the blob after click() has returned.
  setTimeout(() => URL.revokeObjectURL(url), 60_000);
}

/**
 * Downloads the prospects the list shows, under its current filters, as CSV (the server neutralises formula
 * cells and writes the headers in the user's language). On a phone only the icon shows, so the header fits.
 */
export function ExportButton({ filters, compact }: { filters: ListFilters; compact: boolean }) {
  const { t } = useI18n();
  const { message } = App.useApp();
  const errorText = useErrorText();
  const [busy, setBusy] = useState(false);

  const run = async () => {
    setBusy(true);
    try {
      const query = filterParams(filters).toString();
      const { blob, filename } = await download(`/api/v1/prospects/export${query ? `?${query}` : ''}`);
      save(blob, filename ?? 'pond-prospects.csv');
    } catch (err) {
      void message.error(errorText(err));
    } finally {
      setBusy(false);
    }
  };

  const button = (
    <Button icon={<DownloadOutlined />} loading={busy} onClick={() => void run()} aria-label={compact ? t('prospects.exportHint') : undefined} data-testid="prospects-export">
      {compact ? null : t('prospects.export')}
    </Button>
  );
  return compact ? <Tooltip title={t('prospects.exportHint')}>{button}</Tooltip> : button;
}
