import type { Driver } from '../lib/driver.js';
import { extras, TOUCH_COLUMNS, visibleOne } from './prospect-sql.js';
import { defineScenario, type OpParams } from './types.js';

interface DetailParams extends OpParams {
  userId: number;
  prospectId: number;
}

/** The SQL behind GET /api/v1/prospects/:id: the record if visible, its extras, and its latest 20 touches. */
export async function detailSql(driver: Driver, a: DetailParams): Promise<unknown> {
  const visible = visibleOne(a.userId);
  const [prospect] = await driver.all(`select p.* from prospects p where p.id = ? and ${visible.where}`, [a.prospectId, ...visible.params]);
  if (!prospect) return null;
  const [more, touches] = await Promise.all([
    extras(driver, [a.prospectId]),
    driver.all(
      `select ${TOUCH_COLUMNS}, u.display_name as user_name from touches t left join users u on u.id = t.user_id
        where t.prospect_id = ? order by t.at desc, t.id desc limit ?`,
      [a.prospectId, 20],
    ),
  ]);
  return { prospect, more, touches };
}

export default defineScenario<DetailParams>({
  name: 'detail',
  kind: 'http',
  measures: 'one prospect the salesperson owns, with contacts, tags, colleagues and the latest 20 touches',
  pick(ctx, rng) {
    const u = rng.int(0, ctx.users.length - 1);
    const user = ctx.users[u]!;
    return { u, userId: user.id, prospectId: rng.pick(user.owned) };
  },
  request: (_ctx, p) => ({ method: 'GET', path: `/api/v1/prospects/${p.prospectId}` }),
  baseline: detailSql,
});
