/**
 * Search tokens for Chinese text: overlapping character bigrams inside runs of Han (and kana / Hangul)
 * characters, a run of one character as itself, and lower-cased words of letters and digits. The same
 * function tokenizes documents and queries (in Node and in the browser), so a phrase of two or more
 * characters matches wherever it occurs, without a dictionary.
 */
const CJK = /[\p{Script=Han}\p{Script=Hiragana}\p{Script=Katakana}\p{Script=Hangul}〇]/u;
const WORD = /[\p{L}\p{N}]/u;

export function tokenize(text: string): string[] {
  const out: string[] = [];
  let run: string[] = [];
  let word = '';
  const flushRun = () => {
    if (run.length === 1) out.push(run[0] as string);
    for (let i = 0; i + 1 < run.length; i++) out.push(`${run[i]}${run[i + 1]}`);
    run = [];
  };
  const flushWord = () => {
    if (word) out.push(word.toLowerCase());
    word = '';
  };
  for (const ch of text) {
    if (CJK.test(ch)) {
      flushWord();
      run.push(ch);
    } else if (WORD.test(ch)) {
      flushRun();
      word += ch;
    } else {
      flushRun();
      flushWord();
    }
  }
  flushRun();
  flushWord();
  return out;
}

/** Runs of text a query asks for: its CJK and word runs, for highlighting and snippets. */
export function queryPhrases(query: string): string[] {
  return query
    .split(/[^\p{Script=Han}\p{Script=Hiragana}\p{Script=Katakana}\p{Script=Hangul}〇\p{L}\p{N}]+/u)
    .map((s) => s.trim())
    .filter(Boolean);
}

/** A document of the search index: one story part's text on one page. */
export interface SearchDoc {
  /** `<edition>/<page>/<article>`: unique across an archive. */
  id: string;
  edition: string;
  /** The page's name in URLs and in 第…版 ("3", "A01"). */
  page: string;
  /** The model article this text belongs to, and the article leading its story (the one to open). */
  article: string;
  lead: string;
  headline: string;
  text: string;
}

/**
 * The MiniSearch options of the search index, shared by the build (src/render/search) and the browser
 * (src/viewer/reader/search-index.ts), so both index and query with the same fields, tokens and terms.
 */
export const SEARCH_OPTIONS = {
  fields: ['headline', 'text'],
  storeFields: ['edition', 'page', 'article', 'lead', 'headline', 'text'],
  tokenize,
  processTerm: (t: string) => t,
  searchOptions: { tokenize, processTerm: (t: string) => t, boost: { headline: 2 }, combineWith: 'AND' as const },
};
