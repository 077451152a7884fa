import type { ReactNode } from 'react';
import { Card, Checkbox, Col, Flex, Row, Statistic, Table, Tag, Typography, type TableColumnsType } from 'antd';
import { Link } from 'react-router';
import { PhoneLink } from '../../app/phone-link.js';
import { useIsPhone } from '../../app/use-is-phone.js';
import { useI18n } from '../../i18n/i18n-context.js';
import type { MessageKey } from '../../i18n/locales.js';
import {
  wouldCreate,
  type CardProblem,
  type ImportDuplicate,
  type ImportPossibleDuplicate,
  type ImportRejected,
  type ImportReport,
  type ImportSkipped,
  type ImportWarned,
} from './import-api.js';

/** Card fields a problem may name; each has a label under prospect.*. */
const PROBLEM_FIELDS = new Set(['name', 'company', 'title', 'phones', 'emails', 'wechatId', 'address', 'tags', 'grade']);

// Long reports page in the browser; the server sends every row at once.
const PAGINATION = { pageSize: 20, size: 'small', hideOnSinglePage: true, showSizeChanger: false } as const;

/**
 * What a check found, or what an import did: the counts (with what to do next, when given), then the cards left
 * out, by line, and the cards taken with something left out of them.
 */
/** The preview's choice of cards that add what they bring to the prospect they match. */
export interface EnrichChoice {
  lines: ReadonlySet<number>;
  onChange: (lines: Set<number>) => void;
}

export function ImportReportView({ report, title, actions, enrich }: { report: ImportReport; title?: ReactNode; actions?: ReactNode; enrich?: EnrichChoice }) {
  return (
    <Flex vertical gap={12} data-testid="import-report" data-dry-run={String(report.dryRun)}>
      <Card size="small" title={title} data-testid="import-summary">
        <ImportCounts report={report} />
        {actions && <div style={{ marginTop: 12 }}>{actions}</div>}
      </Card>
      {report.duplicates.length > 0 && <DuplicatesCard rows={report.duplicates} enrich={report.dryRun ? enrich : undefined} />}
      {report.rejected.length > 0 && <RejectedCard rows={report.rejected} />}
      {report.skipped.length > 0 && <SkippedCard rows={report.skipped} />}
      {report.warnings.length > 0 && <WarningsCard rows={report.warnings} dryRun={report.dryRun} />}
      {report.possibleDuplicates.length > 0 && <PossibleDuplicatesCard rows={report.possibleDuplicates} dryRun={report.dryRun} />}
    </Flex>
  );
}

function ImportCounts({ report }: { report: ImportReport }) {
  const { t } = useI18n();
  const created = report.dryRun ? wouldCreate(report) : report.created;
  const counts = [
    { key: 'cards', title: t('import.count.cards'), value: report.cards, color: undefined },
    { key: 'create', title: report.dryRun ? t('import.count.wouldCreate') : t('import.count.created'), value: created, color: created ? '#0f766e' : undefined },
    { key: 'duplicates', title: t('import.count.duplicates'), value: report.duplicates.length, color: report.duplicates.length ? '#b45309' : undefined },
    { key: 'rejected', title: t('import.count.rejected'), value: report.rejected.length, color: report.rejected.length ? '#dc2626' : undefined },
    // Only when there are any: most files hold no group cards or empty rows.
    ...(report.skipped.length ? [{ key: 'skipped', title: t('import.count.skipped'), value: report.skipped.length, color: undefined }] : []),
  ];
  return (
    <Row gutter={[12, 12]}>
      {counts.map((c) => (
        <Col key={c.key} xs={12} md={counts.length > 4 ? 4 : 6}>
          <Statistic title={c.title} value={c.value} styles={{ content: { color: c.color } }} data-testid={`import-count-${c.key}`} data-value={c.value} />
        </Col>
      ))}
    </Row>
  );
}

function LineCell({ line }: { line: number }) {
  return <span style={{ whiteSpace: 'nowrap', fontVariantNumeric: 'tabular-nums' }}>{line}</span>;
}

function CardName({ name }: { name: string }) {
  const { t } = useI18n();
  return name ? (
    <Typography.Text strong className="pond-wrap">
      {name}
    </Typography.Text>
  ) : (
    <Typography.Text type="secondary">{t('import.noName')}</Typography.Text>
  );
}

/** A prospect the user may see, linked, with whose it is. */
function ExistingLink({ existing: e, testId }: { existing: NonNullable<ImportDuplicate['existing']>; testId: string }) {
  const { t } = useI18n();
  const whose = e.mine ? t('lookup.yours') : e.owner ? t('import.ownedBy', { owner: e.owner }) : t('import.inPool');
  return (
    <span className="pond-wrap">
      <Link to={`/prospects/${e.id}`} data-testid={testId}>
        {e.name}
      </Link>{' '}
      <Typography.Text type="secondary">({whose})</Typography.Text>
    </span>
  );
}

/** Why a card is a duplicate, naming only what the user may see. */
function DuplicateOf({ d }: { d: ImportDuplicate }) {
  const { t } = useI18n();
  if (d.inFileLine !== null) return <span>{t('import.sameLine', { line: d.inFileLine })}</span>;
  if (!d.existing) return <span>{t('import.elsewhere')}</span>;
  return <ExistingLink existing={d.existing} testId="import-duplicate-link" />;
}

/** What a card brings that the prospect lacks, in words: "+ e-mail fang@new.cn · title 採購主任 · notes". */
function AddsText({ adds }: { adds: NonNullable<ImportDuplicate['adds']> }) {
  const { t } = useI18n();
  const parts = [
    ...adds.phones.map((p) => `${t('prospect.phones')} ${p}`),
    ...adds.emails.map((e) => `${t('prospect.emails')} ${e}`),
    ...(adds.wechatId ? [`${t('prospect.wechatId')} ${adds.wechatId}`] : []),
    ...(adds.title ? [`${t('prospect.title')} ${adds.title}`] : []),
    ...(adds.company ? [`${t('prospect.company')} ${adds.company}`] : []),
    ...(adds.notes ? [t('prospect.notes')] : []),
  ];
  return (
    <Typography.Text type="secondary" className="pond-wrap" style={{ fontSize: 12 }} data-testid="import-adds">
      {t('import.adds', { what: parts.join(' · ') })}
    </Typography.Text>
  );
}

function DuplicatesCard({ rows, enrich }: { rows: ImportDuplicate[]; enrich?: EnrichChoice }) {
  const { t } = useI18n();
  const bringing = rows.filter((d) => d.adds).map((d) => d.line);
  const set = (line: number, on: boolean) => {
    if (!enrich) return;
    const next = new Set(enrich.lines);
    if (on) next.add(line);
    else next.delete(line);
    enrich.onChange(next);
  };
  const columns: TableColumnsType<ImportDuplicate> = [
    LINE_COLUMN(t('import.line')),
    {
      title: t('import.card'),
      key: 'card',
      render: (_, d) => (
        <Flex vertical style={{ minWidth: 0 }}>
          <CardName name={d.name} />
          <Typography.Text type="secondary" className="pond-wrap" style={{ fontSize: 12 }}>
            {/* The contact already known: a phone (E.164) or an e-mail. */}
            {d.contact.startsWith('+') ? <PhoneLink e164={d.contact} /> : d.contact}
          </Typography.Text>
        </Flex>
      ),
    },
    {
      title: t('import.duplicateOf'),
      key: 'of',
      render: (_, d) => (
        <Flex vertical gap={4} style={{ minWidth: 0 }}>
          <DuplicateOf d={d} />
          {d.adds && <AddsText adds={d.adds} />}
          {d.adds && enrich && (
            <Checkbox checked={enrich.lines.has(d.line)} onChange={(e) => set(d.line, e.target.checked)} data-testid="import-enrich">
              {t('import.enrichOne')}
            </Checkbox>
          )}
          {d.enriched && (
            <Tag color="green" style={{ alignSelf: 'start' }} data-testid="import-enriched">
              {t('import.enriched')}
            </Tag>
          )}
        </Flex>
      ),
    },
  ];
  const allChosen = enrich !== undefined && bringing.length > 0 && bringing.every((l) => enrich.lines.has(l));
  return (
    <ReportTable
      title={t('import.duplicates')}
      hint={t('import.duplicatesHint')}
      extra={
        <>
          {enrich && bringing.length > 0 && (
            <Flex gap={8} align="center" wrap>
              <Typography.Text>{t('import.enrichHint', { count: bringing.length })}</Typography.Text>
              <Checkbox checked={allChosen} indeterminate={!allChosen && enrich.lines.size > 0} onChange={(e) => enrich.onChange(new Set(e.target.checked ? bringing : []))} data-testid="import-enrich-all">
                {t('import.enrichAll')}
              </Checkbox>
            </Flex>
          )}
        </>
      }
      columns={columns}
      rows={rows}
      testId="import-duplicates"
    />
  );
}

/** Whose name a created card shares: records the user may see (a few, and how many more), or an earlier card. */
function SameNameAs({ p }: { p: ImportPossibleDuplicate }) {
  const { t } = useI18n();
  const more = p.existingCount - p.existing.length;
  return (
    <Flex vertical gap={2} style={{ minWidth: 0 }} data-testid="import-same-name">
      {p.existing.map((e) => (
        <ExistingLink key={e.id} existing={e} testId="import-same-name-link" />
      ))}
      {more > 0 && <Typography.Text type="secondary">{t('import.sameNameMore', { count: more })}</Typography.Text>}
      {p.inFileLine !== null && <span>{t('import.sameLine', { line: p.inFileLine })}</span>}
    </Flex>
  );
}

function PossibleDuplicatesCard({ rows, dryRun }: { rows: ImportPossibleDuplicate[]; dryRun: boolean }) {
  const { t } = useI18n();
  const columns = useCardColumns<ImportPossibleDuplicate>({
    detailTitle: t('import.sameNameAs'),
    detail: (p) => <SameNameAs p={p} />,
    more: (p) =>
      p.id !== null && (
        <Link to={`/prospects/${p.id}`} data-testid="import-new-record" style={{ fontSize: 12 }}>
          {t('import.openNew')}
        </Link>
      ),
  });
  return (
    <ReportTable title={t('import.possible')} hint={dryRun ? t('import.possibleHintDry') : t('import.possibleHint')} columns={columns} rows={rows} testId="import-possible" />
  );
}

function Problems({ problems }: { problems: CardProblem[] }) {
  const { t } = useI18n();
  return (
    <Flex vertical gap={2} style={{ minWidth: 0 }}>
      {problems.map((p, i) => (
        <span key={i} className="pond-wrap" data-testid="import-problem">
          <Tag style={{ marginInlineEnd: 6 }}>{PROBLEM_FIELDS.has(p.field) ? t(`prospect.${p.field}` as MessageKey) : p.field}</Tag>
          {p.message}
        </span>
      ))}
    </Flex>
  );
}

function RejectedCard({ rows }: { rows: ImportRejected[] }) {
  const { t } = useI18n();
  const columns = useCardColumns<ImportRejected>({ detailTitle: t('import.problems'), detail: (r) => <Problems problems={r.problems} /> });
  return <ReportTable title={t('import.rejected')} hint={t('import.rejectedHint')} columns={columns} rows={rows} testId="import-rejected" />;
}

function SkippedCard({ rows }: { rows: ImportSkipped[] }) {
  const { t } = useI18n();
  const columns = useCardColumns<ImportSkipped>({
    detailTitle: t('import.reason'),
    detail: (r) => (
      <span className="pond-wrap" data-testid="import-skip-reason">
        {r.message}
      </span>
    ),
  });
  return <ReportTable title={t('import.skipped')} hint={t('import.skippedHint')} columns={columns} rows={rows} testId="import-skipped" />;
}

/** What was left out of one card, each with the field it concerns. */
function LeftOut({ warnings }: { warnings: ImportWarned['warnings'] }) {
  const { t } = useI18n();
  return (
    <Flex vertical gap={2} style={{ minWidth: 0 }}>
      {warnings.map((w, i) => (
        <span key={i} className="pond-wrap" data-testid="import-warning">
          {w.field && PROBLEM_FIELDS.has(w.field) && <Tag style={{ marginInlineEnd: 6 }}>{t(`prospect.${w.field}` as MessageKey)}</Tag>}
          {w.message}
        </span>
      ))}
    </Flex>
  );
}

function WarningsCard({ rows, dryRun }: { rows: ImportWarned[]; dryRun: boolean }) {
  const { t } = useI18n();
  const columns = useCardColumns<ImportWarned>({
    detailTitle: t('import.leftOut'),
    detail: (w) => <LeftOut warnings={w.warnings} />,
    more: (w) =>
      w.id !== null && (
        <Link to={`/prospects/${w.id}`} data-testid="import-warned-record" style={{ fontSize: 12 }}>
          {t('import.openNew')}
        </Link>
      ),
  });
  return (
    <ReportTable
      title={dryRun ? t('import.warningsDry') : t('import.warnings')}
      hint={dryRun ? t('import.warningsHintDry') : t('import.warningsHint')}
      columns={columns}
      rows={rows}
      testId="import-warnings"
    />
  );
}

const LINE_COLUMN = (title: string) => ({ title, key: 'line', width: 56, render: (_: unknown, r: { line: number }) => <LineCell line={r.line} /> });

/**
 * Line, card, and what is said about the card. A phone has no room for a third column: that goes under the
 * card's name (and `more`, when given).
 */
function useCardColumns<T extends { line: number; name: string }>(c: { detailTitle: string; detail: (r: T) => ReactNode; more?: (r: T) => ReactNode }): TableColumnsType<T> {
  const { t } = useI18n();
  const isPhone = useIsPhone();
  return [
    LINE_COLUMN(t('import.line')),
    {
      title: t('import.card'),
      key: 'card',
      render: (_, r) => (
        <Flex vertical gap={4} style={{ minWidth: 0 }}>
          <CardName name={r.name} />
          {c.more?.(r)}
          {isPhone && c.detail(r)}
        </Flex>
      ),
    },
    ...(isPhone ? [] : [{ title: c.detailTitle, key: 'detail', render: (_: unknown, r: T) => c.detail(r) }]),
  ];
}

/** One kind of card left out or flagged: a titled, counted table with a line on what it means. */
function ReportTable<T extends { line: number }>(p: { title: string; hint: string; extra?: ReactNode; columns: TableColumnsType<T>; rows: T[]; testId: string }) {
  return (
    <Card size="small" title={<CardTitle text={p.title} count={p.rows.length} />} styles={{ body: { padding: 0 } }}>
      <Typography.Paragraph type="secondary" style={{ margin: '8px 12px' }}>
        {p.hint}
      </Typography.Paragraph>
      {p.extra && <div style={{ margin: '0 12px 8px' }}>{p.extra}</div>}
      <Table<T> rowKey="line" size="small" columns={p.columns} dataSource={p.rows} pagination={PAGINATION} data-testid={p.testId} />
    </Card>
  );
}

function CardTitle({ text, count }: { text: string; count: number }) {
  return (
    <Flex gap={8} align="center" wrap>
      <span className="pond-wrap" style={{ whiteSpace: 'normal' }}>
        {text}
      </span>
      <Tag style={{ marginInlineEnd: 0 }}>{count}</Tag>
    </Flex>
  );
}
