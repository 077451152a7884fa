import { describeEachDialect } from '@pond/db/testing';
import { beforeAll, expect, it } from 'vitest';
import { z } from 'zod';
import { ManualClock } from '../platform/clock.js';
import { anyJob, defineJob } from './job.js';
import { JobsRepository } from './jobs.repository.js';
import { JobQueue } from './queue.js';
import { JobRunner } from './runner.js';
import { Scheduler, anySchedule, occurrenceKey } from './scheduler.js';

/** The job queue on both engines: deterministic keys, one claim per job, leases, retries, dead jobs. */
describeEachDialect('background jobs', (ctx) => {
  const clock = new ManualClock('2026-12-02T08:00:00.000Z');
  let queue: JobQueue;
  const runs: { key: string; attempt: number; n: number }[] = [];
  const failUntil = 0;
  const work = defineJob({
    type: 'test.work',
    version: 1,
    maxAttempts: 3,
    payload: z.object({ n: z.number().int() }),
    handler: async (p, c) => {
      runs.push({ key: c.key, attempt: c.attempt, n: p.n });
      expect(c.actor).toMatchObject({ system: true, job: c.key });
      if (p.n < 0 || c.attempt <= failUntil) throw new Error(`refused ${p.n}`);
    },
  });
  const runner = (leaseMs = 60_000) => new JobRunner(ctx.database, clock, [anyJob(work)], { leaseMs, pollMs: 10 });

  beforeAll(() => {
    queue = new JobQueue(ctx.database, clock, new JobsRepository());
  });

  it('collides on the key: the same work enqueued twice is one job', async () => {
    expect(await queue.enqueue(work, 'test.work:a', { n: 1 })).toBe(true);
    expect(await queue.enqueue(work, 'test.work:a', { n: 2 })).toBe(false);
    expect(await runner().runOnce()).toBe(true);
    expect(await runner().runOnce()).toBe(false);
    expect(runs.filter((r) => r.key === 'test.work:a')).toEqual([{ key: 'test.work:a', attempt: 1, n: 1 }]);
    expect((await queue.find('test.work:a'))?.status).toBe('done');
    // Even once done, the key stays taken: a scheduler enqueueing the same occurrence later does nothing.
    expect(await queue.enqueue(work, 'test.work:a', { n: 3 })).toBe(false);
  });

  it('lets done jobs go after a week, and keeps the rest', async () => {
    expect(await queue.enqueue(work, 'test.work:old', { n: 5 })).toBe(true);
    expect(await runner().runOnce()).toBe(true);
    expect(await queue.enqueue(work, 'test.work:waiting', { n: 6 }, { runAt: new Date('2027-01-01T00:00:00.000Z') })).toBe(true);
    const at = clock.now().toISOString();
    clock.set(new Date(clock.now().getTime() + 6 * 86_400_000).toISOString());
    await queue.purgeFinished(7);
    expect((await queue.find('test.work:old'))?.status).toBe('done');
    clock.set(new Date(new Date(at).getTime() + 8 * 86_400_000).toISOString());
    expect(await queue.purgeFinished(7)).toBeGreaterThanOrEqual(1);
    expect(await queue.find('test.work:old')).toBeUndefined();
    expect((await queue.find('test.work:waiting'))?.status).toBe('queued');
    clock.set(at);
  });

  it('refuses a payload its schema refuses, before anything is written', async () => {
    await expect(queue.enqueue(work, 'test.work:bad', { n: 'x' } as never)).rejects.toMatchObject({ code: 'VALIDATION_FAILED' });
    expect(await queue.find('test.work:bad')).toBeUndefined();
  });

  it('gives every job to exactly one of many workers claiming at once', async () => {
    const keys = Array.from({ length: 30 }, (_, i) => `test.work:race-${i}`);
    for (const [i, key] of keys.entries()) await queue.enqueue(work, key, { n: i });
    const repo = new JobsRepository();
    const now = clock.now().toISOString();
    const lease = new Date(clock.now().getTime() + 60_000).toISOString();
    const claims = await Promise.all(Array.from({ length: 40 }, (_, i) => repo.claim(ctx.database.db, `w${i}`, now, lease, ['test.work'])));
    const won = claims.filter((c) => c !== null).map((c) => c!.job.key);
    expect(won.length).toBe(30);
    expect(new Set(won).size).toBe(30);
    for (const c of claims) if (c) expect(await repo.complete(ctx.database.db, c, now)).toBe(true);
  });

  it('takes a job again when its worker died, and lets only the new claim finish it', async () => {
    await queue.enqueue(work, 'test.work:lease', { n: 7 });
    const repo = new JobsRepository();
    const t0 = clock.now();
    // A worker claims it and dies: nothing renews its lease.
    const dead = await repo.claim(ctx.database.db, 'dead-worker', t0.toISOString(), new Date(t0.getTime() + 30_000).toISOString(), ['test.work']);
    expect(dead?.job.key).toBe('test.work:lease');
    expect(await runner().runOnce()).toBe(false);
    clock.advance(31_000);
    const before = runs.length;
    expect(await runner().runOnce()).toBe(true);
    expect(runs.slice(before)).toEqual([{ key: 'test.work:lease', attempt: 2, n: 7 }]);
    // The dead worker's late writes are refused: the claim is no longer its.
    expect(await repo.complete(ctx.database.db, dead!, clock.now().toISOString())).toBe(false);
    expect(await repo.extend(ctx.database.db, dead!, clock.now().toISOString(), clock.now().toISOString())).toBe(false);
    const job = await queue.find('test.work:lease');
    expect(job).toMatchObject({ status: 'done', attempts: 2 });
  });

  it('retries a failed job later with its error kept, and keeps it as dead after the last attempt', async () => {
    await queue.enqueue(work, 'test.work:fail', { n: -1 });
    const r = runner();
    expect(await r.runOnce()).toBe(true);
    let job = await queue.find('test.work:fail');
    expect(job).toMatchObject({ status: 'queued', attempts: 1 });
    expect(job!.lastError).toContain('refused -1');
    // Not before its backoff.
    expect(await r.runOnce()).toBe(false);
    for (let i = 0; i < 2; i++) {
      clock.advance(3_600_000);
      expect(await r.runOnce()).toBe(true);
    }
    job = await queue.find('test.work:fail');
    expect(job).toMatchObject({ status: 'dead', attempts: 3 });
    clock.advance(3_600_000);
    expect(await r.runOnce()).toBe(false);
  });

  it('enqueues each occurrence of a schedule once however many schedulers run, the missed one at start', async () => {
    const schedules = [anySchedule({ name: 'test', pattern: '*/15 * * * *', job: work, payload: () => ({ n: 15 }) })];
    const a = new Scheduler(queue, schedules);
    const b = new Scheduler(queue, schedules);
    await Promise.all([a.start(), b.start()]);
    a.stop();
    b.stop();
    // The latest quarter hour before now (the real clock: croner schedules in real time).
    const now = new Date();
    const previous = new Date(Math.floor(now.getTime() / 900_000) * 900_000);
    const key = occurrenceKey('test.work', previous);
    const job = await queue.find(key);
    expect(job?.status).toBe('queued');
    expect((await queue.list({ userId: 1, role: 'admin' } as never, { limit: 200 })).items.filter((j) => j.key === key)).toHaveLength(1);
  });
});
