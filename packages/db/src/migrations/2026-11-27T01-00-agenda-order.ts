import { sql, type Kysely } from 'kysely';

/**
 * The agenda's partial index, keyed in agenda order instead of by due date: (owner, grade, importance,
 * due date). Each section wants its first 20 rows in that order; walking one owner's entries in order and
 * stopping at the 20th that falls in the section reads a few dozen entries for the large sections (overdue,
 * touched once) where the due-date order read all of a section's entries and sorted them (measured at
 * 100,000 prospects: touched once 0.84 ms median / 6.5 ms p95 → 0.20 / 0.29). Counting still reads all of
 * the owner's entries once, from this index alone.
 */
const AGENDA_INDEX = 'prospects_agenda';

export async function up(db: Kysely<any>): Promise<void> {
  await db.schema.dropIndex('prospects_agenda_live').execute();
  await db.schema
    .createIndex(AGENDA_INDEX)
    .on('prospects')
    .columns(['owner_id', 'grade', 'importance', 'next_due_on', 'touch_count', 'disposition', 'resume_on', 'id'])
    .where(sql.ref('disposition'), '!=', 'dropped')
    .where(sql.ref('archived_at'), 'is', null)
    .execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropIndex(AGENDA_INDEX).execute();
  await db.schema
    .createIndex('prospects_agenda_live')
    .on('prospects')
    .columns(['owner_id', 'next_due_on', 'grade', 'importance', 'touch_count', 'disposition', 'resume_on', 'id'])
    .where(sql.ref('disposition'), '!=', 'dropped')
    .where(sql.ref('archived_at'), 'is', null)
    .execute();
}
