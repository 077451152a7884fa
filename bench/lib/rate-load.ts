import { connect, type Socket } from 'node:net';
import type { LoadRequest, LoadResult } from './http-load.js';
import { summarise } from './stats.js';

/**
 * An open-loop run: requests start on a fixed schedule, `rate` per second evenly spaced, whatever the server's
 * answers are doing, over `connections` keep-alive sockets opened beforehand (a request waits for a free socket
 * when all are busy). Each latency is counted from the request's scheduled start, not from when a socket took
 * it, so a server that falls behind shows its backlog in the percentiles (no coordinated omission). The
 * requests scheduled during the warm-up are answered but not counted.
 *
 * This is the question "does the server sustain R requests per second, and how long do they take then", which
 * the closed-loop run (`loadTest`: 50 connections, each sending its next request as soon as the last one is
 * answered) cannot answer: that one keeps the server saturated, so its latency is mostly the queue.
 *
 * The client speaks HTTP/1.1 on raw sockets (requests written as bytes, answers read by their length) because
 * it shares the two cores with the server it measures. Against a server answering ~1,400 requests a second,
 * this client used 116 µs of CPU per request and autocannon's 181 µs; against a trivial server at that rate,
 * Node's http client took 35% of a core and this one 28%.
 */
export async function rateTest(port: number, connections: number, rate: number, warmup: number, seconds: number, next: () => LoadRequest): Promise<LoadResult & { scheduled: number }> {
  const interval = 1000 / rate;
  const total = Math.max(1, Math.round(rate * (warmup + seconds)));
  const measuredFrom = Math.round(rate * warmup);
  const latencies: number[] = [];
  const statuses: Record<string, number> = {};
  const socketErrors = new Set<string>();
  let errors = 0;
  let lastAnswerAt = 0;
  let settled = 0;
  const waiting: number[] = [];
  let finish: () => void = () => {};
  const done = new Promise<void>((resolve) => (finish = resolve));

  const settle = (index: number, status: number | Error) => {
    const now = performance.now();
    lastAnswerAt = now;
    if (index >= measuredFrom) {
      const due = start + index * interval;
      if (status instanceof Error) {
        errors++;
        socketErrors.add(status.message);
      } else {
        latencies.push(now - due);
        if (status < 200 || status >= 300) {
          errors++;
          statuses[status] = (statuses[status] ?? 0) + 1;
        }
      }
    }
    if (++settled === total) finish();
  };

  const wire = (r: LoadRequest) => {
    const body = r.body === undefined ? '' : r.body;
    let head = `${r.method} ${r.path} HTTP/1.1\r\nhost: 127.0.0.1:${port}\r\n`;
    for (const [name, value] of Object.entries(r.headers)) head += `${name}: ${value}\r\n`;
    if (r.body !== undefined) head += `content-length: ${Buffer.byteLength(body)}\r\n`;
    return `${head}\r\n${body}`;
  };

  const all = new Set<Conn>();
  const idle = await Promise.all(Array.from({ length: connections }, () => open()));
  const start = performance.now();

  function open(): Promise<Conn> {
    return new Promise((resolve, reject) => {
      const socket = connect(port, '127.0.0.1');
      socket.setNoDelay(true);
      const conn = new Conn(socket, (c, index, status) => {
        settle(index, status);
        if (c.closed) replace(c);
        else take(c);
      });
      all.add(conn);
      socket.once('connect', () => resolve(conn));
      socket.once('error', reject);
    });
  }

  /** A broken or closed connection gives way to a new one, which goes on with the queue. */
  function replace(conn: Conn) {
    all.delete(conn);
    if (settled < total) void open().then(take, (err: Error) => socketErrors.add(err.message));
  }

  function take(conn: Conn) {
    const index = waiting.shift();
    if (index !== undefined) conn.send(index, wire(next()));
    else idle.push(conn);
  }

  /** A free open connection, if any; those the server closed while idle are replaced. */
  function free(): Conn | undefined {
    for (let conn = idle.pop(); conn; conn = idle.pop()) {
      if (!conn.closed) return conn;
      replace(conn);
    }
    return undefined;
  }

  let issued = 0;
  // Wake often and start every request whose time has come; a late timer only delays the send, and the
  // latency still counts from the scheduled time.
  const tick = () => {
    const now = performance.now();
    while (issued < total && start + issued * interval <= now) {
      const conn = free();
      if (conn) conn.send(issued, wire(next()));
      else waiting.push(issued);
      issued++;
    }
    if (issued < total) setTimeout(tick, Math.max(0, Math.min(interval, start + issued * interval - now)));
  };
  tick();
  // Answers still missing 30 s after the schedule ended count as timeouts.
  const deadline = setTimeout(() => {
    socketErrors.add('timeout');
    errors += total - settled;
    finish();
  }, (warmup + seconds + 30) * 1000);
  await done;
  clearTimeout(deadline);
  for (const conn of all) conn.destroy();
  // Throughput over the measured schedule, stretched when the last answers came late.
  const measuredSeconds = Math.max(seconds, (lastAnswerAt - start) / 1000 - warmup, 0.001);
  return { ...summarise(latencies, measuredSeconds), errors, statuses, socketErrors: [...socketErrors], scheduled: total - measuredFrom };
}

const CRLF2 = Buffer.from('\r\n\r\n');

/** One keep-alive connection with at most one request in flight; reads answers by Content-Length or chunks. */
class Conn {
  private buffer: Buffer = Buffer.alloc(0);
  private index = -1;
  closed = false;

  constructor(
    private readonly socket: Socket,
    private readonly answered: (conn: Conn, index: number, status: number | Error) => void,
  ) {
    socket.on('data', (chunk: Buffer) => {
      this.buffer = this.buffer.length ? Buffer.concat([this.buffer, chunk]) : chunk;
      this.parse();
    });
    const fail = (err: Error) => {
      this.closed = true;
      if (this.index >= 0) {
        const index = this.index;
        this.index = -1;
        this.answered(this, index, err);
      }
    };
    socket.on('error', fail);
    socket.on('close', () => fail(new Error('connection closed')));
  }

  send(index: number, bytes: string) {
    this.index = index;
    this.socket.write(bytes);
  }

  destroy() {
    this.closed = true;
    this.index = -1;
    this.socket.destroy();
  }

  private parse() {
    const headEnd = this.buffer.indexOf(CRLF2);
    if (headEnd < 0 || this.index < 0) return;
    const head = this.buffer.toString('latin1', 0, headEnd);
    const status = Number(head.slice(9, 12));
    const length = /\r\ncontent-length: *(\d+)/i.exec(head);
    let end: number;
    if (length) {
      end = headEnd + 4 + Number(length[1]);
      if (this.buffer.length < end) return;
    } else if (/\r\ntransfer-encoding: *chunked/i.test(head)) {
      end = chunkedEnd(this.buffer, headEnd + 4);
      if (end < 0) return;
    } else end = headEnd + 4; // no body (204, 304)
    if (/\r\nconnection: *close/i.test(head)) this.closed = true;
    this.buffer = this.buffer.subarray(end);
    const index = this.index;
    this.index = -1;
    this.answered(this, index, status);
  }
}

/** Where a chunked body starting at `from` ends, or -1 when it has not all arrived. */
function chunkedEnd(buffer: Buffer, from: number): number {
  let at = from;
  for (;;) {
    const lineEnd = buffer.indexOf('\r\n', at);
    if (lineEnd < 0) return -1;
    const size = parseInt(buffer.toString('latin1', at, lineEnd), 16);
    at = lineEnd + 2 + size + 2;
    if (at > buffer.length) return -1;
    if (size === 0) return at;
  }
}
