/**
 * Events (研討會): a manager holds a seminar for their team on a desktop, invites two prospects one by one and the
 * VIPs from the prospect list, and marks one answer by hand; at the door, on a phone, the salesperson who hosts it
 * checks a guest in and adds a walk-in, and the guest's page shows the event as attended. The clock is injected on
 * both sides, so the door is open: the seminar starts this afternoon.
 */
import assert from 'node:assert/strict';
import type { Locator, Page } from 'playwright-core';
import { DESKTOP, PHONE, test } from '../harness.js';
import { ADMIN, type ApiSession, apiSession, assertNoHorizontalScroll, ensureAdmin, loginAndWait, openNav, openSignedIn, setNow, setServerNow, still, waitForText } from '../helpers.js';

/** A Saturday morning in Taipei; the seminar is from 14:00 to 17:00 the same day. */
const DAY = '2027-10-16';
const NOW = `${DAY}T09:00:00+08:00`;
const TITLE = '2027 新車發表研討會';

const MANAGER = { email: 'kao.events@pond.test', name: 'Sandra Kao', password: 'a seminar fills the book for a month', locale: 'en' as const };
const SELLER = { email: 'huang.events@pond.test', name: '黃建華', password: 'the door is where relationships start', locale: 'zh-Hant' as const };
const TEAM = 'Events North';
const WALK_IN = { name: '周杰', company: '大同電機', phone: '+886 912 555 018' };

/** The salesperson's book: two named guests, three VIPs (one of them named too), and one left out. */
const PROSPECTS = [
  { name: '林志明', company: '宏達機械', grade: 'B', tags: [], phones: ['+886 912 555 001'] },
  { name: '張美華', company: '光陽貿易', grade: 'A', tags: ['VIP'], phones: ['+886 912 555 002'] },
  { name: '吳建國', company: '永豐科技', grade: 'A', tags: ['VIP'], phones: ['+886 912 555 003'] },
  { name: '李雅婷', company: null, grade: 'B', tags: ['VIP'], phones: ['+886 912 555 004'] },
  { name: '陳大同', company: '遠東紡織', grade: 'C', tags: [], phones: ['+886 912 555 005'] },
] as const;

interface Arranged {
  manager: ApiSession;
  seller: ApiSession;
  ids: Record<string, number>;
}

/** Accounts and the team at real time (sessions expire by the server's clock), then the clock moves to NOW. */
async function arrange(page: Page, baseUrl: string, setupUrl: string | null): Promise<Arranged> {
  await setServerNow(null);
  await ensureAdmin(baseUrl, setupUrl);
  const admin = await apiSession(baseUrl, ADMIN.email, ADMIN.password);
  const users = await admin.get<{ items: { id: number; email: string }[] }>('/api/v1/users');
  let managerId = users.items.find((u) => u.email === MANAGER.email)?.id;
  if (!managerId) {
    const { user } = await admin.post<{ user: { id: number } }>('/api/v1/users', { email: MANAGER.email, displayName: MANAGER.name, role: 'manager', password: MANAGER.password, locale: MANAGER.locale, timeZone: 'Asia/Taipei' });
    managerId = user.id;
  }
  const teams = await admin.get<{ items: { id: number; name: string }[] }>('/api/v1/teams');
  let teamId = teams.items.find((t) => t.name === TEAM)?.id;
  if (!teamId) teamId = (await admin.post<{ team: { id: number } }>('/api/v1/teams', { name: TEAM, managerId })).team.id;
  if (!users.items.some((u) => u.email === SELLER.email)) {
    await admin.post('/api/v1/users', { email: SELLER.email, displayName: SELLER.name, role: 'salesperson', password: SELLER.password, locale: SELLER.locale, timeZone: 'Asia/Taipei', teamId });
  }
  await setNow(page, NOW);
  const manager = await apiSession(baseUrl, MANAGER.email, MANAGER.password);
  const seller = await apiSession(baseUrl, SELLER.email, SELLER.password);
  const book = await seller.get<{ items: { id: number; name: string }[] }>('/api/v1/prospects?limit=100');
  const ids: Record<string, number> = {};
  for (const p of PROSPECTS) {
    const known = book.items.find((b) => b.name === p.name);
    ids[p.name] = known ? known.id : (await seller.post<{ prospect: { id: number } }>('/api/v1/prospects', { ...p, source: 'referral' })).prospect.id;
  }
  return { manager, seller, ids };
}

async function eventId(session: ApiSession): Promise<number> {
  const { items } = await session.get<{ items: { id: number; title: string }[] }>('/api/v1/events');
  const event = items.find((e) => e.title === TITLE);
  assert.ok(event, 'the first test holds the seminar');
  return event.id;
}

/** A date or time picker's own input, however antd hands the test id down. */
function pickerInput(page: Page, id: string): Locator {
  return page.locator(`[data-testid=${id}] input, input[data-testid=${id}]`).first();
}

/** Types a value into a picker and leaves it (Enter would also submit the form). */
async function typeInto(input: Locator, value: string) {
  await input.click();
  await input.fill(value);
  await input.press('Tab');
}

/** Opens a Select, picks the option showing `text`; a multiple select stays open, so it is closed by a click away. */
async function pick(page: Page, select: Locator, text: string, search?: string) {
  await select.click();
  if (search) await page.keyboard.type(search);
  const open = page.locator('.ant-select-dropdown:not(.ant-select-dropdown-hidden)');
  await open.locator('.ant-select-item-option').filter({ hasText: text }).first().click();
}

async function text(locator: Locator): Promise<string> {
  return ((await locator.textContent()) ?? '').trim();
}

async function untilCount(locator: Locator, count: number, timeoutMs = 10_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while ((await locator.count()) !== count) {
    if (Date.now() > deadline) assert.fail(`expected ${count} elements, found ${await locator.count()}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

const rowOf = (page: Page, name: string) => page.locator('[data-testid^=invitation-row-]').filter({ hasText: name });
const guestOf = (page: Page, name: string) => page.locator('[data-testid^=guest-row-]').filter({ hasText: name });

test('a manager holds a seminar and invites prospects one by one and by tag', { viewport: DESKTOP, locale: 'en-US' }, async (t) => {
  const { page, shot } = t;
  try {
    await arrange(page, t.baseUrl, t.setupUrl);
    await page.goto('/login');
    await loginAndWait(page, MANAGER.email, MANAGER.password);
    const nav = await openNav(page, t.viewport);
    await nav.getByText('Events', { exact: true }).click();
    await page.waitForURL('**/events');
    await page.getByTestId('events-empty').waitFor();
    await still(page);
    await shot('1-no-events');

    await page.getByTestId('events-new').click();
    const form = page.getByTestId('event-form');
    await form.waitFor();
    await page.getByTestId('event-title-input').fill(TITLE);
    await pick(page, page.getByTestId('event-kind-select'), 'Seminar');
    await typeInto(pickerInput(page, 'event-start-date'), DAY);
    await typeInto(pickerInput(page, 'event-start-time'), '14:00');
    await typeInto(pickerInput(page, 'event-end-time'), '17:00');
    assert.match(await text(form.locator('.ant-form-item').filter({ hasText: 'Time zone' })), /Asia\/Taipei/, "the zone is the user's");
    await page.getByTestId('event-place-input').fill('台北市信義區松高路 1 號 3 樓展示廳');
    await page.getByTestId('event-capacity').fill('30');
    await pick(page, page.getByTestId('event-team'), TEAM);
    await pick(page, page.getByTestId('event-hosts'), SELLER.name);
    await page.getByTestId('event-notes').click();
    await untilCount(page.locator('.ant-select-dropdown:not(.ant-select-dropdown-hidden)'), 0);
    await page.getByTestId('event-title-input').scrollIntoViewIfNeeded();
    await still(page);
    await shot('2-event-form');
    await page.getByTestId('event-save').click();
    await page.waitForURL(/\/events\/\d+$/);
    await waitForText(page.getByTestId('event-title'), TITLE);
    assert.match(await text(page.getByTestId('event-when')), /2:00.*5:00.*PM.*Asia\/Taipei/);
    assert.equal(await text(page.getByTestId('event-seats')), '30 seats · 30 left');
    assert.equal(await text(page.getByTestId('event-hosts')), SELLER.name);
    await waitForText(page.getByTestId('invitations'), 'Nobody invited yet.');

    // Two guests picked one by one, in person.
    await page.getByTestId('event-invite').click();
    const modal = page.getByTestId('invite-form');
    await modal.waitFor();
    await pick(page, page.getByTestId('invite-prospects'), '林志明', '林志明');
    await pick(page, page.getByTestId('invite-prospects'), '張美華', '張美華');
    await page.locator('.ant-modal-title').click();
    await untilCount(page.locator('.ant-select-dropdown:not(.ant-select-dropdown-hidden)'), 0);
    await still(page);
    await shot('3-invite-picked');
    await page.getByTestId('invite-ok').click();
    const result = page.getByTestId('invite-result');
    await result.waitFor();
    assert.equal(await result.getAttribute('data-invited'), '2');
    assert.match(await text(result), /2 prospects invited\./);

    // Then every VIP on the prospect list: one of them was already invited.
    await page.getByTestId('invite-more').click();
    await result.waitFor({ state: 'detached' });
    await page.getByTestId('invite-tab-filter').click();
    await page.getByTestId('invite-tag').fill('VIP');
    await page.getByTestId('invite-ok').click();
    await result.waitFor();
    assert.equal(await result.getAttribute('data-invited'), '2');
    assert.equal(await result.getAttribute('data-already'), '1');
    assert.match(await text(result), /2 prospects invited\..*1 was already invited\./s);
    await still(page);
    await shot('4-invite-by-tag');
    await page.getByTestId('invite-done').click();
    await modal.waitFor({ state: 'detached' });

    // The guest list: four invited, the fifth prospect left out.
    const rows = page.locator('[data-testid^=invitation-row-]');
    await untilCount(rows, 4);
    await untilCount(page.locator('[data-testid^=invitation-row-][data-state=invited]'), 4);
    assert.equal(await rowOf(page, '陳大同').count(), 0);
    assert.match(await text(rowOf(page, '吳建國')), /永豐科技.*Invited.*In person/);
    // 林志明 said yes on the phone: a hand move from the row's menu.
    await rowOf(page, '林志明').getByTestId('invitation-menu').click();
    await page.locator('.ant-dropdown:not(.ant-dropdown-hidden) .ant-dropdown-menu-item').filter({ hasText: 'Mark as accepted' }).click();
    await page.locator('[data-testid^=invitation-row-][data-state=accepted]').filter({ hasText: '林志明' }).waitFor();
    await page.locator('[data-testid=count-accepted][data-count="1"]').waitFor();
    assert.equal(await text(page.getByTestId('event-seats')), '30 seats · 29 left');
    await page.getByTestId('state-chip-accepted').click();
    await untilCount(rows, 1);
    await page.getByTestId('state-chip-all').click();
    await untilCount(rows, 4);
    // A change to the event goes with the version read: more seats.
    await page.getByTestId('event-edit').click();
    await page.getByTestId('event-form').waitFor();
    assert.equal(await pickerInput(page, 'event-start-time').inputValue(), '14:00', "the time is read back in the event's zone");
    await page.getByTestId('event-capacity').fill('40');
    await page.getByTestId('event-save').click();
    await page.getByTestId('event-form').waitFor({ state: 'detached' });
    await waitForText(page.getByTestId('event-seats'), '40 seats · 39 left');
    await assertNoHorizontalScroll(page);
    await still(page);
    await shot('5-event-page', { fullPage: true });

    await page.goto('/events');
    const card = page.locator('[data-testid^=event-card-]').filter({ hasText: TITLE });
    await card.waitFor();
    assert.match(await text(card), /Seminar/);
    assert.match(await text(card), /Accepted 1.*Attended 0.*Invited 3/);
    await still(page);
    await shot('6-events-list');
  } finally {
    await setServerNow(null);
  }
});

test('at the door a host checks a guest in and adds a walk-in on a phone', { viewport: PHONE, locale: 'zh-TW' }, async (t) => {
  const { page, shot } = t;
  try {
    const { ids } = await arrange(page, t.baseUrl, t.setupUrl);
    await page.goto('/login');
    await loginAndWait(page, SELLER.email, SELLER.password);
    const nav = await openNav(page, t.viewport);
    await nav.getByText('活動', { exact: true }).click();
    await page.waitForURL('**/events');
    const card = page.locator('[data-testid^=event-card-]').filter({ hasText: TITLE });
    await card.waitFor();
    assert.match(await text(card), /研討會/);
    assert.match(await text(card), /Asia\/Taipei/);
    await assertNoHorizontalScroll(page);
    await still(page);
    await shot('1-events-list', { fullPage: true });
    await card.click();
    await page.getByTestId('event-page').waitFor();
    await untilCount(page.locator('[data-testid^=invitation-row-]'), 4);
    assert.equal(await page.getByTestId('event-edit').count(), 0, 'a host does not edit the event');
    await assertNoHorizontalScroll(page);
    await still(page);
    await shot('2-event-page', { fullPage: true });

    await page.getByTestId('event-check-in').click();
    await page.waitForURL(/\/events\/\d+\/check-in$/);
    const counts = page.getByTestId('check-in-counts');
    await page.locator('[data-testid=check-in-counts][data-attended="0"][data-accepted="1"]').waitFor();
    await untilCount(page.locator('[data-testid^=guest-row-]'), 4);
    await assertNoHorizontalScroll(page);
    await still(page);
    await shot('3-door');

    // The guest arrives: found by name, one tap.
    await page.getByTestId('check-in-search').fill('林');
    await untilCount(page.locator('[data-testid^=guest-row-]'), 1);
    await guestOf(page, '林志明').getByTestId('guest-check-in').click();
    await waitForText(page, '林志明 已報到。');
    await page.locator('[data-testid^=guest-row-][data-state=attended]').filter({ hasText: '林志明' }).waitFor();
    await guestOf(page, '林志明').getByTestId('guest-done').waitFor();
    await page.locator('[data-testid=check-in-counts][data-attended="1"]').waitFor();
    assert.match(await text(guestOf(page, '林志明')), /由 黃建華 報到/);
    await still(page);
    await shot('4-checked-in');

    // Someone who was not invited: added as a walk-in, checked in at once.
    await page.getByTestId('check-in-search').fill('');
    await page.getByTestId('walk-in-add').click();
    const drawer = page.getByTestId('walk-in-form');
    await drawer.waitFor();
    await page.getByTestId('walk-in-name').fill(WALK_IN.name);
    await page.getByTestId('walk-in-company').fill(WALK_IN.company);
    // A phone or an e-mail is needed.
    await page.getByTestId('walk-in-save').click();
    await waitForText(drawer, '請填寫電話或電子郵件。');
    await page.getByTestId('walk-in-phone').fill(WALK_IN.phone);
    await drawer.locator('.ant-form-item-explain-error').first().waitFor({ state: 'detached' });
    await assertNoHorizontalScroll(page);
    await still(page);
    await shot('5-walk-in-form');
    await page.getByTestId('walk-in-save').click();
    await waitForText(page, `已新增 ${WALK_IN.name} 並完成報到。`);
    await page.getByTestId('walk-in-drawer').locator('.ant-drawer-content').waitFor({ state: 'detached' }).catch(() => undefined);
    const walkIn = guestOf(page, WALK_IN.name);
    await walkIn.waitFor();
    assert.equal(await walkIn.getAttribute('data-state'), 'attended');
    await walkIn.getByTestId('guest-walk-in').waitFor();
    await page.locator('[data-testid=check-in-counts][data-attended="2"]').waitFor();
    await untilCount(page.locator('[data-testid^=guest-row-]'), 5);
    assert.match(await text(counts), /2/);
    await assertNoHorizontalScroll(page);
    await still(page);
    await shot('6-door-after', { fullPage: true });

    // The guest's page: the event, attended.
    await page.goto(`/prospects/${ids['林志明']}`);
    const section = page.getByTestId('prospect-events');
    await section.waitFor();
    const invitation = section.locator('[data-testid^=prospect-invitation-]').first();
    assert.equal(await invitation.getAttribute('data-state'), 'attended');
    assert.match(await text(invitation), new RegExp(`${TITLE}.*已出席`));
    // The timeline says it in words: invited, accepted, attended.
    const history = page.locator('[data-testid=timeline-change][data-field=invitation]');
    await untilCount(history, 3);
    assert.match(await text(history.first()), new RegExp(`「${TITLE}」：已接受 → 已出席`));
    await section.scrollIntoViewIfNeeded();
    await assertNoHorizontalScroll(page);
    await still(page);
    await shot('7-prospect-events', { fullPage: true });
  } finally {
    await setServerNow(null);
  }
});

test('the guest list after the door, on a desktop in 繁體中文', { viewport: DESKTOP, locale: 'zh-TW' }, async (t) => {
  const { page, shot } = t;
  try {
    const { seller, ids } = await arrange(page, t.baseUrl, t.setupUrl);
    const id = await eventId(seller);
    await page.goto('/login');
    await loginAndWait(page, SELLER.email, SELLER.password);
    await page.goto(`/events/${id}`);
    await untilCount(page.locator('[data-testid^=invitation-row-]'), 5);
    const walkIn = rowOf(page, WALK_IN.name);
    assert.equal(await walkIn.getAttribute('data-state'), 'attended');
    assert.match(await text(walkIn), /臨時來賓.*已出席.*黃建華/);
    assert.match(await text(rowOf(page, '林志明')), /已出席.*親自邀請.*黃建華/);
    await page.locator('[data-testid=count-attended][data-count="2"]').waitFor();
    await still(page);
    // The table's loading veil fades by a CSS transition, which still() does not see.
    await page.waitForTimeout(400);
    await shot('1-event-page', { fullPage: true });
    await page.getByTestId('event-check-in').click();
    await untilCount(page.locator('[data-testid^=guest-row-][data-state=attended]'), 2);
    await still(page);
    await shot('2-door');
    await page.goto('/events');
    await page.locator('[data-testid^=event-card-]').first().waitFor();
    await still(page);
    await shot('3-events-list');

    // The next morning the owner finds the guests on Today, and why.
    await setNow(page, '2027-10-17T09:00:00+08:00');
    await openSignedIn(page, '/', SELLER.email, SELLER.password);
    const row = page.getByTestId(`agenda-row-${ids['林志明']}`);
    await row.waitFor();
    assert.match(await text(row.getByTestId('agenda-due')), /昨天參加了活動：請跟進/);
    await still(page);
    await shot('4-today-next-morning');
  } finally {
    await setServerNow(null);
  }
});

test('the door and the events on a phone in English', { viewport: PHONE, locale: 'en-US' }, async (t) => {
  const { page, shot } = t;
  try {
    const { manager } = await arrange(page, t.baseUrl, t.setupUrl);
    const id = await eventId(manager);
    await page.goto('/login');
    await loginAndWait(page, MANAGER.email, MANAGER.password);
    await page.goto('/events');
    await page.locator('[data-testid^=event-card-]').filter({ hasText: TITLE }).waitFor();
    await assertNoHorizontalScroll(page);
    await still(page);
    await shot('1-events-list');
    await page.goto(`/events/${id}`);
    await untilCount(page.locator('[data-testid^=invitation-row-]'), 5);
    await assertNoHorizontalScroll(page);
    await still(page);
    await shot('2-event-page', { fullPage: true });
    await page.getByTestId('event-check-in').click();
    await untilCount(page.locator('[data-testid^=guest-row-]'), 5);
    await waitForText(page.getByTestId('check-in-walk-ins'), 'including 1 walk-in');
    await assertNoHorizontalScroll(page);
    await still(page);
    await shot('3-door', { fullPage: true });
    await page.getByTestId('check-in-search').fill('zzz');
    await page.getByTestId('check-in-empty').waitFor();
    await still(page);
    await shot('4-door-no-match');
  } finally {
    await setServerNow(null);
  }
});
