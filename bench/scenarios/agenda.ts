import type { Driver } from '../lib/driver.js';
import { extras, latestTouches, SUMMARY } from './prospect-sql.js';
import { defineScenario, type OpParams } from './types.js';

interface AgendaParams extends OpParams {
  ownerId: number;
  today: string;
  thisWeekEnd: string;
  nextWeekEnd: string;
}

const LIMIT = 20;
const LIVE = "p.owner_id = ? and p.disposition <> 'dropped' and p.archived_at is null";
const PAUSED_AHEAD = "(p.disposition = 'pause' and p.resume_on > ?)";

/** Each agenda section as (predicate, its parameters after the owner). */
function sections(a: AgendaParams): Array<[string, unknown[]]> {
  return [
    ['p.next_due_on < ?', [a.today]],
    ['p.next_due_on = ?', [a.today]],
    ['p.next_due_on > ? and p.next_due_on <= ?', [a.today, a.thisWeekEnd]],
    ['p.next_due_on > ? and p.next_due_on <= ?', [a.thisWeekEnd, a.nextWeekEnd]],
    [`p.touch_count = 1 and (p.next_due_on is null or p.next_due_on > ?) and not ${PAUSED_AHEAD}`, [a.nextWeekEnd, a.today]],
    [`p.next_due_on is null and (p.touch_count <> 1 or ${PAUSED_AHEAD})`, [a.today]],
  ];
}

/** As Pond reads it: through the agenda index (owner, grade, importance, due date) on SQLite, whose planner would pick another. */
const source = (driver: Driver) => (driver.dialect === 'sqlite' ? '(select * from prospects indexed by prospects_agenda)' : 'prospects');

/**
 * The SQL behind GET /api/v1/today: per section 20 rows in agenda order, one pass counting every section,
 * then the rows' extras and last touches.
 */
export async function agendaSql(driver: Driver, a: AgendaParams): Promise<unknown> {
  const parts = sections(a);
  const counts = driver.all(
    `select ${parts.map(([where], i) => `count(*) filter (where ${where}) as s${i}`).join(', ')} from ${source(driver)} p where ${LIVE}`,
    [...parts.flatMap(([, params]) => params), a.ownerId],
  );
  const rows = await Promise.all(
    parts.map(([where, params]) =>
      driver.all<{ id: number }>(
        `select ${SUMMARY} from prospects p where p.id in (select p.id from ${source(driver)} p where ${LIVE} and ${where} order by p.grade, p.importance, p.next_due_on, p.id limit ?)
          order by p.grade, p.importance, p.next_due_on, p.id`,
        [a.ownerId, ...params, LIMIT],
      ),
    ),
  );
  const ids = rows.flatMap((r) => r.map((row) => row.id));
  const [more, latest] = await Promise.all([extras(driver, ids), latestTouches(driver, ids)]);
  return { rows, counts: await counts, more, latest };
}

export default defineScenario<AgendaParams>({
  name: 'agenda',
  kind: 'http',
  measures: "Today (今日待辦) for a random salesperson: six sections of up to 20 rows with counts, extras and each row's last touch",
  pick(ctx, rng) {
    const u = rng.int(0, ctx.users.length - 1);
    return { u, ownerId: ctx.users[u]!.id, today: ctx.today, thisWeekEnd: ctx.thisWeekEnd, nextWeekEnd: ctx.nextWeekEnd };
  },
  request: () => ({ method: 'GET', path: '/api/v1/today' }),
  baseline: agendaSql,
});
