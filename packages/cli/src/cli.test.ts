import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import SQLite from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { main } from './main.js';

/** The CLI end to end on a real SQLite file: the demo story, then an online backup of it. */
describe('pond CLI', () => {
  const dir = mkdtempSync(join(tmpdir(), 'pond-cli-'));
  const output: string[] = [];
  beforeAll(() => {
    process.env.POND_DATA_DIR = dir;
    vi.spyOn(console, 'log').mockImplementation((...args) => void output.push(args.join(' ')));
    vi.spyOn(console, 'error').mockImplementation((...args) => void output.push(args.join(' ')));
  });
  afterAll(() => {
    vi.restoreAllMocks();
    delete process.env.POND_DATA_DIR;
    process.exitCode = 0;
  });
  const pond = async (...args: string[]) => {
    output.length = 0;
    process.exitCode = 0;
    await main(['node', 'pond', ...args]);
    return { code: process.exitCode ?? 0, text: output.join('\n') };
  };

  it('fills an empty database with a nurturer and a one-shot seller', async () => {
    const r = await pond('demo');
    expect(r.code).toBe(0);
    expect(r.text).toContain('wei@demo.pond');
    const db = new SQLite(join(dir, 'pond.db'), { readonly: true });
    try {
      const stats = (email: string) =>
        db
          .prepare(
            `select count(*) as prospects, sum(p.touch_count = 1) as once, avg(p.touch_count) as avg
             from prospects p join users u on u.id = p.owner_id where u.email = ?`,
          )
          .get(email) as { prospects: number; once: number; avg: number };
      const wei = stats('wei@demo.pond');
      const le = stats('le@demo.pond');
      expect(le.prospects).toBeGreaterThan(wei.prospects * 5);
      expect(le.once).toBe(le.prospects);
      expect(wei.avg).toBeGreaterThan(3);
      const complete = db.prepare(`select count(*) as n from touches where outcome = 'complete'`).get() as { n: number };
      expect(complete.n).toBeGreaterThan(0);
    } finally {
      db.close();
    }
  }, 120_000);

  it('refuses to run the demo on a database that has data', async () => {
    const r = await pond('demo');
    expect(r.code).toBe(1);
    expect(r.text).toMatch(/already has data/);
  });

  it('shows the agenda in the terminal under the named user’s permissions', async () => {
    const r = await pond('today', '--as', 'le@demo.pond', '--json');
    const agenda = JSON.parse(r.text);
    const owners = Object.values(agenda.buckets).flatMap((b) => (b as { items: { prospect: { owner: { name: string } } }[] }).items.map((i) => i.prospect.owner.name));
    expect(owners.length).toBeGreaterThan(0);
    expect(new Set(owners)).toEqual(new Set(['肖樂']));
    const hidden = await pond('prospects', 'show', '1', '--as', 'le@demo.pond');
    expect(hidden.code).toBe(1);
    expect(hidden.text).toContain('NOT_FOUND');
  });

  it('writes an online backup that passes integrity_check', async () => {
    const target = join(dir, 'copy.db');
    const r = await pond('backup', '--out', target);
    expect(r.code).toBe(0);
    const copy = new SQLite(target, { readonly: true });
    try {
      expect(copy.pragma('integrity_check', { simple: true })).toBe('ok');
      expect((copy.prepare('select count(*) as n from prospects').get() as { n: number }).n).toBeGreaterThan(100);
    } finally {
      copy.close();
    }
  });
});
