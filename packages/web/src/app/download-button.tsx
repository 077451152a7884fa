import { useState } from 'react';
import { App, Button, Tooltip } from 'antd';
import { DownloadOutlined } from '@ant-design/icons';
import { download } from '../api/client.js';
import { useErrorText } from './use-error-text.js';

/** Hands a downloaded file to the browser, under the name the server gave it. */
export function saveDownload(blob: Blob, filename: string): void {
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

/** A button that downloads what the server answers at `path` (a CSV in the user's language); on a phone only its icon. */
export function DownloadButton({ path, fallbackName, label, compact, testId }: { path: string; fallbackName: string; label: string; compact: boolean; testId: string }) {
  const { message } = App.useApp();
  const errorText = useErrorText();
  const [busy, setBusy] = useState(false);
  const run = async () => {
    setBusy(true);
    try {
      const { blob, filename } = await download(path);
      saveDownload(blob, filename ?? fallbackName);
    } catch (err) {
      void message.error(errorText(err));
    } finally {
      setBusy(false);
    }
  };
  const button = (
    <Button icon={<DownloadOutlined />} loading={busy} onClick={() => void run()} aria-label={compact ? label : undefined} data-testid={testId}>
      {compact ? null : label}
    </Button>
  );
  return compact ? <Tooltip title={label}>{button}</Tooltip> : button;
}
