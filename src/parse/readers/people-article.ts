/**
 * people.cn article pages: the 人民日报 e-paper article (div.article / div.text_c: h3 kicker, h1
 * headline, h2 deck, p.sec with the author and "《人民日报》（2017年10月16日 01 版）", photos in
 * table.pci_c, the text in div#ozoom — the hidden copy of it skipped) and the people.com.cn web article
 * (h3.pre, h1, div.box01 date and 来源, div#rwb_zw, div.edit 责编, 【1】【2】 pagination).
 */
import type { Element, Root } from 'hast';
import { blocksFromHast, type PageHints, type RawBlock, type ReadResult } from '../blocks.js';
import { isoDate } from '../front.js';
import { pageCode, pageNumber, parseMetaLine } from '../patterns.js';
import type { Reader } from './types.js';
import { attr, findAll, findFirst, hasClass, idOf, isHidden, makeBlock, parseHtml, textOf, withDepth } from './hast.js';
import { pruneChrome } from './density.js';
import { looseDate } from './text-lines.js';
import { centredCaptions } from './html-generic.js';

export const peopleArticleReader: Reader = {
  name: 'people-article',
  sniff({ text }) {
    const people = /people\.com\.cn|人民网|人民日报/.test(text.slice(0, 20000)) || /people\.com\.cn/.test(text);
    if (!people) return 0;
    const profile = /class\s*=\s*["']?(?:sec|pci_c|text_c|box01|rm_txt)\b|id\s*=\s*["']?(?:ozoom|rwb_zw)\b/.test(text);
    return profile ? 0.9 : 0;
  },
  read({ text }) {
    const root = parseHtml(text);
    return withDepth(root, readPeopleArticle(root));
  },
};

const first = (scope: Element | Root, test: (e: Element) => boolean) => findFirst(scope, (e) => !isHidden(e) && test(e));

/** "本报记者 张三 《 人民日报 》（ 2017年10月16日 01 版）" → byline, paper, date, page. */
export function parseSec(text: string): { byline: string | null; paper: string | null; date: string | null; page: string | null } {
  const m = /《\s*([^《》]{2,12}?)\s*》\s*[（(]\s*([^()（）]*?)\s*[)）]/.exec(text);
  const byline = (m ? text.slice(0, m.index) : text).replace(/[\s\u3000]+/g, ' ').trim() || null;
  const inner = m?.[2] ?? '';
  const page = /(?:第\s*)?([A-Z]?\d{1,3})\s*版/.exec(inner)?.[1] ?? null;
  return { byline, paper: m?.[1]?.trim() ?? null, date: isoDate(inner) ?? looseDate(inner), page };
}

export function readPeopleArticle(root: Root): ReadResult {
  const hints: PageHints & { meta: Record<string, string> } = { structured: true, captionsMarked: true, meta: {} };
  const scope = first(root, (e) => hasClass(e, 'article') || hasClass(e, 'text_c') || hasClass(e, 'rm_txt') || hasClass(e, 'text_title')) ?? root;
  const blocks: RawBlock[] = [];
  const h1 = first(scope, (e) => e.tagName === 'h1') ?? first(root, (e) => e.tagName === 'h1');
  const near = h1 ? findAll(root, (e) => e.children.includes(h1))[0] ?? scope : scope;
  const kicker = first(near, (e) => e.tagName === 'h3' && textOf(e) !== '');
  const deck = first(near, (e) => (e.tagName === 'h2' || e.tagName === 'h4') && textOf(e) !== '' && textOf(e).length <= 80);
  if (kicker) blocks.push(makeBlock('heading', kicker, [textOf(kicker)], { role: 'kicker', depth: 2 }));
  if (h1) blocks.push(makeBlock('heading', h1, [textOf(h1)], { role: 'headline', depth: 1 }));
  if (deck && deck !== kicker) blocks.push(makeBlock('heading', deck, [textOf(deck)], { role: 'deck', depth: 3 }));
  if (blocks[0]) blocks[0].articleStart = true;
  // p.sec: the author and the print date line.
  const sec = first(root, (e) => hasClass(e, 'sec') || hasClass(e, 'sha_left'));
  if (sec) {
    const s = parseSec(textOf(sec));
    if (s.byline) blocks.push(makeBlock('paragraph', sec, [s.byline], { role: 'byline' }));
    hints.paper = s.paper;
    hints.date = s.date;
    if (s.page) {
      hints.code = pageCode(s.page);
      hints.number = pageNumber(s.page);
    }
  }
  // The web article's date and source line.
  const box = first(root, (e) => hasClass(e, 'box01') || hasClass(e, 'col-1-1'));
  if (box) {
    const t = textOf(box);
    hints.date ??= isoDate(t) ?? looseDate(t);
    const source = /来源\s*[:：]\s*([^\s|]+)/.exec(t)?.[1];
    if (source) {
      hints.meta['来源'] = source;
      hints.paper ??= source.split(/[-—－]/)[0] ?? null;
      if (source.includes('-')) hints.section = source.split('-').slice(1).join('-');
    }
  }
  // Photos in table.pci_c: the picture and its caption cell.
  for (const table of findAll(root, (e) => e.tagName === 'table' && hasClass(e, 'pci_c') && !isHidden(e))) {
    for (const img of findAll(table, (e) => e.tagName === 'img')) blocks.push(makeBlock('paragraph', img, [], { images: [attr(img, 'src')] }));
    const caption = textOf(table);
    if (caption) blocks.push(makeBlock('paragraph', table, [caption], { role: 'caption' }));
  }
  const body = first(root, (e) => idOf(e) === 'ozoom' || idOf(e) === 'rwb_zw' || hasClass(e, 'rm_txt_con') || hasClass(e, 'box_con'));
  if (body) {
    for (const t of findAll(body, (e) => e.tagName === 'table' && hasClass(e, 'pci_c'))) t.children = [];
    pruneChrome(body);
    const captions = centredCaptions(body);
    const read = blocksFromHast({ type: 'root', children: [body] }, 'people-article');
    for (const b of read.blocks) {
      b.lines = b.lines.map((l) => l.replace(/^[\s\u3000]+/, ''));
      if (b.kind === 'paragraph' && captions.has(b.lines.join(''))) b.role = 'caption';
      blocks.push(b);
    }
  }
  const edit = first(root, (e) => hasClass(e, 'edit'));
  const pairs = edit ? parseMetaLine(textOf(edit)) : null;
  if (pairs) Object.assign(hints.meta, pairs);
  return { format: 'people-article', blocks, frontMatter: null, problems: [], hints };
}
