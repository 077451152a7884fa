/**
 * Durability drill: a write load against a real `pond serve`, killed with SIGKILL at a random moment, started
 * again, N times. After every restart each write the server had acknowledged must be there, and every derived
 * counter (touch count, first contact) must agree with its rows.
 *
 *   npx tsx reliability/kill-cycles.ts --engine sqlite --cycles 20
 *   npx tsx reliability/kill-cycles.ts --engine postgres --cycles 20 --database-url postgres://postgres@127.0.0.1:5432/test
 */
import { argValue, assertSound, audit, drill, firstAdmin, sleep, startServer, withStore, writeLoad, type Acknowledged, type Store } from './lib.js';

const engine = argValue('engine', 'sqlite');
const cycles = Number(argValue('cycles', '20'));
const adminUrl = argValue('database-url', process.env.POND_TEST_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test');

async function killCycles(store: Store): Promise<void> {
  const ack: Acknowledged = { prospects: new Set(), touches: new Set() };
  let sent = 0;
  let lost = 0;
  const started = Date.now();
  let server = await startServer(store);
  const client = await firstAdmin(server);
  for (let cycle = 1; cycle <= cycles; cycle++) {
    const load = writeLoad(client, ack, 8);
    // Somewhere between a moment and two seconds into the load: mid-batch, mid-commit, mid-request.
    await sleep(200 + Math.random() * 1800);
    await server.crash();
    load.state.stop = true;
    await load.done;
    sent += load.state.sent;
    lost += load.state.failed;
    const a = await audit(store, ack);
    assertSound(a, `cycle ${cycle} (${engine})`);
    server = await startServer(store, server.port);
    client.base = server.url;
    console.log(
      `cycle ${String(cycle).padStart(2)}: ${load.state.acknowledged} writes acknowledged, ${load.state.failed} cut off by the kill; ` +
        `book ${a.prospects} prospects / ${a.touches} touches, all acknowledged present, counters agree`,
    );
  }
  await server.stop();
  const final = await audit(store, ack);
  assertSound(final, `after ${cycles} cycles (${engine})`);
  console.log(
    `kill-cycles ${engine}: ${cycles} cycles in ${((Date.now() - started) / 1000).toFixed(0)} s, ${sent} requests, ` +
      `${ack.prospects.size + ack.touches.size} acknowledged writes (${ack.prospects.size} prospects, ${ack.touches.size} touches), ` +
      `${lost} cut off, 0 missing, invariants hold (touch counts, first contacts${engine === 'sqlite' ? ', integrity_check' : ''})`,
  );
}

drill(() => withStore(engine, adminUrl, 'kill', killCycles));
