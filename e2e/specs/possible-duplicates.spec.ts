/**
 * Possible duplicates by name: an import creates a card whose name folds like one already in the salesperson's
 * book (小 偉 / 小偉, WANG  WEI / Wang Wei) or like an earlier card of the file, and says so with links; the new
 * record's page lists the look-alike, and its merge button opens the merge panel on that record. Another
 * salesperson's private prospect of the same name is never named or counted.
 */
import assert from 'node:assert/strict';
import type { Locator, Page } from 'playwright-core';
import { DESKTOP, PHONE, test, type TestContext } from '../harness.js';
import { type ApiSession, arrangeSalespeople, assertNoHorizontalScroll, loginAndWait, waitForText } from '../helpers.js';

const PASSWORD = 'same name other person 17';

interface Created {
  prospect: { id: number };
}

/** What each language's test writes and expects to read. */
const CASES = {
  phone: {
    locale: 'zh-Hant',
    existing: '小偉',
    card: '小 偉',
    first: '林志明',
    second: '林 志明',
    possibleTitle: '已匯入，可能已在魚塘中',
    sameLine: '本檔案第 3 行',
    yours: '您的客戶',
    openNew: '開啟新紀錄',
    notice: '可能是同一人（1）',
    reason: '同名',
    merge: '合併…',
    confirm: '合併到此紀錄',
  },
  desktop: {
    locale: 'en',
    existing: 'Wang Wei',
    card: 'WANG  WEI',
    first: 'Ada Lin',
    second: 'ada lin',
    possibleTitle: 'Imported, possibly already in Pond',
    sameLine: 'Line 3 of this file',
    yours: 'yours',
    openNew: 'Open the new record',
    notice: 'Possibly the same person (1)',
    reason: 'same name',
    merge: 'Merge…',
    confirm: 'Merge into this record',
  },
} as const;

/** A salesperson with the name in the book, and a colleague in no team of theirs with a private record of it too. */
async function arrange(t: TestContext, tag: 'phone' | 'desktop') {
  const c = CASES[tag];
  const seller = { email: `dupes-${tag}@pond.test`, name: `同名${tag}`, password: PASSWORD };
  const other = { email: `dupes-other-${tag}@pond.test`, name: `別人${tag}`, password: PASSWORD };
  const [api, theirs] = (await arrangeSalespeople(t, [seller, other].map((u) => ({ ...u, locale: c.locale })))).sessions as [ApiSession, ApiSession];
  const block = tag === 'phone' ? '1' : '2';
  const existingId = (await api.post<Created>('/api/v1/prospects', { name: c.existing, phones: [`+86136660${block}0001`], grade: 'B' })).prospect.id;
  const hiddenId = (await theirs.post<Created>('/api/v1/prospects', { name: c.existing, phones: [`+86136660${block}0009`], grade: 'A' })).prospect.id;
  const csv = `Name,Phone\n${c.card},+86136660${block}0002\n${c.first},+86136660${block}0003\n${c.second},+86136660${block}0004\n`;
  return { c, seller, existingId, hiddenId, csv };
}

/** Until nothing slides or fades any more: screenshots are for people to look at. */
async function still(page: Page): Promise<void> {
  const moving = page.locator(':is([class*="-enter-active"], [class*="-leave-active"], [class*="-appear-active"]):not(.ant-btn-loading-icon)');
  const deadline = Date.now() + 5_000;
  while ((await moving.count()) > 0) {
    if (Date.now() > deadline) assert.fail(`an animation that never ends: ${await moving.first().getAttribute('class')}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

const hrefs = async (scope: Locator) => scope.evaluateAll((els) => els.map((el) => el.getAttribute('href')));

/** The report's possible duplicates: the card of line 2 names the record already in the book, line 4 names line 3. */
async function assertPossible(page: Page, s: Awaited<ReturnType<typeof arrange>>) {
  const card = page.getByTestId('import-possible');
  const rows = card.locator('.ant-table-row');
  await rows.first().waitFor();
  assert.equal(await rows.count(), 2);
  assert.match((await rows.nth(0).textContent()) ?? '', new RegExp(`^2.*${s.c.card}.*${s.c.existing}.*${s.c.yours}`));
  assert.deepEqual(await hrefs(rows.nth(0).getByTestId('import-same-name-link')), [`/prospects/${s.existingId}`]);
  assert.match((await rows.nth(1).textContent()) ?? '', new RegExp(`^4.*${s.c.second}.*${s.c.sameLine}`));
  // The colleague's record of the same name is neither linked nor counted.
  const all = await hrefs(page.getByTestId('import-report').locator('a'));
  assert.ok(!all.includes(`/prospects/${s.hiddenId}`), `the report links only visible records: ${all.join(', ')}`);
  assert.equal(await rows.nth(0).getByTestId('import-same-name').textContent(), `${s.c.existing} (${s.c.yours})`, 'one record named, and no "more"');
}

async function run(t: TestContext, tag: 'phone' | 'desktop') {
  const { page, shot } = t;
  const s = await arrange(t, tag);
  await page.goto('/login');
  await loginAndWait(page, s.seller.email, s.seller.password);
  await page.goto('/prospects/import');
  await page.getByTestId('import-file').waitFor();
  await page.getByTestId('import-page').locator('input[type=file]').setInputFiles({ name: 'cards.csv', mimeType: 'text/csv', buffer: Buffer.from(s.csv, 'utf8') });
  await page.getByTestId('import-check').click();
  await page.locator('[data-testid=import-report][data-dry-run=true]').waitFor();
  await waitForText(page.getByTestId('import-report'), s.c.possibleTitle);
  await assertPossible(page, s);
  // Possible duplicates are created all the same: three cards, three new records.
  assert.equal(await page.getByTestId('import-count-create').getAttribute('data-value'), '3');
  assert.equal(await page.getByTestId('import-new-record').count(), 0, 'a dry run has no new records to open');
  await assertNoHorizontalScroll(page);
  await page.waitForTimeout(400);
  await page.getByTestId('import-possible').scrollIntoViewIfNeeded();
  await shot('1-dry-run-possible');

  await page.getByTestId('import-run').click();
  await page.getByTestId('import-done').waitFor();
  await page.locator('[data-testid=import-report][data-dry-run=false]').waitFor();
  await assertPossible(page, s);
  assert.equal(await page.getByTestId('import-count-create').getAttribute('data-value'), '3');
  await assertNoHorizontalScroll(page);
  await page.waitForTimeout(400);
  await page.getByTestId('import-possible').scrollIntoViewIfNeeded();
  await shot('2-imported-possible');

  // The new record's page: the look-alike is listed, the colleague's is not.
  const open = page.getByTestId('import-possible').locator('.ant-table-row').first().getByTestId('import-new-record');
  await waitForText(open, s.c.openNew);
  const newPath = (await open.getAttribute('href'))!;
  await open.click();
  await page.waitForURL(`**${newPath}`);
  await waitForText(page.getByTestId('detail-name'), s.c.card);
  const notice = page.getByTestId('possible-duplicates');
  await waitForText(notice, s.c.notice);
  assert.equal(await notice.getAttribute('data-total'), '1');
  const item = notice.getByTestId('possible-duplicate');
  assert.equal(await item.count(), 1);
  assert.equal(await item.getAttribute('data-id'), String(s.existingId));
  assert.equal(await item.getByTestId('possible-duplicate-reason').textContent(), s.c.reason);
  assert.equal(await item.getByTestId('possible-duplicate-link').getAttribute('href'), `/prospects/${s.existingId}`);
  await assertNoHorizontalScroll(page);
  await still(page);
  await shot('3-detail-notice');

  // Its merge button opens the merge panel on that record, ready to confirm.
  const merge = item.getByTestId('possible-duplicate-merge');
  await waitForText(merge, s.c.merge);
  await merge.click();
  const drawer = page.getByTestId('merge-drawer');
  await drawer.getByTestId('merge-other').waitFor();
  assert.equal(await drawer.getByTestId('merge-other').getAttribute('data-id'), String(s.existingId));
  assert.equal(await drawer.getByTestId('merge-search').count(), 0, 'the panel opens on the record, not on the search');
  await waitForText(drawer.getByTestId('merge-other').getByTestId('merge-card-name'), s.c.existing);
  await waitForText(drawer.getByTestId('merge-keep').getByTestId('merge-card-name'), s.c.card);
  await assertNoHorizontalScroll(page);
  await still(page);
  await shot('4-merge-preselected');

  const confirm = drawer.getByTestId('merge-confirm');
  await waitForText(confirm, s.c.confirm);
  await confirm.click();
  await drawer.waitFor({ state: 'hidden' });
  // One record now: nothing left to suggest.
  await notice.waitFor({ state: 'detached' });
  await page.goto(`/prospects/${s.existingId}`);
  await page.locator('.ant-result-title').waitFor();
  await page.goBack();
  await waitForText(page.getByTestId('detail-name'), s.c.card);
  assert.equal(await page.getByTestId('possible-duplicates').count(), 0);
  await still(page);
  await shot('5-after-merge');
}

test('possible duplicates by name: import, the new record, merge (繁體中文)', { viewport: PHONE, locale: 'zh-TW' }, (t) => run(t, 'phone'));

test('possible duplicates by name: import, the new record, merge (English)', { viewport: DESKTOP, locale: 'en-US' }, (t) => run(t, 'desktop'));
