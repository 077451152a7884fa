import { z } from 'zod';

/**
 * Pond's one rule for text people type or import, on both engines alike: no control characters (tab and
 * line breaks only where a field holds lines), no lone UTF-16 surrogates (not text; PostgreSQL and SQLite
 * would store them differently or not at all), no bidirectional embedding, override or isolate controls (they
 * make a name read differently from what it holds), and not only invisible characters.
 */
export type TextProblem = 'TEXT_CONTROL_CHARACTER' | 'TEXT_MALFORMED' | 'TEXT_BIDI_CONTROL' | 'TEXT_INVISIBLE_ONLY';

// C0 and C1 controls and DEL; tab, LF and CR are tested separately for fields that hold lines.
// eslint-disable-next-line no-control-regex -- matching control characters is the point
const CONTROL = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F-\u009F]/;
const LINE_CONTROL = /[\t\n\r]/;
// A high surrogate not followed by a low one, or a low one not preceded by a high one.
const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;
const BIDI = /[\u202A-\u202E\u2066-\u2069]/;
// White space, format characters (zero-width space and joiners, word joiner, BOM, soft hyphen…) and the
// blank-looking letters (Hangul fillers, braille blank) that render as nothing.
const INVISIBLE = /^[\s\p{Cf}\u115F\u1160\u3164\uFFA0\u2800]*$/u;

/** Why `s` is refused, or null when it is fine. `lines`: the field holds several lines (tab and line breaks allowed). */
export function textProblem(s: string, options: { lines?: boolean } = {}): TextProblem | null {
  if (LONE_SURROGATE.test(s)) return 'TEXT_MALFORMED';
  if (CONTROL.test(s) || (!options.lines && LINE_CONTROL.test(s))) return 'TEXT_CONTROL_CHARACTER';
  if (BIDI.test(s)) return 'TEXT_BIDI_CONTROL';
  if (s.length > 0 && INVISIBLE.test(s)) return 'TEXT_INVISIBLE_ONLY';
  return null;
}

/** Characters no field anywhere may hold (NUL, other C0 controls but tab and line breaks, lone surrogates). */
export function hasForbiddenCharacters(s: string): boolean {
  return LONE_SURROGATE.test(s) || CONTROL.test(s);
}

/**
 * A trimmed string that follows {@link textProblem}; refusals carry the problem as `params.reason`, so the
 * error handler words them from the catalogue in the user's language.
 */
export function cleanText(options: { min?: number; max: number; lines?: boolean }) {
  let schema = z.string().trim();
  if (options.min !== undefined) schema = schema.min(options.min);
  return schema.max(options.max).superRefine((s, ctx) => {
    const problem = textProblem(s, options);
    if (problem) ctx.addIssue({ code: 'custom', message: problem, params: { reason: problem } });
  });
}

/** An optional text field a form may leave empty: blank is stored as null. */
export function optionalText(max: number, lines = false) {
  return cleanText({ max, lines })
    .transform((s) => (s === '' ? null : s))
    .nullable()
    .optional();
}
