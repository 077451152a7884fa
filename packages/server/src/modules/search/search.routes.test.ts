import { migrations } from '@pond/db';
import { describeEachDialect } from '@pond/db/testing';
import { beforeAll, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../../testing/test-app.js';
import { SearchRepository } from './search.repository.js';

describeEachDialect('search', (ctx) => {
  let t: TestApp;
  let wei: string;
  let le: string;
  let admin: string;
  let leId: number;
  const ids: Record<string, number> = {};

  beforeAll(async () => {
    t = await createTestApp(ctx.database, { POND_DEFAULT_PHONE_REGION: 'CN' });
    await t.user('wei@pond.test', 'salesperson');
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
  ])('%s finds %j', async (q, expected) => {
    const r = await search(wei, q);
    expect(new Set(names(r))).toEqual(new Set(expected));
    expect(r.total).toBe(expected.length);
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

    // A new owner (an admin's move): the owner's postings move, the colleague's copy stays.
    expect((await t.call('POST', '/api/v1/prospects/bulk', { cookie: admin, body: { ids: [created.id], ownerId: kaiId } })).statusCode).toBe(200);
    expect(names(await search(kai, '單志明'))).toEqual(['單志明']);
    expect(names(await search(wei, '單志明'))).toEqual([]);
    const linked = await search(le, '單志明');
    expect([names(linked), linked.total]).toEqual([['單志明'], 1]);
    // The admin sees every posting's prospect once, whoever owns it or is linked to it.
    for (const q of ['單志明', '志明', '單']) {
      const all = await search(admin, q);
      expect(all.total).toBe(new Set(names(all)).size);
      expect(names(all).filter((n: string) => n === '單志明')).toHaveLength(1);
    }

    // Unlinked: gone from the colleague's search, and no copy left behind.
    expect((await t.call('DELETE', `/api/v1/prospects/${created.id}/colleagues/${leId}`, { cookie: kai })).statusCode).toBe(200);
    expect(names(await search(le, '單志明'))).toEqual([]);
    const copies = await ctx.database.db.selectFrom('search_terms').select((eb) => eb.fn.countAll<number>().as('n')).where('owner_key', '<', 0).where('prospect_id', '=', created.id).executeTakeFirstOrThrow();
    expect(Number(copies.n)).toBe(0);
  });

  it('fills the colleague copies for links made before Pond kept them (the migration)', async () => {
    const db = ctx.database.db;
    // A link as an older Pond left it: in the links table, with no copy of the prospect's terms.
    await db.insertInto('prospect_colleagues').values({ prospect_id: ids.xiaowei4!, user_id: leId, created_by_id: leId, created_at: new Date().toISOString() }).execute();
    expect(names(await search(le, '小衛'))).toEqual([]);
    await migrations['2026-11-27T09-00-search-viewer-postings']!.up(db);
    expect(names(await search(le, '小衛'))).toEqual(['小衛']);
    // Run again, it adds nothing.
    const count = async () => Number((await db.selectFrom('search_terms').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow()).n);
    const before = await count();
    await migrations['2026-11-27T09-00-search-viewer-postings']!.up(db);
    expect(await count()).toBe(before);
    expect((await t.call('DELETE', `/api/v1/prospects/${ids.xiaowei4}/colleagues/${leId}`, { cookie: wei })).statusCode).toBe(200);
    expect(names(await search(le, '小衛'))).toEqual([]);
  });

  it('never shows a prospect through a stray copy in the index that no link stands behind', async () => {
    const db = ctx.database.db;
    const weiId = (await db.selectFrom('users').select('id').where('email', '=', 'wei@pond.test').executeTakeFirstOrThrow()).id;
    const repo = new SearchRepository();
    await repo.addViewer(db, ids.secret!, weiId);
    try {
      for (const q of ['曉薇', '祕密', 'secret.buyer']) {
        const r = await search(wei, q);
        expect(names(r)).not.toContain('曉薇');
        expect(r.total).toBe(r.items.length);
      }
    } finally {
      await repo.removeViewer(db, ids.secret!, weiId);
    }
  });

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
    expect(await t.app.services.search.repo.countRows(ctx.database.db, ids.secret)).toBeGreaterThan(20);
    expect((await t.call('DELETE', `/api/v1/prospects/${ids.secret}`, { cookie: admin })).statusCode).toBe(204);
    expect(await t.app.services.search.repo.countRows(ctx.database.db, ids.secret)).toBe(0);
    expect(names(await search(admin, '5555'))).toEqual([]);
  });

  it('rebuilds the whole index to the same rows', async () => {
    const before = await t.app.services.search.repo.countRows(ctx.database.db);
    const result = await t.app.services.search.rebuild();
    expect(result.rows).toBe(before);
    expect(await t.app.services.search.repo.countRows(ctx.database.db)).toBe(before);
  });

  it('refuses an empty or overlong query with 400', async () => {
    expect((await t.call('GET', '/api/v1/search?q=', { cookie: wei })).statusCode).toBe(400);
    expect((await t.call('GET', `/api/v1/search?q=${'x'.repeat(101)}`, { cookie: wei })).statusCode).toBe(400);
  });
});
