/*
 * The one shape every reader of a contacts file (card-csv.ts, card-vcard.ts) fills in, before anything on the
 * card is validated (cards.ts).
 */

/** The fields of a card that a problem or a warning may name. */
export type CardField = 'name' | 'company' | 'title' | 'phones' | 'emails' | 'wechatId' | 'address' | 'notes' | 'tags' | 'grade' | CardChoiceField;

/** Fields chosen from a list that Pond's own export writes (as labels in any of its languages) and its import reads back. */
export type CardChoiceField = 'importance' | 'expectedClose' | 'source' | 'newsletterConsent';

/** Why a card is not a person to import at all: a group or list card, or a line or card with nothing on it. */
export type CardSkipReason = 'GROUP' | 'EMPTY';

/**
 * Something left out of a card that is imported all the same (a phone a spreadsheet destroyed, an Exchange
 * directory entry in place of an e-mail address), reported with the card.
 */
export interface CardWarning {
  /** The field it concerns; null for the card as a whole. */
  field: CardField | null;
  reason: string;
  /** The value concerned, as written, when the message shows it. */
  value?: string;
}

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
  /** The card's note or remarks field. */
  notes: string | null;
  tags: string[];
  /** A grade written in the file (A, B, C), when the file has such a column. */
  grade: string | null;
  /** Values of Pond's own choice columns, as written (a label or a code), when the file has such columns. */
  choices?: Partial<Record<CardChoiceField, string>>;
  /** Set when the card is reported as skipped instead of being checked. */
  skip?: CardSkipReason;
  /** What the reader left out of the card. */
  warnings?: CardWarning[];
}

/** A card with nothing on it yet. */
export const emptyRecord = (line: number): CardRecord => ({
  line,
  name: '',
  company: null,
  title: null,
  phones: [],
  emails: [],
  wechatId: null,
  address: null,
  notes: null,
  tags: [],
  grade: null,
});

/** Whether the reader found nothing at all on the card to import or refuse. */
export function isBlank(record: CardRecord): boolean {
  return !record.name && !record.phones.length && !record.emails.length && !record.tags.length && ![record.company, record.title, record.wechatId, record.address, record.notes, record.grade].some(Boolean);
}

/** Names in CJK script are written family name first with no space; others given name first. */
export function joinName(family: string, middle: string, given: string): string {
  const parts = [family, middle, given].filter(Boolean);
  if (!parts.length) return '';
  return /[A-Za-z]/.test(parts.join('')) ? [given, middle, family].filter(Boolean).join(' ') : parts.join('');
}

const WECHAT_LABELS = new Set(['wechat', 'we chat', 'weixin', 'wechat id', 'wx', '微信', '微信號', '微信号', '微信id']);

/**
 * Whether a label a program put on a value names WeChat: Google's custom field labels, Apple's `X-ABLabel` and
 * `X-SERVICE-TYPE` (its own labels come wrapped as `_$!<…>!$_`), in any case or width.
 */
export function isWechatLabel(label: string | null | undefined): boolean {
  if (!label) return false;
  const plain = label
    .normalize('NFKC')
    .replace(/^\*\s*/, '')
    .replace(/^_\$!<(.*)>!\$_$/, '$1')
    .trim()
    .toLowerCase()
    .replace(/\s+/g, ' ');
  return WECHAT_LABELS.has(plain);
}
