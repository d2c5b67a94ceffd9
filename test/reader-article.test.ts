/**
 * The article view: every body character of every article appears in it, a story continued on other
 * pages shows all its parts joined in order with marks linking to those pages, neighbours follow the
 * reading order, and the 繁/简 conversion applies to all text.
 */
import { describe, expect, test } from 'vitest';
import { unified } from 'unified';
import rehypeParse from 'rehype-parse';
import { toText } from 'hast-util-to-text';
import type { Root, Element } from 'hast';
import { visit } from 'unist-util-visit';
import type { Article } from '../src/model/schema.js';
import type { FramePage } from '../src/layout/types.js';
import { converter, readingOrder, renderArticleView, storyChain, type ArticleLinks } from '../src/render/article/index.js';
import { sampleEditions, type BuiltSample } from './reader-editions.js';

const links: ArticleLinks = {
  page: (n, a) => `/page/${n}${a ? `#${a}` : ''}`,
  read: (n, a) => `/read/${n}/${a}`,
  image: (f) => `/img/${f}`,
};
const squash = (s: string) => s.replace(/\s+/g, '');

function parse(html: string): Root {
  return unified().use(rehypeParse, { fragment: true }).parse(html);
}

/** Every string of an article a reader must find: headline cluster, byline, body, captions, credits. */
function articleStrings(a: Article): string[] {
  const out = [a.kicker, a.headline, a.deck, a.byline, a.dateline, a.logo];
  for (const b of a.body) out.push(b.text, ...(b.items ?? []), b.caption ?? null, b.credit ?? null);
  return out.filter((s): s is string => !!s && squash(s).length > 0);
}

function view(e: BuiltSample, id: string, convert?: (s: string) => string) {
  const v = renderArticleView({ edition: e, frames: e.layout.pages, article: id, links, ...(convert ? { convert } : {}) });
  if (!v) throw new Error(`no article view for ${e.id} ${id}`);
  return v;
}

describe('article view', async () => {
  const editions = await sampleEditions();
  const byId = (id: string) => editions.find((e) => e.id === id) as BuiltSample;

  test.each(editions.map((e) => [e.id, e] as const))('%s: every body character of every article appears', (_id, e) => {
    const covered = new Set<string>();
    for (const { lead } of readingOrder(e, e.layout.pages)) {
      const v = view(e, lead);
      const text = squash(toText(parse(v.html)));
      for (const a of storyChain(e, lead)) {
        covered.add(a.id);
        for (const s of articleStrings(a)) expect(text, `${e.id} ${a.id}`).toContain(squash(s));
      }
      const tree = parse(v.html);
      let h1 = 0;
      visit(tree, 'element', (el: Element) => {
        if (el.tagName === 'h1') h1++;
      });
      expect(h1).toBe(1);
    }
    const all = e.pages.flatMap((p) => p.articles.map((a) => a.id));
    expect([...covered].sort()).toEqual([...all].sort());
  });

  test('a printed continuation is joined to its story, with marks linking to both pages', () => {
    const e = byId('two-pages');
    const v = view(e, 'p2-a1');
    expect(v.story.lead.id).toBe('p1-a1');
    expect(v.story.segments.map((s) => [s.article.id, s.page])).toEqual([
      ['p1-a1', 1],
      ['p2-a1', 2],
    ]);
    expect(v.html).toContain('<a href="/page/2#p2-a1">续见第2版</a>');
    expect(v.html).toContain('<a href="/page/1#p1-a1">▲ 接第1版</a>');
    expect(v.html.indexOf('续见第2版')).toBeLessThan(v.html.indexOf('▲ 接第1版'));
    const first = e.pages[0]?.articles[0]?.body[0]?.text as string;
    const second = e.pages[1]?.articles[0]?.body[0]?.text as string;
    expect(v.html.indexOf(first)).toBeLessThan(v.html.indexOf(second));
  });

  test('a generated continuation (one article set on two pages) is joined with marks', () => {
    const e = structuredClone(byId('two-pages'));
    const page2 = e.layout.pages[1] as FramePage;
    const box = page2.boxes.find((b) => b.article === 'p2-a2' && b.kind === 'article');
    if (!box) throw new Error('fixture changed: no p2-a2 box');
    // Move the lines of the article's last block to a new page 3, as layout does when it continues an
    // article itself (the same id on both pages).
    const blocks = [...new Set(box.lines.flatMap((l) => (l.part ? [l.part.block] : [])))].sort((x, y) => x - y);
    expect(blocks.length).toBeGreaterThan(1);
    const split = blocks[blocks.length - 1] as number;
    const moved = box.lines.filter((l) => l.part && l.part.block >= split);
    box.lines = box.lines.filter((l) => !moved.includes(l));
    for (const other of page2.boxes) if (other !== box && other.article === 'p2-a2') other.lines = other.lines.filter((l) => !(l.part && l.part.block >= split));
    e.layout.pages.push({ ...page2, number: 3, code: '03', boxes: [{ ...box, lines: moved }] });
    const v = renderArticleView({ edition: e, frames: e.layout.pages, article: 'p2-a2', links });
    expect(v?.story.segments.map((s) => s.page)).toEqual([2, 3]);
    expect(v?.html).toContain('<a href="/page/3#p2-a2">续见第3版</a>');
    expect(v?.html).toContain('<a href="/page/2#p2-a2">▲ 接第2版</a>');
    expect(v?.story.segments.map((s) => s.blocks)).toEqual([[...Array(split).keys()], [...Array((e.pages[1]?.articles[1]?.body.length ?? 0) - split).keys()].map((i) => i + split)]);
    const section2 = v?.html.indexOf('<section class="ep-part" data-page="3"') ?? -1;
    expect(section2).toBeGreaterThan(v?.html.indexOf('续见第3版') ?? Infinity);
    expect(v?.html.indexOf('▲ 接第2版')).toBeGreaterThan(section2);
  });

  test('previous and next follow the reading order, without continuations as stories of their own', () => {
    const e = byId('two-pages');
    expect(readingOrder(e, e.layout.pages).map((o) => o.lead)).toEqual(['p1-a1', 'p2-a2']);
    const first = view(e, 'p1-a1');
    expect(first.prev).toBeNull();
    expect(first.next?.href).toBe('/read/2/p2-a2');
    expect(view(e, 'p2-a2').prev?.href).toBe('/read/1/p1-a1');
  });

  test('sample 003 converts from traditional to simplified and back', () => {
    const e = byId('003-web-interview');
    expect(e.lang).toBe('zh-Hant');
    const own = view(e, 'p1-a1');
    const hans = view(e, 'p1-a1', converter(e.lang, 'hans'));
    expect(own.title).toContain('兩會專訪');
    expect(hans.title).toContain('两会专访');
    expect(hans.html).not.toContain('兩會');
    expect(view(e, 'p1-a1', converter(e.lang, 'hant')).html).toBe(own.html);
  });

  test('a missing article gives null', () => {
    expect(renderArticleView({ edition: byId('two-pages'), frames: [], article: 'p9-a9', links })).toBeNull();
  });
});
