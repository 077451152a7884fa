import { emptyRecord, isBlank, isWechatLabel, joinName, type CardRecord } from './card-record.js';
import { splitVcards, type RawVcard, type VcardProperty } from './vcard-lines.js';

/*
 * vCard properties into a card, as Android (2.1), iOS (3.0) and CardDAV servers and mail programs (4.0) write
 * them. Group cards (4.0 KIND:group, Apple's X-ADDRESSBOOKSERVER-KIND) are lists of people, not a person, and
 * come back marked as skipped; company cards (KIND:org, Apple's X-ABShowAs:COMPANY) are named after the company.
 */

/** Every card of a vCard file; null when the file is not one (a card opened and never closed). */
export function readVcardRecords(body: string): CardRecord[] | null {
  const cards = splitVcards(body);
  return cards && cards.map(toRecord);
}

function toRecord(card: RawVcard): CardRecord {
  const v21 = card.version === '2.1';
  const all = (name: string) => card.properties.filter((p) => p.name === name);
  const first = (name: string) => all(name)[0];
  const text = (p: VcardProperty | undefined) => (p ? unescapeText(p.value, v21).trim() : '');
  // Components split at ';'; within one, 3.0 and 4.0 may list several values, 2.1 has no such lists.
  const parts = (p: VcardProperty | undefined) => (p ? splitEscaped(p.value, ';').map((c) => (v21 ? unescapeText(c, true) : listOf(c, false).join(' ')).trim()) : []);

  const record = emptyRecord(card.line);
  const kind = (text(first('kind')) || text(first('x-addressbookserver-kind'))).toLowerCase();
  const [family = '', given = '', middle = ''] = parts(first('n'));
  const company = parts(first('org'))[0] || null;
  const isCompany = kind === 'org' || text(first('x-abshowas')).toUpperCase() === 'COMPANY';
  record.name = text(first('fn')) || joinName(family, middle, given) || (isCompany && company ? company : '');
  record.company = company;
  record.title = text(first('title')) || null;
  // A fax number is not a way to reach someone: TEL;TYPE=FAX is left out unless it also says voice or cell.
  const fax = (p: VcardProperty) => {
    const types = p.params.get('type') ?? [];
    return types.includes('fax') && !types.includes('voice') && !types.includes('cell');
  };
  record.phones = byPreference(all('tel').filter((p) => !fax(p))).map((p) => phoneOf(text(p))).filter(Boolean);
  record.emails = byPreference(all('email')).map((p) => text(p).replace(/^mailto:/i, '').trim()).filter(Boolean);
  record.wechatId = wechatOf(card, (p) => text(p)) || null;
  const adr = byPreference(all('adr'))[0];
  record.address = adr ? parts(adr).filter(Boolean).reverse().join(' ') || null : null;
  // Pond's own export writes the grade; other programs have none.
  record.grade = text(first('x-pond-grade')) || null;
  record.notes = all('note').map((p) => text(p)).filter(Boolean).join('\n') || null;
  record.tags = all('categories').flatMap((p) => listOf(p.value, v21)).map((t) => t.trim()).filter(Boolean);
  if (card.unreadable.length) record.warnings = card.unreadable.map((line) => ({ field: null, reason: 'UNREADABLE_LINE', value: clip(line) }));

  if (kind === 'group') record.skip = 'GROUP';
  else if (!card.unreadable.length && isBlank(record)) record.skip = 'EMPTY';
  return record;
}

/** The preferred first: 4.0's PREF=1 (1 is the most preferred), else a `pref` type, else in the order written. */
function byPreference(props: VcardProperty[]): VcardProperty[] {
  const rank = (p: VcardProperty) => {
    const pref = Number(p.params.get('pref')?.[0]);
    if (Number.isInteger(pref) && pref >= 1) return pref;
    return p.params.get('type')?.includes('pref') ? 1 : 101;
  };
  return props.map((p, i) => ({ p, i, r: rank(p) })).sort((a, b) => a.r - b.r || a.i - b.i).map((x) => x.p);
}

/** A number as written, or out of a 4.0 `tel:` URI (`tel:+86-139-1234-5678;ext=12`). */
function phoneOf(value: string): string {
  if (!/^tel:/i.test(value)) return value;
  const [number = '', ...uriParams] = value.slice(4).split(';');
  const ext = uriParams.find((p) => /^ext=/i.test(p))?.slice(4);
  const plain = safeDecode(number).trim();
  return ext ? `${plain} ext. ${ext}` : plain;
}

/**
 * The WeChat ID: an X-WECHAT/X-WEIXIN property, or an IMPP handle whose scheme (weixin:, wechat:), service type
 * (`X-SERVICE-TYPE=WeChat`, as iOS writes it) or label (`item1.X-ABLabel:微信`) says WeChat.
 */
function wechatOf(card: RawVcard, text: (p: VcardProperty) => string): string {
  for (const p of card.properties) if ((p.name === 'x-wechat' || p.name === 'x-weixin') && text(p)) return text(p);
  const labels = new Map(card.properties.filter((p) => p.name === 'x-ablabel' && p.group).map((p) => [p.group!, text(p)]));
  for (const p of byPreference(card.properties.filter((q) => q.name === 'impp'))) {
    const value = text(p);
    const scheme = /^([A-Za-z][A-Za-z0-9+.-]*):/.exec(value);
    const named = isWechatLabel(p.params.get('x-service-type')?.[0]) || isWechatLabel(p.group ? labels.get(p.group) : null) || /^(?:weixin|wechat|wxid)$/i.test(scheme?.[1] ?? '');
    if (!named) continue;
    // weixin://contacts/profile/ID and x-apple:ID alike: what follows the scheme, its last path segment.
    const handle = safeDecode(scheme ? value.slice(scheme[0].length) : value).replace(/^\/+/, '').split('/').pop()?.trim();
    if (handle) return handle;
  }
  return '';
}

/**
 * Escapes undone. 3.0 and 4.0 escape `\\`, `\,`, `\;` and line breaks (`\n`); 2.1 escapes only the semicolon,
 * and a backslash there is otherwise a backslash.
 */
function unescapeText(value: string, v21: boolean): string {
  return value.replace(/\\([\\,;:nN])/g, (all, c: string) => {
    if (c === ';' || c === ',') return c;
    if (v21) return all;
    return c === 'n' || c === 'N' ? '\n' : c;
  });
}

/** The value split at each `sep` that is not escaped; the pieces keep their escapes. */
function splitEscaped(value: string, sep: ',' | ';'): string[] {
  const pieces: string[] = [];
  let start = 0;
  for (let i = 0; i < value.length; i++) {
    if (value[i] === '\\') i++;
    else if (value[i] === sep) {
      pieces.push(value.slice(start, i));
      start = i + 1;
    }
  }
  pieces.push(value.slice(start));
  return pieces;
}

/** A comma-separated list (CATEGORIES, or one component of a 3.0 or 4.0 structured value), each item unescaped. */
const listOf = (value: string, v21: boolean): string[] => splitEscaped(value, ',').map((v) => unescapeText(v, v21));

function safeDecode(value: string): string {
  try {
    return decodeURIComponent(value);
  } catch {
    return value;
  }
}

const clip = (line: string) => (line.length > 60 ? `${line.slice(0, 60)}…` : line);
