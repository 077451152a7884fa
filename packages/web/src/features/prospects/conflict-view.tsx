import { useState } from 'react';
import { Alert, Button, Flex, Radio, Typography } from 'antd';
import { usePhoneText } from '../../app/phone-link.js';
import { useI18n } from '../../i18n/i18n-context.js';
import type { MessageKey } from '../../i18n/locales.js';
import { showField } from './prospect-fields.js';
import type { Prospect, ProspectFields } from './prospect-types.js';

type Choice = 'mine' | 'theirs';

/**
 * Someone saved the prospect while this form was open. Shows each field the user changed next to what is
 * stored now, and lets them keep theirs or take the current value per field, or start again from the current record.
 */
export function ConflictView({
  mine,
  current,
  saving,
  onSave,
  onReload,
}: {
  mine: Partial<ProspectFields>;
  current: Prospect;
  saving: boolean;
  onSave: (patch: Partial<ProspectFields>, version: number) => void;
  onReload: () => void;
}) {
  const { t } = useI18n();
  const phoneText = usePhoneText();
  // Phones read as the user reads them elsewhere (what they typed but was not stored yet stays as typed).
  const show = (k: keyof ProspectFields, value: unknown) => showField(k, k === 'phones' && Array.isArray(value) ? value.map((v) => phoneText(String(v))) : value, t);
  const keys = (Object.keys(mine) as (keyof ProspectFields)[]).filter((k) => JSON.stringify(mine[k]) !== JSON.stringify(current[k]));
  const [choice, setChoice] = useState<Record<string, Choice>>(() => Object.fromEntries(keys.map((k) => [k, 'mine'])));

  const save = () => {
    const patch: Partial<ProspectFields> = {};
    for (const k of keys) if (choice[k] === 'mine') (patch as Record<string, unknown>)[k] = mine[k];
    if (Object.keys(patch).length === 0) return onReload();
    onSave(patch, current.version);
  };

  return (
    <div data-testid="conflict-view">
      <Alert type="warning" showIcon title={t('conflict.title')} description={t('conflict.body')} style={{ marginBottom: 12 }} />
      {keys.length === 0 && <Typography.Paragraph>{t('conflict.nothingLeft')}</Typography.Paragraph>}
      {keys.map((k) => (
        <div key={k} style={{ borderTop: '1px solid #f0f0f0', padding: '10px 0' }} data-testid={`conflict-${k}`}>
          <Typography.Text strong>{t(`prospect.${k}` as MessageKey)}</Typography.Text>
          <Radio.Group value={choice[k]} onChange={(e) => setChoice((c) => ({ ...c, [k]: e.target.value as Choice }))} style={{ width: '100%', marginTop: 6 }}>
            <Flex gap={8} wrap>
              {(['mine', 'theirs'] as const).map((side) => (
                <div key={side} style={{ flex: '1 1 140px', minWidth: 0, padding: 8, border: '1px solid #e5e7eb', borderRadius: 6 }}>
                  <Radio value={side} style={{ alignItems: 'flex-start', width: '100%' }}>
                    <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                      {side === 'mine' ? t('conflict.yours') : t('conflict.current')}
                    </Typography.Text>
                    <div className="pond-wrap" data-testid={side === 'mine' ? 'conflict-mine' : 'conflict-theirs'}>
                      {show(k, side === 'mine' ? mine[k] : current[k])}
                    </div>
                  </Radio>
                </div>
              ))}
            </Flex>
          </Radio.Group>
        </div>
      ))}
      <Flex gap={8} justify="end" wrap style={{ marginTop: 12 }}>
        <Button onClick={onReload} data-testid="conflict-reload">
          {t('conflict.reload')}
        </Button>
        <Button type="primary" loading={saving} onClick={save} data-testid="conflict-save">
          {t('conflict.save')}
        </Button>
      </Flex>
    </div>
  );
}
