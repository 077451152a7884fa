import { IndexTermCache, indexTerms, type SearchDocument } from '@pond/domain';

/**
 * Pond's search-index terms for generated prospects, through the domain's IndexTermCache: names, companies,
 * titles and tags repeat, and computing pinyin for a million names one by one would take longer than the
 * whole load. The first documents are also checked against indexTerms on the whole document, so a change in
 * the term scheme cannot go unnoticed, and for terms that would not survive as tokens of a search_index document
 * (one space-separated string, whose `k:` tokens are visibility keys).
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
      const bad = [...out].find((t) => t === '' || /\s/.test(t) || t.startsWith('k:'));
      if (bad !== undefined) throw new Error(`search term ${JSON.stringify(bad)} cannot be a search_index token`);
    }
    return out;
  }
}
