import { EXPORT_COLUMNS, localDateOf, prospectsCsv, prospectsVcard, todayIn, type ExportColumn, type ExportProspect, type Locale } from '@pond/domain';
import type { Actor, RequestMeta } from '../../platform/actor.js';
import type { AuditRepository } from '../audit/audit.repository.js';
import type { BookService, ListFilterValues } from '../prospects/book.service.js';
import { prospectsXlsx } from './export-xlsx.js';
import type { ListArgs } from '../prospects/prospects.queries.js';
import type { ExportRow } from '../prospects/prospects.repository.js';
import type { ProspectsService } from '../prospects/prospects.service.js';
import type { Repositories } from '../../repositories.js';
import type { ProspectsRepository } from '../prospects/prospects.repository.js';
import type { CoreDeps } from '../../platform/deps.js';
import type { ProspectAccess } from '../prospects/prospects.access.js';

/** Prospects read per query: each page's rows, contacts and tags stay small however large the book is. */
export const EXPORT_PAGE = 500;

export type ExportFormat = 'csv' | 'vcard' | 'xlsx';

export interface ExportFile<Piece extends string | Buffer = string> {
  /** pond-prospects-YYYY-MM-DD.csv (.vcf, .xlsx), dated in the actor's calendar. */
  filename: string;
  /** The file in pieces, to be written in order: the start of the file, then about one piece per page. */
  chunks: AsyncIterable<Piece>;
  /** Prospects in the pieces handed out so far: the file's count once `chunks` is done. */
  readonly rows: number;
}
/** The CSV and vCard files are text. */
export type CsvExport = ExportFile<string>;

type Filter = Omit<ListArgs, 'sort' | 'order' | 'after' | 'limit'>;
interface Page {
  rows: ExportProspect[];
  next: ListArgs['after'];
}

const EXTENSIONS: Record<ExportFormat, string> = { csv: 'csv', vcard: 'vcf', xlsx: 'xlsx' };

/**
 * The prospect book as a file (名片匯總's export): exactly what the actor's list shows under the same filters,
 * read through the same visibility predicate, in keyset pages ordered by creation (a key no edit changes, so a
 * prospect edited while the file is written still appears exactly once). Every role may export what it may see;
 * each export is audited with its filter, its format, its columns when chosen, and its row count.
 */
export class ExportService {
  private readonly audit: AuditRepository;

  private readonly prospectsRepo: ProspectsRepository;
  constructor(
    repos: Pick<Repositories, 'audit' | 'prospects'>,
    private readonly deps: CoreDeps,
    private readonly access: ProspectAccess,
    private readonly prospects: ProspectsService,
    private readonly book: BookService,
  ) {
    this.audit = repos.audit;
    this.prospectsRepo = repos.prospects;
  }

  /** CSV with Pond's columns (all, or those asked for in that order), which the importer reads back. */
  async csv(actor: Actor, filters: ListFilterValues, meta: RequestMeta, locale: Locale = actor.locale ?? 'en', columns?: readonly ExportColumn[]): Promise<CsvExport> {
    const cols = columns ?? EXPORT_COLUMNS;
    return this.file(actor, filters, meta, 'csv', columns, async function* (pages) {
      let start = true;
      for await (const rows of pages) {
        yield prospectsCsv(rows, locale, { start, columns: cols });
        start = false;
      }
    });
  }

  /** The same prospects as vCard 3.0 cards (a phone's address book reads them; so does Pond's importer). */
  async vcard(actor: Actor, filters: ListFilterValues, meta: RequestMeta): Promise<CsvExport> {
    return this.file(actor, filters, meta, 'vcard', undefined, async function* (pages) {
      for await (const rows of pages) yield prospectsVcard(rows);
    });
  }

  /** The same columns as an Excel workbook: text as text, dates as dates, the touch count as a number. */
  async xlsx(actor: Actor, filters: ListFilterValues, meta: RequestMeta, locale: Locale = actor.locale ?? 'en', columns?: readonly ExportColumn[]): Promise<ExportFile<Buffer>> {
    const workbook = { locale, columns: columns ?? EXPORT_COLUMNS, now: this.deps.clock.now() };
    return this.file(actor, filters, meta, 'xlsx', columns, (pages) => prospectsXlsx(pages, workbook));
  }

  private async file<Piece extends string | Buffer>(
    actor: Actor,
    filters: ListFilterValues,
    meta: RequestMeta,
    format: ExportFormat,
    columns: readonly ExportColumn[] | undefined,
    write: (pages: AsyncIterable<ExportProspect[]>) => AsyncIterable<Piece>,
  ): Promise<ExportFile<Piece>> {
    const reach = await this.prospects.reach(actor);
    const filter = await this.book.filterArgs(actor, filters, reach.scope);
    const zone = actor.timeZone ?? this.deps.config.defaultTimeZone;
    // The first page is read before anything is sent, so that a failure still gets a proper error answer.
    const first = await this.page(filter, undefined, zone);
    const today = todayIn(this.deps.clock.now(), zone);
    const count = { rows: 0 };
    const pages = this.pages(filter, first, zone, count);
    return {
      filename: `pond-prospects-${today}.${EXTENSIONS[format]}`,
      chunks: this.audited(actor, filters, meta, format, columns, count, write(pages)),
      get rows() {
        return count.rows;
      },
    };
  }

  private async *pages(filter: Filter, first: Page, zone: string, count: { rows: number }): AsyncGenerator<ExportProspect[]> {
    let page = first;
    count.rows += page.rows.length;
    yield page.rows;
    while (page.next) {
      page = await this.page(filter, page.next, zone);
      count.rows += page.rows.length;
      yield page.rows;
    }
  }

  private async *audited<Piece>(
    actor: Actor,
    filters: ListFilterValues,
    meta: RequestMeta,
    format: ExportFormat,
    columns: readonly ExportColumn[] | undefined,
    count: { rows: number },
    pieces: AsyncIterable<Piece>,
  ): AsyncGenerator<Piece> {
    let complete = false;
    try {
      yield* pieces;
      complete = true;
    } finally {
      // Also when the reader went away part-way (complete: false): what left Pond is on record either way.
      await this.audit.record(this.deps.database.db, {
        at: this.deps.clock.now().toISOString(),
        actorId: actor.userId,
        actorLabel: actor.email,
        action: 'prospect.exported',
        entityType: 'prospect',
        entityId: null,
        after: { filter: filters, rows: count.rows, complete, format, ...(columns && { columns }) },
        ip: meta.ip,
      });
    }
  }

  private async page(filter: Filter, after: ListArgs['after'], zone: string): Promise<Page> {
    const db = this.deps.database.db;
    const found = await this.prospectsRepo.listForExport(db, { ...filter, sort: 'createdAt', order: 'asc', after, limit: EXPORT_PAGE });
    const more = found.length > EXPORT_PAGE;
    const page = more ? found.slice(0, EXPORT_PAGE) : found;
    const [extras, names] = await Promise.all([
      this.prospectsRepo.extras(db, page.map((r) => r.id)),
      this.access.userNames(db, page.flatMap((r) => [r.owner_id, r.collected_by_id])),
    ]);
    const last = page[page.length - 1];
    return {
      rows: page.map((r) => toExport(r, extras.get(r.id)!, names, zone)),
      next: more && last ? { value: last.created_at, id: last.id } : undefined,
    };
  }
}

function toExport(r: ExportRow, x: { phones: string[]; emails: string[]; tags: string[] }, names: Map<number, string>, zone: string): ExportProspect {
  const name = (id: number | null) => (id === null ? null : (names.get(id) ?? null));
  return {
    name: r.name,
    company: r.company,
    title: r.title,
    phones: x.phones,
    emails: x.emails,
    wechatId: r.wechat_id,
    address: r.address,
    notes: r.notes,
    tags: x.tags,
    grade: r.grade,
    importance: r.importance,
    expectedClose: r.expected_close as ExportProspect['expectedClose'],
    disposition: r.disposition,
    resumeOn: r.resume_on,
    droppedReason: r.dropped_reason,
    stage: r.stage,
    owner: name(r.owner_id),
    collectedBy: name(r.collected_by_id),
    source: r.source as ExportProspect['source'],
    newsletterConsent: r.newsletter_consent as ExportProspect['newsletterConsent'],
    lastTouchOn: r.last_touch_at === null ? null : localDateOf(r.last_touch_at, zone),
    nextDueOn: r.next_due_on,
    touchCount: Number(r.touch_count),
  };
}
