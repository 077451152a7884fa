import { spawn, type ChildProcess } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { resolve } from 'node:path';
import { ROOT_DIR, type Target } from './target.js';

/** A child process the harness started, with its port and the peak RSS seen while sampling. */
export interface Child {
  name: string;
  port: number;
  process: ChildProcess;
  output: string[];
  /** Log lines at error level or above (pino levels 50 and 60), the latest 50. */
  errorLines: string[];
  stop(): Promise<void>;
}

export async function freePort(): Promise<number> {
  return new Promise((resolvePort, reject) => {
    const server = createServer();
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() => (typeof address === 'object' && address ? resolvePort(address.port) : reject(new Error('no port'))));
    });
  });
}

function start(name: string, args: string[], env: Record<string, string>, port: number): Child {
  const child = spawn(process.execPath, args, { cwd: ROOT_DIR, env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
  const output: string[] = [];
  const errorLines: string[] = [];
  const keep = (chunk: Buffer) => {
    const text = chunk.toString();
    output.push(text);
    if (output.length > 200) output.shift();
    for (const line of text.split('\n')) if (/"level":(50|60)/.test(line)) errorLines.push(line.slice(0, 2000));
    if (errorLines.length > 50) errorLines.splice(0, errorLines.length - 50);
  };
  child.stdout!.on('data', keep);
  child.stderr!.on('data', keep);
  return {
    name,
    port,
    process: child,
    output,
    errorLines,
    stop: () =>
      new Promise<void>((done) => {
        if (child.exitCode !== null || child.signalCode !== null) return done();
        const force = setTimeout(() => child.kill('SIGKILL'), 10_000);
        child.once('exit', () => {
          clearTimeout(force);
          done();
        });
        child.kill('SIGTERM');
      }),
  };
}

/** Waits until GET `path` answers 200, or fails with the child's output. */
async function waitReady(child: Child, path: string, timeoutMs = 60_000): Promise<void> {
  const until = Date.now() + timeoutMs;
  while (Date.now() < until) {
    if (child.process.exitCode !== null) throw new Error(`${child.name} exited with ${child.process.exitCode}:\n${child.output.join('')}`);
    try {
      const res = await fetch(`http://127.0.0.1:${child.port}${path}`);
      if (res.ok) return;
    } catch {
      // not listening yet
    }
    await new Promise((r) => setTimeout(r, 200));
  }
  await child.stop();
  throw new Error(`${child.name} did not become ready in ${timeoutMs / 1000} s:\n${child.output.join('')}`);
}

/** The real Pond server on 127.0.0.1, on the bench dataset, logging warnings only. */
export async function startPond(target: Target): Promise<Child> {
  const port = await freePort();
  const env: Record<string, string> = {
    PORT: String(port),
    HOST: '127.0.0.1',
    POND_DATA_DIR: target.dataDir,
    POND_BASE_URL: `http://127.0.0.1:${port}`,
    POND_LOG_LEVEL: 'warn',
    // The web process only: the bench measures requests, and its dataset's books are not aged for the pool's
    // recall (a worker would start the day's sweep on them). The sweep has its own benchmark, bench:pool.
    POND_ROLE: 'web',
  };
  if (target.engine === 'postgres') env.DATABASE_URL = target.pgUrl;
  else env.DATABASE_URL = '';
  // BENCH_CPU_PROF=<dir> leaves a V8 CPU profile of the Pond server there when it stops (open it in Chrome's DevTools).
  const profile = process.env.BENCH_CPU_PROF ? ['--cpu-prof', `--cpu-prof-dir=${resolve(process.env.BENCH_CPU_PROF)}`] : [];
  const child = start('pond', [...profile, '--import', 'tsx', 'packages/server/src/main.ts'], env, port);
  await waitReady(child, '/healthz', 180_000);
  return child;
}

/** The bare Fastify server running the same SQL on the raw driver, no auth or validation. */
export async function startBaseline(target: Target, poolMax: number): Promise<Child> {
  const port = await freePort();
  const env = {
    PORT: String(port),
    BENCH_ENGINE: target.engine,
    BENCH_SQLITE_FILE: target.sqliteFile,
    BENCH_PG_URL: target.pgUrl,
    BENCH_POOL: String(poolMax),
  };
  const child = start('baseline', ['--import', 'tsx', resolve(ROOT_DIR, 'bench/baseline-server.ts')], env, port);
  await waitReady(child, '/healthz');
  return child;
}

/** A process's peak memory over a run: its resident set, and the anonymous part of it (heap, stacks, caches it allocated). */
export interface MemoryPeak {
  rssBytes: number;
  /**
   * RssAnon: resident memory not backed by a file. Pages of a memory-mapped database file count in the resident set
   * but not here, so this is what the process itself costs.
   */
  anonBytes: number;
}

/** Reads VmRSS and RssAnon from a process's /proc status, in bytes; null once the process is gone. */
export function memoryOf(pid: number): MemoryPeak | null {
  try {
    const status = readFileSync(`/proc/${pid}/status`, 'utf8');
    const kb = (field: string) => Number(new RegExp(`^${field}:\\s+(\\d+) kB`, 'm').exec(status)?.[1] ?? 0) * 1024;
    return { rssBytes: kb('VmRSS'), anonBytes: kb('RssAnon') };
  } catch {
    return null;
  }
}

/** Samples a process's memory every 200 ms; returns a stop function that gives the peaks (each its own peak). */
export function sampleMemory(pid: number): () => MemoryPeak {
  const peak: MemoryPeak = { rssBytes: 0, anonBytes: 0 };
  const read = () => {
    const now = memoryOf(pid);
    if (!now) return;
    peak.rssBytes = Math.max(peak.rssBytes, now.rssBytes);
    peak.anonBytes = Math.max(peak.anonBytes, now.anonBytes);
  };
  read();
  const timer = setInterval(read, 200);
  return () => {
    clearInterval(timer);
    read();
    return { ...peak };
  };
}
