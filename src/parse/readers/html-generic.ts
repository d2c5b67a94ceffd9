/**
 * Any other HTML page: scraped portal pages and HTML exports. The article is found by text density
 * (./density.ts); its headline is the page's <h1> (or the first part of its <title>), the metadata line
 * near it (date, 来源) goes to the page facts. A page that is mostly text already (an HTML export) is
 * read whole.
 */
import type { Element, Root } from 'hast';
import { blocksFromHast, type PageHints, type RawBlock, type ReadResult } from '../blocks.js';
import { isoDate } from '../front.js';
import { endsSentence, parseMetaLine } from '../patterns.js';
import type { Reader } from './types.js';
import { attr, findAll, findFirst, makeBlock, parseHtml, textOf, withDepth } from './hast.js';
import { mainContent, pruneChrome } from './density.js';
import { looseDate } from './text-lines.js';
import { paperFromTitle } from './site.js';

const HTML_START = /^<(?:!doctype|html|head|body|div|p|rt|span|b|i|table|section|article|meta|script|ul|li|font)\b/i;

export const htmlGenericReader: Reader = {
  name: 'html',
  sniff({ name, text }) {
    if (/\.x?html?$/i.test(name)) return 0.5;
    return HTML_START.test(text.trimStart()) ? 0.5 : 0;
  },
  read({ text }) {
    const root = parseHtml(text);
    return withDepth(root, readGenericHtml(root));
  },
};

const contains = (outer: Element, inner: Element): boolean => outer === inner || outer.children.some((c) => c.type === 'element' && contains(c, inner));

/** A page with little markup around its text (an export, a fragment): read whole. */
function isDocumentLike(root: Root): boolean {
  const links = findAll(root, (e) => e.tagName === 'a').length;
  const scripts = findAll(root, (e) => e.tagName === 'script' || e.tagName === 'link' || e.tagName === 'iframe').length;
  return links <= 3 && scripts <= 2;
}

export function readGenericHtml(root: Root): ReadResult {
  if (isDocumentLike(root)) return blocksFromHast(root, 'html');
  const main = mainContent(root);
  if (!main) return blocksFromHast(root, 'html');
  const hints: PageHints & { meta: Record<string, string> } = { meta: {} };
  const title = findFirst(root, (e) => e.tagName === 'title');
  const titleText = title ? textOf({ type: 'root', children: title.children }) : '';
  const h1s = findAll(root, (e) => e.tagName === 'h1' && textOf(e).length >= 4 && textOf(e).length <= 80 && !contains(e, main));
  const h1 = h1s.find((e) => titleText.includes(textOf(e).slice(0, 8))) ?? h1s[0] ?? null;
  const inside = h1 !== null && contains(main, h1);
  if (h1 && !inside) metaNear(root, h1, main, hints);
  const lead = h1 && !inside ? leadPhotos(root, h1, main) : [];
  if (h1 && inside) detach(main, h1);
  pruneChrome(main);
  const captions = centredCaptions(main);
  const result = blocksFromHast({ type: 'root', children: [main] }, 'html');
  result.blocks = result.blocks.flatMap(splitBrokenParagraph).map((b) => {
    b.lines = b.lines.map((l) => l.replace(/^[\s\u3000]+/, ''));
    if (b.kind === 'paragraph' && captions.has(b.lines.join(''))) b.role = 'caption';
    return b;
  });
  result.hints = hints;
  hints.captionsMarked = true;
  result.blocks.unshift(...lead);
  if (h1) {
    // One article under its <h1>: the page says where it starts, so nothing more is guessed.
    const head = makeBlock('heading', h1, [textOf(h1)], { depth: 1, role: 'headline' });
    head.articleStart = true;
    result.blocks.unshift(head);
    hints.structured = true;
  } else if (titleText && !findFirst(main, (e) => /^h[1-3]$/.test(e.tagName))) {
    const head = titleText.split(/\s*(?:--|_|\||｜| - )\s*/)[0]!.trim();
    if (head) result.blocks.unshift(makeBlock('heading', title, [head], { depth: 1 }));
  }
  hints.paper = null;
  if (!hints.date) {
    for (const e of findAll(root, (x) => !x.children.some((c) => c.type === 'element' && !['a', 'span', 'font', 'b', 'strong'].includes(c.tagName)))) {
      const t = textOf(e);
      const m = t.length <= 160 ? /(?:发布日期|發佈日期|发布时间|發佈時間|發布時間|出版時間|出版时间|日期|時間|时间)\s*[:：]\s*(\d{4}[-/.年]\d{1,2}[-/.月]\d{1,2})/.exec(t) : null;
      if (m) {
        hints.date = looseDate(m[1]!) ?? isoDate(m[1]!);
        break;
      }
    }
  }
  const site = titleText.split(/\s*(?:--|_|\||｜| - )\s*/).slice(1).map(paperFromTitle).find(Boolean);
  if (site) hints.meta.site = site;
  return result;
}

/** Short centred lines under the blank space a picture left: its captions ("活动现场"). */
export function centredCaptions(main: Element): Set<string> {
  const out = new Set<string>();
  const small = (x: Element) => {
    const kids = x.children.filter((c) => !(c.type === 'text' && c.value.trim().replace(/\u3000/g, '') === ''));
    const only = kids.length === 1 && kids[0]!.type === 'element' ? kids[0] : null;
    return !!only && (only.tagName === 'small' || /caption/i.test(attr(only, 'className')) || /font-size:\s*(?:[0-9](?:\.\d+)?pt|1[0-3]px|small)/i.test(attr(only, 'style')));
  };
  const centred = (x: Element) =>
    x.tagName === 'center' || x.tagName === 'figcaption' || /caption/i.test(attr(x, 'className')) || ((x.tagName === 'p' || x.tagName === 'div') && (/center/i.test(attr(x, 'align') + attr(x, 'style')) || small(x)));
  for (const parent of findAll(main, (x) => x.children.some((c) => c.type === 'element' && centred(c)))) {
    const kids = parent.children.filter((c): c is Element => c.type === 'element');
    kids.forEach((e, k) => {
      if (!centred(e)) return;
      const t = textOf(e).replace(/^[\s\u3000]+/, '');
      const prev = kids[k - 1];
      // Right under a picture, or under the blank space a removed picture left.
      const underPicture = prev && (findFirst(prev, (x) => x.tagName === 'img') !== null || (prev.tagName === 'img') || textOf(prev) === '');
      if (t && t.length <= 80 && underPicture && !/^[《〈—]/.test(t) && !findFirst(e, (x) => x.tagName === 'img')) out.add(t);
    });
  }
  return out;
}

function detach(scope: Element, target: Element): void {
  for (const e of findAll(scope, (x) => x.children.includes(target))) e.children = e.children.filter((c) => c !== target);
}

/** A paragraph of several sentence lines (<br> between paragraphs): one block per line. */
function splitBrokenParagraph(b: RawBlock): RawBlock[] {
  if (b.kind !== 'paragraph' || b.lines.length < 2 || !b.lines.some((l) => l.length > 30 && endsSentence(l))) return [b];
  return b.lines.map((l, i) => ({ ...b, lines: [l], images: i === 0 ? b.images : [], gapBefore: i === 0 ? b.gapBefore : 0 }));
}

const CHROME_IMG = /logo|icon|ico_|btn|button|share|qrcode|erweima|\.gif(?:$|\?)|ad[-_]|banner/i;

/** The lead picture printed between the headline and the text, with its caption (figcaption or the next line). */
function leadPhotos(root: Root, h1: Element, main: Element): RawBlock[] {
  const all = findAll(root, () => true);
  const from = all.indexOf(h1);
  const to = all.indexOf(main);
  if (to <= from) return [];
  const out: RawBlock[] = [];
  for (const e of all.slice(from + 1, to)) {
    if (e.tagName !== 'img' || CHROME_IMG.test(attr(e, 'src')) || contains(main, e)) continue;
    out.push(makeBlock('paragraph', e, [], { images: [attr(e, 'src')] }));
    const after = all.slice(all.indexOf(e) + 1, to).find((x) => x.tagName === 'figcaption' || (x.tagName === 'p' && textOf(x) !== ''));
    if (after) out.push(makeBlock('paragraph', after, [textOf(after)], { role: 'caption' }));
  }
  return out;
}

/** The date and 来源 line printed between the headline and the text. */
function metaNear(root: Root, h1: Element, main: Element, hints: PageHints & { meta: Record<string, string> }): void {
  const all = findAll(root, () => true);
  const from = all.indexOf(h1);
  const to = all.indexOf(main);
  const between = (to > from ? all.slice(from + 1, to) : all.slice(from + 1, from + 40)).filter((e) => !e.children.some((c) => c.type === 'element' && !['a', 'span', 'font', 'b', 'em', 'strong'].includes(c.tagName)));
  for (const e of between) {
    const t = textOf(e);
    if (!t || t.length > 120) continue;
    const date = isoDate(t) ?? looseDate(t);
    if (date && !hints.date) hints.date = date;
    const pairs = parseMetaLine(t.replace(/\s+/g, ' '));
    if (pairs) Object.assign(hints.meta, Object.fromEntries(Object.entries(pairs).filter(([, v]) => v)));
  }
}
