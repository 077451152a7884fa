/// <reference lib="dom" />
/**
 * Cards from a trade show into the book: the file is read in the browser (in the encoding it was saved in), a
 * check reports what an import would do (new cards, duplicates of prospects already in Pond, refused cards with
 * the reason in the reader's language), and the import makes the new cards the salesperson's prospects.
 */
import assert from 'node:assert/strict';
import type { Page } from 'playwright-core';
import { DESKTOP, PHONE, test, type TestContext } from '../harness.js';
import { type ApiSession, arrangeSalespeople, assertNoHorizontalScroll, loginAndWait, waitForText } from '../helpers.js';

const PASSWORD = 'cards from the trade show 26';

interface Created {
  prospect: { id: number };
}
interface Read {
  prospect: { id: number; name: string; grade: string; source: string; tags: string[]; company: string | null; owner: { name: string } | null };
}
interface Found {
  items: { prospect: { id: number; name: string } }[];
}

/** A salesperson per viewport, who already has 陳經理 in the book (the card the file repeats). */
async function arrange(t: TestContext, tag: 'phone' | 'desktop', locale: 'zh-Hant' | 'en') {
  const seller = { email: `import-${tag}@pond.test`, name: `名片${tag}`, password: PASSWORD };
  const [api] = (await arrangeSalespeople(t, [{ ...seller, locale }])).sessions as [ApiSession];
  // The cards carry mainland numbers without +86: the salesperson reads numbers as the mainland's (and sees them so).
  await api.patch('/api/v1/auth/me', { phoneRegion: 'CN' });
  // Each viewport has its own numbers: duplicates are found across the whole book.
  const block = tag === 'phone' ? '1' : '2';
  const existing = await api.post<Created>('/api/v1/prospects', { name: '陳經理', phones: [`137 700${block} ${block}000`], grade: 'A' });
  return { seller, api, block, existingId: existing.prospect.id };
}

/** Big5 bytes, as Excel on traditional-Chinese Windows saves a CSV; Node decodes Big5 but cannot encode it. */
function big5(text: string): Buffer {
  const table = new Map<string, [number, number]>();
  const decoder = new TextDecoder('big5', { fatal: true });
  for (let lead = 0xa1; lead <= 0xf9; lead++) {
    for (let trail = 0x40; trail <= 0xfe; trail++) {
      if (trail > 0x7e && trail < 0xa1) continue;
      try {
        const ch = decoder.decode(Uint8Array.of(lead, trail));
        if (!table.has(ch)) table.set(ch, [lead, trail]);
      } catch {
        // Not a character in Big5.
      }
    }
  }
  const bytes: number[] = [];
  for (const ch of text) {
    const code = ch.codePointAt(0)!;
    if (code < 0x80) bytes.push(code);
    else bytes.push(...(table.get(ch) ?? assert.fail(`${ch} has no Big5 code`)));
  }
  return Buffer.from(bytes);
}

const fileInput = (page: Page) => page.getByTestId('import-page').locator('input[type=file]');
const count = async (page: Page, key: string) => Number(await page.getByTestId(`import-count-${key}`).getAttribute('data-value'));

async function counts(page: Page) {
  return { cards: await count(page, 'cards'), create: await count(page, 'create'), duplicates: await count(page, 'duplicates'), rejected: await count(page, 'rejected') };
}

/** From the prospect list's header, where the import button sits beside "New". */
async function openImport(t: TestContext, buttonText: string) {
  const { page, shot } = t;
  await page.goto('/prospects');
  const button = page.getByTestId('prospects-import');
  await waitForText(button, buttonText);
  await assertNoHorizontalScroll(page);
  await shot('0-prospects-header');
  await button.click();
  await page.waitForURL('**/prospects/import');
  await page.getByTestId('import-file').waitFor();
}

async function addTag(page: Page, tag: string) {
  await page.getByTestId('import-tags').locator('input').fill(tag);
  await page.keyboard.press('Enter');
  await page.getByTestId('import-tags').getByText(tag, { exact: true }).waitFor();
}

/** Chooses the option whose label is exactly `option`, and waits until the list has closed again. */
async function pick(page: Page, testId: string, option: string) {
  await page.getByTestId(testId).click();
  const open = page.locator('.ant-select-dropdown:not(.ant-select-dropdown-hidden)');
  await open.locator(`.ant-select-item-option[title=${JSON.stringify(option)}]`).click();
  await open.waitFor({ state: 'detached' });
}

/** The dry run's report, with its tables drawn (antd fades rows in: screenshots are for people to look at). */
async function checkAndWait(page: Page) {
  await page.getByTestId('import-check').click();
  await page.locator('[data-testid=import-report][data-dry-run=true]').waitFor();
  await page.waitForTimeout(400);
}

/** The report has scrolled into view (on a phone it starts below the fold): that screen, then the whole page. */
async function shotReport(t: TestContext, label: string) {
  const { page, shot, viewport } = t;
  const box = await page.getByTestId('import-summary').boundingBox();
  assert.ok(box && box.y >= 0 && box.y < viewport.height / 2, `the report's summary is in view (at ${box?.y}px)`);
  await shot(label);
  await page.evaluate('window.scrollTo(0, 0)');
  await shot(`${label}-full`, { fullPage: true });
}

/** The new prospect is in the list the done page links to, and in the search, with the import's grade and tag. */
async function assertImported(t: TestContext, api: Awaited<ReturnType<typeof arrange>>['api'], name: string, grade: string, tag: string) {
  const { page } = t;
  await page.getByTestId('import-open-list').click();
  await page.waitForURL((url) => url.pathname === '/prospects' && url.searchParams.get('tag') === tag);
  const names = page.getByTestId('prospect-table').locator('.ant-table-row strong');
  await names.filter({ hasText: name }).first().waitFor();
  assert.deepEqual(await names.allTextContents(), [name], 'the list, narrowed to the import tag, holds the new card only');
  await assertNoHorizontalScroll(page);

  const found = await api.get<Found>(`/api/v1/search?q=${encodeURIComponent(name)}`);
  assert.equal(found.items.length, 1, `search finds ${name} once`);
  const { prospect } = await api.get<Read>(`/api/v1/prospects/${found.items[0]!.prospect.id}`);
  assert.equal(prospect.grade, grade);
  assert.equal(prospect.source, 'import');
  assert.equal(prospect.company, '遠東紡織');
  assert.ok(prospect.tags.includes(tag), `tagged ${tag}: ${prospect.tags.join(', ')}`);
}

test('cards from a file: check, then import (繁體中文)', { viewport: PHONE, locale: 'zh-TW' }, async (t) => {
  const { page, shot } = t;
  const { seller, api, existingId } = await arrange(t, 'phone', 'zh-Hant');
  const tag = '台北展-phone';
  await page.goto('/login');
  await loginAndWait(page, seller.email, seller.password);
  await openImport(t, '匯入名片');
  await assertNoHorizontalScroll(page);
  await shot('1-choose');

  const csv = '姓名,公司,手機,電郵\n林志明,遠東紡織,137 7001 1001,zhiming.phone@example.com\n陳經理,,137 7001 1000,\n李壞號,,12345,\n';
  await fileInput(page).setInputFiles({ name: '台北展名片.csv', mimeType: 'text/csv', buffer: Buffer.from(csv, 'utf8') });
  await waitForText(page.getByTestId('import-file-name'), '台北展名片.csv');
  assert.match((await page.getByTestId('import-read-as').textContent()) ?? '', /以 UTF-8 讀取/);
  await addTag(page, tag);
  await checkAndWait(page);

  assert.deepEqual(await counts(page), { cards: 3, create: 1, duplicates: 1, rejected: 1 });
  const duplicates = page.getByTestId('import-duplicates');
  assert.equal(await duplicates.getByTestId('import-duplicate-link').getAttribute('href'), `/prospects/${existingId}`);
  assert.match((await duplicates.locator('.ant-table-row').first().textContent()) ?? '', /^3.*陳經理.*137 7001 1000.*陳經理.*您的客戶/);
  const refused = page.getByTestId('import-rejected').locator('.ant-table-row');
  assert.equal(await refused.count(), 1);
  assert.match((await refused.first().textContent()) ?? '', /^4.*李壞號.*電話.*電話號碼太短。/);
  await assertNoHorizontalScroll(page);
  await shotReport(t, '2-dry-run');

  const run = page.getByTestId('import-run');
  await waitForText(run, '匯入 1 張名片');
  await run.click();
  await page.getByTestId('import-done').waitFor();
  await page.locator('[data-testid=import-report][data-dry-run=false]').waitFor();
  assert.deepEqual(await counts(page), { cards: 3, create: 1, duplicates: 1, rejected: 1 });
  await waitForText(page.getByTestId('import-done'), '匯入完成');
  await assertNoHorizontalScroll(page);
  await shot('3-done', { fullPage: true });

  await assertImported(t, api, '林志明', 'unrated', tag);
});

test('cards from a file: a refused file, a Big5 file, check, then import (English)', { viewport: DESKTOP, locale: 'en-US' }, async (t) => {
  const { page, shot } = t;
  const { seller, api, existingId } = await arrange(t, 'desktop', 'en');
  const tag = 'Taipei Expo desktop';
  await page.goto('/login');
  await loginAndWait(page, seller.email, seller.password);
  await openImport(t, 'Import cards');

  // A file the server cannot read: its own localised message, and nothing else happens.
  await fileInput(page).setInputFiles({ name: 'companies.csv', mimeType: 'text/csv', buffer: Buffer.from('Company,Phone\nAcme,13770029999\n') });
  await page.getByTestId('import-check').click();
  await waitForText(page.getByTestId('import-error'), 'The CSV has no name column (for example "Name", "First Name" and "Last Name", or 姓名).');
  assert.equal(await page.getByTestId('import-report').count(), 0);
  await shot('1-refused-file');

  // Saved by an older Excel in Big5, no BOM: recognised as Big5 although the reader's fallback is GB18030; forced
  // to GB18030 the names are garbled, until Big5 is chosen again.
  const csv =
    '姓名,公司,手機,電郵\n' +
    '林志明,遠東紡織,137 7002 2001,zhiming.desktop@example.com\n' + // 2: new
    '陳經理,,137 7002 2000,\n' + // 3: already in the book
    '李壞號,,12345,\n' + // 4: a phone that cannot exist
    '張春嬌,,,ZHIMING.desktop@example.com\n'; // 5: the e-mail of line 2
  await fileInput(page).setInputFiles({ name: 'expo-big5.csv', mimeType: 'text/csv', buffer: big5(csv) });
  await waitForText(page.getByTestId('import-file-name'), 'expo-big5.csv');
  assert.match((await page.getByTestId('import-read-as').textContent()) ?? '', /read as Big5/);
  await pick(page, 'import-encoding', 'GB18030 (Simplified Chinese)');
  await page.getByTestId('import-read-as').filter({ hasText: 'read as GB18030' }).waitFor();
  assert.ok(!((await page.getByTestId('import-preview').textContent()) ?? '').includes('林志明'), 'read as GB18030, a Big5 file is garbled');
  await pick(page, 'import-encoding', 'Big5 (Traditional Chinese)');
  await page.getByTestId('import-read-as').filter({ hasText: 'read as Big5' }).waitFor();
  assert.match((await page.getByTestId('import-preview').textContent()) ?? '', /林志明,遠東紡織/);
  assert.equal(await page.getByTestId('import-error').count(), 0, 'the refused file’s error went with it');

  await pick(page, 'import-grade', 'B');
  await addTag(page, tag);
  await checkAndWait(page);
  assert.deepEqual(await counts(page), { cards: 4, create: 1, duplicates: 2, rejected: 1 });
  const duplicateRows = page.getByTestId('import-duplicates').locator('.ant-table-row');
  assert.match((await duplicateRows.nth(0).textContent()) ?? '', /^3.*陳經理.*137 7002 2000.*陳經理.*\(yours\)/);
  assert.equal(await duplicateRows.nth(0).getByTestId('import-duplicate-link').getAttribute('href'), `/prospects/${existingId}`);
  assert.match((await duplicateRows.nth(1).textContent()) ?? '', /^5.*張春嬌.*zhiming\.desktop@example\.com.*Line 2 of this file/);
  assert.match((await page.getByTestId('import-rejected').locator('.ant-table-row').first().textContent()) ?? '', /^4.*李壞號.*Phones.*This phone number is too short\./);
  await assertNoHorizontalScroll(page);
  await shotReport(t, '2-dry-run');

  // A window narrowed past the phone breakpoint swaps the app's frame around the page: the report stays.
  await page.setViewportSize({ width: 700, height: DESKTOP.height });
  await page.getByTestId('tab-bar').waitFor();
  assert.deepEqual(await counts(page), { cards: 4, create: 1, duplicates: 2, rejected: 1 });
  await page.setViewportSize({ width: DESKTOP.width, height: DESKTOP.height });
  await page.locator('.ant-layout-sider').waitFor();

  const run = page.getByTestId('import-run');
  await waitForText(run, 'Import 1 card');
  await run.click();
  await page.getByTestId('import-done').waitFor();
  await waitForText(page.getByTestId('import-done').locator('.ant-result-title'), 'Import finished');
  assert.equal(await count(page, 'create'), 1);
  await shot('3-done', { fullPage: true });

  await assertImported(t, api, '林志明', 'B', tag);
});

test('a spreadsheet with its own headers: the columns are shown with their values, mapped once, and remembered', { viewport: PHONE, locale: 'zh-TW' }, async (t) => {
  const { page, shot } = t;
  const seller = { email: 'import-map@pond.test', name: '名片對照', password: PASSWORD };
  const [api] = (await arrangeSalespeople(t, [{ ...seller, locale: 'zh-Hant' }])).sessions as [ApiSession];
  await api.patch('/api/v1/auth/me', { phoneRegion: 'CN' });
  await page.goto('/login');
  await loginAndWait(page, seller.email, seller.password);
  await openImport(t, '匯入名片');

  const csv = '客戶,行動,公司名,客戶分級,拜訪心得\n柯文豪,137 7003 3001,遠東紡織,VIP,喜歡週末來店\n簡淑芬,137 7003 3002,,一般,\n';
  const pick = () => fileInput(page).setInputFiles({ name: '自製客戶表.csv', mimeType: 'text/csv', buffer: Buffer.from(csv, 'utf8') });
  await pick();
  await page.getByTestId('import-check').click();
  const columns = page.getByTestId('import-columns');
  await columns.getByTestId('import-columns-no-name').waitFor();
  assert.match((await page.getByTestId('import-column-0').textContent()) ?? '', /客戶.*柯文豪 · 簡淑芬/);
  await assertNoHorizontalScroll(page);
  await columns.scrollIntoViewIfNeeded();
  await shot('map-1-columns');

  const choose = async (i: number, label: string) => {
    await page.getByTestId(`import-column-field-${i}`).click();
    const menu = page.locator('.ant-select-dropdown:not(.ant-select-dropdown-hidden)').last();
    await menu.locator(`.ant-select-item-option[title="${label}"]`).click();
    await menu.waitFor({ state: 'hidden' });
  };
  await choose(0, '姓名');
  await choose(1, '電話');
  await choose(2, '公司');
  await choose(4, '備註');
  await checkAndWait(page);
  assert.deepEqual(await counts(page), { cards: 2, create: 2, duplicates: 0, rejected: 0 });
  await page.getByTestId('import-run').click();
  await page.getByTestId('import-done').waitFor();
  const list = await api.get<{ items: { id: number; name: string; company: string | null }[] }>(`/api/v1/prospects?q=${encodeURIComponent('柯文豪')}`);
  assert.equal(list.items[0]?.company, '遠東紡織');
  const { prospect } = await api.get<{ prospect: { notes: string | null } }>(`/api/v1/prospects/${list.items[0]!.id}`);
  assert.equal(prospect.notes, '喜歡週末來店');

  // The same spreadsheet again: this device remembers what its columns hold, and the check says both are in Pond.
  await page.getByTestId('import-again').click();
  await pick();
  await page.getByTestId('import-check').click();
  await page.locator('[data-testid=import-report][data-dry-run=true]').waitFor();
  assert.deepEqual(await counts(page), { cards: 2, create: 0, duplicates: 2, rejected: 0 });
  await assertNoHorizontalScroll(page);
  await shot('map-2-remembered');

  // A later card of 柯文豪 brings his e-mail: the check says so, and the import adds it when asked.
  await page.goto('/prospects/import');
  await fileInput(page).setInputFiles({ name: '補充.csv', mimeType: 'text/csv', buffer: Buffer.from('姓名,手機,電郵\n柯文豪,137 7003 3001,ke.wenhao@example.tw\n', 'utf8') });
  await checkAndWait(page);
  const duplicates = page.getByTestId('import-duplicates');
  assert.match((await duplicates.getByTestId('import-adds').textContent()) ?? '', /可補充：電郵 ke\.wenhao@example\.tw/);
  assert.equal(await page.getByTestId('import-run').count(), 0, 'nothing to do until the person asks to add');
  await page.getByTestId('import-enrich-all').click();
  const enrichRun = page.getByTestId('import-run');
  await waitForText(enrichRun, '將新資料補充到 1 位客戶');
  await duplicates.scrollIntoViewIfNeeded();
  await assertNoHorizontalScroll(page);
  await shot('map-3-enrich');
  await enrichRun.click();
  await page.getByTestId('import-done').waitFor();
  await page.getByTestId('import-enriched').waitFor();
  const after = await api.get<{ prospect: { emails: string[] } }>(`/api/v1/prospects/${list.items[0]!.id}`);
  assert.deepEqual(after.prospect.emails, ['ke.wenhao@example.tw']);
  await page.goto(`/prospects/${list.items[0]!.id}`);
  const line = page.locator('[data-testid=timeline-change][data-field=enriched]');
  await line.waitFor();
  assert.match((await line.textContent()) ?? '', /^由匯入補充（CSV 第 2 行）：電郵 ke\.wenhao@example\.tw · 名片對照$/);
  await line.scrollIntoViewIfNeeded();
  await shot('map-4-timeline');
});

test('a large file shows how far the import got while it writes (简体中文)', { viewport: PHONE, locale: 'zh-CN' }, async (t) => {
  const { page, shot } = t;
  const seller = { email: 'import-large@pond.test', name: '展会名片', password: PASSWORD };
  const [api] = (await arrangeSalespeople(t, [{ ...seller, locale: 'zh-Hans' }])).sessions as [ApiSession];
  await api.patch('/api/v1/auth/me', { phoneRegion: 'CN' });
  await page.goto('/login');
  await loginAndWait(page, seller.email, seller.password);
  await page.goto('/prospects/import');
  await page.getByTestId('import-file').waitFor();
  // 20,000 cards of a trade show, numbers of their own (135 and the run's stamp), so a second run adds as many again.
  const cards = 20_000;
  const stamp = String(Date.now() % 1000).padStart(3, '0');
  const rows = Array.from({ length: cards }, (_, i) => `展会客户${stamp}-${i},135${stamp}${String(i).padStart(5, '0')}`);
  await fileInput(page).setInputFiles({ name: '广州车展.csv', mimeType: 'text/csv', buffer: Buffer.from(`姓名,手机\n${rows.join('\n')}\n`, 'utf8') });
  await waitForText(page.getByTestId('import-file-name'), '广州车展.csv');
  await page.getByTestId('import-check').click();
  await page.locator('[data-testid=import-report][data-dry-run=true]').waitFor({ timeout: 60_000 });
  assert.equal(await count(page, 'create'), cards);
  await page.getByTestId('import-run').click();
  // The bar moves while the cards are written: caught between its first chunk and its last.
  await page.waitForFunction(
    () => {
      const bar = document.querySelector('[data-testid=import-progress]');
      const done = Number(bar?.getAttribute('data-done'));
      return done > 0 && done < Number(bar?.getAttribute('data-total'));
    },
    undefined,
    { polling: 'raf', timeout: 60_000 },
  );
  const total = Number(await page.getByTestId('import-progress').getAttribute('data-total'));
  assert.equal(total, cards);
  assert.match((await page.getByTestId('import-progress').textContent()) ?? '', /已写入 [\d,]+ \/ 20,000 张名片/);
  await assertNoHorizontalScroll(page);
  await shot('1-progress');
  await page.getByTestId('import-done').waitFor({ timeout: 120_000 });
  assert.equal(await count(page, 'create'), cards);
  await shot('2-done');
});
