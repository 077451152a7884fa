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

/** One autocannon run against 127.0.0.1 with a fresh request drawn for every call. */
function runOnce(port: number, connections: number, seconds: number, next: () => LoadRequest): Promise<LoadResult> {
  const latencies: number[] = [];
  const statuses: Record<string, number> = {};
  const socketErrors = new Set<string>();
  let errors = 0;
  return new Promise((resolve, reject) => {
    const instance = autocannon(
      {
        url: `http://127.0.0.1:${port}`,
        connections,
        duration: seconds,
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
        const measured = Math.max(result.duration, 0.001);
        // A run that got no answer at all means the server stalled: every connection counts as failed.
        if (latencies.length === 0) {
          errors += connections;
          statuses['no response'] = connections;
        }
        resolve({ ...summarise(latencies, measured), errors: errors + result.timeouts, statuses, socketErrors: [...socketErrors] });
      },
    );
    instance.on('response', (_client: unknown, status: number, _bytes: number, ms: number) => {
      latencies.push(ms);
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

/** A warm-up run (discarded), then the measured run. */
export async function loadTest(port: number, connections: number, warmup: number, seconds: number, next: () => LoadRequest): Promise<LoadResult> {
  if (warmup > 0) await runOnce(port, connections, warmup, next);
  return runOnce(port, connections, seconds, next);
}
