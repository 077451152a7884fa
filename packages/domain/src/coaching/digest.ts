import type { Locale } from '../i18n/locale.js';
import { isoWeekday, type CalendarDate } from '../prospects/dates.js';
import { escapeHtml, type RenderedMail } from '../reminders/digest.js';
import { describeReason } from './rules.js';
import type { CoachRowView } from './views.js';

/**
 * The manager's weekly coaching mail: last week's table for their teams, the flags in words, a link to the page.
 * It goes on Mondays from the manager's morning hour, in their calendar and language.
 */
export interface CoachingDigestInput {
  locale: Locale;
  managerName: string;
  period: { from: CalendarDate; to: CalendarDate };
  rows: readonly CoachRowView[];
  links: { coaching: string; account: string };
}

/** The Monday whose mail is due at this local day and hour, or null (not Monday, or before the manager's hour). */
export function coachingDigestDue(localDay: CalendarDate, localHour: number, digestHour: number): CalendarDate | null {
  return isoWeekday(localDay) === 1 && localHour >= digestHour ? localDay : null;
}

const WORDS = {
  en: {
    subject: (flagged: number, from: string, to: string) => `Coaching, ${from} – ${to}${flagged ? `: ${flagged} fishing once` : ''}`,
    hello: (n: string) => `Good morning, ${n}.`,
    intro: 'Last week in your team: first contacts against revisits, follow-ups kept on time, and who only fishes once.',
    head: ['Salesperson', 'First contacts', 'Revisits', 'Revisit rate', 'On time', 'Overdue now'],
    flagged: 'Fishing once',
    open: 'Open coaching in Pond',
    why: 'You get this as the manager of the team, with your morning mail.',
    change: 'Change it in your account',
  },
  'zh-Hant': {
    subject: (flagged: number, from: string, to: string) => `銷售 PK 週報 ${from} – ${to}${flagged ? `：${flagged} 位只開發不回訪` : ''}`,
    hello: (n: string) => `${n}，早安。`,
    intro: '上週團隊的初次接觸與回訪、準時回訪的比例，以及誰只開發不回訪。',
    head: ['業務員', '初次接觸', '回訪', '回訪率', '準時率', '目前逾期'],
    flagged: '只開發不回訪',
    open: '在魚塘開啟銷售 PK',
    why: '你是團隊主管，這封週報隨早晨待辦郵件寄出。',
    change: '到帳號頁面調整',
  },
  'zh-Hans': {
    subject: (flagged: number, from: string, to: string) => `销售 PK 周报 ${from} – ${to}${flagged ? `：${flagged} 位只开发不回访` : ''}`,
    hello: (n: string) => `${n}，早安。`,
    intro: '上周团队的初次接触与回访、准时回访的比例，以及谁只开发不回访。',
    head: ['业务员', '初次接触', '回访', '回访率', '准时率', '目前逾期'],
    flagged: '只开发不回访',
    open: '在鱼塘打开销售 PK',
    why: '你是团队主管，这封周报随早晨待办邮件寄出。',
    change: '到账号页面调整',
  },
} as const;

const pct = (v: number | null) => (v === null ? '—' : `${v}%`);

export function renderCoachingDigest(d: CoachingDigestInput): RenderedMail {
  const w = WORDS[d.locale];
  const flagged = d.rows.filter((r) => r.flag.length > 0);
  const subject = w.subject(flagged.length, d.period.from, d.period.to);
  const cells = (r: CoachRowView) => [r.user.name, String(r.measures.firstContacts), String(r.measures.revisits), pct(r.measures.revisitPercent), pct(r.measures.onTimePercent), String(r.measures.overdue)];
  const text: string[] = [w.hello(d.managerName), w.intro, ''];
  if (flagged.length) {
    text.push(`${w.flagged}:`);
    for (const r of flagged) for (const f of r.flag) text.push(`- ${r.user.name}: ${describeReason(f, d.locale)}`);
    text.push('');
  }
  text.push(w.head.join(' | '), ...d.rows.map((r) => cells(r).join(' | ')), '', `${w.open}: ${d.links.coaching}`, '', '--', w.why, `${w.change}: ${d.links.account}`);
  const th = (s: string, i: number) => `<th style="text-align:${i ? 'right' : 'left'};padding:6px 8px;border-bottom:2px solid #e5e7eb;font-size:13px;color:#374151">${escapeHtml(s)}</th>`;
  const td = (s: string, i: number) => `<td style="text-align:${i ? 'right' : 'left'};padding:6px 8px;border-bottom:1px solid #f0f0f0;font-size:14px">${escapeHtml(s)}</td>`;
  const html =
    `<!doctype html><html lang="${d.locale}"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width,initial-scale=1"><title>${escapeHtml(subject)}</title></head>` +
    `<body style="margin:0;background:#f3f4f6;font-family:-apple-system,'Segoe UI','PingFang TC','Noto Sans CJK TC','Microsoft JhengHei',sans-serif">` +
    `<div style="max-width:640px;margin:0 auto;padding:20px 16px;background:#ffffff">` +
    `<p style="font-size:16px;color:#111827;margin:0 0 4px">${escapeHtml(w.hello(d.managerName))}</p>` +
    `<p style="font-size:14px;color:#4b5563;margin:0 0 16px">${escapeHtml(w.intro)}</p>` +
    (flagged.length
      ? `<div style="border:1px solid #fde68a;background:#fffbeb;border-radius:8px;padding:10px 12px;margin:0 0 16px"><strong>${escapeHtml(w.flagged)}</strong>` +
        flagged.flatMap((r) => r.flag.map((f) => `<div style="font-size:14px;color:#92400e;margin-top:4px">${escapeHtml(`${r.user.name}: ${describeReason(f, d.locale)}`)}</div>`)).join('') +
        `</div>`
      : '') +
    `<table style="border-collapse:collapse;width:100%"><thead><tr>${w.head.map(th).join('')}</tr></thead><tbody>` +
    d.rows.map((r) => `<tr>${cells(r).map(td).join('')}</tr>`).join('') +
    `</tbody></table>` +
    `<p style="margin:24px 0"><a href="${escapeHtml(d.links.coaching)}" style="display:inline-block;background:#0f5ea8;color:#ffffff;padding:10px 16px;border-radius:6px;text-decoration:none">${escapeHtml(w.open)}</a></p>` +
    `<p style="font-size:12px;color:#6b7280;border-top:1px solid #e5e7eb;padding-top:12px">${escapeHtml(w.why)} <a href="${escapeHtml(d.links.account)}" style="color:#6b7280">${escapeHtml(w.change)}</a></p>` +
    `</div></body></html>`;
  return { subject, text: text.join('\n'), html };
}
