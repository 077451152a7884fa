/**
 * Coaching (銷售人員PK): a manager's team, one salesperson who meets many new prospects and calls none back, one who
 * calls back. The table flags the first and says why; a number opens the prospects behind it; PK draws both with
 * ECharts; at phone width the table becomes cards, and the one-shot salesperson sees their own report beside the
 * team's median. The flag's first-contact threshold is lowered for this small team, and restored afterwards.
 */
import assert from 'node:assert/strict';
import type { Page } from 'playwright-core';
import { DESKTOP, PHONE, test, type TestContext } from '../harness.js';
import { ADMIN, apiSession, assertNoHorizontalScroll, ensureAdmin, loginAndWait, openNav, setServerNow, still, type ApiSession } from '../helpers.js';

interface Cast {
  team: string;
  locale: 'en' | 'zh-Hant';
  manager: { email: string; name: string };
  wei: { email: string; name: string };
  le: { email: string; name: string };
  phone: string;
}
const PASSWORD = 'every number opens what is behind it';

const DESKTOP_CAST: Cast = {
  team: 'Coaching Showroom',
  locale: 'en',
  manager: { email: 'wang.coach@pond.test', name: 'Manager Wang' },
  wei: { email: 'wei.coach@pond.test', name: 'Wei Nurture' },
  le: { email: 'le.coach@pond.test', name: 'Le Oneshot' },
  phone: '+88693310',
};
const PHONE_CAST: Cast = {
  team: '教練北區',
  locale: 'zh-Hant',
  manager: { email: 'wang.coach2@pond.test', name: '王經理' },
  wei: { email: 'wei.coach2@pond.test', name: '小偉' },
  le: { email: 'le.coach2@pond.test', name: '肖樂' },
  phone: '+88693320',
};

const daysAgo = (n: number, hour = 10) => new Date(Date.now() - n * 86_400_000 + (hour - 10) * 3_600_000).toISOString();

/** The team, Le's six single first contacts and Wei's two prospects called back twice each; the threshold at five. */
async function arrange(t: TestContext, cast: Cast): Promise<{ admin: ApiSession; restore: () => Promise<void>; ids: { wei: number; le: number } }> {
  await setServerNow(null);
  await ensureAdmin(t.baseUrl, t.setupUrl);
  const admin = await apiSession(t.baseUrl, ADMIN.email, ADMIN.password);
  const account = (p: { email: string; name: string }, role: string, teamId?: number) =>
    admin.post<{ user: { id: number } }>('/api/v1/users', { email: p.email, displayName: p.name, role, password: PASSWORD, locale: cast.locale, timeZone: 'Asia/Taipei', ...(teamId ? { teamId } : {}) });
  const managerId = (await account(cast.manager, 'manager')).user.id;
  const teamId = (await admin.post<{ team: { id: number } }>('/api/v1/teams', { name: cast.team, managerId })).team.id;
  const ids = { wei: (await account(cast.wei, 'salesperson', teamId)).user.id, le: (await account(cast.le, 'salesperson', teamId)).user.id };
  const le = await apiSession(t.baseUrl, cast.le.email, PASSWORD);
  const wei = await apiSession(t.baseUrl, cast.wei.email, PASSWORD);
  let n = 10;
  const prospect = async (seller: ApiSession, name: string) => (await seller.post<{ prospect: { id: number } }>('/api/v1/prospects', { name, grade: 'B', phones: [`${cast.phone}${String(n++).padStart(4, '0')}`] })).prospect.id;
  const touch = (seller: ApiSession, id: number, at: string, summary: string) => seller.post(`/api/v1/prospects/${id}/touches`, { channel: 'visit', at, summary, saleMade: false, relationshipKept: false });
  for (let i = 0; i < 6; i++) await touch(le, await prospect(le, `${cast.le.name} ${i + 1}`), daysAgo(12 - i * 2), 'Handed over a brochure.');
  for (let i = 0; i < 2; i++) {
    const id = await prospect(wei, `${cast.wei.name} ${i + 1}`);
    for (const d of [14, 9, 3]) await touch(wei, id, daysAgo(d - i), 'Asked how the family liked the test drive.');
  }
  const before = await admin.get<{ version: number; policy: Record<string, number> }>('/api/v1/settings/coaching');
  const lowered = await admin.put<{ version: number }>('/api/v1/settings/coaching', { version: before.version, policy: { ...before.policy, minFirstContacts: 5 } });
  return { admin, ids, restore: async () => void (await admin.put('/api/v1/settings/coaching', { version: lowered.version, policy: before.policy })) };
}

const chooseTeam = async (page: Page, team: string) => {
  await page.getByTestId('coaching-team').click();
  await page.locator('.ant-select-dropdown:not(.ant-select-dropdown-hidden) .ant-select-item-option').filter({ hasText: team }).click();
};

test('a manager sees who fishes once, opens the prospects behind a number and compares two in PK', { viewport: DESKTOP, locale: 'en-US' }, async (t) => {
  const { page, shot } = t;
  const { ids, restore } = await arrange(t, DESKTOP_CAST);
  try {
    await page.goto('/login');
    await loginAndWait(page, DESKTOP_CAST.manager.email, PASSWORD);
    const nav = await openNav(page, t.viewport);
    await nav.getByText('Coaching', { exact: true }).click();
    await page.waitForURL('**/coaching');
    const table = page.getByTestId('coaching-table');
    const leRow = table.getByTestId(`coaching-row-${ids.le}`);
    const weiRow = table.getByTestId(`coaching-row-${ids.wei}`);
    await leRow.waitFor();
    await weiRow.waitFor();
    // Le is flagged, in words and numbers; Wei is not.
    assert.match((await leRow.getByTestId('coaching-flag-reason').first().textContent()) ?? '', /^6 first contacts, 0 revisits in 4 weeks: 0% revisit rate; 6 prospects touched once$/);
    assert.equal(await weiRow.getByTestId('coaching-flag').count(), 0);
    assert.equal((await weiRow.getByTestId('coaching-num-revisits').first().textContent())?.trim(), '4');
    // The team's two salespeople, the flagged first (the table is sorted by revisit rate).
    assert.equal(await table.locator('.ant-table-row').count(), 2);
    assert.match((await table.locator('.ant-table-row').first().textContent()) ?? '', /Le Oneshot/);
    assert.equal(await leRow.getByTestId('coaching-spark').count(), 1);
    await assertNoHorizontalScroll(page);
    await still(page);
    await shot('1-team');

    // A number opens the prospects behind it; a name opens the prospect.
    await leRow.getByTestId('coaching-num-touchedOnce').click();
    const drawer = page.getByTestId('coaching-drill');
    await drawer.getByTestId('coaching-drill-row').first().waitFor();
    assert.equal(await drawer.getByTestId('coaching-drill-row').count(), 6);
    assert.match((await drawer.getByTestId('coaching-drill-count').textContent()) ?? '', /6 of 6/);
    await still(page);
    await shot('2-drill');
    // Each row opens its prospect.
    const href = await drawer.getByRole('link', { name: 'Le Oneshot 6' }).getAttribute('href');
    assert.match(href ?? '', /^\/prospects\/\d+$/);
    await page.goto(href!);
    await page.getByText('Le Oneshot 6').first().waitFor();
    await page.goto('/coaching');
    await leRow.waitFor();
    await still(page);

    // PK: the two side by side, three charts each, the numbers beside them.
    await page.getByTestId('coaching-pk-link').click();
    await page.waitForURL('**/coaching/pk**');
    for (const side of ['a', 'b']) {
      await page.getByTestId(`coaching-pk-${side}`).getByTestId('coaching-chart-bars').locator('svg').waitFor();
      await page.getByTestId(`coaching-pk-${side}`).getByTestId('coaching-chart-ring').locator('svg').waitFor();
    }
    assert.match((await page.getByTestId('coaching-pk-a').textContent()) ?? '', /Wei Nurture/);
    assert.match((await page.getByTestId('coaching-pk-b').textContent()) ?? '', /Fishes once/);
    await assertNoHorizontalScroll(page);
    await still(page);
    await shot('3-pk', { fullPage: true });
  } finally {
    await restore();
  }
});

test('at phone width the team reads as cards, and the salesperson reads their own report beside the median', { viewport: PHONE, locale: 'zh-TW' }, async (t) => {
  const { page, shot } = t;
  const { ids, restore } = await arrange(t, PHONE_CAST);
  try {
    await page.goto('/login');
    await loginAndWait(page, PHONE_CAST.manager.email, PASSWORD);
    await page.goto('/coaching');
    await chooseTeam(page, PHONE_CAST.team);
    const leCard = page.getByTestId(`coaching-card-${ids.le}`);
    await leCard.getByTestId('coaching-flag').waitFor();
    assert.match((await leCard.getByTestId('coaching-flag').textContent()) ?? '', /初次接觸 6 次、回訪 0 次：回訪率 0%/);
    assert.equal(await page.getByTestId(`coaching-card-${ids.wei}`).getByTestId('coaching-flag').count(), 0);
    assert.equal(await page.getByTestId('coaching-table').count(), 0, 'cards, not a wide table');
    await assertNoHorizontalScroll(page);
    await still(page);
    await shot('1-cards', { fullPage: true });

    // 肖樂 signs in: her own numbers, the team's median beside them, no colleague's name.
    await page.context().clearCookies();
    await page.goto('/login');
    await loginAndWait(page, PHONE_CAST.le.email, PASSWORD);
    await page.goto('/coaching');
    const own = page.getByTestId('coaching-own');
    await own.getByTestId('coaching-flag').waitFor();
    assert.ok((await own.getByTestId('coaching-median').count()) > 3);
    assert.doesNotMatch((await page.getByTestId('module-coaching').textContent()) ?? '', /小偉/);
    await own.getByTestId('coaching-chart-bars').locator('svg').waitFor();
    await assertNoHorizontalScroll(page);
    await still(page);
    await shot('2-own', { fullPage: true });
  } finally {
    await restore();
  }
});
