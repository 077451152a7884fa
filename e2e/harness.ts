/**
 * A small browser test runner: specs register tests in order; each test gets a fresh browser context
 * at its own viewport and browser language, and a failure leaves a screenshot behind.
 */
import { mkdir, readdir } from 'node:fs/promises';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';

export interface Viewport {
  name: 'phone' | 'desktop';
  width: number;
  height: number;
}

export const PHONE: Viewport = { name: 'phone', width: 375, height: 812 };
export const DESKTOP: Viewport = { name: 'desktop', width: 1280, height: 800 };

export interface TestOptions {
  viewport: Viewport;
  /** The browser's language, e.g. zh-TW or en-US. */
  locale?: string;
  timeZone?: string;
}

export interface TestContext {
  page: Page;
  context: BrowserContext;
  baseUrl: string;
  setupUrl: string | null;
  viewport: Viewport;
  /** Saves what the screen shows to .e2e-artifacts/<spec>-<test>-<viewport>-<label>.png (fullPage for the whole page). */
  shot(label: string, options?: { fullPage?: boolean }): Promise<void>;
  /** A second, independent browser (no shared cookies or storage), closed with the test. */
  newContext(options?: Partial<TestOptions>): Promise<{ context: BrowserContext; page: Page }>;
}

type TestFn = (t: TestContext) => Promise<void>;

interface TestDef {
  file: string;
  name: string;
  options: TestOptions;
  fn: TestFn;
}

const registry: TestDef[] = [];
let currentFile = '';

export function test(name: string, options: TestOptions, fn: TestFn): void {
  registry.push({ file: currentFile, name, options, fn });
}

export interface RunOptions {
  baseUrl: string;
  setupUrl: string | null;
  filter?: string;
  artifactsDir: string;
  executablePath: string;
  testTimeoutMs?: number;
}

const CHROMIUM_ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

function slug(text: string): string {
  return text
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-|-$/g, '')
    .slice(0, 80);
}

async function openContext(browser: Browser, baseUrl: string, options: TestOptions): Promise<{ context: BrowserContext; page: Page }> {
  const phone = options.viewport.name === 'phone';
  const context = await browser.newContext({
    baseURL: baseUrl,
    viewport: { width: options.viewport.width, height: options.viewport.height },
    deviceScaleFactor: 1,
    isMobile: phone,
    hasTouch: phone,
    locale: options.locale ?? 'en-US',
    timezoneId: options.timeZone ?? 'Asia/Taipei',
  });
  context.setDefaultTimeout(10_000);
  const page = await context.newPage();
  return { context, page };
}

export async function runSpecs(options: RunOptions): Promise<{ passed: number; failed: number; failures: string[] }> {
  const specsDir = path.join(path.dirname(new URL(import.meta.url).pathname), 'specs');
  // The foundation spec needs an install without users, so it runs before every spec that signs someone up.
  const first = (f: string) => (f.startsWith('foundation.') ? 0 : 1);
  const files = (await readdir(specsDir))
    .filter((f) => f.endsWith('.spec.ts') && (!options.filter || f.includes(options.filter)))
    .sort((a, b) => first(a) - first(b) || a.localeCompare(b));
  for (const file of files) {
    currentFile = file;
    await import(pathToFileURL(path.join(specsDir, file)).href);
  }
  await mkdir(options.artifactsDir, { recursive: true });

  const browser = await chromium.launch({ executablePath: options.executablePath, args: CHROMIUM_ARGS, headless: true });
  let passed = 0;
  const failures: string[] = [];
  try {
    for (const def of registry) {
      const started = Date.now();
      const opened: BrowserContext[] = [];
      const pageErrors: string[] = [];
      const { context, page } = await openContext(browser, options.baseUrl, def.options);
      opened.push(context);
      page.on('pageerror', (err) => pageErrors.push(err.message));
      const title = `${def.name} [${def.options.viewport.name}]`;
      const prefix = `${slug(def.file.replace(/\.spec\.ts$/, ''))}-${slug(def.name).slice(0, 60)}-${def.options.viewport.name}`;
      const ctx: TestContext = {
        page,
        context,
        baseUrl: options.baseUrl,
        setupUrl: options.setupUrl,
        viewport: def.options.viewport,
        shot: async (label, shotOptions) => {
          await page.screenshot({ path: path.join(options.artifactsDir, `${prefix}-${slug(label)}.png`), fullPage: shotOptions?.fullPage ?? false });
        },
        newContext: async (extra = {}) => {
          const second = await openContext(browser, options.baseUrl, { ...def.options, ...extra });
          opened.push(second.context);
          second.page.on('pageerror', (err) => pageErrors.push(err.message));
          return second;
        },
      };
      try {
        let timer: NodeJS.Timeout | undefined;
        const timeout = new Promise<never>((_, reject) => {
          timer = setTimeout(() => reject(new Error(`timed out after ${options.testTimeoutMs ?? 90_000} ms`)), options.testTimeoutMs ?? 90_000);
        });
        await Promise.race([def.fn(ctx), timeout]).finally(() => clearTimeout(timer));
        if (pageErrors.length) throw new Error(`uncaught errors in the page:\n  ${pageErrors.join('\n  ')}`);
        passed += 1;
        console.log(`  ✓ ${def.file} › ${title} (${Date.now() - started} ms)`);
      } catch (err) {
        const message = err instanceof Error ? (err.stack ?? err.message) : String(err);
        failures.push(`${def.file} › ${title}\n    ${message.split('\n').join('\n    ')}`);
        console.log(`  ✗ ${def.file} › ${title} (${Date.now() - started} ms)\n    ${message.split('\n').slice(0, 6).join('\n    ')}`);
        await page.screenshot({ path: path.join(options.artifactsDir, `FAILED-${prefix}.png`), fullPage: true }).catch(() => undefined);
      } finally {
        for (const c of opened) await c.close().catch(() => undefined);
      }
    }
  } finally {
    await browser.close();
  }
  return { passed, failed: failures.length, failures };
}
