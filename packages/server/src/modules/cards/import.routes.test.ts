import { describeEachDialect } from '@pond/db/testing';
import { beforeAll, describe, expect, it, vi } from 'vitest';
import { person, prospect } from '../../testing/factories.js';
import { createTestApp, type TestApp } from '../../testing/test-app.js';
import { SearchRepository } from '../search/search.repository.js';
import { TermWorker } from '../search/term-worker.js';

describeEachDialect('importing business cards', (ctx) => {
  let t: TestApp;
  let wei: string;
  let le: string;
  let weiId: number;
  let mineId: number;

  beforeAll(async () => {
    t = await createTestApp(ctx.database, { POND_DEFAULT_PHONE_REGION: 'CN' });
    ({ id: weiId, cookie: wei } = await person(t, 'salesperson', { email: 'wei@pond.test' }));
    ({ cookie: le } = await person(t, 'salesperson'));
    mineId = (await prospect(t, wei, { name: '陳經理', phones: ['13800138000'], grade: 'A' })).id;
    // Xiao Le's private prospect: an import by Xiao Wei may learn that the contact exists, never whose it is.
    await prospect(t, le, { name: '祕密客戶', emails: ['secret@hidden.cn'], grade: 'B' });
  });

  const db = () => ctx.database.db;
  const count = async (table: 'prospects' | 'audit_log' | 'prospect_history' | 'prospect_contacts') =>
    Number((await db().selectFrom(table).select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow()).n);
  const counts = async () => ({
    prospects: await count('prospects'),
    documents: await new SearchRepository().countDocuments(db()),
    audit: await count('audit_log'),
    history: await count('prospect_history'),
    contacts: await count('prospect_contacts'),
  });
  const importCards = (cookie: string, body: object, locale = 'en') =>
    t.call('POST', '/api/v1/prospects/import', { cookie, body, headers: { 'accept-language': locale } });
  const search = async (cookie: string, q: string) =>
    ((await t.call('GET', `/api/v1/search?q=${encodeURIComponent(q)}`, { cookie })).json().items as { prospect: { name: string } }[]).map((i) => i.prospect.name);

  const google =
    'First Name,Last Name,Organization Name,Organization Title,Labels,E-mail 1 - Value,Phone 1 - Value\n' +
    '志明,林,遠東紡織,採購經理,* myContacts ::: 展會,zhiming.lin@fe.com.tw,139 1234 5678\n' + // 2: new
    '經理,陳,,,,chen.new@example.com,+86 138 0013 8000\n' + // 3: Xiao Wei's own 陳經理, by phone
    'Buyer,Secret,,,,SECRET@hidden.cn,\n' + // 4: Xiao Le's prospect, by e-mail
    '春嬌,張,,,,zhiming.lin@fe.com.tw,\n' + // 5: same e-mail as line 2
    '無號碼,王,,,,,\n' + // 6: no phone, no e-mail
    '壞號,李,,,,,12345\n' + // 7: a phone that cannot exist
    'Wei,Xiao,Acme,,,xiao.wei@acme.com,\n'; // 8: new

  it('creates the new cards as the importer\'s prospects and reports every other card by line, in the reader\'s language', async () => {
    const before = await counts();
    const res = await importCards(wei, { content: google, tags: ['台北展2026'] }, 'zh-Hant');
    expect(res.statusCode).toBe(200);
    const r = res.json();
    expect(r).toMatchObject({ format: 'csv', cards: 7, created: 2, dryRun: false });
    expect(r.duplicates).toEqual([
      // Xiao Wei's own 陳經理 lacks the card's e-mail: the report says what an import could add to him.
      {
        line: 3,
        name: '陳經理',
        contact: '+8613800138000',
        inFileLine: null,
        existing: { id: mineId, name: '陳經理', owner: 'wei', mine: true },
        adds: { phones: [], emails: ['chen.new@example.com'], wechatId: null, title: null, company: null, notes: null },
      },
      { line: 4, name: 'Buyer Secret', contact: 'secret@hidden.cn', inFileLine: null, existing: null },
      { line: 5, name: '張春嬌', contact: 'zhiming.lin@fe.com.tw', inFileLine: 2, existing: null },
    ]);
    expect(JSON.stringify(r)).not.toContain('祕密客戶');
    expect(r.rejected).toEqual([
      { line: 6, name: '王無號碼', problems: [{ field: 'phones', reason: 'CONTACT_REQUIRED', message: '請至少提供一個電話、電郵或微信號。' }] },
      { line: 7, name: '李壞號', problems: [{ field: 'phones', reason: 'TOO_SHORT', message: '電話號碼太短。' }] },
    ]);
    const after = await counts();
    expect(after.prospects - before.prospects).toBe(2);
    expect(after.history - before.history).toBe(2);
    expect(after.contacts - before.contacts).toBe(3);
    expect(after.audit - before.audit).toBe(1);

    const lin = await db().selectFrom('prospects').selectAll().where('name', '=', '林志明').executeTakeFirstOrThrow();
    expect(lin).toMatchObject({ owner_id: weiId, collected_by_id: weiId, source: 'import', grade: 'unrated', company: '遠東紡織', title: '採購經理', disposition: 'continue', stage: 'prospect' });
    const detail = (await t.call('GET', `/api/v1/prospects/${lin.id}`, { cookie: wei })).json().prospect;
    expect(detail).toMatchObject({ phones: ['+8613912345678'], emails: ['zhiming.lin@fe.com.tw'], tags: ['台北展2026', '展會'] });
    expect((await t.call('GET', `/api/v1/prospects/${lin.id}`, { cookie: le })).statusCode).toBe(404);
    const audit = await db().selectFrom('audit_log').select(['actor_id', 'after_json']).where('action', '=', 'prospect.imported').executeTakeFirstOrThrow();
    const wang = await db().selectFrom('prospects').select('id').where('name', '=', 'Wei Xiao').executeTakeFirstOrThrow();
    expect(audit.actor_id).toBe(weiId);
    expect(JSON.parse(audit.after_json!)).toEqual({ format: 'csv', lines: [2, 8], created: 2, ids: [lin.id, wang.id] });
  });

  it('indexes the new prospects in the same write: found at once by every kind of fragment, and the documents equal a rebuild', async () => {
    for (const [q, n] of [['林志明', 1], ['志明', 1], ['lzm', 1], ['linzhiming', 1], ['遠東', 1], ['远东纺织', 1], ['5678', 1], ['zhiming.lin', 1], ['台北展', 2], ['xiao.wei', 1]] as const) {
      expect([q, (await search(wei, q)).length]).toEqual([q, n]);
      expect([q, (await search(le, q)).length]).toEqual([q, 0]);
    }
    const ids = (await db().selectFrom('prospects').select('id').where('source', '=', 'import').execute()).map((r) => r.id);
    const repo = new SearchRepository();
    // The terms and, on PostgreSQL, the stored fields: the import's own, then what a rebuild reads back.
    const rows = async () => Promise.all(ids.map(async (id) => [`${id} ${(await repo.tokensOf(db(), id))?.sort().join(' ')}`, await repo.storedOf(db(), id)]));
    const imported = await rows();
    expect(imported.map(([tokens]) => tokens).join(' ').split(' ').length).toBeGreaterThan(100);
    await repo.reindex(db(), ids);
    expect(await rows()).toEqual(imported);
  });

  it('importing the same file again creates nothing: every card is now a duplicate or refused', async () => {
    const before = await counts();
    const r = (await importCards(wei, { content: google })).json();
    expect(r.created).toBe(0);
    expect(r.duplicates.map((d: { line: number }) => d.line)).toEqual([2, 3, 4, 5, 8]);
    expect(await counts()).toEqual(before);
  });

  it('a dry run reports the same way and writes nothing', async () => {
    const before = await counts();
    const content = 'Name,Phone,E-mail\n周杰,13700001111,\n陳經理,13800138000,\n';
    const r = (await importCards(wei, { content, dryRun: true })).json();
    expect(r).toMatchObject({ cards: 2, created: 0, dryRun: true, rejected: [] });
    expect(r.duplicates).toMatchObject([{ line: 3, existing: { id: mineId } }]);
    expect(await counts()).toEqual(before);
  });

  it('reads vCards, and takes a grade written in the file', async () => {
    const vcf = ['BEGIN:VCARD', 'VERSION:3.0', 'N:黃;美玲;;;', 'FN:黃美玲', 'ORG:台積電', 'TEL;TYPE=CELL:+886 912 345 678', 'END:VCARD', ''].join('\r\n');
    const r = (await importCards(wei, { content: vcf, grade: 'B' })).json();
    expect(r).toMatchObject({ format: 'vcard', cards: 1, created: 1 });
    expect(await search(wei, 'hml')).toEqual(['黃美玲']);
    const csv = 'Name,Phone,Grade\n鄭成功,13700002222,a\n';
    expect((await importCards(wei, { content: csv })).json().created).toBe(1);
    expect((await db().selectFrom('prospects').select('grade').where('name', '=', '鄭成功').executeTakeFirstOrThrow()).grade).toBe('A');
  });

  it('reports cards skipped (a group, an empty row) and what was left out of created cards, in the dry run and the import alike', async () => {
    const vcf = [
      'BEGIN:VCARD', 'VERSION:2.1', 'N;CHARSET=UTF-8;ENCODING=QUOTED-PRINTABLE:=E5=AD=AB;=E6=82=9F=E7=A9=BA;;;', 'TEL;CELL;PREF:1-391-234-5601', 'END:VCARD',
      'BEGIN:VCARD', 'VERSION:4.0', 'KIND:group', 'FN:展會團隊', 'MEMBER:urn:uuid:1', 'END:VCARD',
      'BEGIN:VCARD', 'VERSION:4.0', 'FN:', 'EMAIL:buyer.only@example.com', 'END:VCARD', '',
    ].join('\r\n');
    const before = await counts();
    const dry = (await importCards(wei, { content: vcf, dryRun: true }, 'zh-Hans')).json();
    expect(dry).toMatchObject({ format: 'vcard', cards: 3, created: 0, rejected: [], duplicates: [] });
    expect(dry.skipped).toEqual([{ line: 6, name: '展會團隊', reason: 'GROUP', message: '这是群组或名单，不是个人。' }]);
    expect(dry.warnings).toEqual([
      { line: 12, name: 'buyer.only@example.com', id: null, warnings: [{ field: 'name', reason: 'NAMED_AFTER_EMAIL', message: '名片上没有姓名，以邮箱地址 buyer.only@example.com 命名。' }] },
    ]);
    expect(await counts()).toEqual(before);

    const r = (await importCards(wei, { content: vcf })).json();
    expect(r).toMatchObject({ cards: 3, created: 2, skipped: [{ line: 6, reason: 'GROUP', message: 'A group or list, not a person.' }] });
    const sun = await db().selectFrom('prospects').select('id').where('name', '=', '孫悟空').executeTakeFirstOrThrow();
    expect((await t.call('GET', `/api/v1/prospects/${sun.id}`, { cookie: wei })).json().prospect.phones).toEqual(['+8613912345601']);
    const buyer = await db().selectFrom('prospects').select('id').where('name', '=', 'buyer.only@example.com').executeTakeFirstOrThrow();
    expect(r.warnings).toEqual([{ line: 12, name: 'buyer.only@example.com', id: buyer.id, warnings: [expect.objectContaining({ reason: 'NAMED_AFTER_EMAIL' })] }]);

    // Excel's scientific notation: left out with a warning, the card imported by its e-mail; refused, saying why, when nothing is left.
    const csv = 'Name,Mobile,E-mail\r\n沙悟淨,1.39123E+10,wujing@example.com\r\n豬八戒,1.38001E+10,\r\n,,\r\n';
    const excel = (await importCards(wei, { content: csv }, 'en')).json();
    expect(excel).toMatchObject({ cards: 3, created: 1, skipped: [{ line: 4, reason: 'EMPTY' }] });
    expect(excel.warnings).toMatchObject([{ line: 2, name: '沙悟淨', warnings: [{ field: 'phones', reason: 'DIGITS_LOST', message: expect.stringContaining('1.39123E+10') }] }]);
    expect(excel.rejected).toEqual([
      { line: 3, name: '豬八戒', problems: [{ field: 'phones', reason: 'DIGITS_LOST', message: expect.stringMatching(/^The phone 1\.38001E\+10 was saved by a spreadsheet in scientific notation/) }] },
    ]);
  });

  it('writes a large import in chunks, every card indexed', async () => {
    const lines = Array.from({ length: 620 }, (_, i) => `批量${i},1390000${String(i).padStart(4, '0')}`);
    const before = await counts();
    const r = (await importCards(wei, { content: `姓名,手機\n${lines.join('\n')}\n` })).json();
    expect(r.created).toBe(620);
    expect((await counts()).prospects - before.prospects).toBe(620);
    expect((await counts()).audit - before.audit).toBe(3);
    for (const q of ['批量0', '批量619', '13900000619']) expect((await search(wei, q)).length).toBeGreaterThan(0);
  });

  it('answers as it goes when asked for lines: progress after each chunk, then the report; a file refused as a whole is a plain error', async () => {
    const lines = Array.from({ length: 560 }, (_, i) => `進度${i},1360000${String(i).padStart(4, '0')}`);
    const res = await t.call('POST', '/api/v1/prospects/import', { cookie: wei, body: { content: `姓名,手機\n${lines.join('\n')}\n` }, headers: { accept: 'application/x-ndjson' } });
    expect(res.statusCode, res.body).toBe(200);
    expect(res.headers['content-type']).toContain('application/x-ndjson');
    const answer = res.body.trim().split('\n').map((l) => JSON.parse(l));
    expect(answer.slice(0, -1)).toEqual([0, 250, 500, 560].map((done) => ({ progress: { done, total: 560 } })));
    expect(answer.at(-1).report).toMatchObject({ created: 560, cards: 560, dryRun: false });

    // Refused before anything is written: the status says so, as without lines.
    const refused = await t.call('POST', '/api/v1/prospects/import', { cookie: wei, body: { content: '公司,手機\n遠東,13900000001\n' }, headers: { accept: 'application/x-ndjson', 'accept-language': 'zh-Hant' } });
    expect(refused.statusCode).toBe(400);
    expect(refused.json().error.code).toBe('IMPORT_NO_NAME_COLUMN');
    // A dry run is one answer, whatever was asked.
    const dry = await t.call('POST', '/api/v1/prospects/import', { cookie: wei, body: { content: '姓名,手機\n試算,13900000002\n', dryRun: true }, headers: { accept: 'application/x-ndjson' } });
    expect(dry.headers['content-type']).toContain('application/json');
    expect(dry.json()).toMatchObject({ dryRun: true, cards: 1 });
  });

  it('writes the same search documents when a worker thread computes the terms of a large import', async () => {
    const imports = t.app.services.imports;
    const [from, asked] = [imports.termWorkerFrom, vi.spyOn(TermWorker.prototype, 'terms')];
    imports.termWorkerFrom = 1;
    try {
      const lines = Array.from({ length: 600 }, (_, i) => `工人${i},工場${i % 7}有限公司,zhang${i}@works.cn,1370000${String(i).padStart(4, '0')}`);
      const r = (await importCards(wei, { content: `姓名,公司,Email,手機\n${lines.join('\n')}\n` })).json();
      expect(r.created).toBe(600);
      // Three chunks sent to the worker; whether each came back before its chunk was written varies.
      expect(asked).toHaveBeenCalledTimes(3);
    } finally {
      imports.termWorkerFrom = from;
      asked.mockRestore();
    }
    const ids = (await db().selectFrom('prospects').select('id').where('name', 'like', '工人%').execute()).map((p) => p.id);
    const repo = new SearchRepository();
    const documents = async () => Promise.all(ids.map(async (id) => [(await repo.tokensOf(db(), id))?.sort().join(' '), await repo.storedOf(db(), id)]));
    const imported = await documents();
    await repo.reindex(db(), ids);
    expect(await documents()).toEqual(imported);
    expect((await search(wei, '工場3')).length).toBeGreaterThan(0);
  });

  it('adds what a matching card brings to the prospect only when asked, naming the import in its history', async () => {
    const fang = await prospect(t, wei, { name: '方經理', phones: ['13900001111'], grade: 'B' });
    const content = '姓名,手機,電郵,職稱,備註\n方經理,13900001111,fang@new.cn,採購主任,喜歡喝茶\n';
    const preview = (await importCards(wei, { content, dryRun: true })).json();
    expect(preview.duplicates).toEqual([
      { line: 2, name: '方經理', contact: '+8613900001111', inFileLine: null, existing: expect.objectContaining({ id: fang.id }), adds: { phones: [], emails: ['fang@new.cn'], wechatId: null, title: '採購主任', company: null, notes: '喜歡喝茶' } },
    ]);
    // Another salesperson, who may not see it, learns only that the phone is known.
    const hidden = (await importCards(le, { content, dryRun: true })).json();
    expect(hidden.duplicates[0]).toEqual({ line: 2, name: '方經理', contact: '+8613900001111', inFileLine: null, existing: null });
    expect((await importCards(le, { content, enrich: 'all' })).json().duplicates[0].enriched).toBeUndefined();

    const plain = await importCards(wei, { content });
    expect(plain.json().duplicates[0].enriched).toBeUndefined();
    const read = async () => (await t.call('GET', `/api/v1/prospects/${fang.id}`, { cookie: wei })).json().prospect;
    expect(await read()).toMatchObject({ emails: [], title: null, notes: null });

    const done = (await importCards(wei, { content, enrich: [2] })).json();
    expect(done.duplicates[0]).toMatchObject({ line: 2, enriched: true });
    expect(await read()).toMatchObject({ phones: ['+8613900001111'], emails: ['fang@new.cn'], title: '採購主任', notes: '喜歡喝茶' });
    const history = await db().selectFrom('prospect_history').select(['field', 'after_value']).where('prospect_id', '=', fang.id).where('field', '=', 'enriched').execute();
    expect(history).toHaveLength(1);
    expect(JSON.parse(history[0]!.after_value!)).toMatchObject({ via: 'import', format: 'csv', line: 2, emails: ['fang@new.cn'] });
    expect(await search(wei, 'fang@new')).toContain('方經理');
    // The same file again brings nothing new.
    expect((await importCards(wei, { content, dryRun: true })).json().duplicates[0].adds).toBeUndefined();

    // Two imports at once, each with an e-mail of its own: both are added, neither overwrites the other.
    const one = '姓名,手機,電郵\n方經理,13900001111,fang.one@new.cn\n';
    const two = '姓名,手機,電郵\n方經理,13900001111,fang.two@new.cn\n';
    const both = await Promise.all([importCards(wei, { content: one, enrich: 'all' }), importCards(wei, { content: two, enrich: 'all' })]);
    expect(both.map((r) => r.statusCode)).toEqual([200, 200]);
    expect([...(await read()).emails].sort()).toEqual(['fang.one@new.cn', 'fang.two@new.cn', 'fang@new.cn']);
    expect((await importCards(wei, { content, enrich: 'yes' })).statusCode).toBe(400);
  });

  it('lets the importer say what unknown columns hold: the preview shows every column with samples, and the mapping decides', async () => {
    // A spreadsheet of its own making: no header the importer knows as a name, phone or note.
    const content = '客戶,行動,公司名,客戶分級,拜訪心得\n柯文豪,13700005551,遠東紡織,VIP,喜歡週末來店\n簡淑芬,13700005552,,一般,\n';
    const refused = await importCards(wei, { content, dryRun: true }, 'zh-Hant');
    expect(refused.statusCode).toBe(400);
    expect(refused.json().error.code).toBe('IMPORT_NO_NAME_COLUMN');
    const columns = refused.json().error.details[0].columns;
    expect(columns.map((c: { header: string; role: string | null }) => [c.header, c.role])).toEqual([
      ['客戶', null],
      ['行動', null],
      ['公司名', null],
      ['客戶分級', null],
      ['拜訪心得', null],
    ]);
    expect(columns[0].samples).toEqual(['柯文豪', '簡淑芬']);
    expect(columns[2].samples).toEqual(['遠東紡織']);

    const mapping = { 客戶: 'name', 行動: 'phone', 公司名: 'company', 拜訪心得: 'notes', 客戶分級: 'ignore' };
    const before = await counts();
    const preview = await importCards(wei, { content, dryRun: true, columns: mapping });
    expect(preview.statusCode).toBe(200);
    expect(preview.json()).toMatchObject({ cards: 2, rejected: [], dryRun: true });
    expect(preview.json().columns.map((c: { role: string | null }) => c.role)).toEqual(['name', 'phone', 'company', null, 'notes']);
    expect(await counts()).toEqual(before);
    const done = await importCards(wei, { content, columns: mapping });
    expect(done.json()).toMatchObject({ created: 2 });
    const ke = await db().selectFrom('prospects').select(['id', 'company', 'notes']).where('name', '=', '柯文豪').executeTakeFirstOrThrow();
    expect(ke).toMatchObject({ company: '遠東紡織', notes: '喜歡週末來店' });
    // A role that does not exist is refused, like any bad input.
    expect((await importCards(wei, { content, columns: { 客戶: 'owner' } })).statusCode).toBe(400);
  });

  describe('refuses a file it cannot read, with a localised message, and changes nothing', () => {
    it.each([
      ['Company,Phone\nAcme,13700003333\n', 'zh-Hans', 400, 'IMPORT_NO_NAME_COLUMN', 'CSV 没有姓名列'],
      ['   \n', 'en', 400, 'IMPORT_EMPTY', 'The file holds no cards.'],
      ['Name,Phone\n"open,13700003333\n', 'zh-Hant', 400, 'IMPORT_UNREADABLE', '無法以 CSV 或 vCard 格式讀取此檔案。'],
    ])('%j', async (content, locale, status, code, message) => {
      const before = await counts();
      const res = await importCards(wei, { content }, locale);
      expect(res.statusCode).toBe(status);
      expect(res.json().error.code).toBe(code);
      expect(res.json().error.message).toContain(message);
      expect(await counts()).toEqual(before);
    });

    it('an unknown option', async () => {
      const before = await counts();
      const res = await importCards(wei, { content: 'Name,Phone\n甲,13700004444\n', ownerId: 1 });
      expect(res.statusCode).toBe(400);
      expect(await counts()).toEqual(before);
    });
  });
});
