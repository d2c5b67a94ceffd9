/**
 * 版面 pages of digital newspapers (Founder node_N.htm, 人民日报 nbs.*.htm): the page's folio
 * (第01版：今日要闻), its date, the paper, its article titles (each the link to a content page, also hot
 * zones of the page image) and the 版面导航 list. They carry no article text: each title becomes an
 * article with its headline and the id of its content page, which an edition fills in.
 */
import type { Element, Root } from 'hast';
import type { PageHints, RawBlock, ReadResult } from '../blocks.js';
import { isoDate } from '../front.js';
import { pageCode, pageNumber } from '../patterns.js';
import { attr, collapse, findAll, findFirst, idOf, makeBlock, rawText, textOf } from './hast.js';
import { paperFromTitle } from './site.js';

export interface NodeProfile {
  format: string;
  /** The article id in a link to a content page, or null when the link is not one. */
  articleRef(href: string): string | null;
}

const FOLIO = /^\s*(?:第\s*)?([A-Za-z]?\d{1,3})\s*版\s*[:：]\s*/;

/** The page's own folio: an element that starts with 第01版： and is no link to another page. */
function folio(root: Root): { code: string; number: number | null; name: string | null } | null {
  const candidates = findAll(root, (e, chain) => {
    if (e.tagName === 'a' || chain.some((c) => c.tagName === 'a' || c.tagName === 'select')) return false;
    const raw = rawText(e);
    return FOLIO.test(raw.replace(/\u00a0/g, ' ')) && raw.length < 400 && !findFirst(e, (x) => x.tagName === 'a' && idOf(x) === 'pageLink');
  });
  const e = candidates[candidates.length - 1];
  if (!e) return null;
  const raw = rawText(e).replace(/\u00a0/g, '\n');
  const m = FOLIO.exec(raw)!;
  const rest = raw.slice(m[0].length).split(/\n|\s{2,}|PDF/)[0] ?? '';
  const name = collapse(rest);
  return { code: pageCode(m[1]!)!, number: pageNumber(m[1]!), name: sectionName(name) };
}

/** "今日要闻" stays; "旅游报01版" (the page's number again) and "" are no section; "综 合" → "综合". */
export function sectionName(name: string): string | null {
  const t = name.trim();
  if (t === '' || /\d{1,3}\s*版$/.test(t)) return null;
  return /^[\u4e00-\u9fff](?: [\u4e00-\u9fff])+$/.test(t) ? t.replace(/ /g, '') : t;
}

/** Titles of the page's articles in printed order: link text, or the text a script writes (view("…")). */
function titles(root: Root, profile: NodeProfile): { ref: string; text: string; node: Element }[] {
  const found = new Map<string, { ref: string; text: string; node: Element }>();
  for (const a of findAll(root, (e, chain) => e.tagName === 'a' && !chain.some((c) => c.tagName === 'map'))) {
    const ref = profile.articleRef(attr(a, 'href'));
    if (!ref) continue;
    let text = textOf(a);
    if (!text) {
      const script = findFirst(a, (e) => e.tagName === 'script');
      const m = script ? /view\(\s*["']([\s\S]*?)["']\s*\)/.exec(rawText({ type: 'root', children: script.children })) : null;
      if (m) text = collapse(m[1]!.replace(/<br\s*\/?>/gi, ' ').replace(/<[^>]+>/g, ''));
    }
    const prev = found.get(ref);
    if (!prev) found.set(ref, { ref, text, node: a });
    else if (!prev.text && text) prev.text = text;
  }
  const list = [...found.values()].filter((t) => t.text !== '');
  // Site links (关于我们, 报纸订阅 …) point to content pages too: the page's own articles are the ones
  // with a hot zone on the page image or opened with ?div=.
  const own = new Set(findAll(root, (e) => e.tagName === 'area').map((a) => profile.articleRef(attr(a, 'href'))));
  for (const a of findAll(root, (e) => e.tagName === 'a' && /[?&]div=/.test(attr(e, 'href')))) own.add(profile.articleRef(attr(a, 'href')));
  own.delete(null);
  return own.size ? list.filter((t) => own.has(t.ref)) : list;
}

export function readNodePage(root: Root, profile: NodeProfile): ReadResult {
  const hints: PageHints & { meta: Record<string, string> } = { structured: true, meta: {} };
  const result: ReadResult = { format: profile.format, blocks: [], frontMatter: null, problems: [], hints };
  const f = folio(root);
  if (f) {
    hints.code = f.code;
    hints.number = f.number;
    hints.section = f.name;
  }
  const title = findFirst(root, (e) => e.tagName === 'title');
  const dateBox = findFirst(root, (e) => idOf(e) === 'riqi_' || /paperdate|date/.test(attr(e, 'className')));
  const all = textOf(root);
  hints.date = isoDate(dateBox ? textOf(dateBox) : '') ?? isoDate(all);
  const titleText = title ? textOf({ type: 'root', children: title.children }) : '';
  hints.paper = (dateBox ? paperFromTitle(textOf(dateBox)) : null) ?? paperFromTitle(titleText);
  const cn = /CN\s*\d{2}\s*[-－]\s*\d{4}(?:\s*\/\s*[A-Z]{1,2})?/.exec(all);
  if (cn) hints.meta.cn = cn[0].replace(/\s+/g, '');
  // Hot zones of the page image, per article.
  const zones = new Map<string, number>();
  for (const area of findAll(root, (e) => e.tagName === 'area')) {
    const ref = profile.articleRef(attr(area, 'href'));
    if (ref) zones.set(ref, (zones.get(ref) ?? 0) + 1);
  }
  if (zones.size) hints.meta.hotzones = [...zones].map(([ref, n]) => `${ref}×${n}`).join(' ');
  // 版面导航: the edition's pages as this page lists them.
  const nav = findAll(root, (e) => e.tagName === 'a' && idOf(e) === 'pageLink')
    .map((a) => FOLIO.exec(textOf(a)) ? { code: pageCode(FOLIO.exec(textOf(a))![1]!)!, section: sectionName(textOf(a).replace(FOLIO, '')) } : null)
    .filter((x): x is { code: string; section: string | null } => x !== null);
  const unique = [...new Map(nav.map((n) => [n.code, n])).values()];
  if (unique.length) {
    hints.pageList = unique;
    hints.meta['版面'] = unique.map((n) => `${n.code}${n.section ? ' ' + n.section : ''}`).join(' | ');
  }
  const blocks: RawBlock[] = titles(root, profile).map((t) => {
    const b = makeBlock('heading', t.node, [t.text], { role: 'headline', depth: 1 });
    b.articleStart = true;
    b.ref = t.ref;
    return b;
  });
  result.blocks = blocks;
  return result;
}
