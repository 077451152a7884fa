/**
 * Reminders where people look: the morning mail's switch and the private calendar address on the account page
 * (shown once, renewed, revoked), a colleague's touch ringing the owner's bell, and the mail's "Log a touch"
 * link opening the drawer once.
 */
import assert from 'node:assert/strict';
import type { Page } from 'playwright-core';
import { DESKTOP, PHONE, test } from '../harness.js';
import { type ApiSession, arrangeSalespeople, assertNoHorizontalScroll, loginAndWait, still, waitForText } from '../helpers.js';

const OWNER = { email: 'lin.remind@pond.test', name: '林小薇', password: 'reminders by the pond 61' };
const COLLEAGUE = { email: 'wang.remind@pond.test', name: '王建國', password: 'reminders by the pond 62' };
const OWNER_EN = { email: 'amy.remind@pond.test', name: 'Amy Chen', password: 'reminders by the pond 63' };
const COLLEAGUE_EN = { email: 'ben.remind@pond.test', name: 'Ben Liu', password: 'reminders by the pond 64' };

/** The owner's prospect, with the colleague linked to it, so the colleague may log touches on it. */
let phones = 0;
async function linkedProspect(owner: ApiSession, colleague: ApiSession, name: string): Promise<number> {
  phones += 1;
  const { prospect } = await owner.post<{ prospect: { id: number } }>('/api/v1/prospects', { name, company: '大明貿易', phones: [`+886 912 555 ${600 + phones}`], grade: 'A', source: 'event' });
  const { user } = await colleague.get<{ user: { id: number } }>('/api/v1/auth/me');
  await owner.post(`/api/v1/prospects/${prospect.id}/colleagues`, { userId: user.id }, 200);
  return prospect.id;
}

/** Confirms the Popconfirm that asks this question, then waits until it has faded out. */
async function confirmPopover(page: Page, question: string): Promise<void> {
  const popconfirm = page.locator('.ant-popconfirm:visible').filter({ hasText: question });
  await popconfirm.locator('.ant-btn-primary').click();
  await popconfirm.waitFor({ state: 'hidden' });
}

async function bellShows(page: Page, unread: number): Promise<void> {
  await page.locator(`[data-testid=bell][data-unread="${unread}"]`).waitFor();
}

test('morning mail off, a calendar address made, renewed and revoked; a colleague’s touch rings the bell', { viewport: PHONE, locale: 'zh-TW' }, async (t) => {
  const { page, shot } = t;
  const [owner, colleague] = (await arrangeSalespeople(t, [{ ...OWNER, locale: 'zh-Hant' }, { ...COLLEAGUE, locale: 'zh-Hant' }])).sessions as [ApiSession, ApiSession];
  const prospectId = await linkedProspect(owner, colleague, '王大明');

  await page.goto('/login');
  await loginAndWait(page, OWNER.email, OWNER.password);
  await bellShows(page, 0);
  await page.getByTestId('user-menu').click();
  await page.locator('.ant-dropdown:not(.ant-dropdown-hidden) .ant-dropdown-menu-item').filter({ hasText: '我的帳戶' }).click();
  await page.waitForURL('**/account');

  // The morning mail is on by default; off, saved, and still off after a reload.
  const enabled = page.getByTestId('digest-enabled');
  await enabled.waitFor();
  assert.equal(await enabled.getAttribute('aria-checked'), 'true');
  await waitForText(page.getByTestId('digest-card'), '依您的時區 Asia/Taipei，可在「個人資料」中變更。');
  await page.getByTestId('digest-card').scrollIntoViewIfNeeded();
  await still(page);
  await shot('morning mail on');
  await enabled.click();
  await page.getByTestId('digest-save').click();
  await waitForText(page, '已儲存。');
  await page.reload();
  await page.getByTestId('digest-enabled').waitFor();
  assert.equal(await page.getByTestId('digest-enabled').getAttribute('aria-checked'), 'false');
  await page.getByTestId('digest-card').scrollIntoViewIfNeeded();
  await still(page);
  await shot('morning mail off');
  const settings = await owner.get<{ digest: { enabled: boolean } }>('/api/v1/reminders');
  assert.equal(settings.digest.enabled, false);

  // A calendar address: shown once, and it serves the calendar.
  assert.equal(await page.getByTestId('feed-status').getAttribute('data-active'), 'false');
  await page.getByTestId('feed-create').click();
  const url = page.getByTestId('feed-url');
  await url.waitFor();
  const first = await url.inputValue();
  assert.match(first, /^http/);
  assert.ok(first.includes('/api/v1/feeds/'), `the feed address is ${first}`);
  await page.locator('[data-testid=feed-status][data-active=true]').waitFor();
  const ics = await fetch(first);
  assert.equal(ics.status, 200);
  assert.match(ics.headers.get('content-type') ?? '', /text\/calendar/);
  await assertNoHorizontalScroll(page);
  await page.getByTestId('feed-card').scrollIntoViewIfNeeded();
  await still(page);
  await shot('account feed created');
  await shot('account page', { fullPage: true });

  // A new address replaces it: the old one stops working.
  await page.getByTestId('feed-renew').click();
  await confirmPopover(page, '產生新網址？目前的網址將失效');
  await page.waitForFunction(`document.querySelector('[data-testid=feed-url]')?.value !== ${JSON.stringify(first)}`);
  const second = await url.inputValue();
  assert.notEqual(second, first);
  assert.ok(second.includes('/api/v1/feeds/'));
  assert.equal((await fetch(first)).status, 404, 'the replaced address no longer answers');
  assert.equal((await fetch(second)).status, 200);

  // Revoked: the address is gone from the page and from the server.
  await page.getByTestId('feed-revoke').click();
  await confirmPopover(page, '撤銷行事曆網址？');
  await page.locator('[data-testid=feed-status][data-active=false]').waitFor();
  await url.waitFor({ state: 'detached' });
  await page.getByTestId('feed-create').waitFor();
  assert.equal((await fetch(second)).status, 404, 'the revoked address no longer answers');
  await assertNoHorizontalScroll(page);

  // A colleague logs a call on the owner's prospect: the bell counts it (on the next load or poll).
  await colleague.post(`/api/v1/prospects/${prospectId}/touches`, { channel: 'call', summary: '代為致電，確認試駕時間', saleMade: false, relationshipKept: true });
  await page.goto('/today');
  await bellShows(page, 1);
  assert.equal((await page.getByTestId('bell-badge').locator('.ant-badge-count').textContent())?.trim(), '1');
  await page.getByTestId('bell').click();
  const panel = page.getByTestId('notices-panel');
  const notice = panel.locator('.pond-notice').first();
  await notice.waitFor();
  assert.equal(await panel.locator('.pond-notice').count(), 1);
  assert.equal(await notice.getAttribute('data-read'), 'false');
  assert.equal((await notice.locator('.pond-notice-text').textContent())?.trim(), `${COLLEAGUE.name} 記錄了與 王大明 的接觸（電話）`);
  await assertNoHorizontalScroll(page);
  await still(page);
  await shot('bell open');

  // Clicking it marks it read and opens the prospect; the badge is gone.
  await notice.click();
  await page.waitForURL((u) => u.pathname === `/prospects/${prospectId}`);
  await page.getByTestId('detail-name').waitFor();
  await bellShows(page, 0);
  await page.getByTestId('bell-badge').locator('.ant-badge-count').waitFor({ state: 'hidden' });
  const after = await owner.get<{ unread: number }>('/api/v1/notifications?limit=1');
  assert.equal(after.unread, 0);

  // The mail's and the calendar's "Log a touch" link opens the drawer once: a reload does not open it again.
  await page.goto(`/prospects/${prospectId}?touch=1`);
  await page.getByTestId('touch-reached').waitFor();
  await page.waitForURL((u) => !u.searchParams.has('touch'));
  assert.equal(new URL(page.url()).pathname, `/prospects/${prospectId}`);
  await still(page);
  await shot('touch link');
  await page.reload();
  await page.getByTestId('detail-name').waitFor();
  await page.waitForTimeout(300);
  assert.equal(await page.getByTestId('touch-drawer').count(), 0, 'a reload does not reopen the drawer');
});

test('the bell on a desktop: empty, then a page of notices, more on demand, all read at once; the account page', { viewport: DESKTOP }, async (t) => {
  const { page, shot } = t;
  const [owner, colleague] = (await arrangeSalespeople(t, [{ ...OWNER_EN, locale: 'en' }, { ...COLLEAGUE_EN, locale: 'en' }])).sessions as [ApiSession, ApiSession];
  const first = await linkedProspect(owner, colleague, 'Wang Da-ming');
  const second = await linkedProspect(owner, colleague, 'Lee Mei-hua');

  await page.goto('/login');
  await loginAndWait(page, OWNER_EN.email, OWNER_EN.password);
  await bellShows(page, 0);
  await page.getByTestId('bell').click();
  const panel = page.getByTestId('notices-panel');
  await waitForText(panel, 'No notifications yet. Pond tells you here when a colleague logs a touch on your prospect or assigns you one, and when one is about to go to the pool.');
  await still(page);
  await shot('bell empty');
  await page.keyboard.press('Escape');

  // 21 touches by the colleague: one page of 20, and one more on demand.
  const channels = ['call', 'visit', 'message', 'email'] as const;
  for (let i = 0; i < 21; i++) {
    await colleague.post(`/api/v1/prospects/${i % 2 === 0 ? first : second}/touches`, { channel: channels[i % channels.length], summary: `Touch ${i + 1}`, saleMade: false, relationshipKept: true });
  }
  await page.reload();
  await bellShows(page, 21);
  await page.getByTestId('bell').click();
  await panel.locator('.pond-notice').first().waitFor();
  assert.equal(await panel.locator('.pond-notice').count(), 20);
  // Newest first: the 21st touch was a call on the first prospect.
  assert.equal((await panel.locator('.pond-notice-text').first().textContent())?.trim(), `${COLLEAGUE_EN.name} logged a touch on Wang Da-ming (Call)`);
  await still(page);
  await shot('bell open');
  await page.getByTestId('notices-more').click();
  // A locator, not a page function: the app's content security policy forbids evaluating strings.
  await panel.locator('.pond-notice').nth(20).waitFor();
  assert.equal(await panel.locator('.pond-notice').count(), 21);
  assert.equal(await page.getByTestId('notices-more').count(), 0, 'no more to load');

  await page.getByTestId('notices-read-all').click();
  await bellShows(page, 0);
  assert.equal(await panel.locator('.pond-notice[data-read=false]').count(), 0);
  await still(page);
  await page.waitForTimeout(400); // the badge and the button fade out by CSS transition, which still() cannot see
  await shot('bell all read');
  await page.keyboard.press('Escape');

  // The account page with a fresh calendar address.
  await page.goto('/account');
  await page.getByTestId('feed-create').click();
  await page.getByTestId('feed-url').waitFor();
  await page.getByTestId('digest-card').scrollIntoViewIfNeeded();
  await still(page);
  await shot('account morning mail');
  await page.getByTestId('feed-card').scrollIntoViewIfNeeded();
  await shot('account feed created');
  await shot('account page', { fullPage: true });
});
