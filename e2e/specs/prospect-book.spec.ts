/**
 * The prospect book at desktop width: filters, sorting, bulk change, the kanban board with drag and drop,
 * a lookup that names nothing the user may not see, and an edit that meets someone else's save (412).
 */
import assert from 'node:assert/strict';
import type { Page } from 'playwright-core';
import { DESKTOP, test } from '../harness.js';
import { type ApiSession, arrangeSalespeople, assertNoHorizontalScroll, loginAndWait, waitForText } from '../helpers.js';

const LEE = { email: 'lee.book@pond.test', name: 'Lee Book', password: 'keep the pond full 77' };

interface Created {
  prospect: { id: number; version: number };
}
interface Read {
  prospect: { id: number; grade: string; disposition: string; intervalDays: number | null; company: string | null; version: number; droppedReason: string | null };
}

async function pick(page: Page, testId: string, option: string) {
  await page.getByTestId(testId).click();
  await page.locator('.ant-select-dropdown:not(.ant-select-dropdown-hidden) .ant-select-item-option').filter({ hasText: option }).first().click();
}

/** Polls from the test side (the page's CSP forbids evaluating strings); `state` says what was seen instead. */
async function until(what: string, check: () => Promise<boolean>, state?: () => Promise<string>, timeoutMs = 10_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`gave up waiting for ${what}${state ? `; saw ${await state()}` : ''}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

const rows = (page: Page) => page.getByTestId('prospect-table').locator('.ant-table-row');

async function rowNames(page: Page): Promise<string[]> {
  return page.getByTestId('prospect-table').locator('.ant-table-row strong').allTextContents();
}

/** What the list shows: its rows, the search text and any error above it. */
async function listState(page: Page): Promise<string> {
  const search = await page.getByTestId('prospect-search').locator('input').inputValue();
  const alerts = await page.locator('.ant-alert-error').allTextContents();
  return JSON.stringify({ rows: await rowNames(page), search, errors: alerts });
}

const untilRows = (page: Page, count: number) => until(`${count} rows`, async () => (await rows(page).count()) === count, () => listState(page));

test('the book: filter, sort, bulk change, kanban drag, lookup and a stale edit', { viewport: DESKTOP, locale: 'en-US' }, async (t) => {
  const { page, shot } = t;
  const { admin, sessions } = await arrangeSalespeople(t, [{ ...LEE, locale: 'en' }]);
  const [lee] = sessions as [ApiSession];
  // Someone else's prospect: Lee may learn it exists, never whose it is.
  await admin.post('/api/v1/prospects', { name: 'Hidden Person', emails: ['hidden.person@example.com'], grade: 'B' });
  const make = (name: string, grade: string, company: string, phone: string) =>
    lee.post<Created>('/api/v1/prospects', { name, grade, company, phones: [phone], source: 'card' });
  const ada = await make('Ada Chen', 'A', 'Harbour Logistics', '+86 138 0013 8001');
  const bo = await make('Bo Wang', 'B', 'Jade Motors', '+86 138 0013 8002');
  const cai = await make('Cai Lin', 'C', 'Lotus Foods', '+86 138 0013 8003');
  const dan = await make('Dan Wu', 'B', 'Pine Bank', '+86 138 0013 8004');

  await page.goto('/login');
  await loginAndWait(page, LEE.email, LEE.password);
  await page.locator('.ant-layout-sider').getByText('Prospects', { exact: true }).click();
  await page.waitForURL('**/prospects');
  await page.getByTestId('prospect-table').locator('.ant-table-row').nth(3).waitFor();

  // Sorting is the server's: by name ascending, then descending.
  await page.getByTestId('prospect-table').locator('th').filter({ hasText: 'Name' }).click();
  await until('Ada Chen first', async () => (await rowNames(page))[0] === 'Ada Chen');
  assert.deepEqual(await rowNames(page), ['Ada Chen', 'Bo Wang', 'Cai Lin', 'Dan Wu']);
  await page.getByTestId('prospect-table').locator('th').filter({ hasText: 'Name' }).click();
  await until('Dan Wu first', async () => (await rowNames(page))[0] === 'Dan Wu');
  await shot('list');

  // Filters: grade B only.
  await page.getByTestId('prospect-filters').click();
  await pick(page, 'filter-grade', 'B');
  await page.keyboard.press('Escape');
  await page.getByTestId('filters-apply').click();
  await untilRows(page, 2);
  // Nothing else took the focus meanwhile, so it goes back to the button that opened the sheet.
  await page.getByTestId('filters-apply').waitFor({ state: 'hidden' });
  await until('focus back on the Filters button', async () => (await page.locator('[data-testid="prospect-filters"]:focus').count()) === 1, async () => `${await page.locator(':focus').count()} focused: ${await page.locator(':focus').first().getAttribute('class').catch(() => 'none')}`);
  assert.deepEqual((await rowNames(page)).sort(), ['Bo Wang', 'Dan Wu']);

  // Bulk: both B prospects move to a 40-day interval and get a tag.
  await page.getByTestId('prospect-table').locator('thead .ant-checkbox-input').check();
  await page.getByTestId('bulk-open').click();
  await pick(page, 'bulk-interval', 'Every 40 days');
  await page.getByTestId('bulk-add-tags').locator('input').fill('sedan');
  await page.keyboard.press('Enter');
  await shot('bulk');
  await page.locator('.ant-modal-footer .ant-btn-primary').click();
  await waitForText(page, '2 prospects updated.');
  for (const p of [bo, dan]) {
    const { prospect } = await lee.get<Read>(`/api/v1/prospects/${p.prospect.id}`);
    assert.equal(prospect.intervalDays, 40);
  }
  await page.getByTestId('prospect-filters').click();
  await page.getByRole('button', { name: 'Clear all' }).click();

  // Free text finds by company. Typed at once, while the sheet still slides away: when it has gone, the focus
  // is still in the search box (not handed back to the Filters button under the typing fingers).
  const search = page.getByTestId('prospect-search').locator('input');
  await search.fill('Lotus');
  await page.getByRole('button', { name: 'Clear all' }).waitFor({ state: 'hidden' });
  assert.equal(await page.getByTestId('prospect-search').locator('input:focus').count(), 1, 'the closed sheet left the focus in the search box');
  await untilRows(page, 1);
  assert.deepEqual(await rowNames(page), ['Cai Lin']);
  await search.fill('');
  await untilRows(page, 4);

  // Kanban by grade: drag Bo from B to A.
  await page.getByTestId('prospect-view').locator('.ant-segmented-item').filter({ hasText: 'By grade' }).click();
  const boCard = page.getByTestId(`kanban-card-${bo.prospect.id}`);
  await page.getByTestId('kanban-B').getByTestId(`kanban-card-${bo.prospect.id}`).waitFor();
  await boCard.dragTo(page.getByTestId('kanban-A'));
  await page.getByTestId('kanban-A').getByTestId(`kanban-card-${bo.prospect.id}`).waitFor();
  assert.equal((await lee.get<Read>(`/api/v1/prospects/${bo.prospect.id}`)).prospect.grade, 'A');
  await assertNoHorizontalScroll(page);
  await shot('kanban-grade');

  // Kanban by disposition: dropping Cai asks for the reason first.
  await page.getByTestId('prospect-view').locator('.ant-segmented-item').filter({ hasText: 'By disposition' }).click();
  await page.getByTestId('kanban-continue').getByTestId(`kanban-card-${cai.prospect.id}`).waitFor();
  await page.getByTestId(`kanban-card-${cai.prospect.id}`).dragTo(page.getByTestId('kanban-dropped'));
  await page.getByTestId('disposition-reason').fill('Moved abroad; no longer buying here.');
  await shot('kanban-drop-reason');
  await page.locator('.ant-modal-footer .ant-btn-primary').click();
  await page.getByTestId('kanban-dropped').getByTestId(`kanban-card-${cai.prospect.id}`).waitFor();
  const dropped = (await lee.get<Read>(`/api/v1/prospects/${cai.prospect.id}`)).prospect;
  assert.equal(dropped.disposition, 'dropped');
  assert.equal(dropped.droppedReason, 'Moved abroad; no longer buying here.');
  await shot('kanban-disposition');

  // Lookup while typing: Lee's own prospect by name and link; someone else's only as "already in Pond".
  await page.getByTestId('prospect-quick').click();
  await page.getByTestId('quick-contact').fill('+86 138 0013 8001');
  await waitForText(page.getByTestId('contact-lookup'), 'Ada Chen');
  await page.getByTestId('quick-contact').fill('hidden.person@example.com');
  await page.getByTestId('contact-lookup').filter({ hasText: 'Already in Pond.' }).waitFor();
  assert.ok(!((await page.getByTestId('contact-lookup').textContent()) ?? '').includes('Hidden'), 'nothing about a prospect Lee may not see');
  await shot('lookup-elsewhere');
  await page.keyboard.press('Escape');

  // A stale edit: Lee edits Ada while the record changes elsewhere; both versions are shown side by side.
  await page.goto(`/prospects/${ada.prospect.id}`);
  await page.getByTestId('detail-edit').click();
  await page.locator('#company').fill('Harbour Logistics Group');
  await lee.patch(`/api/v1/prospects/${ada.prospect.id}`, { version: ada.prospect.version, company: 'Harbour Shipping' });
  await page.getByTestId('prospect-form-save').click();
  const conflict = page.getByTestId('conflict-view');
  await conflict.waitFor();
  await waitForText(conflict.getByTestId('conflict-company').getByTestId('conflict-mine'), 'Harbour Logistics Group');
  await waitForText(conflict.getByTestId('conflict-company').getByTestId('conflict-theirs'), 'Harbour Shipping');
  await shot('conflict');
  await page.getByTestId('conflict-save').click();
  await conflict.waitFor({ state: 'detached' });
  await waitForText(page, 'Harbour Logistics Group');
  assert.equal((await lee.get<Read>(`/api/v1/prospects/${ada.prospect.id}`)).prospect.company, 'Harbour Logistics Group');
  await shot('detail', { fullPage: true });

  // The agenda at desktop width: never-contacted prospects wait under "No next date"; the dropped one does not.
  await page.locator('.ant-layout-sider').getByText('Today', { exact: true }).click();
  const noDate = page.getByTestId('agenda-no_next_date');
  await noDate.getByTestId(`agenda-row-${ada.prospect.id}`).waitFor();
  assert.equal(await noDate.getByTestId(`agenda-row-${cai.prospect.id}`).count(), 0, 'a dropped prospect is off the agenda');
  await waitForText(noDate.getByTestId(`agenda-row-${ada.prospect.id}`).getByTestId('agenda-due'), 'Not contacted yet');
  await shot('today');
});
