import { migrations, onSqlite, withTransaction } from '@pond/db';
import { describeEachDialect } from '@pond/db/testing';
import { planQuery } from '@pond/domain';
import { sql } from 'kysely';
import { beforeAll, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../../testing/test-app.js';
import type { ProspectScope } from '../prospects/prospects.queries.js';
import { SearchRepository } from './search.repository.js';

describeEachDialect('search', (ctx) => {
  let t: TestApp;
  let wei: string;
  let le: string;
  let admin: string;
  let leId: number;
  let weiId: number;
  const ids: Record<string, number> = {};

  beforeAll(async () => {
    t = await createTestApp(ctx.database, { POND_DEFAULT_PHONE_REGION: 'CN' });
    weiId = await t.user('wei@pond.test', 'salesperson');
    leId = await t.user('le@pond.test', 'salesperson');
    await t.user('root@pond.test', 'admin');
    wei = await t.login('wei@pond.test');
    le = await t.login('le@pond.test');
    admin = await t.login('root@pond.test');
    const add = async (cookie: string, key: string, body: object) => {
      const res = await t.call('POST', '/api/v1/prospects', { cookie, body: { grade: 'B', ...body } });
      ids[key] = res.json().prospect.id;
    };
    // Look-alikes on purpose: 小偉 / 小伟 / 肖偉 / 小衛 / 曉薇, and 曾 (zeng) as a surname.
    await add(wei, 'xiaowei', { name: '小偉', company: '宏達貿易有限公司', phones: ['+86 138 0013 8000'], emails: ['xiaowei.wang@hongda.com'] });
    await add(wei, 'xiaowei2', { name: '小伟', phones: ['13912345678'] });
    await add(wei, 'xiaowei3', { name: '肖偉', phones: ['13787654321'], tags: ['車展'] });
    await add(wei, 'xiaowei4', { name: '小衛', emails: ['wei4@example.com'] });
    await add(wei, 'zeng', { name: '曾小明', emails: ['zeng@example.com'], wechatId: 'zeng_ming88' });
    // Xiao Le's private prospect: Xiao Wei must not find it by any field.
    await add(le, 'secret', { name: '曉薇', company: '祕密科技', phones: ['+86 135 5555 1234'], emails: ['secret.buyer@hidden.cn'], tags: ['私人'] });
  });

  const search = async (cookie: string, q: string) => (await t.call('GET', `/api/v1/search?q=${encodeURIComponent(q)}`, { cookie })).json();
  const names = (r: { items: { prospect: { name: string } }[] }) => r.items.map((i) => i.prospect.name);

  it.each([
    ['小偉', ['小偉', '小伟']],
    ['小伟', ['小偉', '小伟']],
    ['偉', ['小偉', '小伟', '肖偉']],
    ['xw', ['小偉', '小伟', '小衛', '肖偉']],
    ['xiaowei', ['小偉', '小伟', '肖偉', '小衛']],
    ['xiao wei', ['小偉', '小伟', '肖偉', '小衛']],
    ['zengxiaoming', ['曾小明']],
    ['0013', ['小偉']],
    ['138 0013', ['小偉']],
    ['+86 138-0013', ['小偉']],
    ['hongda', ['小偉']],
    ['宏達', ['小偉']],
    ['宏达贸易', ['小偉']],
    ['車展', ['肖偉']],
    ['zeng_m', ['曾小明']],
    ['nobody-here', []],
    // The index's query syntax is only ever text to search for (quotes included, as in an e-mail's dots).
    ['"小偉"', []],
    ['小偉 OR 肖偉', []],
    ['NEAR(偉*', []],
  ])('%s finds %j', async (q, expected) => {
    const r = await search(wei, q);
    expect(new Set(names(r))).toEqual(new Set(expected));
    expect(r.total).toBe(expected.length);
  });

  it("merges the plan's alternatives in order, each candidate with every kind that found it, up to the cap", async () => {
    const repo = new SearchRepository();
    const scope: ProspectScope = { kind: 'restricted', ownerIds: [weiId], linkedIds: [], linkedTo: weiId };
    const { alternatives } = planQuery('xiaowei');
    expect(alternatives.map((a) => a.kind).slice(0, 2)).toEqual(['text', 'pinyin']);
    // The e-mail xiaowei.wang@… answers the text alternative; four names answer the pinyin one.
    const all = await repo.candidates(ctx.database.db, alternatives, scope, 1_000);
    expect(all.get(ids.xiaowei!)?.kinds).toEqual(new Set(['text', 'pinyin']));
    expect([ids.xiaowei2, ids.xiaowei3, ids.xiaowei4].map((id) => all.get(id!)?.kinds)).toEqual([new Set(['pinyin']), new Set(['pinyin']), new Set(['pinyin'])]);
    // PostgreSQL's index hands each candidate over with its stored fields; SQLite's holds terms only.
    const [stored] = await repo.documents(ctx.database.db, [ids.xiaowei!]);
    expect(all.get(ids.xiaowei!)?.stored).toEqual(onSqlite(ctx.database.db) ? undefined : { doc: stored!.doc, ownerId: weiId });
    // At the cap, the earlier alternative's candidates are the ones kept, and later ones add nothing.
    const capped = await repo.candidates(ctx.database.db, alternatives, scope, 1);
    expect([...capped].map(([id, c]) => [id, c.kinds])).toEqual([[ids.xiaowei, new Set(['text'])]]);
  });

  it('ranks the exact name first and says which field matched, with ranges to highlight', async () => {
    const r = await search(wei, '小偉');
    expect(r.items[0].prospect.name).toBe('小偉');
    expect(r.items[0].matches[0]).toMatchObject({ field: 'name', exact: true, ranges: [[0, 2]] });
    const phone = await search(wei, '0013');
    expect(phone.items[0].matches.some((m: { field: string }) => m.field === 'phone')).toBe(true);
  });

  it('finds a prospect the user is linked to as a colleague, by one term or several, until unlinked', async () => {
    const queries = ['曾', '曾小明', 'zengxiaoming', 'zeng_m'];
    for (const q of queries) expect(names(await search(le, q))).not.toContain('曾小明');
    expect((await t.call('POST', `/api/v1/prospects/${ids.zeng}/colleagues`, { cookie: wei, body: { userId: leId } })).statusCode).toBe(200);
    for (const q of queries) {
      const r = await search(le, q);
      expect([q, names(r)]).toEqual([q, ['曾小明']]);
      expect(r.total).toBe(1);
    }
    expect((await t.call('DELETE', `/api/v1/prospects/${ids.zeng}/colleagues/${leId}`, { cookie: wei })).statusCode).toBe(200);
    for (const q of queries) expect(names(await search(le, q))).not.toContain('曾小明');
  });

  it('keeps a linked colleague finding the prospect through a rename, tags and an owner change; everyone counts it once', async () => {
    const kaiId = await t.user('kai@pond.test', 'salesperson');
    const kai = await t.login('kai@pond.test');
    const created = (await t.call('POST', '/api/v1/prospects', { cookie: wei, body: { grade: 'B', name: '單國強', company: '國強電子', emails: ['guoqiang@example.com'] } })).json().prospect;
    expect((await t.call('POST', `/api/v1/prospects/${created.id}/colleagues`, { cookie: wei, body: { userId: leId } })).statusCode).toBe(200);
    expect(names(await search(le, '單國強'))).toEqual(['單國強']);
    expect(names(await search(kai, '單國強'))).toEqual([]);

    // Renamed by the owner: the colleague's copy follows the new name and forgets the old one.
    const patched = await t.call('PATCH', `/api/v1/prospects/${created.id}`, { cookie: wei, body: { version: created.version, name: '單志明' } });
    expect(patched.statusCode).toBe(200);
    expect(names(await search(le, '單志明'))).toEqual(['單志明']);
    expect(names(await search(le, '單國強'))).toEqual([]);
    // Tagged in bulk (a reindex of the prospect): found by the tag.
    expect((await t.call('POST', '/api/v1/prospects/bulk', { cookie: wei, body: { ids: [created.id], addTags: ['展會名單'] } })).statusCode).toBe(200);
    expect(names(await search(le, '展會名單'))).toEqual(['單志明']);

    // A new owner (an admin's move): the document's owner key changes, the colleague's key stays.
    expect((await t.call('POST', '/api/v1/prospects/bulk', { cookie: admin, body: { ids: [created.id], ownerId: kaiId } })).statusCode).toBe(200);
    expect(names(await search(kai, '單志明'))).toEqual(['單志明']);
    expect(names(await search(wei, '單志明'))).toEqual([]);
    if (ctx.dialect !== 'sqlite') expect((await new SearchRepository().storedOf(ctx.database.db, created.id))?.ownerId).toBe(kaiId);
    const linked = await search(le, '單志明');
    expect([names(linked), linked.total]).toEqual([['單志明'], 1]);
    // The admin sees every prospect once, whoever owns it or is linked to it.
    for (const q of ['單志明', '志明', '單']) {
      const all = await search(admin, q);
      expect(all.total).toBe(new Set(names(all)).size);
      expect(names(all).filter((n: string) => n === '單志明')).toHaveLength(1);
    }

    // Unlinked: gone from the colleague's search, and their key gone from the document.
    expect((await t.call('DELETE', `/api/v1/prospects/${created.id}/colleagues/${leId}`, { cookie: kai })).statusCode).toBe(200);
    expect(names(await search(le, '單志明'))).toEqual([]);
    const tokens = await new SearchRepository().tokensOf(ctx.database.db, created.id);
    expect(tokens!.filter((x) => x.startsWith('k:'))).toEqual([`k:${kaiId}`]);
  });

  it('converts the postings of the older index into documents and back (the migration)', async () => {
    const db = ctx.database.db;
    const repo = new SearchRepository();
    // A link, so that a viewer key takes part in the round trip.
    expect((await t.call('POST', `/api/v1/prospects/${ids.xiaowei4}/colleagues`, { cookie: wei, body: { userId: leId } })).statusCode).toBe(200);
    const all = Object.values(ids);
    const snapshot = async () => Promise.all(all.map(async (id) => [id, (await repo.tokensOf(db, id))?.sort() ?? null]));
    const before = await snapshot();
    const storedDocs = () => (onSqlite(db) ? null : Promise.all(all.map((id) => repo.storedOf(db, id))));
    const docsBefore = await storedDocs();
    // The later migration (documents stored with the terms on PostgreSQL) is undone first and redone last.
    const migration = migrations['2026-11-27T18-00-search-index']!;
    const documentsMigration = migrations['2026-11-28T00-00-search-documents']!;
    await documentsMigration.down!(db);
    await migration.down!(db);
    const postings = await sql<{ n: number }>`select count(*) as n from search_terms`.execute(db);
    expect(Number(postings.rows[0]!.n)).toBeGreaterThan(all.length * 20);
    await migration.up(db);
    await documentsMigration.up(db);
    expect(await snapshot()).toEqual(before);
    // The documents the migration builds in SQL are the ones Pond writes.
    expect(await storedDocs()).toEqual(docsBefore);
    if (docsBefore) expect(docsBefore).toEqual((await repo.documents(db, all)).map((d) => ({ doc: d.doc, ownerId: d.ownerId })));
    expect(names(await search(le, '小衛'))).toEqual(['小衛']);
    expect((await t.call('DELETE', `/api/v1/prospects/${ids.xiaowei4}/colleagues/${leId}`, { cookie: wei })).statusCode).toBe(200);
    expect(names(await search(le, '小衛'))).toEqual([]);
  });

  it('never shows a prospect through a stray copy in the index that no link stands behind', async () => {
    const db = ctx.database.db;
    const weiId = (await db.selectFrom('users').select('id').where('email', '=', 'wei@pond.test').executeTakeFirstOrThrow()).id;
    const repo = new SearchRepository();
    // The document of Le's prospect as if Wei were linked to it, with no link behind it.
    const [stray] = await repo.documents(db, [ids.secret!]);
    await repo.remove(db, [ids.secret!]);
    await repo.insert(db, [{ ...stray!, viewers: [weiId] }]);
    expect(await repo.tokensOf(db, ids.secret!)).toContain(`k:-${weiId}`);
    try {
      for (const q of ['曉薇', '祕密', 'secret.buyer']) {
        const r = await search(wei, q);
        expect(names(r)).not.toContain('曉薇');
        expect(r.total).toBe(r.items.length);
      }
    } finally {
      await repo.reindex(db, [ids.secret!]);
    }
  });

  it.each(['before', 'after'])(
    'keeps the index writes of a transaction when one committed together with it rolls back (the failing one %s)',
    async (order) => {
      const db = ctx.database.db;
      const repo = new SearchRepository();
      const [kept, refused] = await repo.documents(db, [ids.xiaowei2!, ids.zeng!]);
      const before = await repo.tokensOf(db, ids.zeng!);
      const write = (doc: typeof kept, fail: boolean) =>
        withTransaction(db, async (trx) => {
          await repo.remove(trx, [doc!.id]);
          await repo.insert(trx, [{ ...doc!, viewers: [leId] }]);
          if (fail) throw new Error('refused');
        });
      // Started together, so SQLite commits them in one batch, each as a savepoint of it.
      const [a, b] = order === 'before' ? [write(refused, true), write(kept, false)] : [write(kept, false), write(refused, true)];
      const settled = await Promise.allSettled(order === 'before' ? [a, b] : [b, a]);
      expect(settled.map((r) => r.status)).toEqual(['rejected', 'fulfilled']);
      try {
        // The index itself, not only the stored document: Le's viewer key finds the committed one only.
        const underLe = async (q: string) =>
          [...(await repo.candidates(db, planQuery(q).alternatives, { kind: 'restricted', ownerIds: [], linkedIds: [], linkedTo: leId }, 100)).keys()];
        expect(await repo.tokensOf(db, ids.xiaowei2!)).toContain(`k:-${leId}`);
        expect(await underLe('小伟')).toEqual([ids.xiaowei2]);
        expect(await repo.tokensOf(db, ids.zeng!)).toEqual(before);
        expect(await underLe('曾小明')).toEqual([]);
      } finally {
        await repo.reindex(db, [ids.xiaowei2!]);
      }
    },
  );

  it('shows every hit with its phones, e-mails and tags, whichever field matched', async () => {
    type Hit = { prospect: { name: string; phones: string[]; tags: string[] }; matches: { field: string }[] };
    const byName = ((await search(wei, '偉')).items as Hit[]).find((i) => i.prospect.name === '肖偉')!;
    expect(byName.prospect).toMatchObject({ phones: ['+8613787654321'], tags: ['車展'] });
    expect(byName.matches.map((m) => m.field)).toEqual(['name']);
    const byTag = ((await search(wei, '車展')).items as Hit[])[0]!;
    expect(byTag.prospect).toMatchObject({ name: '肖偉', phones: ['+8613787654321'], tags: ['車展'] });
    expect(byTag.matches.map((m) => m.field)).toEqual(['tag']);
  });

  it.each(['曉薇', '晓薇', 'xiao', '祕密', '5555', '1234', 'secret.buyer', 'hidden', '私人'])(
    "never finds a colleague's private prospect (query %s), not even in the count",
    async (q) => {
      const r = await search(wei, q);
      expect(names(r)).not.toContain('曉薇');
      expect(r.items.every((i: { prospect: { owner: { name: string } } }) => i.prospect.owner.name === 'wei')).toBe(true);
      expect(r.total).toBe(r.items.length);
      const list = (await t.call('GET', `/api/v1/prospects?q=${encodeURIComponent(q)}`, { cookie: wei })).json();
      expect(list.items.map((p: { name: string }) => p.name)).not.toContain('曉薇');
    },
  );

  it('the owner and the admin find it; the list filter uses the same search', async () => {
    expect(names(await search(le, '晓薇'))).toEqual(['曉薇']);
    expect(names(await search(admin, '5555'))).toEqual(['曉薇']);
    const list = (await t.call('GET', '/api/v1/prospects?q=xw', { cookie: wei })).json();
    expect(new Set(list.items.map((p: { name: string }) => p.name))).toEqual(new Set(['小偉', '小伟', '小衛', '肖偉']));
  });

  it('follows edits in the same transaction and forgets an erased prospect entirely', async () => {
    const p = (await t.call('GET', `/api/v1/prospects/${ids.xiaowei4}`, { cookie: wei })).json().prospect;
    await t.call('PATCH', `/api/v1/prospects/${p.id}`, { cookie: wei, body: { name: '單先生', version: p.version } });
    expect(names(await search(wei, '小衛'))).toEqual([]);
    expect(names(await search(wei, 'shan'))).toEqual(['單先生']);
    expect(names(await search(wei, '单'))).toEqual(['單先生']);
    const repo = new SearchRepository();
    // PostgreSQL stores the fields with the terms: the edit rewrote them too.
    if (ctx.dialect !== 'sqlite') expect((await repo.storedOf(ctx.database.db, p.id))?.doc).toMatchObject({ name: '單先生', emails: ['wei4@example.com'] });
    expect((await repo.tokensOf(ctx.database.db, ids.secret!))!.length).toBeGreaterThan(20);
    const documents = await repo.countDocuments(ctx.database.db);
    expect((await t.call('DELETE', `/api/v1/prospects/${ids.secret}`, { cookie: admin })).statusCode).toBe(204);
    expect(await repo.tokensOf(ctx.database.db, ids.secret!)).toBeNull();
    expect(await repo.countDocuments(ctx.database.db)).toBe(documents - 1);
    expect(names(await search(admin, '5555'))).toEqual([]);
  });

  it('takes an erased prospect out of the index pages at once, not only out of the answers', async () => {
    const db = ctx.database.db;
    const repo = new SearchRepository();
    // No merge of FTS5 segments meanwhile (one would drop deleted entries too), so only the erasure can remove
    // them: one segment to start from (none to merge), and no merging as segments are added.
    const automerge = (n: number) => sql`insert into search_index (search_index, rank) values ('automerge', ${sql.lit(n)})`.execute(db);
    if (ctx.dialect === 'sqlite') {
      await sql`insert into search_index (search_index) values ('optimize')`.execute(db);
      await automerge(0);
    }
    const erased = (await t.call('POST', '/api/v1/prospects', { cookie: wei, body: { grade: 'B', name: '龘先生', emails: ['da@example.com'] } })).json().prospect;
    const removed = (await t.call('POST', '/api/v1/prospects', { cookie: wei, body: { grade: 'B', name: '靐先生', emails: ['bing@example.com'] } })).json().prospect;
    try {
      expect((await t.call('DELETE', `/api/v1/prospects/${erased.id}`, { cookie: admin })).statusCode).toBe(204);
      expect(names(await search(admin, '龘'))).toEqual([]);
      expect(await repo.tokensOf(db, erased.id)).toBeNull();
      if (ctx.dialect !== 'sqlite') return;
      // FTS5's own pages: an ordinary delete leaves the entries for a later merge (the control, 靐); an erasure
      // removes them at once (龘).
      await repo.remove(db, [removed.id]);
      const pages = async () => Buffer.concat((await sql<{ block: Uint8Array | null }>`select block from search_index_data`.execute(db)).rows.map((r) => Buffer.from(r.block ?? [])));
      expect((await pages()).includes(Buffer.from('靐'))).toBe(true);
      expect((await pages()).includes(Buffer.from('龘'))).toBe(false);
      // Compacting (after `pond search reindex`) merges the segments and drops what was left.
      await repo.compact(db);
      expect((await pages()).includes(Buffer.from('靐'))).toBe(false);
    } finally {
      if (ctx.dialect === 'sqlite') await automerge(4);
      await repo.reindex(db, [removed.id]);
    }
  });

  it('rebuilds the whole index to the same documents', async () => {
    const repo = new SearchRepository();
    const db = ctx.database.db;
    const snapshot = async () => Promise.all(Object.values(ids).map(async (id) => [(await repo.tokensOf(db, id))?.sort() ?? null, await repo.storedOf(db, id)]));
    const [before, documents] = [await snapshot(), await repo.countDocuments(db)];
    const result = await t.app.services.search.rebuild();
    expect(result.prospects).toBe(documents);
    expect(await repo.countDocuments(db)).toBe(documents);
    expect(await snapshot()).toEqual(before);
  });

  it('refuses an empty or overlong query with 400', async () => {
    expect((await t.call('GET', '/api/v1/search?q=', { cookie: wei })).statusCode).toBe(400);
    expect((await t.call('GET', `/api/v1/search?q=${'x'.repeat(101)}`, { cookie: wei })).statusCode).toBe(400);
  });
});
