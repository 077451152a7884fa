import { applyTouch, DEFAULT_INTERVAL_POLICY, type ClockProspect } from '@pond/domain';
import type { Driver } from '../lib/driver.js';
import { extras, visibleOne } from './prospect-sql.js';
import { defineScenario, type OpParams } from './types.js';

interface LogTouchParams extends OpParams {
  userId: number;
  email: string;
  prospectId: number;
}

interface Row {
  id: number;
  owner_id: number | null;
  grade: ClockProspect['grade'];
  importance: ClockProspect['importance'];
  disposition: ClockProspect['disposition'];
  resume_on: string | null;
  interval_days: number | null;
  last_touch_at: string | null;
  explicit_next_on: string | null;
  touch_count: number;
}

/**
 * The SQL behind POST /api/v1/prospects/:id/touches, in one transaction: load the visible prospect and the
 * owner's time zone, decide first contact or revisit, insert the touch, reset the clock on the prospect,
 * write the audit entry, then read the prospect's extras (the touch and the row are answered as written).
 */
export async function logTouchSql(driver: Driver, a: LogTouchParams): Promise<unknown> {
  const bool = (b: boolean) => (driver.dialect === 'sqlite' ? (b ? 1 : 0) : b);
  return driver.transaction(async (tx) => {
    const visible = visibleOne(a.userId);
    const [row] = await tx.all<Row>(`select p.* from prospects p where p.id = ? and ${visible.where}`, [a.prospectId, ...visible.params]);
    if (!row) throw new Error(`prospect ${a.prospectId} not visible to ${a.userId}`);
    const now = new Date().toISOString();
    const [zone] = await tx.all<{ time_zone: string | null }>('select time_zone from users where id = ?', [row.owner_id ?? a.userId]);
    const earlier = row.touch_count > 0 && (await tx.all('select 1 from touches where prospect_id = ? and at <= ? limit 1', [a.prospectId, now])).length > 0;
    const [touch] = await tx.all<{ id: number }>(
      `insert into touches (prospect_id, user_id, on_behalf, channel, direction, at, kind, summary, feedback, receptivity, sale_made,
         relationship_kept, outcome, lessons, next_contact_on, created_at)
       values (?, ?, ?, 'call', 'outbound', ?, ?, 'bench', null, null, ?, ?, 'success', null, null, ?) returning id`,
      [a.prospectId, a.userId, bool(row.owner_id !== a.userId), now, earlier ? 'revisit' : 'first_contact', bool(false), bool(true), now],
    );
    const clock = applyTouch(
      {
        grade: row.grade, importance: row.importance, disposition: row.disposition, resumeOn: row.resume_on,
        intervalDays: row.interval_days, lastTouchAt: row.last_touch_at, explicitNextOn: row.explicit_next_on,
      },
      { at: now, nextContactOn: null },
      { policy: DEFAULT_INTERVAL_POLICY, timeZone: zone?.time_zone ?? 'Asia/Taipei' },
    );
    await tx.run('update prospects set touch_count = ?, last_touch_at = ?, explicit_next_on = ?, next_due_on = ?, updated_at = ? where id = ?', [
      row.touch_count + 1, clock.lastTouchAt, clock.explicitNextOn, clock.nextDueOn, now, a.prospectId,
    ]);
    await tx.run(
      `insert into audit_log (at, actor_id, actor_label, action, entity_type, entity_id, before_json, after_json, ip)
       values (?, ?, ?, 'touch.logged', 'prospect', ?, null, ?, '127.0.0.1')`,
      [now, a.userId, a.email, String(a.prospectId), JSON.stringify({ touchId: touch!.id, channel: 'call', nextDueOn: clock.nextDueOn })],
    );
    // Pond answers with the touch and the row as it wrote them; only the extras are read.
    return { touch: touch!.id, clock, more: await extras(tx, [a.prospectId]) };
  });
}

export default defineScenario<LogTouchParams>({
  name: 'log-touch',
  kind: 'http',
  writes: true,
  measures: 'log a call on one of the salesperson\'s prospects: insert the touch and reset the clock in one transaction',
  pick(ctx, rng) {
    const u = rng.int(0, ctx.users.length - 1);
    const user = ctx.users[u]!;
    return { u, userId: user.id, email: user.email, prospectId: rng.pick(user.owned) };
  },
  request: (_ctx, p) => ({
    method: 'POST',
    path: `/api/v1/prospects/${p.prospectId}/touches`,
    body: { channel: 'call', direction: 'outbound', at: new Date().toISOString(), summary: 'bench', relationshipKept: true },
  }),
  baseline: logTouchSql,
});
