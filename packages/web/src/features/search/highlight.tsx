import type { ReactNode } from 'react';

/** Sorted, clamped, merged [start, end) ranges: the server's may overlap across several matches of one field. */
export function mergeRanges(ranges: ReadonlyArray<readonly [number, number]>, length: number): Array<[number, number]> {
  const clamped = ranges
    .map(([s, e]) => [Math.max(0, Math.min(s, length)), Math.max(0, Math.min(e, length))] as [number, number])
    .filter(([s, e]) => e > s)
    .sort((a, b) => a[0] - b[0] || a[1] - b[1]);
  const out: Array<[number, number]> = [];
  for (const [s, e] of clamped) {
    const last = out[out.length - 1];
    if (last && s <= last[1]) last[1] = Math.max(last[1], e);
    else out.push([s, e]);
  }
  return out;
}

function digitIndexes(text: string): number[] {
  const out: number[] = [];
  for (let i = 0; i < text.length; i++) if (text[i]! >= '0' && text[i]! <= '9') out.push(i);
  return out;
}

/**
 * Ranges over a stored phone (E.164, as the server gives them) moved onto the form it is shown in, digit by digit
 * from the end: the national form drops the country code and may add a trunk 0, so marks on those are dropped.
 */
export function shownRanges(stored: string, shown: string, ranges: ReadonlyArray<readonly [number, number]>): Array<[number, number]> {
  const from = digitIndexes(stored);
  const to = digitIndexes(shown);
  const moved = new Map<number, number>();
  for (let i = from.length - 1, j = to.length - 1; i >= 0 && j >= 0 && stored[from[i]!] === shown[to[j]!]; i--, j--) moved.set(from[i]!, to[j]!);
  return ranges.flatMap(([s, e]) => {
    const at = from.filter((i) => i >= s && i < e && moved.has(i)).map((i) => moved.get(i)!);
    return at.length ? [[Math.min(...at), Math.max(...at) + 1] as [number, number]] : [];
  });
}

/** The value with the matched parts marked; offsets are UTF-16 units into the original value, as the server gives them. */
export function Highlight({ text, ranges }: { text: string; ranges?: ReadonlyArray<readonly [number, number]> }) {
  const merged = mergeRanges(ranges ?? [], text.length);
  if (!merged.length) return <>{text}</>;
  const parts: ReactNode[] = [];
  let at = 0;
  for (const [s, e] of merged) {
    if (s > at) parts.push(text.slice(at, s));
    parts.push(
      <mark key={s} className="pond-hit">
        {text.slice(s, e)}
      </mark>,
    );
    at = e;
  }
  if (at < text.length) parts.push(text.slice(at));
  return <>{parts}</>;
}
