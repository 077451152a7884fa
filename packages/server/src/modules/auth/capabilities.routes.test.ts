import { describeEachDialect } from '@pond/db/testing';
import { CAPABILITIES, capabilitiesOf } from '@pond/domain';
import { beforeAll, expect, it } from 'vitest';
import { CONSOLE } from '../../platform/actor.js';
import { createTestApp, type TestApp } from '../../testing/test-app.js';

describeEachDialect('the signed-in user carries every role rule answered for them', (ctx) => {
  let t: TestApp;
  const cookies: Record<string, string> = {};

  beforeAll(async () => {
    t = await createTestApp(ctx.database);
    for (const role of ['salesperson', 'manager', 'admin'] as const) {
      await t.user(`can-${role}@pond.test`, role);
      cookies[role] = await t.login(`can-${role}@pond.test`);
    }
  });

  it('answers each capability as the service checks it, for each role', async () => {
    for (const role of ['salesperson', 'manager', 'admin'] as const) {
      const me = (await t.call('GET', '/api/v1/auth/me', { cookie: cookies[role] })).json().user;
      expect(Object.keys(me.can).sort()).toEqual([...CAPABILITIES].sort());
      expect(me.can).toEqual(capabilitiesOf(role));
    }
    const of = async (role: string) => (await t.call('GET', '/api/v1/auth/me', { cookie: cookies[role] })).json().user.can;
    expect(await of('salesperson')).toMatchObject({ viewTeam: false, manageUsers: false, claimFromPool: true, ownProspects: true, reviewNewsletters: false });
    expect(await of('manager')).toMatchObject({ viewTeam: true, manageUsers: false, claimFromPool: true, leadTeams: true, holdEventsForAnyTeam: false });
    expect(await of('admin')).toMatchObject({ viewTeam: true, manageUsers: true, readAudit: true, claimFromPool: false, ownProspects: false, holdEventsForAnyTeam: true });
  });

  it('follows a change of role at the next read of the same session', async () => {
    const email = `can-moved-${ctx.dialect}@pond.test`;
    const id = await t.user(email, 'salesperson');
    const cookie = await t.login(email);
    const can = async () => (await t.call('GET', '/api/v1/auth/me', { cookie })).json().user.can;
    expect((await can()).viewTeam).toBe(false);
    await t.app.services.users.update(CONSOLE, id, undefined, { role: 'manager' }, { ip: null, userAgent: null });
    expect((await can()).viewTeam).toBe(true);
  });
});
