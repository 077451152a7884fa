import { useEffect, useRef, useState, type CSSProperties } from 'react';
import { Alert, Form, type FormInstance } from 'antd';
import { isApiError } from '../api/client.js';
import { useI18n } from '../i18n/i18n-context.js';
import { useErrorText } from './use-error-text.js';

type Key = string | number;
type NamePath = Key | Key[];

/** One entry of a VALIDATION_FAILED answer: where in the request it is, and the server's localized words for it. */
export interface FieldProblem {
  path: Key[];
  message: string;
}

/** The problems a failed request names, when it is a validation failure with details (every route's shape). */
export function problemsOf(error: unknown): FieldProblem[] {
  if (!isApiError(error) || !Array.isArray(error.details)) return [];
  return error.details.flatMap((d: unknown) => {
    if (!d || typeof d !== 'object') return [];
    const { path, message } = d as { path?: unknown; message?: unknown };
    if (!Array.isArray(path) || typeof message !== 'string') return [];
    return [{ path: path.filter((k): k is Key => typeof k === 'string' || typeof k === 'number'), message }];
  });
}

const keyOf = (name: Key[]) => JSON.stringify(name);

/**
 * The form field a problem belongs to: the request's own part ("body", "query") is dropped, `rename` maps a request
 * field onto the form's name for it (the form may hold an interval as a choice and a custom number), and the
 * longest prefix that is a field of the form wins, so `phones.1` marks the phones field.
 */
export function fieldFor(path: Key[], registered: Key[][], rename: Record<string, NamePath> = {}): Key[] | null {
  let rest = path[0] === 'body' || path[0] === 'query' || path[0] === 'params' ? path.slice(1) : path;
  const head = rest[0];
  if (typeof head === 'string' && head in rename) {
    const target = rename[head]!;
    rest = [...(Array.isArray(target) ? target : [target]), ...rest.slice(1)];
  }
  const known = new Set(registered.map(keyOf));
  for (let n = rest.length; n > 0; n--) {
    const prefix = rest.slice(0, n);
    if (known.has(keyOf(prefix))) return prefix;
  }
  return null;
}

/**
 * The one way a form shows a failed save: the server's message on top, and every problem the server tied to a
 * field marked on that field, in the user's language, with the first one scrolled into view. A problem no field
 * of the form holds is listed under the message instead of being lost. A marked field is cleared as soon as its
 * value changes, so a corrected field does not keep the old complaint.
 */
export function FormError({
  form,
  error,
  rename,
  style,
  testId,
}: {
  form?: FormInstance;
  error: unknown;
  rename?: Record<string, NamePath>;
  style?: CSSProperties;
  testId?: string;
}) {
  const { t } = useI18n();
  const errorText = useErrorText();
  const [unplaced, setUnplaced] = useState<string[]>([]);
  const marked = useRef(new Map<string, { name: Key[]; value: string }>());
  const values: unknown = Form.useWatch((all: unknown) => all, form);

  useEffect(() => {
    if (!error || !form) {
      setUnplaced([]);
      return;
    }
    const registered = form.getFieldsError().map((f) => f.name as Key[]);
    const byField = new Map<string, { name: Key[]; errors: string[] }>();
    const rest: string[] = [];
    for (const problem of problemsOf(error)) {
      const name = fieldFor(problem.path, registered, rename);
      if (!name) {
        rest.push(problem.message);
        continue;
      }
      const entry = byField.get(keyOf(name)) ?? { name, errors: [] };
      if (!entry.errors.includes(problem.message)) entry.errors.push(problem.message);
      byField.set(keyOf(name), entry);
    }
    const fields = [...byField.values()];
    form.setFields(fields);
    marked.current = new Map(fields.map((f) => [keyOf(f.name), { name: f.name, value: JSON.stringify(form.getFieldValue(f.name) ?? null) }]));
    setUnplaced(rest);
    if (fields[0]) form.scrollToField(fields[0].name, { block: 'center', behavior: 'smooth' });
    // `rename` is a literal at most call sites: the error alone decides when to mark fields again.
  }, [error, form]);

  useEffect(() => {
    if (!form || marked.current.size === 0) return;
    const cleared: { name: Key[]; errors: string[] }[] = [];
    for (const [key, { name, value }] of marked.current) {
      if (JSON.stringify(form.getFieldValue(name) ?? null) !== value) {
        cleared.push({ name, errors: [] });
        marked.current.delete(key);
      }
    }
    if (cleared.length) form.setFields(cleared);
  }, [values, form]);

  if (!error) return null;
  const placed = problemsOf(error).length - unplaced.length;
  return (
    <Alert
      type="error"
      showIcon
      title={errorText(error)}
      description={
        unplaced.length || placed ? (
          <>
            {placed > 0 && <div>{t('error.fieldsMarked', { count: placed })}</div>}
            {unplaced.length > 0 && (
              <ul style={{ margin: 0, paddingInlineStart: 18 }}>
                {unplaced.map((m, i) => (
                  <li key={i}>{m}</li>
                ))}
              </ul>
            )}
          </>
        ) : undefined
      }
      style={{ marginBottom: 12, ...style }}
      data-testid={testId ?? 'form-error'}
    />
  );
}
