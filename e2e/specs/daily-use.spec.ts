/**
 * A heavy book on a phone and the forms a salesperson fills between visits: Today's chips, folding and paging;
 * the list opened from a section keeps its log button; the board counts every prospect, not the loaded ones;
 * a refused save marks the field at fault in the user's language; a WeChat ID alone is enough for a card.
 */
import assert from 'node:assert/strict';
import { DESKTOP, PHONE, test } from '../harness.js';
import { ADMIN, type ApiSession, apiSession, arrangeSalespeople, assertNoHorizontalScroll, loginAndWait, still } from '../helpers.js';

const HE = { email: 'he.heavy@pond.test', name: '何家豪', password: 'forty five cards from the fair 58' };
const JIN = { email: 'jin.forms@pond.test', name: 'Jin Forms', password: 'every field says what is wrong 44' };
const CARDS = 45;

test('a heavy Today: exact counts in chips, sections that fold and remember it, twenty more at a time', { viewport: PHONE, locale: 'zh-TW' }, async (t) => {
  const { page, shot } = t;
  const [he] = (await arrangeSalespeople(t, [{ ...HE, locale: 'zh-Hant' }])).sessions as [ApiSession];
  for (let i = 0; i < CARDS; i++) {
    await he.post('/api/v1/prospects', { name: `展會名片${String(i + 1).padStart(2, '0')}`, phones: [`+886 912 346 ${String(100 + i)}`], grade: 'unrated', source: 'event' });
  }

  await page.goto('/login');
  await loginAndWait(page, HE.email, HE.password);
  const chip = page.getByTestId('agenda-chip-no_next_date');
  await chip.waitFor();
  assert.match((await chip.textContent()) ?? '', new RegExp(`${CARDS}`), 'the chip has the exact count');
  const section = page.getByTestId('agenda-no_next_date');
  assert.equal(await section.getByTestId('agenda-count').textContent(), String(CARDS), 'no "99+": the exact number');
  assert.equal(await section.locator('.pond-agenda-row').count(), 20);
  await assertNoHorizontalScroll(page);
  await still(page);
  await shot('1-chips');

  // Twenty more in place, then the last five; each row keeps its log button.
  await section.getByTestId('agenda-page').click();
  await section.locator('.pond-agenda-row').nth(39).waitFor();
  await section.getByTestId('agenda-page').click();
  await section.locator('.pond-agenda-row').nth(CARDS - 1).waitFor();
  assert.equal(await section.locator('.pond-agenda-row').count(), CARDS);
  assert.equal(await section.getByTestId('agenda-page').count(), 0, 'nothing left to page');
  assert.equal(await section.getByTestId('agenda-log').count(), CARDS);
  const names = await section.locator('.pond-agenda-row a[href^="/prospects/"]').allTextContents();
  assert.equal(new Set(names).size, CARDS, 'every card once');

  // Folded away, and still folded after a reload; the chip opens it again.
  await section.getByTestId('agenda-fold').click();
  assert.equal(await section.locator('.pond-agenda-row').count(), 0);
  assert.equal(await section.getByTestId('agenda-fold').getAttribute('aria-expanded'), 'false');
  await page.reload();
  await page.getByTestId('agenda-no_next_date').waitFor();
  assert.equal(await page.getByTestId('agenda-no_next_date').locator('.pond-agenda-row').count(), 0, 'the fold is remembered');
  await still(page);
  await shot('2-folded');
  await page.getByTestId('agenda-chip-no_next_date').click();
  await page.getByTestId('agenda-no_next_date').locator('.pond-agenda-row').first().waitFor();

  // The whole section in the list: every row still logs a touch from where it is.
  await page.getByTestId('agenda-no_next_date').getByTestId('agenda-more').click();
  await page.waitForURL(/\/prospects\?/);
  const rowLog = page.getByTestId('prospect-table').getByTestId('row-log').first();
  await rowLog.waitFor();
  await rowLog.click();
  await page.getByTestId('touch-reached').waitFor();
  await still(page);
  await shot('3-list-log');
});

test('the board counts every prospect under the filters and loads a column as it scrolls', { viewport: DESKTOP, locale: 'zh-TW' }, async (t) => {
  const { page, shot } = t;
  await page.goto('/login');
  await loginAndWait(page, HE.email, HE.password);
  await page.goto('/prospects');
  await page.getByTestId('prospect-view').locator('.ant-segmented-item').nth(1).click();
  const column = page.getByTestId('kanban-unrated');
  await column.locator('.pond-kanban-card').first().waitFor();
  await column.getByTestId('kanban-count').waitFor();
  assert.equal(await column.getByTestId('kanban-count').textContent(), String(CARDS), 'the true total, not the loaded cards');
  assert.equal(await column.locator('.pond-kanban-card').count(), 30, 'one page of cards');
  await column.getByTestId('kanban-more').scrollIntoViewIfNeeded();
  await column.locator('.pond-kanban-card').nth(CARDS - 1).waitFor();
  assert.equal(await column.locator('.pond-kanban-card').count(), CARDS);
  assert.equal(await page.getByTestId('kanban-A').getByTestId('kanban-count').textContent(), '0');
  await page.getByTestId('prospect-view').scrollIntoViewIfNeeded();
  await still(page);
  await shot('4-board');
});

test('a refused save marks its field in the user’s language; the quick form takes a WeChat ID and a source in one tap', { viewport: DESKTOP, locale: 'en-US' }, async (t) => {
  const { page, shot } = t;
  const [jin] = (await arrangeSalespeople(t, [{ ...JIN, locale: 'en' }])).sessions as [ApiSession];
  // Typed in mainland China's numbering, a Taiwanese mobile without its country code does not exist.
  await jin.patch('/api/v1/auth/me', { phoneRegion: 'CN' });

  await page.goto('/login');
  await loginAndWait(page, JIN.email, JIN.password);
  await page.goto('/prospects');
  await page.getByTestId('prospect-create-full').click();
  const form = page.getByTestId('prospect-form');
  await form.waitFor();
  await page.getByTestId('form-name').fill('陳大文'.repeat(100));
  await page.getByTestId('prospect-form-save').click();
  const nameItem = form.locator('.ant-form-item').filter({ has: page.getByTestId('form-name') });
  await nameItem.locator('.ant-form-item-explain-error').waitFor();
  const limitText = (await nameItem.locator('.ant-form-item-explain-error').textContent()) ?? '';
  assert.match(limitText, /At most 200 characters \(300 now\)/, `the limit is said, not cut silently: ${limitText}`);
  assert.equal((await page.getByTestId('form-name').inputValue()).length, 300, 'nothing was cut');

  await page.getByTestId('form-name').fill('陳大文');
  await page.getByTestId('form-phones').locator('input').fill('0912 345 678');
  await page.getByTestId('form-phones').locator('input').press('Enter');
  await page.getByTestId('prospect-form-save').click();
  await page.getByTestId('form-error').waitFor();
  const phoneItem = form.locator('.ant-form-item').filter({ has: page.getByTestId('form-phones') });
  await phoneItem.locator('.ant-form-item-explain-error').waitFor();
  const said = (await phoneItem.locator('.ant-form-item-explain-error').textContent()) ?? '';
  assert.match(said, /phone region/, `the phone field says why: ${said}`);
  assert.match((await page.getByTestId('form-error').textContent()) ?? '', /marked below/);
  await still(page);
  await shot('5-field-error');

  // Corrected with its country code, the mark goes and the save goes through.
  await phoneItem.locator('.ant-select-selection-item-remove').click();
  // A changed field loses its old complaint.
  await phoneItem.locator('.ant-form-item-explain-error').waitFor({ state: 'detached', timeout: 5000 });
  await page.getByTestId('form-phones').locator('input').fill('+886 912 345 678');
  await page.getByTestId('form-phones').locator('input').press('Enter');
  await page.getByTestId('prospect-form-save').click();
  await page.waitForURL(/\/prospects\/\d+$/);

  // A card with only a WeChat ID, from a referral, unrated without a tap.
  await page.goto('/prospects');
  await page.getByTestId('prospect-quick').click();
  await page.getByTestId('quick-name').fill('Lin Weixin');
  await page.getByTestId('quick-contact').fill('lin_weixin88');
  await page.getByTestId('quick-source').getByText('Referral').click();
  await still(page);
  await shot('6-quick-wechat');
  await page.getByTestId('quick-save').click();
  await page.waitForURL(/\/prospects\/\d+$/);
  const id = Number(new URL(page.url()).pathname.split('/').pop());
  const { prospect } = await jin.get<{ prospect: { wechatId: string; phones: string[]; source: string; grade: string } }>(`/api/v1/prospects/${id}`);
  assert.deepEqual([prospect.wechatId, prospect.phones, prospect.source, prospect.grade], ['lin_weixin88', [], 'referral', 'unrated']);
});

test('the signature under cover notes is set on the account page; a bad number is marked on its field', { viewport: PHONE, locale: 'zh-TW' }, async (t) => {
  const { page, shot } = t;
  const jin = await apiSession(t.baseUrl, JIN.email, JIN.password);
  await jin.patch('/api/v1/auth/me', { locale: 'zh-Hant', phoneRegion: 'TW' });
  await page.goto('/login');
  await loginAndWait(page, JIN.email, JIN.password);
  await page.goto('/account');
  await page.getByTestId('account-title').fill('資深業務顧問');
  await page.getByTestId('account-phone').fill('12');
  await page.getByTestId('profile-save').click();
  const phoneItem = page.locator('.ant-form-item').filter({ has: page.getByTestId('account-phone') });
  await phoneItem.locator('.ant-form-item-explain-error').waitFor();
  assert.match((await phoneItem.locator('.ant-form-item-explain-error').textContent()) ?? '', /電話號碼太短/);
  await assertNoHorizontalScroll(page);
  await phoneItem.scrollIntoViewIfNeeded();
  await still(page);
  await shot('7-account-phone-error');
  await page.getByTestId('account-phone').fill('0912 345 679');
  await page.getByTestId('profile-save').click();
  await phoneItem.locator('.ant-form-item-explain-error').waitFor({ state: 'detached' });
  const me = await jin.get<{ user: { title: string | null; phone: string | null } }>('/api/v1/auth/me');
  assert.deepEqual([me.user.title, me.user.phone], ['資深業務顧問', '+886912345679']);
});

test('the admin sets the newsletter rules on the settings page', { viewport: DESKTOP, locale: 'zh-TW' }, async (t) => {
  const { page, shot } = t;
  const { admin } = await arrangeSalespeople(t, []);
  const before = await admin.get<{ policy: { maxPerYear: number }; version: number }>('/api/v1/settings/newsletters');
  await page.goto('/login');
  await loginAndWait(page, ADMIN.email, ADMIN.password);
  await page.goto('/settings');
  const card = page.getByTestId('newsletter-policy');
  await card.waitFor();
  const max = page.getByTestId('newsletter-policy-max');
  await max.fill('4');
  await page.getByTestId('newsletter-policy-save').click();
  await page.locator('.ant-message-success').waitFor();
  const after = await admin.get<{ policy: { maxPerYear: number }; version: number }>('/api/v1/settings/newsletters');
  assert.equal(after.policy.maxPerYear, 4);
  await card.scrollIntoViewIfNeeded();
  await still(page);
  await shot('8-newsletter-rules');
  // Other specs send issues under the default caps.
  await admin.put('/api/v1/settings/newsletters', { version: after.version, policy: { ...after.policy, maxPerYear: before.policy.maxPerYear } });
});
