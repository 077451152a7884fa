// The thread behind readCardsOffThread (card-reader.ts): one file's cards read and checked, then the thread ends.
// Plain JavaScript, so that it starts under plain Node and then loads Pond's TypeScript as the CLI does.
import { parentPort, workerData } from 'node:worker_threads';
import { register } from 'tsx/esm/api';

register();
const { prepareCards } = await import('@pond/domain');
const { text, format, max, defaults, region, mapping } = workerData;
try {
  parentPort.postMessage({ result: prepareCards(text, format, max, defaults, region, mapping) });
} catch (error) {
  parentPort.postMessage({ error: String(error?.message ?? error) });
}
