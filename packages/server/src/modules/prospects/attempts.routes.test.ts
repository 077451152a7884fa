import { describeEachDialect } from '@pond/db/testing';
import { beforeAll, expect, it } from 'vitest';
import { LONG_SESSIONS, person } from '../../testing/factories.js';
import { createTestApp, type TestApp } from '../../testing/test-app.js';

describeEachDialect('attempts: a call that did not reach the person', (ctx) => {
  let t: TestApp;
  let wei: string;
  let far: string;

  beforeAll(async () => {
    t = await createTestApp(ctx.database, { POND_DEFAULT_TIME_ZONE: 'Asia/Taipei', POND_DEFAULT_PHONE_REGION: 'TW', ...LONG_SESSIONS });
    t.clock.set('2026-11-20T02:00:00.000Z');
    ({ cookie: wei } = await person(t, 'salesperson'));
    ({ cookie: far } = await person(t, 'salesperson'));
  });

  it('keeps the try on the timeline, leaves the clock’s touches alone and asks to retry tomorrow', async () => {
    const made = await t.call('POST', '/api/v1/prospects', { cookie: wei, body: { name: '張先生', grade: 'B', phones: ['0912 345 670'] } });
    const id = made.json().prospect.id as number;
    expect((await t.call('POST', `/api/v1/prospects/${id}/touches`, { cookie: wei, body: { channel: 'call', relationshipKept: true, summary: '介紹新車', nextContactOn: '2026-11-25' } })).statusCode).toBe(201);
    const before = await ctx.database.db.selectFrom('prospects').select(['touch_count', 'last_touch_at', 'next_due_on']).where('id', '=', id).executeTakeFirstOrThrow();
    // A week late, the call goes unanswered.
    t.clock.set('2026-12-01T02:00:00.000Z');
    const tried = await t.call('POST', `/api/v1/prospects/${id}/attempts`, { cookie: wei, body: { result: 'no_answer', note: '響了很久沒人接' } });
    expect(tried.statusCode, tried.body).toBe(201);
    expect(tried.json().prospect.nextDueOn).toBe('2026-12-02');
    const after = await ctx.database.db.selectFrom('prospects').select(['touch_count', 'last_touch_at', 'next_due_on']).where('id', '=', id).executeTakeFirstOrThrow();
    expect(after).toEqual({ touch_count: before.touch_count, last_touch_at: before.last_touch_at, next_due_on: '2026-12-02' });
    const timeline = (await t.call('GET', `/api/v1/prospects/${id}/timeline`, { cookie: wei })).json().items as { type: string; change?: { field: string; after: unknown } }[];
    expect(timeline[0]).toMatchObject({ type: 'change', change: { field: 'attempt', after: { channel: 'call', result: 'no_answer', note: '響了很久沒人接', retryOn: '2026-12-02' } } });
    // The next touch that reaches them is a revisit of the first, not a second first contact.
    const reached = await t.call('POST', `/api/v1/prospects/${id}/touches`, { cookie: wei, body: { channel: 'call', relationshipKept: true, summary: '約了試乘' } });
    expect(reached.json().touch.kind).toBe('revisit');
    // A retry in the past, and a prospect someone else may not see, change nothing.
    expect((await t.call('POST', `/api/v1/prospects/${id}/attempts`, { cookie: wei, body: { result: 'busy', retryOn: '2026-11-30' } })).statusCode).toBe(400);
    expect((await t.call('POST', `/api/v1/prospects/${id}/attempts`, { cookie: far, body: { result: 'busy' } })).statusCode).toBe(404);
  });
});
