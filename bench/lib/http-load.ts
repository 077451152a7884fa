import autocannon from 'autocannon';
import { summarise, type Summary } from './stats.js';

export interface LoadRequest {
  method: 'GET' | 'POST';
  path: string;
  headers: Record<string, string>;
  body?: string;
}

export interface LoadResult extends Summary {
  /** Non-2xx answers plus socket errors and timeouts. */
  errors: number;
  /** Status code → count for the non-2xx answers, to say what went wrong. */
  statuses: Record<string, number>;
  socketErrors: string[];
}

/**
 * One autocannon run against 127.0.0.1 with a fresh request drawn for every call, `warmup + seconds` long
 * on the same connections. Only requests sent once the warm-up is over and every connection has had its
 * first answer count (when that leaves at least half the measured time): their latencies, and their number
 * over the time left as the throughput.
 *
 * Why one run and not a warm-up run then a measured one: a server whose CPU is saturated accepts new
 * connections slowly (Node takes about one per event-loop turn), so the first request on each of 50 fresh
 * connections waited up to the whole run (measured on the bare agenda route: p99 5.0 s with those first
 * requests, 0.56 s without, p50 0.3 s either way). That is the load generator connecting, not the steady
 * state the scenarios are about.
 */
function runOnce(port: number, connections: number, warmup: number, seconds: number, next: () => LoadRequest): Promise<LoadResult> {
  const sent: Array<[at: number, ms: number]> = [];
  const answered = new Set<unknown>();
  let allAnsweredAt = Infinity;
  let start = 0;
  const statuses: Record<string, number> = {};
  const socketErrors = new Set<string>();
  let errors = 0;
  return new Promise((resolve, reject) => {
    const instance = autocannon(
      {
        url: `http://127.0.0.1:${port}`,
        connections,
        duration: warmup + seconds,
        timeout: 30,
        requests: [
          {
            setupRequest: (req: Record<string, unknown>) => {
              const r = next();
              return { ...req, method: r.method, path: r.path, headers: { ...(req.headers as object), ...r.headers }, body: r.body };
            },
          },
        ],
      },
      (err: Error | null, result: { duration: number; errors: number; timeouts: number }) => {
        if (err) return reject(err);
        // Without a warm-up (CI's smoke runs) everything counts. With one, the window also waits for the
        // last connection's first answer, unless that would leave less than half the measured time.
        const from = warmup > 0 && allAnsweredAt <= warmup + seconds / 2 ? Math.max(warmup, allAnsweredAt) : warmup;
        const latencies = sent.filter(([at]) => at >= from).map(([, ms]) => ms);
        const measured = Math.max(result.duration - from, 0.001);
        // A run that got no answer at all means the server stalled: every connection counts as failed.
        if (sent.length === 0 || latencies.length === 0) {
          errors += connections;
          statuses['no response'] = connections;
        }
        resolve({ ...summarise(latencies, measured), errors: errors + result.timeouts, statuses, socketErrors: [...socketErrors] });
      },
    );
    start = performance.now();
    instance.on('response', (client: unknown, status: number, _bytes: number, ms: number) => {
      const now = (performance.now() - start) / 1000;
      sent.push([now - ms / 1000, ms]);
      if (answered.size < connections && !answered.has(client) && answered.add(client).size === connections) allAnsweredAt = now;
      if (status < 200 || status >= 300) {
        errors++;
        statuses[status] = (statuses[status] ?? 0) + 1;
      }
    });
    instance.on('reqError', (err: Error) => {
      errors++;
      socketErrors.add(err.message);
    });
  });
}

/** A warm-up (discarded), then the measured seconds, on the same connections. */
export async function loadTest(port: number, connections: number, warmup: number, seconds: number, next: () => LoadRequest): Promise<LoadResult> {
  return runOnce(port, connections, warmup, seconds, next);
}
