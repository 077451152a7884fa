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
  /**
   * Set when no answer arrived within the run but one more request, given time, was answered with a 2xx:
   * its latency in ms. The server is slower than the run is long, which is a timing, not a failure.
   */
  slowerThanRun?: number;
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
        const summary = { ...summarise(latencies, measured), errors: errors + result.timeouts, statuses, socketErrors: [...socketErrors] };
        if (latencies.length > 0) return resolve(summary);
        // No answer inside the run: either every answer takes longer than the run (50 connections queued on a
        // busy server can), or the server stalled. One more request, given time, tells which.
        requestOnce(port, next()).then((ms) => {
          if (ms !== null) return resolve({ ...summary, slowerThanRun: ms });
          statuses['no response'] = connections;
          resolve({ ...summary, errors: summary.errors + connections });
        }, reject);
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

/** One request with up to 30 s to answer: its latency in ms if it got a 2xx, else null. */
export async function requestOnce(port: number, r: LoadRequest): Promise<number | null> {
  const started = performance.now();
  try {
    const res = await fetch(`http://127.0.0.1:${port}${r.path}`, { method: r.method, headers: r.headers, body: r.body, signal: AbortSignal.timeout(30_000) });
    await res.arrayBuffer();
    return res.ok ? performance.now() - started : null;
  } catch {
    return null;
  }
}

/** A warm-up (discarded), then the measured seconds, on the same connections. */
export async function loadTest(port: number, connections: number, warmup: number, seconds: number, next: () => LoadRequest): Promise<LoadResult> {
  return runOnce(port, connections, warmup, seconds, next);
}
