/// <reference lib="dom" />
/**
 * Newsletters (通訊): on a phone, a salesperson writes an issue for two of her prospects, builds the list, writes one
 * reader a note of her own and submits it; her manager approves it from "Awaiting review"; she sends it to a real SMTP
 * server started here, the progress reaches 100 %, each reader has exactly one copy, and a reader unsubscribes through
 * the link in the mail (a GET shows a button, the POST unsubscribes). The list and the issue are looked at on a desktop.
 */
import assert from 'node:assert/strict';
import PostalMime from 'postal-mime';
import type { Page } from 'playwright-core';
import { solidPng } from '../../packages/server/src/testing/images.js';
import { Inbox } from '../../packages/server/src/testing/smtp-inbox.js';
import { DESKTOP, PHONE, test } from '../harness.js';
import { ADMIN, apiSession, assertNoHorizontalScroll, ensureAdmin, loginAndWait, setServerNow, still, waitForText } from '../helpers.js';

const MANAGER = { email: 'boss.news@pond.test', name: '王經理', password: 'a note on top of every copy 81' };
const AUTHOR = { email: 'wei.news@pond.test', name: '林小薇', password: 'three to six issues a year 82' };
const TEAM = 'Newsletter Desk';

async function put(baseUrl: string, path: string, body: unknown): Promise<void> {
  const login = await fetch(`${baseUrl}/api/v1/auth/login`, { method: 'POST', headers: { 'Content-Type': 'application/json', Origin: baseUrl }, body: JSON.stringify({ email: ADMIN.email, password: ADMIN.password }) });
  const cookie = (login.headers.get('set-cookie') ?? '').split(';')[0] ?? '';
  const res = await fetch(`${baseUrl}${path}`, { method: 'PUT', headers: { Cookie: cookie, Origin: baseUrl, 'Content-Type': 'application/json' }, body: JSON.stringify(body) });
  assert.equal(res.status, 200, `PUT ${path}: ${res.status} ${await res.text()}`);
}

async function signIn(page: Page, who: { email: string; password: string }, path: string): Promise<void> {
  await page.context().clearCookies();
  await page.goto('/login');
  await loginAndWait(page, who.email, who.password);
  await page.goto(path);
}

test('an issue is written, approved by the manager, sent over SMTP to each reader once, and a reader unsubscribes', { viewport: PHONE }, async (t) => {
  const { page, baseUrl } = t;
  await setServerNow(null);
  await ensureAdmin(baseUrl, t.setupUrl);
  const inbox = new Inbox('pond-news', 'a sink for the pond 83', { authOptional: true });
  await inbox.start();
  try {
    const admin = await apiSession(baseUrl, ADMIN.email, ADMIN.password);
    const mail = await admin.get<{ version: number }>('/api/v1/settings/mail');
    // The e2e server keeps no secrets (no POND_SECRET_KEY): the sink takes mail without a password.
    await put(baseUrl, '/api/v1/settings/mail', { version: mail.version, host: '127.0.0.1', port: inbox.port, security: 'none', fromAddress: 'news@pond.test', fromName: 'Pond' });
    const users = await admin.get<{ items: { id: number; email: string }[] }>('/api/v1/users');
    let managerId = users.items.find((u) => u.email === MANAGER.email)?.id;
    if (!managerId) managerId = (await admin.post<{ user: { id: number } }>('/api/v1/users', { email: MANAGER.email, displayName: MANAGER.name, role: 'manager', password: MANAGER.password, locale: 'zh-Hant' })).user.id;
    const teams = await admin.get<{ items: { id: number; name: string }[] }>('/api/v1/teams');
    const teamId = teams.items.find((x) => x.name === TEAM)?.id ?? (await admin.post<{ team: { id: number } }>('/api/v1/teams', { name: TEAM, managerId })).team.id;
    if (!users.items.some((u) => u.email === AUTHOR.email)) await admin.post('/api/v1/users', { email: AUTHOR.email, displayName: AUTHOR.name, role: 'salesperson', password: AUTHOR.password, locale: 'zh-Hant', teamId });
    const author = await apiSession(baseUrl, AUTHOR.email, AUTHOR.password);
    const tag = `nl${Date.now()}`;
    const readers = [] as { id: number; email: string }[];
    for (const [i, name] of ['張美華', '吳建國'].entries()) {
      const email = `${tag}.${i}@example.test`;
      const made = await author.post<{ prospect: { id: number } }>('/api/v1/prospects', { name, emails: [email], grade: 'A', tags: [tag], newsletterConsent: 'subscribed' });
      readers.push({ id: made.prospect.id, email });
    }

    // The author writes the issue on her phone.
    await signIn(page, AUTHOR, '/newsletters');
    await page.getByTestId('module-newsletters').waitFor();
    await page.getByTestId('newsletters-new').click();
    await page.getByTestId('issue-subject').fill('年底購車指南：三款休旅車比一比');
    await page.getByTestId('issue-body').fill('## 一張表看懂\n\n| | 七人座 | 油電 |\n|---|---|---|\n| 油耗 | 8.9 L | 5.1 L |\n\n**年底前下訂**，牌照稅省一期。');
    await page.getByTestId('issue-audience').fill(`tag=${tag}`);
    await page.getByTestId('issue-save').click();
    await page.waitForURL(/\/newsletters\/\d+$/);
    const issueId = Number(new URL(page.url()).pathname.split('/').pop());
    // She adds a chart picture from her phone: uploaded at once, its Markdown put into the body, kept on save.
    await page.getByTestId('issue-image-file').setInputFiles({ name: 'range-chart.png', mimeType: 'image/png', buffer: solidPng(600, 240, [15, 94, 168]) });
    await page.getByTestId('issue-image').first().waitFor();
    const body = await page.getByTestId('issue-body').inputValue();
    const picture = /!\[range chart\]\((http[^)]+\.png)\)/.exec(body)?.[1];
    assert.ok(picture, `the body holds the picture: ${body}`);
    await t.shot('0-picture-added-phone');
    await page.getByTestId('issue-save').click();
    await page.waitForFunction((id) => fetch(`/api/v1/newsletters/${id}`).then((r) => r.json()).then((i: { bodyMarkdown: string }) => i.bodyMarkdown.includes('range chart')), issueId);
    const served = await fetch(picture);
    assert.equal(served.status, 200);
    assert.equal(served.headers.get('content-type'), 'image/png');
    await page.getByTestId('issue-build').click();
    await waitForText(page.getByTestId('issue-copies'), '張美華');
    await assertNoHorizontalScroll(page);
    await t.shot('1-list-built-phone');
    const first = page.locator('[data-testid^="copy-note-"]').first();
    await first.click();
    await page.getByTestId('note-text').fill('張小姐您好，上次您問到七人座的油耗，這期剛好有比較表。');
    await page.getByTestId('note-save').click();
    await waitForText(page.getByTestId('issue-copies'), '親筆短箋');
    await page.locator('[data-testid^="copy-preview-"]').first().click();
    await page.getByTestId('copy-preview').waitFor();
    await still(page);
    await t.shot('2-preview-phone');
    await page.keyboard.press('Escape');
    await page.getByTestId('issue-submit').click();
    await page.locator('[data-testid=issue-state][data-state=submitted]').first().waitFor();

    // The manager approves it from "Awaiting review".
    await signIn(page, MANAGER, '/newsletters');
    await page.getByTestId('newsletters-tabs').getByText('待審核').click();
    await page.getByTestId(`issue-card-${issueId}`).click();
    await page.getByTestId('issue-approve').click();
    await page.getByTestId('review-comment').fill('比較表清楚，可以發。');
    await page.locator('.ant-modal-footer .ant-btn-primary').click();
    await page.locator('[data-testid=issue-state][data-state=approved]').first().waitFor();

    // She sends it; the worker sends every copy, and the progress reaches 100 %.
    await signIn(page, AUTHOR, `/newsletters/${issueId}`);
    await page.getByTestId('issue-send').click();
    await page.locator('.ant-popconfirm').getByRole('button').last().click();
    await page.locator('[data-testid=issue-progress-bar][data-percent="100"]').waitFor({ timeout: 60_000 });
    await page.locator('[data-testid=issue-state][data-state=sent]').first().waitFor({ timeout: 30_000 });
    await assertNoHorizontalScroll(page);
    await t.shot('3-sent-phone');
    for (const r of readers) assert.equal(inbox.received.filter((m) => m.to.includes(r.email)).length, 1, `one copy for ${r.email}`);
    const html = (await PostalMime.parse(inbox.received.find((m) => m.to.includes(readers[1]!.email))!.data)).html ?? '';
    assert.ok(html.includes(`src="${picture}"`), 'the copy shows the uploaded picture');

    // A reader unsubscribes through the link in the mail: the page shows a button, the POST unsubscribes.
    const raw = inbox.received.find((m) => m.to.includes(readers[0]!.email))!.data;
    const parsed = await PostalMime.parse(raw);
    const link = parsed.headers.find((h) => h.key === 'list-unsubscribe')!.value.replace(/^<|>$/g, '');
    await page.context().clearCookies();
    await page.goto(link);
    const before = await admin.get<{ prospect: { newsletterConsent: string } }>(`/api/v1/prospects/${readers[0]!.id}`);
    assert.equal(before.prospect.newsletterConsent, 'subscribed', 'opening the link changes nothing');
    await page.getByRole('button').click();
    await page.locator('[role=status]').waitFor();
    const after = await admin.get<{ prospect: { newsletterConsent: string } }>(`/api/v1/prospects/${readers[0]!.id}`);
    assert.equal(after.prospect.newsletterConsent, 'unsubscribed');
    await t.shot('4-unsubscribed-phone');

    // The list and the issue on a desktop.
    await page.setViewportSize(DESKTOP);
    await signIn(page, AUTHOR, '/newsletters');
    await page.getByTestId(`issue-link-${issueId}`).waitFor();
    await t.shot('5-list-desktop');
    await page.goto(`/newsletters/${issueId}`);
    await page.getByTestId('issue-progress').waitFor();
    await still(page);
    await t.shot('6-issue-desktop');
    // The body as the mail shows it, the picture loaded from Pond.
    await page.getByTestId('issue-form-card').getByRole('tab').nth(1).click();
    const shown = page.frameLocator('[data-testid=issue-form-card] iframe').locator('img');
    await shown.waitFor();
    // The frame is sandboxed (an origin of its own): the picture is asked from inside it until it has loaded.
    for (let i = 0; i < 50 && !(await shown.evaluate((img: HTMLImageElement) => img.complete && img.naturalWidth > 0)); i++) await page.waitForTimeout(200);
    assert.equal(await shown.evaluate((img: HTMLImageElement) => img.naturalWidth), 600, 'the picture loads in the preview');
    await t.shot('7-body-preview-desktop');
  } finally {
    await inbox.stop();
  }
});

test('an approved issue is scheduled from the web for tomorrow morning, waits, and can still be cancelled', { viewport: DESKTOP }, async (t) => {
  const { page, baseUrl } = t;
  await setServerNow(null);
  await ensureAdmin(baseUrl, t.setupUrl);
  // The team and its two people are the first test's.
  const author = await apiSession(baseUrl, AUTHOR.email, AUTHOR.password);
  const manager = await apiSession(baseUrl, MANAGER.email, MANAGER.password);
  const tag = `later${Date.now()}`;
  await author.post('/api/v1/prospects', { name: '鄭美玲', emails: [`${tag}@example.test`], grade: 'A', tags: [tag], newsletterConsent: 'subscribed' });
  let issue = await author.post<{ id: number; version: number }>('/api/v1/newsletters', { subject: '春季保養提醒', bodyMarkdown: '換季前檢查胎壓與冷氣。', audience: `tag=${tag}` });
  issue = await author.post('/api/v1/newsletters/' + issue.id + '/audience', { version: issue.version }, 200);
  issue = await author.post('/api/v1/newsletters/' + issue.id + '/submit', { version: issue.version }, 200);
  await manager.post('/api/v1/newsletters/' + issue.id + '/review', { version: issue.version, decision: 'approve' }, 200);

  const tomorrow = new Intl.DateTimeFormat('en-CA', { timeZone: 'Asia/Taipei', year: 'numeric', month: '2-digit', day: '2-digit' }).format(new Date(Date.now() + 86_400_000));
  await signIn(page, AUTHOR, `/newsletters/${issue.id}`);
  await page.getByTestId('issue-schedule').click();
  const input = page.locator('.ant-modal .ant-picker input');
  await input.click();
  await input.fill(`${tomorrow} 10:00`);
  await input.press('Enter');
  await page.getByTestId('schedule-ok').click();
  await page.getByTestId('issue-scheduled').waitFor();
  const [, month, day] = tomorrow.split('-').map(Number);
  assert.match((await page.getByTestId('issue-scheduled').textContent()) ?? '', new RegExp(`${month}月${day}日`));
  const sent = await author.get<{ state: string; sendAt: string; counts: { accepted: number } }>(`/api/v1/newsletters/${issue.id}`);
  assert.equal(sent.state, 'sending');
  assert.equal(sent.sendAt, new Date(`${tomorrow}T10:00:00+08:00`).toISOString(), 'the chosen time in the browser’s zone');
  assert.equal(sent.counts.accepted, 0, 'nothing goes out before then');
  await still(page);
  await t.shot('7-scheduled-desktop');
  await page.getByTestId('issue-actions').getByRole('button', { name: '取消發送' }).click();
  await page.locator('.ant-popconfirm').getByRole('button').last().click();
  await page.locator('[data-testid=issue-state][data-state=cancelled]').first().waitFor();
});
