/**
 * The prospect list's "Export CSV": the file downloads with the list's current filters and headers in the user's
 * language, holds only what the user may see, and no cell of it runs as a formula when a spreadsheet opens it. The
 * columns are chosen in a dialog and remembered on the device; the same columns come as an Excel workbook.
 */
import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import ExcelJS from 'exceljs';
import { DESKTOP, PHONE, test, type TestContext } from '../harness.js';
import { type ApiSession, arrangeSalespeople, assertNoHorizontalScroll, loginAndWait, still, switchLanguage } from '../helpers.js';

const PASSWORD = 'a spreadsheet of the pond 31';
const EVIL = '=HYPERLINK("http://evil.example","點我")';
const HEADER_ZH = '姓名,公司,職稱,電話,電郵,微信號,地址,備註,標籤,等級,重要性,預計成交,階段,處置,再訪日期,放棄原因,負責人,名片收集人,來源,通訊訂閱,上次接觸,下次聯繫,接觸次數';
const HEADER_EN =
  'Name,Company,Title,Phones,Emails,WeChat ID,Address,Notes,Tags,Grade,Importance,Expected close,Stage,Disposition,Paused until,Reason dropped,Owner,Card collected by,Source,Newsletter consent,Last touch,Next contact,Touches';
/** What the file writes after the card of a new prospect nobody has touched yet, owned and collected by `owner`. */
const untouched = (owner: string, locale: 'zh-Hant' | 'en') =>
  locale === 'en' ? `Normal,Unknown,Prospect,Keep visiting,,,${owner},${owner},Other,Not asked,,,0` : `一般,未知,潛在客戶,繼續訪問,,,${owner},${owner},其他,未確認,,,0`;

/** A salesperson with three prospects (two graded A, one B) and a colleague with one of their own. */
async function arrange(t: TestContext, tag: 'phone' | 'desktop', locale: 'zh-Hant' | 'en') {
  const seller = { email: `export-${tag}@pond.test`, name: `匯出${tag}`, password: PASSWORD };
  const other = { email: `export-other-${tag}@pond.test`, name: `別人${tag}`, password: PASSWORD };
  const [api, theirs] = (await arrangeSalespeople(t, [seller, other].map((u) => ({ ...u, locale })))).sessions as [ApiSession, ApiSession];
  // The numbers are the mainland's, written without +86: the salesperson reads numbers as the mainland's.
  await api.patch('/api/v1/auth/me', { phoneRegion: 'CN' });
  const label = `export-${tag}`;
  const block = tag === 'phone' ? '3' : '4';
  const names = { evil: `${EVIL}${tag}`, chen: `陳經理${tag}`, low: `林小姐${tag}`, hidden: `祕密客戶${tag}` };
  await api.post('/api/v1/prospects', { name: names.evil, title: '-採購', emails: [`evil-${tag}@example.com`], grade: 'A', tags: [label] });
  await api.post('/api/v1/prospects', { name: names.chen, company: '騰訊科技', phones: [`137 700${block} 1001`], grade: 'A', tags: [label] });
  await api.post('/api/v1/prospects', { name: names.low, emails: [`lin-${tag}@example.com`], grade: 'B', tags: [label] });
  await theirs.post('/api/v1/prospects', { name: names.hidden, emails: [`secret-${tag}@example.com`], grade: 'A', tags: [label] });
  return { seller, label, block, names };
}

/** Opens the list filtered to grade A and the spec's tag, clicks "Export CSV" and reads the file it downloads. */
async function exportList(t: TestContext, label: string, expectedRows: string[], shotPrefix = '') {
  const { page, shot, viewport } = t;
  await page.goto(`/prospects?grade=A&tag=${encodeURIComponent(label)}`);
  const names = page.getByTestId('prospect-table').locator('.ant-table-row strong');
  await names.first().waitFor();
  assert.deepEqual((await names.allTextContents()).sort(), [...expectedRows].sort(), 'the list shows the filtered prospects');
  const button = page.getByTestId('prospects-export');
  await button.waitFor();
  const box = await button.boundingBox();
  assert.ok(box && box.x >= 0 && box.x + box.width <= viewport.width, `the export button is on screen (${JSON.stringify(box)})`);
  await assertNoHorizontalScroll(page);
  await shot(`${shotPrefix}1-list-header`);

  const [download] = await Promise.all([page.waitForEvent('download'), button.click()]);
  assert.match(download.suggestedFilename(), /^pond-prospects-\d{4}-\d{2}-\d{2}\.csv$/);
  const path = await download.path();
  assert.ok(path, 'the download was saved');
  const bytes = await readFile(path);
  await shot(`${shotPrefix}2-after-export`);
  return bytes;
}

/** The CSV's lines (CRLF-separated, as written), after the BOM. */
function linesOf(bytes: Buffer): string[] {
  assert.deepEqual([...bytes.subarray(0, 3)], [0xef, 0xbb, 0xbf], 'UTF-8 with a BOM, so Excel reads the Chinese correctly');
  const text = bytes.subarray(3).toString('utf8');
  assert.ok(text.endsWith('\r\n'), 'CRLF line ends');
  return text.slice(0, -2).split('\r\n');
}

test('export the filtered list as CSV (繁體中文)', { viewport: PHONE, locale: 'zh-TW' }, async (t) => {
  const { page } = t;
  const { seller, label, block, names } = await arrange(t, 'phone', 'zh-Hant');
  await page.goto('/login');
  await loginAndWait(page, seller.email, seller.password);
  const lines = linesOf(await exportList(t, label, [names.evil, names.chen]));
  // At phone width the button is its icon alone, named for screen readers in the user's language.
  assert.equal(await page.getByTestId('prospects-export').getAttribute('aria-label'), '將此列表顯示的潛在客戶下載為 CSV 檔案（可用試算表開啟）');

  assert.equal(lines[0], HEADER_ZH);
  assert.equal(lines.length, 3, `a header and the two prospects graded A: ${lines.join(' | ')}`);
  const book = untouched(seller.name, 'zh-Hant');
  // The formula is written behind a quote (and quoted, for its commas and quotes): a spreadsheet shows it as text.
  assert.ok(lines.includes(`"'=HYPERLINK(""http://evil.example"",""點我"")phone",,'-採購,,evil-phone@example.com,,,,${label},A,${book}`), lines.join('\n'));
  // An E.164 phone starts with +, so it is neutralised too.
  assert.ok(lines.includes(`${names.chen},騰訊科技,,'+86137700${block}1001,,,,,${label},A,${book}`), lines.join('\n'));
  const text = lines.join('\n');
  assert.ok(!text.includes(names.low), 'the grade B prospect is filtered out');
  assert.ok(!text.includes(names.hidden), "another salesperson's prospect is never in the file");

  // Switched to English, still at phone width: the header still fits, and the file's header row follows the language.
  await Promise.all([page.waitForResponse((r) => r.url().endsWith('/api/v1/auth/me') && r.request().method() === 'PATCH'), switchLanguage(page, 'en')]);
  const english = linesOf(await exportList(t, label, [names.evil, names.chen], 'en-'));
  assert.equal(english[0], HEADER_EN);
  // The same cells, the labels now in English.
  assert.deepEqual(english.slice(1), lines.slice(1).map((l) => l.replace(book, untouched(seller.name, 'en'))));

  // The column chooser fits a phone's width and lists every column by its header.
  await page.getByTestId('prospects-export-formats').click();
  await page.locator('.ant-dropdown:not(.ant-dropdown-hidden) .ant-dropdown-menu-item').filter({ hasText: 'Choose columns' }).click();
  const dialog = page.locator('.ant-modal').filter({ has: page.getByTestId('export-columns') });
  await dialog.waitFor();
  await still(page);
  assert.equal(await dialog.getByRole('checkbox').count(), HEADER_EN.split(',').length);
  const modal = await dialog.locator('.ant-modal-container').boundingBox();
  assert.ok(modal && modal.x >= 0 && modal.x + modal.width <= t.viewport.width, `the dialog fits the screen (${JSON.stringify(modal)})`);
  await assertNoHorizontalScroll(page);
  await t.shot('3-columns');
  await dialog.locator('.ant-modal-footer .ant-btn').filter({ hasText: 'Cancel' }).click();
  await dialog.waitFor({ state: 'hidden' });
});

test('export the filtered list as CSV (English)', { viewport: DESKTOP, locale: 'en-US' }, async (t) => {
  const { page } = t;
  const { seller, label, block, names } = await arrange(t, 'desktop', 'en');
  await page.goto('/login');
  await loginAndWait(page, seller.email, seller.password);
  await page.goto('/prospects');
  await page.getByTestId('prospects-export').filter({ hasText: 'Export CSV' }).waitFor();
  const lines = linesOf(await exportList(t, label, [names.evil, names.chen]));

  assert.equal(lines[0], HEADER_EN);
  const book = untouched(seller.name, 'en');
  assert.deepEqual(lines.slice(1).sort(), [
    `"'=HYPERLINK(""http://evil.example"",""點我"")desktop",,'-採購,,evil-desktop@example.com,,,,${label},A,${book}`,
    `${names.chen},騰訊科技,,'+86137700${block}1001,,,,,${label},A,${book}`,
  ].sort());
  for (const cell of lines.slice(1).flatMap((l) => l.split(','))) assert.doesNotMatch(cell.replace(/^"/, ''), /^\s*[=+\-@]/, `cell ${cell}`);

  // Only the name and the phones, chosen in the dialog: the CSV and the Excel workbook hold just those.
  const chooseColumns = async () => {
    await page.getByTestId('prospects-export-formats').click();
    await page.locator('.ant-dropdown:not(.ant-dropdown-hidden) .ant-dropdown-menu-item').filter({ hasText: 'Choose columns' }).click();
    const dialog = page.locator('.ant-modal').filter({ has: page.getByTestId('export-columns') });
    await dialog.waitFor();
    return dialog;
  };
  let dialog = await chooseColumns();
  await dialog.getByTestId('export-columns-none').click();
  assert.equal(await dialog.getByTestId('export-columns-save').isDisabled(), true, 'nothing ticked: nothing to save');
  await dialog.getByRole('checkbox', { name: 'Phones' }).check();
  await dialog.getByRole('checkbox', { name: 'Name', exact: true }).check();
  await dialog.getByTestId('export-columns-save').click();
  await dialog.waitFor({ state: 'hidden' });
  const [csv] = await Promise.all([page.waitForEvent('download'), page.getByTestId('prospects-export').click()]);
  const chosen = linesOf(await readFile((await csv.path())!));
  assert.deepEqual(chosen.sort(), ['Name,Phones', `${names.chen},'+86137700${block}1001`, `"'=HYPERLINK(""http://evil.example"",""點我"")desktop",`].sort());

  await page.getByTestId('prospects-export-formats').click();
  const [xlsx] = await Promise.all([page.waitForEvent('download'), page.locator('.ant-dropdown:not(.ant-dropdown-hidden) .ant-dropdown-menu-item').filter({ hasText: 'Excel (.xlsx)' }).click()]);
  assert.match(xlsx.suggestedFilename(), /^pond-prospects-\d{4}-\d{2}-\d{2}\.xlsx$/);
  const workbook = new ExcelJS.Workbook();
  await workbook.xlsx.load((await readFile((await xlsx.path())!)) as unknown as ArrayBuffer);
  const sheet = workbook.worksheets[0]!;
  assert.deepEqual((sheet.getRow(1).values as unknown[]).slice(1), ['Name', 'Phones']);
  const cells = sheet.getRows(2, sheet.rowCount - 1)!.map((r) => [r.getCell(1).value, r.getCell(2).value]);
  // In a workbook the cells are text as they are: no quote in front of the formula or the phone.
  assert.deepEqual(cells.sort(), [[names.chen, `+86137700${block}1001`], [names.evil, null]].sort());

  // The choice is remembered on this device; "All" brings every column back.
  await page.reload();
  dialog = await chooseColumns();
  assert.equal(await dialog.getByRole('checkbox', { name: 'Company' }).isChecked(), false);
  assert.equal(await dialog.getByRole('checkbox', { name: 'Phones' }).isChecked(), true);
  await dialog.getByTestId('export-columns-all').click();
  await dialog.getByTestId('export-columns-save').click();
  await dialog.waitFor({ state: 'hidden' });
});
