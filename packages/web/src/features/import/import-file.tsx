import { Button, Card, Flex, Typography, Upload } from 'antd';
import { FileTextOutlined, InboxOutlined, SwapOutlined } from '@ant-design/icons';
import { useIsPhone } from '../../app/use-is-phone.js';
import { useI18n } from '../../i18n/i18n-context.js';
import { ENCODING_NAMES, type ReadEncoding } from './decode-card-file.js';

/** Matches what the server reads; phones offer their file pickers from this list. */
const ACCEPT = '.csv,.vcf,.vcard,text/csv,text/vcard,text/x-vcard';

export interface PickedFile {
  name: string;
  size: number;
  bytes: Uint8Array;
}

/** Nothing is uploaded: the picker hands the file over, and the page reads it in the browser. */
function pickOnly(onPick: (file: File) => void) {
  return (file: File) => {
    onPick(file);
    return Upload.LIST_IGNORE;
  };
}

export function FileDropZone({ onPick }: { onPick: (file: File) => void }) {
  const { t } = useI18n();
  const isPhone = useIsPhone();
  return (
    <div data-testid="import-file">
      <Upload.Dragger accept={ACCEPT} multiple={false} showUploadList={false} beforeUpload={pickOnly(onPick)}>
        <p className="ant-upload-drag-icon">
          <InboxOutlined />
        </p>
        <p className="ant-upload-text" style={{ paddingInline: 12 }}>
          {isPhone ? t('import.tap') : t('import.drop')}
        </p>
        <p className="ant-upload-hint" style={{ paddingInline: 12 }}>
          {t('import.dropHint')}
        </p>
      </Upload.Dragger>
    </div>
  );
}

function formatSize(bytes: number): string {
  if (bytes < 1024) return `${bytes} B`;
  if (bytes < 1024 * 1024) return `${(bytes / 1024).toFixed(1)} KB`;
  return `${(bytes / 1024 / 1024).toFixed(1)} MB`;
}

/** The first lines as read, so garbled names show before anything is sent. */
function previewLines(text: string): string {
  return text
    .split(/\r?\n/)
    .filter((line) => line.trim())
    .slice(0, 3)
    .map((line) => (line.length > 160 ? `${line.slice(0, 160)}…` : line))
    .join('\n');
}

export function ChosenFile({ file, text, encoding, disabled, onPick }: { file: PickedFile; text: string; encoding: ReadEncoding; disabled: boolean; onPick: (file: File) => void }) {
  const { t } = useI18n();
  return (
    <Card size="small" title={t('import.stepFile')} data-testid="import-chosen">
      <Flex justify="space-between" align="center" wrap gap={8}>
        <Flex vertical style={{ minWidth: 0, flex: '1 1 200px' }}>
          <Typography.Text strong className="pond-wrap" data-testid="import-file-name">
            <FileTextOutlined /> {file.name}
          </Typography.Text>
          <Typography.Text type="secondary" style={{ fontSize: 12 }} data-testid="import-read-as">
            {formatSize(file.size)} · {t('import.readAs', { encoding: ENCODING_NAMES[encoding] })}
          </Typography.Text>
        </Flex>
        <Upload accept={ACCEPT} multiple={false} showUploadList={false} beforeUpload={pickOnly(onPick)} disabled={disabled}>
          <Button icon={<SwapOutlined />} disabled={disabled} data-testid="import-change">
            {t('import.change')}
          </Button>
        </Upload>
      </Flex>
      <Typography.Text type="secondary" style={{ display: 'block', fontSize: 12, marginTop: 8 }}>
        {t('import.preview')}
      </Typography.Text>
      <pre
        data-testid="import-preview"
        style={{
          margin: '4px 0 0',
          padding: 8,
          fontSize: 12,
          lineHeight: 1.5,
          background: '#fafafa',
          border: '1px solid #f0f0f0',
          borderRadius: 6,
          whiteSpace: 'pre-wrap',
          overflowWrap: 'anywhere',
        }}
      >
        {previewLines(text)}
      </pre>
    </Card>
  );
}
