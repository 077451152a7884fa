/**
 * A bounded cache in front of a pure function of a string, keeping the most recently used results. Callers
 * share the returned values and must not change them.
 */
export function memoize<R>(fn: (key: string) => R, capacity: number): (key: string) => R {
  const cache = new Map<string, R>();
  return (key) => {
    const hit = cache.get(key);
    if (hit !== undefined) {
      // Re-inserting moves the entry to the end: the first key is always the least recently used.
      cache.delete(key);
      cache.set(key, hit);
      return hit;
    }
    const value = fn(key);
    if (cache.size >= capacity) cache.delete(cache.keys().next().value!);
    cache.set(key, value);
    return value;
  };
}
