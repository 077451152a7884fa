/**
 * A call that does not get through is an attempt, not a touch: "No answer" takes a note and the day to try again,
 * and the history says it in words. A call that does get through asks, every time, whether a sale was made and the
 * relationship kept (nothing is chosen for the salesperson), and wants what was said or the prospect's own words.
 */
import assert from 'node:assert/strict';
import { DESKTOP, PHONE, test } from '../harness.js';
import { type ApiSession, addDays, arrangeSalespeople, assertNoHorizontalScroll, loginAndWait, still } from '../helpers.js';

const LAN = { email: 'lan.attempts@pond.test', name: '藍心怡', password: 'nobody picked up today 17' };
const ROSE = { email: 'rose.attempts@pond.test', name: 'Rose Attempt', password: 'a reached call at last 29' };

interface ProspectJson {
  prospect: { id: number; nextDueOn: string | null; touchCount: number };
}

const taipeiToday = () => new Intl.DateTimeFormat('en-CA', { timeZone: 'Asia/Taipei', year: 'numeric', month: '2-digit', day: '2-digit' }).format(new Date());

test('a "no answer" from Today is on the timeline in words, and the prospect is due tomorrow', { viewport: PHONE, locale: 'zh-TW' }, async (t) => {
  const { page, shot } = t;
  const [lan] = (await arrangeSalespeople(t, [{ ...LAN, locale: 'zh-Hant' }])).sessions as [ApiSession];
  const { prospect } = await lan.post<ProspectJson>('/api/v1/prospects', { name: '未接客戶', phones: ['+886 912 345 901'], grade: 'B', source: 'event' });
  const tomorrow = addDays(taipeiToday(), 1);

  await page.goto('/login');
  await loginAndWait(page, LAN.email, LAN.password);
  const row = page.getByTestId(`agenda-row-${prospect.id}`);
  await row.getByTestId('agenda-log').click();
  const reached = page.getByTestId('touch-reached');
  await reached.waitFor();
  assert.equal(await page.getByTestId('touch-form').count(), 0, 'nothing is asked before "Reached?" is answered');
  await reached.locator('.ant-segmented-item').filter({ hasText: '無人接聽' }).click();
  const form = page.getByTestId('attempt-form');
  await form.waitFor();
  assert.equal(await form.locator('.ant-picker input').inputValue(), tomorrow, 'try again tomorrow by default');
  await page.getByTestId('attempt-note').fill('響了十聲，晚上再打');
  await assertNoHorizontalScroll(page);
  await still(page);
  await shot('1-no-answer');
  await page.getByTestId('touch-save').click();
  await page.getByTestId('touch-drawer').waitFor({ state: 'hidden' });

  const after = await lan.get<ProspectJson>(`/api/v1/prospects/${prospect.id}`);
  assert.equal(after.prospect.nextDueOn, tomorrow, 'due again tomorrow');
  assert.equal(after.prospect.touchCount, 0, 'an attempt is not a touch');

  await page.goto(`/prospects/${prospect.id}`);
  const attempt = page.getByTestId('timeline-attempt').first();
  await attempt.waitFor();
  const [, month, day] = tomorrow.split('-').map(Number);
  const words = (await attempt.textContent()) ?? '';
  assert.ok(words.includes(`電話：無人接聽，${month}月${day}日再試`), words);
  assert.ok(words.includes('響了十聲，晚上再打'), 'the note is under it');
  assert.equal(await page.getByTestId('next-due').getAttribute('data-date'), tomorrow);
  await assertNoHorizontalScroll(page);
  await attempt.scrollIntoViewIfNeeded();
  await still(page);
  await shot('2-timeline');
});

test('a reached touch asks for sale and relationship explicitly; notes show on the prospect page', { viewport: DESKTOP, locale: 'en-US' }, async (t) => {
  const { page, shot } = t;
  const [rose] = (await arrangeSalespeople(t, [{ ...ROSE, locale: 'en' }])).sessions as [ApiSession];
  const notes = 'Prefers calls after 6 pm.\nHas two kids; needs a seven-seater.';
  const { prospect } = await rose.post<ProspectJson>('/api/v1/prospects', { name: 'Henry Reached', phones: ['+886 912 345 902'], grade: 'A', source: 'walk_in', notes });

  await page.goto('/login');
  await loginAndWait(page, ROSE.email, ROSE.password);
  await page.goto(`/prospects/${prospect.id}`);
  const shown = page.getByTestId('detail-notes');
  await shown.waitFor();
  assert.equal(await shown.innerText(), notes, 'the notes keep their line breaks');

  await page.getByTestId('detail-log').click();
  await page.getByTestId('touch-reached').locator('.ant-segmented-item').filter({ hasText: 'Reached' }).click();
  const form = page.getByTestId('touch-form');
  await form.waitFor();
  assert.equal(await form.locator('.ant-radio-button-wrapper-checked').count(), 0, 'no answer is chosen for the salesperson');
  await page.getByTestId('touch-save').click();
  await form.locator('.ant-form-item-explain-error').filter({ hasText: 'Choose one.' }).nth(1).waitFor();
  await form.locator('.ant-form-item-explain-error').filter({ hasText: 'Write what was said or their own words.' }).waitFor();
  await still(page);
  await shot('3-reached-errors');

  await page.getByTestId('touch-feedback').fill('Likes the boot space.');
  await page.getByTestId('touch-sale').locator('.ant-radio-button-wrapper').filter({ hasText: 'No' }).click();
  await page.getByTestId('touch-kept').locator('.ant-radio-button-wrapper').filter({ hasText: 'Yes' }).click();
  await page.getByTestId('touch-save').click();
  await form.waitFor({ state: 'detached' });
  const after = await rose.get<ProspectJson>(`/api/v1/prospects/${prospect.id}`);
  assert.equal(after.prospect.touchCount, 1);
  await page.getByTestId('timeline-touch').first().waitFor();
  await still(page);
  await shot('4-prospect-page', { fullPage: true });
});
