import { AppError, CARD_FIELDS, ERRORS, cardProblemMessage, errorMessage, type CardProblem, type ErrorCode, type Locale } from '@pond/domain';
import type { FastifyError, FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { hasZodFastifySchemaValidationErrors, isResponseSerializationError } from 'fastify-type-provider-zod';
import { z } from 'zod';

export interface ErrorBody {
  error: { code: ErrorCode; message: string; details?: unknown };
}

export const ErrorBodySchema = z.object({
  error: z.object({ code: z.string(), message: z.string(), details: z.unknown().optional() }),
});

const zodLocales: Record<Locale, () => { localeError: (issue: never) => unknown }> = {
  en: z.locales.en,
  'zh-Hant': z.locales.zhTW,
  'zh-Hans': z.locales.zhCN,
};

interface ValidationItem {
  keyword: string;
  instancePath: string;
  message?: string;
  params?: Record<string, unknown>;
}

/** Re-words each schema issue in the user's language with zod's own translations. */
function localizeIssues(items: ValidationItem[], context: string | undefined, locale: Locale) {
  const { localeError } = zodLocales[locale]();
  return items.map((item) => {
    const path = [context ?? 'body', ...item.instancePath.split('/').filter(Boolean)];
    let message = item.message ?? '';
    try {
      const localized = localeError({ code: item.keyword, path, ...item.params } as never);
      if (typeof localized === 'string') message = localized;
      else if (localized && typeof localized === 'object' && 'message' in localized) message = String(localized.message);
    } catch {
      // keep zod's English message
    }
    // A rule of Pond's own names its reason from the catalogue: worded there, in every language, with the value
    // it refused where the rule gives one (e.g. an unknown export column).
    const { reason, value } = (item.params?.params ?? {}) as { reason?: unknown; value?: unknown };
    if (typeof reason === 'string' && reason in ERRORS) {
      const worded = errorMessage(reason as ErrorCode, locale);
      if (typeof value !== 'string') return { path, code: item.keyword, reason, message: worded };
      return { path, code: item.keyword, reason, value, message: worded.replace('{value}', () => value) };
    }
    return { path, code: item.keyword, message };
  });
}

/**
 * A rule of Pond's own that names the fields at fault (a phone that is not a number) sends each with its path and
 * reason; the words for it are added here, in the language of whoever asked, so every form can mark the field.
 */
function localizeDetails(details: unknown, locale: Locale): unknown {
  if (!Array.isArray(details)) return details;
  return details.map((d: unknown) => {
    if (!d || typeof d !== 'object') return d;
    const item = d as { path?: unknown; reason?: unknown; message?: unknown };
    if (typeof item.message === 'string' || typeof item.reason !== 'string' || !Array.isArray(item.path)) return d;
    const field = item.path.find((k): k is string => typeof k === 'string' && k !== 'body' && k !== 'query');
    // Only a prospect's own fields have words per reason; any other detail keeps the error's message alone.
    if (!field || !CARD_FIELDS.has(field)) return d;
    return { ...item, message: cardProblemMessage({ field: field as CardProblem['field'], reason: item.reason }, locale) };
  });
}

const DB_DOWN_CODES = new Set(['ECONNREFUSED', 'ECONNRESET', 'ETIMEDOUT', 'ENOTFOUND', 'EPIPE', '57P01', '57P02', '57P03', '53300']);

/** True for errors that mean "the database is not answering" rather than "the query is wrong". */
export function isDatabaseUnavailable(err: unknown): boolean {
  if (!err || typeof err !== 'object') return false;
  const e = err as { code?: string; message?: string; errors?: unknown[] };
  if (e.code && (DB_DOWN_CODES.has(e.code) || e.code.startsWith('08'))) return true;
  if (e.message && /Connection terminated|timeout exceeded when trying to connect|Client has encountered a connection error/.test(e.message)) return true;
  return Array.isArray(e.errors) && e.errors.some(isDatabaseUnavailable);
}

/**
 * A unique constraint refused a row another request wrote at the same moment (the check before the insert
 * could not see it yet): a conflict, not a crash.
 */
export function isUniqueViolation(err: unknown): boolean {
  if (!err || typeof err !== 'object') return false;
  const code = (err as { code?: string }).code;
  return code === '23505' || code === 'SQLITE_CONSTRAINT_UNIQUE' || code === 'SQLITE_CONSTRAINT_PRIMARYKEY';
}

/** The disk under the database is full (SQLite's SQLITE_FULL, PostgreSQL's 53100): writes fail, reads go on. */
export function isStorageFull(err: unknown): boolean {
  if (!err || typeof err !== 'object') return false;
  const code = (err as { code?: string }).code;
  return code === 'SQLITE_FULL' || code === '53100' || (code === 'SQLITE_IOERR_WRITE' && /disk|full|space/i.test(String((err as Error).message)));
}

function send(reply: FastifyReply, code: ErrorCode, locale: Locale, details?: unknown, headers: Record<string, string> = {}) {
  const body: ErrorBody = { error: { code, message: errorMessage(code, locale), ...(details !== undefined && { details }) } };
  return reply.code(ERRORS[code].status).headers(headers).type('application/json; charset=utf-8').send(body);
}

/** One handler maps every failure onto the catalogue, in the language of whoever asked. */
export function installErrorHandling(app: FastifyInstance): void {
  app.setErrorHandler((err: FastifyError | AppError | Error, request: FastifyRequest, reply: FastifyReply) => {
    const locale = request.locale;
    if (err instanceof AppError) return send(reply, err.code, locale, localizeDetails(err.details, locale), err.headers);
    if (hasZodFastifySchemaValidationErrors(err)) {
      return send(reply, 'VALIDATION_FAILED', locale, localizeIssues(err.validation as ValidationItem[], err.validationContext, locale));
    }
    if (isResponseSerializationError(err)) {
      request.log.error({ err, issues: err.cause.issues }, 'response did not match its schema');
      return send(reply, 'INTERNAL', locale);
    }
    const code = (err as FastifyError).code;
    if (code === 'FST_ERR_CTP_BODY_TOO_LARGE') return send(reply, 'BODY_TOO_LARGE', locale);
    if (code === 'FST_ERR_CTP_INVALID_MEDIA_TYPE') return send(reply, 'UNSUPPORTED_MEDIA_TYPE', locale);
    if (code === 'FST_ERR_CTP_EMPTY_JSON_BODY' || code === 'FST_ERR_CTP_INVALID_JSON_BODY' || (err instanceof SyntaxError && (err as FastifyError).statusCode === 400)) {
      return send(reply, 'MALFORMED_JSON', locale);
    }
    if (isDatabaseUnavailable(err)) {
      request.log.warn({ err }, 'database unavailable');
      return send(reply, 'SERVICE_UNAVAILABLE', locale, undefined, { 'retry-after': '5' });
    }
    if (isUniqueViolation(err)) return send(reply, 'CONFLICT', locale);
    if (isStorageFull(err)) {
      request.log.error({ err }, 'the disk under the database is full');
      return send(reply, 'STORAGE_FULL', locale, undefined, { 'retry-after': '60' });
    }
    const status = (err as FastifyError).statusCode;
    if (status === 404) return send(reply, 'NOT_FOUND', locale);
    if (status && status >= 400 && status < 500) return send(reply, 'VALIDATION_FAILED', locale, [{ path: [], message: err.message }]);
    request.log.error({ err }, 'unhandled error');
    return send(reply, 'INTERNAL', locale);
  });
}

export { send as sendError };
