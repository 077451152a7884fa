/**
 * Phone numbers as their reader dials them: a salesperson in Taipei reads a Taiwanese number in its national form
 * and a mainland one with its country code, each a tel: link; Today's row calls with one tap; the forms' example
 * follows the region. Choosing the mainland as phone region on the account page turns both round at once, without
 * a reload. At 375 px in 繁體中文 and at 1280 px in English.
 */
import assert from 'node:assert/strict';
import type { Locator, Page } from 'playwright-core';
import { DESKTOP, PHONE, test, type TestContext } from '../harness.js';
import { type ApiSession, arrangeSalespeople, assertNoHorizontalScroll, loginAndWait, still, waitForText } from '../helpers.js';

const PASSWORD = 'numbers as they are dialled 58';
const TAIWAN = { stored: '+886912345678', taiwan: '0912 345 678', mainland: '+886 912 345 678' };
const MAINLAND = { stored: '+8613912345678', taiwan: '+86 139 1234 5678', mainland: '139 1234 5678' };

interface Created {
  prospect: { id: number; phones: string[] };
}
interface Me {
  user: { phoneRegion: string | null; phoneRegionInUse: string };
}

/** What each language's test names and expects to read. */
const CASES = {
  phone: {
    locale: 'zh-Hant',
    name: '張先生',
    company: '宏達機械',
    call: '打電話給張先生',
    account: '我的帳戶',
    follow: '跟隨我的時區（目前：台灣 / TW）',
    mainland: '中國 / CN',
    saved: '已儲存。',
    example: (e: string) => `例如：${e}`,
  },
  desktop: {
    locale: 'en',
    name: 'Mr Zhang',
    company: 'Hongda Machinery',
    call: 'Call Mr Zhang',
    account: 'My account',
    follow: 'Follow my time zone (now: Taiwan / TW)',
    mainland: 'China / CN',
    saved: 'Saved.',
    example: (e: string) => `e.g. ${e}`,
  },
} as const;

/** A salesperson in Asia/Taipei (the default) with one prospect holding a Taiwanese and a mainland number. */
async function arrange(t: TestContext, tag: 'phone' | 'desktop') {
  const c = CASES[tag];
  const seller = { email: `phones-${tag}@pond.test`, name: `電話${tag}`, password: PASSWORD };
  const [api] = (await arrangeSalespeople(t, [{ ...seller, locale: c.locale }])).sessions as [ApiSession];
  const { prospect } = await api.post<Created>('/api/v1/prospects', {
    name: c.name,
    company: c.company,
    phones: ['+886 912 345 678', '+86 139 1234 5678'],
    wechatId: `zhang_${tag}`,
    grade: 'A',
    source: 'card',
  });
  assert.deepEqual(prospect.phones, [TAIWAN.stored, MAINLAND.stored], 'stored as E.164');
  return { c, seller, api, id: prospect.id };
}

/** The tel: link showing exactly `text`, and where it dials. */
async function assertPhoneLink(scope: Page | Locator, text: string, stored: string): Promise<void> {
  const link = scope.getByRole('link', { name: text, exact: true });
  await link.waitFor();
  assert.equal(await link.getAttribute('href'), `tel:${stored}`, `${text} dials ${stored}`);
}

/** The quick-create form's example for the phone or e-mail. */
async function quickExample(page: Page): Promise<string | null> {
  await page.getByTestId('prospect-quick').click();
  const contact = page.getByTestId('quick-contact');
  await contact.waitFor();
  const placeholder = await contact.getAttribute('placeholder');
  await page.keyboard.press('Escape');
  await page.getByTestId('quick-create').waitFor({ state: 'hidden' });
  return placeholder;
}

async function run(t: TestContext, tag: 'phone' | 'desktop') {
  const { page, shot } = t;
  const { c, seller, api, id } = await arrange(t, tag);
  await page.goto('/login');
  await loginAndWait(page, seller.email, seller.password);

  // Today: the number as read in Taiwan, and a call button beside "log touch" that dials it.
  const row = page.getByTestId(`agenda-row-${id}`);
  await row.waitFor();
  await assertPhoneLink(row, TAIWAN.taiwan, TAIWAN.stored);
  const call = row.getByTestId('agenda-call');
  assert.equal(await call.getAttribute('href'), `tel:${TAIWAN.stored}`);
  assert.equal(await call.getAttribute('aria-label'), c.call);
  await row.getByTestId('agenda-log').waitFor();
  await assertNoHorizontalScroll(page);
  await still(page);
  await shot('1-today-call');

  // The prospect page: the Taiwanese number nationally, the mainland one with its country code, both dialable;
  // the WeChat ID copies with one tap.
  await row.getByRole('link', { name: c.name, exact: true }).click();
  await page.waitForURL(`**/prospects/${id}`);
  await waitForText(page.getByTestId('detail-name'), c.name);
  await assertPhoneLink(page, TAIWAN.taiwan, TAIWAN.stored);
  await assertPhoneLink(page, MAINLAND.taiwan, MAINLAND.stored);
  const wechat = page.getByTestId('detail-wechat');
  await waitForText(wechat, `zhang_${tag}`);
  await wechat.locator('.ant-typography-copy').click();
  await wechat.locator('.ant-typography-copy-success').waitFor();
  await assertNoHorizontalScroll(page);
  await still(page);
  await shot('2-prospect-taiwan');

  // The account page, reached within the app: following the time zone names Taiwan; the mainland is chosen.
  await page.getByTestId('user-menu').click();
  await page.locator('.ant-dropdown:not(.ant-dropdown-hidden) .ant-dropdown-menu-item').filter({ hasText: c.account }).click();
  await page.waitForURL('**/account');
  const region = page.getByTestId('account-phone-region');
  await waitForText(region, c.follow);
  await region.click();
  await page.locator('.ant-select-dropdown:not(.ant-select-dropdown-hidden) .ant-select-item-option').filter({ hasText: c.follow }).waitFor();
  await still(page);
  await shot('3-account-region-choices');
  await page.locator('.ant-select-dropdown:not(.ant-select-dropdown-hidden) .ant-select-item-option').filter({ hasText: c.mainland }).first().click();
  await page.locator('.ant-select-dropdown:not(.ant-select-dropdown-hidden)').waitFor({ state: 'detached' }).catch(() => undefined);
  await waitForText(region, c.mainland);
  await page.getByTestId('profile-save').click();
  await waitForText(page, c.saved);
  const { user } = await api.get<Me>('/api/v1/auth/me');
  assert.equal(user.phoneRegion, 'CN');
  assert.equal(user.phoneRegionInUse, 'CN');
  await assertNoHorizontalScroll(page);
  await region.scrollIntoViewIfNeeded();
  await still(page);
  await shot('4-account-phone-region');

  // Back on the prospect page (no reload): the mainland number nationally now, the Taiwanese one with +886.
  await page.goBack();
  await page.waitForURL(`**/prospects/${id}`);
  await assertPhoneLink(page, TAIWAN.mainland, TAIWAN.stored);
  await assertPhoneLink(page, MAINLAND.mainland, MAINLAND.stored);
  assert.equal(await page.getByRole('link', { name: TAIWAN.taiwan, exact: true }).count(), 0, 'the national Taiwanese form is gone');
  await assertNoHorizontalScroll(page);
  await still(page);
  await shot('5-prospect-mainland');

  // The forms' example follows the region, and Today reads the number the new way too.
  await page.goto('/prospects');
  assert.equal(await quickExample(page), c.example(MAINLAND.mainland));
  await page.goto('/today');
  await assertPhoneLink(page.getByTestId(`agenda-row-${id}`), TAIWAN.mainland, TAIWAN.stored);

  // Following the time zone again brings Taiwan's forms back.
  await api.patch('/api/v1/auth/me', { phoneRegion: null });
  await page.goto('/prospects');
  assert.equal(await quickExample(page), c.example(TAIWAN.taiwan));
}

test('phones in the reader’s format, a call from Today, and the phone region (繁體中文)', { viewport: PHONE, locale: 'zh-TW' }, (t) => run(t, 'phone'));

test('phones in the reader’s format, a call from Today, and the phone region (English)', { viewport: DESKTOP, locale: 'en-US' }, (t) => run(t, 'desktop'));
