import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import SQLite from 'better-sqlite3';
import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { main } from './main.js';

/**
 * A data directory of its own for a describe block, and `pond` run in process against it with its output captured:
 * the exit code and what it printed.
 */
function cliIn(prefix: string) {
  const dir = mkdtempSync(join(tmpdir(), prefix));
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
  return { dir, pond };
}

/** The CLI end to end on a real SQLite file: the demo story, then an online backup of it. */
describe('pond CLI', () => {
  const { dir, pond } = cliIn('pond-cli-');

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
      // Xiao Wei's sales are orders with their three gains; one order of 林佳's fell through.
      const sales = db
        .prepare(`select o.status, o.lessons, o.relationship_kept, t.outcome from orders o join users u on u.id = o.closed_by_id left join touches t on t.id = o.touch_id where u.email = ?`)
        .all('wei@demo.pond') as { status: string; lessons: string; relationship_kept: number; outcome: string }[];
      expect(sales.length).toBeGreaterThan(0);
      for (const s of sales) expect(s).toMatchObject({ relationship_kept: 1, outcome: 'complete', lessons: expect.any(String) });
      expect((db.prepare(`select count(*) as n from orders where status = 'cancelled' and cancel_reason is not null`).get() as { n: number }).n).toBe(1);
      // Yesterday's seminar: 小偉's guests attended (a walk-in too, one met by the manager on the company's behalf);
      // 肖樂's accepted guests are no-shows. Each attendance is an event touch with tomorrow's follow-up.
      const states = db.prepare(`select i.state, i.walk_in, count(*) as n from invitations i join events e on e.id = i.event_id where e.kind = 'seminar' group by i.state, i.walk_in order by i.state`).all();
      expect(states).toEqual([
        { state: 'attended', walk_in: 0, n: 4 },
        { state: 'attended', walk_in: 1, n: 1 },
        { state: 'declined', walk_in: 0, n: 1 },
        { state: 'no_answer', walk_in: 0, n: 2 },
        { state: 'no_show', walk_in: 0, n: 2 },
      ]);
      const onBehalf = db.prepare(`select count(*) as n from touches t join invitations i on i.touch_id = t.id where t.channel = 'event' and t.on_behalf = 1`).get() as { n: number };
      expect(onBehalf.n).toBe(1);
    } finally {
      db.close();
    }
  }, 120_000);

  it('lists events and checks a guest in at the door by name', async () => {
    const past = await pond('events', 'list', '--past', '--as', 'wei@demo.pond');
    expect(past.text).toContain('新車品鑑會');
    const upcoming = JSON.parse((await pond('events', 'list', '--as', 'wei@demo.pond', '--json')).text);
    const drive = upcoming.items.find((e: { kind: string }) => e.kind === 'test_drive');
    expect(drive).toBeDefined();
    // Six days ahead the door is not open yet; the guest list is there to read.
    const guests = await pond('events', 'checkin', String(drive.id), '--as', 'wei@demo.pond');
    expect(guests.text.split('\n').filter((l) => l.includes('invited'))).toHaveLength(3);
    const name = guests.text.split('\n')[0]!.trim().split(/\s+/)[2]!;
    const early = await pond('events', 'checkin', String(drive.id), name, '--as', 'wei@demo.pond');
    expect(early.code).toBe(1);
    expect(early.text).toContain('CHECK_IN_CLOSED');
    // 肖樂 may see the event (a host) but none of 小偉's guests.
    expect((await pond('events', 'checkin', String(drive.id), name, '--as', 'le@demo.pond')).text).toContain('No invitation you may see matches');
  });

  it('lists orders with their totals per currency and shows one with its three gains', async () => {
    const list = JSON.parse((await pond('orders', 'list', '--as', 'wei@demo.pond', '--json')).text);
    expect(list.items.length).toBeGreaterThan(0);
    expect(list.items.every((o: { owner: { name: string } }) => o.owner.name === '小偉')).toBe(true);
    expect(list.totals).toEqual([expect.objectContaining({ currency: 'TWD' })]);
    const shown = await pond('orders', 'show', String(list.items[0].id), '--as', 'wei@demo.pond');
    expect(shown.text).toContain('Three gains');
    expect(shown.text).toContain('圓滿');
    // 肖樂 sees none of 小偉's orders: the order is as invisible as its prospect.
    expect((await pond('orders', 'show', String(list.items[0].id), '--as', 'le@demo.pond')).text).toContain('NOT_FOUND');
    expect((await pond('orders', 'list', '--from', '2026-13-01', '--as', 'wei@demo.pond')).code).toBe(1);
  });

  it('coaching flags 肖樂, who only fishes once, and not 小偉, who nurtures, within one week of the demo', async () => {
    const r = await pond('coaching', '--preset', 'this_week', '--as', 'manager@demo.pond', '--json');
    expect(r.code, r.text).toBe(0);
    const report = JSON.parse(r.text) as { rows: { user: { name: string }; flag: { code: string }[]; measures: { firstContacts: number; revisits: number } }[] };
    const row = (name: string) => report.rows.find((x) => x.user.name === name)!;
    expect(row('肖樂').flag.map((f) => f.code)).toContain('few_revisits');
    expect(row('小偉').flag).toEqual([]);
    const text = await pond('coaching', '--preset', 'last_week', '--as', 'manager@demo.pond');
    expect(text.text, text.text).toMatch(/肖樂[^\n]*\n {2}⚑ [^\n]*\d+[^\n]*0%/);
    expect((await pond('coaching', '--preset', 'bogus', '--as', 'manager@demo.pond')).code).toBe(1);
  });

  it('refuses to run the demo on a book that has prospects', async () => {
    const r = await pond('demo');
    expect(r.code).toBe(1);
    expect(r.text).toMatch(/already has prospects/);
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

  it('lists the pool with phones hidden, counts a dry sweep, and claims from the terminal', async () => {
    const page = JSON.parse((await pond('pool', 'list', '--as', 'wei@demo.pond', '--json')).text);
    expect(page.total).toBeGreaterThan(0);
    expect(page.items[0]).toMatchObject({ phones: [], pool: { reason: '業務離職，交回公海', formerOwner: { name: '陳志明' } } });
    const dry = await pond('pool', 'sweep', '--dry-run', '--as', 'admin@demo.pond', '--json');
    expect(dry.code).toBe(0);
    expect(JSON.parse(dry.text)).toMatchObject({ dryRun: true });
    expect((await pond('pool', 'sweep', '--as', 'wei@demo.pond')).text).toContain('FORBIDDEN');
    const id = String(page.items[0].id);
    const claimed = await pond('pool', 'claim', id, '--as', 'wei@demo.pond');
    expect(claimed.code, claimed.text).toBe(0);
    const again = await pond('pool', 'claim', id, '--as', 'lin@demo.pond');
    expect(again.text).toContain('POOL_ALREADY_CLAIMED');
  });

  it('imports a Big5 CSV of business cards under the named user, a dry run first', async () => {
    // 姓名,手機 / 林志玲,+886 912 345 678 / 重複,+886912345678 in Big5, as Taiwanese Excel saves it.
    const big5 = Buffer.from('a96da6572ca4e2bef70d0aaa4ca7d3acc22c2b3838362039313220333435203637380d0aadabbdc62c2b3838363931323334353637380d0a', 'hex');
    const file = join(dir, 'cards.csv');
    writeFileSync(file, big5);
    const dry = await pond('prospects', 'import', file, '--as', 'le@demo.pond', '--encoding', 'big5', '--dry-run', '--json');
    expect(JSON.parse(dry.text)).toMatchObject({ cards: 2, created: 0, dryRun: true, duplicates: [{ line: 3, inFileLine: 2 }] });
    const r = await pond('prospects', 'import', file, '--as', 'le@demo.pond', '--encoding', 'big5', '--tag', '展會');
    expect(r.code).toBe(0);
    expect(r.text).toContain('Created 1 of 2 cards (1 duplicates, 0 refused)');
    const found = await pond('search', 'find', 'lzl', '--as', 'le@demo.pond', '--json');
    expect(JSON.parse(found.text).items.map((i: { prospect: { name: string } }) => i.prospect.name)).toEqual(['林志玲']);
    const hidden = await pond('search', 'find', '林志玲', '--as', 'wei@demo.pond', '--json');
    expect(JSON.parse(hidden.text).total).toBe(0);

    // A second card of the same person, then the two records merged into one.
    const again = await pond('prospects', 'add', '--name', '林志玲 Lin', '--email', 'lin@example.tw', '--as', 'le@demo.pond', '--json');
    const keep = JSON.parse(found.text).items[0].prospect.id as number;
    const merged = await pond('prospects', 'merge', String(keep), String(JSON.parse(again.text).id), '--as', 'le@demo.pond', '--json');
    expect(merged.code).toBe(0);
    expect(JSON.parse(merged.text)).toMatchObject({ id: keep, name: '林志玲', emails: ['lin@example.tw'] });
    expect((await pond('prospects', 'merge', String(keep), '1', '--as', 'le@demo.pond')).text).toContain('NOT_FOUND');
  });

  it('imports a spreadsheet with its own headers once told what its columns hold', async () => {
    const file = join(dir, 'own-headers.csv');
    writeFileSync(file, '客戶,行動,拜訪心得\n柯文豪,+886 912 555 001,喜歡週末來店\n');
    const refused = await pond('prospects', 'import', file, '--as', 'le@demo.pond', '--dry-run');
    expect(refused.code).not.toBe(0);
    const dry = await pond('prospects', 'import', file, '--as', 'le@demo.pond', '--dry-run', '--json', '--columns', '客戶=name,行動=phone,拜訪心得=notes');
    expect(JSON.parse(dry.text)).toMatchObject({ cards: 1, rejected: [], columns: [{ header: '客戶', role: 'name' }, { header: '行動', role: 'phone' }, { header: '拜訪心得', role: 'notes' }] });
    expect((await pond('prospects', 'import', file, '--as', 'le@demo.pond', '--columns', '客戶=owner')).code).not.toBe(0);

    // Imported, then a later card of the same man with his e-mail: --enrich adds it; a terminal sees the progress.
    await pond('prospects', 'import', file, '--as', 'le@demo.pond', '--columns', '客戶=name,行動=phone,拜訪心得=notes');
    writeFileSync(file, '姓名,手機,電郵\n柯文豪,+886 912 555 001,ke.cli@example.tw\n');
    const brings = await pond('prospects', 'import', file, '--as', 'le@demo.pond');
    expect(brings.text).toContain('brings (use --enrich): ke.cli@example.tw');
    const tty = process.stderr.isTTY;
    const progress: string[] = [];
    const write = vi.spyOn(process.stderr, 'write').mockImplementation((chunk) => (progress.push(String(chunk)), true));
    process.stderr.isTTY = true;
    try {
      const added = await pond('prospects', 'import', file, '--as', 'le@demo.pond', '--enrich');
      expect(added.text).toContain('added: ke.cli@example.tw');
    } finally {
      process.stderr.isTTY = tty;
      write.mockRestore();
    }
    expect(progress.join('')).toContain('1 / 1 cards done');
    const found = await pond('search', 'find', 'ke.cli', '--as', 'le@demo.pond', '--json');
    expect(JSON.parse(found.text).items.map((i: { prospect: { name: string } }) => i.prospect.name)).toEqual(['柯文豪']);
  });

  it('exports what the named user’s list shows as CSV, and refuses bad filters without writing a file', async () => {
    const file = join(dir, 'le-b.csv');
    const r = await pond('prospects', 'export', '--as', 'le@demo.pond', '--grade', 'B', '--locale', 'zh-Hans', '--out', file);
    expect(r.code, r.text).toBe(0);
    const bytes = readFileSync(file);
    expect([...bytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    const text = bytes.toString('utf8');
    expect(text).toMatch(/^\uFEFF姓名,公司,职称,电话,邮箱,微信号,地址,备注,标签,等级,重要性,预计成交,阶段,处置,再访日期,放弃原因,负责人,名片收集人,来源,通讯订阅,上次接触,下次联系,接触次数\r\n/);
    const db = new SQLite(join(dir, 'pond.db'), { readonly: true });
    try {
      const visible = db
        .prepare(
          `select p.name from prospects p join users u on u.id = ? where p.archived_at is null and p.grade = 'B'
             and (p.owner_id = u.id or p.id in (select prospect_id from prospect_colleagues where user_id = u.id)) order by p.created_at, p.id`,
        )
        .all((db.prepare('select id from users where email = ?').get('le@demo.pond') as { id: number }).id) as { name: string }[];
      const rows = text.trimEnd().split('\r\n').slice(1);
      expect(visible.length).toBeGreaterThan(0);
      expect(rows.map((l) => l.split(',')[0])).toEqual(visible.map((v) => v.name));
      expect(r.text).toBe(`Exported ${visible.length} prospects to ${file}.`);
      // Every phone is E.164, so every phone cell is neutralised.
      expect(rows.every((l) => !/,\+/.test(l))).toBe(true);
      const audit = db.prepare(`select after_json from audit_log where action = 'prospect.exported' order by id desc`).get() as { after_json: string };
      expect(JSON.parse(audit.after_json)).toEqual({ filter: { grade: ['B'] }, rows: visible.length, complete: true, format: 'csv' });
    } finally {
      db.close();
    }

    const refused = join(dir, 'refused.csv');
    const bad = await pond('prospects', 'export', '--as', 'le@demo.pond', '--grade', 'Z', '--out', refused);
    expect(bad.code).toBe(1);
    expect(bad.text).toContain('VALIDATION_FAILED');
    expect(existsSync(refused) || existsSync(`${refused}.partial`)).toBe(false);
    expect((await pond('prospects', 'export', '--as', 'le@demo.pond', '--locale', 'fr', '--out', refused)).code).toBe(1);
    expect(existsSync(refused)).toBe(false);

    // The columns asked for, in that order; an unknown one is refused by name and writes nothing.
    const names = text.trimEnd().split('\r\n').slice(1).map((l) => l.split(',')[0]);
    const some = join(dir, 'le-b-some.csv');
    const chosen = await pond('prospects', 'export', '--as', 'le@demo.pond', '--grade', 'B', '--columns', 'phones,name,touchCount', '--locale', 'en', '--out', some);
    expect(chosen.code, chosen.text).toBe(0);
    const lines = readFileSync(some, 'utf8').trimEnd().split('\r\n');
    expect(lines[0]).toBe('\uFEFFPhones,Name,Touches');
    expect(lines.slice(1).map((l) => l.split(',')[1])).toEqual(names);
    expect(lines.slice(1).every((l) => /^'\+\d+.*,\d+$/.test(l))).toBe(true);
    const unknown = await pond('prospects', 'export', '--as', 'le@demo.pond', '--columns', 'name,secret', '--out', refused);
    expect(unknown.code).toBe(1);
    expect(unknown.text).toContain('VALIDATION_FAILED');
    expect(unknown.text).toContain('No such column to export: secret');
    expect(existsSync(refused)).toBe(false);

    // The same as an Excel workbook: phones as text, the touch count a number.
    const workbook = join(dir, 'le-b.xlsx');
    const x = await pond('prospects', 'export', '--as', 'le@demo.pond', '--grade', 'B', '--format', 'xlsx', '--columns', 'name,phones,touchCount', '--locale', 'en', '--out', workbook);
    expect(x.code, x.text).toBe(0);
    expect(x.text).toBe(`Exported ${names.length} prospects to ${workbook}.`);
    const book = new ExcelJS.Workbook();
    await book.xlsx.readFile(workbook);
    const sheet = book.worksheets[0]!;
    expect((sheet.getRow(1).values as unknown[]).slice(1)).toEqual(['Name', 'Phones', 'Touches']);
    const cells = sheet.getRows(2, sheet.rowCount - 1)!.map((r) => [r.getCell(1).value, r.getCell(2).type, r.getCell(3).type]);
    expect(cells.map((c) => c[0])).toEqual(names);
    expect(cells.every(([, phone, count]) => phone === ExcelJS.ValueType.String && count === ExcelJS.ValueType.Number)).toBe(true);
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
    const verified = await pond('backup', '--verify', target);
    expect(verified.code, verified.text).toBe(0);
    expect(verified.text).toContain('can be restored');
    // A copy whose counters disagree with its rows fails the drill.
    const broken = new SQLite(target);
    broken.prepare('update prospects set touch_count = touch_count + 1 where id = (select min(id) from prospects)').run();
    broken.close();
    const failed = await pond('backup', '--verify', target);
    expect(failed.code).toBe(1);
    expect(failed.text).toContain('"countMismatches": 1');
  });
});

/** The README's path: the first admin made through the setup link, then the demo beside them. */
describe('pond demo after the first admin', () => {
  const { dir, pond } = cliIn('pond-cli-first-');

  it('adds the demo team beside the admin already there, once', async () => {
    // The first admin, as the setup page leaves them: a schema and one user, no prospects.
    const made = await pond('migrate');
    expect(made.code).toBe(0);
    const first = new SQLite(join(dir, 'pond.db'));
    first
      .prepare("insert into users (email, display_name, role, password_hash, active, version, created_at, updated_at) values ('owner@example.tw', 'Owner', 'admin', 'x', 1, 1, '2026-12-01T00:00:00.000Z', '2026-12-01T00:00:00.000Z')")
      .run();
    first.close();
    const r = await pond('demo');
    expect(r.code, r.text).toBe(0);
    const after = new SQLite(join(dir, 'pond.db'), { readonly: true });
    try {
      expect((after.prepare("select count(*) as n from users where email = 'owner@example.tw'").get() as { n: number }).n).toBe(1);
      expect((after.prepare('select count(*) as n from prospects').get() as { n: number }).n).toBeGreaterThan(100);
    } finally {
      after.close();
    }
    const again = await pond('demo');
    expect(again.code).toBe(1);
  }, 120_000);
});

