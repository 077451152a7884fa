import type { ExportCard } from './export-columns.js';

/** A text value escaped for vCard 3.0 (RFC 2426 §4: backslash, comma, semicolon, line breaks). */
function esc(value: string): string {
  return value.replace(/\\/g, '\\\\').replace(/,/g, '\\,').replace(/;/g, '\\;').replace(/\r\n|\r|\n/g, '\\n');
}

const encoder = new TextEncoder();

/**
 * A content line folded at 75 octets (RFC 2426 §2.6, 6350 §3.2), never inside a UTF-8 character: each continuation
 * starts with one space, which a reader takes off.
 */
function fold(line: string): string {
  if (encoder.encode(line).length <= 75) return line;
  const parts: string[] = [];
  let current = '';
  let size = 0;
  for (const ch of line) {
    const n = encoder.encode(ch).length;
    const limit = parts.length === 0 ? 75 : 74;
    if (size + n > limit) {
      parts.push(current);
      current = '';
      size = 0;
    }
    current += ch;
    size += n;
  }
  parts.push(current);
  return parts.join('\r\n ');
}

/**
 * Prospects as vCard 3.0, the version every phone reads: name, company and title, each phone (cell) and e-mail, the
 * WeChat ID as an IMPP handle with its service named (as iOS writes it), the address, the notes, the tags as
 * categories and the grade as Pond's own extension. Pond's importer reads it back, field for field.
 */
export function prospectsVcard(prospects: readonly ExportCard[]): string {
  const out: string[] = [];
  for (const p of prospects) {
    const lines = ['BEGIN:VCARD', 'VERSION:3.0', `FN:${esc(p.name)}`, `N:${esc(p.name)};;;;`];
    if (p.company) lines.push(`ORG:${esc(p.company)}`);
    if (p.title) lines.push(`TITLE:${esc(p.title)}`);
    for (const tel of p.phones) lines.push(`TEL;TYPE=CELL:${esc(tel)}`);
    for (const mail of p.emails) lines.push(`EMAIL;TYPE=INTERNET:${esc(mail)}`);
    if (p.wechatId) lines.push(`IMPP;X-SERVICE-TYPE=WeChat:weixin://contacts/profile/${esc(p.wechatId)}`);
    if (p.address) lines.push(`ADR:;;${esc(p.address)};;;;`);
    if (p.notes) lines.push(`NOTE:${esc(p.notes)}`);
    if (p.tags.length) lines.push(`CATEGORIES:${p.tags.map(esc).join(',')}`);
    if (p.grade !== 'unrated') lines.push(`X-POND-GRADE:${p.grade}`);
    lines.push('END:VCARD');
    out.push(...lines.map(fold));
  }
  return out.length ? `${out.join('\r\n')}\r\n` : '';
}
