import { parse as parseCsv } from 'csv-parse/sync';
import ICAL from 'ical.js';
import { ERRORS } from '../errors.js';
import type { Locale, Localized } from '../i18n/locale.js';
import { restoreCell, splitTags } from './csv-cells.js';
import { Grade, type CardFormat, type Source } from './enums.js';
import { EMAIL_FAILURE_LABELS, PHONE_FAILURE_LABELS, WECHAT_ID_FAILURE_LABELS, normalizePhones, type PhoneRegion } from './phones.js';
import { CreateProspectInput } from './schemas.js';

/*
 * Business cards from other address books, read into one shape before anything is validated: CSV (Pond's own
 * columns in any of its languages, Google Contacts and Outlook exports) and vCard 3.0/4.0. Reading never
 * refuses a card; the import validates each one and reports what it could not take, by line.
 */

/** One card as found in the file, its values untrimmed of meaning but not yet validated. */
export interface CardRecord {
  /** The line the card starts on (1-based; for CSV the header is line 1). */
  line: number;
  name: string;
  company: string | null;
  title: string | null;
  phones: string[];
  emails: string[];
  wechatId: string | null;
  address: string | null;
  tags: string[];
  /** A grade written in the file (A, B, C), when the file has such a column. */
  grade: string | null;
}

export const CARD_FILE_PROBLEMS = ['EMPTY', 'UNREADABLE', 'NO_NAME_COLUMN', 'TOO_MANY'] as const;
export type CardFileProblem = (typeof CARD_FILE_PROBLEMS)[number];

export type CardFileResult = { ok: true; format: CardFormat; records: CardRecord[] } | { ok: false; problem: CardFileProblem };

/**
 * Bytes of an exported file as text: UTF-8 (with or without BOM) and UTF-16 with a BOM as they are; anything
 * that is not valid UTF-8 is read as GB18030 (mainland Excel and Outlook), or as `fallback` when given (Big5
 * for Taiwanese exports).
 */
export function decodeCardBytes(bytes: Uint8Array, fallback: 'gb18030' | 'big5' = 'gb18030'): string {
  if (bytes[0] === 0xff && bytes[1] === 0xfe) return new TextDecoder('utf-16le').decode(bytes);
  if (bytes[0] === 0xfe && bytes[1] === 0xff) return new TextDecoder('utf-16be').decode(bytes);
  try {
    return new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch {
    return new TextDecoder(fallback).decode(bytes);
  }
}

/** vCard when the first meaningful line opens one, CSV otherwise. */
export function detectCardFormat(text: string): CardFormat {
  return /^\s*BEGIN:VCARD/i.test(text.replace(/^\uFEFF/, '')) ? 'vcard' : 'csv';
}

/** Reads every card of a file; `max` bounds how many one call may return. */
export function readCards(text: string, format: CardFormat = detectCardFormat(text), max = Infinity): CardFileResult {
  const body = text.replace(/^\uFEFF/, '');
  if (!body.trim()) return { ok: false, problem: 'EMPTY' };
  // Bounded before the work: a vCard file's cards are counted first, a CSV's parser stops one record past the
  // bound, so an oversized file costs a scan, not a parse of every card.
  if (format === 'vcard' && countVcards(body, max + 1) > max) return { ok: false, problem: 'TOO_MANY' };
  const result = format === 'vcard' ? readVcards(body) : readCsv(body, max);
  if (!result.ok) return result;
  if (!result.records.length) return { ok: false, problem: 'EMPTY' };
  if (result.records.length > max) return { ok: false, problem: 'TOO_MANY' };
  return result;
}

// ---------------------------------------------------------------------------------------------------------
// CSV

type Role = 'name' | 'given' | 'middle' | 'family' | 'company' | 'title' | 'phone' | 'email' | 'wechat' | 'address' | 'tags' | 'grade';

/** Header → role, after lower-casing, NFKC and collapsing spaces. Numbered Google/Outlook columns match below. */
const HEADERS: Record<string, Role> = {};
const alias = (role: Role, ...names: string[]) => names.forEach((n) => (HEADERS[n] = role));
alias('name', 'name', 'full name', 'display name', '姓名', '名字', '聯絡人', '联系人');
alias('given', 'first name', 'given name', '名');
alias('middle', 'middle name', 'additional name');
alias('family', 'last name', 'family name', 'surname', '姓');
alias('company', 'company', 'organization', 'organization name', 'organization 1 - name', '公司', '公司名稱', '公司名称', '單位', '单位', '機構', '机构');
alias('title', 'title', 'job title', 'organization title', 'organization 1 - title', '職稱', '职称', '職位', '职位', '頭銜', '头衔');
alias('phone', 'phone', 'phones', 'mobile', 'mobile phone', 'cell phone', 'business phone', 'business phone 2', 'home phone', 'home phone 2', 'other phone', 'primary phone', 'company main phone', 'car phone', '電話', '电话', '手機', '手机', '行動電話', '移动电话');
alias('email', 'email', 'emails', 'e-mail', 'email address', 'e-mail address', 'e-mail 2 address', 'e-mail 3 address', '電郵', '电邮', '郵箱', '邮箱', '電子郵件', '电子邮件', '電子郵件地址', '电子邮件地址');
alias('wechat', 'wechat', 'wechat id', 'weixin', '微信', '微信號', '微信号');
alias('address', 'address', 'address 1 - formatted', '地址', '公司地址');
alias('tags', 'tags', 'labels', 'categories', 'group membership', '標籤', '标签', '分類', '分类');
alias('grade', 'grade', '等級', '等级');

function roleOf(header: string): Role | undefined {
  const h = header.normalize('NFKC').trim().toLowerCase().replace(/\s+/g, ' ');
  if (HEADERS[h]) return HEADERS[h];
  if (/^phone \d+ - value$/.test(h)) return 'phone';
  if (/^e-mail \d+ - value$/.test(h)) return 'email';
  return undefined;
}

/** Google joins several values of one cell with " ::: "; Pond's own export uses "; ". */
function split(cell: string): string[] {
  return cell
    .split(/\s*:::\s*|\s*[;；]\s*|\n/)
    .map((s) => s.trim())
    .filter(Boolean);
}

/** Names in CJK script are written family name first with no space; others given name first. */
function joinName(family: string, middle: string, given: string): string {
  const parts = [family, middle, given].filter(Boolean);
  if (!parts.length) return '';
  return /[A-Za-z]/.test(parts.join('')) ? [given, middle, family].filter(Boolean).join(' ') : parts.join('');
}

/** Google's system labels ("* myContacts", "* starred") are not tags anyone chose. */
const tagsOf = (cells: string[]) => cells.flatMap(splitTags).filter((t) => !t.startsWith('* '));

/** How many cards a vCard file opens, counting no further than `stopAt`. */
function countVcards(body: string, stopAt: number): number {
  const begin = /^[ \t]*BEGIN:VCARD/gim;
  let n = 0;
  while (n < stopAt && begin.exec(body)) n++;
  return n;
}

function readCsv(body: string, max = Infinity): CardFileResult {
  let rows: { record: string[]; info: { lines: number } }[];
  try {
    const to = Number.isFinite(max) ? { to: max + 2 } : {};
    rows = parseCsv(body, { relax_column_count: true, skip_empty_lines: true, info: true, delimiter: sniffDelimiter(body), ...to }) as unknown as typeof rows;
  } catch {
    return { ok: false, problem: 'UNREADABLE' };
  }
  const [header, ...data] = rows;
  if (!header) return { ok: false, problem: 'EMPTY' };
  const roles = header.record.map(roleOf);
  if (!roles.some((r) => r === 'name' || r === 'given' || r === 'family')) return { ok: false, problem: 'NO_NAME_COLUMN' };
  const records: CardRecord[] = [];
  for (const { record, info } of data) {
    // `info.lines` is the line the record ends on; quoted fields may span lines.
    const start = info.lines - record.reduce((n, c) => n + (c.match(/\r\n|\n|\r/g)?.length ?? 0), 0);
    // A cell Pond's export neutralised ('=…, '+86…) comes back without the quote it was given.
    const by = (role: Role) => record.filter((_, i) => roles[i] === role).map((c) => restoreCell(c.trim())).filter(Boolean);
    const first = (role: Role) => by(role)[0] ?? null;
    if (!record.some((c) => c.trim())) continue;
    records.push({
      line: start,
      name: first('name') ?? joinName(first('family') ?? '', first('middle') ?? '', first('given') ?? ''),
      company: first('company'),
      title: first('title'),
      phones: by('phone').flatMap(split),
      emails: by('email').flatMap(split),
      wechatId: first('wechat'),
      address: first('address'),
      tags: tagsOf(by('tags')),
      grade: first('grade'),
    });
  }
  return { ok: true, format: 'csv', records };
}

/** Excel in some locales writes ';' or tabs between fields; the header line tells which. */
function sniffDelimiter(body: string): string {
  const head = body.slice(0, body.indexOf('\n') >>> 0);
  const count = (c: string) => head.split(c).length - 1;
  const [best] = [',', ';', '\t'].sort((a, b) => count(b) - count(a));
  return best && count(best) > 0 ? best : ',';
}

// ---------------------------------------------------------------------------------------------------------
// vCard

type JProp = [name: string, params: Record<string, unknown>, type: string, ...values: unknown[]];

const text = (v: unknown): string => (Array.isArray(v) ? v.map(text).filter(Boolean).join(' ') : v == null ? '' : String(v)).trim();

function readVcards(body: string): CardFileResult {
  let parsed: unknown;
  try {
    parsed = ICAL.parse(body);
  } catch {
    return { ok: false, problem: 'UNREADABLE' };
  }
  const cards = (Array.isArray(parsed) && parsed[0] === 'vcard' ? [parsed] : (parsed as unknown[])) as [string, JProp[], unknown[]][];
  const starts: number[] = [];
  body.split(/\r\n|\n|\r/).forEach((l, i) => /^BEGIN:VCARD/i.test(l.trim()) && starts.push(i + 1));
  const records: CardRecord[] = [];
  cards.forEach((card, i) => {
    if (!Array.isArray(card) || card[0] !== 'vcard') return;
    const props = card[1];
    const all = (name: string) => props.filter((p) => p[0] === name);
    const values = (name: string) => all(name).flatMap((p) => p.slice(3));
    const n = all('n')[0]?.[3];
    const [family, given, middle] = Array.isArray(n) ? n.map(text) : [text(n), '', ''];
    const org = all('org')[0]?.[3];
    const wechat =
      text(values('x-wechat')[0]) ||
      values('impp')
        .map(text)
        .map((v) => /^(?:weixin|wechat|wxid):(.+)$/i.exec(v)?.[1] ?? '')
        .find(Boolean) ||
      '';
    records.push({
      line: starts[i] ?? i + 1,
      name: text(values('fn')[0]) || joinName(family ?? '', middle ?? '', given ?? ''),
      company: (Array.isArray(org) ? text(org[0]) : text(org)) || null,
      title: text(values('title')[0]) || null,
      phones: values('tel').map((v) => text(v).replace(/^tel:/i, '')).filter(Boolean),
      emails: values('email').map((v) => text(v).replace(/^mailto:/i, '')).filter(Boolean),
      wechatId: wechat || null,
      address: all('adr').map((p) => (Array.isArray(p[3]) ? p[3].map(text).filter(Boolean).reverse().join(' ') : text(p[3])))[0] || null,
      tags: values('categories').map(text).flatMap((t) => t.split(',')).map((t) => t.trim()).filter(Boolean),
      grade: null,
    });
  });
  return { ok: true, format: 'vcard', records };
}

// ---------------------------------------------------------------------------------------------------------
// From card to new prospect

/** Why one card could not become a prospect, by field. */
export interface CardProblem {
  field: 'name' | 'company' | 'title' | 'phones' | 'emails' | 'wechatId' | 'address' | 'tags' | 'grade';
  reason: string;
}

export interface CardDefaults {
  grade: Grade;
  source: Source;
  /** Added to every card's own tags (e.g. the event the cards come from). */
  tags: string[];
}

/** A card ready to insert: validated, phones in E.164, e-mails lower-cased. */
export type CardInput = Omit<CreateProspectInput, 'collectedByUserId'>;

const CARD_FIELDS = new Set<CardProblem['field']>(['name', 'company', 'title', 'phones', 'emails', 'wechatId', 'address', 'tags', 'grade']);

/**
 * Validates one card as a new prospect with the same rules as a quick create (a name and one phone or
 * e-mail), in the installation's phone region. A grade in the file wins over the import's default.
 */
export function cardToInput(card: CardRecord, defaults: CardDefaults, region: PhoneRegion | undefined): { ok: true; input: CardInput } | { ok: false; problems: CardProblem[] } {
  const problems: CardProblem[] = [];
  const grade = card.grade === null ? defaults.grade : Grade.safeParse(card.grade.trim().toUpperCase()).data;
  if (grade === undefined) problems.push({ field: 'grade', reason: 'UNKNOWN_GRADE' });
  const parsed = CreateProspectInput.safeParse({
    name: card.name,
    company: card.company,
    title: card.title,
    phones: card.phones,
    emails: card.emails,
    wechatId: card.wechatId,
    address: card.address,
    tags: [...card.tags, ...defaults.tags],
    grade: grade ?? defaults.grade,
    source: defaults.source,
  });
  if (!parsed.success) {
    for (const issue of parsed.error.issues) {
      const field = CARD_FIELDS.has(issue.path[0] as CardProblem['field']) ? (issue.path[0] as CardProblem['field']) : 'name';
      const reason = (issue as { params?: { reason?: string } }).params?.reason ?? (issue.code === 'too_small' ? 'EMPTY' : issue.code === 'too_big' ? 'TOO_LONG' : 'INVALID');
      if (!problems.some((p) => p.field === field && p.reason === reason)) problems.push({ field, reason });
    }
  }
  const phones = normalizePhones(parsed.success ? parsed.data.phones : card.phones.filter((p) => p.trim()), region);
  for (const issue of phones.issues) {
    if (!problems.some((p) => p.field === 'phones' && p.reason === issue.reason)) problems.push({ field: 'phones', reason: issue.reason });
  }
  if (problems.length || !parsed.success) return { ok: false, problems };
  const { collectedByUserId: _, ...input } = parsed.data;
  return { ok: true, input: { ...input, phones: phones.phones.map((p) => p.e164) } };
}

const GENERIC_PROBLEMS: Record<string, Localized> = {
  EMPTY: { en: 'This field is empty.', 'zh-Hant': '此欄位是空的。', 'zh-Hans': '此字段为空。' },
  TOO_LONG: { en: 'This value is too long.', 'zh-Hant': '此欄位內容過長。', 'zh-Hans': '此字段内容过长。' },
  INVALID: { en: 'This value is not valid.', 'zh-Hant': '此欄位內容無效。', 'zh-Hans': '此字段内容无效。' },
  UNKNOWN_GRADE: { en: 'The grade must be A, B or C.', 'zh-Hant': '等級必須是 A、B 或 C。', 'zh-Hans': '等级必须是 A、B 或 C。' },
  CONTACT_REQUIRED: ERRORS.CONTACT_REQUIRED.message,
  NAME_REQUIRED: { en: 'The card has no name.', 'zh-Hant': '名片上沒有姓名。', 'zh-Hans': '名片上没有姓名。' },
};

/** The problem in the reader's language, with the same wording as the form's own checks. */
export function cardProblemMessage(problem: CardProblem, locale: Locale): string {
  const table: Record<string, Localized> =
    problem.field === 'phones' && problem.reason !== 'CONTACT_REQUIRED' ? PHONE_FAILURE_LABELS :
    problem.field === 'emails' ? EMAIL_FAILURE_LABELS :
    problem.field === 'wechatId' ? WECHAT_ID_FAILURE_LABELS :
    problem.field === 'name' && problem.reason === 'EMPTY' ? { EMPTY: GENERIC_PROBLEMS.NAME_REQUIRED! } : {};
  const catalogued = problem.reason in ERRORS ? ERRORS[problem.reason as keyof typeof ERRORS].message : undefined;
  return (table[problem.reason] ?? GENERIC_PROBLEMS[problem.reason] ?? catalogued ?? GENERIC_PROBLEMS.INVALID!)[locale];
}

/** One card of a file, checked: ready to insert, or refused with its problems. */
export interface PreparedCard {
  line: number;
  name: string;
  result: ReturnType<typeof cardToInput>;
}

/**
 * A whole file read and every card checked (readCards, then cardToInput): the CPU-bound part of an import,
 * pure, so the server may run it on another thread for a large file.
 */
export function prepareCards(
  text: string,
  format: CardFormat | undefined,
  max: number,
  defaults: CardDefaults,
  region: PhoneRegion | undefined,
): { ok: true; format: CardFormat; cards: PreparedCard[] } | { ok: false; problem: CardFileProblem } {
  const read = readCards(text, format, max);
  if (!read.ok) return read;
  return { ok: true, format: read.format, cards: read.records.map((card) => ({ line: card.line, name: card.name, result: cardToInput(card, defaults, region) })) };
}
