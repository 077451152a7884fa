/** Latency samples in milliseconds, summarised. */
export interface Summary {
  count: number;
  p50: number;
  p95: number;
  p99: number;
  opsPerSecond: number;
}

export function summarise(samples: number[], seconds: number): Summary {
  const sorted = Float64Array.from(samples).sort();
  const at = (q: number) => (sorted.length ? sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))]! : NaN);
  return { count: sorted.length, p50: at(0.5), p95: at(0.95), p99: at(0.99), opsPerSecond: sorted.length / seconds };
}
