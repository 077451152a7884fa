/**
 * The manager's team view: a manager with two salespeople sees each one's agenda counts, opens the one with an
 * overdue prospect, reads their Today and logs the touch on the company's behalf, and the count drops. On a phone
 * the cards stack; the prospect list shows the owner column and filter to the manager and not to a salesperson.
 * The clock is injected on both sides: the prospects were last called nine days ago.
 */
import assert from 'node:assert/strict';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Locator, Page } from 'playwright-core';
import { DESKTOP, PHONE, test, type TestContext } from '../harness.js';
import { ADMIN, type ApiSession, apiSession, assertNoHorizontalScroll, closeNav, ensureAdmin, loginAndWait, openNav, setNow, setServerNow, still } from '../helpers.js';

/** When the salespeople called their prospects, and "now": a Wednesday in Taipei, nine days later. */
const CALLED = '2027-03-01T10:00:00+08:00';
const NOW = '2027-03-10T10:00:00+08:00';

/** Where the harness keeps screenshots, for the salesperson's second browser (t.shot takes the first one's). */
const ARTIFACTS = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../.e2e-artifacts');

interface Person {
  email: string;
  name: string;
  password: string;
}

interface Cast {
  team: string;
  locale: 'en' | 'zh-Hant';
  manager: Person;
  /** The one with a prospect overdue (and one due today). */
  wei: Person;
  /** The one whose prospect is due later this week. */
  le: Person;
  overdue: string;
}

const DESKTOP_CAST: Cast = {
  team: 'Team View Showroom',
  locale: 'en',
  manager: { email: 'kao.team@pond.test', name: 'Sandra Kao', password: 'a manager who reads every agenda' },
  wei: { email: 'wei.team@pond.test', name: 'Wei Lin', password: 'nurture the pond every single day' },
  le: { email: 'le.team@pond.test', name: 'Le Xiao', password: 'fifteen new faces and no revisits' },
  overdue: 'Oliver Chen',
};

const PHONE_CAST: Cast = {
  team: '團隊檢視北區',
  locale: 'zh-Hant',
  manager: { email: 'chen.team@pond.test', name: '陳經理', password: 'the whole team on one small screen' },
  wei: { email: 'xiaowei.team@pond.test', name: '王小偉', password: 'call again after twenty days' },
  le: { email: 'xiaole.team@pond.test', name: '肖樂', password: 'visit fifteen and never call twice' },
  overdue: '林志明',
};

interface Arranged {
  weiId: number;
  leId: number;
  overdueId: number;
}

/** Accounts and the team at real time (sessions expire by the server's clock); then the calls, then "now". */
async function arrange(t: TestContext, cast: Cast): Promise<Arranged> {
  await setServerNow(null);
  await ensureAdmin(t.baseUrl, t.setupUrl);
  const admin = await apiSession(t.baseUrl, ADMIN.email, ADMIN.password);
  const account = (p: Person, role: string, teamId?: number) =>
    admin.post<{ user: { id: number } }>('/api/v1/users', { email: p.email, displayName: p.name, role, password: p.password, locale: cast.locale, timeZone: 'Asia/Taipei', ...(teamId ? { teamId } : {}) });
  const managerId = (await account(cast.manager, 'manager')).user.id;
  const teamId = (await admin.post<{ team: { id: number } }>('/api/v1/teams', { name: cast.team, managerId })).team.id;
  const weiId = (await account(cast.wei, 'salesperson', teamId)).user.id;
  const leId = (await account(cast.le, 'salesperson', teamId)).user.id;

  await setServerNow(CALLED);
  const called = async (seller: ApiSession, name: string, phone: string, nextContactOn: string) => {
    const { prospect } = await seller.post<{ prospect: { id: number } }>('/api/v1/prospects', { name, grade: 'A', phones: [phone], source: 'walk_in' });
    await seller.post(`/api/v1/prospects/${prospect.id}/touches`, { channel: 'call', summary: 'Asked about the new sedan.', saleMade: false, relationshipKept: true, nextContactOn });
    return prospect.id;
  };
  const wei = await apiSession(t.baseUrl, cast.wei.email, cast.wei.password);
  const le = await apiSession(t.baseUrl, cast.le.email, cast.le.password);
  const overdueId = await called(wei, cast.overdue, '+886 912 345 101', '2027-03-05');
  await called(wei, `${cast.overdue} Jr`, '+886 912 345 102', '2027-03-10');
  await called(le, 'Lily Wu', '+886 912 345 103', '2027-03-12');
  await setNow(t.page, NOW);
  return { weiId, leId, overdueId };
}

async function text(locator: Locator): Promise<string> {
  return ((await locator.textContent()) ?? '').trim();
}

const card = (page: Page, id: number) => page.getByTestId(`team-member-${id}`);
const count = (scope: Locator, bucket: string) => scope.getByTestId(`team-count-${bucket}`).getByTestId('team-count-value');

/** Polls from the test side (the page's CSP forbids evaluating strings). */
async function until(what: string, check: () => Promise<boolean>, timeoutMs = 10_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) assert.fail(`gave up waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

test('a manager sees the team, opens a member’s Today and logs the overdue touch', { viewport: DESKTOP, locale: 'en-US' }, async (t) => {
  const { page, shot } = t;
  const cast = DESKTOP_CAST;
  try {
    const { weiId, leId, overdueId } = await arrange(t, cast);
    await page.goto('/login');
    await loginAndWait(page, cast.manager.email, cast.manager.password);

    // The nav has the team view; /team lists both members in the server's order with their counts.
    const nav = await openNav(page, t.viewport);
    await nav.getByText('Team', { exact: true }).click();
    await page.waitForURL('**/team');
    await card(page, weiId).waitFor();
    await card(page, leId).waitFor();
    assert.equal(await page.getByTestId('team-list').locator(':scope > *').count(), 2, 'only the manager’s two salespeople');
    assert.equal(await text(card(page, weiId).getByTestId('team-member-name')), cast.wei.name);
    assert.match(await text(card(page, weiId)), new RegExp(cast.team));
    assert.equal(await text(count(card(page, weiId), 'overdue')), '1');
    assert.equal(await text(count(card(page, weiId), 'today')), '1');
    assert.equal(await text(count(card(page, leId), 'overdue')), '0');
    assert.equal(await text(count(card(page, leId), 'this_week')), '1');
    // Overdue shows in red only when there is any.
    assert.match((await count(card(page, weiId), 'overdue').getAttribute('class')) ?? '', /danger/);
    assert.doesNotMatch((await count(card(page, leId), 'overdue').getAttribute('class')) ?? '', /danger/);
    // A grid at desktop width: the two cards side by side.
    const [a, b] = [await card(page, weiId).boundingBox(), await card(page, leId).boundingBox()];
    assert.ok(a && b && Math.abs(a.y - b.y) < 2 && a.x !== b.x, 'the cards sit side by side');
    await assertNoHorizontalScroll(page);
    await still(page);
    await shot('1-team');

    // Wei's Today, read-only: the overdue row is there, with its log button.
    await card(page, weiId).click();
    await page.waitForURL(`**/team/${weiId}`);
    assert.equal(await text(page.getByTestId('member-title')), `${cast.wei.name}’s Today (read-only)`);
    const overdue = page.getByTestId('agenda-overdue');
    const row = overdue.getByTestId(`agenda-row-${overdueId}`);
    await row.waitFor();
    assert.equal(await text(overdue.getByTestId('agenda-count')), '1');
    assert.match(await text(row.getByTestId('agenda-due')), /^5 days overdue/);
    await page.getByTestId('agenda-today').locator('.pond-agenda-row').first().waitFor();
    await assertNoHorizontalScroll(page);
    await still(page);
    await shot('2-member-today', { fullPage: true });

    // The manager logs the call: it is recorded on the company's behalf, and the member's agenda refreshes.
    await row.getByTestId('agenda-log').click();
    await page.getByTestId('touch-reached').locator('.ant-segmented-item').first().click();
    await page.getByTestId('touch-form').waitFor();
    await page.getByTestId('touch-summary').fill('Called on Wei’s behalf; he will visit the showroom on Saturday.');
    // Whether a sale was made and the relationship kept are answered every time: nothing is chosen for the user.
    await page.getByTestId('touch-sale').locator('.ant-radio-button-wrapper').nth(1).click();
    await page.getByTestId('touch-kept').locator('.ant-radio-button-wrapper').nth(0).click();
    await still(page);
    await shot('3-touch-drawer');
    await page.getByTestId('touch-save').click();
    await page.getByTestId('touch-form').waitFor({ state: 'detached' });
    await row.waitFor({ state: 'detached' });
    await until('the overdue count to drop', async () => (await text(overdue.getByTestId('agenda-count'))) === '0');
    const res = await page.request.get(`/api/v1/prospects/${overdueId}`);
    assert.equal(res.status(), 200, await res.text());
    const { prospect, touches } = (await res.json()) as { prospect: { owner: { id: number } | null }; touches: { user: { name: string }; onBehalfOfCompany: boolean }[] };
    assert.equal(prospect.owner?.id, weiId, 'the prospect stays Wei’s');
    assert.equal(touches[0]?.user.name, cast.manager.name);
    assert.equal(touches[0]?.onBehalfOfCompany, true, 'logged on the company’s behalf');
    await still(page);
    await shot('4-member-today-after');

    // Back on the team: Wei has nothing overdue any more.
    await page.getByTestId('member-back').click();
    await page.waitForURL('**/team');
    await until('the team count to drop', async () => (await text(count(card(page, weiId), 'overdue'))) === '0');
    await still(page);
    await shot('5-team-after');

    // The list: an owner column with each owner's name, and an owner filter sent as ownerId.
    await nav.getByText('Prospects', { exact: true }).click();
    await page.waitForURL('**/prospects');
    const table = page.getByTestId('prospect-table');
    await table.locator('th').filter({ hasText: 'Owner' }).waitFor();
    await table.locator('.ant-table-row').filter({ hasText: 'Lily Wu' }).filter({ hasText: cast.le.name }).waitFor();
    await page.getByTestId('prospect-filters').click();
    const request = page.waitForRequest((r) => r.url().includes('/api/v1/prospects?') && new URL(r.url()).searchParams.get('ownerId') === String(leId));
    await page.getByTestId('filter-owner').click();
    await page.locator('.ant-select-dropdown:not(.ant-select-dropdown-hidden) .ant-select-item-option').filter({ hasText: cast.le.name }).click();
    await page.keyboard.press('Escape');
    await page.getByTestId('filters-apply').click();
    await request;
    await until('only Le’s prospect', async () => (await table.locator('.ant-table-row').count()) === 1 && /Lily Wu/.test(await text(table.locator('.ant-table-row').first())));
    await page.locator('[data-testid=prospect-table] .ant-spin-blur').waitFor({ state: 'detached' });
    await still(page);
    await shot('6-prospects-by-owner');
  } finally {
    await setServerNow(null);
  }
});

test('on a phone the team cards stack, and only the manager sees whose prospect it is', { viewport: PHONE, locale: 'zh-TW' }, async (t) => {
  const { page, shot } = t;
  const cast = PHONE_CAST;
  try {
    const { weiId, leId, overdueId } = await arrange(t, cast);
    await page.goto('/login');
    await loginAndWait(page, cast.manager.email, cast.manager.password);

    const nav = await openNav(page, t.viewport);
    await nav.getByText('團隊待辦', { exact: true }).click();
    await page.waitForURL('**/team');
    await card(page, weiId).waitFor();
    await card(page, leId).waitFor();
    assert.equal(await text(count(card(page, weiId), 'overdue')), '1');
    const [a, b] = [await card(page, weiId).boundingBox(), await card(page, leId).boundingBox()];
    assert.ok(a && b && Math.abs(a.x - b.x) < 2 && b.y > a.y + a.height - 1, 'the cards stack');
    await assertNoHorizontalScroll(page);
    await still(page);
    await shot('1-team', { fullPage: true });

    await card(page, weiId).click();
    await page.waitForURL(`**/team/${weiId}`);
    assert.equal(await text(page.getByTestId('member-title')), `${cast.wei.name} 的今日待辦（唯讀）`);
    await page.getByTestId('agenda-overdue').getByTestId(`agenda-row-${overdueId}`).getByTestId('agenda-log').waitFor();
    await assertNoHorizontalScroll(page);
    await still(page);
    await shot('2-member-today', { fullPage: true });

    // The manager's list: whose prospect each one is, and a filter by owner.
    await page.getByTestId('tab-bar').getByText('潛在客戶', { exact: true }).click();
    await page.waitForURL('**/prospects');
    const table = page.getByTestId('prospect-table');
    await table.locator('th').filter({ hasText: '負責人' }).waitFor();
    await table.locator('.ant-table-row').filter({ hasText: cast.overdue }).first().filter({ hasText: cast.wei.name }).waitFor();
    await page.locator('[data-testid=prospect-table] .ant-spin-blur').waitFor({ state: 'detached' });
    await page.waitForTimeout(400); // antd fades the rows in after loading; the screenshot is for people to look at
    await assertNoHorizontalScroll(page);
    await shot('3-prospects-manager');
    await page.getByTestId('prospect-filters').click();
    await page.locator('.ant-drawer-open').getByTestId('filter-owner').waitFor();
    await page.waitForTimeout(400); // the sheet rises by CSS transition, which still() cannot see
    await shot('4-filters-manager');

    // A salesperson sees neither, nor the team view.
    const seller = await t.newContext();
    await seller.page.clock.setFixedTime(new Date(NOW));
    await seller.page.goto('/login');
    await loginAndWait(seller.page, cast.wei.email, cast.wei.password);
    const sellerNav = await openNav(seller.page, t.viewport);
    assert.equal(await sellerNav.getByText('團隊待辦', { exact: true }).count(), 0, 'no team entry for a salesperson');
    await closeNav(seller.page, t.viewport);
    await seller.page.getByTestId('tab-bar').getByText('潛在客戶', { exact: true }).click();
    await seller.page.waitForURL('**/prospects');
    const own = seller.page.getByTestId('prospect-table');
    await own.locator('.ant-table-row').filter({ hasText: cast.overdue }).first().waitFor();
    assert.equal(await own.locator('th').filter({ hasText: '負責人' }).count(), 0, 'no owner column for a salesperson');
    await seller.page.locator('[data-testid=prospect-table] .ant-spin-blur').waitFor({ state: 'detached' });
    await seller.page.waitForTimeout(400);
    await seller.page.screenshot({ path: path.join(ARTIFACTS, 'team-view-salesperson-phone-5-prospects.png') });
    await seller.page.getByTestId('prospect-filters').click();
    await seller.page.getByTestId('filters-apply').waitFor();
    assert.equal(await seller.page.getByTestId('filter-owner').count(), 0, 'no owner filter for a salesperson');
    await seller.page.keyboard.press('Escape');
    await seller.page.goto('/team');
    await seller.page.getByText('找不到頁面', { exact: true }).waitFor();
  } finally {
    await setServerNow(null);
  }
});
