import type { Executor } from '@pond/db';
import { nameKey } from '@pond/domain';
import { sql } from 'kysely';
import { SUMMARY_COLUMNS, visibleTo, type ProspectScope } from '../prospects/prospects.queries.js';
import type { ProspectRowSummary } from '../prospects/prospects.repository.js';

/** Puts the actor's own prospects first among equals. */
const mineFirst = (actorId: number) => sql<number>`case when p.owner_id = ${actorId} then 0 else 1 end`;

/**
 * Name keys and the records that may be the same person. Every read of prospects goes through the visibility
 * predicate inside the SQL, so a count or a list never includes what the actor may not see. Archived records
 * are left out, as search leaves them out: they are out of the working book and cannot be merged.
 */
export class DuplicatesRepository {
  /**
   * Per name key, the first `perKey` unarchived prospects the scope lets the actor see with that key (the actor's own
   * first), and how many there are in all, counted in the same scope. Answered from the (name_key, owner_id, id)
   * index: one short range per key. The keys come distinct and non-empty (`DuplicatesService.sameNames`).
   */
  async sameNames(db: Executor, keys: string[], scope: ProspectScope, actorId: number, perKey: number) {
    if (!keys.length) return [];
    const ranked = db
      .selectFrom('prospects as p')
      .select(['p.id', 'p.name', 'p.owner_id', 'p.name_key'])
      .select([
        sql<number>`row_number() over (partition by p.name_key order by ${mineFirst(actorId)}, p.id)`.as('rank'),
        sql<number>`count(*) over (partition by p.name_key)`.as('total'),
      ])
      .where('p.name_key', 'in', keys)
      .where('p.archived_at', 'is', null)
      .where(visibleTo(scope));
    const rows = await db.selectFrom(ranked.as('m')).selectAll().where('m.rank', '<=', perKey).orderBy('m.name_key').orderBy('m.rank').execute();
    return rows.map((r) => ({ id: r.id, name: r.name, owner_id: r.owner_id, name_key: r.name_key ?? '', total: Number(r.total) }));
  }

  /** The other prospects holding one of these phones or e-mails (at most `limit` rows), before any visibility check. */
  async contactSharers(db: Executor, id: number, phones: string[], emails: string[], limit: number): Promise<{ prospect_id: number; kind: 'phone' | 'email' }[]> {
    if (!phones.length && !emails.length) return [];
    return db
      .selectFrom('prospect_contacts')
      .select(['prospect_id', 'kind'])
      .where((eb) =>
        eb.or([
          ...(phones.length ? [eb.and([eb('kind', '=', 'phone'), eb('value', 'in', phones)])] : []),
          ...(emails.length ? [eb.and([eb('kind', '=', 'email'), eb('value', 'in', emails)])] : []),
        ]),
      )
      .where('prospect_id', '!=', id)
      .limit(limit)
      .execute();
  }

  /**
   * Unarchived prospects other than `id` that the scope lets the actor see, with the name key or among `sharers`
   * (those sharing a contact first, then the actor's own, then the oldest): the first `limit`, and how many in all.
   */
  async sameNameOrContact(
    db: Executor,
    a: { id: number; key: string; sharers: number[]; scope: ProspectScope; actorId: number; limit: number },
  ): Promise<{ rows: (ProspectRowSummary & { name_key: string | null })[]; total: number }> {
    if (!a.key && !a.sharers.length) return { rows: [], total: 0 };
    let q = db
      .selectFrom('prospects as p')
      .select([...SUMMARY_COLUMNS, 'p.name_key'])
      .select(sql<number>`count(*) over ()`.as('total'))
      .where('p.id', '!=', a.id)
      .where('p.archived_at', 'is', null)
      .where((eb) => eb.or([...(a.key ? [eb('p.name_key', '=', a.key)] : []), ...(a.sharers.length ? [eb('p.id', 'in', a.sharers)] : [])]))
      .where(visibleTo(a.scope));
    if (a.sharers.length) q = q.orderBy(sql`case when p.id in (${sql.join(a.sharers)}) then 0 else 1 end`);
    const rows = await q.orderBy(mineFirst(a.actorId)).orderBy('p.id').limit(a.limit).execute();
    return { rows: rows.map(({ total: _total, ...r }) => r), total: Number(rows[0]?.total ?? 0) };
  }

  /** Whether any prospect still lacks its name key (written before the column existed). */
  async hasUnkeyedNames(db: Executor): Promise<boolean> {
    return (await db.selectFrom('prospects').select('id').where('name_key', 'is', null).limit(1).executeTakeFirst()) !== undefined;
  }

  /** Names and keys of the prospects after `afterId`, in id order: a walk of the primary key. */
  async namesAfter(db: Executor, afterId: number, limit: number): Promise<{ id: number; name: string; name_key: string | null }[]> {
    return db.selectFrom('prospects').select(['id', 'name', 'name_key']).where('id', '>', afterId).orderBy('id').limit(limit).execute();
  }

  async namesOf(db: Executor, ids: number[]): Promise<{ id: number; name: string; name_key: string | null }[]> {
    if (!ids.length) return [];
    return db.selectFrom('prospects').select(['id', 'name', 'name_key']).where('id', 'in', ids).execute();
  }

  /** Folds the names of the given prospects again and writes the keys that differ; returns how many changed. */
  async rekey(db: Executor, ids: number[]): Promise<number> {
    const rows = await this.namesOf(db, ids);
    const changed = rows.map((r) => ({ id: r.id, name: r.name, key: nameKey(r.name), was: r.name_key })).filter((r) => r.key !== r.was);
    await this.writeNameKeys(db, changed);
    return changed.length;
  }

  /**
   * Writes name keys in one statement. Each key is written only while its row still has the name it was folded
   * from, so a rename committed meanwhile (which wrote its own key) is never overwritten with a stale one.
   * Neither the version nor `updated_at` moves: the key is derived data, not a change to the record.
   */
  async writeNameKeys(db: Executor, rows: { id: number; name: string; key: string }[]): Promise<void> {
    if (!rows.length) return;
    const whens = sql.join(
      rows.map((r) => sql`when id = ${r.id} and name = ${r.name} then ${r.key}`),
      sql` `,
    );
    await db
      .updateTable('prospects')
      .set({ name_key: sql<string>`case ${whens} else name_key end` })
      .where('id', 'in', rows.map((r) => r.id))
      .execute();
  }
}
