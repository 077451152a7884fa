/**
 * Orders (成交): an admin keeps the catalogue and the commission rules in Settings; a salesperson writes an order on a
 * prospect's page (a product and a free-text line with a percentage discount), closes the sale with the three gains
 * sheet, and finds the gains on the prospect and the order, with its totals per currency, on the orders page.
 * The clock is injected on both sides, so "today" is the same day for the rules, the sheet and the date pickers.
 */
import assert from 'node:assert/strict';
import type { Locator, Page } from 'playwright-core';
import { formatMoney, type Locale } from '@pond/domain';
import { DESKTOP, PHONE, test } from '../harness.js';
import { ADMIN, type ApiSession, apiSession, assertNoHorizontalScroll, ensureAdmin, loginAndWait, setNow, setServerNow, still, waitForText } from '../helpers.js';

/** A Tuesday in Taipei, 03:00 UTC: the same calendar day for the server's rules and the user. */
const DAY = '2027-09-14';
const NOW = `${DAY}T11:00:00+08:00`;
const AFTER_SALE = '2027-09-17';

const ZH_SELLER = { email: 'chen.orders@pond.test', name: '陳志強', password: 'a sale is one result of many calls', locale: 'zh-Hant' as const };
const EN_SELLER = { email: 'wong.orders@pond.test', name: 'Daniel Wong', password: 'keep the relationship after the sale', locale: 'en' as const };
const ZH_ADMIN = { email: 'lin.orders@pond.test', name: '林淑芬', password: 'the catalogue keeps its old prices', locale: 'zh-Hant' as const };
const EN_ADMIN = { email: 'reyes.orders@pond.test', name: 'Ana Reyes', password: 'a catalogue the whole team can read', locale: 'en' as const };
const CAR = { zh: '豐田 Altis 1.8 豪華版', en: 'Toyota Altis 1.8 Luxury', price: '789,000' };
const MAT = '原廠腳踏墊組';
const LESSONS = '第三次回訪時他主動請我推薦，先聽他的比較再給建議最有效。';

const money = (minor: number, locale: Locale, currency: 'TWD' | 'USD' = 'TWD') => formatMoney(minor, currency, locale);

interface Product {
  id: number;
  names: Record<string, string>;
}
interface OrderJson {
  id: number;
  version: number;
  status: string;
  afterSaleCallOn: string | null;
}

/** Opens a Select by its test id and picks the option showing `text`; waits for the list to close. */
async function pick(page: Page, select: Locator, text: string) {
  await select.click();
  const open = page.locator('.ant-select-dropdown:not(.ant-select-dropdown-hidden)');
  await open.locator('.ant-select-item-option').filter({ hasText: text }).first().click();
  await open.waitFor({ state: 'hidden' });
}

async function text(locator: Locator): Promise<string> {
  return ((await locator.textContent()) ?? '').trim();
}

/** Polls from the test side until the locator matches exactly `count` elements. */
async function untilCount(locator: Locator, count: number, timeoutMs = 10_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while ((await locator.count()) !== count) {
    if (Date.now() > deadline) assert.fail(`expected ${count} elements, found ${await locator.count()}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

/** The accounts are made at real time (sessions expire by the server's clock), then the clock moves to NOW. */
async function arrange(page: Page, baseUrl: string, setupUrl: string | null, people: { email: string; name: string; password: string; locale: string }[], role = 'salesperson') {
  await setServerNow(null);
  await ensureAdmin(baseUrl, setupUrl);
  const admin = await apiSession(baseUrl, ADMIN.email, ADMIN.password);
  const users = await admin.get<{ items: { email: string }[] }>('/api/v1/users');
  for (const p of people) {
    if (users.items.some((u) => u.email === p.email)) continue;
    await admin.post('/api/v1/users', { email: p.email, displayName: p.name, role, password: p.password, locale: p.locale, timeZone: 'Asia/Taipei' });
  }
  await setNow(page, NOW);
  const sessions: ApiSession[] = [];
  for (const p of people) sessions.push(await apiSession(baseUrl, p.email, p.password));
  return sessions;
}

async function carProduct(session: ApiSession): Promise<Product> {
  const { items } = await session.get<{ items: Product[] }>('/api/v1/products');
  const car = items.find((p) => p.names.en === CAR.en);
  assert.ok(car, 'the admin test added the car to the catalogue');
  return car;
}

test('an admin adds a product and a commission rule in Settings', { viewport: DESKTOP, locale: 'en-US' }, async (t) => {
  const { page, shot } = t;
  try {
    await arrange(page, t.baseUrl, t.setupUrl, [EN_ADMIN], 'admin');
    await page.goto('/login');
    await loginAndWait(page, EN_ADMIN.email, EN_ADMIN.password);
    await page.goto('/settings');
    const products = page.getByTestId('products-card');
    await products.waitFor();

    await products.getByTestId('products-add').click();
    const form = page.getByTestId('product-form');
    await form.waitFor();
    // A product needs a name in at least one language.
    await page.getByTestId('product-save').click();
    await waitForText(form, 'Give the product a name in at least one language.');
    await page.getByTestId('product-name-zh-Hant').fill(CAR.zh);
    await page.getByTestId('product-name-en').fill(CAR.en);
    await pick(page, page.getByTestId('product-category'), 'Vehicle');
    await page.getByTestId('product-price').fill(CAR.price);
    // What was refused before the form was filled in is no longer said once it is.
    await form.locator('.ant-form-item-explain-error').first().waitFor({ state: 'detached' });
    await still(page);
    await shot('1-product-modal');
    await page.getByTestId('product-save').click();
    await form.waitFor({ state: 'detached' });
    const row = products.getByTestId('products-list').locator('[data-testid^=product-]').filter({ hasText: CAR.en }).first();
    await row.waitFor();
    assert.match(await text(row), /NT\$789,000\.00/);

    // Vehicles earn 1.5 % of the line from today; parts and accessories have no rule.
    const rules = page.getByTestId('rules-card');
    await rules.getByTestId('rules-add').click();
    const ruleForm = page.getByTestId('rule-form');
    await ruleForm.waitFor();
    await pick(page, page.getByTestId('rule-category'), 'Vehicle');
    await page.getByTestId('rule-percent').fill('1.5');
    assert.equal(await ruleForm.locator('.ant-picker input').inputValue(), DAY, 'the rule takes effect today by default');
    await still(page);
    await shot('2-rule-modal');
    await page.getByTestId('rule-save').click();
    await ruleForm.waitFor({ state: 'detached' });
    await waitForText(rules.getByTestId('rules-vehicle-in-force'), '1.5% of the line');
    assert.equal(await text(rules.getByTestId('rules-part-in-force')), 'No rule: no commission');
    await assertNoHorizontalScroll(page);
    await products.scrollIntoViewIfNeeded();
    await still(page);
    await shot('3-settings-cards');
  } finally {
    await setServerNow(null);
  }
});

test('a salesperson closes a sale with its three gains and finds it among the orders', { viewport: PHONE, locale: 'zh-TW' }, async (t) => {
  const { page, shot } = t;
  try {
    const [seller] = (await arrange(page, t.baseUrl, t.setupUrl, [ZH_SELLER])) as [ApiSession];
    const { prospect } = await seller.post<{ prospect: { id: number } }>('/api/v1/prospects', { name: '林志明', phones: ['+886 912 345 600'], grade: 'A', source: 'walk_in' });
    await page.goto('/login');
    await loginAndWait(page, ZH_SELLER.email, ZH_SELLER.password);
    await page.goto(`/prospects/${prospect.id}`);
    const section = page.getByTestId('prospect-orders');
    await waitForText(section, '還沒有訂單。');

    // The order: the car from the catalogue, and floor mats typed in with 12.5 % off.
    await section.getByTestId('prospect-new-order').click();
    const editor = page.getByTestId('order-editor');
    await editor.waitFor();
    await pick(page, page.getByTestId('order-currency'), 'TWD');
    await pick(page, page.getByTestId('order-line-product-0'), CAR.zh);
    assert.equal(await page.getByTestId('order-line-price-0').inputValue(), '789000.00', 'the list price fills the unit price');
    await waitForText(page.getByTestId('order-line-amount-0'), money(78_900_000, 'zh-Hant'));
    await page.getByTestId('order-add-line').click();
    await page.getByTestId('order-line-description-1').fill(MAT);
    await pick(page, page.getByTestId('order-line-category-1'), '配件');
    await page.getByTestId('order-line-qty-1').fill('2');
    await page.getByTestId('order-line-price-1').fill('3,600');
    await pick(page, page.getByTestId('order-line-discount-kind-1'), '百分比');
    await page.getByTestId('order-line-discount-1').fill('12.5');
    // 2 × 3,600 less 12.5 % = 6,300; with the car 795,300.
    await waitForText(page.getByTestId('order-line-amount-1'), money(630_000, 'zh-Hant'));
    await waitForText(page.getByTestId('order-total'), money(79_530_000, 'zh-Hant'));
    await assertNoHorizontalScroll(page);
    await still(page);
    await page.getByTestId('order-line-1').scrollIntoViewIfNeeded();
    await shot('1-order-editor');
    await page.getByTestId('order-save').click();

    // The saved draft carries the server's commission: 1.5 % of the car; the mats have no rule.
    const view = page.getByTestId('order-view');
    await view.waitFor();
    await waitForText(page.getByTestId('order-view-total'), money(79_530_000, 'zh-Hant'));
    await waitForText(page.getByTestId('order-view-commission'), money(1_183_500, 'zh-Hant'));
    await page.getByTestId('order-confirm').click();

    const sheet = page.getByTestId('gains-sheet');
    await sheet.waitFor();
    await waitForText(page.getByTestId('gains-commission'), money(1_183_500, 'zh-Hant'));
    await waitForText(page.getByTestId('gains-missing-rule'), '1 個品項沒有佣金規則');
    assert.equal(await sheet.locator('.ant-picker input').inputValue(), AFTER_SALE, 'the after-sale call is proposed three days on');
    // The relationship has no default: confirming without judging it is refused in the sheet.
    await page.getByTestId('gains-confirm').click();
    await waitForText(sheet, '請選擇成交後的客戶關係。');
    await page.getByTestId('gains-lessons').fill(LESSONS);
    await sheet.getByText('維持：客戶還會再向我們買，也會推薦我們').click();
    await waitForText(sheet.getByTestId('outcome-tag'), '圓滿');
    await assertNoHorizontalScroll(page);
    await still(page);
    await shot('2-gains-sheet');
    await page.getByTestId('gains-confirm').click();
    await page.locator('[data-testid=order-view] [data-testid=order-status][data-status=confirmed]').waitFor();
    await page.getByTestId('order-view').getByTestId('order-gains').waitFor();
    await still(page);
    await shot('3-confirmed-order');
    await page.keyboard.press('Escape');
    await page.locator('.ant-drawer-open').waitFor({ state: 'detached' });

    // The prospect is a customer now, with the sale's three gains side by side and the after-sale call due.
    await waitForText(page.getByTestId('stage-tag').first(), '客戶');
    const gains = section.getByTestId('order-gains');
    await gains.waitFor();
    await waitForText(gains.getByTestId('gain-commission'), money(1_183_500, 'zh-Hant'));
    assert.match(await text(gains.getByTestId('gain-lessons')), /先聽他的比較/);
    assert.match(await text(gains.getByTestId('gain-relationship')), /維持.*圓滿/);
    await page.locator(`[data-testid=next-due][data-date="${AFTER_SALE}"]`).waitFor();
    await assertNoHorizontalScroll(page);
    await section.scrollIntoViewIfNeeded();
    await still(page);
    await shot('4-prospect-gains', { fullPage: true });

    // The orders page (成交 in the tab bar) shows it, with the totals of the salesperson's own sales.
    await page.getByTestId('tab-bar').getByText('成交', { exact: true }).click();
    await page.waitForURL('**/orders');
    const card = page.locator('[data-testid^=order-card-]').first();
    await card.waitFor();
    assert.match(await text(card), /林志明/);
    assert.match(await text(card), /豐田 Altis 1\.8 豪華版 等 2 項/);
    const total = page.getByTestId('orders-total-TWD');
    await total.waitFor();
    assert.equal(await total.getAttribute('data-minor'), '79530000');
    assert.ok((await text(total)).includes(money(79_530_000, 'zh-Hant')), await text(total));
    await assertNoHorizontalScroll(page);
    await still(page);
    await shot('5-orders-page', { fullPage: true });
    await card.click();
    await page.getByTestId('order-view').waitFor();
    await assertNoHorizontalScroll(page);
    await still(page);
    await shot('6-order-drawer');
  } finally {
    await setServerNow(null);
  }
});

test('the orders page on a desktop: totals per currency, filters, export and the order drawer', { viewport: DESKTOP, locale: 'en-US' }, async (t) => {
  const { page, shot } = t;
  try {
    const [seller] = (await arrange(page, t.baseUrl, t.setupUrl, [EN_SELLER])) as [ApiSession];
    const car = await carProduct(seller);
    const { prospect } = await seller.post<{ prospect: { id: number } }>('/api/v1/prospects', { name: 'Grace Lee', company: 'Harbour Trading', emails: ['grace.lee@harbour.test'], grade: 'B', source: 'referral' });
    // A sale in TWD (the relationship suffered), one in USD (kept), and a draft still open.
    const twd = await seller.post<OrderJson>(`/api/v1/prospects/${prospect.id}/orders`, { currency: 'TWD', lines: [{ productId: car.id, quantity: 1, unitMinor: 78_900_000, discount: { kind: 'amount', minor: 1_000_000 } }] });
    await seller.post(`/api/v1/orders/${twd.id}/confirm`, { version: twd.version, relationshipKept: false, lessons: 'Pushed too hard on the price at the end.' }, 200);
    const usd = await seller.post<OrderJson>(`/api/v1/prospects/${prospect.id}/orders`, { currency: 'USD', lines: [{ description: 'Extended warranty, 3 years', category: 'service', quantity: 1, unitMinor: 120_000 }] });
    await seller.post(`/api/v1/orders/${usd.id}/confirm`, { version: usd.version, relationshipKept: true, lessons: 'She asked for it after the test drive.' }, 200);
    await seller.post(`/api/v1/prospects/${prospect.id}/orders`, { currency: 'TWD', lines: [{ description: 'Roof rack', category: 'accessory', quantity: 1, unitMinor: 1_250_000 }] });

    await page.goto('/login');
    await loginAndWait(page, EN_SELLER.email, EN_SELLER.password);
    await page.locator('.ant-layout-sider').getByTestId('nav-menu').getByText('Orders', { exact: true }).click();
    await page.waitForURL('**/orders');
    const table = page.getByTestId('orders-table');
    await table.locator('.ant-table-row').nth(2).waitFor();
    // Totals per currency, never added together: TWD has the sale and the draft, USD the warranty.
    await waitForText(page.getByTestId('orders-total-TWD'), money(77_900_000 + 1_250_000, 'en'));
    await waitForText(page.getByTestId('orders-total-USD'), money(120_000, 'en', 'USD'));
    assert.match(await text(table), /Grace Lee/);
    await still(page);
    await shot('1-orders-table');

    await pick(page, page.getByTestId('orders-status'), 'Confirmed');
    await untilCount(table.locator('.ant-table-row'), 2);
    await waitForText(page.getByTestId('orders-total-TWD'), money(77_900_000, 'en'));
    const [download] = await Promise.all([page.waitForEvent('download'), page.getByTestId('orders-export').click()]);
    assert.match(download.suggestedFilename(), /^pond-orders-\d{4}-\d{2}-\d{2}\.csv$/);

    await table.locator('.ant-table-row').filter({ hasText: 'Extended warranty' }).click();
    const view = page.getByTestId('order-view');
    await view.waitFor();
    await waitForText(view.getByTestId('gain-relationship'), 'Kept');
    assert.equal(await page.getByTestId('order-actions').getByTestId('order-deliver').count(), 1, 'a confirmed order may be delivered');
    assert.equal(await page.getByTestId('order-actions').getByTestId('order-edit').count(), 0, 'a confirmed order is not edited');
    await still(page);
    await shot('2-order-drawer');
    // Delivered today; the drawer then offers nothing more.
    await page.getByTestId('order-deliver').click();
    await page.getByTestId('deliver-form').waitFor();
    await page.getByTestId('deliver-ok').click();
    await page.locator('[data-testid=order-view] [data-testid=order-status][data-status=delivered]').waitFor();
    assert.equal(await page.getByTestId('order-actions').count(), 0);
    await page.keyboard.press('Escape');

    await page.goto(`/prospects/${prospect.id}`);
    const section = page.getByTestId('prospect-orders');
    await section.getByTestId('order-gains').nth(1).waitFor();
    await waitForText(page.getByTestId('stage-tag').first(), 'Repeat customer');
    await section.scrollIntoViewIfNeeded();
    await still(page);
    await shot('3-prospect-orders', { fullPage: true });
  } finally {
    await setServerNow(null);
  }
});

test('the orders page and the drawer on a phone in English', { viewport: PHONE, locale: 'en-US' }, async (t) => {
  const { page, shot } = t;
  try {
    await arrange(page, t.baseUrl, t.setupUrl, [EN_SELLER]);
    await page.goto('/login');
    await loginAndWait(page, EN_SELLER.email, EN_SELLER.password);
    await page.getByTestId('tab-bar').getByText('Orders', { exact: true }).click();
    await page.waitForURL('**/orders');
    await page.locator('[data-testid^=order-card-]').nth(2).waitFor();
    await page.getByTestId('orders-total-USD').waitFor();
    await assertNoHorizontalScroll(page);
    await still(page);
    await shot('1-orders-cards', { fullPage: true });
    await page.getByTestId('orders-more-filters').click();
    await pick(page, page.getByTestId('orders-status'), 'Draft');
    await page.getByText('Done', { exact: true }).click();
    const draft = page.locator('[data-testid^=order-card-]');
    await untilCount(draft, 1);
    await draft.first().click();
    await page.getByTestId('order-view').waitFor();
    // A draft may be changed: the editor opens with its stored line.
    await page.getByTestId('order-edit').click();
    await page.getByTestId('order-editor').waitFor();
    assert.equal(await page.getByTestId('order-line-description-0').inputValue(), 'Roof rack');
    assert.equal(await page.getByTestId('order-line-price-0').inputValue(), '12500.00');
    await assertNoHorizontalScroll(page);
    await still(page);
    await shot('2-draft-editor');
  } finally {
    await setServerNow(null);
  }
});

test('the orders page in 繁體中文 on a desktop', { viewport: DESKTOP, locale: 'zh-TW' }, async (t) => {
  const { page, shot } = t;
  try {
    await arrange(page, t.baseUrl, t.setupUrl, [ZH_SELLER]);
    await page.goto('/login');
    await loginAndWait(page, ZH_SELLER.email, ZH_SELLER.password);
    await page.locator('.ant-layout-sider').getByTestId('nav-menu').getByText('成交', { exact: true }).click();
    await page.waitForURL('**/orders');
    await page.getByTestId('orders-table').locator('.ant-table-row').first().waitFor();
    await page.getByTestId('orders-total-TWD').waitFor();
    await still(page);
    await shot('1-orders-table');
    await page.getByTestId('orders-table').locator('.ant-table-row').first().click();
    await page.getByTestId('order-view').getByTestId('order-gains').waitFor();
    await still(page);
    await shot('2-order-drawer');
  } finally {
    await setServerNow(null);
  }
});

test('a second administrator reads the catalogue and the rules in 繁體中文 on a phone', { viewport: PHONE, locale: 'zh-TW' }, async (t) => {
  const { page, shot } = t;
  try {
    await arrange(page, t.baseUrl, t.setupUrl, [ZH_ADMIN], 'admin');
    await page.goto('/login');
    await loginAndWait(page, ZH_ADMIN.email, ZH_ADMIN.password);
    await page.goto('/settings');
    const products = page.getByTestId('products-card');
    await products.getByText(CAR.zh).waitFor();
    await waitForText(page.getByTestId('rules-vehicle-in-force'), '品項金額的 1.5%');
    await products.scrollIntoViewIfNeeded();
    await assertNoHorizontalScroll(page);
    await still(page);
    await shot('1-settings-cards');
    await page.getByTestId('rules-add').click();
    await page.getByTestId('rule-form').waitFor();
    await assertNoHorizontalScroll(page);
    await still(page);
    await shot('2-rule-modal');
    await page.keyboard.press('Escape');
    await page.getByTestId('rule-form').waitFor({ state: 'detached' });
    await products.getByTestId('products-add').click();
    await page.getByTestId('product-form').waitFor();
    await page.locator('.ant-modal-wrap').last().waitFor({ state: 'visible' });
    await still(page);
    await page.waitForTimeout(300);
    await shot('3-product-modal');
  } finally {
    await setServerNow(null);
  }
});
