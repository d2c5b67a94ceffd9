/**
 * Editions of several pages: jump markers between them (matching, dangling, repeated, inline, in
 * Chinese numerals) and page codes (A01, A02, B01 …), including two pages printed with one number.
 */
import { utf8, type FuzzDoc, type Generator } from '../case.js';
import type { Rng } from '../rng.js';
import { payload, randomArticle, randomPage, toHtml, toMarkdown, type PageSpec } from './page.js';

const MARKS = '①②③④⑤⑥⑦⑧⑨⑩⑪⑫⑬⑭⑮⑯⑰⑱⑲⑳';
const CN = ['', '一', '二', '三', '四', '五', '六', '七', '八', '九', '十', '十一', '十二'];
const pad2 = (n: number) => String(n).padStart(2, '0');

function folioLine(code: string, rng: Rng): string {
  const section = rng.pick(['要闻', '综合', '经济', '城事', '文化', '体育', '国际']);
  return `${code}版 · ${section}　2024年3月${rng.int(10, 28)}日　星期五　责任编辑：${rng.pick(['王五', '李明', '张华'])}`;
}

function jumpText(direction: 'out' | 'in', page: number, mark: string | null, rng: Rng): string {
  const num = rng.chance(0.2) ? `第${CN[page] ?? page}` : pad2(page);
  if (direction === 'out') return rng.pick([`▶下转${num}版${mark ?? ''}`, `（下转${num}版${mark ?? ''}）`, `(转第${page}版)`]);
  return rng.pick([`▲上接${num}版${mark ?? ''}`, `（上接${num}版${mark ?? ''}）`]);
}

/** 2–5 pages; articles jump between them with markers that match, dangle or repeat. */
export const jumps: Generator = (rng) => {
  const count = rng.int(2, 5);
  const pages: PageSpec[] = Array.from({ length: count }, (_, i) => ({
    ...randomPage(rng, { articles: rng.int(1, 3), paragraphChars: 300 }),
    folio: folioLine(pad2(i + 1), rng),
  }));
  const links = rng.int(1, 4);
  for (let k = 0; k < links; k++) {
    const from = rng.int(0, count - 1);
    // Dangling jumps point past the edition now and then.
    const to = rng.chance(0.15) ? count + rng.int(1, 3) : rng.int(0, count - 1);
    const mark = rng.chance(0.8) ? MARKS[rng.chance(0.2) ? 0 : rng.int(0, MARKS.length - 1)]! : null;
    const source = rng.pick(pages[from]!.articles);
    const out = jumpText('out', to + 1, mark, rng);
    if (rng.chance(0.3)) {
      const last = source.body[source.body.length - 1];
      if (last && last.kind === 'p') last.text = last.text.replace(/。?$/, `${out}`);
      else source.body.push({ kind: 'jump', text: out });
    } else source.body.push({ kind: 'jump', text: out });
    if (to < count) {
      const continued = randomArticle(rng, { blocks: rng.int(1, 3), paragraphChars: 200 });
      continued.body.unshift({ kind: 'jump', text: jumpText('in', from + 1, mark, rng) });
      pages[to]!.articles.push(continued);
    }
  }
  const docs: FuzzDoc[] = pages.map((p, i) => ({ path: `${pad2(i + 1)}.md`, bytes: utf8(toMarkdown(p)) }));
  // Jump text printed inside a paragraph is removed from it; only the rest of the paragraph is text.
  const expect = pages.flatMap((p) => payload(p)).map((s) => s.replace(/[▶▲]?\s*[（(]?(?:下转|上接|转)第?[^版]{1,4}版[①-⑳]?[)）]?/g, ''));
  return { docs, expect };
};

/** Page codes A01, A02, B01 …, with files named by code; some editions print two pages with one number. */
export const pageCodes: Generator = (rng) => {
  const count = rng.int(2, 6);
  const codes: string[] = [];
  const sections = rng.chance(0.7) ? ['A', 'B'] : ['A', 'B', 'C'];
  for (let i = 0; codes.length < count; i++) {
    const letter = sections[i % sections.length]!;
    const n = Math.floor(i / sections.length) + 1;
    codes.push(`${letter}${pad2(n)}`);
  }
  if (rng.chance(0.2)) codes.push(codes[0]!);
  const docs: FuzzDoc[] = [];
  const expect: string[] = [];
  codes.forEach((code, i) => {
    const page = { ...randomPage(rng, { articles: rng.int(1, 2), paragraphChars: 250 }), folio: folioLine(code, rng) };
    const html = rng.chance(0.3);
    const name = rng.chance(0.7) ? code : `page${i + 1}`;
    docs.push({ path: `${name}${docs.some((d) => d.path.startsWith(name)) ? `-${i}` : ''}.${html ? 'html' : 'md'}`, bytes: utf8(html ? toHtml(page, rng) : toMarkdown(page)) });
    expect.push(...payload(page));
  });
  return { docs, expect };
};
