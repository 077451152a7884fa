import { Worker } from 'node:worker_threads';
import { prepareCards, type CardDefaults, type CardFormat, type CsvMapping, type PhoneRegion } from '@pond/domain';

/** Files from this size are read on another thread; below it a thread costs more than the parse (~0.1 s to start). */
export const OFF_THREAD_FROM_CHARS = 256 * 1024;

/**
 * A card file read and checked without holding up the server: parsing and validating 100,000 cards takes
 * seconds of CPU, which on the main thread would stall every other request (health checks included). Small
 * files are read in place.
 */
export async function readCardsOffThread(
  text: string,
  format: CardFormat | undefined,
  max: number,
  defaults: CardDefaults,
  region: PhoneRegion | undefined,
  offThreadFrom = OFF_THREAD_FROM_CHARS,
  mapping: CsvMapping = {},
): Promise<ReturnType<typeof prepareCards>> {
  if (text.length < offThreadFrom) return prepareCards(text, format, max, defaults, region, mapping);
  return new Promise((resolve, reject) => {
    const worker = new Worker(new URL('./card-reader.mjs', import.meta.url), { workerData: { text, format, max, defaults, region, mapping } });
    worker.once('message', (m: { result?: ReturnType<typeof prepareCards>; error?: string }) => {
      if (m.result) resolve(m.result);
      else reject(new Error(m.error ?? 'card reader failed'));
      void worker.terminate();
    });
    worker.once('error', reject);
    worker.once('exit', (code) => code !== 0 && reject(new Error(`card reader exited (${code})`)));
  });
}
