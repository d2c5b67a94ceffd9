/**
 * Founder (方正) digital-newspaper article pages (content_NNN.htm) and the pad edition's fragments: the
 * title rows (<founder-title>, npm:article-* comments, font#intro-title / #main-title / #sub-title), the
 * author row, photos in tables with their caption cell, the body in <founder-content> / <!--enpcontent-->,
 * and the enpproperty trailer, whose metadata beats anything read from the page.
 */
import type { Element, Root } from 'hast';
import type { PageHints, RawBlock, ReadResult } from '../blocks.js';
import { isoDate } from '../front.js';
import { pageCode, pageNumber } from '../patterns.js';
import type { Reader } from './types.js';
import {
  attr, comments, elementChildren, enpProperties, findAll, findFirst, idOf, isHidden, isStrongOnly, makeBlock,
  parseHtml, rawText, textOf, collapse, withDepth,
} from './hast.js';
import { paperFromTitle } from './site.js';
import { append } from '../append.js';

const MARKERS = /<founder-content|<!--\s*enpcontent\s*-->|<!--\s*enpproperty|<founder-title/i;

export const founderContentReader: Reader = {
  name: 'founder-content',
  sniff({ text }) {
    return MARKERS.test(text) ? 0.9 : 0;
  },
  read({ text, name }) {
    const root = parseHtml(text);
    return withDepth(root, readFounderContent(root, text, /(content_\d+)\.html?$/i.exec(name)?.[1] ?? null));
  },
};

interface Titles {
  kicker: string | null;
  headline: string | null;
  deck: string | null;
  author: string | null;
  date: string | null;
  pagenum: string | null;
  headNode: Element | null;
}

/** The text an npm marker comment (<!--<npm:article-title>-->) opens, up to its closing comment. */
function markedText(scope: Element | Root, name: string): { text: string; node: Element | null } | null {
  for (const { comment, parent } of comments(scope)) {
    if (!parent || comment.value.trim() !== `<npm:${name}>`) continue;
    const kids = parent.children;
    const start = kids.indexOf(comment);
    let raw = '';
    for (let k = start + 1; k < kids.length; k++) {
      const c = kids[k]!;
      if (c.type === 'comment' && c.value.trim() === `</npm:${name}>`) break;
      raw += rawText(c);
    }
    return { text: collapse(raw), node: parent };
  }
  return null;
}

const byId = (scope: Element | Root, id: string) => findFirst(scope, (e) => idOf(e) === id);

function readTitles(scope: Element | Root, props: Record<string, string>): Titles {
  const pick = (id: string, marker: string, tag?: string) => {
    const e = byId(scope, id) ?? (tag ? findFirst(scope, (x) => x.tagName === tag) : null);
    if (e) return { text: textOf(e), node: e };
    return markedText(scope, marker);
  };
  const kicker = pick('intro-title', 'article-pretitle');
  const head = pick('main-title', 'article-title', 'founder-title');
  const deck = pick('sub-title', 'article-subtitle');
  const author = pick('author', 'article-author', 'founder-author');
  const layout = byId(scope, 'nowLayout');
  const authorIsDate = author?.text && isoDate(author.text) && author.text.replace(/[\d年月日\s:-]/g, '') === '';
  const nonEmpty = (s: string | null | undefined) => (s && s.trim() !== '' ? s.trim() : null);
  return {
    kicker: nonEmpty(props.introtitle) ?? nonEmpty(props.pretitle) ?? nonEmpty(kicker?.text),
    headline: nonEmpty(props.title) ?? nonEmpty(head?.text),
    deck: nonEmpty(props.subtitle) ?? nonEmpty(deck?.text),
    author: nonEmpty(props.author) ?? (authorIsDate ? null : nonEmpty(author?.text)),
    date: isoDate(props.date ?? '') ?? (authorIsDate ? isoDate(author!.text) : null),
    pagenum: nonEmpty(props.pagenum) ?? nonEmpty(layout ? textOf(layout) : null),
    headNode: head?.node ?? null,
  };
}

const CHROME_IMG = /tplimg|\/images?\/(?:ico|logo|btn)|\.gif(?:$|\?)|spacer|blank\./i;

/** Photos of an article outside its body: each <img> with the caption printed with it. */
function photosOutside(scope: Element | Root, body: Element): RawBlock[] {
  const out: RawBlock[] = [];
  const imgs = findAll(scope, (e, chain) => e.tagName === 'img' && !chain.includes(body) && !CHROME_IMG.test(attr(e, 'src')));
  for (const img of imgs) {
    out.push(makeBlock('paragraph', img, [], { images: [attr(img, 'src')] }));
    const caption = captionOf(scope, img);
    if (caption) out.push(makeBlock('paragraph', caption.node, [caption.text], { role: 'caption' }));
  }
  return out;
}

function captionOf(scope: Element | Root, img: Element): { text: string; node: Element } | null {
  const marked = markedText(scope, 'article-pic-text');
  if (marked?.text && marked.node) return { text: marked.text, node: marked.node };
  // The caption paragraph printed right after the picture.
  const parents = findAll(scope, (e) => e.children.includes(img));
  const parent = parents[0];
  if (!parent) return null;
  const sibs = elementChildren(parent);
  const next = sibs[sibs.indexOf(img) + 1];
  if (next && next.tagName === 'p' && !isHidden(next)) {
    const t = textOf(next);
    if (t && t.length <= 200) return { text: t, node: next };
  }
  return null;
}

/** Body paragraphs of a <founder-content> (or #ozoom) element, hidden copies skipped. */
function bodyBlocks(body: Element): RawBlock[] {
  const out: RawBlock[] = [];
  const paras = findAll(body, (e, chain) => ['p', 'div'].includes(e.tagName) && !chain.some((c) => c !== body && ['p'].includes(c.tagName)) && !chain.some(isHidden) && !isHidden(e));
  const leaves = paras.filter((p) => p.tagName === 'p' || !findFirst(p, (x) => x.tagName === 'p' || x.tagName === 'div'));
  const used = leaves.length ? leaves : [body];
  for (const p of used) {
    for (const img of findAll(p, (e) => e.tagName === 'img' && !CHROME_IMG.test(attr(e, 'src')))) {
      out.push(makeBlock('paragraph', img, [], { images: [attr(img, 'src')] }));
    }
    const lines = rawText(p, { skipHidden: true }).split('\n').map(collapse).filter(Boolean);
    if (lines.length === 0) continue;
    out.push(makeBlock('paragraph', p, lines, { strong: isStrongOnly(p) }));
  }
  return out;
}

/** The element that holds one article: the widest ancestor of its body that holds no other body. */
function containerOf(root: Root, body: Element, bodies: Element[]): Element | Root {
  const chains = findAll(root, (e) => e === body, []);
  if (chains.length === 0) return root;
  let best: Element | Root = root;
  const ancestors: Element[] = [];
  const collect = (n: Element | Root, chain: Element[]): boolean => {
    for (const c of n.children) {
      if (c.type !== 'element') continue;
      if (c === body) {
        ancestors.push(...chain);
        return true;
      }
      if (collect(c, [...chain, c])) return true;
    }
    return false;
  };
  collect(root, []);
  for (const a of ancestors) {
    const inside = bodies.filter((b) => findAll(a, (e) => e === b).length > 0).length;
    if (inside === 1) {
      best = a;
      break;
    }
  }
  return bodies.length === 1 ? root : best;
}

export function readFounderContent(root: Root, text: string, fileRef: string | null): ReadResult {
  const result: ReadResult = { format: 'founder-content', blocks: [], frontMatter: null, problems: [], hints: { structured: true, meta: {} } };
  const hints = result.hints as PageHints & { meta: Record<string, string> };
  let bodies = findAll(root, (e) => e.tagName === 'founder-content');
  if (bodies.length === 0) bodies = findAll(root, (e) => idOf(e) === 'ozoom');
  // One trailer per article (pad fragments) or one for the page (classic template, after </html>).
  const trailers = [...text.matchAll(/<!--\s*enpproperty([\s\S]*?)\/enpproperty\s*-->/g)].map((m) => enpProperties(m[1]!));
  const seen = new Set<string>();
  bodies.forEach((body, index) => {
    const scope = containerOf(root, body, bodies);
    const own = comments(body).find((c) => /^\s*enpproperty/.test(c.comment.value));
    const props = own ? enpProperties(own.comment.value) : (trailers.length === bodies.length ? trailers[index]! : trailers.length === 1 ? trailers[0]! : {});
    const titles = readTitles(scope, props);
    const content = bodyBlocks(body);
    const key = `${titles.headline}\n${content.map((b) => b.lines.join('')).join('\n')}`;
    if (seen.has(key)) return; // the same article saved twice
    seen.add(key);
    const cluster: RawBlock[] = [];
    const at = titles.headNode ?? body;
    if (titles.kicker) cluster.push(makeBlock('heading', at, [titles.kicker], { role: 'kicker', depth: 2 }));
    cluster.push(makeBlock('heading', at, [titles.headline ?? ''], { role: 'headline', depth: 1 }));
    if (titles.deck) cluster.push(makeBlock('heading', at, [titles.deck], { role: 'deck', depth: 3 }));
    if (!titles.headline) cluster.splice(cluster.findIndex((b) => b.role === 'headline'), 1);
    if (cluster[0]) {
      cluster[0].articleStart = true;
      const ref = props.paperarticleid ? `content_${props.paperarticleid}` : bodies.length === 1 ? fileRef : null;
      if (ref) cluster[0].ref = ref;
    }
    if (titles.author) cluster.push(makeBlock('paragraph', at, [titles.author], { role: 'byline' }));
    append(result.blocks, cluster);
    append(result.blocks, photosOutside(scope, body));
    append(result.blocks, content);
    if (index === 0 || !hints.date) {
      hints.date ??= titles.date;
      if (titles.pagenum && !hints.code) {
        hints.code = pageCode(titles.pagenum);
        hints.number = pageNumber(titles.pagenum);
      }
      hints.paper ??= props.papername ?? null;
      if (props.url) hints.meta.url ??= props.url;
    }
  });
  pageFactsFromChrome(root, hints);
  return result;
}

/** Where the trailer is silent: the page title, the header's date and 第NN版 link. */
function pageFactsFromChrome(root: Root, hints: PageHints): void {
  const title = findFirst(root, (e) => e.tagName === 'title');
  hints.paper ??= title ? paperFromTitle(textOf({ type: 'root', children: title.children })) : null;
  const all = textOf(root).slice(0, 3000);
  hints.date ??= isoDate(all);
  if (!hints.code) {
    const m = /第\s*([A-Z]?\d{1,3})\s*版/.exec(all);
    if (m) {
      hints.code = pageCode(m[1]!);
      hints.number = pageNumber(m[1]!);
    }
  }
}
