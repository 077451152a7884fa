import { Worker } from 'node:worker_threads';
import type { SearchDocument } from '@pond/domain';

type Pending = { resolve: (terms: string[][]) => void; reject: (error: Error) => void };

/**
 * Search terms computed on another thread: pinyin, folding and n-grams cost ~80 µs a card, as much as writing
 * the card, and on the main thread they would also hold up every other request. A large import sends its cards
 * here up front and uses each batch's terms if they are back by the time its records are written. The terms
 * are the domain's own (`IndexTermCache`), the same as the main thread would compute.
 */
export class TermWorker {
  private readonly worker: Worker;
  private readonly pending = new Map<number, Pending>();
  private next = 0;
  private failed: Error | null = null;

  constructor() {
    this.worker = new Worker(new URL('./term-worker.mjs', import.meta.url));
    this.worker.on('message', (m: { id: number; terms?: string[][]; error?: string }) => {
      const p = this.pending.get(m.id);
      this.pending.delete(m.id);
      if (!this.pending.size) this.worker.unref();
      if (m.terms) p?.resolve(m.terms);
      else p?.reject(new Error(m.error ?? 'no terms'));
    });
    const fail = (error: Error) => {
      this.failed = error;
      for (const p of this.pending.values()) p.reject(error);
      this.pending.clear();
    };
    this.worker.on('error', fail);
    this.worker.on('exit', (code) => fail(new Error(`term worker exited (${code})`)));
    // Only a worker with work asked of it keeps the process alive.
    this.worker.unref();
  }

  /** The terms of each document, in order. */
  terms(docs: SearchDocument[]): Promise<string[][]> {
    if (this.failed) return Promise.reject(this.failed);
    const id = this.next++;
    return new Promise((resolve, reject) => {
      if (!this.pending.size) this.worker.ref();
      this.pending.set(id, { resolve, reject });
      this.worker.postMessage({ id, docs });
    });
  }

  async close(): Promise<void> {
    await this.worker.terminate();
  }
}
