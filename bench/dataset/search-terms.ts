import { indexTerms, type SearchDocument } from '@pond/domain';

const EMPTY = { emails: [], phones: [], tags: [] } as const;

/**
 * Pond's search-index terms for generated prospects (packages/domain/src/search/keys.ts). Each field's terms
 * are computed on their own and unioned, so the repeating parts (names, companies, titles, tags) are cached:
 * computing pinyin for a million names one by one would take longer than the whole load. The first documents
 * are checked against indexTerms on the whole document, so a change in the term scheme cannot go unnoticed.
 */
export class SearchTerms {
  private readonly cache = new Map<string, string[]>();
  private checked = 0;

  private cached(kind: string, value: string, doc: SearchDocument): string[] {
    const key = `${kind}\u0000${value}`;
    let terms = this.cache.get(key);
    if (!terms) {
      terms = [...new Set(indexTerms(doc).map((r) => r.term))];
      if (this.cache.size > 2_000_000) this.cache.clear();
      this.cache.set(key, terms);
    }
    return terms;
  }

  terms(doc: SearchDocument): Set<string> {
    const out = new Set<string>(this.cached('n', doc.name, { name: doc.name, ...EMPTY }));
    if (doc.company) for (const t of this.cached('c', doc.company, { name: '', company: doc.company, ...EMPTY })) out.add(t);
    if (doc.title) for (const t of this.cached('t', doc.title, { name: '', title: doc.title, ...EMPTY })) out.add(t);
    for (const tag of doc.tags) for (const t of this.cached('g', tag, { name: '', ...EMPTY, tags: [tag] })) out.add(t);
    const rest = indexTerms({ name: '', wechatId: doc.wechatId ?? null, emails: doc.emails, phones: doc.phones, tags: [] });
    for (const r of rest) out.add(r.term);
    if (this.checked < 200) {
      this.checked++;
      const whole = new Set(indexTerms(doc).map((r) => r.term));
      if (whole.size !== out.size || [...whole].some((t) => !out.has(t))) {
        throw new Error(`search terms per field differ from indexTerms for ${JSON.stringify(doc)}`);
      }
    }
    return out;
  }
}
