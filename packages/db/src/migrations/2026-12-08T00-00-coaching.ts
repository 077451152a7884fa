import { sql, type Kysely } from 'kysely';
import { columnTypes } from './column-types.js';

/**
 * Coaching reads each touch as its owner's calendar saw it: whose book the prospect was in when it was touched
 * (`owner_id`), the day it fell on in that owner's calendar (`local_on`) and the next contact it set (`due_on`), so a
 * follow-up that came due and whether it was kept can be counted from the touches alone, after owners change.
 * Touches written before these columns get the prospect's owner, the UTC day, and their explicit date (the latest
 * touch of each prospect: the due date the prospect shows now).
 * Each touch also keeps the day of the prospect's next touch (`next_on`), which answers both "was this follow-up
 * kept" and "was this first contact ever followed" from an index; it is rewritten for the prospect's chain under its
 * row lock whenever a touch is added or two records merge.
 */
export async function up(db: Kysely<any>): Promise<void> {
  const t = columnTypes(db);
  await db.schema
    .alterTable('touches')
    .addColumn('owner_id', t.refType, (c) => c.references('users.id'))
    .execute();
  await db.schema.alterTable('touches').addColumn('local_on', t.date).execute();
  await db.schema.alterTable('touches').addColumn('due_on', t.date).execute();
  // The day of the prospect's next touch (null while this is the latest), and whether the prospect's own words were
  // recorded: kept with each touch so a follow-up's outcome and the counts are read from an index, not per row.
  await db.schema.alterTable('touches').addColumn('next_on', t.date).execute();
  await db.schema.alterTable('touches').addColumn('has_feedback', t.bool, (c) => c.notNull().defaultTo(t.falseValue)).execute();
  await sql`update touches set owner_id = case when on_behalf = ${t.falseValue} then user_id else (select p.owner_id from prospects p where p.id = touches.prospect_id) end`.execute(db);
  if (t.sqlite) await sql`update touches set local_on = substr(at, 1, 10), due_on = next_contact_on`.execute(db);
  else await sql`update touches set local_on = (at at time zone 'UTC')::date, due_on = next_contact_on`.execute(db);
  await sql`update touches set due_on = (select p.next_due_on from prospects p where p.id = touches.prospect_id)
    where id = (select t2.id from touches t2 where t2.prospect_id = touches.prospect_id order by t2.at desc, t2.id desc limit 1)`.execute(db);
  await sql`update touches set has_feedback = ${t.trueValue} where feedback is not null and feedback <> ''`.execute(db);
  await db.schema.dropIndex('touches_prospect_at').execute();
  await db.schema.createIndex('touches_prospect_at').on('touches').columns(['prospect_id', 'at', 'id', 'local_on']).execute();
  await sql`update touches set next_on = (select n.local_on from touches n where n.prospect_id = touches.prospect_id and (n.at, n.id) > (touches.at, touches.id) order by n.at, n.id limit 1)`.execute(db);
  // The touches made in a member's book (received on the company's behalf) and the follow-ups due in it, the latter
  // with what deciding whether each was kept reads, so both are answered from the indexes alone.
  await db.schema.createIndex('touches_owner_at').on('touches').columns(['owner_id', 'at', 'user_id']).execute();
  await db.schema.createIndex('touches_owner_due').on('touches').columns(['owner_id', 'due_on', 'next_on']).execute();
  // A member's touches in time order with everything their counts read.
  await db.schema.dropIndex('touches_user_at').execute();
  await db.schema.createIndex('touches_user_at').on('touches').columns(['user_id', 'at', 'kind', 'on_behalf', 'outcome', 'has_feedback', 'next_on', 'prospect_id']).execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropIndex('touches_user_at').execute();
  await db.schema.createIndex('touches_user_at').on('touches').columns(['user_id', 'at']).execute();
  await db.schema.dropIndex('touches_prospect_at').execute();
  await db.schema.createIndex('touches_prospect_at').on('touches').columns(['prospect_id', 'at', 'id']).execute();
  await db.schema.dropIndex('touches_owner_due').execute();
  await db.schema.dropIndex('touches_owner_at').execute();
  for (const c of ['has_feedback', 'next_on', 'due_on', 'local_on', 'owner_id']) await db.schema.alterTable('touches').dropColumn(c).execute();
}
