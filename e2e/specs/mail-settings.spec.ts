/**
 * An admin sets up outgoing mail on a phone against a real SMTP server started here, sends a test message that
 * arrives, then sees the server's own words when it refuses; on a desktop a revisit interval is changed and kept.
 */
import assert from 'node:assert/strict';
import { generateKeyPairSync } from 'node:crypto';
import type { Locator, Page } from 'playwright-core';
import { Inbox } from '../../packages/server/src/testing/smtp-inbox.js';
import { DESKTOP, PHONE, test, type TestContext } from '../harness.js';
import { ADMIN, apiSession, assertNoHorizontalScroll, ensureAdmin, loginAndWait, setServerNow, still } from '../helpers.js';

const SMTP_USER = 'pond-smtp';
const SMTP_PASS = 'a reed by the water 73';
const RECIPIENT = 'agenda.check@pond.test';
const DKIM_KEY = generateKeyPairSync('rsa', { modulusLength: 2048 }).privateKey.export({ type: 'pkcs8', format: 'pem' }).toString();
/** Admins in the two Chinese scripts, so the cards are looked at in every language. */
const ADMINS_ZH = [
  { email: 'hant.admin@pond.test', name: '周秀英', password: 'settings by the pond 71', locale: 'zh-Hant' },
  { email: 'hans.admin@pond.test', name: '周秀英', password: 'settings by the pond 72', locale: 'zh-Hans' },
] as const;

/** The input behind a test id, whether antd put the id on the input itself or on its wrapper. */
function field(page: Page, testId: string): Locator {
  return page.locator(`input[data-testid="${testId}"], textarea[data-testid="${testId}"], [data-testid="${testId}"] input`).first();
}

/** A PUT as the admin behind the page's back: a save made elsewhere while the page is open. */
async function putAsAdmin<T>(baseUrl: string, path: string, body: unknown): Promise<T> {
  const login = await fetch(`${baseUrl}/api/v1/auth/login`, { method: 'POST', headers: { 'Content-Type': 'application/json', Origin: baseUrl }, body: JSON.stringify({ email: ADMIN.email, password: ADMIN.password }) });
  const cookie = (login.headers.get('set-cookie') ?? '').split(';')[0] ?? '';
  const res = await fetch(`${baseUrl}${path}`, { method: 'PUT', headers: { Cookie: cookie, Origin: baseUrl, 'Content-Type': 'application/json' }, body: JSON.stringify(body) });
  const text = await res.text();
  assert.equal(res.status, 200, `PUT ${path}: ${res.status} ${text}`);
  return JSON.parse(text) as T;
}

async function openSettings(page: Page, email: string, password: string): Promise<void> {
  await page.goto('/login');
  await loginAndWait(page, email, password);
  await page.goto('/settings');
  await page.getByTestId('mail-settings-form').waitFor();
  await page.getByTestId('interval-policy-form').waitFor();
}

/** Scrolls a part to just below the sticky header and takes a picture of what shows. */
async function shotOf(t: TestContext, testId: string, label: string): Promise<void> {
  await t.page.getByTestId(testId).evaluate((el) => {
    const view = globalThis as unknown as { scrollY: number; scrollTo(x: number, y: number): void };
    view.scrollTo(0, el.getBoundingClientRect().top + view.scrollY - 64);
  });
  await still(t.page);
  await t.shot(label);
}

test('outgoing mail is set up on a phone, a test message arrives, and a refusal shows the server’s words', { viewport: PHONE }, async (t) => {
  const { page } = t;
  await setServerNow(null);
  await ensureAdmin(t.baseUrl, t.setupUrl);
  const inbox = new Inbox(SMTP_USER, SMTP_PASS, { authOptional: true });
  await inbox.start();
  try {
    const admin = await apiSession(t.baseUrl, ADMIN.email, ADMIN.password);
    const before = await admin.get<{ configured: boolean; secretsAvailable: boolean }>('/api/v1/settings/mail');
    assert.equal(before.configured, false, 'mail starts unset');
    await openSettings(page, ADMIN.email, ADMIN.password);
    // The order an admin reads them in: mail, then the intervals, the pool, coaching's flag, then the catalogue and its commissions.
    const order = await page.locator('[data-testid=module-settings] .ant-card[data-testid]').evaluateAll((cards) => cards.map((c) => c.getAttribute('data-testid')));
    assert.deepEqual(order, ['mail-settings', 'interval-policy', 'pool-rules', 'newsletter-policy', 'coaching-policy', 'products-card', 'rules-card']);
    assert.equal(await page.getByTestId('mail-test').count(), 0, 'no test before anything is saved');
    assert.equal(await field(page, 'mail-port').inputValue(), '587');
    await assertNoHorizontalScroll(page);
    await shotOf(t, 'mail-settings', 'mail empty');

    await field(page, 'mail-host').fill('127.0.0.1');
    await field(page, 'mail-port').fill(String(inbox.port));
    await page.getByTestId('mail-security').locator('label', { has: page.locator('input[value=none]') }).click();
    if (before.secretsAvailable) {
      await field(page, 'mail-user').fill(SMTP_USER);
      await field(page, 'mail-password').fill(SMTP_PASS);
    } else {
      // Without POND_SECRET_KEY no password can be kept: the card says so and the field is off.
      await page.getByTestId('mail-no-secrets').waitFor();
      assert.equal(await field(page, 'mail-password').isDisabled(), true);
    }
    await field(page, 'mail-from-address').fill('pond@pond.test');
    await field(page, 'mail-from-name').fill('Pond 魚塘');
    await page.getByTestId('mail-dkim-toggle').click();
    await field(page, 'mail-dkim-domain').waitFor({ state: 'visible' });
    if (before.secretsAvailable) {
      await field(page, 'mail-dkim-domain').fill('pond.test');
      await field(page, 'mail-dkim-selector').fill('mail2026');
      await field(page, 'mail-dkim-key').fill(DKIM_KEY);
    } else {
      assert.equal(await field(page, 'mail-dkim-key').isDisabled(), true);
    }
    await assertNoHorizontalScroll(page);
    await shotOf(t, 'mail-settings', 'mail filled');
    await shotOf(t, 'mail-dkim-toggle', 'mail dkim open');
    await page.getByTestId('mail-dkim-toggle').click();

    await Promise.all([page.waitForResponse((r) => r.url().endsWith('/api/v1/settings/mail') && r.request().method() === 'PUT' && r.ok()), page.getByTestId('mail-settings-save').click()]);
    const saved = await admin.get<{ configured: boolean; host: string; port: number; security: string; user: string | null; passwordSet: boolean; fromAddress: string; dkim: unknown }>('/api/v1/settings/mail');
    assert.equal(saved.configured, true);
    assert.deepEqual([saved.host, saved.port, saved.security, saved.fromAddress], ['127.0.0.1', inbox.port, 'none', 'pond@pond.test']);
    if (before.secretsAvailable) {
      assert.equal(saved.user, SMTP_USER);
      assert.equal(saved.passwordSet, true);
      // Write-only: the field is empty again and says a password is kept; it can be removed.
      assert.equal(await field(page, 'mail-password').inputValue(), '');
      await page.getByTestId('mail-password-remove').waitFor();
      assert.equal(await field(page, 'mail-dkim-key').inputValue(), '');
      assert.deepEqual(saved.dkim, { domain: 'pond.test', selector: 'mail2026', privateKeySet: true });
    }
    await shotOf(t, 'mail-settings', 'mail saved');

    // The test row appears once there is something saved, addressed to the admin; sent elsewhere here.
    const to = field(page, 'mail-test-to');
    await to.waitFor();
    assert.equal(await to.inputValue(), ADMIN.email);
    await to.fill(RECIPIENT);
    await page.getByTestId('mail-test-send').click();
    const result = page.getByTestId('mail-test-result');
    await result.waitFor();
    assert.equal(await result.getAttribute('data-ok'), 'true', `the test failed: ${await result.textContent()}`);
    assert.match((await result.textContent()) ?? '', /250/, 'the server’s answer is shown');
    assert.equal(inbox.received.length, 1, 'the SMTP server received one message');
    const [message] = inbox.received;
    assert.deepEqual(message?.to, [RECIPIENT]);
    assert.match(message?.data ?? '', /^From: .*pond@pond\.test/m);
    if (before.secretsAvailable) {
      assert.equal(message?.user, SMTP_USER, 'Pond signed in with the saved user and password');
      // The header is folded over several lines: unfold it before reading its tags.
      const signature = /^DKIM-Signature: (.*(?:\r?\n[ \t].*)*)/m.exec(message?.data ?? '')?.[1]?.replace(/\r?\n[ \t]+/g, ' ') ?? '';
      assert.match(signature, /\bd=pond\.test;/, `signed with the saved DKIM key: ${signature}`);
      assert.match(signature, /\bs=mail2026;/);
    }
    await assertNoHorizontalScroll(page);
    await shotOf(t, 'mail-test', 'test sent');

    // Now the server refuses: its own words are on the screen.
    inbox.mode = 'refuse';
    await page.getByTestId('mail-test-send').click();
    await page.locator('[data-testid=mail-test-result][data-ok=false]').waitFor();
    const refusal = (await result.textContent()) ?? '';
    assert.match(refusal, /550/);
    assert.match(refusal, /Mailbox unavailable/);
    assert.equal(inbox.received.length, 1, 'nothing more was received');
    await assertNoHorizontalScroll(page);
    await shotOf(t, 'mail-test', 'test refused');
    await shotOf(t, 'interval-policy', 'intervals');
    await t.shot('whole page', { fullPage: true });

    // Someone else saves a new sender name meanwhile: this page's save is refused, and theirs can be loaded.
    const current = await admin.get<{ version: number; host: string; port: number; security: string; user: string | null; fromAddress: string }>('/api/v1/settings/mail');
    const { version, host, port, security, user, fromAddress } = current;
    await putAsAdmin(t.baseUrl, '/api/v1/settings/mail', { version, host, port, security, user, fromAddress, fromName: 'Pond 總部' });
    await field(page, 'mail-from-name').fill('Pond 分部');
    await page.getByTestId('mail-settings-save').click();
    await page.getByTestId('mail-settings-stale').waitFor();
    await assertNoHorizontalScroll(page);
    await shotOf(t, 'mail-settings-stale', 'mail stale');
    await page.getByTestId('mail-settings-load-theirs').click();
    assert.equal(await field(page, 'mail-from-name').inputValue(), 'Pond 總部');
    assert.equal(await page.getByTestId('mail-settings-stale').count(), 0);

    // The admin removes the settings: the form empties, the test row goes, and Pond says mail is not set up.
    await page.getByTestId('mail-settings-clear').click();
    await page.getByTestId('mail-settings-clear-confirm').waitFor();
    await shotOf(t, 'mail-settings', 'removing mail settings');
    await Promise.all([
      page.waitForResponse((r) => r.url().includes('/api/v1/settings/mail?version=') && r.request().method() === 'DELETE' && r.ok()),
      page.getByTestId('mail-settings-clear-confirm').click(),
    ]);
    await page.getByTestId('mail-settings-clear').waitFor({ state: 'detached' });
    assert.equal(await field(page, 'mail-host').inputValue(), '');
    assert.equal(await field(page, 'mail-from-address').inputValue(), '');
    assert.equal(await page.getByTestId('mail-test').count(), 0, 'no test without settings');
    assert.equal((await admin.get<{ configured: boolean }>('/api/v1/settings/mail')).configured, false);
    await assertNoHorizontalScroll(page);
  } finally {
    await inbox.stop();
  }
});

test('a revisit interval changed on a desktop is kept after a reload', { viewport: DESKTOP }, async (t) => {
  const { page } = t;
  await setServerNow(null);
  await ensureAdmin(t.baseUrl, t.setupUrl);
  await openSettings(page, ADMIN.email, ADMIN.password);
  const cell = field(page, 'interval-A-key');
  const original = await cell.inputValue();
  await shotOf(t, 'mail-settings', 'mail');
  await shotOf(t, 'interval-policy', 'intervals');

  const save = async (days: string) => {
    await cell.fill(days);
    await Promise.all([page.waitForResponse((r) => r.url().endsWith('/api/v1/settings/interval-policy') && r.request().method() === 'PUT' && r.ok()), page.getByTestId('interval-policy-save').click()]);
  };
  // A save made elsewhere meanwhile: this one is refused until the admin saves over it knowingly.
  const read = await (await apiSession(t.baseUrl, ADMIN.email, ADMIN.password)).get<{ policy: { A: { key: number; normal: number; small: number } }; version: number }>('/api/v1/settings/interval-policy');
  await putAsAdmin(t.baseUrl, '/api/v1/settings/interval-policy', { version: read.version, policy: { ...read.policy, A: { ...read.policy.A, small: read.policy.A.small + 1 } } });
  await cell.fill('15');
  await page.getByTestId('interval-policy-save').click();
  await page.getByTestId('interval-policy-stale').waitFor();
  await shotOf(t, 'interval-policy', 'intervals stale');
  await Promise.all([page.waitForResponse((r) => r.url().endsWith('/api/v1/settings/interval-policy') && r.request().method() === 'PUT' && r.ok()), page.getByTestId('interval-policy-overwrite').click()]);
  await save('15');
  await page.reload();
  await page.getByTestId('interval-policy-form').waitFor();
  assert.equal(await field(page, 'interval-A-key').inputValue(), '15');
  const admin = await apiSession(t.baseUrl, ADMIN.email, ADMIN.password);
  const stored = await admin.get<{ policy: { A: { key: number; normal: number } } }>('/api/v1/settings/interval-policy');
  assert.equal(stored.policy.A.key, 15);
  assert.equal(String(stored.policy.A.normal), await field(page, 'interval-A-normal').inputValue(), 'the other cells are unchanged');
  await shotOf(t, 'interval-policy', 'intervals saved');
  await t.shot('whole page', { fullPage: true });
  // Later specs count on the shipped intervals.
  await save(original);
});

for (const who of ADMINS_ZH) {
  test(`the settings cards read well in ${who.locale}`, { viewport: PHONE, locale: who.locale === 'zh-Hant' ? 'zh-TW' : 'zh-CN' }, async (t) => {
    const { page } = t;
    await setServerNow(null);
    await ensureAdmin(t.baseUrl, t.setupUrl);
    const admin = await apiSession(t.baseUrl, ADMIN.email, ADMIN.password);
    const users = await admin.get<{ items: { email: string }[] }>('/api/v1/users');
    if (!users.items.some((u) => u.email === who.email)) {
      await admin.post('/api/v1/users', { email: who.email, displayName: who.name, role: 'admin', password: who.password, locale: who.locale });
    }
    await openSettings(page, who.email, who.password);
    await assertNoHorizontalScroll(page);
    await shotOf(t, 'mail-settings', 'mail');
    await page.getByTestId('mail-dkim-toggle').click();
    await field(page, 'mail-dkim-domain').waitFor({ state: 'visible' });
    await shotOf(t, 'mail-dkim-toggle', 'mail dkim');
    if (await page.getByTestId('mail-test').count()) await shotOf(t, 'mail-test', 'mail test');
    await shotOf(t, 'interval-policy', 'intervals');
    await assertNoHorizontalScroll(page);
  });
}
