import { IndexTermCache, indexTerms, type SearchDocument } from '@pond/domain';

/**
 * Pond's search-index terms for generated prospects, through the domain's IndexTermCache: names, companies,
 * titles and tags repeat, and computing pinyin for a million names one by one would take longer than the
 * whole load. The first documents are also checked against indexTerms on the whole document, so a change in
 * the term scheme cannot go unnoticed.
 */
export class SearchTerms {
  private readonly cache = new IndexTermCache(2_000_000);
  private checked = 0;

  terms(doc: SearchDocument): Set<string> {
    const out = this.cache.terms(doc);
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
