/**
 * The query side of the static search index (built by src/render/search at build time): loads the
 * per-edition MiniSearch indexes, finds the documents holding every query phrase, and cuts a snippet
 * around the first hit. Tokenizes exactly like the build side (src/shared/search-tokens.ts).
 */
import MiniSearch, { type SearchResult } from 'minisearch';
import { queryPhrases, SEARCH_OPTIONS as QUERY_OPTIONS, tokenize, type SearchDoc } from '../../shared/search-tokens.js';

/** Stored fields of an index document. */
type StoredDoc = Omit<SearchDoc, 'id'>;

export interface SearchHit {
  edition: string;
  page: string;
  article: string;
  lead: string;
  headline: string;
  /** Text around the first hit, and the query phrases to mark in it. */
  snippet: string;
  terms: string[];
  score: number;
}

/** Text around the first occurrence of a query phrase (or its first bigram), about `width` characters. */
export function snippetOf(text: string, phrases: string[], width = 60): string {
  let at = -1;
  for (const p of phrases) {
    at = text.indexOf(p);
    if (at >= 0) break;
  }
  if (at < 0) for (const p of phrases.flatMap(tokenize)) if ((at = text.indexOf(p)) >= 0) break;
  const chars = [...text.replace(/\s+/g, ' ')];
  const start = Math.max(0, [...text.slice(0, Math.max(0, at))].length - width / 3);
  const cut = chars.slice(start, start + width).join('');
  return `${start > 0 ? '…' : ''}${cut}${start + width < chars.length ? '…' : ''}`;
}

/** Letter and digit words match as prefixes ("2" finds "2023"): documents may continue a word the query cuts. */
const isWord = (term: string) => /^[\p{L}\p{N}]+$/u.test(term) && !/\p{Script=Han}/u.test(term);

export interface LoadedIndex {
  search(query: string, limit?: number): SearchHit[];
}

/** Loads indexes (one per edition) for querying. */
export function loadSearchIndex(json: string[]): LoadedIndex {
  const indexes = json.map((j) => MiniSearch.loadJSON<StoredDoc>(j, QUERY_OPTIONS));
  return {
    search(query, limit = 50) {
      const phrases = queryPhrases(query);
      if (!phrases.length) return [];
      // Single characters are not index terms (runs are indexed as bigrams): they are checked on the
      // stored text below, and a query of single characters only scans every document.
      const long = phrases.filter((p) => [...p].length > 1 || !tokenize(p).every((t) => [...t].length === 1));
      const results: SearchResult[] = indexes.flatMap((ix) => (long.length ? ix.search(long.join(' '), { prefix: isWord }) : ix.search(MiniSearch.wildcard)));
      // Keep only documents that hold each phrase as written (bigrams alone also match scattered pairs).
      const hits = results
        .filter((r) => phrases.every((p) => `${r.headline as string}\n${r.text as string}`.toLowerCase().includes(p.toLowerCase())))
        .sort((a, b) => b.score - a.score)
        .slice(0, limit);
      return hits.map((r) => ({
        edition: r.edition as string,
        page: String(r.page),
        article: r.article as string,
        lead: r.lead as string,
        headline: r.headline as string,
        snippet: snippetOf(r.text as string, phrases),
        terms: phrases,
        score: r.score,
      }));
    },
  };
}
