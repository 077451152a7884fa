import { readCsvRecords, type CsvMapping } from './card-csv.js';
export { CSV_ROLES, csvColumns, type CsvColumnView, type CsvMapping, type CsvRole } from './card-csv.js';
import { cardProblemMessage, cardSkipMessage, cardWarningMessage, type CardProblem } from './card-messages.js';
import { LOCALES, type Localized } from '../i18n/locale.js';
import type { CardChoiceField, CardRecord, CardSkipReason, CardWarning } from './card-record.js';
import { readVcardRecords } from './card-vcard.js';
import { EXPECTED_CLOSES, Grade, IMPORTANCES, NEWSLETTER_CONSENTS, SOURCES, type CardFormat, type Source } from './enums.js';
import { PROSPECT_LABELS } from './labels.js';
import { normalizePhone, normalizePhones, type PhoneRegion } from './phones.js';
import { CreateProspectInput } from './schemas.js';

/*
 * Business cards from other address books, read into one shape before anything is validated: CSV (Pond's own
 * columns in any of its languages, Google Contacts and Outlook exports; card-csv.ts) and vCard 2.1, 3.0 and 4.0
 * (card-vcard.ts). Reading never refuses a card; the import validates each one and reports what it could not
 * take, by line, and what it left out of the cards it took.
 */

export type { CardChoiceField, CardField, CardRecord, CardSkipReason, CardWarning } from './card-record.js';
export type { CardProblem } from './card-messages.js';
export { cardProblemMessage, cardSkipMessage, cardWarningMessage };
export { decodeCardBytes, guessLegacyEncoding, readCardBytes, type CardTextEncoding, type LegacyEncoding } from './card-encoding.js';

export const CARD_FILE_PROBLEMS = ['EMPTY', 'UNREADABLE', 'NO_NAME_COLUMN', 'TOO_MANY'] as const;
export type CardFileProblem = (typeof CARD_FILE_PROBLEMS)[number];

export type CardFileResult = { ok: true; format: CardFormat; records: CardRecord[] } | { ok: false; problem: CardFileProblem };

/** vCard when the first meaningful line opens one, CSV otherwise. */
export function detectCardFormat(text: string): CardFormat {
  return /^\s*BEGIN:VCARD/i.test(text.replace(/^\uFEFF/, '')) ? 'vcard' : 'csv';
}

/**
 * Reads every card of a file; `max` bounds how many one call may return. Cards to skip (group cards, empty
 * rows) are among the records, marked; a file with nothing but empty rows is EMPTY.
 */
export function readCards(text: string, format: CardFormat = detectCardFormat(text), max = Infinity, mapping: CsvMapping = {}): CardFileResult {
  const body = text.replace(/^\uFEFF/, '');
  if (!body.trim()) return { ok: false, problem: 'EMPTY' };
  // Bounded before the work: a vCard file's cards are counted first, a CSV's parser stops one record past the
  // bound, so an oversized file costs a scan, not a parse of every card.
  if (format === 'vcard' && countVcards(body, max + 1) > max) return { ok: false, problem: 'TOO_MANY' };
  let records: CardRecord[];
  if (format === 'vcard') {
    const read = readVcardRecords(body);
    if (!read) return { ok: false, problem: 'UNREADABLE' };
    records = read;
  } else {
    const read = readCsvRecords(body, max, mapping);
    if (!read.ok) return read;
    records = read.records;
  }
  if (records.every((r) => r.skip === 'EMPTY')) return { ok: false, problem: 'EMPTY' };
  if (records.length > max) return { ok: false, problem: 'TOO_MANY' };
  return { ok: true, format, records };
}

/** How many cards a vCard file opens, counting no further than `stopAt`. */
function countVcards(body: string, stopAt: number): number {
  const begin = /^[ \t]*BEGIN:VCARD/gim;
  let n = 0;
  while (n < stopAt && begin.exec(body)) n++;
  return n;
}

// ---------------------------------------------------------------------------------------------------------
// From card to new prospect

export interface CardDefaults {
  grade: Grade;
  source: Source;
  /** Added to every card's own tags (e.g. the event the cards come from). */
  tags: string[];
}

/** A card ready to insert: validated, phones in E.164, e-mails lower-cased. */
export type CardInput = Omit<CreateProspectInput, 'collectedByUserId'>;

/** One card checked: ready to insert with what was left out of it, or refused with its problems. */
export type CardCheck = { ok: true; input: CardInput; warnings: CardWarning[] } | { ok: false; problems: CardProblem[] };

/** The fields of a card (and of a prospect) that a problem can name, each with its own words per reason. */
export const CARD_FIELDS: ReadonlySet<string> = new Set<CardProblem['field']>(['name', 'company', 'title', 'phones', 'emails', 'wechatId', 'address', 'notes', 'tags', 'grade']);

/** A long number as a spreadsheet shows it (1.39123E+10): the digits past the sixth are gone for good. */
const SCIENTIFIC = /^[+-]?\d+(?:[.,]\d+)?e\+?\d+$/i;
/** An Exchange entry's X.500 directory path (/o=…/ou=…/cn=…), written where an address should be. */
const X500 = /^\/o=/i;
/** How Android's NANP formatter writes any 11-digit number that starts with 1, a Chinese mobile included. */
const NANP = /^1-\d{3}-\d{3}-\d{4}$/;

/**
 * Validates one card as a new prospect with the same rules as a quick create (a name and one phone or
 * e-mail), in the installation's phone region. A grade or source in the file wins over the import's default. What cannot
 * be a contact is left out with a warning rather than refusing the card: a phone a spreadsheet turned into
 * scientific notation (its digits are never guessed), an Exchange path in place of an e-mail. A card without a
 * name is named after its company, else its e-mail address.
 */
export function cardToInput(card: CardRecord, defaults: CardDefaults, region: PhoneRegion | undefined): CardCheck {
  const warnings: CardWarning[] = [...(card.warnings ?? [])];
  const phones: string[] = [];
  for (const phone of card.phones) {
    if (SCIENTIFIC.test(phone.normalize('NFKC').trim())) warnings.push({ field: 'phones', reason: 'DIGITS_LOST', value: phone.trim() });
    else phones.push(nanpOrAsWritten(phone, region));
  }
  const emails: string[] = [];
  for (const email of card.emails) {
    if (X500.test(email.trim())) warnings.push({ field: 'emails', reason: 'EXCHANGE_ADDRESS', value: email.trim() });
    else emails.push(email);
  }
  let name = card.name;
  if (!name.trim()) {
    const company = card.company?.trim();
    const email = emails.map((e) => e.trim()).find(Boolean);
    if (company) warnings.push({ field: 'name', reason: 'NAMED_AFTER_COMPANY', value: (name = company) });
    else if (email) warnings.push({ field: 'name', reason: 'NAMED_AFTER_EMAIL', value: (name = email) });
  }

  const chosen = choicesOf(card, warnings);
  const problems: CardProblem[] = [];
  const grade = card.grade === null ? defaults.grade : Grade.safeParse(card.grade.trim().toUpperCase()).data;
  if (grade === undefined) problems.push({ field: 'grade', reason: 'UNKNOWN_GRADE' });
  const parsed = CreateProspectInput.safeParse({
    name,
    company: card.company,
    title: card.title,
    phones,
    emails,
    wechatId: card.wechatId,
    address: card.address,
    notes: card.notes,
    tags: [...card.tags, ...defaults.tags],
    grade: grade ?? defaults.grade,
    source: chosen.source ?? defaults.source,
    importance: chosen.importance,
    expectedClose: chosen.expectedClose,
    newsletterConsent: chosen.newsletterConsent,
  });
  if (!parsed.success) {
    // No contact left because the only ones were left out: say which, not just that there is none.
    const lost = warnings.find((w) => w.reason === 'DIGITS_LOST') ?? warnings.find((w) => w.reason === 'EXCHANGE_ADDRESS');
    for (const issue of parsed.error.issues) {
      const field = CARD_FIELDS.has(issue.path[0] as CardProblem['field']) ? (issue.path[0] as CardProblem['field']) : 'name';
      const reason = (issue as { params?: { reason?: string } }).params?.reason ?? (issue.code === 'too_small' ? 'EMPTY' : issue.code === 'too_big' ? 'TOO_LONG' : 'INVALID');
      const problem: CardProblem =
        reason === 'CONTACT_REQUIRED' && lost ? { field: lost.field!, reason: lost.reason === 'DIGITS_LOST' ? 'DIGITS_LOST' : 'EXCHANGE_ONLY', value: lost.value! } : { field, reason };
      if (!problems.some((p) => p.field === problem.field && p.reason === problem.reason)) problems.push(problem);
    }
  }
  const normalized = normalizePhones(parsed.success ? parsed.data.phones : phones.filter((p) => p.trim()), region);
  for (const issue of normalized.issues) {
    if (!problems.some((p) => p.field === 'phones' && p.reason === issue.reason)) problems.push({ field: 'phones', reason: issue.reason });
  }
  if (problems.length || !parsed.success) return { ok: false, problems };
  const { collectedByUserId: _, ...input } = parsed.data;
  return { ok: true, input: { ...input, phones: normalized.phones.map((p) => p.e164) }, warnings };
}

const foldChoice = (s: string) => s.normalize('NFKC').trim().toLowerCase().replace(/\s+/g, ' ');

/** Each choice field's values by every way a file writes one: its code, or its label in any of Pond's languages. */
const CHOICES: Record<CardChoiceField, Map<string, string>> = {
  importance: choiceLookup('importance', IMPORTANCES),
  expectedClose: choiceLookup('expectedClose', EXPECTED_CLOSES),
  source: choiceLookup('source', SOURCES),
  newsletterConsent: choiceLookup('newsletterConsent', NEWSLETTER_CONSENTS),
};

function choiceLookup(field: CardChoiceField, values: readonly string[]): Map<string, string> {
  const labels = PROSPECT_LABELS[field] as Record<string, Localized>;
  return new Map(values.flatMap((v) => [[foldChoice(v), v] as const, ...LOCALES.map((l) => [foldChoice(labels[v]![l]), v] as const)]));
}

/**
 * The card's choices (importance, expected close, source, newsletter consent) as codes. One Pond does not know is
 * left at its default, with a warning, rather than refusing the card: another program may name a column alike.
 */
function choicesOf(card: CardRecord, warnings: CardWarning[]): Partial<Record<CardChoiceField, string>> {
  const chosen: Partial<Record<CardChoiceField, string>> = {};
  for (const [field, written] of Object.entries(card.choices ?? {}) as [CardChoiceField, string][]) {
    const value = CHOICES[field].get(foldChoice(written));
    if (value === undefined) warnings.push({ field, reason: 'UNKNOWN_CHOICE', value: written.trim() });
    else chosen[field] = value;
  }
  return chosen;
}

/**
 * `1-391-234-5678` is the Chinese mobile 13912345678 as Android's NANP formatter writes it, and reads right in
 * the region CN. Only when the number is not valid in the default region is the formatter's own reading, a
 * North American number, taken instead.
 */
function nanpOrAsWritten(phone: string, region: PhoneRegion | undefined): string {
  const text = phone.normalize('NFKC').trim();
  if (!NANP.test(text) || normalizePhone(text, region).ok) return phone;
  return normalizePhone(`+${text}`, region).ok ? `+${text}` : phone;
}

/** One card of a file: skipped (a group card, an empty row), or checked. */
export type PreparedCard = { line: number; name: string; skipped: CardSkipReason } | { line: number; name: string; skipped: null; result: CardCheck };

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
  mapping: CsvMapping = {},
): { ok: true; format: CardFormat; cards: PreparedCard[] } | { ok: false; problem: CardFileProblem } {
  const read = readCards(text, format, max, mapping);
  if (!read.ok) return read;
  const cards = read.records.map((card): PreparedCard => {
    if (card.skip) return { line: card.line, name: card.name, skipped: card.skip };
    const result = cardToInput(card, defaults, region);
    return { line: card.line, name: result.ok ? result.input.name : card.name, skipped: null, result };
  });
  return { ok: true, format: read.format, cards };
}
