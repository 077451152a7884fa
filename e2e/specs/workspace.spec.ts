import assert from 'node:assert/strict';
import { DESKTOP, PHONE, test, type Viewport } from '../harness.js';
import { ADMIN, assertNoHorizontalScroll, ensureAdmin, loginAndWait, openNav, signOut, switchLanguage, waitForText, type Lang } from '../helpers.js';

const RUNS: { viewport: Viewport; lang: Lang }[] = [
  { viewport: PHONE, lang: 'zh-Hant' },
  { viewport: DESKTOP, lang: 'en' },
];

const T = {
  account: { 'zh-Hant': '我的帳戶', 'zh-Hans': '我的账户', en: 'My account' },
  teams: { 'zh-Hant': '團隊', 'zh-Hans': '团队', en: 'Teams' },
  audit: { 'zh-Hant': '稽核紀錄', 'zh-Hans': '审计日志', en: 'Audit log' },
  after: { 'zh-Hant': '變更後', 'zh-Hans': '变更后', en: 'After' },
  loadMore: { 'zh-Hant': '載入更多', 'zh-Hans': '加载更多', en: 'Load more' },
  setupDone: { 'zh-Hant': '完成了魚塘的初始設定', 'zh-Hans': '完成了鱼塘的初始设置', en: 'set up Pond' },
  passwordChanged: {
    'zh-Hant': '密碼已變更，您在其他裝置上的登入已結束。',
    'zh-Hans': '密码已修改，您在其他设备上的登录已结束。',
    en: 'Password changed. Your other devices have been signed out.',
  },
} as const;

for (const { viewport, lang } of RUNS) {
  test('account: API tokens are shown once, listed and revoked; a password change works', { viewport }, async (t) => {
    const { page, shot } = t;
    await ensureAdmin(t.baseUrl, t.setupUrl);
    await page.goto('/login');
    await loginAndWait(page, ADMIN.email, ADMIN.password);
    await switchLanguage(page, lang);

    // A user of its own, so changing the password does not disturb other tests.
    const user = { email: `pat.${viewport.name}@pond.test`, password: 'first password 123', next: 'second password 456' };
    const created = await page.request.post('/api/v1/users', {
      headers: { Origin: t.baseUrl },
      data: { email: user.email, displayName: 'Pat', role: 'manager', password: user.password },
    });
    assert.equal(created.status(), 201, await created.text());
    await signOut(page);
    await loginAndWait(page, user.email, user.password);

    await page.getByTestId('user-menu').click();
    await page.locator('.ant-dropdown:not(.ant-dropdown-hidden) .ant-dropdown-menu-item').filter({ hasText: T.account[lang] }).click();
    await page.waitForURL('**/account');

    const tokenName = page.getByPlaceholder(lang === 'en' ? 'e.g. Nightly export script' : '例如：每晚匯出腳本');
    await tokenName.fill(`Calendar ${viewport.name}`);
    await tokenName.press('Enter');
    const secret = page.getByTestId('new-token');
    await secret.waitFor();
    assert.ok(((await secret.textContent()) ?? '').trim().length >= 16, 'the new token is shown');
    await assertNoHorizontalScroll(page);
    await shot('token-created');
    await page.locator('.ant-modal-footer .ant-btn-primary').click();
    await secret.waitFor({ state: 'detached' });
    const item = page.locator('.ant-list-item').filter({ hasText: `Calendar ${viewport.name}` });
    await item.waitFor();
    await assertNoHorizontalScroll(page);
    await shot('account', { fullPage: true });
    await item.locator('button').click();
    await page.locator('.ant-popconfirm .ant-btn-primary').click();
    await item.waitFor({ state: 'detached' });

    await page.locator('#currentPassword').fill(user.password);
    await page.locator('#newPassword').fill(user.next);
    await page.locator('#confirm').fill(user.next);
    await page.locator('button[type=submit]').filter({ hasText: lang === 'en' ? 'Change password' : '變更密碼' }).click();
    await waitForText(page, T.passwordChanged[lang]);
    await signOut(page);
    await loginAndWait(page, user.email, user.next);
  });

  test('admin: teams get a manager and a new name; the audit log shows what changed', { viewport }, async (t) => {
    const { page, shot } = t;
    await ensureAdmin(t.baseUrl, t.setupUrl);
    await page.goto('/login');
    await loginAndWait(page, ADMIN.email, ADMIN.password);
    await switchLanguage(page, lang);

    let nav = await openNav(page, viewport);
    await nav.getByText(T.teams[lang], { exact: true }).click();
    await page.waitForURL('**/admin/teams');
    await page.getByTestId('team-create').click();
    const dialog = page.locator('.ant-modal-wrap:not([style*="display: none"]) .ant-modal');
    await dialog.locator('#name').fill(`North ${viewport.name}`);
    // A click that lands while the dialog is still animating can open and close the dropdown at once;
    // open it again until the option is really visible. The other specs add users, so the list may be longer than
    // the dropdown shows: the manager is found by typing, as one would among many colleagues.
    const option = page.locator('.ant-select-dropdown:not(.ant-select-dropdown-hidden) .ant-select-item-option').filter({ hasText: ADMIN.email });
    for (let attempt = 0; attempt < 3 && !(await option.isVisible()); attempt += 1) {
      await dialog.locator('.ant-select').click();
      await dialog.locator('.ant-select input').fill(ADMIN.email).catch(() => undefined);
      await option.waitFor({ state: 'visible', timeout: 3_000 }).catch(() => undefined);
    }
    await option.click();
    await dialog.locator('.ant-modal-footer .ant-btn-primary').click();
    const row = page.locator('tr').filter({ hasText: `North ${viewport.name}` });
    await row.waitFor();
    await waitForText(row, ADMIN.name);

    await row.locator('button').click();
    await dialog.locator('#name').fill(`North Star ${viewport.name}`);
    await dialog.locator('.ant-modal-footer .ant-btn-primary').click();
    await page.locator('tr').filter({ hasText: `North Star ${viewport.name}` }).waitFor();
    await assertNoHorizontalScroll(page);
    await shot('teams');

    // The users list names the team its manager leads (the team column shows from tablet width).
    if (viewport.name === 'desktop') {
      await page.goto('/admin/users');
      // Other specs add people: find her by e-mail rather than on whichever page she falls.
      await page.getByTestId('users-search').locator('input').fill(ADMIN.email);
      await page.getByTestId('users-table').locator('tr').filter({ hasText: ADMIN.email }).filter({ hasText: `North Star ${viewport.name}` }).waitFor();
    }

    nav = await openNav(page, viewport);
    await nav.getByText(T.audit[lang], { exact: true }).click();
    await page.waitForURL('**/admin/audit');
    const table = page.getByTestId('audit-table');
    await table.locator('.ant-table-row').first().waitFor();
    // The setup's entry is the oldest, behind every other spec's (a large import alone writes a hundred): the filter
    // in the address narrows the log to it, as a link to the page would. Each entry reads as a sentence.
    await page.goto('/admin/audit?action=setup.completed');
    const setupEntry = table.getByText(T.setupDone[lang]);
    await setupEntry.first().waitFor();
    await table.locator('.ant-table-row').filter({ hasText: T.setupDone[lang] }).locator('.ant-table-row-expand-icon').click();
    await waitForText(table, T.after[lang]);
    await table.locator('pre.pond-json').first().waitFor();
    await assertNoHorizontalScroll(page);
    await shot('audit');
  });
}
