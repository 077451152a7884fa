/**
 * The search box: a salesperson remembers a fragment (two characters, the other script, "xw", the last digits of a
 * phone) and finds the prospect at once, among only the records they may see. Also: a new account's time zone
 * comes from the browser.
 */
import assert from 'node:assert/strict';
import type { Page } from 'playwright-core';
import { DESKTOP, PHONE, test, type TestContext, type Viewport } from '../harness.js';
import { type ApiSession, arrangeSalespeople, assertNoHorizontalScroll, loginAndWait, waitForText } from '../helpers.js';

interface Created {
  prospect: { id: number; name: string };
}

interface Me {
  user: { id: number; timeZone: string | null };
}

const PASSWORD = 'fragments are enough to find';

/** One salesperson per viewport, so each test starts from an account that has never chosen a time zone. */
async function arrange(t: TestContext, tag: string) {
  const seller = { email: `search-${tag}@pond.test`, name: `搜尋${tag}`, password: PASSWORD };
  const other = { email: `search-other-${tag}@pond.test`, name: `Other ${tag}`, password: PASSWORD };
  const [mine, theirs] = (
    await arrangeSalespeople(t, [
      // No time zone: the browser supplies it on first sign-in.
      { ...seller, locale: tag === 'phone' ? 'zh-Hant' : 'en', timeZone: null },
      // The other salesperson chose a zone already; signing in must not replace it.
      { ...other, locale: 'en', timeZone: 'Europe/London' },
    ])
  ).sessions as [ApiSession, ApiSession];
  const before = await mine.get<Me>('/api/v1/auth/me');
  assert.equal(before.user.timeZone, null, 'a new account starts without a time zone');
  const make = (body: Record<string, unknown>) => mine.post<Created>('/api/v1/prospects', { grade: 'B', source: 'card', ...body });
  const xiaoWei = await make({ name: '小偉', grade: 'A', company: '宏達貿易', title: '採購經理', phones: ['+886 912 345 678'], emails: ['xiaowei@hongda.com.tw'] });
  const xiaoWeiSimplified = await make({ name: '小伟', company: '宏达电子', phones: ['+886 922 000 111'] });
  const xiaoWeiXiao = await make({ name: '肖偉', phones: ['+886 933 000 222'] });
  const zeng = await make({ name: '曾小明', phones: ['+886 966 000 333'] });

  const hidden = await theirs.post<Created>('/api/v1/prospects', { name: '曉薇', grade: 'A', phones: ['+886 955 551 234'], source: 'referral' });
  return { seller, other, ids: { xiaoWei: xiaoWei.prospect.id, xiaoWeiSimplified: xiaoWeiSimplified.prospect.id, xiaoWeiXiao: xiaoWeiXiao.prospect.id, zeng: zeng.prospect.id, hidden: hidden.prospect.id } };
}

async function myTimeZone(page: Page): Promise<string | null> {
  const res = await page.request.get('/api/v1/auth/me');
  assert.equal(res.status(), 200, await res.text());
  return ((await res.json()) as Me).user.timeZone;
}

async function waitForTimeZone(page: Page, expected: string): Promise<void> {
  const deadline = Date.now() + 5_000;
  let seen: string | null = null;
  while (Date.now() < deadline) {
    seen = await myTimeZone(page);
    if (seen === expected) return;
    await page.waitForTimeout(100);
  }
  assert.fail(`expected the account's time zone to become ${expected}, found ${String(seen)}`);
}

async function openSearch(page: Page, viewport: Viewport): Promise<void> {
  if (viewport.name === 'phone') await page.getByTestId('search-open').click();
  else await page.keyboard.press('Control+k');
  await page.getByTestId('search-input').waitFor();
  // A locator, not a page function: the app's content security policy forbids evaluating strings.
  await page.locator('[data-testid=search-input]:focus').waitFor({ timeout: 5_000 });
  // Screenshots show the palette, not its opening animation.
  await page.locator('.pond-search-modal [class*=zoom-appear], .pond-search-modal [class*=zoom-enter]').first().waitFor({ state: 'detached' });
}

const rows = (page: Page) => page.getByTestId('search-results').getByTestId('search-row');
const rowFor = (page: Page, name: string) => rows(page).filter({ has: page.getByTestId('search-row-name').getByText(name, { exact: true }) });

/** Types the query and waits for the rows that answer it (the list only ever shows the current query's results). */
async function searchFor(page: Page, q: string): Promise<string[]> {
  await page.getByTestId('search-input').fill(q);
  await page.locator(`[data-testid=search-results][data-q="${q}"]`).waitFor();
  await rows(page).first().waitFor();
  return rows(page).getByTestId('search-row-name').allTextContents();
}

async function searchStory(t: TestContext, tag: 'phone' | 'desktop') {
  const { page, shot, viewport } = t;
  const { ids } = await arrange(t, tag);
  const texts = tag === 'phone' ? { noResults: '沒有符合', hint: '拼音或首字母' } : { noResults: 'No prospect you can see matches', hint: 'pinyin or initials' };

  await page.goto('/login');
  await loginAndWait(page, `search-${tag}@pond.test`, PASSWORD);
  // The browser's zone (the context runs in Asia/Taipei) became the account's.
  await waitForTimeZone(page, 'Asia/Taipei');
  await assertNoHorizontalScroll(page);
  await shot('0-header');

  await openSearch(page, viewport);
  assert.match((await page.locator('.pond-search-body').textContent()) ?? '', new RegExp(texts.hint), 'an empty box explains what it finds');
  await assertNoHorizontalScroll(page);
  await shot('1-empty');

  // Two characters typed in simplified find both scripts.
  const simplified = await searchFor(page, '小伟');
  assert.ok(simplified.includes('小偉') && simplified.includes('小伟'), `小伟 finds 小偉 and 小伟, got ${simplified.join(', ')}`);
  assert.ok(!simplified.includes('曉薇'), 'nobody else’s prospects');
  await shot('2-xiaowei-simplified');

  // Initials find the look-alikes, with the pinyin hint; never the other salesperson's 曉薇.
  const initials = await searchFor(page, 'xw');
  for (const name of ['小偉', '小伟', '肖偉']) assert.ok(initials.includes(name), `xw finds ${name}, got ${initials.join(', ')}`);
  assert.ok(!initials.includes('曉薇'), 'xw never reveals another salesperson’s prospect');
  assert.equal(await rowFor(page, '肖偉').getByTestId('search-pinyin').count(), 1, 'a match by initials says so');
  await shot('3-initials');

  // The last four digits of a phone: 小偉, with those digits marked in the phone shown.
  await searchFor(page, '5678');
  const phoneRow = rowFor(page, '小偉');
  await phoneRow.waitFor();
  const phoneMatch = phoneRow.locator('[data-testid=search-row-match][data-field=phone]');
  await phoneMatch.waitFor();
  const marked = (await phoneMatch.locator('mark').allTextContents()).join('').replace(/\D/g, '');
  assert.equal(marked, '5678', 'the matched digits are highlighted in the phone');
  await assertNoHorizontalScroll(page);
  await shot('4-phone-digits');

  // Part of the email and of the company.
  const email = await searchFor(page, 'hongda');
  assert.ok(email.includes('小偉'), `hongda finds 小偉 by email, got ${email.join(', ')}`);
  assert.equal(await rowFor(page, '小偉').locator('[data-field=email] mark').first().textContent(), 'hongda', 'the email is shown, marked');
  const company = await searchFor(page, '宏達');
  assert.ok(company.includes('小偉'), '宏達 finds the company');
  await shot('5-company-email');

  // 1234 is in 曉薇's phone, but 曉薇 belongs to someone else: only 小偉 (…912 345 678) answers.
  const digits = await searchFor(page, '1234');
  assert.ok(!digits.includes('曉薇'), `1234 must not reveal 曉薇, got ${digits.join(', ')}`);
  assert.ok(digits.includes('小偉'));
  const nothing = page.getByTestId('search-input');
  await nothing.fill('zzzz 不存在');
  await page.getByTestId('search-empty').waitFor();
  assert.match((await page.getByTestId('search-empty').textContent()) ?? '', new RegExp(texts.noResults));
  await shot('6-no-results');

  // Keyboard: ↓ moves the active row, Enter opens it.
  const look = await searchFor(page, 'xw');
  assert.ok(look.length >= 2);
  assert.equal(await rows(page).nth(0).getAttribute('aria-selected'), 'true');
  await page.keyboard.press('ArrowDown');
  assert.equal(await rows(page).nth(1).getAttribute('aria-selected'), 'true', '↓ moves to the second row');
  assert.equal(await rows(page).nth(0).getAttribute('aria-selected'), 'false');
  const target = Number(await rows(page).nth(1).getAttribute('data-id'));
  const targetName = look[1]!;
  await shot('7-active-row');
  await page.keyboard.press('Enter');
  await page.waitForURL(`**/prospects/${target}`);
  await waitForText(page.getByTestId('detail-name'), targetName);
  await page.getByTestId('search-input').waitFor({ state: 'hidden' });
  assert.ok(Object.values(ids).includes(target));

  // Esc closes; a click opens a row too.
  await openSearch(page, viewport);
  assert.equal(await page.getByTestId('search-input').inputValue(), '', 'every opening starts empty');
  await page.keyboard.press('Escape');
  await page.getByTestId('search-input').waitFor({ state: 'hidden' });
  await openSearch(page, viewport);
  await searchFor(page, '曾小明');
  await rows(page).first().click();
  await page.waitForURL(`**/prospects/${ids.zeng}`);
  await waitForText(page.getByTestId('detail-name'), '曾小明');
  await assertNoHorizontalScroll(page);
}

test('search finds a prospect from any fragment, only among visible records', { viewport: PHONE, locale: 'zh-TW', timeZone: 'Asia/Taipei' }, async (t) => {
  await searchStory(t, 'phone');
});

test('search finds a prospect from any fragment, only among visible records', { viewport: DESKTOP, locale: 'en-US', timeZone: 'Asia/Taipei' }, async (t) => {
  await searchStory(t, 'desktop');
});

test('a superseded search is cancelled and never shown; a chosen time zone is kept', { viewport: DESKTOP, locale: 'en-US', timeZone: 'Asia/Taipei' }, async (t) => {
  const { page, shot } = t;
  const { other } = await arrange(t, 'race');
  await page.goto('/login');
  await loginAndWait(page, `search-race@pond.test`, PASSWORD);
  await waitForTimeZone(page, 'Asia/Taipei');

  // The answer for 曾 is held back; by the time it could arrive the box says 小伟.
  const aborted: string[] = [];
  page.on('requestfailed', (req) => {
    if (req.url().includes('/api/v1/search')) aborted.push(new URL(req.url()).searchParams.get('q') ?? '');
  });
  let held: () => void = () => undefined;
  const slowArrived = new Promise<void>((resolve) => (held = resolve));
  await page.route('**/api/v1/search?**', async (route) => {
    const q = new URL(route.request().url()).searchParams.get('q');
    if (q === '曾') {
      held();
      await new Promise((r) => setTimeout(r, 1_500));
    }
    await route.continue().catch(() => undefined);
  });
  await page.getByTestId('search-open').click();
  await page.getByTestId('search-input').fill('曾');
  await slowArrived;
  const names = await searchFor(page, '小伟');
  assert.ok(names.includes('小偉') && !names.includes('曾小明'), `only the current query's rows, got ${names.join(', ')}`);
  await page.waitForTimeout(1_700);
  const later = await rows(page).getByTestId('search-row-name').allTextContents();
  assert.deepEqual(later, names, 'the older answer never replaces the newer one');
  assert.ok(aborted.includes('曾'), `the superseded request was aborted (failed: ${aborted.join(', ') || 'none'})`);
  await shot('race');
  await page.keyboard.press('Escape');
  await page.unrouteAll({ behavior: 'ignoreErrors' });

  // Someone who chose a zone keeps it, whatever the browser's.
  const second = await t.newContext({ timeZone: 'America/New_York' });
  await second.page.goto('/login');
  await loginAndWait(second.page, other.email, other.password);
  await second.page.waitForLoadState('networkidle');
  assert.equal(await myTimeZone(second.page), 'Europe/London', 'a chosen time zone is never overwritten');
});
