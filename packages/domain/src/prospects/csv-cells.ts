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
