import { describe, expect, it } from 'vitest';
import { memoryOf, sampleMemory } from './children.js';

describe('memory of a process', () => {
  it('reads the resident set and its anonymous part, which grows with what the process allocates', () => {
    const before = memoryOf(process.pid)!;
    expect(before.anonBytes).toBeGreaterThan(0);
    expect(before.anonBytes).toBeLessThanOrEqual(before.rssBytes);
    const block = Buffer.alloc(64 * 1024 ** 2, 1);
    const after = memoryOf(process.pid)!;
    expect(after.anonBytes - before.anonBytes).toBeGreaterThan(48 * 1024 ** 2);
    expect(block[block.length - 1]).toBe(1);
  });

  it('answers null for a process that is gone, and keeps the peaks a sampler saw', async () => {
    expect(memoryOf(2 ** 22 + 12345)).toBeNull();
    const stop = sampleMemory(process.pid);
    let block: Buffer | null = Buffer.alloc(32 * 1024 ** 2, 1);
    await new Promise((r) => setTimeout(r, 450));
    const seen = memoryOf(process.pid)!;
    block = null;
    const peak = stop();
    expect(block).toBeNull();
    expect(peak.anonBytes).toBeGreaterThanOrEqual(seen.anonBytes - 4 * 1024 ** 2);
    expect(peak.rssBytes).toBeGreaterThanOrEqual(peak.anonBytes);
  });
});
