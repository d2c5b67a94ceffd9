/** Founder 版面 pages (node_N.htm): folio, date, title list linking content_NNN.htm, hot zones, 版面导航. */
import { parseHtml, withDepth } from './hast.js';
import { readNodePage } from './node-page.js';
import type { Reader } from './types.js';

const articleRef = (href: string) => /(?:^|\/)(content_\d+)\.html?/i.exec(href)?.[1] ?? null;

export const founderNodeReader: Reader = {
  name: 'founder-node',
  sniff({ text, name }) {
    let s = 0;
    if (/name\s*=\s*["']?PagePicMap/i.test(text)) s += 0.5;
    if (/id\s*=\s*["']?pageLink/i.test(text)) s += 0.2;
    if (/href\s*=\s*["']?content_\d+\.htm/i.test(text)) s += 0.15;
    if (/(?:^|\/)node_\d+\.html?$/i.test(name)) s += 0.2;
    return Math.min(s, 0.88);
  },
  read({ text }) {
    const root = parseHtml(text);
    return withDepth(root, readNodePage(root, { format: 'founder-node', articleRef }));
  },
};
