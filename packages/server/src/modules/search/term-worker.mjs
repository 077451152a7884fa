// The thread behind TermWorker (term-worker.ts): search terms for batches of documents, in the order asked.
// Plain JavaScript, so that it starts under plain Node and then loads Pond's TypeScript as the CLI does.
import { parentPort } from 'node:worker_threads';
import { register } from 'tsx/esm/api';

register();
const { IndexTermCache } = await import('@pond/domain');
const cache = new IndexTermCache();
parentPort.on('message', ({ id, docs }) => {
  try {
    parentPort.postMessage({ id, terms: docs.map((doc) => [...cache.terms(doc)]) });
  } catch (error) {
    parentPort.postMessage({ id, error: String(error?.message ?? error) });
  }
});
