import { parse as parseCsv } from 'csv-parse/sync';
import { isBlank, isWechatLabel, joinName, type CardChoiceField, type CardRecord, type CardWarning } from './card-record.js';
import { restoreCell, splitTags } from './csv-cells.js';

/*
 * CSV cards: Pond's own columns in any of its languages, Google Contacts (values of one cell joined by " ::: ",
 * numbered and labelled columns) and Outlook (classic desktop and Outlook.com), as Excel saves them on any
 * Windows (comma, semicolon or tab between fields).
 */

/** What a CSV column can hold, as the importer reads it; a person can also choose these for a column it does not know. */
export const CSV_ROLES = ['name', 'given', 'middle', 'family', 'company', 'title', 'phone', 'email', 'wechat', 'address', 'notes', 'tags', 'grade', 'importance', 'expectedClose', 'source', 'newsletterConsent'] as const satisfies readonly (string | CardChoiceField)[];
type Role = (typeof CSV_ROLES)[number];
export type CsvRole = Role;

/**
 * A person's reading of a header row: header, exactly as the file writes it, → what its column holds, or `ignore`.
 * Headers it does not name keep the importer's own reading.
 */
export type CsvMapping = Record<string, Role | 'ignore'>;

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
// Google's "Notes", Outlook's "Notes", Pond's own and the Chinese programs' remarks.
alias('notes', 'notes', 'note', 'remarks', 'comments', '備註', '备注', '附註', '附注', '說明', '说明');
alias('tags', 'tags', 'labels', 'categories', 'group membership', '標籤', '标签', '分類', '分类');
alias('grade', 'grade', '等級', '等级');
// Pond's own export's choice columns (export-columns.ts), in each of its languages.
alias('importance', 'importance', '重要性');
alias('expectedClose', 'expected close', '預計成交', '预计成交');
alias('source', 'source', '來源', '来源');
alias('newsletterConsent', 'newsletter consent', '通訊訂閱', '通讯订阅');
const CHOICES: readonly CardChoiceField[] = ['importance', 'expectedClose', 'source', 'newsletterConsent'];

const normalize = (header: string) => header.normalize('NFKC').trim().toLowerCase().replace(/\s+/g, ' ');

/** What a column holds, and for columns that come in pairs (a value and its label or type), which pair. */
interface Column {
  role?: Role;
  /** Outlook's "E-mail Type" of the address with the same number ("EX" for an Exchange directory entry). */
  emailTypeOf?: number;
  /** Google's "Phone N - Type" column (Mobile, Work, Work Fax…): says what slot N holds. */
  phoneTypeOf?: number;
  /** Google's "Phone N - Value" column. */
  phoneSlot?: number;
  /** The Outlook address column with this number. */
  emailSlot?: number;
  /** Google's "Custom Field 1 - Label" or "IM 1 - Service": the label of the value column with the same key. */
  labelOf?: string;
  /** Google's "Custom Field 1 - Value" or "IM 1 - Value". */
  labelled?: string;
}

function columnOf(header: string): Column {
  const h = normalize(header);
  const address = /^e-mail(?: (\d+))? address$/.exec(h);
  if (address) return { role: 'email', emailSlot: Number(address[1] ?? 1) };
  const type = /^e-mail(?: (\d+))? type$/.exec(h);
  if (type) return { emailTypeOf: Number(type[1] ?? 1) };
  const label = /^(custom field|im) (\d+) - (?:label|type|service)$/.exec(h);
  if (label) return { labelOf: `${label[1]} ${label[2]}` };
  const labelled = /^(custom field|im) (\d+) - value$/.exec(h);
  if (labelled) return { labelled: `${labelled[1]} ${labelled[2]}` };
  if (HEADERS[h]) return { role: HEADERS[h] };
  const phoneType = /^phone (\d+) - type$/.exec(h);
  if (phoneType) return { phoneTypeOf: Number(phoneType[1]) };
  const phoneValue = /^phone (\d+) - value$/.exec(h);
  if (phoneValue) return { role: 'phone', phoneSlot: Number(phoneValue[1]) };
  if (/^e-mail \d+ - value$/.test(h)) return { role: 'email' };
  return {};
}

/**
 * The header row's columns. Where a "Job Title" column is, "Title" is Outlook's honorific (Mr., Ms.) and is ignored.
 * A person's mapping, when given, decides for the headers it names.
 */
function columnsOf(header: string[], mapping: CsvMapping = {}): Column[] {
  const columns = header.map(columnOf);
  if (header.some((h) => normalize(h) === 'job title')) header.forEach((h, i) => normalize(h) === 'title' && (columns[i] = {}));
  header.forEach((h, i) => {
    const chosen = Object.hasOwn(mapping, h) ? mapping[h] : undefined;
    if (chosen) columns[i] = chosen === 'ignore' ? {} : { role: chosen };
  });
  return columns;
}

/** One column of a CSV file as the import preview shows it: its header, what the importer reads in it, a few values. */
export interface CsvColumnView {
  header: string;
  /** Null: the importer does not use this column (unknown, or a label/type column read with its pair). */
  role: Role | null;
  /** True when the importer reads it as one of a pair of columns (Google's and Outlook's numbered ones). */
  paired: boolean;
  samples: string[];
}

/** The columns of a CSV file and their first values, read with the mapping applied; null when no header row can be read. */
export function csvColumns(text: string, mapping: CsvMapping = {}, sampleRows = 3): CsvColumnView[] | null {
  const body = text.replace(/^\uFEFF/, '');
  let rows: string[][];
  try {
    rows = parseCsv(body, { relax_column_count: true, skip_empty_lines: true, delimiter: sniffDelimiter(body), to: sampleRows + 1 }) as string[][];
  } catch {
    return null;
  }
  const [header, ...data] = rows;
  if (!header) return null;
  const columns = columnsOf(header, mapping);
  return header.map((h, i) => {
    const c = columns[i]!;
    return {
      header: h,
      role: c.role ?? null,
      paired: c.role === undefined && (c.emailTypeOf !== undefined || c.phoneTypeOf !== undefined || c.labelOf !== undefined || c.labelled !== undefined),
      samples: data.map((r) => (r[i] ?? '').trim()).filter(Boolean).slice(0, sampleRows),
    };
  });
}

/** Google joins several values of one cell with " ::: "; Pond's own export uses "; ". */
function split(cell: string): string[] {
  return cell
    .split(/\s*:::\s*|\s*[;；]\s*|\n/)
    .map((s) => s.trim())
    .filter(Boolean);
}

/** Google's system labels ("* myContacts", "* starred") are not tags anyone chose. */
const tagsOf = (cells: string[]) => cells.flatMap(splitTags).filter((t) => !t.startsWith('* '));

export type CsvRead = { ok: true; records: CardRecord[] } | { ok: false; problem: 'EMPTY' | 'UNREADABLE' | 'NO_NAME_COLUMN' };

/** Every card of a CSV file, a row of empty cells as a skipped card; the parser stops one record past `max`. */
export function readCsvRecords(body: string, max = Infinity, mapping: CsvMapping = {}): CsvRead {
  let rows: { record: string[]; info: { lines: number } }[];
  try {
    const to = Number.isFinite(max) ? { to: max + 2 } : {};
    rows = parseCsv(body, { relax_column_count: true, skip_empty_lines: true, info: true, delimiter: sniffDelimiter(body), ...to }) as unknown as typeof rows;
  } catch {
    return { ok: false, problem: 'UNREADABLE' };
  }
  const [header, ...data] = rows;
  if (!header) return { ok: false, problem: 'EMPTY' };
  const columns = columnsOf(header.record, mapping);
  if (!columns.some((c) => c.role === 'name' || c.role === 'given' || c.role === 'family')) return { ok: false, problem: 'NO_NAME_COLUMN' };
  return { ok: true, records: data.map(({ record, info }) => toRecord(record, info.lines, columns)) };
}

function toRecord(record: string[], endLine: number, columns: Column[]): CardRecord {
  // `endLine` is the line the record ends on; quoted fields may span lines.
  const line = endLine - record.reduce((n, c) => n + (c.match(/\r\n|\n|\r/g)?.length ?? 0), 0);
  // A cell Pond's export neutralised ('=…, '+86…) comes back without the quote it was given.
  const cells = record.map((c) => restoreCell(c.trim()));
  const by = (role: Role) => cells.filter((c, i) => c && columns[i]?.role === role);
  const first = (role: Role) => by(role)[0] ?? null;
  const { emails, warnings } = emailsOf(cells, columns);
  const choices: NonNullable<CardRecord['choices']> = {};
  for (const field of CHOICES) {
    const value = first(field);
    if (value !== null) choices[field] = value;
  }
  const card: CardRecord = {
    line,
    name: first('name') ?? joinName(first('family') ?? '', first('middle') ?? '', first('given') ?? ''),
    company: first('company'),
    title: first('title'),
    phones: phonesOf(cells, columns),
    emails,
    wechatId: first('wechat') ?? labelledWechat(cells, columns),
    address: first('address'),
    notes: by('notes').join('\n') || null,
    tags: tagsOf(by('tags')),
    grade: first('grade'),
    ...(Object.keys(choices).length ? { choices } : {}),
    ...(warnings.length ? { warnings } : {}),
  };
  // Empty cells, or only what Pond does not take (a Google system label): an empty row.
  return isBlank(card) && !warnings.length ? { ...card, skip: 'EMPTY' } : card;
}

/** The row's phone numbers, but not Google's slots typed as a fax: nobody calls a fax machine. */
function phonesOf(cells: string[], columns: Column[]): string[] {
  const fax = new Set(columns.flatMap((c, i) => (c.phoneTypeOf !== undefined && /fax|傳真|传真/i.test(cells[i] ?? '') ? [c.phoneTypeOf] : [])));
  return cells.filter((c, i) => c && columns[i]?.role === 'phone' && !(columns[i]!.phoneSlot !== undefined && fax.has(columns[i]!.phoneSlot!))).flatMap(split);
}

/**
 * The row's e-mail addresses, but not Outlook's Exchange entries (E-mail Type "EX"): their "address" is an X.500
 * directory path (/o=…/cn=…) that no mail can be sent to, so it is left out with a warning.
 */
function emailsOf(cells: string[], columns: Column[]): { emails: string[]; warnings: CardWarning[] } {
  const exchange = new Set(columns.flatMap((c, i) => (c.emailTypeOf !== undefined && cells[i]?.toUpperCase() === 'EX' ? [c.emailTypeOf] : [])));
  const emails: string[] = [];
  const warnings: CardWarning[] = [];
  cells.forEach((cell, i) => {
    const column = columns[i];
    if (!cell || column?.role !== 'email') return;
    for (const value of split(cell)) {
      if (column.emailSlot !== undefined && exchange.has(column.emailSlot)) warnings.push({ field: 'emails', reason: 'EXCHANGE_ADDRESS', value });
      else emails.push(value);
    }
  });
  return { emails, warnings };
}

/** A WeChat ID in one of Google's labelled columns (Custom Field, IM) whose label says WeChat. */
function labelledWechat(cells: string[], columns: Column[]): string | null {
  for (let i = 0; i < columns.length; i++) {
    const key = columns[i]!.labelOf;
    if (key === undefined || !cells[i]) continue;
    const value = cells[columns.findIndex((c) => c.labelled === key)];
    if (!value) continue;
    // Values sharing a column are joined with " ::: ", their labels in the same order.
    const labels = cells[i]!.split(/\s*:::\s*/);
    const values = value.split(/\s*:::\s*/);
    const at = labels.length === values.length ? labels.findIndex(isWechatLabel) : isWechatLabel(labels[0]) ? 0 : -1;
    const id = values[at]?.trim();
    if (id) return id;
  }
  return null;
}

/** Excel in some locales writes ';' or tabs between fields; the header line tells which. */
function sniffDelimiter(body: string): string {
  const head = body.slice(0, body.indexOf('\n') >>> 0);
  const count = (c: string) => head.split(c).length - 1;
  const [best] = [',', ';', '\t'].sort((a, b) => count(b) - count(a));
  return best && count(best) > 0 ? best : ',';
}
