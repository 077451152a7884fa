import { describeEachDialect } from '@pond/db/testing';
import { beforeAll, expect, it } from 'vitest';
import { person, prospect, team } from '../../testing/factories.js';
import { createTestApp, type TestApp } from '../../testing/test-app.js';

/*
 * Every kind of scope a search is answered for, with candidates of several owners, a colleague link across
 * teams and a prospect in the pool: the rank rows are read by (owner, id) pairs on PostgreSQL and by id for the
 * pool, and each answer must hold exactly what the searcher may see, counted once.
 */
describeEachDialect('search across scopes', (ctx) => {
  let t: TestApp;
  const cookies: Record<string, string> = {};
  const ids: Record<string, number> = {};

  const search = async (who: string, q: string) => {
    const res = await t.call('GET', `/api/v1/search?q=${encodeURIComponent(q)}`, { cookie: cookies[who] });
    expect(res.statusCode).toBe(200);
    const body = res.json() as { items: { prospect: { name: string } }[]; total: number };
    return { names: body.items.map((i) => i.prospect.name).sort(), total: body.total };
  };

  beforeAll(async () => {
    t = await createTestApp(ctx.database, { POND_DEFAULT_PHONE_REGION: 'CN' });
    const { manager: boss, members: [wei, le] } = await team(t, { name: 'Showroom', members: [{ email: 'wei@pond.test' }, {}] });
    const [kai, root] = [await person(t, 'salesperson'), await person(t, 'admin')];
    Object.assign(cookies, { boss: boss.cookie, wei: wei.cookie, le: le.cookie, kai: kai.cookie, root: root.cookie });
    const bossId = boss.id;
    let cards = 0;
    const add = async (who: string, name: string) => {
      ids[name] = (await prospect(t, cookies[who]!, { name, emails: [`card${++cards}@example.com`] })).id;
    };
    await add('wei', '龍一');
    await add('le', '龍二');
    await add('kai', '龍三');
    await add('kai', '龍四');
    await add('kai', '龍五');
    // Kai's 龍四 is known to the manager of another team as a colleague.
    expect((await t.call('POST', `/api/v1/prospects/${ids['龍四']}/colleagues`, { cookie: cookies.kai, body: { userId: bossId } })).statusCode).toBe(200);
    // 龍五 goes to the pool, as a departing salesperson's prospects do, and its document with it.
    await ctx.database.db.updateTable('prospects').set({ owner_id: null }).where('id', '=', ids['龍五']!).execute();
    await t.app.services.search.reindex(ctx.database.db, [ids['龍五']!]);
  });

  it('a salesperson finds their own only', async () => {
    expect(await search('wei', '龍')).toEqual({ names: ['龍一'], total: 1 });
    expect(await search('kai', '龍')).toEqual({ names: ['龍三', '龍四'], total: 2 });
  });

  it("a manager finds the team's and what they are linked to, and nothing else of another team", async () => {
    expect(await search('boss', '龍')).toEqual({ names: ['龍一', '龍二', '龍四'], total: 3 });
    expect(await search('boss', 'long')).toEqual({ names: ['龍一', '龍二', '龍四'], total: 3 });
  });

  it('an administrator finds every prospect, the pool included', async () => {
    expect(await search('root', '龍')).toEqual({ names: ['龍一', '龍三', '龍二', '龍五', '龍四'], total: 5 });
  });

  it('a salesperson linked to a prospect in the pool finds it', async () => {
    const weiId = (await ctx.database.db.selectFrom('users').select('id').where('email', '=', 'wei@pond.test').executeTakeFirstOrThrow()).id;
    expect((await t.call('POST', `/api/v1/prospects/${ids['龍五']}/colleagues`, { cookie: cookies.root, body: { userId: weiId } })).statusCode).toBe(200);
    expect(await search('wei', '龍')).toEqual({ names: ['龍一', '龍五'], total: 2 });
    expect(await search('le', '龍五')).toEqual({ names: [], total: 0 });
  });
});
