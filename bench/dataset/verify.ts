import { DEFAULT_INTERVAL_POLICY, nextDueOn, type ClockProspect } from '@pond/domain';
import type { Driver } from '../lib/driver.js';
import { Rng } from '../lib/rng.js';

interface ProspectRow {
  id: number;
  grade: ClockProspect['grade'];
  importance: ClockProspect['importance'];
  disposition: ClockProspect['disposition'];
  resume_on: string | null;
  interval_days: number | null;
  touch_count: number;
  last_touch_at: string | Date | null;
  explicit_next_on: string | Date | null;
  next_due_on: string | Date | null;
}

const asDate = (v: string | Date | null) => (v === null ? null : typeof v === 'string' ? v.slice(0, 10) : localDate(v));
const asInstant = (v: string | Date | null) => (v === null ? null : new Date(v).toISOString());
// pg hands dates back as local-midnight Date objects; format them without a time-zone shift.
const localDate = (d: Date) => `${d.getFullYear()}-${String(d.getMonth() + 1).padStart(2, '0')}-${String(d.getDate()).padStart(2, '0')}`;

/**
 * Re-derives the clock of a sample of prospects from their stored touches with Pond's own domain rules
 * (nextDueOn) and compares it with what was loaded. Returns the mismatches (none expected).
 */
export async function verifyClocks(driver: Driver, prospects: number, sample = 300): Promise<string[]> {
  const rng = new Rng(99);
  const problems: string[] = [];
  for (let i = 0; i < sample; i++) {
    const id = rng.int(1, prospects);
    const [p] = await driver.all<ProspectRow>(
      'select id, grade, importance, disposition, resume_on, interval_days, touch_count, last_touch_at, explicit_next_on, next_due_on from prospects where id = ?',
      [id],
    );
    if (!p) continue;
    const touches = await driver.all<{ at: string | Date; kind: string; next_contact_on: string | Date | null }>(
      'select at, kind, next_contact_on from touches where prospect_id = ? order by at, id',
      [id],
    );
    const last = touches.at(-1);
    const state: ClockProspect = {
      grade: p.grade, importance: p.importance, disposition: p.disposition, resumeOn: asDate(p.resume_on),
      intervalDays: p.interval_days, lastTouchAt: last ? asInstant(last.at) : null,
      explicitNextOn: last ? asDate(last.next_contact_on) : null,
    };
    const due = nextDueOn(state, { policy: DEFAULT_INTERVAL_POLICY, timeZone: 'Asia/Taipei' });
    const expect = { count: touches.length, last: state.lastTouchAt, due };
    const got = { count: Number(p.touch_count), last: asInstant(p.last_touch_at), due: asDate(p.next_due_on) };
    if (JSON.stringify(expect) !== JSON.stringify(got)) problems.push(`prospect ${id}: expected ${JSON.stringify(expect)}, stored ${JSON.stringify(got)}`);
    if (touches.length && touches.filter((t) => t.kind === 'first_contact').length !== 1) problems.push(`prospect ${id}: not exactly one first contact`);
    if (touches[0] && touches[0].kind !== 'first_contact') problems.push(`prospect ${id}: earliest touch is not the first contact`);
  }
  return problems;
}

/** How the owned, non-dropped book sits around `today`, for the load report. */
export async function agendaShape(driver: Driver, today: string, nextWeekEnd: string): Promise<Record<string, number>> {
  const [row] = await driver.all<Record<string, number | string>>(
    `select
       sum(case when next_due_on < ? then 1 else 0 end) as overdue,
       sum(case when next_due_on = ? then 1 else 0 end) as due_today,
       sum(case when next_due_on > ? and next_due_on <= ? then 1 else 0 end) as due_by_next_week_end,
       sum(case when touch_count = 1 then 1 else 0 end) as touched_once,
       sum(case when next_due_on is null then 1 else 0 end) as no_next_date,
       count(*) as owned_open
     from prospects where owner_id is not null and disposition <> 'dropped'`,
    [today, today, today, nextWeekEnd],
  );
  return Object.fromEntries(Object.entries(row ?? {}).map(([k, v]) => [k, Number(v)]));
}
