import { describeEachDialect } from '@pond/db/testing';
import { beforeAll, expect, it } from 'vitest';
import { person } from '../../testing/factories.js';
import { createTestApp, type TestApp } from '../../testing/test-app.js';

describeEachDialect('a prospect’s notes', (ctx) => {
  let t: TestApp;
  let wei: string;

  beforeAll(async () => {
    t = await createTestApp(ctx.database, { POND_DEFAULT_TIME_ZONE: 'Asia/Taipei', POND_DEFAULT_PHONE_REGION: 'TW' });
    ({ cookie: wei } = await person(t, 'salesperson'));
  });

  it('are kept from the form and from a card’s remarks, edited with their history, and exported', async () => {
    const made = await t.call('POST', '/api/v1/prospects', { cookie: wei, body: { name: '陳太太', grade: 'B', phones: ['0912 345 601'], notes: '車展認識\n想換七人座' } });
    expect(made.statusCode, made.body).toBe(201);
    const p = made.json().prospect;
    expect(p.notes).toBe('車展認識\n想換七人座');
    const edited = await t.call('PATCH', `/api/v1/prospects/${p.id}`, { cookie: wei, body: { version: p.version, notes: '七人座，預算一百萬內' } });
    expect(edited.json().prospect?.notes ?? edited.json().notes).toBe('七人座，預算一百萬內');
    const history = await ctx.database.db.selectFrom('prospect_history').select(['before_value', 'after_value']).where('prospect_id', '=', p.id).where('field', '=', 'notes').execute();
    expect(history).toEqual([{ before_value: JSON.stringify('車展認識\n想換七人座'), after_value: JSON.stringify('七人座，預算一百萬內') }]);
    // A vCard's NOTE becomes the notes of the prospect it makes.
    const vcf = ['BEGIN:VCARD', 'VERSION:3.0', 'FN:林先生', 'TEL;TYPE=CELL:0912 345 602', 'NOTE:台北車展認識\\, 對電動車有興趣', 'END:VCARD', ''].join('\r\n');
    const imported = await t.call('POST', '/api/v1/prospects/import', { cookie: wei, body: { content: vcf } });
    expect(imported.statusCode, imported.body).toBe(200);
    const lin = await ctx.database.db.selectFrom('prospects').select('notes').where('name', '=', '林先生').executeTakeFirstOrThrow();
    expect(lin.notes).toBe('台北車展認識, 對電動車有興趣');
    const csv = await t.call('GET', '/api/v1/prospects/export', { cookie: wei, headers: { 'accept-language': 'en' } });
    expect(csv.body.split('\r\n')[0]).toContain('Notes');
    expect(csv.body).toContain('七人座，預算一百萬內');
  });

  it('exports the list as vCard 3.0 cards under the same visibility, audited', async () => {
    const { cookie: far } = await person(t, 'salesperson', { email: 'far@pond.test' });
    await t.call('POST', '/api/v1/prospects', { cookie: far, body: { name: '別人的客戶', grade: 'B', phones: ['0912 345 699'] } });
    const res = await t.call('GET', '/api/v1/prospects/export.vcf', { cookie: wei });
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toMatch(/^text\/vcard/);
    expect(res.headers['content-disposition']).toMatch(/\.vcf"$/);
    expect(res.body).toContain('FN:陳太太');
    expect(res.body).toContain('NOTE:七人座，預算一百萬內');
    expect(res.body).toContain('TEL;TYPE=CELL:+886912345601');
    expect(res.body).not.toContain('別人的客戶');
    const audit = await ctx.database.db.selectFrom('audit_log').select('after_json').where('action', '=', 'prospect.exported').orderBy('id', 'desc').executeTakeFirstOrThrow();
    expect(JSON.parse(audit.after_json!)).toMatchObject({ format: 'vcard', complete: true });
  });

  it('exports everything held about one prospect for a data-subject request, to those who see it, audited', async () => {
    const chen = await ctx.database.db.selectFrom('prospects').select('id').where('name', '=', '陳太太').executeTakeFirstOrThrow();
    expect((await t.call('POST', `/api/v1/prospects/${chen.id}/touches`, { cookie: wei, body: { channel: 'call', relationshipKept: true, feedback: '她比較在意油耗' } })).statusCode).toBe(201);
    const res = await t.call('GET', `/api/v1/prospects/${chen.id}/privacy-export`, { cookie: wei });
    expect(res.statusCode, res.body).toBe(200);
    expect(res.headers['content-disposition']).toMatch(new RegExp(`pond-prospect-${chen.id}-\\d{4}-\\d{2}-\\d{2}\\.json`));
    const body = res.json();
    expect(body.prospect).toMatchObject({ id: chen.id, name: '陳太太', notes: '七人座，預算一百萬內', phones: ['+886912345601'] });
    expect(body.timeline.some((e: { type: string; touch?: { feedback: string } }) => e.type === 'touch' && e.touch?.feedback === '她比較在意油耗')).toBe(true);
    expect(body.timeline.some((e: { type: string; change?: { field: string } }) => e.change?.field === 'notes')).toBe(true);
    expect(body.vcard).toContain('FN:陳太太');
    expect(body).toMatchObject({ orders: [], invitations: [] });
    const far = await t.login('far@pond.test');
    expect((await t.call('GET', `/api/v1/prospects/${chen.id}/privacy-export`, { cookie: far })).statusCode).toBe(404);
    const audit = await ctx.database.db.selectFrom('audit_log').select(['action', 'entity_id']).where('action', '=', 'prospect.privacy_exported').execute();
    expect(audit).toEqual([{ action: 'prospect.privacy_exported', entity_id: String(chen.id) }]);
  });
});
