import { Agent, request as httpRequest } from 'node:http';
import type { LoadRequest, LoadResult } from './http-load.js';
import { summarise } from './stats.js';

/**
 * An open-loop run: requests start on a fixed schedule, `rate` per second evenly spaced, whatever the server's
 * answers are doing, over at most `connections` keep-alive sockets (a request waits for a free socket when all
 * are busy). Each latency is counted from the request's scheduled start, not from when a socket took it, so a
 * server that falls behind shows its backlog in the percentiles (no coordinated omission). The requests
 * scheduled during the warm-up are answered but not counted.
 *
 * This is the question "does the server sustain R requests per second, and how long do they take then", which
 * the closed-loop run (`loadTest`: 50 connections, each sending its next request as soon as the last one is
 * answered) cannot answer: that one keeps the server saturated, so its latency is mostly the queue.
 */
export function rateTest(port: number, connections: number, rate: number, warmup: number, seconds: number, next: () => LoadRequest): Promise<LoadResult & { scheduled: number }> {
  const agent = new Agent({ keepAlive: true, maxSockets: connections });
  const interval = 1000 / rate;
  const total = Math.max(1, Math.round(rate * (warmup + seconds)));
  const measuredFrom = Math.round(rate * warmup);
  const latencies: number[] = [];
  const statuses: Record<string, number> = {};
  const socketErrors = new Set<string>();
  let errors = 0;
  let lastAnswerAt = 0;
  let issued = 0;
  let settled = 0;

  return new Promise((resolve) => {
    const start = performance.now();
    const finish = () => {
      agent.destroy();
      // Throughput over the measured schedule, stretched when the last answers came late.
      const measuredSeconds = Math.max(seconds, (lastAnswerAt - start) / 1000 - warmup, 0.001);
      resolve({ ...summarise(latencies, measuredSeconds), errors, statuses, socketErrors: [...socketErrors], scheduled: total - measuredFrom });
    };
    const send = (index: number, due: number) => {
      const r = next();
      const req = httpRequest(
        { agent, host: '127.0.0.1', port, method: r.method, path: r.path, headers: r.body === undefined ? r.headers : { ...r.headers, 'content-length': Buffer.byteLength(r.body) }, timeout: 30_000 },
        (res) => {
          res.resume();
          res.on('end', () => {
            const now = performance.now();
            lastAnswerAt = now;
            const status = res.statusCode ?? 0;
            if (index >= measuredFrom) {
              latencies.push(now - due);
              if (status < 200 || status >= 300) {
                errors++;
                statuses[status] = (statuses[status] ?? 0) + 1;
              }
            }
            if (++settled === total) finish();
          });
        },
      );
      req.on('timeout', () => req.destroy(new Error('timeout')));
      req.on('error', (err) => {
        if (index >= measuredFrom) {
          errors++;
          socketErrors.add(err.message);
        }
        if (++settled === total) finish();
      });
      req.end(r.body);
    };
    // Wake often and start every request whose time has come; a late timer only delays the send, and the
    // latency still counts from the scheduled time.
    const tick = () => {
      const now = performance.now();
      while (issued < total && start + issued * interval <= now) {
        send(issued, start + issued * interval);
        issued++;
      }
      if (issued < total) setTimeout(tick, Math.max(0, Math.min(interval, start + issued * interval - now)));
    };
    tick();
  });
}
