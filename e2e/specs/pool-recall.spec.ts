/**
 * The pool's recall (回收) on a phone, over eleven weeks of injected time: an owner neglects a grade-B prospect, Today
 * warns them five days ahead, the sweep takes it on the 47th day, a colleague claims it with its history, and the
 * former owner may claim it back only once the reclaim wait is over.
 */
import assert from 'node:assert/strict';
import type { Page } from 'playwright-core';
import type { LeavingView, PoolDetailView, PoolPolicy, SweepReportView } from '@pond/domain';
import { PHONE, test } from '../harness.js';
import { ADMIN, type ApiSession, addDays, apiSession, arrangeSalespeople, assertNoHorizontalScroll, login, setNow, setServerNow } from '../helpers.js';

const OWNER = { email: 'huang.recall@pond.test', name: '黃志豪', password: 'the tide takes back the shore 61' };
const COLLEAGUE = { email: 'lin.recall@pond.test', name: '林雅婷', password: 'the tide takes back the shore 62' };
const PROSPECT = { name: '周國華', company: '永豐機車行', phone: '+886 935 246 810' };
/** The phone as Pond shows it to a reader in Taiwan. */
const PHONE_SHOWN = '0935 246 810';
/** The phone in any form, stored or shown: what a withheld phone must not give away. */
const PHONE_ANY = /\+?886\s?935\s?246\s?810|0935\s?246\s?810/;
const TOUCH = '展場試乘後回電，他說年底再考慮換車';
const RELEASE_REASON = '客戶希望由原本的業務繼續聯繫';
const DAY_MS = 86_400_000;
/** The default policy's limit for a B: due on the 46th day after the last touch (the first day past 45). */
const B_LIMIT = 45;
const WARN_DAYS = 5;
const RECLAIM_WAIT = 30;

interface PolicyEnvelope {
  policy: PoolPolicy;
  version: number;
}

/** PUT is not among the shared session's verbs: the pool rules are saved with their own signed-in request. */
async function putPoolPolicy(baseUrl: string, body: { policy: PoolPolicy; version: number }): Promise<PolicyEnvelope> {
  const signIn = await fetch(`${baseUrl}/api/v1/auth/login`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json', Origin: baseUrl },
    body: JSON.stringify({ email: ADMIN.email, password: ADMIN.password }),
  });
  assert.equal(signIn.status, 200, `admin sign-in: ${signIn.status}`);
  const cookie = (signIn.headers.get('set-cookie') ?? '').split(';')[0] ?? '';
  const res = await fetch(`${baseUrl}/api/v1/settings/pool`, {
    method: 'PUT',
    headers: { Cookie: cookie, Origin: baseUrl, 'Content-Type': 'application/json' },
    body: JSON.stringify(body),
  });
  const text = await res.text();
  assert.equal(res.status, 200, `PUT /api/v1/settings/pool: ${res.status} ${text}`);
  return JSON.parse(text) as PolicyEnvelope;
}

/** Whoever was signed in before, the page signs in afresh as this person and lands on Today. */
async function signInAs(page: Page, person: { email: string; password: string }): Promise<void> {
  await page.context().clearCookies();
  await page.goto('/login');
  await login(page, person.email, person.password);
  await page.waitForURL('**/today');
  await page.getByTestId('user-menu').waitFor();
}

/** Until antd's motions are over (no appearing, entering or leaving classes): screenshots are for people to look at. */
async function settle(page: Page): Promise<void> {
  const moving = page.locator(':is([class*="-appear"], [class*="-enter"], [class*="-leave"]):not(.ant-btn-loading-icon)');
  const deadline = Date.now() + 5_000;
  while ((await moving.count()) > 0) {
    if (Date.now() > deadline) assert.fail(`an animation that never ends: ${await moving.first().getAttribute('class', { timeout: 1_000 }).catch(() => '?')}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

async function open(page: Page, pathname: string): Promise<void> {
  await page.goto(pathname);
  await page.getByTestId('user-menu').waitFor();
}

test('a neglected prospect is warned about, recalled, claimed by a colleague, and claimed back after the wait', { viewport: PHONE, locale: 'zh-TW' }, async (t) => {
  const { page, shot } = t;
  const { admin, sessions } = await arrangeSalespeople(t, [
    { ...OWNER, locale: 'zh-Hant' },
    { ...COLLEAGUE, locale: 'zh-Hant' },
  ]);
  const [owner] = sessions as [ApiSession, ApiSession];
  const original = await admin.get<PolicyEnvelope>('/api/v1/settings/pool');
  // The story follows the default rules; a spec that changed them would make every date below wrong.
  assert.equal(original.policy.recallDays.B, B_LIMIT, 'grade B is recalled after 45 days without a touch');
  assert.equal(original.policy.warnDays, WARN_DAYS, 'the owner is warned 5 days ahead');

  // The test clock stands still at "now"; every later moment is a whole number of days on, so the installation's
  // calendar (UTC) moves by exactly that many days.
  const t0 = Date.now();
  const at = (days: number) => new Date(t0 + days * DAY_MS).toISOString();
  const day0 = at(0).slice(0, 10);
  const recallOn = addDays(day0, B_LIMIT + 1);
  /** Sessions end while the clock jumps weeks: everyone signs in again at each new moment. */
  const signedIn = async () => ({
    owner: await apiSession(t.baseUrl, OWNER.email, OWNER.password),
    colleague: await apiSession(t.baseUrl, COLLEAGUE.email, COLLEAGUE.password),
    admin: await apiSession(t.baseUrl, ADMIN.email, ADMIN.password),
  });

  try {
    // Day 0: the owner meets him at the showroom, records him as a B with his phone, and calls once.
    await setNow(page, at(0));
    const { prospect } = await owner.post<{ prospect: { id: number } }>('/api/v1/prospects', { name: PROSPECT.name, company: PROSPECT.company, phones: [PROSPECT.phone], grade: 'B', source: 'event' });
    const id = prospect.id;
    await owner.post(`/api/v1/prospects/${id}/touches`, { channel: 'call', summary: TOUCH, saleMade: false, relationshipKept: true });

    // Day 41: no touch since. Five days before the recall, Today warns the owner.
    await setNow(page, at(41));
    let api = await signedIn();
    const today = await api.owner.get<{ leavingForPool: { count: number; items: LeavingView[] } }>('/api/v1/today');
    const warned = today.leavingForPool.items.find((i) => i.prospect.id === id);
    assert.ok(warned, 'the prospect is in Today\'s "leaving for the pool"');
    assert.equal(warned.recallOn, recallOn);
    assert.equal(warned.daysLeft, WARN_DAYS);
    await signInAs(page, OWNER);
    const leaving = page.getByTestId('agenda-leaving');
    await leaving.waitFor();
    assert.match((await leaving.locator('.ant-card-head').textContent()) ?? '', /即將回收到公海/);
    const row = leaving.getByTestId(`leaving-row-${id}`);
    await row.waitFor();
    assert.match((await row.textContent()) ?? '', new RegExp(PROSPECT.name));
    // Counted in the owner's calendar (Taipei), which is a day ahead of the installation's (UTC) late in a UTC day.
    const ownerDay = new Intl.DateTimeFormat('en-CA', { timeZone: 'Asia/Taipei', year: 'numeric', month: '2-digit', day: '2-digit' }).format(new Date(at(41)));
    const daysLeft = Math.round((Date.parse(recallOn) - Date.parse(ownerDay)) / DAY_MS);
    assert.match((await row.getByTestId('leaving-when').textContent()) ?? '', new RegExp(`回收到公海（${daysLeft} 天後）`));
    await row.scrollIntoViewIfNeeded();
    await assertNoHorizontalScroll(page);
    await shot('1 today leaving for the pool');

    // Day 47: still untouched. The admin runs the recall now; it moves him (and a second run moves nothing).
    await setNow(page, at(47));
    api = await signedIn();
    const report = await api.admin.post<SweepReportView>('/api/v1/pool/sweep', { dryRun: false }, 200);
    assert.equal(report.dryRun, false);
    assert.equal(report.asOf, addDays(day0, 47));
    assert.ok(report.moved >= 1 && (report.byGrade.B ?? 0) >= 1, `the sweep moved a B: ${JSON.stringify(report)}`);
    assert.equal((await api.admin.post<SweepReportView>('/api/v1/pool/sweep', { dryRun: false }, 200)).moved, 0, 'a second run moves nothing more');
    const recalled = await api.colleague.get<PoolDetailView>(`/api/v1/pool/${id}`);
    assert.equal(recalled.pool.reason, 'recalled');
    assert.equal(recalled.pool.formerOwner?.name, OWNER.name);
    // Gone from the owner's book, in the API and on the phone.
    const book = await api.owner.get<{ items: { id: number }[] }>('/api/v1/prospects');
    assert.ok(!book.items.some((p) => p.id === id), 'the recalled prospect is no longer in the owner\'s book');
    await signInAs(page, OWNER);
    assert.equal(await page.getByTestId('agenda-leaving').count(), 0, 'nothing is leaving any more');
    await open(page, '/prospects');
    await page.getByTestId('prospect-table').locator('.ant-table-placeholder').getByText('沒有符合的潛在客戶。').waitFor();
    // Loaded, not the placeholder the table shows while it asks.
    await page.locator('.ant-spin-spinning').waitFor({ state: 'detached' });
    assert.doesNotMatch((await page.getByTestId('prospect-table').textContent()) ?? '', new RegExp(PROSPECT.name));
    await assertNoHorizontalScroll(page);
    await shot('2 owner book after the recall');

    // The same day a colleague finds him in the pool, recalled, phone withheld, and claims him.
    await signInAs(page, COLLEAGUE);
    await open(page, '/pool');
    // Other specs' books are in the pool too: find him by name, as a colleague would among many.
    await page.getByTestId('pool-search').locator('input').fill(PROSPECT.name);
    const card = page.getByTestId(`pool-card-${id}`);
    await card.waitFor();
    const cardText = (await card.textContent()) ?? '';
    assert.match(cardText, /回收：太久未接觸/);
    assert.match(cardText, new RegExp(`原屬 ${OWNER.name}`));
    await card.getByTestId('pool-hidden').waitFor();
    assert.doesNotMatch(cardText, PHONE_ANY);
    await card.scrollIntoViewIfNeeded();
    await assertNoHorizontalScroll(page);
    await shot('3 colleague pool list');
    await card.getByTestId(`pool-claim-${id}`).click();
    await page.waitForURL((url) => url.pathname === `/prospects/${id}`);
    await page.getByTestId('detail-name').getByText(PROSPECT.name).waitFor();
    await page.locator('a[href="tel:+886935246810"]').getByText(PHONE_SHOWN, { exact: true }).waitFor();
    const timeline = page.getByTestId('timeline');
    await timeline.getByText(TOUCH).waitFor();
    // The history says why it changed hands: 47 days without a touch.
    await timeline.getByText(`公海（47 天未接觸而回收）`, { exact: false }).first().waitFor();
    assert.match((await page.locator('.ant-descriptions').first().textContent()) ?? '', new RegExp(COLLEAGUE.name));
    await assertNoHorizontalScroll(page);
    await shot('4 colleague claimed with history', { fullPage: true });

    // Day 50: he asks for his former salesperson. The admin keeps the reclaim wait at 30 days; the colleague releases him.
    await setNow(page, at(50));
    api = await signedIn();
    const rules = await api.admin.get<PolicyEnvelope>('/api/v1/settings/pool');
    const saved = await putPoolPolicy(t.baseUrl, { policy: { ...rules.policy, reclaimWaitDays: RECLAIM_WAIT }, version: rules.version });
    assert.equal(saved.policy.reclaimWaitDays, RECLAIM_WAIT);
    assert.ok(saved.version > rules.version, 'saving the rules gives them a new version');
    await api.colleague.post(`/api/v1/prospects/${id}/release`, { reason: RELEASE_REASON }, 200);
    const reclaimOn = addDays(day0, 47 + RECLAIM_WAIT);

    // The former owner finds him in the pool, but the pool took him from them 3 days ago: the claim is refused.
    await signInAs(page, OWNER);
    await open(page, '/pool');
    await page.getByTestId('pool-search').locator('input').fill(PROSPECT.name);
    const ownCard = page.getByTestId(`pool-card-${id}`);
    await ownCard.waitFor();
    assert.match((await ownCard.textContent()) ?? '', new RegExp(RELEASE_REASON));
    assert.equal(await ownCard.getByTestId(`pool-claim-${id}`).isDisabled(), true, 'the list\'s claim button is disabled');
    assert.equal(await ownCard.locator('.ant-checkbox').count(), 0, 'a refused prospect cannot be selected for a bulk claim');
    await ownCard.getByRole('link', { name: PROSPECT.name }).click();
    await page.waitForURL((url) => url.pathname === `/pool/${id}`);
    await page.getByTestId('timeline').getByText(TOUCH).waitFor();
    const claimButton = page.getByTestId(`pool-claim-${id}`);
    await claimButton.waitFor();
    assert.equal(await claimButton.isDisabled(), true, 'the claim button is disabled during the wait');
    const detail = await api.owner.get<PoolDetailView>(`/api/v1/pool/${id}`);
    assert.equal(detail.pool.claimRefusal, 'POOL_RECLAIM_WAIT');
    assert.equal(detail.pool.reclaimOn, reclaimOn);
    // A tap on the disabled button (its wrapper takes the touch) shows why, and from which day.
    await claimButton.locator('xpath=..').tap();
    const tip = page.locator('.ant-tooltip:not(.ant-tooltip-hidden)');
    await tip.waitFor();
    await settle(page);
    const [year, month, day] = reclaimOn.split('-').map(Number) as [number, number, number];
    assert.match((await tip.textContent()) ?? '', new RegExp(`此客戶是從您名下回收的，${year}年${month}月${day}日.*起可再認領`));
    await assertNoHorizontalScroll(page);
    await shot('5 former owner waits');
    const refused = await api.owner.post<{ error: { code: string } }>(`/api/v1/pool/${id}/claim`, {}, 409);
    assert.equal(refused.error.code, 'POOL_RECLAIM_WAIT');

    // Day 77, thirty days after the recall: the wait is over and the former owner claims him back on the phone.
    await setNow(page, at(47 + RECLAIM_WAIT));
    api = await signedIn();
    assert.equal((await api.owner.get<PoolDetailView>(`/api/v1/pool/${id}`)).pool.claimRefusal, null, 'no refusal once the wait is over');
    await signInAs(page, OWNER);
    await open(page, `/pool/${id}`);
    const again = page.getByTestId(`pool-claim-${id}`);
    await again.waitFor();
    assert.equal(await again.isEnabled(), true, 'the claim button is enabled after the wait');
    await assertNoHorizontalScroll(page);
    await shot('6 former owner may claim');
    await again.click();
    await page.waitForURL((url) => url.pathname === `/prospects/${id}`);
    await page.getByTestId('detail-name').getByText(PROSPECT.name).waitFor();
    await page.locator('a[href="tel:+886935246810"]').getByText(PHONE_SHOWN, { exact: true }).waitFor();
    await page.getByTestId('timeline').getByText(TOUCH).waitFor();
    assert.match((await page.locator('.ant-descriptions').first().textContent()) ?? '', new RegExp(OWNER.name));
    const mine = await api.owner.get<{ items: { id: number }[] }>('/api/v1/prospects');
    assert.ok(mine.items.some((p) => p.id === id), 'back in the former owner\'s book');
    await assertNoHorizontalScroll(page);
    await shot('7 claimed back', { fullPage: true });
  } finally {
    await setServerNow(null);
    // Later specs expect the rules this one found.
    const now = await (await apiSession(t.baseUrl, ADMIN.email, ADMIN.password)).get<PolicyEnvelope>('/api/v1/settings/pool');
    await putPoolPolicy(t.baseUrl, { policy: original.policy, version: now.version });
  }
});
