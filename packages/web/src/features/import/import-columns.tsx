import { Alert, Card, Flex, Select, Typography } from 'antd';
import type { CsvRole } from '@pond/domain';
import { useI18n } from '../../i18n/i18n-context.js';
import type { MessageKey } from '../../i18n/locales.js';
import type { ImportColumn } from './import-api.js';

/** What a column can be said to hold, with its label, in the order a card reads: every field the importer reads. */
const ROLE_LABELS: Record<CsvRole, MessageKey> = {
  name: 'prospect.name',
  family: 'import.role.family',
  given: 'import.role.given',
  middle: 'import.role.middle',
  company: 'prospect.company',
  title: 'prospect.title',
  phone: 'prospect.phones',
  email: 'prospect.emails',
  wechat: 'prospect.wechatId',
  address: 'prospect.address',
  notes: 'prospect.notes',
  tags: 'prospect.tags',
  grade: 'prospect.grade',
  importance: 'prospect.importance',
  expectedClose: 'prospect.expectedClose',
  source: 'prospect.source',
  newsletterConsent: 'prospect.newsletterConsent',
};

const ROLES = Object.keys(ROLE_LABELS) as CsvRole[];

const STORE = 'pond.import.columns';

/** The mapping this device last used for a header row, so the same spreadsheet reads the same way next time. */
export function rememberedMapping(columns: ImportColumn[]): Record<string, string> | null {
  try {
    const all = JSON.parse(localStorage.getItem(STORE) ?? '{}') as Record<string, Record<string, string>>;
    return all[JSON.stringify(columns.map((c) => c.header))] ?? null;
  } catch {
    return null;
  }
}

function remember(columns: ImportColumn[], mapping: Record<string, string>): void {
  try {
    const all = JSON.parse(localStorage.getItem(STORE) ?? '{}') as Record<string, Record<string, string>>;
    all[JSON.stringify(columns.map((c) => c.header))] = mapping;
    // A handful of spreadsheets is what a team uses; keep the newest twenty.
    const kept = Object.fromEntries(Object.entries(all).slice(-20));
    localStorage.setItem(STORE, JSON.stringify(kept));
  } catch {
    // Private browsing may refuse storage; the mapping then lasts for this import only.
  }
}

/**
 * A CSV's columns as the check read them, each with a few of its values and what Pond takes it to hold; the person
 * can say otherwise, or leave a column out. Shown open when the file has no column Pond reads as a name.
 */
export function ImportColumns({
  columns,
  mapping,
  onChange,
  noName,
  disabled,
}: {
  columns: ImportColumn[];
  mapping: Record<string, string>;
  onChange: (mapping: Record<string, string>) => void;
  noName: boolean;
  disabled: boolean;
}) {
  const { t } = useI18n();
  const options = [{ value: 'ignore', label: t('import.columns.ignore') }, ...ROLES.map((r) => ({ value: r, label: t(ROLE_LABELS[r]) }))];
  const valueOf = (c: ImportColumn) => mapping[c.header] ?? (c.role ?? 'ignore');
  const set = (c: ImportColumn, value: string) => {
    const next = { ...mapping, [c.header]: value };
    remember(columns, next);
    onChange(next);
  };
  return (
    <Card size="small" title={t('import.columns.title')} data-testid="import-columns">
      {noName && <Alert type="warning" showIcon title={t('import.columns.noName')} style={{ marginBottom: 12 }} data-testid="import-columns-no-name" />}
      <Typography.Paragraph type="secondary" style={{ fontSize: 13 }}>
        {t('import.columns.hint')}
      </Typography.Paragraph>
      <Flex vertical gap={10}>
        {columns.map((c, i) => (
          <Flex key={`${i}:${c.header}`} gap={12} align="center" wrap data-testid={`import-column-${i}`}>
            <Flex vertical style={{ flex: '1 1 160px', minWidth: 0 }}>
              <Typography.Text strong className="pond-wrap">
                {c.header || t('import.columns.untitled', { n: i + 1 })}
              </Typography.Text>
              <Typography.Text type="secondary" className="pond-wrap" style={{ fontSize: 12 }}>
                {c.samples.length ? c.samples.join(' · ') : t('import.columns.empty')}
              </Typography.Text>
            </Flex>
            {c.paired && !mapping[c.header] ? (
              <Typography.Text type="secondary" style={{ flex: '0 1 180px', fontSize: 13 }}>
                {t('import.columns.paired')}
              </Typography.Text>
            ) : (
              <Select
                value={valueOf(c)}
                options={options}
                onChange={(v: string) => set(c, v)}
                disabled={disabled}
                // Eighteen choices: all of them in the page, none rendered on demand.
                virtual={false}
                listHeight={320}
                style={{ flex: '0 1 180px', minWidth: 140 }}
                aria-label={t('import.columns.field', { header: c.header })}
                data-testid={`import-column-field-${i}`}
              />
            )}
          </Flex>
        ))}
      </Flex>
    </Card>
  );
}
