/**
 * Which pieces make up a story, in reading order. A story is one model article plus the printed
 * continuations that continue it (`Article.continues`, `edition.links`); each model article may in
 * turn be set on several frame pages (a generated continuation keeps its id on every page it runs
 * on). The result lists the story's segments: runs of consecutive body blocks set on one page.
 */
import type { Article, Edition } from '../../model/schema.js';
import type { FramePage } from '../../layout/types.js';

export interface StorySegment {
  /** The model article this segment belongs to. */
  article: Article;
  /** Frame page the segment is set on (1-based position in the frames). */
  page: number;
  /** Indices into `article.body`, in order. */
  blocks: number[];
  /** True on the first segment of each model article (where its headline cluster is). */
  head: boolean;
}

export interface Story {
  /** The article that begins the story. */
  lead: Article;
  /** Frame page the story begins on (1-based position in the frames). */
  page: number;
  segments: StorySegment[];
}

/** Model articles of the edition by id. */
export function articlesById(edition: Edition): Map<string, Article> {
  const byId = new Map<string, Article>();
  for (const page of edition.pages) for (const a of page.articles) byId.set(a.id, a);
  return byId;
}

/** Frame pages (1-based positions) an article is set on, in page order. */
export function pagesOf(frames: FramePage[], id: string): number[] {
  return frames.flatMap((p, i) => (p.boxes.some((b) => b.article === id) ? [i + 1] : []));
}

/** The article a printed continuation continues, from `continues` or a resolved jump link into it. */
function predecessor(edition: Edition, byId: Map<string, Article>, a: Article): Article | null {
  if (a.continues && byId.has(a.continues) && a.continues !== a.id) return byId.get(a.continues) ?? null;
  const link = edition.links.find(
    (l) => l.kind === 'jump' && l.resolved && l.to.article === a.id && l.from.article && l.from.article !== a.id && (l.from.page ?? 0) < (l.to.page ?? 0),
  );
  return link?.from.article ? (byId.get(link.from.article) ?? null) : null;
}

/** The printed continuation of an article, if any. */
function successor(edition: Edition, byId: Map<string, Article>, a: Article): Article | null {
  for (const other of byId.values()) if (other.continues === a.id && other.id !== a.id) return other;
  const link = edition.links.find(
    (l) => l.kind === 'jump' && l.resolved && l.from.article === a.id && l.to.article && l.to.article !== a.id && (l.from.page ?? 0) < (l.to.page ?? 0),
  );
  return link?.to.article ? (byId.get(link.to.article) ?? null) : null;
}

/** The chain of model articles of the story holding `id`, first part first. */
export function storyChain(edition: Edition, id: string, byId = articlesById(edition)): Article[] {
  let first = byId.get(id);
  if (!first) return [];
  const seen = new Set<string>([first.id]);
  for (let prev = predecessor(edition, byId, first); prev && !seen.has(prev.id); prev = predecessor(edition, byId, prev)) {
    seen.add(prev.id);
    first = prev;
  }
  const chain = [first];
  const inChain = new Set([first.id]);
  for (let next = successor(edition, byId, first); next && !inChain.has(next.id); next = successor(edition, byId, next)) {
    chain.push(next);
    inChain.add(next.id);
  }
  return chain;
}

/**
 * The frame page each body block of an article starts on: the page of the first line the layout
 * marked as the block's start (else its first line anywhere). Blocks the frames do not set follow the
 * block before them.
 */
export function blockPages(frames: FramePage[], article: Article): number[] {
  const first = new Map<number, number>();
  const started = new Map<number, number>();
  for (const [i, page] of frames.entries()) {
    for (const box of page.boxes) {
      if (box.article !== article.id) continue;
      for (const line of box.lines) {
        if (!line.part) continue;
        if (!first.has(line.part.block)) first.set(line.part.block, i + 1);
        if (line.part.start && !started.has(line.part.block)) started.set(line.part.block, i + 1);
      }
    }
  }
  const pages = pagesOf(frames, article.id);
  let current = pages[0] ?? 0;
  return article.body.map((_, i) => {
    const p = started.get(i) ?? first.get(i);
    if (p !== undefined && p >= current) current = p;
    return current;
  });
}

/** The story holding article `id`, split into segments by page. Null when the edition has no such article. */
export function storyOf(edition: Edition, frames: FramePage[], id: string): Story | null {
  const byId = articlesById(edition);
  const chain = storyChain(edition, id, byId);
  const lead = chain[0];
  if (!lead) return null;
  const segments: StorySegment[] = [];
  for (const article of chain) {
    const pages = blockPages(frames, article);
    const startPage = pagesOf(frames, article.id)[0] ?? pages[0] ?? 0;
    let segment: StorySegment = { article, page: startPage, blocks: [], head: true };
    segments.push(segment);
    pages.forEach((page, i) => {
      if (page !== segment.page && segment.blocks.length > 0) {
        segment = { article, page, blocks: [], head: false };
        segments.push(segment);
      } else if (page !== segment.page) segment.page = page;
      segment.blocks.push(i);
    });
  }
  return { lead, page: segments[0]?.page ?? 0, segments };
}

/**
 * Every story of the edition in reading order: by the frame page it begins on, then by the order of
 * its first box there. Continuations are part of the story they continue, not stories of their own.
 */
export function readingOrder(edition: Edition, frames: FramePage[]): { lead: string; page: number }[] {
  const byId = articlesById(edition);
  const seen = new Set<string>();
  const out: { lead: string; page: number }[] = [];
  for (const [i, page] of frames.entries()) {
    for (const box of page.boxes) {
      if (!box.article || seen.has(box.article) || !byId.has(box.article)) continue;
      const chain = storyChain(edition, box.article, byId);
      for (const a of chain) seen.add(a.id);
      const lead = chain[0];
      if (lead) out.push({ lead: lead.id, page: pagesOf(frames, lead.id)[0] ?? i + 1 });
    }
  }
  return out;
}
