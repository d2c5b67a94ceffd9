/**
 * Main-content extraction for pages without a site profile, by text density: every paragraph-like
 * element with sentence punctuation and little link text votes for its parent (and, at half weight, its
 * grandparent); the element with most votes holds the article. Link-heavy blocks and site chrome inside
 * it are dropped; pictures and captions (also in tables) stay.
 */
import type { Element, ElementContent, Root } from 'hast';
import { attr, isHidden, rawText } from './hast.js';

const PUNCT = /[，。！？；：、,.!?;:“”]/g;
const CONTAINERS = new Set(['div', 'td', 'article', 'section', 'main', 'body', 'center', 'font', 'span']);
const PARAS = new Set(['p', 'div', 'td', 'li', 'span', 'font', 'section', 'article']);
const DROP = new Set(['script', 'style', 'noscript', 'iframe', 'nav', 'footer', 'aside', 'form', 'button', 'select', 'input', 'textarea', 'header', 'template', 'svg', 'object', 'embed']);

export const CHROME = /^(?:分享到|分享|字体|字號|字号|放大|缩小|縮小|默认|打印|关闭|關閉|收藏|推荐|推薦|朗读|剪报|[【\[]\d+[】\]])(?:[\s:：、|｜]*(?:分享到|字体|放大|缩小|縮小|大|中|小|默认|打印|关闭|收藏|推荐|朗读|[【\[]\d+[】\]]|微信|微博|QQ空间|QQ|人人网|豆瓣|更多))*\s*[:：]?$|^(?:上一篇|下一篇|上一页|下一页|返回顶部|回到顶部|设为首页|設為首頁|加入收藏|您好[!！,，]?今天是.*|版权所有.*|版權所有.*|.*ICP备.*|.*ICP證.*|通讯地址.*|通訊地址.*|扫一扫.*|掃一掃.*)$/;

interface Stats {
  text: number;
  link: number;
}

function stats(e: Element, cache: Map<Element, Stats>): Stats {
  const hit = cache.get(e);
  if (hit) return hit;
  let text = 0;
  let link = 0;
  for (const c of e.children) {
    if (c.type === 'text') text += c.value.replace(/\s+/g, '').length;
    else if (c.type === 'element' && !DROP.has(c.tagName) && !isHidden(c)) {
      const s = stats(c, cache);
      text += s.text;
      link += c.tagName === 'a' ? s.text : s.link;
    }
  }
  const s = { text, link };
  cache.set(e, s);
  return s;
}

function ownText(e: Element): string {
  return rawText(e, { skipHidden: true }).replace(/\s+/g, '');
}

/** The element that holds the article text, or null when the page has no paragraph of text. */
export function mainContent(root: Root): Element | null {
  const cache = new Map<Element, Stats>();
  const votes = new Map<Element, number>();
  const walk = (e: Element, chain: Element[]) => {
    if (DROP.has(e.tagName) || isHidden(e)) return;
    const kids = e.children.filter((c): c is Element => c.type === 'element');
    if (PARAS.has(e.tagName)) {
      const blockKids = kids.filter((k) => PARAS.has(k.tagName) && k.tagName !== 'span' && k.tagName !== 'font');
      const s = stats(e, cache);
      if (blockKids.length === 0 && s.text >= 12 && s.link / Math.max(1, s.text) < 0.3) {
        const t = ownText(e);
        const punct = (t.match(PUNCT) ?? []).length;
        if (punct > 0) {
          const weight = Math.min(t.length, 400) + punct * 5;
          const lastContainer = (list: Element[]) => [...list].reverse().find((c) => CONTAINERS.has(c.tagName));
          const parent = lastContainer(chain);
          if (parent) votes.set(parent, (votes.get(parent) ?? 0) + weight);
          const grand = parent ? lastContainer(chain.slice(0, chain.indexOf(parent))) : undefined;
          if (grand) votes.set(grand, (votes.get(grand) ?? 0) + weight / 2);
        }
      }
    }
    for (const k of kids) walk(k, [...chain, e]);
  };
  for (const c of root.children) if (c.type === 'element') walk(c, []);
  let best: Element | null = null;
  let top = 0;
  for (const [e, v] of votes) {
    const s = stats(e, cache);
    const score = v * (1 - s.link / Math.max(1, s.text));
    if (score > top) {
      top = score;
      best = e;
    }
  }
  return best;
}

/** Drop link lists, share bars and other chrome inside the chosen content (pictures stay). */
export function pruneChrome(e: Element): void {
  const cache = new Map<Element, Stats>();
  const keep = (c: ElementContent): boolean => {
    if (c.type !== 'element') return true;
    if (DROP.has(c.tagName) || isHidden(c)) return false;
    if (/(?:^|[\s_-])(?:ad|ads|advert|advertisement|ad-pc|ad-site|adsbygoogle)(?:$|[\s_-])/i.test(attr(c, 'className') + ' ' + attr(c, 'id'))) return false;
    if (c.tagName === 'img' || c.tagName === 'table' || c.tagName === 'figure') return true;
    const s = stats(c, cache);
    const t = rawText(c).replace(/\s+/g, ' ').trim();
    if (t && CHROME.test(t)) return false;
    if (s.text > 0 && s.link / s.text > 0.6 && !hasImg(c) && ['ul', 'ol', 'div', 'table', 'p', 'dl'].includes(c.tagName)) return false;
    return true;
  };
  const visit = (n: Element) => {
    n.children = n.children.filter(keep);
    for (const c of n.children) if (c.type === 'element') visit(c);
  };
  visit(e);
}

const hasImg = (e: Element): boolean => e.children.some((c) => c.type === 'element' && (c.tagName === 'img' || hasImg(c)));

export const imgSrc = (e: Element) => attr(e, 'src');
