import type { Locale } from '../i18n/locale.js';
import type { CalendarDate } from '../prospects/dates.js';

/** One prospect on the morning mail: who, why today, the last thing they said, and where to act. */
export interface DigestRow {
  name: string;
  company: string | null;
  /** Days past the due date (0: due today). */
  daysOverdue: number;
  nextDueOn: CalendarDate | null;
  daysSinceLastTouch: number | null;
  said: string | null;
  openUrl: string;
  touchUrl: string;
}

export interface DigestLeavingRow {
  name: string;
  company: string | null;
  recallOn: CalendarDate;
  daysLeft: number;
  openUrl: string;
}

/** An event the user hosts or made, on the mail's day. */
export interface DigestEvent {
  title: string;
  /** The kind's name and the time, in the reader's language and the event's zone. */
  when: string;
  place: string | null;
  openUrl: string;
}

export interface DigestInput {
  locale: Locale;
  displayName: string;
  today: CalendarDate;
  overdue: { count: number; rows: DigestRow[] };
  dueToday: { count: number; rows: DigestRow[] };
  leaving: { count: number; rows: DigestLeavingRow[] };
  /** A manager's second part: each salesperson's overdue count. */
  team: { name: string; overdue: number }[] | null;
  /** The user's events today (hosted or made), soonest first; absent or empty: no such part. */
  events?: DigestEvent[];
  links: { today: string; account: string; unsubscribe: string };
}

export interface RenderedMail {
  subject: string;
  text: string;
  html: string;
}

type Words = {
  subject: (n: { overdue: number; due: number; leaving: number }) => string;
  hello: (name: string) => string;
  intro: string;
  overdue: (n: number) => string;
  dueToday: (n: number) => string;
  leaving: (n: number) => string;
  team: string;
  teamRow: (name: string, n: number) => string;
  more: (n: number) => string;
  late: (days: number, date: string) => string;
  today: string;
  lastTouch: (days: number) => string;
  lastTouchToday: string;
  neverTouched: string;
  said: (text: string) => string;
  leavesOn: (date: string, days: number) => string;
  events: (n: number) => string;
  open: string;
  logTouch: string;
  openToday: string;
  why: string;
  turnOff: string;
  changeHour: string;
};

/** The parts that are there, after a prefix; nothing when no part is. */
const prefixed = (prefix: string, parts: (string | 0)[], sep: string): string => {
  const present = parts.filter((p): p is string => Boolean(p));
  return present.length ? prefix + present.join(sep) : '';
};

const WORDS: Record<Locale, Words> = {
  en: {
    subject: ({ overdue, due, leaving }) =>
      prefixed('Today: ', [overdue && `${overdue} overdue`, due && `${due} due today`, leaving && `${leaving} leaving for the pool`], ', '),
    hello: (name) => `Good morning, ${name}.`,
    intro: 'Here is whom to contact today and why.',
    overdue: (n) => `Overdue (${n})`,
    dueToday: (n) => `Due today (${n})`,
    leaving: (n) => `Leaving for the pool soon (${n})`,
    team: 'Your team’s overdue follow-ups',
    teamRow: (name, n) => `${name}: ${n}`,
    more: (n) => `and ${n} more in Pond`,
    late: (days, date) => `${days} ${days === 1 ? 'day' : 'days'} overdue (due ${date})`,
    today: 'Due today',
    lastTouch: (days) => `last touch ${days} ${days === 1 ? 'day' : 'days'} ago`,
    lastTouchToday: 'last touch today',
    neverTouched: 'not contacted yet',
    said: (text) => `said: “${text}”`,
    leavesOn: (date, days) => `goes to the pool on ${date} (${days} ${days === 1 ? 'day' : 'days'} left); any touch keeps it`,
    events: (n) => `Your events today (${n})`,
    open: 'Open',
    logTouch: 'Log a touch',
    openToday: 'Open Today in Pond',
    why: 'You get this mail because your morning agenda mail is on.',
    turnOff: 'Turn it off',
    changeHour: 'Change the hour or the days',
  },
  'zh-Hant': {
    subject: ({ overdue, due, leaving }) =>
      prefixed('今日待辦：', [overdue && `逾期 ${overdue} 位`, due && `今天到期 ${due} 位`, leaving && `即將回收公海 ${leaving} 位`], '，'),
    hello: (name) => `${name}，早安。`,
    intro: '以下是今天該聯絡的客戶，以及原因。',
    overdue: (n) => `已逾期（${n}）`,
    dueToday: (n) => `今天到期（${n}）`,
    leaving: (n) => `即將回收到公海（${n}）`,
    team: '團隊的逾期跟進',
    teamRow: (name, n) => `${name}：${n} 位`,
    more: (n) => `還有 ${n} 位，請在 Pond 查看`,
    late: (days, date) => `逾期 ${days} 天（應於 ${date} 聯絡）`,
    today: '今天到期',
    lastTouch: (days) => `上次聯絡是 ${days} 天前`,
    lastTouchToday: '今天已聯絡',
    neverTouched: '尚未聯絡',
    said: (text) => `客戶說：「${text}」`,
    leavesOn: (date, days) => `將於 ${date} 回收到公海（剩 ${days} 天），任何一次聯絡即可保留`,
    events: (n) => `今天的活動（${n}）`,
    open: '開啟',
    logTouch: '記錄聯絡',
    openToday: '在 Pond 開啟今日待辦',
    why: '你收到這封郵件，是因為你開啟了每日早晨待辦郵件。',
    turnOff: '關閉此郵件',
    changeHour: '更改時間或日子',
  },
  'zh-Hans': {
    subject: ({ overdue, due, leaving }) =>
      prefixed('今日待办：', [overdue && `逾期 ${overdue} 位`, due && `今天到期 ${due} 位`, leaving && `即将回收公海 ${leaving} 位`], '，'),
    hello: (name) => `${name}，早上好。`,
    intro: '以下是今天该联系的客户，以及原因。',
    overdue: (n) => `已逾期（${n}）`,
    dueToday: (n) => `今天到期（${n}）`,
    leaving: (n) => `即将回收到公海（${n}）`,
    team: '团队的逾期跟进',
    teamRow: (name, n) => `${name}：${n} 位`,
    more: (n) => `还有 ${n} 位，请在 Pond 查看`,
    late: (days, date) => `逾期 ${days} 天（应于 ${date} 联系）`,
    today: '今天到期',
    lastTouch: (days) => `上次联系是 ${days} 天前`,
    lastTouchToday: '今天已联系',
    neverTouched: '尚未联系',
    said: (text) => `客户说：“${text}”`,
    leavesOn: (date, days) => `将于 ${date} 回收到公海（剩 ${days} 天），任何一次联系即可保留`,
    events: (n) => `今天的活动（${n}）`,
    open: '打开',
    logTouch: '记录联系',
    openToday: '在 Pond 打开今日待办',
    why: '你收到这封邮件，是因为你开启了每日早晨待办邮件。',
    turnOff: '关闭此邮件',
    changeHour: '更改时间或日子',
  },
};

/** Whether a morning mail has anything to say: nothing to do, no mail. */
export function digestHasContent(d: Pick<DigestInput, 'overdue' | 'dueToday' | 'leaving' | 'team' | 'events'>): boolean {
  return d.overdue.count + d.dueToday.count + d.leaving.count > 0 || (d.team ?? []).some((r) => r.overdue > 0) || (d.events ?? []).length > 0;
}

const dayFormats = new Map<Locale, Intl.DateTimeFormat>();

/** "20 Nov", "11月20日": a date as a person reads it (a feed formats thousands: one formatter per language). */
function dayLabel(date: CalendarDate, locale: Locale): string {
  const [y, m, d] = date.split('-').map(Number) as [number, number, number];
  let f = dayFormats.get(locale);
  if (!f) dayFormats.set(locale, (f = new Intl.DateTimeFormat(locale, { month: 'short', day: 'numeric', timeZone: 'UTC' })));
  return f.format(new Date(Date.UTC(y, m - 1, d)));
}

/** Text made safe inside HTML, in an element or a quoted attribute. */
export const escapeHtml = (s: string): string => s.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);

function whyLine(r: DigestRow, w: Words, locale: Locale): string[] {
  const due = r.daysOverdue > 0 && r.nextDueOn ? w.late(r.daysOverdue, dayLabel(r.nextDueOn, locale)) : w.today;
  const last = r.daysSinceLastTouch === null ? w.neverTouched : r.daysSinceLastTouch === 0 ? w.lastTouchToday : w.lastTouch(r.daysSinceLastTouch);
  return [due, last, ...(r.said ? [w.said(r.said)] : [])];
}

/** The morning agenda mail, as plain text and as HTML with inline styles (mail clients drop style sheets). */
export function renderDigest(d: DigestInput): RenderedMail {
  const w = WORDS[d.locale];
  const subject = w.subject({ overdue: d.overdue.count, due: d.dueToday.count, leaving: d.leaving.count }) || (d.events?.length ? w.events(d.events.length) : w.team);
  const text: string[] = [w.hello(d.displayName), w.intro, ''];
  const html: string[] = [];
  const name = (r: { name: string; company: string | null }) => (r.company ? `${r.name} · ${r.company}` : r.name);
  const section = (title: string, count: number, rows: DigestRow[]) => {
    if (count === 0) return;
    text.push(title);
    html.push(`<h2 style="font-size:16px;margin:24px 0 8px;color:#1f2937">${escapeHtml(title)}</h2>`);
    for (const r of rows) {
      const why = whyLine(r, w, d.locale);
      text.push(`- ${name(r)}`, `  ${why.join(' · ')}`, `  ${w.logTouch}: ${r.touchUrl}`);
      html.push(
        `<div style="border:1px solid #e5e7eb;border-radius:8px;padding:10px 12px;margin:0 0 8px">` +
          `<a href="${escapeHtml(r.openUrl)}" style="font-weight:600;color:#0f5ea8;text-decoration:none">${escapeHtml(r.name)}</a>` +
          (r.company ? ` <span style="color:#6b7280">${escapeHtml(r.company)}</span>` : '') +
          `<div style="color:#374151;font-size:14px;margin-top:4px">${why.map(escapeHtml).join(' · ')}</div>` +
          `<div style="margin-top:6px;font-size:14px"><a href="${escapeHtml(r.touchUrl)}" style="color:#0f5ea8">${escapeHtml(w.logTouch)}</a></div>` +
          `</div>`,
      );
    }
    if (count > rows.length) {
      text.push(`  ${w.more(count - rows.length)}`);
      html.push(`<p style="color:#6b7280;font-size:14px;margin:4px 0">${escapeHtml(w.more(count - rows.length))}</p>`);
    }
    text.push('');
  };
  if (d.events?.length) {
    const title = w.events(d.events.length);
    text.push(title);
    html.push(`<h2 style="font-size:16px;margin:24px 0 8px;color:#1f2937">${escapeHtml(title)}</h2>`);
    for (const e of d.events) {
      text.push(`- ${e.title}`, `  ${[e.when, e.place].filter(Boolean).join(' · ')}`, `  ${w.open}: ${e.openUrl}`);
      html.push(
        `<div style="border:1px solid #bfdbfe;background:#eff6ff;border-radius:8px;padding:10px 12px;margin:0 0 8px">` +
          `<a href="${escapeHtml(e.openUrl)}" style="font-weight:600;color:#0f5ea8;text-decoration:none">${escapeHtml(e.title)}</a>` +
          `<div style="color:#1e3a8a;font-size:14px;margin-top:4px">${escapeHtml([e.when, e.place].filter(Boolean).join(' · '))}</div></div>`,
      );
    }
    text.push('');
  }
  section(w.overdue(d.overdue.count), d.overdue.count, d.overdue.rows);
  section(w.dueToday(d.dueToday.count), d.dueToday.count, d.dueToday.rows);
  if (d.leaving.count > 0) {
    const title = w.leaving(d.leaving.count);
    text.push(title);
    html.push(`<h2 style="font-size:16px;margin:24px 0 8px;color:#1f2937">${escapeHtml(title)}</h2>`);
    for (const r of d.leaving.rows) {
      const why = w.leavesOn(dayLabel(r.recallOn, d.locale), r.daysLeft);
      text.push(`- ${name(r)}`, `  ${why}`, `  ${w.open}: ${r.openUrl}`);
      html.push(
        `<div style="border:1px solid #fde68a;background:#fffbeb;border-radius:8px;padding:10px 12px;margin:0 0 8px">` +
          `<a href="${escapeHtml(r.openUrl)}" style="font-weight:600;color:#0f5ea8;text-decoration:none">${escapeHtml(r.name)}</a>` +
          (r.company ? ` <span style="color:#6b7280">${escapeHtml(r.company)}</span>` : '') +
          `<div style="color:#92400e;font-size:14px;margin-top:4px">${escapeHtml(why)}</div></div>`,
      );
    }
    if (d.leaving.count > d.leaving.rows.length) text.push(`  ${w.more(d.leaving.count - d.leaving.rows.length)}`);
    text.push('');
  }
  if (d.team && d.team.length > 0) {
    text.push(w.team, ...d.team.map((r) => `- ${w.teamRow(r.name, r.overdue)}`), '');
    html.push(`<h2 style="font-size:16px;margin:24px 0 8px;color:#1f2937">${escapeHtml(w.team)}</h2><ul style="margin:0;padding-left:20px;color:#374151">`);
    html.push(...d.team.map((r) => `<li>${escapeHtml(w.teamRow(r.name, r.overdue))}</li>`), '</ul>');
  }
  text.push(`${w.openToday}: ${d.links.today}`, '', '--', w.why, `${w.turnOff}: ${d.links.unsubscribe}`, `${w.changeHour}: ${d.links.account}`);
  const body =
    `<!doctype html><html lang="${d.locale}"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width,initial-scale=1"><title>${escapeHtml(subject)}</title></head>` +
    `<body style="margin:0;background:#f3f4f6;font-family:-apple-system,'Segoe UI','PingFang TC','Noto Sans CJK TC','Microsoft JhengHei',sans-serif">` +
    `<div style="max-width:560px;margin:0 auto;padding:20px 16px;background:#ffffff">` +
    `<p style="font-size:16px;color:#111827;margin:0 0 4px">${escapeHtml(w.hello(d.displayName))}</p>` +
    `<p style="font-size:14px;color:#4b5563;margin:0">${escapeHtml(w.intro)}</p>` +
    html.join('') +
    `<p style="margin:24px 0"><a href="${escapeHtml(d.links.today)}" style="display:inline-block;background:#0f5ea8;color:#ffffff;padding:10px 16px;border-radius:6px;text-decoration:none">${escapeHtml(w.openToday)}</a></p>` +
    `<p style="font-size:12px;color:#6b7280;border-top:1px solid #e5e7eb;padding-top:12px">${escapeHtml(w.why)} ` +
    `<a href="${escapeHtml(d.links.unsubscribe)}" style="color:#6b7280">${escapeHtml(w.turnOff)}</a> · ` +
    `<a href="${escapeHtml(d.links.account)}" style="color:#6b7280">${escapeHtml(w.changeHour)}</a></p>` +
    `</div></body></html>`;
  return { subject, text: text.join('\n'), html: body };
}

/** A follow-up as a calendar event: the title names the prospect (and how late it is), the description says why. */
export function feedEventText(locale: Locale, r: DigestRow): { summary: string; description: string } {
  const w = WORDS[locale];
  const who = r.company ? `${r.name} · ${r.company}` : r.name;
  const late = r.daysOverdue > 0 && r.nextDueOn ? ` (${w.late(r.daysOverdue, dayLabel(r.nextDueOn, locale))})` : '';
  return { summary: `${who}${late}`, description: [...whyLine(r, w, locale), '', `${w.logTouch}: ${r.touchUrl}`].join('\n') };
}

/** The one-click page a mail's "turn it off" link opens, and what it says once done. */
export function unsubscribeWords(locale: Locale): { title: string; ask: string; button: string; done: string; account: string } {
  return {
    en: { title: 'Morning mail', ask: 'Stop the morning agenda mail?', button: 'Turn it off', done: 'The morning agenda mail is off. You can turn it on again in your account page.', account: 'Open my account' },
    'zh-Hant': { title: '早晨待辦郵件', ask: '要停止每日早晨待辦郵件嗎？', button: '關閉', done: '已關閉早晨待辦郵件。你可以在帳號頁面重新開啟。', account: '開啟我的帳號' },
    'zh-Hans': { title: '早晨待办邮件', ask: '要停止每日早晨待办邮件吗？', button: '关闭', done: '已关闭早晨待办邮件。你可以在账号页面重新开启。', account: '打开我的账号' },
  }[locale];
}
