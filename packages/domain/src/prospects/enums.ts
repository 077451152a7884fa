import { z } from 'zod';

/** Likelihood to close: A is the most likely. */
export const GRADES = ['A', 'B', 'C', 'unrated'] as const;
export const Grade = z.enum(GRADES);
export type Grade = z.infer<typeof Grade>;

/** Expected purchase volume. */
export const IMPORTANCES = ['key', 'normal', 'small'] as const;
export const Importance = z.enum(IMPORTANCES);
export type Importance = z.infer<typeof Importance>;

/** Expected time to close. */
export const EXPECTED_CLOSES = ['within_1m', 'within_3m', 'within_6m', 'later', 'unknown'] as const;
export const ExpectedClose = z.enum(EXPECTED_CLOSES);
export type ExpectedClose = z.infer<typeof ExpectedClose>;

/** What to do with a prospect next: the article's 繼續訪問 / 暫隔一段時間再訪 / 不放棄, plus 放棄. */
export const DISPOSITIONS = ['continue', 'pause', 'keep', 'dropped'] as const;
export const Disposition = z.enum(DISPOSITIONS);
export type Disposition = z.infer<typeof Disposition>;

/** Prospect → customer after the first order → repeat customer after another. */
export const STAGES = ['prospect', 'customer', 'repeat_customer'] as const;
export const Stage = z.enum(STAGES);
export type Stage = z.infer<typeof Stage>;

/** Where the prospect came from. */
export const SOURCES = ['walk_in', 'referral', 'card', 'event', 'import', 'web', 'other'] as const;
export const Source = z.enum(SOURCES);
export type Source = z.infer<typeof Source>;

export const NEWSLETTER_CONSENTS = ['subscribed', 'unsubscribed', 'unknown'] as const;
export const NewsletterConsent = z.enum(NEWSLETTER_CONSENTS);
export type NewsletterConsent = z.infer<typeof NewsletterConsent>;

/** How a touch happened; `message` covers WeChat, LINE, SMS and the like. */
export const CHANNELS = ['call', 'visit', 'message', 'email', 'event', 'letter', 'other'] as const;
export const Channel = z.enum(CHANNELS);
export type Channel = z.infer<typeof Channel>;

export const DIRECTIONS = ['outbound', 'inbound'] as const;
export const Direction = z.enum(DIRECTIONS);
export type Direction = z.infer<typeof Direction>;

/** How receptive the prospect was, e.g. whether they were glad to take the call. */
export const RECEPTIVITIES = ['welcomed', 'neutral', 'reluctant'] as const;
export const Receptivity = z.enum(RECEPTIVITIES);
export type Receptivity = z.infer<typeof Receptivity>;

/** The result of a touch, derived from (sale made, relationship kept); see {@link outcomeOf}. */
export const OUTCOMES = ['complete', 'pass', 'success', 'failure'] as const;
export const Outcome = z.enum(OUTCOMES);
export type Outcome = z.infer<typeof Outcome>;

/** A touch is a first contact when nobody touched the prospect before it; every later one is a revisit. */
export const TOUCH_KINDS = ['first_contact', 'revisit'] as const;
export const TouchKind = z.enum(TOUCH_KINDS);
export type TouchKind = z.infer<typeof TouchKind>;

/**
 * Derives a touch's outcome. The article (結果 paragraph) grades a sales contact like this:
 * - sale and relationship kept → 圓滿 (complete);
 * - sale but no relationship → only 剛剛及格 (pass): "產品成功推銷了出去，而沒有和客戶建立起良好的關系…只能稱得上是剛剛及格";
 * - no sale but relationship kept → still 成功 (success): "即使沒有實現產品的銷售，但是和客戶保持了良好的關系…也是成功的";
 * - neither → 失敗 (failure).
 * The article ranks keeping the relationship above the sale, so a sale without it earns only a pass.
 */
export function outcomeOf(saleMade: boolean, relationshipKept: boolean): Outcome {
  if (saleMade) return relationshipKept ? 'complete' : 'pass';
  return relationshipKept ? 'success' : 'failure';
}

/** The agenda sections, in the order the agenda shows them. */
export const AGENDA_BUCKETS = ['overdue', 'today', 'this_week', 'next_week', 'touched_once', 'no_next_date'] as const;
export const AgendaBucket = z.enum(AGENDA_BUCKETS);
export type AgendaBucket = z.infer<typeof AgendaBucket>;

/** File formats a business-card import reads. */
export const CARD_FORMATS = ['csv', 'vcard'] as const;
export const CardFormat = z.enum(CARD_FORMATS);
export type CardFormat = z.infer<typeof CardFormat>;
