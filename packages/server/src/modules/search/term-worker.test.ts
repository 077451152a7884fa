import { spawnSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { IndexTermCache, type SearchDocument } from '@pond/domain';
import { afterAll, describe, expect, it } from 'vitest';
import { TermWorker } from './term-worker.js';

const docs: SearchDocument[] = [
  { name: '曾小明', company: '宏達貿易有限公司', title: '採購經理', wechatId: 'zeng_ming88', phones: ['+8613800138000'], emails: ['zeng@hongda.com'], tags: ['車展'] },
  { name: '單志明', company: null, title: null, wechatId: null, phones: ['+886912345678'], emails: [], tags: [] },
  { name: 'Tony Wang', company: 'ＡＢＣ Trading', title: 'Buyer', wechatId: null, phones: [], emails: ['tony@abc.com', 'tw@abc.cn'], tags: ['2026秋季展', 'VIP'] },
];

describe('TermWorker', () => {
  const worker = new TermWorker();
  afterAll(() => worker.close());

  it('computes the same terms as the main thread, batch by batch and in order', async () => {
    const [first, second] = await Promise.all([worker.terms(docs), worker.terms([...docs].reverse())]);
    const here = new IndexTermCache();
    expect(first!.map((t) => new Set(t))).toEqual(docs.map((d) => here.terms(d)));
    expect(second).toEqual([...first!].reverse());
  });

  it('keeps the process alive while it owes an answer, and not after', () => {
    const module = fileURLToPath(new URL('./term-worker.ts', import.meta.url));
    const script = `import { TermWorker } from ${JSON.stringify(module)};
      const w = new TermWorker();
      console.log((await w.terms(${JSON.stringify(docs)})).length);`;
    // No close(): once answered, the idle worker must not hold the process open.
    const file = join(mkdtempSync(join(tmpdir(), 'pond-term-worker-')), 'ask.mjs');
    writeFileSync(file, script);
    const run = spawnSync(process.execPath, ['--import', 'tsx', file], { encoding: 'utf8', timeout: 30_000 });
    expect([run.status, run.stdout.trim(), run.stderr]).toEqual([0, String(docs.length), '']);
  });

  it('refuses work once its thread is gone, so the caller computes the terms itself', async () => {
    const gone = new TermWorker();
    await gone.close();
    await expect(gone.terms(docs)).rejects.toThrow();
  });
});
