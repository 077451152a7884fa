import { sql } from 'kysely';
import { expect, it } from 'vitest';
import { prepared, statementName } from './prepared.js';
import { describeEachDialect, postgresTarget } from './testing.js';

const now = '2026-11-26T08:00:00.000Z';

describeEachDialect('prepared queries', (ctx) => {
  const byIds = prepared((db, p: { ids: number[]; active: boolean; limit: number }) =>
    db.selectFrom('users').select(['email']).where('id', 'in', p.ids).where('active', '=', p.active).orderBy('id').limit(p.limit),
  );

  async function addUsers(prefix = 'p'): Promise<number[]> {
    const ids: number[] = [];
    for (const [i, active] of [true, false, true, true].entries()) {
      const row = await ctx.database.db
        .insertInto('users')
        .values({ email: `${prefix}${i}@example.com`, display_name: `P${i}`, role: 'salesperson', password_hash: 'x', active, created_at: now, updated_at: now })
        .returning('id')
        .executeTakeFirstOrThrow();
      ids.push(row.id);
    }
    return ids;
  }

  it('runs the compiled query with each call\'s values, lists of any length and booleans included', async () => {
    const ids = await addUsers();
    const { db } = ctx.database;
    expect(await byIds.all(db, { ids: [ids[0]!, ids[1]!], active: true, limit: 10 })).toEqual([{ email: 'p0@example.com' }]);
    expect(await byIds.all(db, { ids: [ids[0]!, ids[1]!], active: false, limit: 10 })).toEqual([{ email: 'p1@example.com' }]);
    expect(await byIds.all(db, { ids, active: true, limit: 2 })).toEqual([{ email: 'p0@example.com' }, { email: 'p2@example.com' }]);
    expect(await byIds.first(db, { ids: [ids[3]!], active: true, limit: 1 })).toEqual({ email: 'p3@example.com' });
    await db.transaction().execute(async (trx) => {
      expect(await byIds.all(trx, { ids: [ids[2]!, ids[3]!], active: true, limit: 5 })).toHaveLength(2);
    });
  });

  it('names each compiled text, and a PostgreSQL server connection keeps it as a named statement', async () => {
    const ids = await addUsers('n');
    const { db } = ctx.database;
    const text = byIds.compile(db, { ids: [ids[0]!], active: true, limit: 3 }).sql;
    const name = statementName(text);
    expect(name).toMatch(/^pond_\d+$/);
    expect(statementName(`${text} `)).toBeUndefined();
    if (ctx.dialect !== 'postgres' || postgresTarget() !== 'server') return;
    // One connection for both: the statement lives in the server session that parsed it.
    await db.connection().execute(async (conn) => {
      expect(await byIds.all(conn, { ids: [ids[0]!], active: true, limit: 3 })).toEqual([{ email: 'n0@example.com' }]);
      expect(await byIds.all(conn, { ids: [ids[2]!], active: true, limit: 3 })).toEqual([{ email: 'n2@example.com' }]);
      const held = await sql<{ name: string; statement: string }>`select name, statement from pg_prepared_statements`.execute(conn);
      expect(held.rows).toContainEqual({ name, statement: text });
    });
  });

  it('refuses, in tests, to reuse SQL for arguments whose structure the shape does not describe', async () => {
    const { db } = ctx.database;
    // The builder branches on a value but gives no shape: the first call's SQL would be reused wrongly.
    const careless = prepared((d, p: { role: string }, args) => {
      const q = d.selectFrom('users').select('id');
      return args.role === 'admin' ? q : q.where('role', '=', p.role as 'salesperson');
    });
    await careless.all(db, { role: 'admin' });
    await expect(careless.all(db, { role: 'salesperson' })).rejects.toThrow(/different shape/);
    const careful = prepared(
      (d, p: { role: string }, args) => {
        const q = d.selectFrom('users').select('id');
        return args.role === 'admin' ? q : q.where('role', '=', p.role as 'salesperson');
      },
      (args) => (args.role === 'admin' ? 'all' : 'one role'),
    );
    await careful.all(db, { role: 'admin' });
    const salespeople = await db.selectFrom('users').select('id').where('role', '=', 'salesperson').execute();
    expect(await careful.all(db, { role: 'salesperson' })).toEqual(salespeople);
    expect(await careful.all(db, { role: 'admin' })).toHaveLength((await db.selectFrom('users').select('id').execute()).length);
  });
});
