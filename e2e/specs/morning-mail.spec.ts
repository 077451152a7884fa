/**
 * The morning agenda mail as a mail client shows it: the HTML Pond sends, opened in Chromium, in each language, on a
 * phone and on a desktop. Nothing may run off the side; the rows, their reasons and the way out must be there.
 */
import assert from 'node:assert/strict';
import { renderDigest, type DigestInput, type Locale } from '@pond/domain';
import { DESKTOP, PHONE, test } from '../harness.js';
import { assertNoHorizontalScroll } from '../helpers.js';

const BASE = 'https://pond.example.com';

function sample(locale: Locale): DigestInput {
  const row = (id: number, name: string, company: string | null, daysOverdue: number, nextDueOn: string, daysSinceLastTouch: number | null, said: string | null) => ({
    name,
    company,
    daysOverdue,
    nextDueOn,
    daysSinceLastTouch,
    said,
    openUrl: `${BASE}/prospects/${id}`,
    touchUrl: `${BASE}/prospects/${id}?touch=1`,
  });
  return {
    locale,
    displayName: '林小薇',
    today: '2026-12-03',
    overdue: {
      count: 14,
      rows: [
        row(11, '王大明', '大明汽車材料行', 6, '2026-11-27', 46, '在比較三款轎車，後車廂大的那款最吸引他'),
        row(12, '張美玲', null, 2, '2026-12-01', 22, null),
      ],
    },
    dueToday: { count: 2, rows: [row(21, '陳志明', '志明室內設計', 0, '2026-12-03', 20, '下個月公司要換兩台商務車')] },
    leaving: { count: 1, rows: [{ name: '李國華', company: '國華貿易', recallOn: '2026-12-06', daysLeft: 3, openUrl: `${BASE}/prospects/31` }] },
    team: null,
    links: { today: `${BASE}/`, account: `${BASE}/account`, unsubscribe: `${BASE}/api/v1/reminders/unsubscribe?t=1.x` },
  };
}

for (const viewport of [PHONE, DESKTOP]) {
  for (const locale of ['zh-Hant', 'zh-Hans', 'en'] as const) {
    test(`the morning mail reads well (${locale})`, { viewport }, async (t) => {
      const mail = renderDigest(sample(locale));
      await t.page.setContent(mail.html);
      const text = (await t.page.textContent('body')) ?? '';
      for (const name of ['王大明', '陳志明', '李國華']) assert.ok(text.includes(name), `${name} is in the mail`);
      assert.ok(await t.page.locator(`a[href="${BASE}/prospects/11?touch=1"]`).count(), 'a row links to its touch drawer');
      assert.ok(await t.page.locator(`a[href^="${BASE}/api/v1/reminders/unsubscribe"]`).count(), 'the way out is there');
      await assertNoHorizontalScroll(t.page);
      await t.shot(`mail-${locale}`, { fullPage: true });
    });
  }
}
