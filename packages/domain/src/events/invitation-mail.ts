import type { Locale } from '../i18n/locale.js';
import { escapeHtml } from '../reminders/digest.js';
import type { EventKind, InvitationState } from './rules.js';

/** An event kind's name in each language, for mails, the guest's page and the attendance touch. */
export const EVENT_KIND_LABELS: Record<Locale, Record<EventKind, string>> = {
  en: { seminar: 'Seminar', test_drive: 'Test-drive day', trade_fair: 'Trade fair', dinner: 'Dinner', other: 'Event' },
  'zh-Hant': { seminar: '研討會', test_drive: '試乘日', trade_fair: '展覽會', dinner: '餐會', other: '活動' },
  'zh-Hans': { seminar: '研讨会', test_drive: '试驾日', trade_fair: '展览会', dinner: '餐会', other: '活动' },
};

export interface InvitationMailInput {
  locale: Locale;
  guestName: string;
  event: { title: string; kind: EventKind; startsAt: string; endsAt: string | null; timeZone: string; place: string | null; onlineUrl: string | null };
  /** The inviter's own words, above the details. */
  message: string | null;
  /** Who signs it: the inviter, with how to reach them. */
  signer: { name: string; email: string };
  links: { accept: string; decline: string };
}

interface Words {
  subject: (kind: string, title: string) => string;
  dear: (name: string) => string;
  invite: (kind: string) => string;
  when: string;
  where: string;
  online: string;
  accept: string;
  decline: string;
  answer: string;
  regards: string;
}

const WORDS: Record<Locale, Words> = {
  en: {
    subject: (kind, title) => `Invitation: ${title} (${kind.toLowerCase()})`,
    dear: (name) => `Dear ${name},`,
    invite: (kind) => `You are warmly invited to our ${kind.toLowerCase()}.`,
    when: 'When',
    where: 'Where',
    online: 'Online',
    accept: 'I will come',
    decline: 'I cannot come',
    answer: 'Please let us know whether you can come:',
    regards: 'Kind regards,',
  },
  'zh-Hant': {
    subject: (kind, title) => `邀請函：${title}（${kind}）`,
    dear: (name) => `${name} 您好：`,
    invite: (kind) => `誠摯邀請您參加我們的${kind}。`,
    when: '時間',
    where: '地點',
    online: '線上參加',
    accept: '我會出席',
    decline: '無法出席',
    answer: '請告訴我們您是否能出席：',
    regards: '敬祝 順心',
  },
  'zh-Hans': {
    subject: (kind, title) => `邀请函：${title}（${kind}）`,
    dear: (name) => `${name} 您好：`,
    invite: (kind) => `诚挚邀请您参加我们的${kind}。`,
    when: '时间',
    where: '地点',
    online: '线上参加',
    accept: '我会出席',
    decline: '无法出席',
    answer: '请告诉我们您是否能出席：',
    regards: '祝 顺心',
  },
};


/** When an event happens, in its own zone and the reader's language, with the zone named. */
export function eventWhen(e: { startsAt: string; endsAt: string | null; timeZone: string }, locale: Locale): string {
  const day = new Intl.DateTimeFormat(locale, { timeZone: e.timeZone, dateStyle: 'full', timeStyle: 'short' });
  const time = new Intl.DateTimeFormat(locale, { timeZone: e.timeZone, timeStyle: 'short' });
  const sameDay = e.endsAt !== null && new Intl.DateTimeFormat('en-CA', { timeZone: e.timeZone }).format(new Date(e.startsAt)) === new Intl.DateTimeFormat('en-CA', { timeZone: e.timeZone }).format(new Date(e.endsAt));
  const start = day.format(new Date(e.startsAt));
  const end = e.endsAt === null ? '' : ` – ${(sameDay ? time : day).format(new Date(e.endsAt))}`;
  return `${start}${end} (${e.timeZone})`;
}

/** The invitation mail, as text and inline-styled HTML, in the inviter's language, signed by the inviter. */
export function renderInvitation(m: InvitationMailInput): { subject: string; text: string; html: string } {
  const w = WORDS[m.locale];
  const kind = EVENT_KIND_LABELS[m.locale][m.event.kind];
  const when = eventWhen(m.event, m.locale);
  const lines = [
    w.dear(m.guestName),
    '',
    ...(m.message ? [m.message, ''] : []),
    w.invite(kind),
    '',
    m.event.title,
    `${w.when}: ${when}`,
    ...(m.event.place ? [`${w.where}: ${m.event.place}`] : []),
    ...(m.event.onlineUrl ? [`${w.online}: ${m.event.onlineUrl}`] : []),
    '',
    w.answer,
    `${w.accept}: ${m.links.accept}`,
    `${w.decline}: ${m.links.decline}`,
    '',
    w.regards,
    m.signer.name,
    m.signer.email,
  ];
  const p = (s: string) => `<p style="margin:0 0 12px">${escapeHtml(s).replace(/\n/g, '<br>')}</p>`;
  const button = (href: string, label: string, colour: string) =>
    `<a href="${escapeHtml(href)}" style="display:inline-block;padding:10px 18px;margin:0 8px 8px 0;border-radius:6px;background:${colour};color:#fff;text-decoration:none">${escapeHtml(label)}</a>`;
  const html = [
    '<div style="font-family:-apple-system,Segoe UI,Roboto,Noto Sans CJK TC,Noto Sans CJK SC,sans-serif;font-size:15px;line-height:1.6;color:#1f2328;max-width:560px">',
    p(w.dear(m.guestName)),
    m.message ? p(m.message) : '',
    p(w.invite(kind)),
    `<div style="border:1px solid #d0d7de;border-radius:8px;padding:12px 16px;margin:0 0 16px"><div style="font-size:17px;font-weight:600;margin-bottom:6px">${escapeHtml(m.event.title)}</div>`,
    `<div>${escapeHtml(w.when)}: ${escapeHtml(when)}</div>`,
    m.event.place ? `<div>${escapeHtml(w.where)}: ${escapeHtml(m.event.place)}</div>` : '',
    m.event.onlineUrl ? `<div>${escapeHtml(w.online)}: <a href="${escapeHtml(m.event.onlineUrl)}">${escapeHtml(m.event.onlineUrl)}</a></div>` : '',
    '</div>',
    p(w.answer),
    `<div style="margin:0 0 16px">${button(m.links.accept, w.accept, '#1a7f37')}${button(m.links.decline, w.decline, '#6e7781')}</div>`,
    p(`${w.regards}\n${m.signer.name}\n${m.signer.email}`),
    '</div>',
  ].join('');
  return { subject: w.subject(kind, m.event.title), text: lines.join('\n'), html };
}

/** The guest's answer page, in the language their browser asks for. */
export function answerWords(locale: Locale): { title: string; accept: string; decline: string; accepted: string; declined: string; closed: string; cancelled: string; full: string; attended: string; change: string } {
  return {
    en: { title: 'Your invitation', accept: 'I will come', decline: 'I cannot come', accepted: 'Thank you: we look forward to seeing you.', declined: 'Thank you for letting us know. We hope to see you another time.', closed: 'This event has started or is over; answers are closed.', cancelled: 'This event has been cancelled.', full: 'Sorry: every seat has been taken.', attended: 'Thank you for coming.', change: 'You may change your answer until the event starts.' },
    'zh-Hant': { title: '您的邀請', accept: '我會出席', decline: '無法出席', accepted: '謝謝您，期待與您見面。', declined: '謝謝您告知，期待下次有機會見面。', closed: '活動已開始或已結束，無法再回覆。', cancelled: '此活動已取消。', full: '抱歉，座位已滿。', attended: '謝謝您的光臨。', change: '活動開始前您都可以更改回覆。' },
    'zh-Hans': { title: '您的邀请', accept: '我会出席', decline: '无法出席', accepted: '谢谢您，期待与您见面。', declined: '谢谢您告知，期待下次有机会见面。', closed: '活动已开始或已结束，无法再回复。', cancelled: '此活动已取消。', full: '抱歉，座位已满。', attended: '谢谢您的光临。', change: '活动开始前您都可以更改回复。' },
  }[locale];
}

/** What the guest's current answer says on their page. */
export function answerStateWord(locale: Locale, state: InvitationState): string | null {
  const w = answerWords(locale);
  if (state === 'accepted') return w.accepted;
  if (state === 'declined') return w.declined;
  if (state === 'attended') return w.attended;
  return null;
}
