import { withTransaction, type Executor } from '@pond/db';
import {
  AppError,
  CARD_FORMATS,
  CSV_ROLES,
  Grade,
  Source,
  TagList,
  cardProblemMessage,
  cardSkipMessage,
  cardAdds,
  cardWarningMessage,
  csvColumns,
  detectCardFormat,
  joinNotes,
  nameKey,
  type CardAdds,
  type Held,
  type CardInput,
  type CardWarning,
  type ImportDuplicateView,
  type ImportPossibleDuplicateView,
  type ImportReportView,
  type Locale,
  type SearchDocument,
} from '@pond/domain';
import { z } from 'zod';
import type { Actor, RequestMeta } from '../../platform/actor.js';
import type { AuditRepository } from '../audit/audit.repository.js';
import type { IndexedProspect } from '../search/search.repository.js';
import { TermWorker } from '../search/term-worker.js';
import { OFF_THREAD_FROM_CHARS, readCardsOffThread } from './card-reader.js';
import type { DuplicatesService, SameNames } from './duplicates.service.js';
import { canFor } from '../prospects/prospects.policy.js';
import { newProspectRow, type ProspectsService } from '../prospects/prospects.service.js';
import type { ProspectRow } from '../prospects/prospects.repository.js';
import { toRef } from '../prospects/prospects.views.js';
import type { Repositories } from '../../repositories.js';
import type { ProspectsRepository } from '../prospects/prospects.repository.js';
import type { CoreDeps } from '../../platform/deps.js';
import type { ProspectAccess } from '../prospects/prospects.access.js';
import type { SearchService } from '../search/search.service.js';

/** Cards one import may hold: a trade show's or a whole address book's, not a database's. */
export const MAX_IMPORT_CARDS = 100_000;
/** Cards written per transaction, so other writers (a touch logged meanwhile) wait at most one chunk. */
const CHUNK = 250;
/** Imports of at least this many cards compute their search terms in a worker thread (TermWorker). */
const TERMS_IN_WORKER = 1_000;

export const ImportInput = z.strictObject({
  /** Read from the content when absent. */
  format: z.enum(CARD_FORMATS).optional(),
  content: z.string().min(1),
  /** Check and report only; nothing is written. */
  dryRun: z.boolean().default(false),
  /** For cards that carry no grade of their own. */
  grade: Grade.default('unrated'),
  source: Source.default('import'),
  /** Added to every imported prospect, e.g. the trade show the cards come from. */
  tags: TagList.default([]),
  /**
   * Cards matching a prospect the importer may edit add what they bring that it lacks: every such card, or the
   * ones on these lines. Absent: matches are only reported.
   */
  enrich: z.union([z.literal('all'), z.array(z.number().int().positive()).max(100_000)]).optional(),
  /** A CSV file's headers, exactly as written, mapped by the person importing to what their columns hold, or ignored. */
  columns: z
    .record(z.string().max(200), z.enum([...CSV_ROLES, 'ignore']))
    .refine((m) => Object.keys(m).length <= 200, { message: 'at most 200 columns' })
    .optional(),
});
export type ImportInput = z.input<typeof ImportInput>;

export type ImportReport = ImportReportView;
type ImportDuplicate = ImportDuplicateView;
/** A duplicate, with the matched prospect's locked row while the import may still add to it. */
type Matched = ImportDuplicate & { row?: ProspectRow };

interface Ready {
  line: number;
  input: CardInput;
  /** What was left out of the card, reported once it is created. */
  warnings: CardWarning[];
  /** Its phones and e-mails as stored, `kind:value`, for duplicate detection. */
  keys: string[];
  /** Its name folded (`nameKey`), for possible duplicates by name. */
  nameKey: string;
  /** The first earlier card of the file with the same name key. */
  sameNameLine: number | null;
}

const searchDocumentOf = (input: CardInput): SearchDocument => ({
  name: input.name,
  company: input.company ?? null,
  title: input.title ?? null,
  wechatId: input.wechatId ?? null,
  phones: input.phones,
  emails: input.emails,
  tags: input.tags,
});

const keysOf = (input: CardInput) => [...input.phones.map((v) => `phone:${v}`), ...input.emails.map((v) => `email:${v}`)];

/**
 * Business cards into the book: CSV or vCard, each card checked like a quick create, duplicates (the same
 * phone or e-mail as a prospect already in Pond or an earlier card of the file) reported and left out, the
 * rest created as the importer's prospects with their search terms, chunk by chunk.
 */
export class ImportService {
  private readonly audit: AuditRepository;
  /** The size from which an import computes search terms in a worker thread. */
  termWorkerFrom = TERMS_IN_WORKER;
  /** The file size (characters) from which cards are read on another thread. */
  offThreadFrom = OFF_THREAD_FROM_CHARS;

  private readonly prospectsRepo: ProspectsRepository;
  constructor(
    repos: Pick<Repositories, 'audit' | 'prospects'>,
    private readonly deps: CoreDeps,
    private readonly access: ProspectAccess,
    private readonly prospects: ProspectsService,
    private readonly duplicates: DuplicatesService,
    private readonly search: SearchService,
  ) {
    this.audit = repos.audit;
    this.prospectsRepo = repos.prospects;
  }

  /**
   * `onProgress` hears once the cards are read and checked (0 done) and after each chunk is written how many of the
   * cards ready to write are done (the CLI shows it on a terminal, the web as a bar).
   */
  async importCards(actor: Actor, raw: ImportInput, meta: RequestMeta, locale: Locale = actor.locale ?? 'en', onProgress?: (done: number, total: number) => void): Promise<ImportReport> {
    const input = ImportInput.parse(raw);
    const timings = { checkMs: 0, insertMs: 0, indexMs: 0 };
    let started = performance.now();
    const region = this.prospects.phoneRegion(actor);
    const defaults = { grade: input.grade, source: input.source, tags: input.tags };
    const mapping = input.columns ?? {};
    const read = await readCardsOffThread(input.content, input.format, MAX_IMPORT_CARDS, defaults, region, this.offThreadFrom, mapping);
    // A CSV's columns go with the answer (and with a missing name column), so the person can say what each holds.
    const columns = (input.format ?? detectCardFormat(input.content)) === 'csv' ? (csvColumns(input.content, mapping) ?? undefined) : undefined;
    if (!read.ok) throw new AppError(`IMPORT_${read.problem}`, { details: [{ path: ['body', 'content'], reason: read.problem, ...(columns && read.problem === 'NO_NAME_COLUMN' && { columns }) }] });

    const report: ImportReport = {
      format: read.format,
      cards: read.cards.length,
      created: 0,
      dryRun: input.dryRun,
      duplicates: [],
      possibleDuplicates: [],
      rejected: [],
      skipped: [],
      warnings: [],
      timings,
      ...(columns && { columns }),
    };
    const ready: Ready[] = [];
    const firstLine = new Map<string, number>();
    const firstNamed = new Map<string, number>();
    for (const card of read.cards) {
      if (card.skipped !== null) {
        report.skipped.push({ line: card.line, name: card.name, reason: card.skipped, message: cardSkipMessage(card.skipped, locale) });
        continue;
      }
      const r = card.result;
      if (!r.ok) {
        report.rejected.push({ line: card.line, name: card.name, problems: r.problems.map((p) => ({ ...p, message: cardProblemMessage(p, locale) })) });
        continue;
      }
      const keys = keysOf(r.input);
      const earlier = keys.find((k) => firstLine.has(k));
      if (earlier !== undefined) {
        report.duplicates.push({ line: card.line, name: r.input.name, contact: contactOf(earlier), inFileLine: firstLine.get(earlier)!, existing: null });
        continue;
      }
      for (const k of keys) firstLine.set(k, card.line);
      const key = nameKey(r.input.name);
      const sameNameLine = key ? (firstNamed.get(key) ?? null) : null;
      if (key && sameNameLine === null) firstNamed.set(key, card.line);
      ready.push({ line: card.line, input: r.input, warnings: r.warnings, keys, nameKey: key, sameNameLine });
    }
    timings.checkMs += performance.now() - started;

    const db = this.deps.database.db;
    started = performance.now();
    // Read before anything is written, so the names are those already in Pond, never this import's own cards.
    const sameNames = await this.duplicates.sameNames(db, actor, (await this.prospects.reach(actor, db)).scope, ready.map((c) => c.nameKey));
    timings.checkMs += performance.now() - started;
    if (input.dryRun) {
      started = performance.now();
      const { duplicates, fresh } = await this.knownDuplicates(db, actor, ready);
      report.duplicates.push(...duplicates.map(({ row: _row, ...d }) => d));
      report.duplicates.sort((a, b) => a.line - b.line);
      report.possibleDuplicates = possibleDuplicates(fresh, [], sameNames);
      report.warnings = warningsOf(fresh, [], locale);
      timings.checkMs += performance.now() - started;
      return report;
    }
    // A large import has its cards' terms computed on another thread while it writes, chunk by chunk; a chunk
    // whose terms are not back yet computes them here, so the import never waits for the worker.
    const chunks: Ready[][] = [];
    for (let i = 0; i < ready.length; i += CHUNK) chunks.push(ready.slice(i, i + CHUNK));
    const worker = ready.length >= this.termWorkerFrom ? new TermWorker() : null;
    const computed = new Map<Ready, string[]>();
    if (worker) {
      for (const chunk of chunks) {
        worker.terms(chunk.map((c) => searchDocumentOf(c.input))).then(
          (terms) => chunk.forEach((c, j) => computed.set(c, terms[j]!)),
          () => undefined,
        );
      }
    }
    try {
      let written = 0;
      // The cards are read and checked: what is left is writing them.
      onProgress?.(0, ready.length);
      for (const chunk of chunks) {
        await this.writeChunk(db, actor, chunk, { format: read.format, input, meta, sameNames, report, computed, locale });
        written += chunk.length;
        onProgress?.(written, ready.length);
      }
    } finally {
      await worker?.close();
    }
    report.duplicates.sort((a, b) => a.line - b.line);
    return report;
  }

  /** One chunk of cards in one transaction: records, contacts, tags, history, audit entry and search documents. */
  private async writeChunk(
    db: Executor,
    actor: Actor,
    chunk: Ready[],
    c: { format: ImportReport['format']; input: z.output<typeof ImportInput>; meta: RequestMeta; sameNames: SameNames; report: ImportReport; computed: Map<Ready, string[]>; locale: Locale },
  ): Promise<void> {
    const { format, input, meta, sameNames, report } = c;
    const timings = report.timings;
    await withTransaction(db, async (trx) => {
      let started = performance.now();
      // Checked again inside the write, under a lock on these contacts, so two imports of the same cards at once
      // cannot both find them free and both create them.
      await this.prospectsRepo.lockContacts(trx, chunk.flatMap((card) => card.keys));
      const { duplicates, fresh } = await this.knownDuplicates(trx, actor, chunk);
      timings.checkMs += performance.now() - started;
      started = performance.now();
      const chosen = (line: number) => input.enrich === 'all' || (Array.isArray(input.enrich) && input.enrich.includes(line));
      // Two cards of a chunk may match one prospect by different contacts: the first adds, the second is reported.
      const added = new Set<number>();
      for (const d of duplicates) {
        if (d.adds && d.row && chosen(d.line) && !added.has(d.row.id)) {
          added.add(d.row.id);
          await this.enrich(trx, actor, d.row, d.adds, { format, line: d.line }, meta);
          d.enriched = true;
        }
        delete d.row;
      }
      const docs = await this.insertChunk(trx, actor, fresh, input.source, c.computed);
      const first = fresh[0]?.line ?? 0;
      const last = fresh[fresh.length - 1]?.line ?? 0;
      if (fresh.length) {
        await this.audit.record(trx, {
          at: this.deps.clock.now().toISOString(),
          actorId: actor.userId,
          actorLabel: actor.email,
          action: 'prospect.imported',
          entityType: 'prospect',
          entityId: null,
          after: { format, lines: [first, last], created: fresh.length, ids: docs.map((d) => d.id) },
          ip: meta.ip,
        });
      }
      timings.insertMs += performance.now() - started;
      started = performance.now();
      await this.search.insertDocuments(trx, docs);
      timings.indexMs += performance.now() - started;
      report.created += fresh.length;
      report.duplicates.push(...duplicates);
      report.possibleDuplicates.push(...possibleDuplicates(fresh, docs.map((d) => d.id), sameNames));
      report.warnings.push(...warningsOf(fresh, docs.map((d) => d.id), c.locale));
    });
  }

  /** Cards whose phone or e-mail is already on a prospect; only what the importer may see is named. */
  private async knownDuplicates(db: Executor, actor: Actor, cards: Ready[]): Promise<{ duplicates: Matched[]; fresh: Ready[] }> {
    const holders = await this.prospectsRepo.holdersOf(db, [...new Set(cards.flatMap((c) => c.keys))]);
    if (!holders.size) return { duplicates: [], fresh: cards };
    const ids = [...new Set(holders.values())];
    const reach = await this.prospects.reach(actor, db);
    const visible = new Map((await this.prospectsRepo.visibleIds(db, ids, reach.scope)).map((r) => [r.id, r]));
    const names = await this.access.userNames(db, [...visible.values()].map((r) => r.owner_id));
    // What a card would add is worked out only for prospects the importer may edit.
    const editable = [...visible.values()].filter((r) => canFor(actor, reach, r).edit);
    const held = editable.length ? await this.prospectsRepo.extras(db, editable.map((r) => r.id)) : new Map();
    const duplicates: Matched[] = [];
    const fresh: Ready[] = [];
    for (const card of cards) {
      const key = card.keys.find((k) => holders.has(k));
      if (key === undefined) {
        fresh.push(card);
        continue;
      }
      const row = visible.get(holders.get(key)!);
      const extras = row && held.get(row.id);
      const adds = row && extras ? cardAdds(heldOf(card.input), heldOf({ ...extras, wechatId: row.wechat_id, title: row.title, company: row.company, notes: row.notes })) : null;
      duplicates.push({
        line: card.line,
        name: card.input.name,
        contact: contactOf(key),
        inFileLine: null,
        existing: row ? toRef(row, names, actor.userId) : null,
        ...(adds && { adds, row }),
      });
    }
    return { duplicates, fresh };
  }

  /**
   * A card's new values added to the prospect it matches, inside the chunk's transaction (the prospect's row and the
   * card's contacts are locked, and what is new was worked out under those locks): contacts appended, empty fields
   * filled, notes added under the prospect's own, one history row naming the import, the search document rewritten.
   */
  private async enrich(trx: Executor, actor: Actor, row: ProspectRow, adds: CardAdds, from: { format: string; line: number }, meta: RequestMeta): Promise<void> {
    const id = row.id;
    const at = this.deps.clock.now().toISOString();
    const before = (await this.prospectsRepo.extras(trx, [id])).get(id)!;
    if (adds.phones.length) await this.prospectsRepo.replaceContacts(trx, id, 'phone', [...before.phones, ...adds.phones]);
    if (adds.emails.length) await this.prospectsRepo.replaceContacts(trx, id, 'email', [...before.emails, ...adds.emails]);
    const patch = {
      ...(adds.wechatId !== null && { wechat_id: adds.wechatId }),
      ...(adds.title !== null && { title: adds.title }),
      ...(adds.company !== null && { company: adds.company }),
      ...(adds.notes !== null && { notes: joinNotes(row.notes, adds.notes) }),
    };
    if (!(await this.prospectsRepo.update(trx, id, patch, at, row.version))) throw new AppError('STALE_VERSION');
    const after = { via: 'import', ...from, ...adds };
    await this.prospectsRepo.addHistory(trx, [{ prospect_id: id, at, user_id: actor.userId, field: 'enriched', before: null, after }]);
    await this.search.reindex(trx, [id]);
    await this.audit.record(trx, { at, actorId: actor.userId, actorLabel: actor.email, action: 'prospect.updated', entityType: 'prospect', entityId: id, before: null, after, ip: meta.ip });
  }

  /** Writes the cards as the actor's prospects, with contacts, tags and a history entry; returns their search documents. */
  private async insertChunk(db: Executor, actor: Actor, cards: Ready[], source: string, computed: Map<Ready, string[]>): Promise<IndexedProspect[]> {
    if (!cards.length) return [];
    const at = this.deps.clock.now().toISOString();
    const ids = await this.prospectsRepo.insertMany(
      db,
      cards.map(({ input }) => newProspectRow(input, { actorId: actor.userId, collectedById: actor.userId, at })),
    );
    await this.prospectsRepo.insertContacts(
      db,
      cards.flatMap(({ input }, i) => [
        ...input.phones.map((value, position) => ({ prospect_id: ids[i]!, kind: 'phone' as const, value, position })),
        ...input.emails.map((value, position) => ({ prospect_id: ids[i]!, kind: 'email' as const, value, position })),
      ]),
    );
    await this.prospectsRepo.addTagRows(db, cards.flatMap(({ input }, i) => input.tags.map((tag) => ({ prospect_id: ids[i]!, tag }))));
    await this.prospectsRepo.addHistory(
      db,
      cards.map(({ input }, i) => ({ prospect_id: ids[i]!, at, user_id: actor.userId, field: 'created', before: null, after: { owner: actor.userId, grade: input.grade, source } })),
    );
    return cards.map((card, i) => ({ id: ids[i]!, ownerId: actor.userId, viewers: [], doc: searchDocumentOf(card.input), terms: computed.get(card) }));
  }
}

const contactOf = (key: string) => key.slice(key.indexOf(':') + 1);

/** The cards created (`ids` in the same order; none in a dry run) with something left out, in file order. */
function warningsOf(cards: Ready[], ids: number[], locale: Locale): ImportReport['warnings'] {
  return cards.flatMap((card, i) =>
    card.warnings.length
      ? [{ line: card.line, name: card.input.name, id: ids[i] ?? null, warnings: card.warnings.map((w) => ({ field: w.field, reason: w.reason, message: cardWarningMessage(w, locale) })) }]
      : [],
  );
}

/** The cards created (`ids` in the same order; none in a dry run) whose name is another's too, in file order. */
function possibleDuplicates(cards: Ready[], ids: number[], sameNames: SameNames): ImportPossibleDuplicateView[] {
  return cards.flatMap((card, i) => {
    const known = sameNames.get(card.nameKey);
    if (card.sameNameLine === null && !known) return [];
    return [{ line: card.line, name: card.input.name, id: ids[i] ?? null, inFileLine: card.sameNameLine, existing: known?.existing ?? [], existingCount: known?.count ?? 0 }];
  });
}

/** A card's or a prospect's values as `cardAdds` compares them. */
function heldOf(v: { phones: readonly string[]; emails: readonly string[]; wechatId?: string | null; title?: string | null; company?: string | null; notes?: string | null }): Held {
  return { phones: v.phones, emails: v.emails, wechatId: v.wechatId ?? null, title: v.title ?? null, company: v.company ?? null, notes: v.notes ?? null };
}
