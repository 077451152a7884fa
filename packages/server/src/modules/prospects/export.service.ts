import { prospectsCsv, prospectsVcard, todayIn, type ExportProspect, type Locale } from '@pond/domain';
import type { Actor, RequestMeta } from '../../platform/actor.js';
import { AuditRepository } from '../audit/audit.repository.js';
import type { BookService, ListFilterValues } from './book.service.js';
import type { ListArgs } from './prospects.queries.js';
import type { ProspectsService } from './prospects.service.js';

/** Prospects read per query: each page's rows, contacts and tags stay small however large the book is. */
export const EXPORT_PAGE = 500;

export interface CsvExport {
  /** pond-prospects-YYYY-MM-DD.csv, dated in the actor's calendar. */
  filename: string;
  /** The file in pieces, to be written in order: the BOM and header row, then one piece per page. */
  chunks: AsyncIterable<string>;
  /** Prospects in the pieces handed out so far: the file's count once `chunks` is done. */
  readonly rows: number;
}

type Filter = Omit<ListArgs, 'sort' | 'order' | 'after' | 'limit'>;
interface Page {
  rows: ExportProspect[];
  next: ListArgs['after'];
}

/**
 * The prospect book as CSV (名片匯總's export): exactly what the actor's list shows under the same filters,
 * read through the same visibility predicate, in keyset pages ordered by creation (a key no edit changes, so a
 * prospect edited while the file is written still appears exactly once). Every role may export what it may see;
 * each export is audited with its filter and row count.
 */
export class ExportService {
  private readonly audit = new AuditRepository();

  constructor(
    private readonly prospects: ProspectsService,
    private readonly book: BookService,
  ) {}

  async csv(actor: Actor, filters: ListFilterValues, meta: RequestMeta, locale: Locale = actor.locale ?? 'en'): Promise<CsvExport> {
    return this.file(actor, filters, meta, locale, 'csv');
  }

  /** The same prospects as vCard 3.0 cards (a phone's address book reads them; so does Pond's importer). */
  async vcard(actor: Actor, filters: ListFilterValues, meta: RequestMeta): Promise<CsvExport> {
    return this.file(actor, filters, meta, actor.locale ?? 'en', 'vcard');
  }

  private async file(actor: Actor, filters: ListFilterValues, meta: RequestMeta, locale: Locale, format: 'csv' | 'vcard'): Promise<CsvExport> {
    const reach = await this.prospects.reach(actor);
    const filter = await this.book.filterArgs(actor, filters, reach.scope);
    // The first page is read before anything is sent, so that a failure still gets a proper error answer.
    const first = await this.page(filter, undefined);
    const today = todayIn(this.prospects.now(), actor.timeZone ?? this.prospects.deps.config.defaultTimeZone);
    const count = { rows: 0 };
    return {
      filename: `pond-prospects-${today}.${format === 'csv' ? 'csv' : 'vcf'}`,
      chunks: this.pieces(actor, filters, meta, locale, filter, first, count, format),
      get rows() {
        return count.rows;
      },
    };
  }

  private async *pieces(actor: Actor, filters: ListFilterValues, meta: RequestMeta, locale: Locale, filter: Filter, first: Page, count: { rows: number }, format: 'csv' | 'vcard'): AsyncGenerator<string> {
    const write = (rows: ExportProspect[], start: boolean) => (format === 'csv' ? prospectsCsv(rows, locale, { start }) : prospectsVcard(rows));
    let complete = false;
    try {
      let page = first;
      count.rows += page.rows.length;
      yield write(page.rows, true);
      while (page.next) {
        page = await this.page(filter, page.next);
        count.rows += page.rows.length;
        yield write(page.rows, false);
      }
      complete = true;
    } finally {
      // Also when the reader went away part-way (complete: false): what left Pond is on record either way.
      await this.audit.record(this.prospects.db, {
        at: this.prospects.now().toISOString(),
        actorId: actor.userId,
        actorLabel: actor.email,
        action: 'prospect.exported',
        entityType: 'prospect',
        entityId: null,
        after: { filter: filters, rows: count.rows, complete, format },
        ip: meta.ip,
      });
    }
  }

  private async page(filter: Filter, after: ListArgs['after']): Promise<Page> {
    const db = this.prospects.db;
    const found = await this.prospects.repo.listForExport(db, { ...filter, sort: 'createdAt', order: 'asc', after, limit: EXPORT_PAGE });
    const more = found.length > EXPORT_PAGE;
    const page = more ? found.slice(0, EXPORT_PAGE) : found;
    const extras = await this.prospects.repo.extras(db, page.map((r) => r.id));
    const last = page[page.length - 1];
    return {
      rows: page.map((r) => {
        const x = extras.get(r.id)!;
        return { name: r.name, company: r.company, title: r.title, phones: x.phones, emails: x.emails, wechatId: r.wechat_id, address: r.address, notes: r.notes, tags: x.tags, grade: r.grade };
      }),
      next: more && last ? { value: last.created_at, id: last.id } : undefined,
    };
  }
}
