import { describe, expect, it } from 'vitest';
import { memoize } from './memo.js';

describe('memoize', () => {
  it('computes each key once while it stays among the most recently used', () => {
    const calls: string[] = [];
    const upper = memoize((s) => (calls.push(s), s.toUpperCase()), 2);
    expect([upper('a'), upper('b'), upper('a'), upper('c')]).toEqual(['A', 'B', 'A', 'C']);
    // 'b' was the least recently used when 'c' came in; 'a' was kept.
    expect([upper('a'), upper('b')]).toEqual(['A', 'B']);
    expect(calls).toEqual(['a', 'b', 'c', 'b']);
  });
});
