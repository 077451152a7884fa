import { describeEachDialect } from '@pond/db/testing';
import { beforeAll, expect, it } from 'vitest';
import { person } from '../../testing/factories.js';
import { createTestApp, type TestApp } from '../../testing/test-app.js';

describeEachDialect('each user’s phone region', (ctx) => {
  let t: TestApp;
  let cookie: string;

  beforeAll(async () => {
    // The installation's default is CN; this salesperson works in Taipei.
    t = await createTestApp(ctx.database, { POND_DEFAULT_PHONE_REGION: 'CN' });
    ({ cookie } = await person(t, 'salesperson'));
  });

  const create = (phone: string) => t.call('POST', '/api/v1/prospects', { cookie, body: { name: `客戶${phone}`, grade: 'B', phones: [phone] } });

  it('reads numbers typed without a country code in the user’s region: chosen, else from the time zone, else the installation’s', async () => {
    const me = async () => (await t.call('GET', '/api/v1/auth/me', { cookie })).json().user;
    expect(await me()).toMatchObject({ phoneRegion: null, phoneRegionInUse: 'CN' });
    // Under CN a Taiwanese mobile written nationally is no number at all.
    expect((await create('0912 345 678')).statusCode).toBe(400);
    // Moving to Taipei's time zone guesses TW.
    expect((await t.call('PATCH', '/api/v1/auth/me', { cookie, body: { timeZone: 'Asia/Taipei' } })).json().user.phoneRegionInUse).toBe('TW');
    const made = await create('0912 345 678');
    expect(made.statusCode, made.body).toBe(201);
    expect(made.json().prospect.phones).toEqual(['+886912345678']);
    // A region chosen beats the time zone; an unknown one is refused and changes nothing.
    expect((await t.call('PATCH', '/api/v1/auth/me', { cookie, body: { phoneRegion: 'hk' } })).json().user).toMatchObject({ phoneRegion: 'HK', phoneRegionInUse: 'HK' });
    expect((await create('5123 4567')).statusCode).toBe(201);
    expect((await t.call('PATCH', '/api/v1/auth/me', { cookie, body: { phoneRegion: 'XX' } })).statusCode).toBe(400);
    expect(await me()).toMatchObject({ phoneRegion: 'HK' });
    expect((await t.call('PATCH', '/api/v1/auth/me', { cookie, body: { phoneRegion: null } })).json().user.phoneRegionInUse).toBe('TW');
  });
});
