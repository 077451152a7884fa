import assert from 'node:assert/strict';
import { writeFile } from 'node:fs/promises';
import type { Locator, Page } from 'playwright-core';
import type { TestContext, Viewport } from './harness.js';

export const LANGUAGE_LABELS = { 'zh-Hant': '繁體中文', 'zh-Hans': '简体中文', en: 'English' } as const;
export type Lang = keyof typeof LANGUAGE_LABELS;

/** A phone must never scroll sideways: the page is exactly as wide as the screen. */
export async function assertNoHorizontalScroll(page: Page): Promise<void> {
  const overflow = Number(await page.evaluate('document.documentElement.scrollWidth - document.documentElement.clientWidth'));
  assert.ok(overflow <= 0, `page scrolls sideways by ${overflow}px at ${page.url()}`);
}

export async function assertLang(page: Page, lang: Lang): Promise<void> {
  await page.waitForFunction(`document.documentElement.lang === ${JSON.stringify(lang)}`, undefined, { timeout: 5_000 }).catch(async () => {
    const actual = await page.evaluate('document.documentElement.lang');
    assert.fail(`expected <html lang="${lang}">, found "${String(actual)}"`);
  });
}

export async function waitForText(scope: Page | Locator, text: string): Promise<void> {
  await scope.getByText(text, { exact: true }).first().waitFor({ state: 'visible' });
}

export async function switchLanguage(page: Page, lang: Lang): Promise<void> {
  await page.getByTestId('language-menu').click();
  await page.locator('.ant-dropdown:not(.ant-dropdown-hidden) .ant-dropdown-menu-item').filter({ hasText: LANGUAGE_LABELS[lang] }).click();
  await assertLang(page, lang);
}

export async function login(page: Page, email: string, password: string): Promise<void> {
  await page.locator('#email').fill(email);
  await page.locator('#password').fill(password);
  await page.locator('button[type=submit]').click();
}

export async function loginAndWait(page: Page, email: string, password: string): Promise<void> {
  if (!page.url().includes('/login')) await page.goto('/login');
  await login(page, email, password);
  await page.waitForURL('**/today');
  await page.getByTestId('user-menu').waitFor();
}

export async function signOut(page: Page): Promise<void> {
  await page.getByTestId('user-menu').click();
  await page.locator('.ant-dropdown:not(.ant-dropdown-hidden) .ant-dropdown-menu-item-danger').click();
  await page.waitForURL('**/login');
  await page.locator('#email').waitFor();
}

/** The full navigation: the Sider on desktops, the "More" drawer on phones. */
export async function openNav(page: Page, viewport: Viewport): Promise<Locator> {
  if (viewport.name === 'phone') {
    await page.getByTestId('nav-more').click();
    const menu = page.locator('.ant-drawer-open').getByTestId('nav-menu');
    await menu.waitFor();
    return menu;
  }
  const menu = page.locator('.ant-layout-sider').getByTestId('nav-menu');
  await menu.waitFor();
  return menu;
}

export async function closeNav(page: Page, viewport: Viewport): Promise<void> {
  if (viewport.name !== 'phone') return;
  await page.keyboard.press('Escape');
  await page.locator('.ant-drawer-open').waitFor({ state: 'detached' });
}

/** The first administrator every spec shares; foundation.spec.ts creates it through the setup page. */
export const ADMIN = { email: 'mei@pond.test', name: '陳美玲', password: 'lotus pond at dawn 42' };

/** Lets a spec run on its own: completes setup through the API when no spec has done it through the UI. */
export async function ensureAdmin(baseUrl: string, setupUrl: string | null): Promise<void> {
  const status = (await (await fetch(`${baseUrl}/api/v1/setup/status`)).json()) as { needsSetup: boolean };
  if (!status.needsSetup) return;
  assert.ok(setupUrl, 'the server printed no setup link');
  const token = new URL(setupUrl).searchParams.get('token');
  const res = await fetch(`${baseUrl}/api/v1/setup`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json', Origin: baseUrl },
    body: JSON.stringify({ token, email: ADMIN.email, displayName: ADMIN.name, password: ADMIN.password, locale: 'en' }),
  });
  assert.equal(res.status, 201, `setup failed: ${res.status} ${await res.text()}`);
}

/**
 * Moves the server's clock: it reads "now" from the file named by POND_CLOCK_FILE (run.mjs creates it).
 * null goes back to real time. Time is injected, never slept.
 */
export async function setServerNow(iso: string | null): Promise<void> {
  const file = process.env.POND_CLOCK_FILE;
  assert.ok(file, 'POND_CLOCK_FILE is not set: run the suite through e2e/run.mjs');
  await writeFile(file, iso ?? '');
}

/** Moves the server's clock and freezes the page's, so date pickers and the agenda agree on "today". */
export async function setNow(page: Page, iso: string): Promise<void> {
  await setServerNow(iso);
  await page.clock.setFixedTime(new Date(iso));
}

/** Opens a path; when the session has ended (the clock moved on), signs in again and lands back there. */
export async function openSignedIn(page: Page, pathname: string, email: string, password: string): Promise<void> {
  await page.goto(pathname);
  // Either the page (signed in) or the sign-in form (the session ended) shows up.
  await page.locator('[data-testid=user-menu], #email').first().waitFor();
  if (await page.locator('#email').isVisible()) {
    await login(page, email, password);
    await page.waitForURL((url) => url.pathname === pathname);
  }
  await page.getByTestId('user-menu').waitFor();
}

/** A signed-in API session for arranging data without the UI. */
export interface ApiSession {
  get<T>(path: string): Promise<T>;
  post<T>(path: string, body: unknown, expect?: number): Promise<T>;
  patch<T>(path: string, body: unknown, expect?: number): Promise<T>;
  put<T>(path: string, body: unknown, expect?: number): Promise<T>;
}

export async function apiSession(baseUrl: string, email: string, password: string): Promise<ApiSession> {
  const res = await fetch(`${baseUrl}/api/v1/auth/login`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json', Origin: baseUrl },
    body: JSON.stringify({ email, password }),
  });
  assert.equal(res.status, 200, `sign-in as ${email} failed: ${res.status} ${await res.text()}`);
  const cookie = (res.headers.get('set-cookie') ?? '').split(';')[0] ?? '';
  const call = async <T>(method: string, path: string, body: unknown, expect: number): Promise<T> => {
    const r = await fetch(`${baseUrl}${path}`, {
      method,
      headers: { Cookie: cookie, Origin: baseUrl, ...(body === undefined ? {} : { 'Content-Type': 'application/json' }) },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const text = await r.text();
    assert.equal(r.status, expect, `${method} ${path}: ${r.status} ${text}`);
    return (text ? JSON.parse(text) : undefined) as T;
  };
  return {
    get: (path) => call('GET', path, undefined, 200),
    post: (path, body, expect = 201) => call('POST', path, body, expect),
    patch: (path, body, expect = 200) => call('PATCH', path, body, expect),
    put: (path, body, expect = 200) => call('PUT', path, body, expect),
  };
}

/** Calendar arithmetic on 'YYYY-MM-DD'. */
export function addDays(date: string, days: number): string {
  return new Date(Date.parse(`${date}T00:00:00Z`) + days * 86_400_000).toISOString().slice(0, 10);
}

/** A salesperson a spec creates for itself. */
export interface NewSalesperson {
  email: string;
  name: string;
  password: string;
  locale: Lang;
  /** Default Asia/Taipei; null leaves it unset, for the browser to supply at the first sign-in. */
  timeZone?: string | null;
}

/**
 * Where a spec that arranges its data through the API starts: the real clock, the shared administrator, and the
 * spec's own salespeople. Returns the administrator's session and one signed-in session per salesperson, in order.
 */
export async function arrangeSalespeople(t: Pick<TestContext, 'baseUrl' | 'setupUrl'>, people: NewSalesperson[]): Promise<{ admin: ApiSession; sessions: ApiSession[] }> {
  await setServerNow(null);
  await ensureAdmin(t.baseUrl, t.setupUrl);
  const admin = await apiSession(t.baseUrl, ADMIN.email, ADMIN.password);
  for (const p of people) {
    const timeZone = p.timeZone === undefined ? 'Asia/Taipei' : p.timeZone;
    await admin.post('/api/v1/users', { email: p.email, displayName: p.name, role: 'salesperson', password: p.password, locale: p.locale, ...(timeZone === null ? {} : { timeZone }) });
  }
  const sessions = [];
  for (const p of people) sessions.push(await apiSession(t.baseUrl, p.email, p.password));
  return { admin, sessions };
}

/**
 * Until nothing slides or fades any more (antd's motion classes are gone): screenshots are for people to look at.
 * A button's loading spinner and the click ripple (ant-wave) are left out: their motions may never report an end,
 * though nothing shows.
 */
export async function still(page: Page): Promise<void> {
  const moving = page.locator(':is([class*="-enter-active"], [class*="-leave-active"], [class*="-appear-active"]):not(.ant-btn-loading-icon, .ant-wave)');
  const deadline = Date.now() + 5_000;
  while ((await moving.count()) > 0) {
    if (Date.now() > deadline) assert.fail(`an animation that never ends: ${await moving.first().getAttribute('class')}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}
