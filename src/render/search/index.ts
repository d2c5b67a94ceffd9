/**
 * The search index, built once per edition at build time into a static JSON file (MiniSearch,
 * bigram tokens): one document per story part on a page, so a hit names the page it is on and the
 * story to open. `searchIndex` is the query side, used by the browser and by tests alike.
 */
import MiniSearch, { type SearchResult } from 'minisearch';
import type { Block, Edition } from '../../model/schema.js';
import type { FramePage } from '../../layout/types.js';
import { readingOrder, storyOf } from '../article/parts.js';
import { queryPhrases, tokenize } from './tokenize.js';

export { tokenize, queryPhrases } from './tokenize.js';

export interface SearchDoc {
  /** `<edition>/<page>/<article>`: unique across an archive. */
  id: string;
  edition: string;
  page: number;
  /** The model article this text belongs to, and the article leading its story (the one to open). */
  article: string;
  lead: string;
  headline: string;
  text: string;
}

export interface SearchHit {
  edition: string;
  page: number;
  article: string;
  lead: string;
  headline: string;
  /** Text around the first hit, and the query phrases to mark in it. */
  snippet: string;
  terms: string[];
  score: number;
}

const FIELDS = ['headline', 'text'];
const STORED = ['edition', 'page', 'article', 'lead', 'headline', 'text'];

export const SEARCH_OPTIONS = {
  fields: FIELDS,
  storeFields: STORED,
  tokenize,
  processTerm: (t: string) => t,
  searchOptions: { tokenize, processTerm: (t: string) => t, boost: { headline: 2 }, combineWith: 'AND' as const },
};

function blockText(b: Block): string {
  if (b.type === 'list') return (b.items ?? []).join('\n');
  if (b.type === 'photo') return [b.caption, b.credit].filter(Boolean).join(' ');
  return b.text ?? '';
}

/** The documents of one edition: each story segment (a run of an article on one page). */
export function searchDocuments(edition: Edition, frames: FramePage[]): SearchDoc[] {
  const docs = new Map<string, SearchDoc>();
  for (const { lead } of readingOrder(edition, frames)) {
    const story = storyOf(edition, frames, lead);
    if (!story) continue;
    for (const seg of story.segments) {
      const id = `${edition.id}/${seg.page}/${seg.article.id}`;
      const cluster = seg.head ? [seg.article.kicker, seg.article.deck, seg.article.byline].filter(Boolean).join('\n') : '';
      const text = [cluster, ...seg.blocks.map((i) => blockText(seg.article.body[i] as Block))].filter(Boolean).join('\n');
      const known = docs.get(id);
      if (known) known.text += `\n${text}`;
      else docs.set(id, { id, edition: edition.id, page: seg.page, article: seg.article.id, lead: story.lead.id, headline: story.lead.headline ?? story.lead.kicker ?? '', text });
    }
  }
  return [...docs.values()];
}

/** The static index of the documents, as JSON. */
export function buildSearchIndex(docs: SearchDoc[]): string {
  const index = new MiniSearch<SearchDoc>(SEARCH_OPTIONS);
  index.addAll(docs);
  return JSON.stringify(index);
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
  const indexes = json.map((j) => MiniSearch.loadJSON<SearchDoc>(j, SEARCH_OPTIONS));
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
        page: r.page as number,
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
