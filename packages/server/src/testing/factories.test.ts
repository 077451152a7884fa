import { describeEachDialect } from '@pond/db/testing';
import { beforeAll, expect, it } from 'vitest';
import { person, prospect, prospectWithTouches, team, touches } from './factories.js';
import { createTestApp, type TestApp } from './test-app.js';

describeEachDialect('test factories', (ctx) => {
  let t: TestApp;

  beforeAll(async () => {
    t = await createTestApp(ctx.database, { POND_DEFAULT_PHONE_REGION: 'CN' });
  });

  const me = async (cookie: string) => (await t.call('GET', '/api/v1/auth/me', { cookie })).json().user;

  it('makes signed-in people with unique emails, their profile applied through /auth/me', async () => {
    const [a, b] = [await person(t, 'salesperson'), await person(t, 'salesperson')];
    expect(a.email).not.toBe(b.email);
    expect(a.email).toMatch(/^salesperson-.+@pond\.test$/);
    expect(await me(a.cookie)).toMatchObject({ id: a.id, email: a.email, displayName: a.name, role: 'salesperson', timeZone: null });
    const c = await person(t, 'admin', { email: 'factory-admin@pond.test', timeZone: 'Asia/Taipei', phoneRegion: 'TW', locale: 'zh-Hant' });
    expect(await me(c.cookie)).toMatchObject({ displayName: 'factory-admin', role: 'admin', timeZone: 'Asia/Taipei', phoneRegion: 'TW', locale: 'zh-Hant' });
    expect((await person(t, 'salesperson', { signIn: false })).cookie).toBe('');
  });

  it('makes a team whose manager sees its members and nobody else’s', async () => {
    const showroom = await team(t, { name: 'Factory showroom', members: [{}, { role: 'salesperson', displayName: '小樂' }] });
    const other = await team(t, { manager: null, members: [{}] });
    expect(other.manager).toBeNull();
    expect(showroom.members.map((m) => m.name)[1]).toBe('小樂');
    const seen = (await t.call('GET', '/api/v1/users', { cookie: showroom.manager.cookie })).json().items.map((u: { id: number }) => u.id);
    expect(seen.sort()).toEqual(showroom.members.map((m) => m.id).sort());
    expect((await t.call('GET', '/api/v1/teams', { cookie: showroom.manager.cookie })).json().items.map((x: { name: string }) => x.name)).toEqual(['Factory showroom']);
  });

  it('makes prospects with a unique phone unless a contact is given, and logs their touches', async () => {
    const { cookie } = await person(t, 'salesperson');
    const [a, b] = [await prospect(t, cookie), await prospect(t, cookie)];
    expect(a).toMatchObject({ grade: 'B', touchCount: 0, emails: [] });
    expect(a.phones).toHaveLength(1);
    expect(a.phones).not.toEqual(b.phones);
    expect(await prospect(t, cookie, { name: '王先生', emails: ['wang@example.com'], grade: 'A' })).toMatchObject({ name: '王先生', phones: [], emails: ['wang@example.com'], grade: 'A' });
    const logged = await touches(t, cookie, a.id, [{}, { channel: 'visit', summary: 'came in' }]);
    expect(logged.map((l) => [l.touch.kind, l.touch.channel])).toEqual([['first_contact', 'call'], ['revisit', 'visit']]);
    expect(logged[1]!.prospect.touchCount).toBe(2);
    expect((await prospectWithTouches(t, cookie, {}, 3)).touchCount).toBe(3);
    expect((await prospectWithTouches(t, cookie, {}, 0)).touchCount).toBe(0);
  });
});
