/**
 * Two records of one person (a walk-in written down by hand, and the card from an expo) become one from the
 * detail page: the salesperson finds the other record, sees both with what the merge will do, and confirms.
 * Touches, contacts and history come along, the timeline says what was merged, and the other page is gone.
 * At desktop width the record also changes meanwhile (412): the summary refreshes and a second try succeeds.
 */
import assert from 'node:assert/strict';
import type { Locator, Page } from 'playwright-core';
import { DESKTOP, PHONE, test, type TestContext } from '../harness.js';
import { type ApiSession, arrangeSalespeople, assertNoHorizontalScroll, loginAndWait, waitForText } from '../helpers.js';

const PASSWORD = 'one person one record 31';

interface Read {
  prospect: { id: number; version: number; touchCount: number; phones: string[]; emails: string[]; tags: string[]; company: string | null; title: string | null; colleagues: unknown[] };
}

/** What each language's test names and expects to read. */
const CASES = {
  phone: {
    locale: 'zh-Hant',
    keep: '林志明',
    other: '林志明（車展名片）',
    company: '遠東紡織',
    action: '將重複紀錄合併到此…',
    confirm: '合併到此紀錄',
    goes: (id: number) => `「林志明（車展名片）」（紀錄 #${id}）將消失，其頁面將無法再開啟。`,
    done: '已將「林志明（車展名片）」合併到此紀錄。',
    merged: (id: number, seller: string) => `併入了「林志明（車展名片）」（紀錄 #${id}，名片，名片由 ${seller} 收集，負責人 ${seller}） · ${seller}`,
    filled: '由其補上：公司「遠東紡織」',
    notFound: '找不到頁面',
  },
  desktop: {
    locale: 'en',
    keep: 'Ada Lin',
    other: 'Ada Lin (expo card)',
    company: 'Harbour Logistics',
    action: 'Merge a duplicate into this record…',
    confirm: 'Merge into this record',
    goes: (id: number) => `“Ada Lin (expo card)” (record #${id}) disappears; its page will no longer open.`,
    done: '“Ada Lin (expo card)” was merged into this record.',
    merged: (id: number, seller: string) => `Merged in “Ada Lin (expo card)” (record #${id}, Business card, card collected by ${seller}, owner ${seller}) · ${seller}`,
    filled: 'It filled in: Company “Harbour Logistics”',
    notFound: 'Page not found',
  },
} as const;

/** A salesperson per viewport with two records of one person, each touched once, through the API. */
async function arrange(t: TestContext, tag: 'phone' | 'desktop') {
  const c = CASES[tag];
  const seller = { email: `merge-${tag}@pond.test`, name: `合併${tag}`, password: PASSWORD };
  const [api] = (await arrangeSalespeople(t, [{ ...seller, locale: c.locale }])).sessions as [ApiSession];
  const block = tag === 'phone' ? '1' : '2';
  // Stored as E.164; shown to a seller in Taipei with the mainland's country code.
  const keep = { phone: `+86139550${block}0001`, shown: `+86 139 550${block} 0001` };
  const other = { phone: `+86139550${block}0002`, shown: `+86 139 550${block} 0002`, email: `ada.lin.${tag}@example.com` };
  const keepId = (await api.post<Read>('/api/v1/prospects', { name: c.keep, phones: [keep.phone], grade: 'B', source: 'walk_in' })).prospect.id;
  const otherId = (
    await api.post<Read>('/api/v1/prospects', { name: c.other, company: c.company, phones: [other.phone], emails: [other.email], tags: ['expo'], grade: 'B', source: 'card' })
  ).prospect.id;
  await api.post(`/api/v1/prospects/${keepId}/touches`, { channel: 'visit', summary: 'Walked in, looked at the sedans', relationshipKept: true });
  await api.post(`/api/v1/prospects/${otherId}/touches`, { channel: 'call', summary: 'Called after the expo', relationshipKept: true });
  return { c, seller, api, keepId, otherId, keep, other };
}

const hitIds = async (drawer: Locator) => (await drawer.getByTestId('merge-hit').evaluateAll((els) => els.map((el) => Number(el.getAttribute('data-id')))));

/** Types into the drawer's search box and waits until the hits (or "no other record") for exactly that text show. */
async function searchFor(drawer: Locator, text: string): Promise<number[]> {
  await drawer.getByTestId('merge-search').fill(text);
  await drawer.locator(`[data-q=${JSON.stringify(text)}]`).waitFor();
  return hitIds(drawer);
}

/**
 * Until nothing slides or fades any more (antd's motion classes are gone): screenshots are for people to look at.
 * A button's loading spinner is left out: its leaving motion may never report an end, though nothing shows.
 */
async function still(page: Page): Promise<void> {
  const moving = page.locator(':is([class*="-enter-active"], [class*="-leave-active"], [class*="-appear-active"]):not(.ant-btn-loading-icon)');
  const deadline = Date.now() + 5_000;
  while ((await moving.count()) > 0) {
    if (Date.now() > deadline) assert.fail(`an animation that never ends: ${await moving.first().getAttribute('class')}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

/** From the detail page's "more" menu, where the other actions on a record are, at both widths. */
async function openMerge(page: Page, action: string): Promise<Locator> {
  await page.getByTestId('detail-more').click();
  await page.locator('.ant-dropdown:not(.ant-dropdown-hidden) .ant-dropdown-menu-item').filter({ hasText: action }).click();
  const drawer = page.getByTestId('merge-drawer');
  await drawer.getByTestId('merge-search').waitFor();
  await still(page);
  return drawer;
}

async function pickOther(t: TestContext, drawer: Locator, s: Awaited<ReturnType<typeof arrange>>) {
  // The box starts with this record's name: the other record is there, this one is not.
  assert.equal(await drawer.getByTestId('merge-search').inputValue(), s.c.keep);
  await drawer.getByTestId('merge-hit').first().waitFor();
  assert.deepEqual(await hitIds(drawer), [s.otherId], 'the name finds the other record only, never the one being kept');
  // This record's own phone finds nothing else.
  assert.deepEqual(await searchFor(drawer, s.keep.phone.slice(3)), []);
  await drawer.getByTestId('merge-no-results').waitFor();
  // Part of the other record's e-mail.
  assert.deepEqual(await searchFor(drawer, `ada.lin.${t.viewport.name}`), [s.otherId]);
  await drawer.getByTestId('merge-hit').first().click();
  await drawer.getByTestId('merge-other').waitFor();
}

/** Both records as the dialog shows them, and what it says the merge will do. */
async function assertComparison(drawer: Locator, s: Awaited<ReturnType<typeof arrange>>, keepTouches: number) {
  const keep = drawer.getByTestId('merge-keep');
  const other = drawer.getByTestId('merge-other');
  await waitForText(keep.getByTestId('merge-card-name'), s.c.keep);
  await waitForText(other.getByTestId('merge-card-name'), s.c.other);
  assert.equal(await other.getAttribute('data-id'), String(s.otherId));
  await waitForText(keep.getByTestId('merge-card-phones'), s.keep.shown);
  await waitForText(other.getByTestId('merge-card-phones'), s.other.shown);
  await waitForText(other.getByTestId('merge-card-emails'), s.other.email);
  await waitForText(keep.getByTestId('merge-card-owner'), s.seller.name);
  await waitForText(keep.getByTestId('merge-card-touches'), String(keepTouches));
  await waitForText(other.getByTestId('merge-card-touches'), '1');
  await waitForText(drawer.getByTestId('merge-effects').locator('li').first(), s.c.goes(s.otherId));
}

/** After the merge: the record's touches, contacts and timeline, the API's view, and the other page is gone. */
async function assertMerged(t: TestContext, s: Awaited<ReturnType<typeof arrange>>) {
  const { page, shot } = t;
  await waitForText(page, s.c.done);
  await page.getByTestId('merge-drawer').waitFor({ state: 'hidden' });
  await still(page);
  const timeline = page.getByTestId('timeline');
  await page.locator(`a[href="tel:${s.other.phone}"]`).waitFor();
  await page.locator(`a[href="mailto:${s.other.email}"]`).waitFor();
  await page.locator(`a[href="tel:${s.keep.phone}"]`).waitFor();
  const merged = timeline.locator('[data-testid=timeline-change][data-field=merged]');
  await merged.waitFor();
  assert.equal(await merged.textContent(), s.c.merged(s.otherId, s.seller.name) + s.c.filled);
  assert.equal(await timeline.getByTestId('timeline-touch').count(), 2, 'both touches are on the kept record');
  assert.ok(!((await timeline.textContent()) ?? '').includes('{'), 'no raw JSON on the timeline');

  const { prospect } = await s.api.get<Read>(`/api/v1/prospects/${s.keepId}`);
  assert.equal(prospect.touchCount, 2);
  assert.deepEqual(prospect.phones, [s.keep.phone, s.other.phone]);
  assert.deepEqual(prospect.emails, [s.other.email]);
  assert.equal(prospect.company, s.c.company);
  assert.ok(prospect.tags.includes('expo'), `tags: ${prospect.tags.join(', ')}`);
  await assertNoHorizontalScroll(page);
  await merged.scrollIntoViewIfNeeded();
  await shot('3-timeline-after-merge');
  await page.evaluate('window.scrollTo(0, 0)');
  await shot('3-detail-after-merge-full', { fullPage: true });

  await page.goto(`/prospects/${s.otherId}`);
  await waitForText(page.locator('.ant-result-title'), s.c.notFound);
  await shot('4-other-record-gone');
}

test('merge a duplicate into the record kept (繁體中文)', { viewport: PHONE, locale: 'zh-TW' }, async (t) => {
  const { page, shot } = t;
  const s = await arrange(t, 'phone');
  await page.goto('/login');
  await loginAndWait(page, s.seller.email, s.seller.password);
  await page.goto(`/prospects/${s.keepId}`);
  await waitForText(page.getByTestId('detail-name'), s.c.keep);

  const drawer = await openMerge(page, s.c.action);
  await assertNoHorizontalScroll(page);
  await shot('1-search');
  await pickOther(t, drawer, s);
  await assertComparison(drawer, s, 1);
  await assertNoHorizontalScroll(page);
  await still(page);
  await shot('2-dialog-both-records');
  await drawer.getByTestId('merge-effects').scrollIntoViewIfNeeded();
  await shot('2-dialog-what-happens');

  await drawer.getByTestId('merge-confirm').click();
  await assertMerged(t, s);
});

test('merge a duplicate, after the record changed meanwhile (English)', { viewport: DESKTOP, locale: 'en-US' }, async (t) => {
  const { page, shot } = t;
  const s = await arrange(t, 'desktop');
  await page.goto('/login');
  await loginAndWait(page, s.seller.email, s.seller.password);
  await page.goto(`/prospects/${s.keepId}`);
  await waitForText(page.getByTestId('detail-name'), s.c.keep);

  const drawer = await openMerge(page, s.c.action);
  await pickOther(t, drawer, s);
  await assertComparison(drawer, s, 1);
  await still(page);
  await shot('2-dialog-both-records');

  // Meanwhile the record is saved elsewhere: the merge is refused with the current record, shown at once.
  const { prospect } = await s.api.get<Read>(`/api/v1/prospects/${s.keepId}`);
  await s.api.patch(`/api/v1/prospects/${s.keepId}`, { version: prospect.version, title: 'Purchasing manager' });
  await drawer.getByTestId('merge-confirm').click();
  const error = drawer.getByTestId('merge-error');
  await error.waitFor();
  assert.match((await error.textContent()) ?? '', /Someone changed this record in the meantime\..*The summary below now shows this record as it is/);
  await waitForText(drawer.getByTestId('merge-keep').locator('.ant-typography-secondary').first(), 'Purchasing manager');
  await still(page);
  await shot('2-dialog-stale');

  await drawer.getByTestId('merge-confirm').click();
  await assertMerged(t, s);
  const after = (await s.api.get<Read>(`/api/v1/prospects/${s.keepId}`)).prospect;
  assert.equal(after.title, 'Purchasing manager', 'the change made meanwhile is kept');
});
