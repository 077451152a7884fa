/*
 * Formula injection (OWASP "CSV Injection"): a spreadsheet runs a cell that starts with = + - @ (or their
 * full-width forms, which some spreadsheets normalise), and treats a leading tab or carriage return the same
 * way. Pond's export writes such a cell behind one single quote, which spreadsheets show as text; its importer
 * takes exactly that quote off again, so a file exported and imported back keeps every value as it was.
 */

/**
 * Whether a cell needs the quote: it starts with a formula character, also after leading whitespace (some
 * spreadsheets trim it before they look), or with a tab or carriage return. Quotes already in front count
 * too ("'=1" gets another), so that taking one quote off on import is always the exact inverse.
 */
const NEEDS_QUOTE = /^'*(?:\s*[=+\-@\uFF1D\uFF0B\uFF0D\uFF20]|[\t\r])/u;

/** The cell as a spreadsheet may open it safely: prefixed with a single quote when it could run as a formula. */
export function neutralizeCell(value: string): string {
  return NEEDS_QUOTE.test(value) ? `'${value}` : value;
}

/** The inverse of {@link neutralizeCell}: one leading quote off, only where the export would have put it. */
export function restoreCell(value: string): string {
  return value.startsWith("'") && NEEDS_QUOTE.test(value.slice(1)) ? value.slice(1) : value;
}

/** Characters that separate the tags of one cell on import: Pond's "; ", commas, Google's " ::: ", line breaks. */
const TAG_SEPARATORS = new Set([';', '；', ',', '，', '\n']);

/**
 * Tags into one cell, each separator or backslash inside a tag written behind a backslash, so that
 * {@link splitTags} gives back exactly these tags ("Q1, 2027" stays one tag).
 */
export function joinTags(tags: string[]): string {
  return tags.map((t) => t.replace(/[\\;；,，\n]/g, (c) => `\\${c}`)).join('; ');
}

/** One cell's tags: split at unescaped separators (and Google's ":::"), escapes undone, blanks dropped. */
export function splitTags(cell: string): string[] {
  const tags: string[] = [];
  let current = '';
  for (let i = 0; i < cell.length; i++) {
    const c = cell[i]!;
    if (c === '\\' && i + 1 < cell.length) {
      current += cell[++i];
    } else if (TAG_SEPARATORS.has(c) || cell.startsWith(':::', i)) {
      tags.push(current);
      current = '';
      if (c === ':') i += 2;
    } else {
      current += c;
    }
  }
  tags.push(current);
  return tags.map((t) => t.trim()).filter(Boolean);
}
