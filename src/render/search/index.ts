/**
 * The search index, built once per edition at build time into a static JSON file (MiniSearch,
 * bigram tokens): one document per story part on a page, so a hit names the page it is on and the
 * story to open. The query side is browser code (src/viewer/reader/search-index.ts); both tokenize
 * with the same rules and options (src/shared/search-tokens.ts).
 */
import MiniSearch from 'minisearch';
import type { Block, Edition } from '../../model/schema.js';
import { pageSlug } from '../../layout/index.js';
import type { FramePage } from '../../layout/types.js';
import { readingOrder, storyOf } from '../article/parts.js';
import { SEARCH_OPTIONS, type SearchDoc } from '../../shared/search-tokens.js';

export { tokenize, queryPhrases, SEARCH_OPTIONS, type SearchDoc } from '../../shared/search-tokens.js';

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
      else docs.set(id, { id, edition: edition.id, page: pageSlug(frames[seg.page - 1]?.code ?? String(seg.page)), article: seg.article.id, lead: story.lead.id, headline: story.lead.headline ?? story.lead.kicker ?? '', text });
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
