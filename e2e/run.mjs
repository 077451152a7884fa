#!/usr/bin/env node
// Runs the browser suite against a real Pond server on a free port with a fresh data directory.
// Usage: npm run test:e2e [-- NAME]   (NAME limits the run to spec files whose name contains it)
import { spawn, spawnSync } from 'node:child_process';
import { createWriteStream, existsSync, mkdirSync, rmSync } from 'node:fs';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { createServer } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { register } from 'tsx/esm/api';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const artifactsDir = path.join(root, '.e2e-artifacts');
const executablePath = process.env.POND_E2E_CHROMIUM ?? '/usr/bin/chromium';
const filter = process.argv[2];

function freePort() {
  return new Promise((resolve, reject) => {
    const probe = createServer();
    probe.once('error', reject);
    probe.listen(0, '127.0.0.1', () => {
      const { port } = probe.address();
      probe.close(() => resolve(port));
    });
  });
}

const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

async function waitFor(what, check, timeoutMs) {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (await check()) return;
    await sleep(200);
  }
  throw new Error(`gave up waiting for ${what} after ${timeoutMs} ms`);
}

function stopServer(server) {
  if (server.exitCode !== null || server.signalCode !== null) return Promise.resolve();
  return new Promise((resolve) => {
    const kill = setTimeout(() => server.kill('SIGKILL'), 10_000);
    server.once('exit', () => {
      clearTimeout(kill);
      resolve();
    });
    server.kill('SIGTERM');
  });
}

async function main() {
  if (!existsSync(executablePath)) throw new Error(`Chromium not found at ${executablePath} (apt-get install -y chromium)`);
  if (!existsSync(path.join(root, 'packages/web/dist/index.html'))) {
    console.log('Building the web app…');
    const build = spawnSync('npm', ['run', 'build', '-w', '@pond/web'], { cwd: root, stdio: 'inherit' });
    if (build.status !== 0) throw new Error('web build failed');
  }
  // Screenshots from an earlier run would be mistaken for this one's.
  rmSync(artifactsDir, { recursive: true, force: true });
  mkdirSync(artifactsDir, { recursive: true });

  const port = await freePort();
  const baseUrl = `http://127.0.0.1:${port}`;
  const dataDir = await mkdtemp(path.join(os.tmpdir(), 'pond-e2e-'));
  // The server reads "now" from this file (empty = real time); specs move it with setServerNow() in helpers.ts.
  process.env.POND_CLOCK_FILE = path.join(dataDir, 'clock.txt');
  await writeFile(process.env.POND_CLOCK_FILE, '');
  const log = createWriteStream(path.join(artifactsDir, 'server.log'));
  const server = spawn(process.execPath, ['--import', 'tsx', 'packages/server/src/main.ts', 'serve'], {
    cwd: root,
    env: { ...process.env, PORT: String(port), POND_DATA_DIR: dataDir, POND_BASE_URL: baseUrl, POND_LOG_LEVEL: 'warn' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  let setupUrl = null;
  const onData = (chunk) => {
    const text = chunk.toString();
    log.write(text);
    output += text;
    const match = /(\S*\/setup\?token=[^\s"']+)/.exec(output);
    if (match && !setupUrl) {
      // Whatever host the server printed, drive it through the address we started it on.
      const printed = new URL(match[1], baseUrl);
      setupUrl = `${baseUrl}/setup${printed.search}`;
    }
  };
  server.stdout.on('data', onData);
  server.stderr.on('data', onData);

  let result = { passed: 0, failed: 1, failures: ['the server did not start'] };
  try {
    await waitFor(
      'GET /readyz = 200',
      async () => {
        if (server.exitCode !== null) throw new Error(`server exited with code ${server.exitCode}:\n${output}`);
        try {
          return (await fetch(`${baseUrl}/readyz`)).status === 200;
        } catch {
          return false;
        }
      },
      60_000,
    );
    await waitFor('the printed setup link', () => setupUrl !== null, 10_000).catch(() => {
      console.warn('warning: the server printed no setup link; setup tests will fail');
    });
    console.log(`Pond is up at ${baseUrl} (data in ${dataDir})`);

    register();
    const { runSpecs } = await import('./harness.ts');
    result = await runSpecs({ baseUrl, setupUrl, filter, artifactsDir, executablePath });
  } catch (err) {
    result.failures = [err instanceof Error ? (err.stack ?? err.message) : String(err)];
  } finally {
    await stopServer(server);
    log.end();
    await rm(dataDir, { recursive: true, force: true });
  }

  if (result.failures.length) {
    console.log('\nFailures:');
    for (const failure of result.failures) console.log(`- ${failure}`);
  }
  console.log(`\n${result.passed} passed, ${result.failed} failed`);
  process.exitCode = result.failed > 0 ? 1 : 0;
}

main().catch((err) => {
  console.error(err);
  console.log('0 passed, 1 failed');
  process.exitCode = 1;
});
