/**
 * The shared pool (公海) on a phone: an owner releases a prospect with a reason; a colleague finds it in the pool
 * with its phone withheld, claims it, and lands on it in their own book with its whole history and the phone.
 */
import assert from 'node:assert/strict';
import { PHONE, test } from '../harness.js';
import { type ApiSession, arrangeSalespeople, assertNoHorizontalScroll, loginAndWait, signOut } from '../helpers.js';

const OWNER = { email: 'hsu.pool@pond.test', name: '許文華', password: 'a pond with open water 51' };
const COLLEAGUE = { email: 'tsai.pool@pond.test', name: '蔡佳玲', password: 'a pond with open water 52' };
const PHONE_NUMBER = '+886 912 777 501';

test('a released prospect is claimed from the pool with its history, its phone shown only then', { viewport: PHONE, locale: 'zh-TW' }, async (t) => {
  const { page, shot } = t;
  const [owner] = (await arrangeSalespeople(t, [{ ...OWNER, locale: 'zh-Hant' }, { ...COLLEAGUE, locale: 'zh-Hant' }])).sessions as [ApiSession, ApiSession];
  const { prospect } = await owner.post<{ prospect: { id: number } }>('/api/v1/prospects', { name: '公海測試客戶', company: '海港貿易', phones: [PHONE_NUMBER], grade: 'B', source: 'event' });
  await owner.post(`/api/v1/prospects/${prospect.id}/touches`, { channel: 'call', summary: '車展後第一次通話', saleMade: false, relationshipKept: true });

  // The owner releases it from its page, with a reason.
  await page.goto('/login');
  await loginAndWait(page, OWNER.email, OWNER.password);
  await page.goto(`/prospects/${prospect.id}`);
  await page.getByTestId('detail-more').click();
  await page.locator('.ant-dropdown:not(.ant-dropdown-hidden) .ant-dropdown-menu-item').filter({ hasText: '釋放到公海' }).click();
  await page.getByTestId('release-reason').fill('客戶搬到台中，由中部同事跟進');
  await assertNoHorizontalScroll(page);
  await shot('release dialog');
  await page.getByTestId('release-ok').click();
  await page.waitForURL((url) => url.pathname === '/pool');
  await signOut(page);

  // The colleague finds it in the pool: the reason and former owner are there, the phone is not.
  await loginAndWait(page, COLLEAGUE.email, COLLEAGUE.password);
  await page.goto('/pool');
  const card = page.getByTestId(`pool-card-${prospect.id}`);
  await card.waitFor();
  assert.match((await card.textContent()) ?? '', /客戶搬到台中/);
  assert.match((await card.textContent()) ?? '', new RegExp(OWNER.name));
  await card.getByTestId('pool-hidden').waitFor();
  assert.doesNotMatch((await page.locator('main, .ant-layout').first().textContent()) ?? '', /912\s?777\s?501/);
  assert.match((await page.getByTestId('pool-allowance').textContent()) ?? '', /5/);
  await assertNoHorizontalScroll(page);
  await shot('pool list');

  // Its pool page shows the history already; the claim makes it theirs and opens it in the book.
  await card.getByRole('link').first().click();
  await page.waitForURL((url) => url.pathname === `/pool/${prospect.id}`);
  await page.getByTestId('timeline').getByText('車展後第一次通話').waitFor();
  await assertNoHorizontalScroll(page);
  await shot('pool detail');
  await page.getByTestId(`pool-claim-${prospect.id}`).click();
  await page.waitForURL((url) => url.pathname === `/prospects/${prospect.id}`);
  await page.getByTestId('detail-name').waitFor();
  await page.locator(`a[href^="tel:"]`).first().waitFor();
  await page.getByTestId('timeline').getByText('車展後第一次通話').waitFor();
  // Its history records the release and the claim, and the new owner is the colleague.
  assert.match((await page.locator('.ant-descriptions').textContent()) ?? '', new RegExp(COLLEAGUE.name));
  await assertNoHorizontalScroll(page);
  await shot('claimed prospect');

  // Back in the pool it is gone, and one claim less is left today.
  await page.goto('/pool');
  await page.getByTestId('pool-allowance').waitFor();
  assert.equal(await page.getByTestId('pool-allowance').getAttribute('data-left'), '4');
  assert.equal(await page.getByTestId(`pool-card-${prospect.id}`).count(), 0);
});
