/**
 * Today shows the first rows of each section; the rest of a section is one tap away in the prospect list,
 * already filtered to the same due bucket and to the user's own prospects.
 */
import assert from 'node:assert/strict';
import { PHONE, test } from '../harness.js';
import { type ApiSession, arrangeSalespeople, assertNoHorizontalScroll, loginAndWait } from '../helpers.js';

const ZHOU = { email: 'zhou.more@pond.test', name: '周明', password: 'a pond with many fish 31' };

test('a long agenda section links to the rest of it in the filtered list', { viewport: PHONE, locale: 'zh-TW' }, async (t) => {
  const { page, shot } = t;
  const [zhou] = (await arrangeSalespeople(t, [{ ...ZHOU, locale: 'zh-Hant' }])).sessions as [ApiSession];
  // 23 cards collected at a fair and not yet called: all of them have no next date.
  for (let i = 0; i < 23; i++) {
    await zhou.post('/api/v1/prospects', { name: `展會客戶${String(i + 1).padStart(2, '0')}`, phones: [`+886 912 345 ${String(600 + i)}`], grade: 'B', source: 'event' });
  }

  await page.goto('/login');
  await loginAndWait(page, ZHOU.email, ZHOU.password);
  const section = page.getByTestId('agenda-no_next_date');
  await section.getByTestId('agenda-more').waitFor();
  assert.equal(await section.getByTestId('agenda-count').textContent(), '23');
  assert.equal(await section.locator('.pond-agenda-row').count(), 20);
  assert.match((await section.getByTestId('agenda-more').textContent()) ?? '', /3/);
  await assertNoHorizontalScroll(page);
  await section.getByTestId('agenda-more').scrollIntoViewIfNeeded();
  await shot('today section with more link');

  await section.getByTestId('agenda-more').click();
  await page.waitForURL((url) => url.pathname === '/prospects' && url.searchParams.get('due') === 'no_next_date');
  // The list opens filtered: the filter count shows, and every one of the 23 is there.
  const rows = page.getByTestId('prospect-table').locator('.ant-table-row');
  await rows.nth(22).waitFor();
  assert.equal(await rows.count(), 23);
  // Wait for the table to finish loading (antd blurs it meanwhile) before looking at it.
  await page.locator('[data-testid=prospect-table] .ant-spin-blur').waitFor({ state: 'detached' });
  await page.waitForTimeout(400); // antd fades the rows in after loading; the screenshot is for people to look at
  await assertNoHorizontalScroll(page);
  await shot('prospects filtered from today');
});
