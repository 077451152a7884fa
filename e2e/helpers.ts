import assert from 'node:assert/strict';
import type { Locator, Page } from 'playwright-core';
import type { Viewport } from './harness.js';

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
