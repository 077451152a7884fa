import { lockedForUpdate, onSqlite, type Executor, type NewsletterCopiesTable, type NewsletterIssuesTable } from '@pond/db';
import { sql, type Insertable, type Selectable, type Updateable } from 'kysely';
import type { CopyState, IssueCounts } from '@pond/domain';

export type IssueRow = Selectable<NewsletterIssuesTable>;
export type CopyRow = Selectable<NewsletterCopiesTable>;

/** Who looks at issues: an admin sees every one; others their own, their managed teams' and those they sign copies of. */
export interface IssueViewer {
  all: boolean;
  userId: number;
  managedTeams: number[];
}

/** What the audience rule reads of each prospect. */
export interface AudienceFacts {
  id: number;
  name: string;
  stage: string;
  ownerId: number | null;
  disposition: string;
  archived: boolean;
  consent: string;
  email: string | null;
  colleagues: number[];
}

export const EMPTY_COUNTS: IssueCounts = { recipients: 0, excluded: 0, planned: 0, claimed: 0, sending: 0, accepted: 0, retry: 0, failed: 0, suppressed: 0, unknown: 0, notesWritten: 0 };

/** States in which a copy counts against a prospect's caps: it reached them, or may have. */
const COUNTED: CopyState[] = ['claimed', 'sending', 'accepted', 'unknown'];

/** Only this file speaks SQL for newsletters. */
export class NewslettersRepository {
  private issues(db: Executor, v: IssueViewer) {
    let q = db.selectFrom('newsletter_issues as i').selectAll('i');
    if (!v.all) {
      q = q.where((eb) =>
        eb.or([
          eb('i.author_id', '=', v.userId),
          ...(v.managedTeams.length ? [eb('i.team_id', 'in', v.managedTeams)] : []),
          eb.exists(eb.selectFrom('newsletter_copies as c').select(eb.lit(1).as('one')).whereRef('c.issue_id', '=', 'i.id').where('c.signer_id', '=', v.userId)),
        ]),
      );
    }
    return q;
  }

  async list(db: Executor, v: IssueViewer, q: { state?: string; signerId?: number; before?: number; limit: number }): Promise<IssueRow[]> {
    let s = this.issues(db, v);
    if (q.signerId !== undefined) {
      const signer = q.signerId;
      s = s.where((eb) => eb.exists(eb.selectFrom('newsletter_copies as c').select(eb.lit(1).as('one')).whereRef('c.issue_id', '=', 'i.id').where('c.signer_id', '=', signer)));
    }
    if (q.state) s = s.where('i.state', '=', q.state as IssueRow['state']);
    if (q.before !== undefined) s = s.where('i.id', '<', q.before);
    return s.orderBy('i.id', 'desc').limit(q.limit).execute();
  }

  async find(db: Executor, v: IssueViewer, id: number): Promise<IssueRow | undefined> {
    return this.issues(db, v).where('i.id', '=', id).executeTakeFirst();
  }

  async findAny(db: Executor, id: number): Promise<IssueRow | undefined> {
    return db.selectFrom('newsletter_issues').selectAll().where('id', '=', id).executeTakeFirst();
  }

  /** The issue locked until the transaction ends: every change to it, its list or its notes takes this first. */
  async lock(db: Executor, id: number): Promise<IssueRow | undefined> {
    return lockedForUpdate(db, db.selectFrom('newsletter_issues as i').selectAll('i').where('i.id', '=', id), 'i').executeTakeFirst();
  }

  async insert(db: Executor, row: Insertable<NewsletterIssuesTable>): Promise<number> {
    return (await db.insertInto('newsletter_issues').values(row).returning('id').executeTakeFirstOrThrow()).id;
  }

  /** One conditional statement: changed only in the state and at the version read. */
  async update(db: Executor, id: number, patch: Updateable<NewsletterIssuesTable>, expect: { version: number; states?: readonly IssueRow['state'][] }): Promise<boolean> {
    let q = db.updateTable('newsletter_issues').set({ ...patch, version: expect.version + 1 }).where('id', '=', id).where('version', '=', expect.version);
    if (expect.states) q = q.where('state', 'in', expect.states);
    const r = await q.executeTakeFirst();
    return Number(r.numUpdatedRows) > 0;
  }

  async counts(db: Executor, ids: number[]): Promise<Map<number, IssueCounts>> {
    const out = new Map<number, IssueCounts>();
    if (!ids.length) return out;
    const rows = await db
      .selectFrom('newsletter_copies')
      .select(['issue_id', 'state', (eb) => eb.fn.countAll<number>().as('n'), (eb) => eb.fn.count<number>('note').as('notes')])
      .where('issue_id', 'in', ids)
      .groupBy(['issue_id', 'state'])
      .execute();
    for (const r of rows) {
      const c = out.get(r.issue_id) ?? { ...EMPTY_COUNTS };
      const n = Number(r.n);
      if (r.state === 'excluded') c.excluded += n;
      else {
        c.recipients += n;
        c[r.state] += n;
        c.notesWritten += Number(r.notes);
      }
      out.set(r.issue_id, c);
    }
    return out;
  }

  /** Copies signed by one user per issue, and how many carry their note. */
  async mine(db: Executor, ids: number[], userId: number): Promise<Map<number, { recipients: number; notes: number }>> {
    if (!ids.length) return new Map();
    const rows = await db
      .selectFrom('newsletter_copies')
      .select(['issue_id', (eb) => eb.fn.countAll<number>().as('n'), (eb) => eb.fn.count<number>('note').as('notes')])
      .where('issue_id', 'in', ids)
      .where('signer_id', '=', userId)
      .where('state', '!=', 'excluded')
      .groupBy('issue_id')
      .execute();
    return new Map(rows.map((r) => [r.issue_id, { recipients: Number(r.n), notes: Number(r.notes) }]));
  }

  // ---- The audience -------------------------------------------------------------------------------------------

  /** What the audience rule needs of each prospect: contact, consent, stage, owner and linked colleagues. */
  async audienceFacts(db: Executor, ids: number[]): Promise<AudienceFacts[]> {
    const out: AudienceFacts[] = [];
    for (let i = 0; i < ids.length; i += 500) {
      const chunk = ids.slice(i, i + 500);
      const [rows, emails, links] = await Promise.all([
        db.selectFrom('prospects').select(['id', 'name', 'stage', 'owner_id', 'disposition', 'archived_at', 'newsletter_consent']).where('id', 'in', chunk).execute(),
        db.selectFrom('prospect_contacts').select(['prospect_id', 'value', 'position']).where('prospect_id', 'in', chunk).where('kind', '=', 'email').orderBy('prospect_id').orderBy('position').execute(),
        db.selectFrom('prospect_colleagues').select(['prospect_id', 'user_id']).where('prospect_id', 'in', chunk).execute(),
      ]);
      const firstEmail = new Map<number, string>();
      for (const e of emails) if (!firstEmail.has(e.prospect_id)) firstEmail.set(e.prospect_id, e.value);
      const linked = new Map<number, number[]>();
      for (const l of links) linked.set(l.prospect_id, [...(linked.get(l.prospect_id) ?? []), l.user_id]);
      for (const r of rows) {
        out.push({
          id: r.id,
          name: r.name,
          stage: r.stage,
          ownerId: r.owner_id,
          disposition: r.disposition,
          archived: r.archived_at !== null,
          consent: r.newsletter_consent,
          email: firstEmail.get(r.id) ?? null,
          colleagues: linked.get(r.id) ?? [],
        });
      }
    }
    return out;
  }

  /** Each (prospect, user)'s latest touch, for choosing who knows a prospect best. */
  async latestTouches(db: Executor, prospectIds: number[]): Promise<Map<number, Map<number, string>>> {
    const out = new Map<number, Map<number, string>>();
    for (let i = 0; i < prospectIds.length; i += 500) {
      const rows = await db
        .selectFrom('touches')
        .select(['prospect_id', 'user_id', (eb) => eb.fn.max('at').as('last')])
        .where('prospect_id', 'in', prospectIds.slice(i, i + 500))
        .groupBy(['prospect_id', 'user_id'])
        .execute();
      for (const r of rows) {
        const m = out.get(r.prospect_id) ?? new Map<number, string>();
        m.set(r.user_id, String(r.last));
        out.set(r.prospect_id, m);
      }
    }
    return out;
  }

  /** Active users among these, with what a signature needs. */
  async signers(db: Executor, ids: number[]) {
    if (!ids.length) return new Map<number, SignerRow>();
    const rows = await db.selectFrom('users').select(['id', 'display_name', 'email', 'title', 'phone', 'locale', 'active', 'team_id']).where('id', 'in', [...new Set(ids)]).execute();
    return new Map(rows.map((r) => [r.id, r as SignerRow]));
  }

  async suppressedAmong(db: Executor, addresses: string[]): Promise<Set<string>> {
    const out = new Set<string>();
    for (let i = 0; i < addresses.length; i += 500) {
      const rows = await db.selectFrom('mail_suppressions').select('address').where('address', 'in', addresses.slice(i, i + 500)).where('active', '=', true as never).execute();
      for (const r of rows) out.add(r.address);
    }
    return out;
  }

  /** The instants other issues' copies reached (or may have reached) each prospect: what the caps count. */
  async previousCopies(db: Executor, prospectIds: number[], exceptIssue: number): Promise<Map<number, string[]>> {
    const out = new Map<number, string[]>();
    for (let i = 0; i < prospectIds.length; i += 500) {
      const rows = await db
        .selectFrom('newsletter_copies')
        .select(['prospect_id', 'claimed_at', 'sent_at'])
        .where('prospect_id', 'in', prospectIds.slice(i, i + 500))
        .where('issue_id', '!=', exceptIssue)
        .where('state', 'in', COUNTED)
        .execute();
      for (const r of rows) {
        const at = r.sent_at ?? r.claimed_at;
        if (at) out.set(r.prospect_id, [...(out.get(r.prospect_id) ?? []), at]);
      }
    }
    return out;
  }

  async copiesOf(db: Executor, issueId: number): Promise<CopyRow[]> {
    return db.selectFrom('newsletter_copies').selectAll().where('issue_id', '=', issueId).orderBy('id').execute();
  }

  async removeCopies(db: Executor, issueId: number, prospectIds: number[]): Promise<void> {
    for (let i = 0; i < prospectIds.length; i += 500) {
      await db.deleteFrom('newsletter_copies').where('issue_id', '=', issueId).where('prospect_id', 'in', prospectIds.slice(i, i + 500)).execute();
    }
  }

  async insertCopies(db: Executor, rows: Insertable<NewsletterCopiesTable>[]): Promise<void> {
    for (let i = 0; i < rows.length; i += 200) {
      await db
        .insertInto('newsletter_copies')
        .values(rows.slice(i, i + 200))
        .onConflict((oc) => oc.columns(['issue_id', 'prospect_id']).doNothing())
        .execute();
    }
  }

  async updateCopy(db: Executor, id: number, patch: Updateable<NewsletterCopiesTable>): Promise<void> {
    await db.updateTable('newsletter_copies').set(patch).where('id', '=', id).execute();
  }

  // ---- Reading the list -----------------------------------------------------------------------------------------

  async listCopies(db: Executor, issueId: number, q: { signerId?: number; state?: string; excluded?: boolean; after?: number; limit: number }) {
    let s = db
      .selectFrom('newsletter_copies as c')
      .innerJoin('prospects as p', 'p.id', 'c.prospect_id')
      .selectAll('c')
      .select(['p.name as prospect_name', 'p.company as prospect_company', 'p.stage as prospect_stage'])
      .where('c.issue_id', '=', issueId);
    if (q.signerId !== undefined) s = s.where('c.signer_id', '=', q.signerId);
    if (q.state) s = s.where('c.state', '=', q.state as CopyState);
    if (q.excluded === true) s = s.where('c.state', '=', 'excluded');
    if (q.excluded === false) s = s.where('c.state', '!=', 'excluded');
    if (q.after !== undefined) s = s.where('c.id', '>', q.after);
    return s.orderBy('c.id').limit(q.limit).execute();
  }

  async excludedBy(db: Executor, issueId: number): Promise<Record<string, number>> {
    const rows = await db.selectFrom('newsletter_copies').select(['excluded', (eb) => eb.fn.countAll<number>().as('n')]).where('issue_id', '=', issueId).where('excluded', 'is not', null).groupBy('excluded').execute();
    return Object.fromEntries(rows.map((r) => [r.excluded!, Number(r.n)]));
  }

  async findCopy(db: Executor, id: number): Promise<CopyRow | undefined> {
    return db.selectFrom('newsletter_copies').selectAll().where('id', '=', id).executeTakeFirst();
  }

  async findCopies(db: Executor, ids: number[]): Promise<Map<number, CopyRow>> {
    if (!ids.length) return new Map();
    const rows = await db.selectFrom('newsletter_copies').selectAll().where('id', 'in', ids).execute();
    return new Map(rows.map((r) => [r.id, r]));
  }

  async lockCopy(db: Executor, id: number): Promise<CopyRow | undefined> {
    return lockedForUpdate(db, db.selectFrom('newsletter_copies as c').selectAll('c').where('c.id', '=', id), 'c').executeTakeFirst();
  }

  /** The included rows the approval covers, in a fixed order. */
  async approvalRows(db: Executor, issueId: number) {
    return db
      .selectFrom('newsletter_copies')
      .select(['prospect_id', 'signer_id', 'note', 'address'])
      .where('issue_id', '=', issueId)
      .where('state', '!=', 'excluded')
      .orderBy('prospect_id')
      .execute();
  }

  // ---- Sending ---------------------------------------------------------------------------------------------------

  /**
   * Takes up to `budget` from the shared send windows (one per minute, one per hour) under their row locks, so every
   * worker of every process draws on the same allowance and a restart forgets nothing. Returns what was granted.
   */
  async takeBudget(db: Executor, want: number, windows: { name: string; limit: number }[]): Promise<number> {
    for (const w of windows) await db.insertInto('send_windows').values({ name: w.name, used: 0 }).onConflict((oc) => oc.column('name').doNothing()).execute();
    let grant = want;
    for (const w of windows) {
      const row = await lockedForUpdate(db, db.selectFrom('send_windows as w').select('w.used').where('w.name', '=', w.name), 'w').executeTakeFirstOrThrow();
      grant = Math.min(grant, Math.max(0, w.limit - Number(row.used)));
    }
    if (grant > 0) for (const w of windows) await db.updateTable('send_windows').set((eb) => ({ used: eb('used', '+', grant) })).where('name', '=', w.name).execute();
    return grant;
  }

  /** Gives back what a step took and did not use (nothing was left to send). */
  async returnBudget(db: Executor, unused: number, names: string[]): Promise<void> {
    if (unused <= 0) return;
    await db.updateTable('send_windows').set((eb) => ({ used: eb('used', '-', unused) })).where('name', 'in', names).execute();
  }

  async purgeWindows(db: Executor, beforeMinute: string, beforeHour: string): Promise<void> {
    await db
      .deleteFrom('send_windows')
      .where((eb) => eb.or([eb.and([eb('name', 'like', 'm:%'), eb('name', '<', `m:${beforeMinute}`)]), eb.and([eb('name', 'like', 'h:%'), eb('name', '<', `h:${beforeHour}`)])]))
      .execute();
  }

  /**
   * A killed worker's copies, once their lease ran out. Claimed ones never left: they go back to planned. Those it was
   * sending may have reached the SMTP server: never sent again by themselves, unknown, for a person to decide.
   */
  async expireLeases(db: Executor, issueId: number, now: string): Promise<{ replanned: number; unknown: number }> {
    const back = await db
      .updateTable('newsletter_copies')
      .set({ state: 'planned', lease_until: null, claimed_by: null })
      .where('issue_id', '=', issueId)
      .where('state', '=', 'claimed')
      .where('lease_until', '<', now)
      .executeTakeFirst();
    const lost = await db
      .updateTable('newsletter_copies')
      .set({ state: 'unknown', lease_until: null, smtp_reply: null })
      .where('issue_id', '=', issueId)
      .where('state', '=', 'sending')
      .where('lease_until', '<', now)
      .executeTakeFirst();
    return { replanned: Number(back.numUpdatedRows), unknown: Number(lost.numUpdatedRows) };
  }

  /**
   * The next copies due, locked so another worker skips them (SKIP LOCKED on PostgreSQL; SQLite has one writer),
   * with the prospect facts the send-time checks read.
   */
  async due(db: Executor, issueId: number, now: string, limit: number) {
    let q = db
      .selectFrom('newsletter_copies as c')
      .select(['c.id', 'c.prospect_id', 'c.attempts', 'c.address'])
      .where('c.issue_id', '=', issueId)
      .where((eb) => eb.or([eb('c.state', '=', 'planned'), eb.and([eb('c.state', '=', 'retry'), eb('c.retry_at', '<=', now)])]))
      .orderBy('c.id')
      .limit(limit);
    if (!onSqlite(db)) q = q.forUpdate().skipLocked();
    return q.execute();
  }

  /** Locks these prospects (in id order, as every multi-row lock here takes them) and reads what the checks need. */
  async lockProspects(db: Executor, ids: number[]) {
    if (!ids.length) return [];
    const sorted = [...new Set(ids)].sort((a, b) => a - b);
    return lockedForUpdate(
      db,
      db.selectFrom('prospects as p').select(['p.id', 'p.disposition', 'p.archived_at', 'p.newsletter_consent']).where('p.id', 'in', sorted).orderBy('p.id'),
      'p',
    ).execute();
  }

  async claim(db: Executor, ids: number[], p: { worker: string; now: string; leaseUntil: string }): Promise<void> {
    if (!ids.length) return;
    await db
      .updateTable('newsletter_copies')
      .set((eb) => ({ state: 'claimed', claimed_by: p.worker, claimed_at: p.now, lease_until: p.leaseUntil, attempts: eb('attempts', '+', 1) }))
      .where('id', 'in', ids)
      .execute();
  }

  async suppress(db: Executor, ids: number[], reason: string): Promise<void> {
    if (!ids.length) return;
    await db.updateTable('newsletter_copies').set({ state: 'suppressed', suppressed_reason: reason, lease_until: null }).where('id', 'in', ids).execute();
  }

  /** A claimed copy's outcome, written only while this worker still holds it. */
  async settle(db: Executor, id: number, worker: string, patch: Updateable<NewsletterCopiesTable>): Promise<boolean> {
    const r = await db.updateTable('newsletter_copies').set({ ...patch, lease_until: null }).where('id', '=', id).where('state', '=', 'sending').where('claimed_by', '=', worker).executeTakeFirst();
    return Number(r.numUpdatedRows) > 0;
  }

  /** Marks a claimed copy as handed to SMTP, only while this worker still holds it: from here a crash is unknown. */
  async markSending(db: Executor, id: number, worker: string, leaseUntil: string): Promise<boolean> {
    const r = await db.updateTable('newsletter_copies').set({ state: 'sending', lease_until: leaseUntil }).where('id', '=', id).where('state', '=', 'claimed').where('claimed_by', '=', worker).executeTakeFirst();
    return Number(r.numUpdatedRows) > 0;
  }

  /** A claimed copy the worker did not get to (paused, cancelled, stopping): back to planned. */
  async release(db: Executor, ids: number[], worker: string): Promise<void> {
    if (!ids.length) return;
    await db.updateTable('newsletter_copies').set({ state: 'planned', lease_until: null, claimed_by: null }).where('id', 'in', ids).where('state', '=', 'claimed').where('claimed_by', '=', worker).execute();
  }

  /** What of the issue is still to go: planned now, retries later (the earliest due), and copies in a worker's hands. */
  async remaining(db: Executor, issueId: number): Promise<{ planned: number; retry: number; inHand: number; nextRetry: string | null }> {
    const rows = await db
      .selectFrom('newsletter_copies')
      .select(['state', (eb) => eb.fn.countAll<number>().as('n'), (eb) => eb.fn.min('retry_at').as('next')])
      .where('issue_id', '=', issueId)
      .where('state', 'in', ['planned', 'retry', 'claimed', 'sending'])
      .groupBy('state')
      .execute();
    const n = (state: string) => Number(rows.find((r) => r.state === state)?.n ?? 0);
    const next = rows.find((r) => r.state === 'retry')?.next;
    return { planned: n('planned'), retry: n('retry'), inHand: n('claimed') + n('sending'), nextRetry: next ? String(next) : null };
  }

  async suppressAddress(db: Executor, address: string, reason: 'hard_bounce' | 'complaint' | 'refused' | 'soft_bounces' | 'unsubscribed', detail: string | null, at: string): Promise<void> {
    await db
      .insertInto('mail_suppressions')
      .values({ address, reason, detail, at, active: true })
      .onConflict((oc) => oc.column('address').doUpdateSet({ reason, detail, at, active: true as never }))
      .execute();
  }

  /** Counts one soft bounce of an address; returns the count after it. */
  async softBounce(db: Executor, address: string, detail: string | null, at: string): Promise<number> {
    await db
      .insertInto('mail_suppressions')
      .values({ address, reason: 'soft_bounces', detail, at, soft_count: 1, active: false })
      .onConflict((oc) => oc.column('address').doUpdateSet((eb) => ({ soft_count: eb('mail_suppressions.soft_count', '+', 1), detail, at })))
      .execute();
    const row = await db.selectFrom('mail_suppressions').select('soft_count').where('address', '=', address).executeTakeFirstOrThrow();
    return Number(row.soft_count);
  }

  async activateSuppression(db: Executor, address: string): Promise<void> {
    await db.updateTable('mail_suppressions').set({ active: true as never }).where('address', '=', address).execute();
  }

  async addInbound(db: Executor, row: { copy_id: number | null; kind: string; status: string | null; detail: string | null; from_address: string | null; subject: string | null; body: string | null; at: string }): Promise<void> {
    await db.insertInto('newsletter_inbound').values(row).execute();
  }

  /** Per owner: live prospects, how many got fewer than `min` issues since `since`, and how many got none. */
  async coverage(db: Executor, since: string, min: number, ownerIds: number[] | null) {
    let q = db
      .selectFrom('prospects as p')
      .leftJoin(
        (eb) =>
          eb
            .selectFrom('newsletter_copies as c')
            .select(['c.prospect_id', (e) => e.fn.countAll<number>().as('n')])
            .where('c.state', '=', 'accepted')
            .where('c.sent_at', '>=', since)
            .groupBy('c.prospect_id')
            .as('s'),
        (j) => j.onRef('s.prospect_id', '=', 'p.id'),
      )
      .select([
        'p.owner_id',
        sql<number>`count(*)`.as('prospects'),
        sql<number>`sum(case when coalesce(s.n, 0) = 0 then 1 else 0 end)`.as('none'),
        sql<number>`sum(case when coalesce(s.n, 0) < ${min} then 1 else 0 end)`.as('quiet'),
      ])
      .where('p.archived_at', 'is', null)
      .where('p.disposition', '!=', 'dropped')
      .where('p.owner_id', 'is not', null);
    if (ownerIds) q = q.where('p.owner_id', 'in', ownerIds.length ? ownerIds : [0]);
    return q.groupBy('p.owner_id').execute();
  }

  /** What the newsletter shows or checks of given prospects: name, company, stage and consent. */
  async prospectsOf(db: Executor, ids: number[]) {
    if (!ids.length) return [];
    return db.selectFrom('prospects').select(['id', 'name', 'company', 'stage', 'newsletter_consent']).where('id', 'in', ids).execute();
  }

  /** The copies of an issue not yet sent stop here, with the reason. */
  async suppressUnsent(db: Executor, issueId: number, reason: 'cancelled'): Promise<void> {
    await db.updateTable('newsletter_copies').set({ state: 'suppressed', suppressed_reason: reason }).where('issue_id', '=', issueId).where('state', 'in', ['planned', 'retry']).execute();
  }

  /** A reader's unsubscribe: the prospect's consent becomes 'unsubscribed' (the caller holds its row lock). */
  async unsubscribe(db: Executor, prospectId: number, at: string): Promise<void> {
    await db.updateTable('prospects').set((eb) => ({ newsletter_consent: 'unsubscribed', version: eb('version', '+', 1), updated_at: at })).where('id', '=', prospectId).execute();
  }
}

export interface SignerRow {
  id: number;
  display_name: string;
  email: string;
  title: string | null;
  phone: string | null;
  locale: string | null;
  active: boolean | number;
  team_id: number | null;
}
