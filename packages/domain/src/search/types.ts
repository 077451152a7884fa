/** The searchable parts of a prospect, as stored (original text, phones in E.164). */
export interface SearchDocument {
  name: string;
  company?: string | null;
  title?: string | null;
  emails: readonly string[];
  phones: readonly string[];
  wechatId?: string | null;
  tags: readonly string[];
}

/** Which part of a prospect a term or a match belongs to. */
export type SearchField = 'name' | 'company' | 'title' | 'email' | 'phone' | 'wechat' | 'tag';

/** One row of the inverted table `(term, prospect_id, field)`; the caller adds the id. */
export interface IndexRow {
  term: string;
  field: SearchField;
}

/** How an alternative reads the query. */
export type PlanKind = 'text' | 'pinyin' | 'initials' | 'digits';

/** One AND-plan: a document is a candidate if it has every term. */
export interface PlanAlternative {
  kind: PlanKind;
  terms: string[];
}

/** A confirmed match in one field value, with ranges to highlight in the original text. */
export interface FieldMatch {
  field: SearchField;
  /** Index into emails/phones/tags; 0 for single-valued fields. */
  index: number;
  kind: PlanKind;
  /** [start, end) offsets into the original field value, in order, non-overlapping. */
  ranges: Array<[number, number]>;
  /** The whole field equals the query (after folding). */
  exact: boolean;
  /** The field starts with the query (after folding; for pinyin, from the first syllable). */
  prefix: boolean;
}

/** How to run a query against the inverted table, and how to confirm what it returns. */
export interface QueryPlan {
  /** The query after {@link foldText}. */
  folded: string;
  /**
   * OR of AND-plans. Candidates are the union over alternatives of the documents holding all of
   * that alternative's terms. Empty when nothing in the query is searchable (e.g. only punctuation).
   */
  alternatives: PlanAlternative[];
  /**
   * Confirms a candidate: every field that truly matches, or [] if none does. `kinds` limits the check to the
   * alternatives that returned the candidate: a document that truly matches one holds all of its terms, so the
   * others cannot match it, and their checks (pinyin readings above all) would be spent for nothing.
   */
  verify(doc: SearchDocument, kinds?: ReadonlySet<PlanKind>): FieldMatch[];
}
