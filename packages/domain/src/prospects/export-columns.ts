import { z } from 'zod';
import type { Locale, Localized } from '../i18n/locale.js';
import { joinTags } from './csv-cells.js';
import type { CalendarDate } from './dates.js';
import type { Disposition, ExpectedClose, Grade, Importance, NewsletterConsent, Source, Stage } from './enums.js';
import { prospectLabel } from './labels.js';

/*
 * The columns of the prospect book's export, whatever the file: every field a user sees on a prospect, with the
 * header in the reader's language and each value typed (text, a calendar date, a number), so that CSV writes
 * text and a workbook writes real dates and numbers. Pure, so the web's column chooser lists the same columns.
 */

/** The fields of a business card: what an import of the file gives back, and what a vCard holds. */
export interface ExportCard {
  name: string;
  company: string | null;
  title: string | null;
  phones: string[];
  emails: string[];
  wechatId: string | null;
  address: string | null;
  notes: string | null;
  tags: string[];
  grade: Grade;
}

/** A prospect as the export writes it: its card, then what the book knows about it. */
export interface ExportProspect extends ExportCard {
  importance: Importance;
  expectedClose: ExpectedClose;
  disposition: Disposition;
  /** Set while paused: the date to contact the prospect again. */
  resumeOn: CalendarDate | null;
  /** Set once dropped: why. */
  droppedReason: string | null;
  stage: Stage;
  /** The owner's display name; null in the pool. */
  owner: string | null;
  /** Who collected the card (display name). */
  collectedBy: string | null;
  source: Source;
  newsletterConsent: NewsletterConsent;
  /** The last touch's date in the reader's calendar. */
  lastTouchOn: CalendarDate | null;
  nextDueOn: CalendarDate | null;
  touchCount: number;
}

/**
 * Every column, in the file's order. The first ten are the card's (the order files before this list had); the
 * importer reads those and importance, expected close, source and newsletter consent back.
 */
export const EXPORT_COLUMNS = [
  'name',
  'company',
  'title',
  'phones',
  'emails',
  'wechatId',
  'address',
  'notes',
  'tags',
  'grade',
  'importance',
  'expectedClose',
  'stage',
  'disposition',
  'resumeOn',
  'droppedReason',
  'owner',
  'collectedBy',
  'source',
  'newsletterConsent',
  'lastTouchOn',
  'nextDueOn',
  'touchCount',
] as const;
export type ExportColumn = (typeof EXPORT_COLUMNS)[number];

/** What a column holds: text, a calendar date (YYYY-MM-DD) or a whole number. */
export type ExportColumnKind = 'text' | 'date' | 'number';

export const EXPORT_COLUMN_KINDS: Record<ExportColumn, ExportColumnKind> = {
  name: 'text',
  company: 'text',
  title: 'text',
  phones: 'text',
  emails: 'text',
  wechatId: 'text',
  address: 'text',
  notes: 'text',
  tags: 'text',
  grade: 'text',
  importance: 'text',
  expectedClose: 'text',
  stage: 'text',
  disposition: 'text',
  resumeOn: 'date',
  droppedReason: 'text',
  owner: 'text',
  collectedBy: 'text',
  source: 'text',
  newsletterConsent: 'text',
  lastTouchOn: 'date',
  nextDueOn: 'date',
  touchCount: 'number',
};

/**
 * The header row, in the words the prospect's page uses. The card's headers and those of the columns the importer
 * reads back are among its header aliases (card-csv.ts); the round-trip test holds them together.
 */
const HEADERS: Record<ExportColumn, Localized> = {
  name: { en: 'Name', 'zh-Hant': '姓名', 'zh-Hans': '姓名' },
  company: { en: 'Company', 'zh-Hant': '公司', 'zh-Hans': '公司' },
  title: { en: 'Title', 'zh-Hant': '職稱', 'zh-Hans': '职称' },
  phones: { en: 'Phones', 'zh-Hant': '電話', 'zh-Hans': '电话' },
  emails: { en: 'Emails', 'zh-Hant': '電郵', 'zh-Hans': '邮箱' },
  wechatId: { en: 'WeChat ID', 'zh-Hant': '微信號', 'zh-Hans': '微信号' },
  address: { en: 'Address', 'zh-Hant': '地址', 'zh-Hans': '地址' },
  notes: { en: 'Notes', 'zh-Hant': '備註', 'zh-Hans': '备注' },
  tags: { en: 'Tags', 'zh-Hant': '標籤', 'zh-Hans': '标签' },
  grade: { en: 'Grade', 'zh-Hant': '等級', 'zh-Hans': '等级' },
  importance: { en: 'Importance', 'zh-Hant': '重要性', 'zh-Hans': '重要性' },
  expectedClose: { en: 'Expected close', 'zh-Hant': '預計成交', 'zh-Hans': '预计成交' },
  stage: { en: 'Stage', 'zh-Hant': '階段', 'zh-Hans': '阶段' },
  disposition: { en: 'Disposition', 'zh-Hant': '處置', 'zh-Hans': '处置' },
  resumeOn: { en: 'Paused until', 'zh-Hant': '再訪日期', 'zh-Hans': '再访日期' },
  droppedReason: { en: 'Reason dropped', 'zh-Hant': '放棄原因', 'zh-Hans': '放弃原因' },
  owner: { en: 'Owner', 'zh-Hant': '負責人', 'zh-Hans': '负责人' },
  collectedBy: { en: 'Card collected by', 'zh-Hant': '名片收集人', 'zh-Hans': '名片收集人' },
  source: { en: 'Source', 'zh-Hant': '來源', 'zh-Hans': '来源' },
  newsletterConsent: { en: 'Newsletter consent', 'zh-Hant': '通訊訂閱', 'zh-Hans': '通讯订阅' },
  lastTouchOn: { en: 'Last touch', 'zh-Hant': '上次接觸', 'zh-Hans': '上次接触' },
  nextDueOn: { en: 'Next contact', 'zh-Hant': '下次聯繫', 'zh-Hans': '下次联系' },
  touchCount: { en: 'Touches', 'zh-Hant': '接觸次數', 'zh-Hans': '接触次数' },
};

/** One column's header in the reader's language. */
export function exportHeader(column: ExportColumn, locale: Locale): string {
  return HEADERS[column][locale];
}

/** The header row in the reader's language. */
export function exportHeaders(locale: Locale, columns: readonly ExportColumn[] = EXPORT_COLUMNS): string[] {
  return columns.map((c) => HEADERS[c][locale]);
}

/** What joins several values of one cell; the importer splits on it (and on ";", "；", ":::" and line breaks). */
export const EXPORT_LIST_SEPARATOR = '; ';

/** One cell's value: text, a YYYY-MM-DD date or a number, or null for an empty cell. */
export type ExportValue = string | number | null;

/**
 * One prospect's values in the given columns, not yet neutralised (each file format guards its own cells).
 * Lists are joined the way the importer splits them; enum values are the labels the web shows, in the reader's
 * language, except the grade, written as its letter (an unrated prospect has none), as the importer reads it.
 */
export function exportValues(p: ExportProspect, locale: Locale, columns: readonly ExportColumn[] = EXPORT_COLUMNS): ExportValue[] {
  const values: Record<ExportColumn, () => ExportValue> = {
    name: () => p.name,
    company: () => p.company,
    title: () => p.title,
    phones: () => p.phones.join(EXPORT_LIST_SEPARATOR) || null,
    emails: () => p.emails.join(EXPORT_LIST_SEPARATOR) || null,
    wechatId: () => p.wechatId,
    address: () => p.address,
    notes: () => p.notes,
    tags: () => joinTags(p.tags) || null,
    grade: () => (p.grade === 'unrated' ? null : p.grade),
    importance: () => prospectLabel('importance', p.importance, locale),
    expectedClose: () => prospectLabel('expectedClose', p.expectedClose, locale),
    stage: () => prospectLabel('stage', p.stage, locale),
    disposition: () => prospectLabel('disposition', p.disposition, locale),
    resumeOn: () => (p.disposition === 'pause' ? p.resumeOn : null),
    droppedReason: () => (p.disposition === 'dropped' ? p.droppedReason : null),
    owner: () => p.owner,
    collectedBy: () => p.collectedBy,
    source: () => prospectLabel('source', p.source, locale),
    newsletterConsent: () => prospectLabel('newsletterConsent', p.newsletterConsent, locale),
    lastTouchOn: () => p.lastTouchOn,
    nextDueOn: () => p.nextDueOn,
    touchCount: () => p.touchCount,
  };
  return columns.map((c) => values[c]());
}

const isColumn = (key: string): key is ExportColumn => (EXPORT_COLUMNS as readonly string[]).includes(key);

/**
 * The `columns` a caller asks for: keys given comma-separated (or the parameter repeated), in the order wanted,
 * each once. An unknown key is refused by name (reason EXPORT_COLUMN_UNKNOWN, the key as its value).
 */
export const ExportColumnList = z
  .union([z.string().max(2000), z.array(z.string().max(2000)).max(100)])
  .transform((v, ctx) => {
    const keys = (Array.isArray(v) ? v : [v]).flatMap((s) => s.split(',')).map((s) => s.trim()).filter(Boolean);
    for (const key of keys) {
      if (!isColumn(key)) ctx.addIssue({ code: 'custom', message: `No such column to export: ${key}`, params: { reason: 'EXPORT_COLUMN_UNKNOWN', value: key } });
    }
    if (!keys.length) ctx.addIssue({ code: 'custom', message: 'Name at least one column to export', params: { reason: 'EXPORT_COLUMNS_EMPTY' } });
    return [...new Set(keys.filter(isColumn))];
  });
