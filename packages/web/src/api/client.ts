/** A small JSON client for Pond's API: same-origin cookies, localized errors, typed results. */

export interface ApiErrorBody {
  error: { code: string; message: string; details?: unknown };
}

/** An error answered by the server (status > 0) or a failure to reach it (status 0, code NETWORK). */
export class ApiError extends Error {
  readonly status: number;
  readonly code: string;
  readonly details: unknown;

  constructor(status: number, code: string, message: string, details?: unknown) {
    super(message);
    this.name = 'ApiError';
    this.status = status;
    this.code = code;
    this.details = details;
  }
}

export function isApiError(err: unknown, code?: string): err is ApiError {
  return err instanceof ApiError && (code === undefined || err.code === code);
}

// The server localizes error messages from Accept-Language; the UI language may differ from the browser's.
let acceptLanguage: string | undefined;
export function setApiLanguage(locale: string): void {
  acceptLanguage = locale;
}

type Method = 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';

export interface RequestOptions {
  /** Aborts the request, e.g. when a newer search supersedes it. */
  signal?: AbortSignal;
}

async function request<T>(method: Method, path: string, body?: unknown, options: RequestOptions = {}): Promise<T> {
  return exchange<T>(method, path, body === undefined ? undefined : { type: 'application/json', data: JSON.stringify(body) }, options);
}

/**
 * One request as every call sends it: same-origin cookies, the UI's language, and a failure to reach the server as
 * ApiError NETWORK. A cancelled request is not a network failure: the caller (or TanStack Query) sees the abort itself.
 */
async function send(method: Method, path: string, init: { accept?: string; body?: { type: string; data: BodyInit }; signal?: AbortSignal }): Promise<Response> {
  const headers: Record<string, string> = {};
  if (init.accept) headers.Accept = init.accept;
  if (acceptLanguage) headers['Accept-Language'] = acceptLanguage;
  if (init.body !== undefined) headers['Content-Type'] = init.body.type;
  try {
    return await fetch(path, { method, headers, credentials: 'same-origin', body: init.body?.data, signal: init.signal });
  } catch (cause) {
    if (init.signal?.aborted) throw cause;
    throw new ApiError(0, 'NETWORK', cause instanceof Error ? cause.message : String(cause));
  }
}

/** One call and its answer: the body as JSON, or a localized ApiError. */
async function exchange<T>(method: Method, path: string, body: { type: string; data: BodyInit } | undefined, options: RequestOptions = {}): Promise<T> {
  const res = await send(method, path, { accept: 'application/json', body, signal: options.signal });
  if (res.status === 204) return undefined as T;
  const text = await res.text();
  const parsed = parseJson(text);
  if (!res.ok) throw failure(res, parsed);
  return parsed as T;
}

function parseJson(text: string): unknown {
  if (!text) return undefined;
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}

function failure(res: Response, parsed: unknown): ApiError {
  const err = isErrorBody(parsed) ? parsed.error : undefined;
  return new ApiError(res.status, err?.code ?? `HTTP_${res.status}`, err?.message ?? res.statusText, err?.details);
}

/**
 * A file the API answers with (e.g. the CSV export): its bytes and the name the server suggests. Fetched rather
 * than followed as a link, so it is asked for in the UI's language and a refusal shows as a message, not a page.
 */
export async function download(path: string): Promise<{ blob: Blob; filename: string | null }> {
  const res = await send('GET', path, {});
  if (!res.ok) throw failure(res, parseJson(await res.text()));
  const filename = /filename="([^"]+)"/.exec(res.headers.get('content-disposition') ?? '')?.[1] ?? null;
  return { blob: await res.blob(), filename };
}

/**
 * A POST whose answer may come as lines of JSON (application/x-ndjson), each handed to `onLine` as it arrives, so a
 * long job can show how far it got. An ordinary JSON answer is handed over as one line; a refusal throws.
 */
async function postForLines(path: string, body: unknown, onLine: (line: unknown) => void): Promise<void> {
  const res = await send('POST', path, { accept: 'application/x-ndjson, application/json', body: { type: 'application/json', data: JSON.stringify(body) } });
  if (!res.ok) throw failure(res, parseJson(await res.text()));
  if (!(res.headers.get('content-type') ?? '').includes('application/x-ndjson') || !res.body) {
    onLine(parseJson(await res.text()));
    return;
  }
  const reader = res.body.pipeThrough(new TextDecoderStream()).getReader();
  let rest = '';
  try {
    for (;;) {
      const { value, done } = await reader.read();
      if (done) break;
      rest += value;
      let end;
      while ((end = rest.indexOf('\n')) >= 0) {
        const line = rest.slice(0, end).trim();
        rest = rest.slice(end + 1);
        if (line) onLine(parseJson(line));
      }
    }
  } catch (cause) {
    if (cause instanceof ApiError) throw cause;
    throw new ApiError(0, 'NETWORK', cause instanceof Error ? cause.message : String(cause));
  }
  if (rest.trim()) onLine(parseJson(rest.trim()));
}

function isErrorBody(value: unknown): value is ApiErrorBody {
  if (typeof value !== 'object' || value === null || !('error' in value)) return false;
  const error = (value as { error: unknown }).error;
  return typeof error === 'object' && error !== null && typeof (error as { code?: unknown }).code === 'string';
}

export const api = {
  get: <T>(path: string, options?: RequestOptions) => request<T>('GET', path, undefined, options),
  // State-changing calls always carry a JSON body, so the request is never a "simple" cross-site form post.
  post: <T>(path: string, body: unknown = {}) => request<T>('POST', path, body),
  put: <T>(path: string, body: unknown) => request<T>('PUT', path, body),
  patch: <T>(path: string, body: unknown) => request<T>('PATCH', path, body),
  delete: <T = void>(path: string) => request<T>('DELETE', path, {}),
  lines: postForLines,
  /**
   * A file as the request body itself (a picture), with its own type. Such a type is not one a cross-site form
   * may send, so it stays as safe as the JSON calls.
   */
  upload: <T>(path: string, file: Blob) => exchange<T>('POST', path, { type: file.type || 'application/octet-stream', data: file }),
};
