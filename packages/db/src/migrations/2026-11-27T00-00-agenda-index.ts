import { sql, type Kysely } from 'kysely';

/**
 * The agenda reads one owner's live prospects by due date and sorts each section by grade and
 * importance. This partial index holds exactly those rows with every column the sections filter and
 * sort on, so counts and the ordered ids come from the index alone; only the 50 rows shown per
 * section are read from the table.
 */
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createIndex('prospects_agenda_live')
    .on('prospects')
    .columns(['owner_id', 'next_due_on', 'grade', 'importance', 'touch_count', 'disposition', 'resume_on', 'id'])
    .where(sql.ref('disposition'), '!=', 'dropped')
    .where(sql.ref('archived_at'), 'is', null)
    .execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropIndex('prospects_agenda_live').execute();
}
