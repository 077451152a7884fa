import { GRACE_DAYS, OUTCOMES, addDays, periodIn, presetRange, weeksOf, type PeriodPreset } from '@pond/domain';
import type { Driver } from '../lib/driver.js';
import { defineScenario, type BenchContext, type OpParams } from './types.js';

/*
 * Coaching as a salesperson opens it: their own report, which counts every member of their team for the anonymous
 * medians (a team's table, as a manager's is). The bare baseline runs the statements that carry the work: touches
 * made per member and week, follow-ups due per member and week with whether each was kept, distinct prospects
 * touched, touches received from colleagues, and each book's counts. Pond also reads the overdue counts, the
 * orders, the pool's moves and the flag's window; those are in Pond's figure and not in the baseline's.
 */

const ZONE = 'Asia/Taipei';
const teamOf = new Map<number, number[]>();

interface CoachParams extends OpParams {
  members: number[];
  startsAt: string;
  endsAt: string;
  from: string;
  to: string;
  lateBefore: string;
  weekStarts: { at: string; day: string }[];
}

async function members(ctx: BenchContext): Promise<void> {
  if (teamOf.size) return;
  const rows = await ctx.driver.all<{ id: number; team_id: number | null }>("select id, team_id from users where role in ('salesperson', 'manager') and team_id is not null");
  const byTeam = new Map<number, number[]>();
  for (const r of rows) byTeam.set(Number(r.team_id), [...(byTeam.get(Number(r.team_id)) ?? []), Number(r.id)]);
  for (const r of rows) teamOf.set(Number(r.id), byTeam.get(Number(r.team_id))!);
}

const marks = (n: number) => Array.from({ length: n }, () => '?').join(', ');

/** The bare statements behind the report, run side by side as Pond runs its own. */
export async function coachingSql(driver: Driver, p: CoachParams): Promise<unknown> {
  const sqlite = driver.dialect === 'sqlite';
  const yes = sqlite ? 1 : true;
  const ids = p.members;
  const inIds = `(${marks(ids.length)})`;
  // Which week a row falls in, as Pond asks it: a balanced tree of comparisons with the weeks' starts.
  const week = (col: string, bounds: string[], params: string[]) => {
    const tree = (lo: number, hi: number): string => {
      if (lo === hi) return String(lo);
      const mid = Math.ceil((lo + hi) / 2);
      params.push(bounds[mid]!);
      return `(case when ${col} >= ? then ${tree(mid, hi)} else ${tree(lo, mid - 1)} end)`;
    };
    return tree(0, bounds.length - 1);
  };
  const atBounds = p.weekStarts.map((w) => w.at);
  const dayBounds = p.weekStarts.map((w) => w.day);
  const atParams: string[] = [];
  const dayParams: string[] = [];
  const atWeek = week('t.at', atBounds, atParams);
  const dayWeek = week('t.due_on', dayBounds, dayParams);
  const alone = 't.next_on is null';
  const by = sqlite ? `date(t.due_on, '+${GRACE_DAYS} day')` : `t.due_on + ${GRACE_DAYS}`;
  const kept = `t.next_on <= ${by}`;
  const missed = `(t.next_on is null or t.next_on > ${by})`;
  const made = driver.all(
    `select t.user_id, ${atWeek} as week, count(*) as touches,
       count(*) filter (where t.kind = 'first_contact') as first_contacts, count(*) filter (where t.kind = 'revisit') as revisits,
       count(*) filter (where t.kind = 'first_contact' and ${alone}) as touched_once, count(*) filter (where t.on_behalf = ?) as on_behalf,
       count(*) filter (where t.has_feedback = ?) as with_feedback,
       ${OUTCOMES.map((o) => `count(*) filter (where t.outcome = '${o}') as o_${o}`).join(', ')}
     from touches t where t.user_id in ${inIds} and t.at >= ? and t.at < ? group by t.user_id, week`,
    [...atParams, yes, yes, ...ids, p.startsAt, p.endsAt],
  );
  const touched = driver.all(
    `select t.user_id, count(distinct t.prospect_id) as prospects, min(t.at) filter (where t.kind = 'first_contact' and ${alone}) as once_since
     from touches t where t.user_id in ${inIds} and t.at >= ? and t.at < ? group by t.user_id`,
    [...ids, p.startsAt, p.endsAt],
  );
  const received = driver.all(
    `select t.owner_id, count(*) as c from touches t where t.owner_id in ${inIds} and t.user_id <> t.owner_id and t.at >= ? and t.at < ? group by t.owner_id`,
    [...ids, p.startsAt, p.endsAt],
  );
  const dues = driver.all(
    `select t.owner_id, ${dayWeek} as week, count(*) as due, count(*) filter (where ${kept}) as kept,
       count(*) filter (where ${missed} and t.due_on < ?) as late
     from touches t where t.owner_id in ${inIds} and t.due_on >= ? and t.due_on <= ? group by t.owner_id, week`,
    [...dayParams, p.lateBefore, ...ids, p.from, p.to],
  );
  const yearAgo = new Date(Date.parse(p.endsAt) - 365 * 86_400_000).toISOString();
  const books = driver.all(
    `select p.owner_id, count(*) as book, count(*) filter (where p.touch_count = 1) as once,
       count(*) filter (where (select count(*) from newsletter_copies c where c.prospect_id = p.id and c.state = 'accepted' and c.sent_at >= ? and c.sent_at < ?) >= 3) as covered
     from prospects p where p.owner_id in ${inIds} and p.disposition <> 'dropped' and p.archived_at is null group by p.owner_id`,
    [yearAgo, p.endsAt, ...ids],
  );
  return Promise.all([made, touched, received, dues, books]);
}

function scenario(name: string, preset: PeriodPreset, measures: string) {
  return defineScenario<CoachParams>({
    name,
    kind: 'http',
    measures,
    setup: members,
    pick(ctx, rng) {
      const u = rng.int(0, ctx.users.length - 1);
      const range = presetRange(preset, ctx.today);
      const period = periodIn(range.from, range.to, ZONE);
      const weeks = weeksOf(period, ZONE);
      return {
        u,
        members: teamOf.get(ctx.users[u]!.id) ?? [ctx.users[u]!.id],
        startsAt: period.startsAt,
        endsAt: period.endsAt,
        from: period.from,
        to: period.to,
        lateBefore: addDays(ctx.today, -GRACE_DAYS),
        weekStarts: weeks.map((w) => ({ at: w.startsAt, day: w.from })),
      };
    },
    request: () => ({ method: 'GET', path: `/api/v1/coaching?preset=${preset}` }),
    baseline: coachingSql,
  });
}

export const coachingQuarter = scenario('coaching:quarter', 'last_quarter', "Coaching over last quarter for a random salesperson: their row and their team's medians (the team of 10 and its manager counted)");
export const coachingYear = scenario('coaching:year', 'last_12_months', "Coaching over the last 12 months for a random salesperson, the team's medians included");
