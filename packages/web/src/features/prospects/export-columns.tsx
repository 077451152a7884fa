import { useState } from 'react';
import { Button, Checkbox, Flex, Modal, Typography } from 'antd';
import { EXPORT_COLUMNS, exportHeader, type ExportColumn } from '@pond/domain/prospects/export-columns';
import { useI18n } from '../../i18n/i18n-context.js';

const STORAGE_KEY = 'pond.prospects.exportColumns';

const isColumn = (value: unknown): value is ExportColumn => (EXPORT_COLUMNS as readonly unknown[]).includes(value);

/** The columns chosen on this device, in the file's order; every column until a choice is saved. */
function storedColumns(): ExportColumn[] {
  try {
    const stored: unknown = JSON.parse(localStorage.getItem(STORAGE_KEY) ?? 'null');
    const chosen = Array.isArray(stored) ? stored.filter(isColumn) : [];
    // A column added since the choice was saved is not in it; a choice of nothing known means all.
    return chosen.length ? EXPORT_COLUMNS.filter((c) => chosen.includes(c)) : [...EXPORT_COLUMNS];
  } catch {
    return [...EXPORT_COLUMNS];
  }
}

/** The export's columns, remembered on this device (localStorage): all of them until the user chooses. */
export function useExportColumns(): [ExportColumn[], (columns: ExportColumn[]) => void] {
  const [columns, setColumns] = useState<ExportColumn[]>(storedColumns);
  const save = (next: ExportColumn[]) => {
    const ordered = EXPORT_COLUMNS.filter((c) => next.includes(c));
    setColumns(ordered);
    try {
      localStorage.setItem(STORAGE_KEY, JSON.stringify(ordered));
    } catch {
      // Private browsing may refuse storage; the choice then lasts for this page only.
    }
  };
  return [columns, save];
}

/** The `columns` query value for a choice: absent when every column is chosen, so the file follows new columns. */
export function columnsParam(columns: readonly ExportColumn[]): string | null {
  return columns.length === EXPORT_COLUMNS.length ? null : columns.join(',');
}

/**
 * Ticks for the columns CSV and Excel files hold, named as the file's header row names them. One column a row on a
 * phone, two beside each other on a wider screen; the list scrolls inside the dialog. Mounted while open, so each
 * opening starts from the saved choice.
 */
export function ExportColumnsDialog({ phone, columns, onSave, onClose }: { phone: boolean; columns: ExportColumn[]; onSave: (columns: ExportColumn[]) => void; onClose: () => void }) {
  const { t, locale } = useI18n();
  const [draft, setDraft] = useState<ExportColumn[]>(columns);
  const none = draft.length === 0;
  return (
    <Modal
      open
      title={t('prospects.exportColumnsTitle')}
      onCancel={onClose}
      onOk={() => {
        onSave(draft);
        onClose();
      }}
      okText={t('common.save')}
      cancelText={t('common.cancel')}
      okButtonProps={{ disabled: none, ...{ 'data-testid': 'export-columns-save' } }}
      styles={{ body: { maxHeight: '60vh', overflowY: 'auto' } }}
    >
      <Typography.Paragraph type="secondary">{t('prospects.exportColumnsHint')}</Typography.Paragraph>
      <Flex gap={8} wrap style={{ marginBottom: 12 }}>
        <Button size="small" onClick={() => setDraft([...EXPORT_COLUMNS])} data-testid="export-columns-all">
          {t('prospects.exportColumnsAll')}
        </Button>
        <Button size="small" onClick={() => setDraft([])} data-testid="export-columns-none">
          {t('prospects.exportColumnsNone')}
        </Button>
        <Typography.Text type="secondary" style={{ alignSelf: 'center' }}>
          {t('prospects.exportColumnsCount', { count: draft.length, total: EXPORT_COLUMNS.length })}
        </Typography.Text>
      </Flex>
      <div data-testid="export-columns">
        <Checkbox.Group
          value={draft}
          onChange={(values) => setDraft(EXPORT_COLUMNS.filter((c) => values.includes(c)))}
          style={{ display: 'grid', gridTemplateColumns: phone ? '1fr' : '1fr 1fr', gap: '8px 16px', width: '100%' }}
        >
          {EXPORT_COLUMNS.map((c) => (
            <Checkbox key={c} value={c}>
              {exportHeader(c, locale)}
            </Checkbox>
          ))}
        </Checkbox.Group>
      </div>
      {none && <Typography.Text type="danger">{t('prospects.exportColumnsEmpty')}</Typography.Text>}
    </Modal>
  );
}
