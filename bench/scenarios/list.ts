import type { Driver } from '../lib/driver.js';
import { extras, SUMMARY, visibility } from './prospect-sql.js';
import { defineScenario, type OpParams } from './types.js';

interface ListParams extends OpParams {
  userId: number;
  /** Keyset position for the SQL baseline; null is the first page. */
  after: { value: string; id: number } | null;
  /** Pond's opaque cursor for the same page depth; null is the first page. */
  cursor: string | null;
}

const LIMIT = 50;
// Null due dates sort last through the same stand-in value Pond uses, so the keyset stays total.
const KEY = "coalesce(p.next_due_on, '9999-12-31')";

/** The SQL behind GET /api/v1/prospects?grade=A&sort=nextDueOn&order=asc&limit=50[&cursor]: one keyset page plus extras. */
export async function listSql(driver: Driver, a: ListParams): Promise<unknown> {
  const visible = await visibility(driver, a.userId);
  const keyset = a.after ? `and (${KEY} > ? or (${KEY} = ? and p.id > ?))` : '';
  const params: unknown[] = [...visible.params, 'A'];
  if (a.after) params.push(a.after.value, a.after.value, a.after.id);
  const rows = await driver.all<{ id: number }>(
    `select ${SUMMARY} from prospects p where ${visible.where} and p.archived_at is null and p.grade in (?) ${keyset}
      order by ${KEY} asc, p.id asc limit ?`,
    [...params, LIMIT + 1],
  );
  const more = await extras(driver, rows.slice(0, LIMIT).map((r) => r.id));
  return { rows, more };
}

export default defineScenario<ListParams>({
  name: 'list',
  kind: 'http',
  measures: "a page of the salesperson's grade-A prospects by next due date (keyset pagination: pages 1-3)",
  async setup(ctx) {
    // Keyset positions after rows 50 and 100, for the SQL baseline's pages 2 and 3.
    for (const user of ctx.users) {
      const visible = await visibility(ctx.driver, user.id);
      const rows = await ctx.driver.all<{ k: string; id: number }>(
        `select cast(${KEY} as text) as k, p.id from prospects p where ${visible.where} and p.archived_at is null and p.grade = 'A'
          order by ${KEY}, p.id limit 51 offset 49`,
        visible.params,
      );
      user.listKeys = [rows[0], rows[50]].filter((r) => r !== undefined).map((r) => ({ value: r.k, id: Number(r.id) }));
    }
    // Pond's cursors are opaque: follow its own nextCursor for pages 2 and 3.
    if (!ctx.pond || !ctx.available.get('list')) return;
    for (const user of ctx.users) {
      let path = '/api/v1/prospects?grade=A&sort=nextDueOn&order=asc&limit=50';
      for (let page = 0; page < 2; page++) {
        const res = await ctx.pond({ method: 'GET', path }, user);
        const next = (res.body as { nextCursor?: string | null } | null)?.nextCursor;
        if (res.status !== 200 || !next) break;
        user.cursors.push(next);
        path = `/api/v1/prospects?grade=A&sort=nextDueOn&order=asc&limit=50&cursor=${encodeURIComponent(next)}`;
      }
    }
  },
  pick(ctx, rng) {
    const u = rng.int(0, ctx.users.length - 1);
    const user = ctx.users[u]!;
    const page = rng.int(0, 2);
    return {
      u,
      userId: user.id,
      after: page === 0 || !user.listKeys.length ? null : user.listKeys[Math.min(page, user.listKeys.length) - 1]!,
      cursor: page === 0 || !user.cursors.length ? null : user.cursors[Math.min(page, user.cursors.length) - 1]!,
    };
  },
  request: (_ctx, p) => ({
    method: 'GET',
    path: `/api/v1/prospects?grade=A&sort=nextDueOn&order=asc&limit=50${p.cursor ? `&cursor=${encodeURIComponent(p.cursor)}` : ''}`,
  }),
  baseline: listSql,
});
