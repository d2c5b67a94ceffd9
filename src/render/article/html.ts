/**
 * The article view as HTML: a story's headline cluster, byline and body set for reading, with all
 * its parts joined in order and each join marked with a link to the page it continues on / from.
 * A pure function of the edition model and its frames; the text goes through `convert` (繁/简) when
 * one is given.
 */
import type { Article, Block, Edition } from '../../model/schema.js';
import type { FramePage } from '../../layout/types.js';
import { readingOrder, storyOf, type Story, type StorySegment } from './parts.js';

export interface ArticleLinks {
  /** The page view at a page, optionally at an article on it. */
  page(page: number, article?: string | null): string;
  /** The article view of the story led by `article` on `page`. */
  read(page: number, article: string): string;
  /** A photo file of the edition's images/ folder, or null when it cannot be shown. */
  image?(file: string): string | null;
}

export interface ArticleViewOptions {
  edition: Edition;
  frames: FramePage[];
  /** Any article of the story (a continuation leads to the whole story). */
  article: string;
  links: ArticleLinks;
  /** Text conversion applied to every string shown (繁/简); identity by default. */
  convert?: (text: string) => string;
  /** How a frame page is named in join marks ("第2版"); defaults to 第<n>版. */
  pageName?: (page: number) => string;
}

export interface ArticleNeighbour {
  page: number;
  article: string;
  headline: string;
  href: string;
}

export interface ArticleView {
  story: Story;
  /** The headline (or, when there is none, the opening words) as plain text. */
  title: string;
  /** A plain-text summary for meta description and share cards. */
  description: string;
  /** `<article>` … `</article>`. */
  html: string;
  prev: ArticleNeighbour | null;
  next: ArticleNeighbour | null;
}

export function esc(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
}

/** The plain text of an article's first body paragraphs, cut to about `max` characters. */
export function openingText(article: Article, max = 120): string {
  let text = '';
  for (const b of article.body) {
    const t = b.text ?? b.items?.join('') ?? '';
    if (b.type === 'photo' || !t) continue;
    text += t;
    if ([...text].length >= max) break;
  }
  const chars = [...text.replace(/\s+/g, ' ').trim()];
  return chars.length > max ? `${chars.slice(0, max).join('')}…` : chars.join('');
}

/** The headline shown for an article: its headline, else its kicker, else its opening words. */
export function articleTitle(article: Article): string {
  return article.headline ?? article.kicker ?? (openingText(article, 24) || article.id);
}

function blockHtml(block: Block, links: ArticleLinks, t: (s: string) => string): string {
  switch (block.type) {
    case 'paragraph':
      return `<p>${esc(t(block.text ?? ''))}</p>`;
    case 'subhead': {
      const level = Math.min(6, 1 + (block.level ?? 1));
      return `<h${level} class="ep-sub">${esc(t(block.text ?? ''))}</h${level}>`;
    }
    case 'list': {
      const tag = block.ordered ? 'ol' : 'ul';
      return `<${tag}>${(block.items ?? []).map((i) => `<li>${esc(t(i))}</li>`).join('')}</${tag}>`;
    }
    case 'callout':
      return `<p class="ep-callout">${esc(t(block.text ?? ''))}</p>`;
    case 'quote':
      return `<blockquote><p>${esc(t(block.text ?? ''))}</p></blockquote>`;
    case 'photo': {
      const src = block.src && links.image ? links.image(block.src) : null;
      const alt = block.caption ? t(block.caption) : '';
      const img = src ? `<img src="${esc(src)}" alt="${esc(alt)}" loading="lazy" decoding="async">` : '<div class="ep-noimg" aria-hidden="true"></div>';
      const caption = [block.caption ? `<span>${esc(t(block.caption))}</span>` : '', block.credit ? `<span class="ep-credit">${esc(t(block.credit))}</span>` : '']
        .filter(Boolean)
        .join(' ');
      return `<figure>${img}${caption ? `<figcaption>${caption}</figcaption>` : ''}</figure>`;
    }
  }
}

function headCluster(article: Article, level: 1 | 2, leadHeadline: string | null, t: (s: string) => string): string {
  const out: string[] = [];
  if (level === 2 && article.headline && article.headline === leadHeadline) return '';
  if (article.logo) out.push(`<p class="ep-logo">${esc(t(article.logo))}</p>`);
  if (article.kicker) out.push(`<p class="ep-kicker">${esc(t(article.kicker))}</p>`);
  const headline = article.headline ?? (level === 1 ? articleTitle(article) : null);
  if (headline) out.push(`<h${level} class="ep-headline">${esc(t(headline))}</h${level}>`);
  if (article.deck) out.push(`<p class="ep-deck">${esc(t(article.deck))}</p>`);
  // Most city-daily stories print dateline and byline at the start of the first paragraph
  // ("株洲日报讯(全媒体记者/周嵩)"); they are shown again only when the body does not hold them.
  const body = article.body.slice(0, 2).map((b) => b.text ?? '').join('');
  const byline = [article.dateline, article.byline].filter((s): s is string => !!s && !body.includes(s)).join(' ');
  if (byline) out.push(`<p class="ep-byline">${esc(t(byline))}</p>`);
  return out.length ? `<header>${out.join('')}</header>` : '';
}

function joinMark(text: string, href: string, cls: string): string {
  return `<p class="ep-join ${cls}"><a href="${esc(href)}">${esc(text)}</a></p>`;
}

function segmentHtml(story: Story, i: number, opts: ArticleViewOptions, t: (s: string) => string): string {
  const seg = story.segments[i] as StorySegment;
  const prev = story.segments[i - 1];
  const next = story.segments[i + 1];
  const name = opts.pageName ?? ((n: number) => `第${n}版`);
  const out: string[] = [`<section class="ep-part" data-page="${seg.page}" data-article="${esc(seg.article.id)}">`];
  if (prev && prev.page !== seg.page) out.push(joinMark(`▲ 接${name(prev.page)}`, opts.links.page(prev.page, prev.article.id), 'ep-join-from'));
  if (seg.head && i > 0) out.push(headCluster(seg.article, 2, story.lead.headline, t));
  for (const b of seg.blocks) out.push(blockHtml(seg.article.body[b] as Block, opts.links, t));
  if (next && next.page !== seg.page) out.push(joinMark(`续见${name(next.page)}`, opts.links.page(next.page, next.article.id), 'ep-join-to'));
  out.push('</section>');
  return out.join('');
}

function neighbour(opts: ArticleViewOptions, entry: { lead: string; page: number } | undefined): ArticleNeighbour | null {
  if (!entry) return null;
  const article = opts.edition.pages.flatMap((p) => p.articles).find((a) => a.id === entry.lead);
  if (!article) return null;
  const t = opts.convert ?? ((s: string) => s);
  return { page: entry.page, article: entry.lead, headline: t(articleTitle(article)), href: opts.links.read(entry.page, entry.lead) };
}

/** The article view of the story holding `opts.article`, or null when the edition has no such article. */
export function renderArticleView(opts: ArticleViewOptions): ArticleView | null {
  const story = storyOf(opts.edition, opts.frames, opts.article);
  if (!story) return null;
  const t = opts.convert ?? ((s: string) => s);
  const order = readingOrder(opts.edition, opts.frames);
  const at = order.findIndex((o) => o.lead === story.lead.id);
  const prev = neighbour(opts, at > 0 ? order[at - 1] : undefined);
  const next = neighbour(opts, at >= 0 ? order[at + 1] : undefined);
  const parts = story.segments.map((_, i) => segmentHtml(story, i, opts, t));
  const nav = [
    prev ? `<a class="ep-prev" rel="prev" href="${esc(prev.href)}"><span>上一篇</span>${esc(prev.headline)}</a>` : '',
    next ? `<a class="ep-next" rel="next" href="${esc(next.href)}"><span>下一篇</span>${esc(next.headline)}</a>` : '',
  ].join('');
  const html = [
    `<article class="ep-read" id="ep-article" data-article="${esc(story.lead.id)}" data-page="${story.page}">`,
    headCluster(story.lead, 1, null, t),
    ...parts,
    nav ? `<nav class="ep-around" aria-label="上一篇和下一篇">${nav}</nav>` : '',
    '</article>',
  ].join('\n');
  return {
    story,
    title: t(articleTitle(story.lead)),
    description: t(story.lead.deck ?? openingText(story.lead)),
    html,
    prev,
    next,
  };
}
