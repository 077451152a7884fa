import { migrations } from '@pond/db';
import { describeEachDialect } from '@pond/db/testing';
import { nameKey } from '@pond/domain';
import { beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../../testing/test-app.js';
import { DuplicatesRepository } from './duplicates.repository.js';
import { CONSOLE } from '../../platform/actor.js';

interface Item {
  prospect: { id: number; name: string; owner: { id: number } | null };
  reasons: string[];
  canMerge: boolean;
}

describeEachDialect('possible duplicates by name, phone and e-mail', (ctx) => {
  let t: TestApp;
  let wei: string;
  let le: string;
  let kai: string;
  let boss: string;
  let weiId: number;
  let leId: number;
  let phone = 0;
  /** Xiao Wei's records of one 小偉, written three ways, and look-alikes that are other people. */
  const ids: Record<'trad' | 'simp' | 'spaced' | 'lookalike' | 'latin' | 'latinCaps' | 'latinJoined' | 'leSecret' | 'kaiSecret', number> = {} as never;

  beforeAll(async () => {
    t = await createTestApp(ctx.database, { POND_DEFAULT_PHONE_REGION: 'CN' });
    const bossId = await t.user('boss@pond.test', 'manager');
    const team = await t.app.services.teams.create(CONSOLE, { name: 'Showroom', managerId: bossId }, { ip: null, userAgent: null });
    weiId = await t.user('wei@pond.test', 'salesperson', team.id);
    leId = await t.user('le@pond.test', 'salesperson', team.id);
    await t.user('kai@pond.test', 'salesperson');
    wei = await t.login('wei@pond.test');
    le = await t.login('le@pond.test');
    kai = await t.login('kai@pond.test');
    boss = await t.login('boss@pond.test');
    ids.trad = await create(wei, '小偉');
    ids.simp = await create(wei, '小伟');
    ids.spaced = await create(wei, '小 偉');
    ids.lookalike = await create(wei, '小緯');
    ids.latin = await create(wei, 'Wang Wei');
    ids.latinCaps = await create(wei, 'ＷＡＮＧ　 WEI');
    ids.latinJoined = await create(wei, 'Wangwei');
    // Private prospects of two other salespeople with the same name: Xiao Wei must never hear of them.
    ids.leSecret = await create(le, '小偉');
    ids.kaiSecret = await create(kai, '小伟');
  });

  const db = () => ctx.database.db;
  async function create(cookie: string, name: string, body: object = {}): Promise<number> {
    const res = await t.call('POST', '/api/v1/prospects', { cookie, body: { name, phones: [`1390000${String(++phone).padStart(4, '0')}`], grade: 'B', ...body } });
    expect(res.statusCode, res.body).toBe(201);
    return res.json().prospect.id;
  }
  const duplicates = async (cookie: string, id: number) => {
    const res = await t.call('GET', `/api/v1/prospects/${id}/duplicates`, { cookie });
    expect(res.statusCode, res.body).toBe(200);
    return res.json() as { items: Item[]; total: number };
  };
  const keyOf = async (id: number) => (await db().selectFrom('prospects').select('name_key').where('id', '=', id).executeTakeFirstOrThrow()).name_key;
  const version = async (cookie: string, id: number) => (await t.call('GET', `/api/v1/prospects/${id}`, { cookie })).json().prospect.version as number;
  /** Every record an import report names. */
  const named = (r: { duplicates: { existing: { id: number } | null }[]; possibleDuplicates: { existing: { id: number }[] }[] }) => [
    ...r.duplicates.flatMap((d) => (d.existing ? [d.existing.id] : [])),
    ...r.possibleDuplicates.flatMap((p) => p.existing.map((e) => e.id)),
  ];
  const rename = async (cookie: string, id: number, name: string) => {
    const res = await t.call('PATCH', `/api/v1/prospects/${id}`, { cookie, body: { name, version: await version(cookie, id) } });
    expect(res.statusCode, res.body).toBe(200);
  };

  it('answers 401 without a session, 404 for a record the user may not see or that does not exist, 400 for a bad id', async () => {
    expect((await t.call('GET', `/api/v1/prospects/${ids.trad}/duplicates`)).statusCode).toBe(401);
    for (const [cookie, id] of [[le, ids.trad], [wei, ids.leSecret], [kai, ids.trad], [wei, 999_999]] as const) {
      const res = await t.call('GET', `/api/v1/prospects/${id}/duplicates`, { cookie, headers: { 'accept-language': 'zh-Hant' } });
      expect([id, res.statusCode, res.json().error.code]).toEqual([id, 404, 'NOT_FOUND']);
      expect(res.json().error.message).toMatch(/[\u4e00-\u9fff]/);
    }
    expect((await t.call('GET', '/api/v1/prospects/abc/duplicates', { cookie: wei })).statusCode).toBe(400);
  });

  it('writes the folded name with every new record', async () => {
    expect(await keyOf(ids.trad)).toBe('小伟');
    expect(await keyOf(ids.spaced)).toBe('小伟');
    expect(await keyOf(ids.latinCaps)).toBe('wang wei');
    expect(await keyOf(ids.latinJoined)).toBe('wangwei');
  });

  it("lists the user's own records with the same name key, never a look-alike, and never another salesperson's (counted too)", async () => {
    const r = await duplicates(wei, ids.trad);
    expect(r.items.map((i) => i.prospect.id).sort((a, b) => a - b)).toEqual([ids.simp, ids.spaced]);
    expect(r.total).toBe(2);
    expect(r.items.every((i) => i.reasons.join() === 'name' && i.canMerge)).toBe(true);
    const latin = await duplicates(wei, ids.latin);
    expect([latin.items.map((i) => i.prospect.id), latin.total]).toEqual([[ids.latinCaps], 1]);
    expect((await duplicates(wei, ids.lookalike)).total).toBe(0);
    expect((await duplicates(wei, ids.latinJoined)).total).toBe(0);
    // Xiao Le sees her own 小偉 alone: Xiao Wei's three and Kai's are not hers to see.
    expect(await duplicates(le, ids.leSecret)).toEqual({ items: [], total: 0 });
  });

  it('a manager sees the team’s records of the name and may merge them; a linked colleague sees one but may not merge it', async () => {
    const managed = await duplicates(boss, ids.trad);
    expect(managed.items.map((i) => i.prospect.id).sort((a, b) => a - b)).toEqual([ids.simp, ids.spaced, ids.leSecret]);
    expect(managed.total).toBe(3);
    expect(managed.items.every((i) => i.canMerge)).toBe(true);

    expect((await t.call('POST', `/api/v1/prospects/${ids.leSecret}/colleagues`, { cookie: le, body: { userId: weiId } })).statusCode).toBe(200);
    const linked = await duplicates(wei, ids.trad);
    expect(linked.total).toBe(3);
    const hers = linked.items.find((i) => i.prospect.id === ids.leSecret)!;
    expect([hers.prospect.owner?.id, hers.reasons, hers.canMerge]).toEqual([leId, ['name'], false]);
    expect((await t.call('DELETE', `/api/v1/prospects/${ids.leSecret}/colleagues/${weiId}`, { cookie: le })).statusCode).toBe(200);
    expect((await duplicates(wei, ids.trad)).total).toBe(2);
  });

  it('lists records sharing a phone or an e-mail whatever their names, those first', async () => {
    const a = await create(wei, '周杰', { phones: ['13700001111'], emails: ['jay@example.com'] });
    const b = await create(wei, 'Jay Chou', { phones: ['137 0000 1111'] });
    const c = await create(wei, '周董', { phones: ['13700002222'], emails: ['JAY@example.com'] });
    const d = await create(wei, '周杰');
    const hidden = await create(le, '周杰倫', { emails: ['jay@example.com'] });
    const r = await duplicates(wei, a);
    expect(r.items.map((i) => [i.prospect.id, i.reasons])).toEqual([
      [b, ['phone']],
      [c, ['email']],
      [d, ['name']],
    ]);
    expect(r.total).toBe(3);
    expect(r.items.map((i) => i.prospect.id)).not.toContain(hidden);
  });

  it('follows a rename in the same write', async () => {
    await rename(wei, ids.spaced, '王緯');
    expect(await keyOf(ids.spaced)).toBe(nameKey('王緯'));
    expect((await duplicates(wei, ids.trad)).items.map((i) => i.prospect.id)).toEqual([ids.simp]);
    await rename(wei, ids.spaced, '小  偉');
    expect(await keyOf(ids.spaced)).toBe('小伟');
    expect((await duplicates(wei, ids.trad)).total).toBe(2);
  });

  it('follows a merge: the record merged in is gone from the list, the kept one keeps its key', async () => {
    const merged = await t.call('POST', `/api/v1/prospects/${ids.trad}/merge`, { cookie: wei, body: { fromId: ids.spaced, version: await version(wei, ids.trad) } });
    expect(merged.statusCode, merged.body).toBe(200);
    expect(await keyOf(ids.trad)).toBe('小伟');
    const r = await duplicates(wei, ids.trad);
    expect([r.items.map((i) => i.prospect.id), r.total]).toEqual([[ids.simp], 1]);
    expect((await duplicates(wei, ids.simp)).items.map((i) => i.prospect.id)).toEqual([ids.trad]);
  });

  it('leaves archived records out', async () => {
    const old = await create(wei, 'Wang  Wei');
    expect((await duplicates(wei, ids.latin)).total).toBe(2);
    expect((await t.call('POST', `/api/v1/prospects/${old}/archive`, { cookie: boss })).statusCode).toBe(200);
    expect((await duplicates(wei, ids.latin)).items.map((i) => i.prospect.id)).toEqual([ids.latinCaps]);
  });

  describe('imports', () => {
    const importCards = (cookie: string, content: string, dryRun = false) => t.call('POST', '/api/v1/prospects/import', { cookie, body: { content, dryRun } });
    const csv =
      'Name,Phone\n' +
      '小 偉,13955550001\n' + // 2: Xiao Wei's own 小偉 and 小伟 (Xiao Le's and Kai's are not his to hear of)
      '祕密王,13955550002\n' + // 3: only Xiao Le has a 祕密王
      'Lin Zhiming,13955550003\n' + // 4: new
      'LIN  ZHIMING,13955550004\n' + // 5: the name of line 4
      '王緯,13955550005\n' + // 6: a look-alike of nothing Xiao Wei has
      'Jay Chou,13700001111\n'; // 7: a phone already in his book: a duplicate, left out, not a possible one

    beforeAll(async () => {
      await create(le, '祕密王');
    });

    it('a dry run reports cards whose name is already on a visible record, or on an earlier card, and counts only the visible', async () => {
      const r = (await importCards(wei, csv, true)).json();
      expect(r).toMatchObject({ cards: 6, created: 0, dryRun: true });
      expect(r.duplicates.map((d: { line: number }) => d.line)).toEqual([7]);
      expect(r.possibleDuplicates).toEqual([
        {
          line: 2,
          name: '小 偉',
          id: null,
          inFileLine: null,
          existing: [
            { id: ids.trad, name: '小偉', owner: 'wei', mine: true },
            { id: ids.simp, name: '小伟', owner: 'wei', mine: true },
          ],
          existingCount: 2,
        },
        { line: 5, name: 'LIN  ZHIMING', id: null, inFileLine: 4, existing: [], existingCount: 0 },
      ]);
      expect(named(r)).not.toContain(ids.leSecret);
      expect(named(r)).not.toContain(ids.kaiSecret);
    });

    it('the import creates every such card and names the record it became', async () => {
      const before = Number((await db().selectFrom('prospects').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow()).n);
      const r = (await importCards(wei, csv)).json();
      expect(r.created).toBe(5);
      const after = Number((await db().selectFrom('prospects').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow()).n);
      expect(after - before).toBe(5);
      expect(r.possibleDuplicates.map((p: { line: number; existingCount: number; inFileLine: number | null }) => [p.line, p.existingCount, p.inFileLine])).toEqual([
        [2, 2, null],
        [5, 0, 4],
      ]);
      for (const p of r.possibleDuplicates as { id: number; name: string }[]) {
        const row = await db().selectFrom('prospects').select(['name', 'name_key', 'owner_id']).where('id', '=', p.id).executeTakeFirstOrThrow();
        expect(row).toEqual({ name: p.name, name_key: nameKey(p.name), owner_id: weiId });
      }
      // The card of line 2 is now one more 小偉 of Xiao Wei's: its own page lists the other two.
      expect((await duplicates(wei, r.possibleDuplicates[0].id)).total).toBe(2);
    });

    it("a manager's import names at most three records per card, their own first, and counts all the team's", async () => {
      const own = await create(boss, '小偉');
      const r = (await importCards(boss, 'Name,Phone\n小偉,13955550099\n', true)).json();
      const [p] = r.possibleDuplicates;
      // Xiao Wei's three (two, and the card he imported) and Xiao Le's; Kai is in no team of the manager's.
      expect(p.existingCount).toBe(5);
      expect(p.existing).toHaveLength(3);
      expect(p.existing[0]).toEqual({ id: own, name: '小偉', owner: 'boss', mine: true });
      expect(named(r)).not.toContain(ids.kaiSecret);
    });
  });

  describe('keys of records written before the column existed', () => {
    it('the migration adds the column and its index on every engine; the server fills the keys in, once', async () => {
      const migration = migrations['2026-11-27T16-00-prospect-name-keys']!;
      // The later columns go and come back too, so the table's columns keep their order: on PostgreSQL the server's
      // prepared statements were planned for that row type. (The recall-warning index covers two of them, so it goes first.)
      const later = [migrations['2026-12-03T00-00-pool']!, migrations['2026-12-05T00-00-orders']!, migrations['2026-12-06T02-00-prospect-notes']!, migrations['2026-12-12T00-00-recall-warning-index']!];
      for (const m of [...later].reverse()) await m.down!(db());
      await migration.down!(db());
      await migration.up(db());
      for (const m of later) await m.up(db());
      const unkeyed = async () => Number((await db().selectFrom('prospects').select((eb) => eb.fn.countAll<number>().as('n')).where('name_key', 'is', null).executeTakeFirstOrThrow()).n);
      const total = Number((await db().selectFrom('prospects').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow()).n);
      expect(await unkeyed()).toBe(total);
      // Until then a record finds no one by name (nothing is keyed), and never anyone it may not see.
      expect((await duplicates(wei, ids.trad)).total).toBe(0);

      expect(await t.app.services.duplicates.fillNameKeys()).toBe(total);
      expect(await unkeyed()).toBe(0);
      const rows = await db().selectFrom('prospects').select(['name', 'name_key']).execute();
      for (const row of rows) expect(row.name_key).toBe(nameKey(row.name));
      expect((await duplicates(wei, ids.trad)).total).toBe(2);
      expect(await t.app.services.duplicates.fillNameKeys()).toBe(0);
    });

    it('`pond search reindex` folds every name again, and writes only the keys that changed', async () => {
      // As if the folding had changed since the key was written.
      await db().updateTable('prospects').set({ name_key: 'stale' }).where('id', '=', ids.simp).execute();
      const before = await db().selectFrom('prospects').select(['id', 'version', 'updated_at']).where('id', '=', ids.simp).executeTakeFirstOrThrow();
      const result = await t.app.services.search.rebuild();
      expect(result.nameKeys).toBe(1);
      expect(await keyOf(ids.simp)).toBe('小伟');
      // Derived data: the record's version and time of change stay.
      expect(await db().selectFrom('prospects').select(['id', 'version', 'updated_at']).where('id', '=', ids.simp).executeTakeFirstOrThrow()).toEqual(before);
      expect((await t.app.services.search.rebuild()).nameKeys).toBe(0);
    });

    it('a key is written only while the row still has the name it was folded from', async () => {
      await new DuplicatesRepository().writeNameKeys(db(), [{ id: ids.simp, name: 'a name it no longer has', key: 'wrong' }]);
      expect(await keyOf(ids.simp)).toBe('小伟');
    });
  });
});
