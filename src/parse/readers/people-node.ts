/** 人民日报 版面 pages (paper.people.com.cn nbs.D110000renmrb_NN.htm): as Founder node pages, with nw.* article links. */
import { parseHtml, withDepth } from './hast.js';
import { readNodePage } from './node-page.js';
import type { Reader } from './types.js';

const articleRef = (href: string) => /(?:^|\/)(nw\.[A-Za-z0-9]+_\d{8}_\d+-\d+)\.html?/.exec(href)?.[1] ?? null;

export const peopleNodeReader: Reader = {
  name: 'people-node',
  sniff({ text, name }) {
    let s = 0;
    if (/nbs\.[A-Za-z0-9]+_\d+\.html?$/.test(name)) s += 0.5;
    if (/href\s*=\s*["']?nw\.[A-Za-z0-9]+_\d{8}_\d+-\d+\.htm/.test(text)) s += 0.8;
    if (/name\s*=\s*["']?PagePicMap/i.test(text)) s += 0.1;
    return Math.min(s, 0.92);
  },
  read({ text }) {
    const root = parseHtml(text);
    return withDepth(root, readNodePage(root, { format: 'people-node', articleRef }));
  },
};
