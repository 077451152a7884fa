/**
 * The story from the product brief, on a phone: Xiao Wei (小偉) records a walk-in from a card, calls that evening,
 * grades him A, and Pond brings him back every 20 days until, after the third call, the prospect buys a car and its
 * parts: the order is closed with the article's three gains (the commission, the lessons, the relationship kept).
 * The clock is injected (server file + page clock): nothing sleeps through the three months.
 */
import assert from 'node:assert/strict';
import type { Locator, Page } from 'playwright-core';
import { PHONE, test } from '../harness.js';
import { ADMIN, addDays, apiSession, assertLang, assertNoHorizontalScroll, ensureAdmin, loginAndWait, openSignedIn, setNow, setServerNow, waitForText } from '../helpers.js';

export const XIAO_WEI = { email: 'xiaowei@pond.test', name: '小偉', password: 'a relationship before a sale' };
/** A Tuesday in Taipei. */
const DAY0 = '2027-03-02';
const A_INTERVAL = 20;
const PROSPECT = { name: '林志明', phone: '+886 912 345 678' };
const at = (date: string, time: string) => `${date}T${time}:00+08:00`;

interface ProspectJson {
  prospect: { id: number; grade: string; stage: string; nextDueOn: string | null; touchCount: number };
}

async function openTouchDrawer(page: Page, open: () => Promise<void>) {
  await open();
  // The drawer first asks whether the call got through.
  await page.getByTestId('touch-reached').locator('.ant-segmented-item').filter({ hasText: '接通' }).click();
  const form = page.getByTestId('touch-form');
  await form.waitFor();
  return form;
}

/** Fills the drawer the way a salesperson does on a phone: a few taps and a sentence or two. */
async function fillTouch(page: Page, touch: { summary: string; feedback: string; receptivity: string; sale?: boolean }) {
  const form = page.getByTestId('touch-form');
  await form.locator('.ant-segmented-item').filter({ hasText: '電話' }).click();
  await page.getByTestId('touch-summary').fill(touch.summary);
  await page.getByTestId('touch-feedback').fill(touch.feedback);
  await form.locator('.ant-radio-button-wrapper').filter({ hasText: touch.receptivity }).click();
  // Neither answer has a default: the salesperson says each time whether a sale was made and the relationship kept.
  assert.equal(await page.getByTestId('touch-kept').locator('.ant-radio-button-wrapper-checked').count(), 0, 'relationship kept has no default');
  assert.equal(await page.getByTestId('touch-sale').locator('.ant-radio-button-wrapper-checked').count(), 0, 'sale made has no default');
  await page.getByTestId('touch-kept').locator('.ant-radio-button-wrapper').filter({ hasText: '是' }).click();
  await page.getByTestId('touch-sale').locator('.ant-radio-button-wrapper').filter({ hasText: touch.sale ? '是' : '否' }).click();
}

/** Opens a Select and picks the option showing `text`. */
async function pick(page: Page, select: Locator, text: string) {
  await select.click();
  const open = page.locator('.ant-select-dropdown:not(.ant-select-dropdown-hidden)');
  await open.locator('.ant-select-item-option').filter({ hasText: text }).first().click();
  await open.waitFor({ state: 'hidden' });
}

async function proposedDate(page: Page): Promise<string> {
  return page.getByTestId('touch-form').locator('.ant-picker input').inputValue();
}

/** The record as the API has it, read with the page's own session. */
async function readProspect(page: Page, id: number): Promise<ProspectJson> {
  const res = await page.request.get(`/api/v1/prospects/${id}`);
  assert.equal(res.status(), 200, await res.text());
  return (await res.json()) as ProspectJson;
}

async function saveTouch(page: Page) {
  await page.getByTestId('touch-save').click();
  await page.getByTestId('touch-form').waitFor({ state: 'detached' });
}

test('Xiao Wei turns a walk-in into a customer over three agenda-driven revisits', { viewport: PHONE, locale: 'zh-TW' }, async (t) => {
  const { page, shot } = t;
  try {
    // Setup links and sessions expire by the server's clock: arrange accounts in real time, then move it.
    await ensureAdmin(t.baseUrl, t.setupUrl);
    const admin = await apiSession(t.baseUrl, ADMIN.email, ADMIN.password);
    await admin.post('/api/v1/users', {
      email: XIAO_WEI.email,
      displayName: XIAO_WEI.name,
      role: 'salesperson',
      password: XIAO_WEI.password,
      locale: 'zh-Hant',
      timeZone: 'Asia/Taipei',
    });
    // The showroom's catalogue: the car he will buy and its floor mats, with the commission on each.
    for (const product of [
      { names: { 'zh-Hant': '都會轎車 1.8', en: 'City sedan 1.8' }, category: 'vehicle', listPriceMinor: 78_900_000, currency: 'TWD' },
      { names: { 'zh-Hant': '原廠腳踏墊', en: 'Floor mats' }, category: 'part', listPriceMinor: 360_000, currency: 'TWD' },
    ]) {
      await admin.post('/api/v1/products', product);
    }
    await admin.post('/api/v1/commission-rules', { category: 'vehicle', rate: { kind: 'percent', basisPoints: 150 }, effectiveOn: '2027-01-01' });
    await admin.post('/api/v1/commission-rules', { category: 'part', rate: { kind: 'percent', basisPoints: 500 }, effectiveOn: '2027-01-01' });

    // 10:30 in the showroom: the walk-in leaves with Xiao Wei's card; Xiao Wei keeps his.
    await setNow(page, at(DAY0, '10:30'));
    await page.goto('/login');
    await loginAndWait(page, XIAO_WEI.email, XIAO_WEI.password);
    await assertLang(page, 'zh-Hant');
    await page.getByTestId('tab-bar').getByText('潛在客戶', { exact: true }).click();
    await page.waitForURL('**/prospects');
    await page.getByTestId('prospect-quick').click();
    const quick = page.getByTestId('quick-form');
    await quick.waitFor();
    assert.equal(await quick.locator('.ant-form-item').count(), 4, 'the quick form asks for name, one contact, a grade and where the card came from only');
    await page.getByTestId('quick-name').fill(PROSPECT.name);
    await page.getByTestId('quick-contact').fill(PROSPECT.phone);
    await quick.locator('.ant-radio-button-wrapper').filter({ hasText: /^A$/ }).click();
    await assertNoHorizontalScroll(page);
    await shot('1-quick-create');
    await page.getByTestId('quick-save').click();
    await page.waitForURL(/\/prospects\/\d+$/);
    assert.equal(await page.getByTestId('prospect-form').count(), 0, 'the full form was never needed');
    const id = Number(new URL(page.url()).pathname.split('/').pop());
    await waitForText(page.getByTestId('detail-name'), PROSPECT.name);
    await waitForText(page.getByTestId('next-due'), '尚未排下次聯繫');
    await shot('2-created');

    // Typing the same number again finds him: "yours", with a link.
    await page.goto('/prospects');
    await page.getByTestId('prospect-quick').click();
    await page.getByTestId('quick-contact').fill('+886912345678');
    const lookup = page.getByTestId('contact-lookup');
    await lookup.waitFor();
    await waitForText(lookup, PROSPECT.name);
    assert.match((await lookup.textContent()) ?? '', /您的客戶/);
    await shot('3-lookup');
    await page.keyboard.press('Escape');

    // 19:30 the same evening: the call. He listens, does not push, keeps the grade A.
    await setNow(page, at(DAY0, '19:30'));
    await openSignedIn(page, `/prospects/${id}`, XIAO_WEI.email, XIAO_WEI.password);
    await openTouchDrawer(page, () => page.getByTestId('detail-log').click());
    assert.equal(await proposedDate(page), addDays(DAY0, A_INTERVAL), 'the clock proposes today + 20 days for an A');
    await fillTouch(page, {
      summary: '晚上回電致謝，沒有推銷，只請他談談看車的感想。',
      feedback: '正在比較三款轎車，喜歡你們的油耗，但覺得另一款內裝比較好。',
      receptivity: '樂意接受',
    });
    await assertNoHorizontalScroll(page);
    await shot('4-evening-call-drawer', { fullPage: true });
    await saveTouch(page);
    await page.locator(`[data-testid=next-due][data-date="${addDays(DAY0, A_INTERVAL)}"]`).waitFor();
    await waitForText(page.getByTestId('timeline-feedback').first(), '「正在比較三款轎車，喜歡你們的油耗，但覺得另一款內裝比較好。」');
    assert.equal((await page.getByTestId('grade-tag').first().textContent())?.trim(), 'A');
    await shot('5-detail-after-first-call', { fullPage: true });

    // Next morning the agenda already shows him as touched once, with the reason.
    await setNow(page, at(addDays(DAY0, 1), '09:00'));
    await openSignedIn(page, '/today', XIAO_WEI.email, XIAO_WEI.password);
    const once = page.getByTestId('agenda-touched_once').getByTestId(`agenda-row-${id}`);
    await once.waitFor();
    const onceReason = (await once.getByTestId('agenda-reason').textContent()) ?? '';
    assert.match(onceReason, /上次接觸 1 天前/);
    assert.match(onceReason, /正在比較三款轎車/);
    assert.match(onceReason, /每 20 天/);
    await assertNoHorizontalScroll(page);
    await shot('6-today-touched-once', { fullPage: true });

    // Three revisits, each on the day the agenda says, each logged from the agenda row.
    const revisits = [
      { summary: '回訪：問候近況，寄了三款車的比較表。', feedback: '比較表很有用，另一款的保養費比想像中高。', receptivity: '樂意接受' },
      { summary: '回訪：邀請參加新車試駕活動。', feedback: '試駕後覺得你們的車開起來比較穩。', receptivity: '樂意接受' },
      { summary: '第三次回訪：他主動請我推薦一款，當場決定購買，並加購原廠配件。', feedback: '請你幫我推薦一款適合家用的，配件也一起買。', receptivity: '樂意接受' },
    ];
    let lastTouchDay = DAY0;
    for (const [index, revisit] of revisits.entries()) {
      const due = addDays(lastTouchDay, A_INTERVAL);
      await setNow(page, at(due, '10:00'));
      await openSignedIn(page, '/today', XIAO_WEI.email, XIAO_WEI.password);
      const row = page.getByTestId('agenda-today').getByTestId(`agenda-row-${id}`);
      await row.waitFor();
      await waitForText(row.getByTestId('agenda-due'), '今天到期');
      const reason = (await row.getByTestId('agenda-reason').textContent()) ?? '';
      assert.match(reason, new RegExp(`上次接觸 ${A_INTERVAL} 天前`), reason);
      assert.match(reason, /每 20 天/);
      assert.equal(await page.getByTestId('agenda-today').getByTestId('agenda-count').textContent(), '1');
      await assertNoHorizontalScroll(page);
      await shot(`7-today-revisit-${index + 1}`, { fullPage: true });

      await openTouchDrawer(page, () => row.getByTestId('agenda-log').click());
      assert.equal(await proposedDate(page), addDays(due, A_INTERVAL), 'proposed: last touch + 20 days');
      await fillTouch(page, revisit);
      await shot(`8-revisit-${index + 1}-drawer`);
      await saveTouch(page);
      // The agenda refreshes: he is no longer due today.
      await row.waitFor({ state: 'detached' });
      const { prospect } = await readProspect(page, id);
      assert.equal(prospect.nextDueOn, addDays(due, A_INTERVAL), `revisit ${index + 1}: next due 20 days on`);
      assert.equal(prospect.touchCount, index + 2);
      lastTouchDay = due;
    }
    assert.deepEqual(
      [addDays(DAY0, 20), addDays(DAY0, 40), addDays(DAY0, 60)],
      ['2027-03-22', '2027-04-11', '2027-05-01'],
      'three revisits at the A interval',
    );

    // The sale closes the story: the car and its mats as an order, closed with the three gains.
    await openSignedIn(page, `/prospects/${id}`, XIAO_WEI.email, XIAO_WEI.password);
    const orders = page.getByTestId('prospect-orders');
    await orders.scrollIntoViewIfNeeded();
    await orders.getByTestId('prospect-new-order').click();
    await page.getByTestId('order-editor').waitFor();
    await pick(page, page.getByTestId('order-currency'), 'TWD');
    await pick(page, page.getByTestId('order-line-product-0'), '都會轎車 1.8');
    assert.equal(await page.getByTestId('order-line-price-0').inputValue(), '789000.00', 'the list price fills the unit price');
    await page.getByTestId('order-add-line').click();
    await pick(page, page.getByTestId('order-line-product-1'), '原廠腳踏墊');
    // NT$789,000 + NT$3,600: the order total, exact to the cent.
    await page.getByTestId('order-total').filter({ hasText: '792,600.00' }).waitFor();
    await assertNoHorizontalScroll(page);
    await shot('9-order-editor', { fullPage: true });
    await page.getByTestId('order-save').click();
    await page.getByTestId('order-view').waitFor();
    await page.getByTestId('order-confirm').click();
    const sheet = page.getByTestId('gains-sheet');
    await sheet.waitFor();
    // 1.5 % of the car and 5 % of the mats: NT$11,835 + NT$180.
    await page.getByTestId('gains-commission').filter({ hasText: '12,015.00' }).waitFor();
    await page.getByTestId('gains-lessons').fill('三次回訪都沒有推銷，只聽他比較；第三次他主動請我推薦。');
    await sheet.getByTestId('gains-kept').click();
    await waitForText(sheet.getByTestId('outcome-tag'), '圓滿');
    await shot('10-three-gains', { fullPage: true });
    await page.getByTestId('gains-confirm').click();
    await page.locator('[data-testid=order-view] [data-testid=order-status][data-status=confirmed]').waitFor();
    await page.keyboard.press('Escape');
    await page.locator('.ant-drawer-open').waitFor({ state: 'detached' });
    await page.getByTestId('order-view').waitFor({ state: 'hidden' });

    // 圓滿 on the timeline, the three gains on his page, and he is a customer now.
    const latest = page.getByTestId('timeline-touch').first();
    await latest.waitFor();
    await waitForText(latest.getByTestId('outcome-tag'), '圓滿');
    await waitForText(page.getByTestId('stage-tag').first(), '客戶');
    await page.getByTestId('timeline').getByText('階段：潛在客戶 → 客戶', { exact: false }).first().waitFor();
    const gains = orders.getByTestId('order-gains');
    await gains.getByTestId('gain-commission').filter({ hasText: '12,015.00' }).waitFor();
    assert.match((await gains.getByTestId('gain-lessons').textContent()) ?? '', /第三次他主動請我推薦/);
    const { prospect } = await readProspect(page, id);
    assert.equal(prospect.stage, 'customer');
    assert.equal(prospect.grade, 'A');
    // The after-sale call is on his clock: three days after the sale.
    assert.equal(prospect.nextDueOn, addDays(lastTouchDay, 3));
    await assertNoHorizontalScroll(page);
    await shot('11-detail-three-gains', { fullPage: true });
  } finally {
    await setServerNow(null);
  }
});
