import { describeEachDialect } from '@pond/db/testing';
import { beforeAll, expect, it } from 'vitest';
import { LONG_SESSIONS, team } from '../../testing/factories.js';
import { createTestApp, type TestApp } from '../../testing/test-app.js';
import { SearchRepository } from '../search/search.repository.js';

describeEachDialect('merging two records of one person', (ctx) => {
  let t: TestApp;
  let wei: string;
  let le: string;
  let boss: string;
  let weiId: number;
  let leId: number;

  beforeAll(async () => {
    t = await createTestApp(ctx.database, { POND_DEFAULT_PHONE_REGION: 'CN', ...LONG_SESSIONS });
    const showroom = await team(t, { name: 'Showroom', members: [{}, {}] });
    [{ id: weiId, cookie: wei }, { id: leId, cookie: le }] = showroom.members;
    boss = showroom.manager.cookie;
  });

  const db = () => ctx.database.db;
  const create = async (cookie: string, body: object) => (await t.call('POST', '/api/v1/prospects', { cookie, body: { grade: 'B', ...body } })).json().prospect;
  const touch = (cookie: string, id: number, at: string, summary: string) => {
    t.clock.set(at);
    return t.call('POST', `/api/v1/prospects/${id}/touches`, { cookie, body: { channel: 'call', summary, relationshipKept: true } });
  };
  const merge = (cookie: string, keepId: number, body: object) => t.call('POST', `/api/v1/prospects/${keepId}/merge`, { cookie, body });
  const get = (cookie: string, id: number) => t.call('GET', `/api/v1/prospects/${id}`, { cookie });
  const names = async (cookie: string, q: string) =>
    ((await t.call('GET', `/api/v1/search?q=${encodeURIComponent(q)}`, { cookie })).json().items as { prospect: { id: number } }[]).map((i) => i.prospect.id);
  const snapshot = async () =>
    JSON.stringify([
      ...(await Promise.all(
        (['prospects', 'touches', 'prospect_contacts', 'prospect_tags', 'prospect_colleagues', 'prospect_history'] as const).map((table) =>
          db().selectFrom(table).select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow(),
        ),
      )),
      await new SearchRepository().countDocuments(db()),
    ]);

  it('keeps every touch, contact, tag and the history of both, fills empty fields, and the other record is gone', async () => {
    const a = await create(wei, { name: '林志明', phones: ['13912345678'], tags: ['車展'] });
    const b = await create(wei, { name: '林志明 (名片)', company: '遠東紡織', title: '採購經理', emails: ['lin@fe.com.tw'], tags: ['VIP'] });
    await touch(wei, b.id, '2026-09-01T02:00:00.000Z', 'First met at the show');
    await touch(wei, a.id, '2026-10-01T02:00:00.000Z', 'Called back');
    await touch(wei, b.id, '2026-10-15T02:00:00.000Z', 'Sent the brochure');
    t.clock.set('2026-11-01T02:00:00.000Z');
    const version = (await get(wei, a.id)).json().prospect.version;

    const res = await merge(wei, a.id, { fromId: b.id, version });
    expect(res.statusCode, res.body).toBe(200);
    const p = res.json().prospect;
    expect(p).toMatchObject({ id: a.id, name: '林志明', company: '遠東紡織', title: '採購經理', phones: ['+8613912345678'], emails: ['lin@fe.com.tw'], tags: ['VIP', '車展'], touchCount: 3 });
    // The clock runs from the latest touch of either: 15 Oct + 40 days (grade B).
    expect(p.lastTouchAt).toBe('2026-10-15T02:00:00.000Z');
    expect(p.nextDueOn).toBe('2026-11-24');
    expect((await get(wei, b.id)).statusCode).toBe(404);

    const touches = (await get(wei, a.id)).json().touches as { summary: string; kind: string }[];
    expect(touches.map((x) => [x.summary, x.kind])).toEqual([
      ['Sent the brochure', 'revisit'],
      ['Called back', 'revisit'],
      ['First met at the show', 'first_contact'],
    ]);
    const timeline = (await t.call('GET', `/api/v1/prospects/${a.id}/timeline`, { cookie: wei })).json().items as { type: string; change?: { field: string; before: unknown } }[];
    const merged = timeline.find((e) => e.change?.field === 'merged');
    expect(merged?.change?.before).toMatchObject({ id: b.id, name: '林志明 (名片)', collectedBy: weiId, owner: weiId });
    // The other record's own history (its creation) came along.
    expect(timeline.filter((e) => e.change?.field === 'created')).toHaveLength(2);

    // Found by what only the other record had; nothing of it is left in the index.
    expect(await names(wei, 'lin@fe')).toEqual([a.id]);
    expect(await names(wei, '遠東')).toEqual([a.id]);
    const search = new SearchRepository();
    expect(await search.tokensOf(db(), b.id)).toBeNull();
    expect(await search.storedOf(db(), b.id)).toBe(ctx.dialect === 'sqlite' ? undefined : null);
    const rows = async () => [(await search.tokensOf(db(), a.id))?.sort(), await search.storedOf(db(), a.id)];
    const indexed = await rows();
    await search.reindex(db(), [a.id]);
    expect(await rows()).toEqual(indexed);
  });

  it("a manager merges two colleagues' records: the other owner stays on as a linked colleague", async () => {
    const a = await create(wei, { name: '張春嬌', phones: ['13700001111'] });
    const b = await create(le, { name: '張春嬌', emails: ['cj@example.com'] });
    const version = (await get(boss, a.id)).json().prospect.version;
    const res = await merge(boss, a.id, { fromId: b.id, version });
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json().prospect.owner.id).toBe(weiId);
    expect(res.json().prospect.colleagues.map((c: { id: number }) => c.id)).toEqual([leId]);
    expect(await names(le, 'cj@example')).toEqual([a.id]);
    expect((await get(le, b.id)).statusCode).toBe(404);
  });

  it('refuses, changing nothing: a colleague’s record without being their manager, a stale or missing version, itself', async () => {
    const mine = await create(wei, { name: '周杰', phones: ['13700002222'] });
    const hers = await create(le, { name: '周杰', phones: ['13700003333'] });
    // Xiao Le links Xiao Wei, so he can see her record, but it is still hers.
    await t.call('POST', `/api/v1/prospects/${hers.id}/colleagues`, { cookie: le, body: { userId: weiId } });
    const other = await create(wei, { name: '周杰倫', phones: ['13700004444'] });
    const version = (await get(wei, mine.id)).json().prospect.version;
    const before = await snapshot();
    const cases: [string, number, number, object, number, string][] = [
      [wei, mine.id, hers.id, { version }, 403, 'FORBIDDEN'],
      [wei, mine.id, 999_999, { version }, 404, 'NOT_FOUND'],
      [wei, mine.id, mine.id, { version }, 400, 'VALIDATION_FAILED'],
      [le, hers.id, mine.id, { version: 0 }, 404, 'NOT_FOUND'],
      [wei, mine.id, other.id, { version: version + 5 }, 412, 'STALE_VERSION'],
      [wei, mine.id, other.id, {}, 428, 'VERSION_REQUIRED'],
    ];
    for (const [cookie, keep, from, extra, status, code] of cases) {
      const res = await merge(cookie, keep, { fromId: from, ...extra });
      expect([keep, from, res.statusCode, res.json().error.code]).toEqual([keep, from, status, code]);
      if (status === 412) expect(res.json().error.details.current.id).toBe(mine.id);
    }
    expect(await snapshot()).toBe(before);
  });
});
