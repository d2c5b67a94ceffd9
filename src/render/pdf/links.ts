/**
 * Navigation in the edition PDF: a named destination per page and per article box, link annotations
 * for jump and teaser lines, and the outline of pages and headlines.
 */
import type { FrameLine, FramePage } from '../../layout/types.js';
import type { Article, Edition } from '../../model/schema.js';
import { pageSlug } from '../../layout/index.js';
import { round3 } from './numbers.js';
import type { PdfPage, PdfRef, PdfWriter } from './pdfkit.js';

/** A named destination: the top left corner of a box (frame coordinates) on a page. */
interface Destination {
  name: string;
  pageIndex: number;
  x: number;
  y: number;
}

export interface OutlineEntry {
  title: string;
  /** Named destination the entry opens. */
  dest: string;
  /** The article an entry below a page stands for. */
  article?: string;
  children: OutlineEntry[];
}

/** Destinations, titles and the outline of an edition PDF. */
export interface ArchiveContext {
  destinations: Destination[];
  /** `${article id}\0${page code}` → destination name. */
  articleDest: Map<string, string>;
  /** Article id → the destination of its first box in the edition. */
  firstDest: Map<string, string>;
  /** Page code → destination of the page's top. */
  pageDest: Map<string, string>;
  /** Article id → title (headline, else the first words of its text). */
  titles: Map<string, string>;
  outline: OutlineEntry[];
}

const TITLE_CHARS = 16;

/** Destination name of an article's first box on a page: its id on the first page it appears on, else id@page ("p1-a2@3", "p1-a2@B01"). */
export function articleDestinationName(articleId: string, pageCode: string, first: boolean): string {
  return first ? articleId : `${articleId}@${pageSlug(pageCode)}`;
}

/** Destination name of the top of a page ("page-02", "page-B01"). */
export function pageDestinationName(pageCode: string): string {
  return `page-${pageCode}`;
}

/** Outline title of an article: its headline, else the first words of its text. */
export function articleTitle(article: Article): string {
  const clean = (s: string | null | undefined) => (s ?? '').replace(/\s+/gu, ' ').trim();
  const cut = (s: string) => ([...s].length > TITLE_CHARS ? `${[...s].slice(0, TITLE_CHARS).join('')}…` : s);
  const headline = clean(article.headline);
  if (headline) return headline;
  for (const block of article.body) {
    const text = clean(block.text ?? (block.items ?? []).join(' '));
    if (text) return cut(text);
  }
  for (const text of [article.kicker, article.deck]) if (clean(text)) return cut(clean(text));
  return article.id;
}

/**
 * The edition PDF's outline: one entry per page ("01 要闻", "B01 副刊"), holding the headlines of the articles set
 * on it in reading order, continued ones marked （续）.
 */
export function editionOutline(pages: FramePage[], edition: Edition): OutlineEntry[] {
  return archiveContext(pages, edition).outline;
}

export function archiveContext(pages: FramePage[], edition: Edition): ArchiveContext {
  const ctx: ArchiveContext = { destinations: [], articleDest: new Map(), firstDest: new Map(), pageDest: new Map(), titles: new Map(), outline: [] };
  const articles = new Map<string, Article>();
  for (const page of edition.pages) for (const article of page.articles) if (!articles.has(article.id)) articles.set(article.id, article);
  const used = new Set<string>();
  const unique = (name: string, pageIndex: number) => {
    const out = used.has(name) ? `${name}.${pageIndex + 1}` : name;
    used.add(out);
    return out;
  };
  pages.forEach((page, pageIndex) => {
    const pageName = unique(pageDestinationName(page.code), pageIndex);
    ctx.destinations.push({ name: pageName, pageIndex, x: 0, y: 0 });
    if (!ctx.pageDest.has(page.code)) ctx.pageDest.set(page.code, pageName);
    const model = edition.pages[pageIndex];
    const section = (model?.section ?? model?.folio?.section ?? '').trim();
    const entry: OutlineEntry = { title: section ? `${page.code} ${section}` : page.code, dest: pageName, children: [] };
    for (const box of page.boxes) {
      if (box.kind !== 'article' || !box.article) continue;
      const key = `${box.article}\u0000${page.code}`;
      if (ctx.articleDest.has(key)) continue;
      const first = !ctx.firstDest.has(box.article);
      const name = unique(articleDestinationName(box.article, page.code, first), pageIndex);
      ctx.destinations.push({ name, pageIndex, x: box.x, y: box.y });
      ctx.articleDest.set(key, name);
      if (first) ctx.firstDest.set(box.article, name);
      const article = articles.get(box.article);
      const title = article ? articleTitle(article) : box.article;
      ctx.titles.set(box.article, title);
      const continued = !first || article?.continues != null;
      entry.children.push({ title: continued && !title.endsWith('（续）') ? `${title}（续）` : title, dest: name, article: box.article, children: [] });
    }
    ctx.outline.push(entry);
  });
  return ctx;
}

/**
 * The named destination of a resolved jump or teaser line (the layout resolved it): the target
 * article's box on the target page, or the page itself.
 */
export function linkDestination(ctx: ArchiveContext, line: FrameLine): { dest: string; contents: string } | null {
  const link = line.link;
  if (!link || !link.resolved || link.code == null) return null;
  const dest = (link.article ? ctx.articleDest.get(`${link.article}\u0000${link.code}`) : undefined) ?? ctx.pageDest.get(link.code);
  if (!dest) return null;
  const title = link.article ? ctx.titles.get(link.article) : undefined;
  return { dest, contents: `${line.text.trim()}：第${link.code}版${title ? ` ${title}` : ''}` };
}

/** A link annotation: an invisible rectangle going to a page (explicit destination) or a named destination. */
export function writeLinkAnnotation(
  writer: PdfWriter,
  from: PdfPage,
  rect: number[],
  target: { page: PdfPage } | { dest: string; contents: string; structParent: number },
): PdfRef {
  const tagged = 'dest' in target;
  const annotation = writer.object({
    Type: 'Annot',
    Subtype: 'Link',
    Rect: rect,
    Border: [0, 0, 0],
    F: 4,
    ...(tagged ? { Contents: new String(target.contents), StructParent: target.structParent } : {}),
    A: { S: 'GoTo', D: tagged ? new String(target.dest) : [writer.pageRef(target.page), 'Fit'] },
  });
  writer.annotate(from, annotation);
  return annotation;
}

/** The Dests name tree, its names in byte order. */
export function writeDestinations(writer: PdfWriter, ctx: ArchiveContext, pageList: PdfPage[], pages: FramePage[]): void {
  const sorted = [...ctx.destinations].sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  const names: unknown[] = [];
  for (const d of sorted) {
    const page = pages[d.pageIndex] as FramePage;
    names.push(new String(d.name), [writer.pageRef(pageList[d.pageIndex] as PdfPage), 'XYZ', round3(d.x), round3(page.height - d.y), null]);
  }
  writer.setNames('Dests', writer.object({ Names: names }));
}

/** Writes one level of the outline below `parent`; returns its first and last entry and the count of open entries. */
function writeOutlineLevel(writer: PdfWriter, entries: OutlineEntry[], parent: PdfRef): { first: PdfRef; last: PdfRef; count: number } {
  const refs = entries.map(() => writer.reserve());
  let count = 0;
  entries.forEach((entry, i) => {
    const ref = refs[i] as PdfRef;
    const data: Record<string, unknown> = { Title: new String(entry.title), Parent: parent, Dest: new String(entry.dest) };
    if (i > 0) data.Prev = refs[i - 1];
    if (i < entries.length - 1) data.Next = refs[i + 1];
    count += 1;
    if (entry.children.length > 0) {
      const sub = writeOutlineLevel(writer, entry.children, ref);
      data.First = sub.first;
      data.Last = sub.last;
      data.Count = sub.count;
      count += sub.count;
    }
    writer.fill(ref, data);
  });
  return { first: refs[0] as PdfRef, last: refs[refs.length - 1] as PdfRef, count };
}

/** The document outline, every entry open and pointing at a named destination. */
export function writeOutline(writer: PdfWriter, ctx: ArchiveContext): void {
  if (ctx.outline.length === 0) return;
  const root = writer.reserve();
  const top = writeOutlineLevel(writer, ctx.outline, root);
  writer.fill(root, { Type: 'Outlines', First: top.first, Last: top.last, Count: top.count });
  writer.setCatalog('Outlines', root);
  writer.setCatalog('PageMode', 'UseOutlines');
}
