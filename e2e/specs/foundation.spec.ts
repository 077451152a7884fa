import assert from 'node:assert/strict';
import { DESKTOP, PHONE, test, type Viewport } from '../harness.js';
import {
  ADMIN,
  assertLang,
  assertNoHorizontalScroll,
  closeNav,
  login,
  loginAndWait,
  openNav,
  signOut,
  switchLanguage,
  waitForText,
  type Lang,
} from '../helpers.js';

const admin = ADMIN;
const salesPassword = 'walk-in prospect 2025';

/** Each width also runs with a different browser language, so detection is covered both ways. */
const RUNS: { viewport: Viewport; browser: string; lang: Lang }[] = [
  { viewport: PHONE, browser: 'zh-TW', lang: 'zh-Hant' },
  { viewport: DESKTOP, browser: 'en-US', lang: 'en' },
];

const TODAY: Record<Lang, string> = { 'zh-Hant': '今日待辦', 'zh-Hans': '今日待办', en: 'Today' };
const USERS: Record<Lang, string> = { 'zh-Hant': '使用者', 'zh-Hans': '用户', en: 'Users' };
const ADMIN_GROUP: Record<Lang, string> = { 'zh-Hant': '系統管理', 'zh-Hans': '系统管理', en: 'Administration' };
const INVALID_CREDENTIALS: Record<Lang, string> = {
  'zh-Hant': '電郵或密碼不正確。',
  'zh-Hans': '邮箱或密码不正确。',
  en: 'Email or password is incorrect.',
};
const TOO_MANY: Record<Lang, string> = {
  'zh-Hant': '嘗試次數過多，請稍後再試。',
  'zh-Hans': '尝试次数过多，请稍后再试。',
  en: 'Too many attempts. Try again later.',
};

test('a fresh install explains where the setup link is', { viewport: DESKTOP }, async ({ page, shot }) => {
  await page.goto('/');
  await page.getByTestId('setup-needed').waitFor();
  await waitForText(page, 'pond user add --role admin');
  await shot('setup-needed');
});

test('the first admin signs up through the printed link and lands signed in', { viewport: PHONE, locale: 'zh-TW' }, async (t) => {
  const { page, shot } = t;
  assert.ok(t.setupUrl, 'the server printed no setup link');
  await page.goto(t.setupUrl);
  await assertLang(page, 'zh-Hant');
  await waitForText(page, '設定魚塘');
  await assertNoHorizontalScroll(page);
  await shot('setup-form', { fullPage: true });

  await page.locator('#email').fill(admin.email);
  await page.locator('#displayName').fill(admin.name);
  await page.locator('#password').fill(admin.password);
  await page.locator('#confirm').fill(admin.password);
  await page.locator('button[type=submit]').click();

  await page.waitForURL('**/today');
  await page.getByTestId('module-today').waitFor();
  await waitForText(page.getByTestId('user-name'), admin.name);
  await assertNoHorizontalScroll(page);
  await shot('today');

  const nav = await openNav(page, PHONE);
  await waitForText(nav, USERS['zh-Hant']);
  await shot('drawer');
  await closeNav(page, PHONE);

  await signOut(page);
  await waitForText(page, '您已登出。');
  await shot('signed-out');
});

test('the setup link cannot be used twice', { viewport: DESKTOP }, async ({ page, setupUrl }) => {
  assert.ok(setupUrl);
  await page.goto(setupUrl);
  await page.waitForURL('**/login');
  await page.locator('#email').waitFor();
});

for (const { viewport, browser, lang } of RUNS) {
  test(`a wrong password shows the server's message in the chosen language`, { viewport, locale: browser }, async ({ page, shot }) => {
    await page.goto('/login');
    await assertLang(page, lang);
    await login(page, admin.email, 'not the password at all');
    await waitForText(page.getByTestId('login-error'), INVALID_CREDENTIALS[lang]);
    await assertNoHorizontalScroll(page);
    await shot(`wrong-password-${lang}`);

    // Signed out, the language choice lives in this browser and survives a reload.
    await switchLanguage(page, 'zh-Hans');
    await login(page, admin.email, 'still not the password');
    await waitForText(page.getByTestId('login-error'), INVALID_CREDENTIALS['zh-Hans']);
    await page.reload();
    await assertLang(page, 'zh-Hans');
    await waitForText(page, '登录鱼塘');
    await shot('login-zh-Hans');
  });

  test('signing in, switching language, reloading and signing out', { viewport, locale: browser }, async (t) => {
    const { page, shot } = t;
    await page.goto('/login');
    await loginAndWait(page, admin.email, admin.password);

    await switchLanguage(page, 'zh-Hant');
    await waitForText(page.locator('main, .ant-layout'), TODAY['zh-Hant']);
    await switchLanguage(page, 'zh-Hans');
    await waitForText(page.locator('.ant-layout'), TODAY['zh-Hans']);
    await switchLanguage(page, 'en');
    await waitForText(page.locator('.ant-layout'), TODAY.en);
    await shot('today-en');

    // End on a language other than this browser's, then check it sticks: after reload, and in a fresh browser.
    const chosen: Lang = lang === 'en' ? 'zh-Hant' : 'zh-Hans';
    await switchLanguage(page, chosen);
    await page.waitForLoadState('networkidle');
    await page.reload();
    await assertLang(page, chosen);
    await waitForText(page.locator('.ant-layout'), TODAY[chosen]);
    await assertNoHorizontalScroll(page);
    await shot(`today-${chosen}`);

    const other = await t.newContext();
    await other.page.goto('/login');
    await assertLang(other.page, lang);
    await loginAndWait(other.page, admin.email, admin.password);
    await assertLang(other.page, chosen);
    await waitForText(other.page.locator('.ant-layout'), TODAY[chosen]);

    await signOut(page);
    await assertLang(page, chosen);
    await assertNoHorizontalScroll(page);
    await page.goto('/today');
    await page.waitForURL('**/login');
  });

  test('an admin creates a salesperson, who signs in without the admin menu', { viewport, locale: browser }, async (t) => {
    const { page, shot } = t;
    const sales = { email: `wei.${viewport.name}@pond.test`, name: viewport.name === 'phone' ? '小偉' : 'Xiao Wei' };

    await page.goto('/login');
    await loginAndWait(page, admin.email, admin.password);
    await switchLanguage(page, lang);
    const nav = await openNav(page, viewport);
    await waitForText(nav, ADMIN_GROUP[lang]);
    await nav.getByText(USERS[lang], { exact: true }).click();
    await page.waitForURL('**/admin/users');
    await page.getByTestId('users-table').getByText(admin.email).waitFor();

    await page.getByTestId('user-create').click();
    const dialog = page.locator('.ant-modal').filter({ has: page.getByTestId('user-form') });
    await dialog.locator('#email').fill(sales.email);
    await dialog.locator('#displayName').fill(sales.name);
    await dialog.locator('#password').fill(salesPassword);
    await assertNoHorizontalScroll(page);
    await shot('create-user');
    await dialog.locator('.ant-modal-footer .ant-btn-primary').click();
    await dialog.waitFor({ state: 'hidden' });
    const row = page.getByTestId('users-table').locator('tr').filter({ hasText: sales.email });
    await row.waitFor();
    await waitForText(row, lang === 'en' ? 'Salesperson' : '銷售人員');
    await assertNoHorizontalScroll(page);
    await shot('users', { fullPage: true });

    await signOut(page);
    await loginAndWait(page, sales.email, salesPassword);
    await waitForText(page.getByTestId('user-name'), sales.name);
    const salesNav = await openNav(page, viewport);
    await waitForText(salesNav, TODAY[lang]);
    assert.equal(await salesNav.getByText(USERS[lang], { exact: true }).count(), 0, 'a salesperson sees the Users entry');
    assert.equal(await salesNav.getByText(ADMIN_GROUP[lang], { exact: true }).count(), 0, 'a salesperson sees the admin group');
    await shot('salesperson-nav');
    await closeNav(page, viewport);

    await page.goto('/admin/users');
    await page.locator('.ant-result-404').waitFor();
    assert.equal(await page.getByTestId('users-table').count(), 0);
    await assertNoHorizontalScroll(page);
  });
}

test('repeated wrong passwords are slowed down with a clear message', { viewport: DESKTOP, locale: 'zh-HK' }, async ({ page, shot }) => {
  await page.goto('/login');
  await assertLang(page, 'zh-Hant');
  const error = page.getByTestId('login-error');
  for (let attempt = 1; attempt <= 8; attempt += 1) {
    const [response] = await Promise.all([
      page.waitForResponse((r) => r.url().endsWith('/api/v1/auth/login')),
      login(page, 'wei.desktop@pond.test', `wrong guess ${attempt}`),
    ]);
    if (response.status() === 429) break;
  }
  await waitForText(error, TOO_MANY['zh-Hant']);
  await shot('too-many');
});
