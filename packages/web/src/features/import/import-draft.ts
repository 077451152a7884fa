import { useEffect, useSyncExternalStore } from 'react';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import type { Locale } from '../../api/types.js';
import { prospectsKey, todayKey } from '../prospects/prospects-api.js';
import { decodeCardFile, type CardEncoding, type ReadEncoding } from './decode-card-file.js';
import { formatFromName, importCards, type ImportProgress, type ImportReport, type ImportRequest } from './import-api.js';
import type { PickedFile } from './import-file.js';
import type { ImportChoices } from './import-options.js';

export const IMPORT_PATH = '/prospects/import';
/** The server takes up to 64 MB of JSON; a file this size already holds far more than 100,000 cards. */
export const MAX_FILE_MB = 30;

export type FileProblem = 'tooLarge' | 'unreadable';

/** One call to the import route: what it was asked, and its answer once there. */
export interface Attempt {
  request: ImportRequest;
  pending: boolean;
  /** How far an import got, while it writes. */
  progress?: ImportProgress;
  report?: ImportReport;
  error?: unknown;
}

export interface ImportDraft {
  file: PickedFile | null;
  fileProblem: FileProblem | null;
  choices: ImportChoices;
  /** The latest dry run. */
  check: Attempt | null;
  /** The import itself, once started. */
  run: Attempt | null;
}

/*
 * The page keeps its state here rather than in the component: the app shell swaps its phone and desktop frames at
 * the md breakpoint, which remounts the page (a window snapped to half a laptop screen crosses it), and a chosen
 * file, a check or an import's report must survive that. Leaving the page drops it.
 */
const INITIAL: ImportDraft = { file: null, fileProblem: null, choices: { grade: 'unrated', tags: [], encoding: 'auto', columns: {} }, check: null, run: null };
let draft = INITIAL;
let reading = 0;
const listeners = new Set<() => void>();

function update(patch: (d: ImportDraft) => Partial<ImportDraft>): void {
  draft = { ...draft, ...patch(draft) };
  for (const listener of listeners) listener();
}

function subscribe(listener: () => void): () => void {
  listeners.add(listener);
  return () => listeners.delete(listener);
}

/** An answer counts only for the attempt that asked it (not one started again, or dropped since). */
function settle(request: ImportRequest, result: Pick<Attempt, 'report' | 'error'>): void {
  update((d) => {
    if (d.check?.request === request) return { check: { request, pending: false, ...result } };
    if (d.run?.request === request) return { run: { request, pending: false, ...result } };
    return {};
  });
}

/** How far the running import got; an old attempt's lines change nothing. */
function advance(request: ImportRequest, progress: ImportProgress): void {
  update((d) => (d.run?.request === request && d.run.pending ? { run: { ...d.run, progress } } : {}));
}

let decoded: { bytes: Uint8Array; encoding: CardEncoding; locale: Locale; result: { text: string; encoding: ReadEncoding } } | null = null;

/** The file's text, decoded once per file and encoding: the same string each render, so requests compare cheaply. */
export function decodedFile(file: PickedFile, encoding: CardEncoding, locale: Locale): { text: string; encoding: ReadEncoding } {
  if (decoded?.bytes !== file.bytes || decoded.encoding !== encoding || decoded.locale !== locale) decoded = { bytes: file.bytes, encoding, locale, result: decodeCardFile(file.bytes, encoding, locale) };
  return decoded.result;
}

export function requestFor(file: PickedFile, text: string, choices: ImportChoices): ImportRequest {
  const columns = Object.keys(choices.columns).length ? { columns: choices.columns } : {};
  return { content: text, format: formatFromName(file.name), dryRun: true, grade: choices.grade, tags: choices.tags, ...columns };
}

/** Whether a check answered this very request: the same text, format, grade, tags and column mapping. */
export function sameRequest(a: ImportRequest, b: ImportRequest): boolean {
  return a.content === b.content && a.format === b.format && a.grade === b.grade && a.tags.join('\n') === b.tags.join('\n') && JSON.stringify(a.columns ?? {}) === JSON.stringify(b.columns ?? {});
}

export function useImportDraft() {
  const state = useSyncExternalStore(subscribe, () => draft);
  const queryClient = useQueryClient();
  // Callbacks given here, not to mutate(), run even when the page was remounted meanwhile.
  const mutation = useMutation({
    mutationFn: (request: ImportRequest) => importCards(request, (progress) => advance(request, progress)),
    onSuccess: (report, request) => {
      settle(request, { report });
      if (report.dryRun || report.created === 0) return;
      void queryClient.invalidateQueries({ queryKey: prospectsKey });
      void queryClient.invalidateQueries({ queryKey: todayKey });
    },
    onError: (error, request) => settle(request, { error }),
  });

  useEffect(
    () => () => {
      // Unmounted because the user went elsewhere (not because the shell changed frames): start afresh next time.
      if (window.location.pathname !== IMPORT_PATH) {
        reading += 1;
        draft = INITIAL;
        decoded = null;
      }
    },
    [],
  );

  return {
    draft: state,
    pick(file: File) {
      const token = ++reading;
      if (file.size > MAX_FILE_MB * 1024 * 1024) return update(() => ({ file: null, fileProblem: 'tooLarge' }));
      file.arrayBuffer().then(
        (buffer) => token === reading && update((d) => ({ file: { name: file.name, size: file.size, bytes: new Uint8Array(buffer) }, fileProblem: null, choices: { ...d.choices, columns: {} }, check: null })),
        () => token === reading && update(() => ({ file: null, fileProblem: 'unreadable' })),
      );
    },
    setChoices: (choices: ImportChoices) => update(() => ({ choices })),
    check(request: ImportRequest) {
      update(() => ({ check: { request, pending: true } }));
      mutation.mutate(request);
    },
    run(checked: ImportRequest, enrich: number[] = []) {
      const request = { ...checked, dryRun: false, ...(enrich.length && { enrich }) };
      update(() => ({ run: { request, pending: true } }));
      mutation.mutate(request);
    },
    /** Another file, with the same grade and tags (its columns are its own). */
    again() {
      reading += 1;
      update((d) => ({ ...INITIAL, choices: { ...d.choices, columns: {} } }));
    },
  };
}
