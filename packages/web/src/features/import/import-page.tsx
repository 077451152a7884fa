import { useEffect, useRef, useState } from 'react';
import { Alert, Button, Card, Flex, Progress, Result, Steps, Typography } from 'antd';
import { ArrowLeftOutlined, CloudUploadOutlined, UnorderedListOutlined } from '@ant-design/icons';
import { Link, useNavigate } from 'react-router';
import { PageHeader } from '../../app/page-header.js';
import { useErrorText } from '../../app/use-error-text.js';
import { useIsPhone } from '../../app/use-is-phone.js';
import { useI18n } from '../../i18n/i18n-context.js';
import { filterParams } from '../prospects/prospects-api.js';
import { isApiError } from '../../api/client.js';
import { columnsOf, wouldCreate, type ImportProgress, type ImportReport } from './import-api.js';
import { ImportColumns, rememberedMapping } from './import-columns.js';
import { MAX_FILE_MB, decodedFile, requestFor, sameRequest, useImportDraft } from './import-draft.js';
import { ChosenFile, FileDropZone } from './import-file.js';
import { ImportOptions } from './import-options.js';
import { ImportReportView } from './import-report.js';

/**
 * 名片匯入: a CSV or vCard file is read in the browser, checked by a dry run (what would be created, which cards
 * are duplicates, which are refused and why), then imported as the user's prospects.
 */
export function ImportPage() {
  const { t, locale } = useI18n();
  const errorText = useErrorText();
  const isPhone = useIsPhone();
  const navigate = useNavigate();
  const { draft, pick, setChoices, check, run, again } = useImportDraft();
  const { file, choices } = draft;

  const decoded = file ? decodedFile(file, choices.encoding, locale) : null;
  const request = file && decoded ? requestFor(file, decoded.text, choices) : null;
  // A check answers only the file and choices it was given: any change asks for a new one.
  const checked = request && draft.check && sameRequest(draft.check.request, request) ? draft.check : null;
  const importing = request && draft.run && sameRequest(draft.run.request, request) ? draft.run : null;
  const preview = checked?.report;
  const done = draft.run?.report;
  const busy = Boolean(checked?.pending || draft.run?.pending);
  const count = preview ? wouldCreate(preview) : 0;
  // Cards of the preview whose new values go onto the prospects they match; a new preview starts with none.
  const [enrichLines, setEnrichLines] = useState<Set<number>>(new Set());
  useEffect(() => setEnrichLines(new Set()), [preview]);
  const enrichCount = preview ? preview.duplicates.filter((d) => d.adds && enrichLines.has(d.line)).length : 0;
  // A CSV's columns, from the latest check of this file (its report, or the refusal of a file with no name column).
  const columns = file ? columnsOf(draft.check) : null;
  const noName = isApiError(draft.check?.error, 'IMPORT_NO_NAME_COLUMN');

  // The mapping this device used last time for the same header row applies at once, and the file is checked again.
  useEffect(() => {
    if (!columns || !file || !decoded || draft.check?.pending || Object.keys(choices.columns).length) return;
    const remembered = rememberedMapping(columns);
    if (!remembered) return;
    const next = { ...choices, columns: remembered };
    setChoices(next);
    check(requestFor(file, decoded.text, next));
  });

  // A check's report scrolls into view: on a phone it starts below the fold.
  const shown: ImportReport | undefined = done ?? preview;
  const reportTop = useRef<HTMLDivElement>(null);
  const seen = useRef(shown);
  useEffect(() => {
    // The report after an import sits right under the steps, once the file and options have gone.
    if (shown && shown !== seen.current) {
      if (shown.dryRun) reportTop.current?.scrollIntoView({ block: 'start' });
      else window.scrollTo({ top: 0 });
    }
    seen.current = shown;
  }, [shown]);

  // The list, narrowed to the import's first tag when it had one, so the new cards are easy to find.
  const listPath = choices.tags[0] ? `/prospects?${filterParams({ tag: choices.tags[0] }).toString()}` : '/prospects';
  const step = done || preview ? 2 : file ? 1 : 0;

  return (
    <div data-testid="import-page">
      <Link to="/prospects" style={{ display: 'inline-block', marginBottom: 8 }}>
        <ArrowLeftOutlined /> {t('nav.prospects')}
      </Link>
      <PageHeader title={t('import.title')} />
      <Steps
        size="small"
        current={step}
        status={done ? 'finish' : 'process'}
        responsive={false}
        titlePlacement={isPhone ? 'vertical' : 'horizontal'}
        items={[{ title: t('import.stepFile') }, { title: t('import.stepCheck') }, { title: t('import.stepImport') }]}
        style={{ marginBottom: 16 }}
      />
      <Flex vertical gap={12}>
        {draft.fileProblem && (
          <Alert
            type="error"
            showIcon
            title={draft.fileProblem === 'tooLarge' ? t('import.tooLarge', { mb: MAX_FILE_MB }) : t('import.unreadableFile')}
            data-testid="import-file-error"
          />
        )}
        {!done && (
          <>
            {file && decoded ? <ChosenFile file={file} text={decoded.text} encoding={decoded.encoding} disabled={busy} onPick={pick} /> : <FileDropZone onPick={pick} />}
            <ImportOptions value={choices} onChange={setChoices} disabled={busy} />
            {columns && <ImportColumns columns={columns} mapping={choices.columns} onChange={(m) => setChoices({ ...choices, columns: m })} noName={noName} disabled={busy} />}
            {!preview && (
              <Flex align="center" gap={12} wrap>
                <Button type="primary" size="large" disabled={!request} loading={checked?.pending} onClick={() => request && check(request)} data-testid="import-check">
                  {t('import.check')}
                </Button>
                <Typography.Text type="secondary" style={{ flex: '1 1 220px' }}>
                  {t('import.checkHint')}
                </Typography.Text>
              </Flex>
            )}
            {checked?.error !== undefined && <Alert type="error" showIcon title={errorText(checked.error)} data-testid="import-error" />}
          </>
        )}
        <div ref={reportTop} style={{ scrollMarginTop: 76 }}>
          {done ? (
            <Flex vertical gap={12}>
              <Card size="small" data-testid="import-done">
                <Result
                  status={done.created > 0 || done.duplicates.some((d) => d.enriched) ? 'success' : 'warning'}
                  title={t('import.doneTitle')}
                  subTitle={
                    <>
                      <div>{t('import.doneCreated', { count: done.created })}</div>
                      {done.duplicates.some((d) => d.enriched) && <div data-testid="import-done-enriched">{t('import.doneEnriched', { count: done.duplicates.filter((d) => d.enriched).length })}</div>}
                      {done.duplicates.length + done.rejected.length + done.skipped.length > 0 && <div>{t('import.doneLeftOut')}</div>}
                    </>
                  }
                  style={{ padding: isPhone ? '16px 0' : '24px 32px' }}
                  extra={
                    <Flex gap={8} justify="center" wrap>
                      <Button type="primary" icon={<UnorderedListOutlined />} onClick={() => navigate(listPath)} data-testid="import-open-list">
                        {t('import.openList')}
                      </Button>
                      <Button onClick={again} data-testid="import-again">
                        {t('import.again')}
                      </Button>
                    </Flex>
                  }
                />
              </Card>
              <ImportReportView report={done} />
            </Flex>
          ) : (
            preview && (
              <ImportReportView
                report={preview}
                enrich={{ lines: enrichLines, onChange: setEnrichLines }}
                title={t('import.checkedTitle')}
                actions={
                  <Flex vertical gap={8}>
                    {count > 0 || enrichCount > 0 ? (
                      <Flex align="center" gap={12} wrap>
                        <Button
                          type="primary"
                          size="large"
                          icon={<CloudUploadOutlined />}
                          loading={importing?.pending}
                          onClick={() => request && run(request, [...enrichLines])}
                          data-testid="import-run"
                        >
                          {count === 0 ? t('import.runEnrichOnly', { count: enrichCount }) : count === 1 ? t('import.runOne') : t('import.run', { count })}
                        </Button>
                        {count > 0 && enrichCount > 0 && <Typography.Text type="secondary">{t('import.runEnrichToo', { count: enrichCount })}</Typography.Text>}
                        <Typography.Text type="secondary" style={{ flex: '1 1 220px' }}>
                          {count === 0 ? t('import.runEnrichHint') : t('import.runHint')}
                        </Typography.Text>
                      </Flex>
                    ) : (
                      <Alert type="warning" showIcon title={t('import.nothingToImport')} data-testid="import-nothing" />
                    )}
                    {importing?.pending && <ImportProgressBar progress={importing.progress} />}
                    {importing?.error !== undefined && <Alert type="error" showIcon title={errorText(importing.error)} data-testid="import-error" />}
                  </Flex>
                }
              />
            )
          )}
        </div>
      </Flex>
    </div>
  );
}

/** How far a running import got: the cards written of those it will write, or a moment of checking before the first. */
function ImportProgressBar({ progress }: { progress: ImportProgress | undefined }) {
  const { t, locale } = useI18n();
  const number = (n: number) => n.toLocaleString(locale);
  const percent = progress && progress.total > 0 ? Math.floor((progress.done / progress.total) * 100) : 0;
  return (
    <div role="status" aria-live="polite" data-testid="import-progress" data-done={progress?.done ?? 0} data-total={progress?.total ?? 0}>
      <Progress percent={percent} status="active" size="small" />
      <Typography.Text type="secondary">{progress ? t('import.progress', { done: number(progress.done), total: number(progress.total) }) : t('import.progressChecking')}</Typography.Text>
    </div>
  );
}
