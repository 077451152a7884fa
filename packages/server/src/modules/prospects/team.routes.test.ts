import { describeEachDialect } from '@pond/db/testing';
import { beforeAll, expect, it } from 'vitest';
import { LONG_SESSIONS, person, prospect as newProspect, team, touches } from '../../testing/factories.js';
import { createTestApp, type TestApp } from '../../testing/test-app.js';

describeEachDialect('the manager’s team view', (ctx) => {
  let t: TestApp;
  let boss: string;
  let wei: string;
  let le: string;
  let weiId: number;
  let farId: number;

  beforeAll(async () => {
    t = await createTestApp(ctx.database, { POND_DEFAULT_TIME_ZONE: 'Asia/Taipei', POND_DEFAULT_PHONE_REGION: 'TW', ...LONG_SESSIONS });
    t.clock.set('2026-12-01T02:00:00.000Z');
    const showroom = await team(t, { name: 'Showroom', members: [{}, {}] });
    const south = await team(t, { name: 'South', manager: null });
    [{ cookie: wei, id: weiId }, { cookie: le }] = showroom.members;
    boss = showroom.manager.cookie;
    farId = (await person(t, 'salesperson', { teamId: south.id, signIn: false })).id;
  });

  const prospect = async (cookie: string, nextContactOn?: string) => {
    const { id } = await newProspect(t, cookie);
    if (nextContactOn) {
      t.clock.set('2026-11-20T02:00:00.000Z');
      await touches(t, cookie, id, [{ summary: '問了保養', nextContactOn }]);
      t.clock.set('2026-12-01T02:00:00.000Z');
    }
    return id;
  };

  it('shows each member’s counts exactly as their own Today counts them, and their Today read-only', async () => {
    await prospect(wei, '2026-11-25');
    await prospect(wei, '2026-11-28');
    await prospect(wei, '2026-12-01');
    await prospect(le, '2026-12-01');
    const team = await t.call('GET', '/api/v1/team', { cookie: boss });
    expect(team.statusCode, team.body).toBe(200);
    const members = team.json().members as { user: { id: number; name: string }; counts: Record<string, number> }[];
    expect(members.map((m) => m.user.id)).not.toContain(farId);
    const own = (await t.call('GET', '/api/v1/today', { cookie: wei })).json();
    const weiRow = members.find((m) => m.user.id === weiId)!;
    for (const [bucket, section] of Object.entries(own.buckets as Record<string, { count: number }>)) expect(weiRow.counts[bucket], bucket).toBe(section.count);
    expect(weiRow.counts).toMatchObject({ overdue: 2, today: 1 });
    // The manager opens wei's Today: the same rows; another team's member is not there.
    const seen = await t.call('GET', `/api/v1/team/${weiId}/today`, { cookie: boss });
    expect(seen.statusCode).toBe(200);
    expect(seen.json().buckets.overdue.items.map((i: { prospect: { id: number } }) => i.prospect.id)).toEqual(own.buckets.overdue.items.map((i: { prospect: { id: number } }) => i.prospect.id));
    expect((await t.call('GET', `/api/v1/team/${farId}/today`, { cookie: boss })).statusCode).toBe(404);
    expect((await t.call('GET', '/api/v1/team', { cookie: wei })).statusCode).toBe(403);
  });
});
