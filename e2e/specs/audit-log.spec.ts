/**
 * The admin's audit log reads as sentences in the admin's language, with the people and records as links, and is
 * narrowed by actor, action and days, all kept in the URL so a filtered view can be shared. At phone width the
 * sentence and its time fit the screen; the raw entry stays one tap away.
 */
import assert from 'node:assert/strict';
import type { Locator, Page } from 'playwright-core';
import { DESKTOP, PHONE, test, type TestContext } from '../harness.js';
import { apiSession, arrangeSalespeople, assertNoHorizontalScroll, loginAndWait, still, type Lang } from '../helpers.js';

const PASSWORD = 'every change on the record 27';

interface UserJson {
  user: { id: number; version: number };
}
interface ProspectJson {
  prospect: { id: number; version: number };
}

/** An admin of the spec's own, a salesperson promoted by them, and a salesperson who merges two records of one person. */
async function arrange(t: TestContext, tag: string, locale: Lang) {
  const wei = { email: `audit-wei-${tag}@pond.test`.toLowerCase(), name: `小偉${tag}`, password: PASSWORD, locale };
  const le = { email: `audit-le-${tag}@pond.test`.toLowerCase(), name: `小樂${tag}`, password: PASSWORD, locale };
  const { admin, sessions } = await arrangeSalespeople(t, [wei, le]);
  const [weiApi] = sessions as [Awaited<ReturnType<typeof apiSession>>];
  const boss = { email: `audit-boss-${tag}@pond.test`.toLowerCase(), name: `王經理${tag}`, password: PASSWORD };
  const bossId = (await admin.post<UserJson>('/api/v1/users', { email: boss.email, displayName: boss.name, role: 'admin', password: PASSWORD, locale, timeZone: 'Asia/Taipei' })).user.id;
  const bossApi = await apiSession(t.baseUrl, boss.email, boss.password);
  const users = (await bossApi.get<{ items: { id: number; email: string; version: number }[] }>('/api/v1/users')).items;
  const leUser = users.find((u) => u.email === le.email)!;
  const weiId = users.find((u) => u.email === wei.email)!.id;
  await bossApi.patch(`/api/v1/users/${leUser.id}`, { role: 'manager', version: leUser.version });
  const kept = (await weiApi.post<ProspectJson>('/api/v1/prospects', { name: `陳大文${tag}`, grade: 'A', emails: [`chen-${tag}@example.com`] })).prospect;
  const gone = (await weiApi.post<ProspectJson>('/api/v1/prospects', { name: `陳先生${tag}`, grade: 'B', emails: [`mr-chen-${tag}@example.com`] })).prospect;
  await weiApi.post(`/api/v1/prospects/${kept.id}/merge`, { fromId: gone.id, version: kept.version }, 200);
  return { boss, bossId, weiId, wei, le, kept, gone };
}

/** Opens a Select, types `text` into its search (the lists are longer than they show) and picks the option. */
async function pick(page: Page, select: Locator, text: string) {
  await select.click();
  await page.keyboard.type(text);
  const open = page.locator('.ant-select-dropdown:not(.ant-select-dropdown-hidden)');
  await open.locator('.ant-select-item-option').filter({ hasText: text }).first().click();
  await open.waitFor({ state: 'hidden' });
}

const sentences = (page: Page) => page.getByTestId('audit-sentence');
const query = (page: Page) => new URL(page.url()).searchParams;

test('the audit log as sentences, filtered by actor and action (繁體中文)', { viewport: PHONE, locale: 'zh-TW' }, async (t) => {
  const { page, shot } = t;
  const { boss, bossId, le, wei } = await arrange(t, 'P', 'zh-Hant');
  await loginAndWait(page, boss.email, boss.password);

  // A shared link to one actor's entries: the role change reads as a sentence, the people as links.
  await page.goto(`/admin/audit?actor=${bossId}`);
  const role = sentences(page).filter({ hasText: `王經理P 將 小樂P 的角色改為經理` });
  await role.waitFor();
  assert.equal(await role.getByRole('link', { name: le.name }).getAttribute('href'), '/admin/users');
  assert.equal(await role.getByRole('link', { name: boss.name }).getAttribute('href'), '/admin/users');
  for (const s of await sentences(page).allTextContents()) assert.ok(s.startsWith(boss.name), `only ${boss.name}’s entries: ${s}`);
  await still(page);
  await assertNoHorizontalScroll(page);
  await shot('1-by-actor');

  // The action picker, in the reader's language; the URL follows.
  await page.getByTestId('audit-filter-clear').click();
  await page.waitForURL((u) => u.search === '');
  await pick(page, page.getByTestId('audit-filter-action'), '合併潛在客戶');
  await page.waitForURL((u) => u.searchParams.get('action') === 'prospect.merged');
  const merged = sentences(page).filter({ hasText: `${wei.name} 將 陳先生P 合併到 陳大文P` });
  await merged.waitFor();
  await still(page);
  await assertNoHorizontalScroll(page);
  await shot('2-by-action');

  // The raw entry, one tap away.
  await page.locator('.ant-table-row').filter({ has: merged }).locator('.ant-table-row-expand-icon').click();
  const detail = page.locator('.ant-table-expanded-row').first();
  await detail.getByText('prospect.merged', { exact: true }).waitFor();
  assert.match((await detail.locator('pre').first().textContent()) ?? '', /陳先生P/);
  await still(page);
  await assertNoHorizontalScroll(page);
  await shot('3-expanded');

  // Days with nothing in them, and a day that is not one: a localized answer, never a broken page.
  await page.goto('/admin/audit?from=2000-01-01&to=2000-01-02');
  await page.getByText('沒有符合這些篩選條件的紀錄。').waitFor();
  await page.goto('/admin/audit?from=2026-02-30');
  await page.locator('.ant-alert-error').waitFor();
  assert.match((await page.locator('.ant-alert-error').textContent()) ?? '', /[\u4e00-\u9fff]/);
  await assertNoHorizontalScroll(page);
  await shot('4-bad-day');
});

test('the audit log in English: pick an actor, follow the record’s link', { viewport: DESKTOP, locale: 'en-US' }, async (t) => {
  const { page, shot } = t;
  const { boss, weiId, wei, kept } = await arrange(t, 'D', 'en');
  await loginAndWait(page, boss.email, boss.password);

  await page.goto('/admin/audit?action=prospect.merged');
  await pick(page, page.getByTestId('audit-filter-actor'), wei.name);
  await page.waitForURL((u) => u.searchParams.get('actor') === String(weiId));
  assert.equal(query(page).get('action'), 'prospect.merged', 'both filters stay in the URL');
  const merged = sentences(page).filter({ hasText: `${wei.name} merged 陳先生D into 陳大文D` });
  await merged.waitFor();
  assert.equal(await sentences(page).count(), 1);

  // Today in the admin's time zone holds the merge; the page says which zone its days are in.
  const today = new Intl.DateTimeFormat('en-CA', { timeZone: 'Asia/Taipei' }).format(new Date());
  await page.goto(`/admin/audit?actor=${weiId}&from=${today}&to=${today}`);
  await merged.waitFor();
  await page.getByText('Days are in your time zone (Asia/Taipei).').waitFor();
  await still(page);
  await shot('1-filtered');

  await merged.getByRole('link', { name: '陳大文D' }).click();
  await page.waitForURL(`**/prospects/${kept.id}`);
  await page.getByText('陳大文D').first().waitFor();
  await shot('2-followed-link');
});
