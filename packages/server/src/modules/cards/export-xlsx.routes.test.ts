import { describeEachDialect } from '@pond/db/testing';
import { exportHeaders } from '@pond/domain';
import ExcelJS from 'exceljs';
import { beforeAll, expect, it } from 'vitest';
import { person, prospect, touches } from '../../testing/factories.js';
import { createTestApp, type TestApp } from '../../testing/test-app.js';
import { EXPORT_PAGE } from './export.service.js';

/** The workbook's first sheet, read back the way a spreadsheet program reads the file. */
async function sheetOf(bytes: Buffer): Promise<ExcelJS.Worksheet> {
  const book = new ExcelJS.Workbook();
  await book.xlsx.load(bytes as unknown as ArrayBuffer);
  return book.worksheets[0]!;
}

/** The sheet's rows after the header, each as its cells (1-based like a spreadsheet's columns). */
const dataRows = (sheet: ExcelJS.Worksheet) => {
  const rows: ExcelJS.Row[] = [];
  sheet.eachRow((row, n) => n > 1 && rows.push(row));
  return rows;
};

describeEachDialect('exporting the prospect book as an Excel workbook', (ctx) => {
  let t: TestApp;
  let wei: string;
  let le: string;
  let admin: string;

  beforeAll(async () => {
    t = await createTestApp(ctx.database, { POND_DEFAULT_PHONE_REGION: 'CN' });
    t.clock.set('2026-11-26T20:00:00.000Z');
    ({ cookie: wei } = await person(t, 'salesperson', { timeZone: 'Asia/Taipei', phoneRegion: 'CN' }));
    ({ cookie: le } = await person(t, 'salesperson'));
    ({ cookie: admin } = await person(t, 'admin'));

    const formula = await prospect(t, wei, { name: '=1+1', phones: ['+14155550150'], grade: 'A', importance: 'key', tags: ['-VIP'], notes: '@SUM(A1:A2)' });
    await touches(t, wei, formula.id, [{ channel: 'visit', at: '2026-11-26T17:30:00.000Z' }]);
    await prospect(t, wei, { name: '林小姐', phones: ['138 0013 8000', '+886912345678'], emails: ['lin@example.com'], company: '+Plus 公司', grade: 'C' });
    await prospect(t, le, { name: '祕密客戶', phones: ['139 0013 9000'], grade: 'A' });
  });

  const db = () => ctx.database.db;
  const exportXlsx = (cookie: string | undefined, query = '', locale = 'en') =>
    t.call('GET', `/api/v1/prospects/export.xlsx${query ? `?${query}` : ''}`, { ...(cookie && { cookie }), headers: { 'accept-language': locale } });
  const lastAudit = async () =>
    JSON.parse((await db().selectFrom('audit_log').select('after_json').where('action', '=', 'prospect.exported').orderBy('id', 'desc').executeTakeFirstOrThrow()).after_json!);

  it('refuses a caller who is not signed in, and a filter that is not one', async () => {
    expect((await exportXlsx(undefined)).statusCode).toBe(401);
    expect((await exportXlsx(wei, 'grade=Z')).statusCode).toBe(400);
  });

  it('is a workbook with a bold, frozen header row in the reader’s language and columns wide enough to read', async () => {
    const res = await exportXlsx(wei, '', 'zh-Hant');
    expect(res.statusCode, res.body).toBe(200);
    expect(res.headers['content-type']).toBe('application/vnd.openxmlformats-officedocument.spreadsheetml.sheet');
    expect(res.headers['content-disposition']).toBe('attachment; filename="pond-prospects-2026-11-27.xlsx"');
    expect(res.headers['cache-control']).toBe('no-store');
    expect(res.rawPayload.subarray(0, 2).toString()).toBe('PK');
    const sheet = await sheetOf(res.rawPayload);
    expect(sheet.name).toBe('潛在客戶');
    expect(sheet.views[0]).toMatchObject({ state: 'frozen', ySplit: 1 });
    const header = sheet.getRow(1);
    expect((header.values as unknown[]).slice(1)).toEqual(exportHeaders('zh-Hant'));
    header.eachCell((cell) => expect(cell.font?.bold).toBe(true));
    expect(sheet.getRow(2).getCell(1).font?.bold).toBeFalsy();
    expect(sheet.columns.map((c) => c.width)).toEqual(expect.arrayContaining([20, 40]));
    for (const column of sheet.columns) expect(column.width).toBeGreaterThanOrEqual(8);
    expect(dataRows(sheet).map((r) => r.getCell(11).value)).toEqual(['重點客戶', '一般']);
  });

  it('writes text as text, never a formula, with no quote in front; dates as dates; the touch count as a number', async () => {
    const sheet = await sheetOf((await exportXlsx(wei)).rawPayload);
    const [formula, lin] = dataRows(sheet);
    const cell = (row: ExcelJS.Row | undefined, header: string) => row!.getCell(exportHeaders('en').indexOf(header) + 1);

    // A name a spreadsheet would run, written as the plain string it is.
    expect(cell(formula, 'Name').type).toBe(ExcelJS.ValueType.String);
    expect(cell(formula, 'Name').value).toBe('=1+1');
    expect(cell(formula, 'Name').formula).toBeUndefined();
    expect(cell(formula, 'Notes').value).toBe('@SUM(A1:A2)');
    expect(cell(formula, 'Tags').value).toBe('-VIP');
    // Phones keep every digit and their +, as strings in a column formatted as text.
    expect(cell(formula, 'Phones').type).toBe(ExcelJS.ValueType.String);
    expect(cell(formula, 'Phones').value).toBe('+14155550150');
    expect(cell(formula, 'Phones').numFmt).toBe('@');
    expect(cell(lin, 'Phones').value).toBe('+8613800138000; +886912345678');
    expect(cell(lin, 'Company').value).toBe('+Plus 公司');

    expect(cell(formula, 'Touches').type).toBe(ExcelJS.ValueType.Number);
    expect(cell(formula, 'Touches').value).toBe(1);
    expect(cell(lin, 'Touches').value).toBe(0);
    // Dated in Xiao Wei's calendar (Taipei): a real date, shown as YYYY-MM-DD.
    expect(cell(formula, 'Last touch').type).toBe(ExcelJS.ValueType.Date);
    expect(cell(formula, 'Last touch').value).toEqual(new Date('2026-11-27T00:00:00.000Z'));
    expect(cell(formula, 'Last touch').numFmt).toBe('yyyy-mm-dd');
    expect(cell(formula, 'Next contact').type).toBe(ExcelJS.ValueType.Date);
    expect(cell(lin, 'Last touch').value).toBeNull();

    // Not one cell of the sheet is a formula.
    sheet.eachRow((row) => row.eachCell((c) => expect([c.address, c.type]).not.toEqual([c.address, ExcelJS.ValueType.Formula])));
  });

  it('holds what the list shows each user and nothing else, audited like the CSV', async () => {
    const names = async (cookie: string) => dataRows(await sheetOf((await exportXlsx(cookie)).rawPayload)).map((r) => r.getCell(1).value);
    expect(await names(wei)).toEqual(['=1+1', '林小姐']);
    expect(await lastAudit()).toEqual({ filter: {}, rows: 2, complete: true, format: 'xlsx' });
    expect(await names(le)).toEqual(['祕密客戶']);
    expect(await names(admin)).toEqual(['=1+1', '林小姐', '祕密客戶']);
    expect(await names(wei)).not.toContain('祕密客戶');
    const filtered = dataRows(await sheetOf((await exportXlsx(wei, 'grade=C')).rawPayload));
    expect(filtered.map((r) => r.getCell(1).value)).toEqual(['林小姐']);
    expect(await lastAudit()).toEqual({ filter: { grade: ['C'] }, rows: 1, complete: true, format: 'xlsx' });
  });

  it('writes only the columns asked for, in the order asked', async () => {
    const sheet = await sheetOf((await exportXlsx(wei, 'columns=touchCount,phones,name')).rawPayload);
    expect((sheet.getRow(1).values as unknown[]).slice(1)).toEqual(['Touches', 'Phones', 'Name']);
    expect(dataRows(sheet).map((r) => (r.values as unknown[]).slice(1))).toEqual([
      [1, '+14155550150', '=1+1'],
      [0, '+8613800138000; +886912345678', '林小姐'],
    ]);
    expect(await lastAudit()).toMatchObject({ format: 'xlsx', columns: ['touchCount', 'phones', 'name'] });
  });

  it('streams a large book page by page, each prospect exactly once', async () => {
    const { id: bigId, cookie: big } = await person(t, 'salesperson', { email: 'big@pond.test' });
    const n = EXPORT_PAGE * 2 + 37;
    const lines = Array.from({ length: n }, (_, i) => `批量${String(i).padStart(4, '0')},1370000${String(i).padStart(4, '0')}`);
    expect((await t.call('POST', '/api/v1/prospects/import', { cookie: big, body: { content: `姓名,手機\n${lines.join('\n')}\n` } })).json().created).toBe(n);

    const user = (await t.app.services.users.findByEmail('big@pond.test'))!;
    const actor = { userId: bigId, email: user.email, displayName: user.displayName, role: user.role, teamId: null, locale: null, timeZone: null, phoneRegion: null, via: 'cli' as const };
    const file = await t.app.services.exports.xlsx(actor, {}, { ip: null, userAgent: null }, 'en');
    const pieces: Buffer[] = [];
    const readWhenHanded: number[] = [];
    for await (const piece of file.chunks) {
      pieces.push(piece);
      readWhenHanded.push(file.rows);
    }
    // The first bytes leave before the last page is read: the book is never held whole.
    expect(readWhenHanded[0]).toBeLessThan(n);
    expect(pieces.length).toBeGreaterThanOrEqual(2);
    expect(file.rows).toBe(n);
    const rows = dataRows(await sheetOf(Buffer.concat(pieces)));
    expect(rows.map((r) => r.getCell(1).value)).toEqual(lines.map((l) => l.split(',')[0]));
    expect(rows[n - 1]!.getCell(4).value).toBe(`+861370000${String(n - 1).padStart(4, '0')}`);
    expect(await lastAudit()).toEqual({ filter: {}, rows: n, complete: true, format: 'xlsx' });
  });
});
