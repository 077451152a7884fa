import { escapeHtml } from '@pond/domain';
import type { Locale } from '@pond/domain';
import juice from 'juice';
import MarkdownIt from 'markdown-it';
import sanitizeHtml from 'sanitize-html';

/** The person a copy comes from, as the reader should see them under the cover note. */
export interface CopySigner {
  name: string;
  title: string | null;
  /** Already formatted for display ("+886 912 345 678"); the dial link is derived from it. */
  phone: string | null;
  email: string;
}

export interface CopyInput {
  /** The reader's language: the footer words are in it. */
  locale: Locale;
  /** The issue's subject. */
  subject: string;
  /** A legally required prefix such as '【广告】'; when set it leads the subject exactly once. */
  advertisementMarker: string | null;
  /** The issue body, Markdown. */
  bodyMarkdown: string;
  /** The cover note, placeholders already filled in (plain text, may contain newlines). */
  note: string;
  signer: CopySigner;
  readerName: string;
  /** The sender organisation's name for the footer, when there is one. */
  organisation: string | null;
  /** An https link, shown in the footer of both parts. */
  unsubscribeUrl: string;
  /** The address Pond serves uploaded pictures under (see `renderBody`). */
  ownImages?: string;
}

export interface RenderedCopy {
  subject: string;
  html: string;
  text: string;
}

/** What a cover note may say about the reader and the signer; see fillTemplate. */
export const PLACEHOLDERS: readonly string[] = ['{reader}', '{signer}', '{title}', '{phone}', '{email}'];

// One parser for the process: building it compiles its rules, and every copy of every issue uses the same settings.
// Raw HTML stays off so whatever a writer pastes is shown as text, not run; line breaks are kept because
// Chinese writers break lines where they mean them, without the blank line Markdown would otherwise need.
const markdown = new MarkdownIt({ html: false, linkify: true, breaks: true });

// Markdown-it already refuses raw HTML and javascript: links, but the preview page and every mail show this
// fragment, so it is cleaned a second time with an allowlist that names everything that may survive.
const SANITIZE: sanitizeHtml.IOptions = {
  allowedTags: ['p', 'br', 'h1', 'h2', 'h3', 'h4', 'strong', 'em', 'b', 'i', 'ul', 'ol', 'li', 'blockquote', 'a', 'img', 'table', 'thead', 'tbody', 'tr', 'th', 'td', 'code', 'pre', 'hr'],
  allowedAttributes: {
    // target and rel are listed only so the transform below can set them; a writer's own values are replaced.
    a: ['href', 'title', 'target', 'rel'],
    img: ['src', 'alt', 'title', 'width', 'height'],
  },
  allowedSchemes: ['https', 'http', 'mailto', 'tel'],
  // Images only over https: an http image shows a mixed-content warning or tracks the reader in the clear,
  // and a data: image is a way to smuggle large or odd payloads into a mail.
  allowedSchemesByTag: { img: ['https'] },
  // "//host/x" would take whatever scheme the mail client uses, which is not a choice to leave open.
  allowProtocolRelative: false,
  transformTags: {
    // Links leave the mail for a browser; noopener keeps the opened page from reaching back to the webmail tab.
    a: (tagName, attribs) => ({ tagName, attribs: { ...attribs, target: '_blank', rel: 'noopener' } }),
  },
  // An image whose source was refused (or was relative, which means nothing in a mail) would be an empty
  // box: drop it altogether. The attributes seen here are the ones left after the scheme check.
  exclusiveFilter: (frame) => frame.tag === 'img' && !/^https:\/\//i.test(frame.attribs.src ?? ''),
};

/**
 * The allowlist when pictures may also come from `ownImages`, the installation's own picture address: on a private
 * network it may be plain http, and a picture Pond serves itself tracks no one it does not already know.
 */
const withOwnImages = new Map<string, sanitizeHtml.IOptions>();
function optionsFor(ownImages: string | undefined): sanitizeHtml.IOptions {
  if (!ownImages || /^https:\/\//i.test(ownImages)) return SANITIZE;
  let options = withOwnImages.get(ownImages);
  if (!options) {
    const allowed = (src: string) => /^https:\/\//i.test(src) || src.startsWith(ownImages);
    options = { ...SANITIZE, allowedSchemesByTag: { img: ['https', 'http'] }, exclusiveFilter: (frame) => frame.tag === 'img' && !allowed(frame.attribs.src ?? '') };
    withOwnImages.set(ownImages, options);
  }
  return options;
}

/** An HTML fragment cut down to the tags, attributes and URL schemes a newsletter body may use. */
export function sanitizeBody(html: string, ownImages?: string): string {
  return sanitizeHtml(html, optionsFor(ownImages));
}

/** Markdown to a cleaned HTML fragment: the body of every copy and the web preview of the body alone. */
export function renderBody(md: string, ownImages?: string): string {
  return sanitizeBody(markdown.render(md), ownImages);
}

/**
 * The cover note with its placeholders filled in. One pass over the template, so a value that itself looks like
 * a placeholder (a reader called "{signer}") is left as typed instead of being replaced in turn.
 * Unknown braces stay as they are; an empty value leaves nothing behind.
 */
export function fillTemplate(template: string, values: { reader: string; signer: string; title: string; phone: string; email: string }): string {
  return template.replace(/\{(reader|signer|title|phone|email)\}/g, (_match, key: keyof typeof values) => values[key]);
}

type Words = {
  /** Why the reader gets this mail; organisation null: the signer alone. */
  why: (reader: string, signer: string, organisation: string | null) => string;
  unsubscribe: string;
  /** Between a label and its value in the plain text part (the full-width colon in Chinese). */
  colon: string;
};

// The footer is written as functions of already-escaped or plain strings, so the same words serve both parts.
const WORDS: Record<Locale, Words> = {
  en: {
    why: (reader, signer, org) => `This mail was sent to ${reader} because ${signer}${org ? ` of ${org}` : ''} keeps in touch with you.`,
    unsubscribe: 'Unsubscribe',
    colon: ': ',
  },
  'zh-Hant': {
    why: (reader, signer, org) => `這封郵件寄給${reader}，因為${org ? `${org}的` : ''}${signer}與你保持聯繫。`,
    unsubscribe: '取消訂閱',
    colon: '：',
  },
  'zh-Hans': {
    why: (reader, signer, org) => `这封邮件寄给${reader}，因为${org ? `${org}的` : ''}${signer}与你保持联系。`,
    unsubscribe: '取消订阅',
    colon: '：',
  },
};

// Locale values are already BCP 47 tags; the map keeps the html lang attribute a deliberate choice per language.
const LANG: Record<Locale, string> = { en: 'en', 'zh-Hant': 'zh-Hant', 'zh-Hans': 'zh-Hans' };

/** One line of plain text: a subject is a mail header, and a line break there would start a new header. */
const oneLine = (s: string): string => s.replace(/[\r\n]+/g, ' ').trim();

/** The subject with the advertisement marker in front, never twice. */
function copySubject(subject: string, marker: string | null): string {
  const s = oneLine(subject);
  const m = marker ? oneLine(marker) : '';
  if (!m || s.startsWith(m)) return s;
  return m + s;
}

/** What a phone dials: digits, and a plus only when the number starts with one ("+886 912 345 678" → "+886912345678"). */
function dialable(phone: string): string {
  const digits = phone.replace(/\D/g, '');
  return phone.trim().startsWith('+') && digits ? `+${digits}` : digits;
}

/** Typed text as HTML: escaped, and its line breaks kept. */
const paragraphHtml = (s: string): string => escapeHtml(s.replace(/\r\n?/g, '\n')).replace(/\n/g, '<br>');

/**
 * The body as plain text: the Markdown source reads well as it is, except images and links, whose syntax
 * hides the address. Images first, since "![alt](url)" also matches the link pattern.
 */
function bodyText(md: string): string {
  return md
    .replace(/\r\n?/g, '\n')
    .replace(/!\[([^\]]*)\]\(\s*<?([^\s)>]+)>?(?:\s+"[^"]*")?\s*\)/g, '[image: $1] $2')
    .replace(/\[([^\]]+)\]\(\s*<?([^\s)>]+)>?(?:\s+"[^"]*")?\s*\)/g, '$1 ($2)')
    .trim();
}

// Mail clients drop or ignore style sheets, so the layout is written as classes here and juice moves every rule
// onto the elements. Only the small-screen padding stays a media query: it cannot be inlined, and clients
// that ignore it still get a layout that fits 375px because the outer table is 100% wide.
const CSS = `
body { margin: 0; padding: 0; background: #f3f4f6; }
.outer { width: 100%; background: #f3f4f6; border-collapse: collapse; }
.outer-cell { padding: 24px 12px; }
.inner { width: 100%; max-width: 600px; margin: 0 auto; background: #ffffff; border-collapse: collapse; border-radius: 8px; }
.content { padding: 24px; font-family: -apple-system, BlinkMacSystemFont, "Segoe UI", Roboto, "Helvetica Neue", Arial, "PingFang TC", "PingFang SC", "Microsoft JhengHei", "Microsoft YaHei", sans-serif; font-size: 16px; line-height: 1.6; color: #111827; }
.note { background: #f0f7ff; border-radius: 6px; padding: 14px 16px; margin: 0 0 16px; color: #1f2937; }
.signature { margin: 0 0 16px; font-size: 14px; line-height: 1.5; color: #374151; }
.signer { font-weight: 600; color: #111827; }
.signature a { color: #0f5ea8; text-decoration: none; }
.rule { border: 0; border-top: 1px solid #e5e7eb; margin: 16px 0; height: 0; }
.issue h1 { font-size: 22px; line-height: 1.3; margin: 16px 0 8px; }
.issue h2 { font-size: 19px; line-height: 1.3; margin: 16px 0 8px; }
.issue h3 { font-size: 17px; margin: 14px 0 6px; }
.issue h4 { font-size: 16px; margin: 12px 0 6px; }
.issue p { margin: 0 0 12px; }
.issue a { color: #0f5ea8; }
.issue img { max-width: 100%; height: auto; border: 0; }
.issue blockquote { margin: 0 0 12px; padding: 4px 12px; border-left: 3px solid #d1d5db; color: #4b5563; }
.issue table { border-collapse: collapse; width: 100%; margin: 0 0 12px; }
.issue th, .issue td { border: 1px solid #e5e7eb; padding: 6px 8px; text-align: left; }
.issue pre { background: #f3f4f6; padding: 10px 12px; border-radius: 4px; overflow: auto; white-space: pre-wrap; }
.issue code { font-family: Menlo, Consolas, monospace; font-size: 14px; }
.issue hr { border: 0; border-top: 1px solid #e5e7eb; margin: 16px 0; }
.footer { margin: 24px 0 0; padding-top: 12px; border-top: 1px solid #e5e7eb; font-size: 12px; line-height: 1.5; color: #6b7280; }
.footer a { color: #6b7280; }
@media only screen and (max-width: 480px) {
  .outer-cell { padding: 0 !important; }
  .content { padding: 16px 12px !important; }
}
`;

/**
 * The styles juice gives the few elements a copy's own parts hold (the signer's name, the signature's links), read once from a small probe: the personal parts are then written with them directly.
 */
const PERSONAL_STYLES = (() => {
  const probe = juice(`<html><head><style>${CSS}</style></head><body><div class="content"><div class="signature"><div class="signer">n</div><a href="#s">s</a></div></div></body></html>`);
  const style = (re: RegExp) => re.exec(probe)?.[1] ?? '';
  return { signer: style(/class="signer" style="([^"]*)"/), signatureLink: style(/href="#s" style="([^"]*)"/) };
})();

/** Marks where a copy's own parts go in the inlined skeleton: plain ASCII, which juice and its parser leave alone. */
const SLOT = { note: 'POND-SLOT-NOTE-6c1f', signature: 'POND-SLOT-SIGNATURE-6c1f', why: 'POND-SLOT-WHY-6c1f', unsubscribe: 'POND-SLOT-UNSUBSCRIBE-6c1f' };

/**
 * The issue's document with its CSS inlined, once per issue and language (juice parses the whole document, by far the
 * dearest step of a copy): every copy of an issue shares it and fills in its own parts. A few issues are kept.
 */
const skeletons = new Map<string, string>();
function skeletonFor(locale: Locale, subject: string, bodyMarkdown: string, ownImages: string | undefined): string {
  const key = JSON.stringify([locale, subject, bodyMarkdown, ownImages]);
  const hit = skeletons.get(key);
  if (hit !== undefined) return hit;
  const w = WORDS[locale];
  const doc =
    `<!doctype html><html lang="${LANG[locale]}"><head><meta charset="utf-8">` +
    `<meta name="viewport" content="width=device-width, initial-scale=1">` +
    `<title>${escapeHtml(subject)}</title><style>${CSS}</style></head><body>` +
    `<table role="presentation" class="outer" width="100%" cellpadding="0" cellspacing="0" border="0"><tr><td class="outer-cell" align="center">` +
    `<table role="presentation" class="inner" cellpadding="0" cellspacing="0" border="0"><tr><td class="content">` +
    `<div class="note">${SLOT.note}</div>` +
    `<div class="signature">${SLOT.signature}</div>` +
    `<hr class="rule">` +
    `<div class="issue">${renderBody(bodyMarkdown, ownImages)}</div>` +
    `<div class="footer">${SLOT.why} <a href="${SLOT.unsubscribe}">${escapeHtml(w.unsubscribe)}</a></div>` +
    `</td></tr></table></td></tr></table></body></html>`;
  const inlined = juice(doc);
  if (skeletons.size >= 16) skeletons.delete(skeletons.keys().next().value!);
  skeletons.set(key, inlined);
  return inlined;
}

/** One personalised copy of an issue: subject, HTML with inline styles, and the plain text alternative. */
export function renderCopy(input: CopyInput): RenderedCopy {
  const w = WORDS[input.locale];
  const subject = copySubject(input.subject, input.advertisementMarker);
  const { signer } = input;
  const title = signer.title?.trim() || null;
  const phone = signer.phone?.trim() || null;
  const email = signer.email.trim() || null;
  const organisation = input.organisation?.trim() || null;
  const dial = phone ? dialable(phone) : '';
  const S = PERSONAL_STYLES;

  const signatureHtml = [
    `<div class="signer" style="${S.signer}">${escapeHtml(signer.name)}</div>`,
    title ? `<div>${escapeHtml(title)}</div>` : '',
    // A number with no digits in it ("ask reception") is still shown, just not as a link that dials nothing.
    phone ? `<div>${dial ? `<a href="${escapeHtml(`tel:${dial}`)}" style="${S.signatureLink}">${escapeHtml(phone)}</a>` : escapeHtml(phone)}</div>` : '',
    email ? `<div><a href="${escapeHtml(`mailto:${email}`)}" style="${S.signatureLink}">${escapeHtml(email)}</a></div>` : '',
  ].join('');

  const whyHtml = w.why(escapeHtml(input.readerName), escapeHtml(signer.name), organisation && escapeHtml(organisation));
  const parts: Record<keyof typeof SLOT, string> = { note: paragraphHtml(input.note), signature: signatureHtml, why: whyHtml, unsubscribe: escapeHtml(input.unsubscribeUrl) };
  // One pass, so a reader's note that happens to contain a slot's name is left as typed.
  const html = skeletonFor(input.locale, subject, input.bodyMarkdown, input.ownImages).replace(/POND-SLOT-(NOTE|SIGNATURE|WHY|UNSUBSCRIBE)-6c1f/g, (_m, k: string) => parts[k.toLowerCase() as keyof typeof SLOT]);
  const text = [
    input.note.replace(/\r\n?/g, '\n').trim(),
    '',
    signer.name,
    ...[title, phone, email].filter((line): line is string => Boolean(line)),
    '—',
    bodyText(input.bodyMarkdown),
    '',
    w.why(input.readerName, signer.name, organisation),
    `${w.unsubscribe}${w.colon}${input.unsubscribeUrl}`,
  ];

  return { subject, html, text: text.join('\n') + '\n' };
}
