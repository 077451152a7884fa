import { Card, Col, Form, Row, Select } from 'antd';
import { useI18n } from '../../i18n/i18n-context.js';
import { GRADES, type Grade } from '../prospects/prospect-types.js';
import { useEnumOptions } from '../prospects/tags.js';
import { ENCODING_NAMES, fallbackEncoding, type CardEncoding } from './decode-card-file.js';

export interface ImportChoices {
  grade: Grade;
  tags: string[];
  encoding: CardEncoding;
  /** What the person says a CSV's columns hold, header → field or `ignore`; empty: the importer's own reading. */
  columns: Record<string, string>;
}

/** What applies to every card of the file: a default grade, tags (e.g. the trade show), and how to read it. */
export function ImportOptions({ value, onChange, disabled }: { value: ImportChoices; onChange: (value: ImportChoices) => void; disabled: boolean }) {
  const { t, locale } = useI18n();
  const options = useEnumOptions();
  const set = (patch: Partial<ImportChoices>) => onChange({ ...value, ...patch });
  const encodings = [
    { value: 'auto' as const, label: t('import.encodingAuto', { fallback: ENCODING_NAMES[fallbackEncoding('auto', locale)] }) },
    { value: 'gb18030' as const, label: t('import.encodingGb18030') },
    { value: 'big5' as const, label: t('import.encodingBig5') },
  ];

  return (
    <Card size="small" title={t('import.options')}>
      <Form layout="vertical" component="div" disabled={disabled}>
        <Row gutter={16}>
          <Col xs={24} md={8}>
            <Form.Item label={t('import.grade')} htmlFor="import-grade" style={{ marginBottom: 12 }}>
              <Select<Grade> id="import-grade" value={value.grade} onChange={(grade) => set({ grade })} options={options('grade', GRADES)} data-testid="import-grade" />
            </Form.Item>
          </Col>
          <Col xs={24} md={8}>
            <Form.Item label={t('import.tags')} htmlFor="import-tags" extra={t('prospectForm.listHint')} style={{ marginBottom: 12 }}>
              <Select
                id="import-tags"
                mode="tags"
                open={false}
                suffixIcon={null}
                tokenSeparators={[',', '，']}
                value={value.tags}
                onChange={(tags: string[]) => set({ tags: tags.map((tag) => tag.trim()).filter(Boolean) })}
                placeholder={t('import.tagsPlaceholder')}
                data-testid="import-tags"
              />
            </Form.Item>
          </Col>
          <Col xs={24} md={8}>
            <Form.Item label={t('import.encoding')} htmlFor="import-encoding" extra={t('import.encodingHint')} style={{ marginBottom: 12 }}>
              <Select<CardEncoding> id="import-encoding" value={value.encoding} onChange={(encoding) => set({ encoding })} options={encodings} data-testid="import-encoding" />
            </Form.Item>
          </Col>
        </Row>
      </Form>
    </Card>
  );
}
