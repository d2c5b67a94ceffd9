/**
 * Measures of laid-out pages, for the layout tests: generated editions of any length, holes in the
 * grid, empty columns in modules, continuation headlines, part lengths, ASCII marks beside Han text,
 * texture (extra Han–Han spacing, Han–Latin gaps) and headline breaks inside words.
 */
import { Edition, type Article, type Block } from '../src/model/schema.js';
import type { FontSet } from '../src/layout/fonts/index.js';
import type { Template } from '../src/layout/template/schema.js';
import type { FrameBox, FrameLine, FramePage } from '../src/layout/types.js';
import { wordSpans } from '../src/layout/text/breaks.js';

// Neutral made-up text: a library opening, a river park, a bus line.
const SENTENCES = [
  '市图书馆新馆今天正式向市民开放，馆内设有少儿阅览区、古籍修复室和数字体验区。',
  '开馆首日，不少市民一早就在门口排队，希望第一时间走进新馆看一看。',
  '新馆总建筑面积约3.2万平方米，藏书容量达到200万册，可同时容纳2000名读者。',
  '馆方介绍，新馆每周都将举办讲座和读书会，让“全民阅读”走进更多家庭。',
  '沿江公园改造工程近日完工，新增步道8公里，并种植了上千棵乔木。',
  '周边居民表示，傍晚到江边散步已经成了一家人最喜欢的活动。',
  '公园管理处负责人说，下一步将完善照明和休息设施，方便市民夜间游览。',
  '据了解，改造过程中保留了原有的老码头遗址，并设置了图文说明牌（共12块）。',
  '不少家长带着孩子在草坪上放风筝，笑声在江面上传得很远。',
  '志愿者们在入口处为读者办理借阅证，半天时间就发出了近千张。',
  '新开通的12路公交车连接火车站和大学城，全程约40分钟。',
  '公交公司表示，早晚高峰时段发车间隔将缩短到8分钟。',
  '活动期间共举办讲座32场，参与市民超过5000人次(其中少年儿童约占三成)。',
];

const HEADS = [
  '新馆开放首日迎来上万名读者',
  '沿江公园改造工程完工',
  '老码头遗址将建成小型展馆',
  '江边步道成为市民健身新去处',
  '读书会每周六下午在新馆举办',
  '新公交线路连接火车站和大学城',
  '少儿阅览区推出周末亲子活动',
];

type Rand = () => number;

export function rng(seed: number): Rand {
  let state = seed * 7919 + 17;
  return () => (state = (state * 1103515245 + 12345) % 2147483648) / 2147483648;
}

function para(rand: Rand, sentences: number): string {
  let s = '';
  for (let i = 0; i < sentences; i++) s += SENTENCES[Math.floor(rand() * SENTENCES.length)];
  return s;
}

function makeArticle(rand: Rand, id: string, chars: number): Partial<Article> & { id: string; body: Block[] } {
  const body: Block[] = [];
  let n = 0;
  while (n < chars) {
    const text = para(rand, 1 + Math.floor(rand() * 4));
    body.push({ type: 'paragraph', text });
    n += text.length;
  }
  const r = rand();
  const photo: Block = { type: 'photo', text: null, caption: '改造后的沿江步道。', credit: '本报记者 赵一鸣 摄', src: null };
  if (r < 0.15) body.unshift(photo);
  else if (r < 0.35 && body.length > 2) body.splice(1 + Math.floor(rand() * (body.length - 1)), 0, photo);
  if (rand() < 0.25 && body.length > 3) body.splice(2, 0, { type: 'subhead', text: '一、阅读空间更宽敞', level: 1 });
  return {
    id,
    kicker: rand() < 0.2 ? '城市更新再提速' : null,
    headline: HEADS[Math.floor(rand() * HEADS.length)]!,
    deck: rand() < 0.2 ? '藏书容量两百万册 可同时容纳两千名读者' : null,
    logo: null,
    byline: '本报记者 李文',
    authors: [],
    jumps: [],
    body,
  };
}

/**
 * An edition of `pages` pages whose pages hold `share` × the template's capacity of text each
 * (0.15 = a scrape that caught a few short articles, 1.5 = more than fits).
 */
export function mixedEdition(seed: number, t: Template, pages: number, share: number): Edition {
  const rand = rng(seed);
  const capacity = t.columns >= 8 ? 10000 : 4800;
  return Edition.parse({
    id: `mixed-${seed}`,
    paper: '滨江日报',
    date: '2024-03-15',
    pages: Array.from({ length: pages }, (_, pi) => {
      const total = capacity * share * (0.8 + rand() * 0.4);
      const n = Math.max(1, Math.min(1 + Math.floor(total / 900), 2 + Math.floor(rand() * (t.columns >= 8 ? 6 : 4))));
      const weights = Array.from({ length: n }, (_, i) => (i === 0 ? 2 + rand() : 0.3 + rand()));
      const sum = weights.reduce((a, b) => a + b, 0);
      return {
        number: pi + 1,
        section: '城事',
        date: '2024-03-15',
        masthead: null,
        folio: { number: pi + 1, date: '2024-03-15', section: '城事', phone: null, editors: [] },
        teasers: [],
        articles: weights.map((w, i) => makeArticle(rand, `p${pi + 1}-a${i + 1}`, Math.max(80, Math.round((total * w) / sum)))),
        credits: [],
        source: { file: `page${pi + 1}.md`, format: 'markdown', encoding: 'utf-8', meta: {} },
      };
    }),
    links: [],
    diagnostics: [],
  });
}

export interface Hole {
  cells: number;
  cols: number;
  rows: number;
  col: number;
  row: number;
}

interface Grid {
  x0: number;
  y0: number;
  C: number;
  R: number;
  B: number;
  colW: number;
  gutter: number;
}

function gridOf(t: Template): Grid {
  const width = t.page.width - t.margins.left - t.margins.right;
  const colW = (width - (t.columns - 1) * t.gutter) / t.columns;
  const R = Math.floor((t.page.height - t.margins.top - t.margins.bottom) / t.baseline + 1e-6);
  return { x0: t.margins.left, y0: t.margins.top, C: t.columns, R, B: t.baseline, colW, gutter: t.gutter };
}

function colsOf(g: Grid, x: number, w: number): number[] {
  const out: number[] = [];
  for (let c = 0; c < g.C; c++) {
    const cx = g.x0 + c * (g.colW + g.gutter);
    if (Math.min(x + w, cx + g.colW) - Math.max(x, cx) > 0.5) out.push(c);
  }
  return out;
}

function lineInColumn(g: Grid, l: FrameLine, c: number): boolean {
  const cx = g.x0 + c * (g.colW + g.gutter);
  if (l.width === 0) return l.x >= cx && l.x <= cx + g.colW;
  return Math.min(l.x + l.width, cx + g.colW) - Math.max(l.x, cx) > 0.5;
}

/**
 * Free regions of the type area's grid (column × grid line cells): a cell is taken when a header box,
 * a photo or a rule line covers it, or when it lies in an article module's column between the module's
 * top and the last line set in that column. Regions are 4-connected.
 */
export function holes(p: FramePage, t: Template): Hole[] {
  const g = gridOf(t);
  const { C, R } = g;
  const taken = new Uint8Array(R * C);
  const mark = (r0: number, r1: number, cols: number[]) => {
    for (let r = Math.max(0, r0); r < Math.min(R, r1); r++) for (const c of cols) taken[r * C + c] = 1;
  };
  const rowOf = (y: number) => Math.floor((y - g.y0) / g.B + 1e-6);
  for (const b of p.boxes) {
    if (b.kind === 'rule') {
      if (b.width < b.height) continue;
      const r = rowOf(b.y + b.height / 2);
      mark(r, r + 1, colsOf(g, b.x, b.width));
    } else if (b.kind === 'article') {
      const top = rowOf(b.y + 0.01);
      // A line takes its text column's measure (the widest line starting where it starts): a
      // paragraph's short last line leaves no white beside it.
      const measure = new Map<number, number>();
      for (const l of b.lines) measure.set(Math.round(l.x), Math.max(measure.get(Math.round(l.x)) ?? 0, l.width));
      const wide = b.lines.map((l) => ({ ...l, width: Math.max(l.width, measure.get(Math.round(l.x))!) }));
      for (const c of colsOf(g, b.x, b.width)) {
        let last = -1;
        for (const l of wide) if (lineInColumn(g, l, c)) last = Math.max(last, rowOf(l.y - 0.01));
        if (last >= top) mark(top, last + 1, [c]);
      }
    } else {
      mark(rowOf(b.y + 0.01), Math.ceil((b.y + b.height - g.y0) / g.B - 0.01), colsOf(g, b.x, b.width));
    }
  }
  const seen = new Uint8Array(R * C);
  const out: Hole[] = [];
  for (let i = 0; i < R * C; i++) {
    if (taken[i] || seen[i]) continue;
    const stack = [i];
    seen[i] = 1;
    const h = { cells: 0, c0: C, c1: -1, r0: R, r1: -1 };
    while (stack.length > 0) {
      const j = stack.pop()!;
      const r = Math.floor(j / C);
      const c = j % C;
      h.cells++;
      h.c0 = Math.min(h.c0, c);
      h.c1 = Math.max(h.c1, c);
      h.r0 = Math.min(h.r0, r);
      h.r1 = Math.max(h.r1, r);
      for (const k of [r > 0 ? j - C : -1, r < R - 1 ? j + C : -1, c > 0 ? j - 1 : -1, c < C - 1 ? j + 1 : -1]) {
        if (k < 0 || taken[k] || seen[k]) continue;
        seen[k] = 1;
        stack.push(k);
      }
    }
    out.push({ cells: h.cells, cols: h.c1 - h.c0 + 1, rows: h.r1 - h.r0 + 1, col: h.c0, row: h.r0 });
  }
  return out;
}

const TEXT_ROLES = new Set(['body', 'subhead', 'list', 'callout', 'quote', 'caption', 'credit']);

/** Columns of an article module holding no text line and no photo of the article. */
export function emptyColumns(p: FramePage, t: Template): string[] {
  const g = gridOf(t);
  const out: string[] = [];
  for (const b of p.boxes) {
    if (b.kind !== 'article' || !b.lines.some((l) => TEXT_ROLES.has(l.role))) continue;
    const photos = p.boxes.filter((x) => x.kind === 'photo' && x.article === b.article);
    for (const c of colsOf(g, b.x, b.width)) {
      if (b.lines.some((l) => TEXT_ROLES.has(l.role) && lineInColumn(g, l, c))) continue;
      if (photos.some((ph) => colsOf(g, ph.x, ph.width).includes(c))) continue;
      out.push(`${b.article} column ${c + 1}`);
    }
  }
  return out;
}

/**
 * Modules of text without photos spread over several text columns of fewer than two lines each (a
 * text column: a grid column where body lines start; text set across a module starts in one).
 */
export function thinSpreads(p: FramePage, t: Template): string[] {
  const g = gridOf(t);
  const out: string[] = [];
  for (const b of p.boxes) {
    if (b.kind !== 'article' || p.boxes.some((x) => x.kind === 'photo' && x.article === b.article)) continue;
    const lines = b.lines.filter((l) => l.role === 'body');
    const k = colsOf(g, b.x, b.width).filter((c) => lines.some((l) => lineInColumn(g, { ...l, width: 1 }, c))).length;
    const body = lines.length;
    if (k > 1 && body > 0 && body < 2 * k) out.push(`${b.article}: ${body} lines over ${k} columns`);
  }
  return out;
}

const isIn = (l: FrameLine) => l.role === 'jump' && l.text.includes('上接');

/** Continuation modules (those with a ▲上接 line) whose headline is larger than the template's second level. */
export function bigContinuationHeads(p: FramePage, t: Template): string[] {
  const limit = t.styles.headline.size + 0.01;
  const out: string[] = [];
  for (const b of p.boxes) {
    if (!b.lines.some(isIn)) continue;
    for (const l of b.lines) if (l.role.startsWith('headline') && l.size > limit) out.push(`${b.article}: ${l.size.toFixed(1)} pt “${l.text}”`);
  }
  return out;
}

/** Parts of continued articles holding fewer than 5 body lines. */
export function shortParts(pages: FramePage[]): string[] {
  const parts = new Map<string, { page: number; lines: number }[]>();
  for (const p of pages) {
    for (const b of p.boxes) {
      if (b.kind !== 'article' || b.article === null) continue;
      const lines = b.lines.filter((l) => l.role === 'body').length;
      const list = parts.get(b.article) ?? [];
      const same = list.find((x) => x.page === p.number);
      if (same) same.lines += lines;
      else list.push({ page: p.number, lines });
      parts.set(b.article, list);
    }
  }
  const out: string[] = [];
  for (const [id, list] of parts) {
    if (list.length < 2) continue;
    for (const x of list) if (x.lines < 5) out.push(`${id} page ${x.page}: ${x.lines} lines`);
  }
  return out;
}

const HAN = /\p{Script=Han}/u;
const ASCII_MARK = /[,:;()!?]/;

/** Drawn lines with an ASCII , : ; ( ) ! ? touching a Han character. */
export function asciiBesideHan(p: FramePage): string[] {
  const out: string[] = [];
  for (const l of p.boxes.flatMap((b) => b.lines)) {
    const cs = [...l.text];
    for (let i = 0; i < cs.length; i++) {
      if (!ASCII_MARK.test(cs[i]!)) continue;
      if (HAN.test(cs[i - 1] ?? '') || HAN.test(cs[i + 1] ?? '')) {
        out.push(`${l.role} “${l.text}”`);
        break;
      }
    }
  }
  return out;
}

const LATIN = /[A-Za-z0-9]/;

export interface Texture {
  /** Extra space (em) of every gap between two Han characters on justified body lines. */
  hanHan: number[];
  /** Han–Latin and Latin–Han gaps (em) on body lines. */
  hanLatin: number[];
  /** Justified body lines whose largest Han–Han gap opens by more than 0.25 em. */
  loose: string[];
  /** Justified body lines whose largest Han–Han gap opens by more than 0.15 em, widest first once sorted. */
  wide?: { em: number; what: string }[];
}

/** Texture of a page's body lines: xs offsets minus the advances the fonts give. */
export function texture(p: FramePage, fonts: FontSet, into: Texture): void {
  for (const b of p.boxes) {
    const body = b.lines.filter((l) => l.role === 'body');
    body.forEach((l, k) => {
      const m = fonts.metrics(l.font);
      const cs = [...l.text];
      const next = body[k + 1];
      // Justified: the block goes on on the next line (a block's last line is set flush left).
      const justified = next !== undefined && next.part?.start === false;
      let widest = 0;
      for (let i = 0; i + 1 < cs.length; i++) {
        const [a, c] = [cs[i]!, cs[i + 1]!];
        const gap = (l.xs[i + 1]! - l.xs[i]!) / l.size - m.advance(a.codePointAt(0)!);
        if (HAN.test(a) && HAN.test(c)) {
          if (!justified) continue;
          into.hanHan.push(gap);
          widest = Math.max(widest, gap);
        } else if ((HAN.test(a) && LATIN.test(c)) || (LATIN.test(a) && HAN.test(c))) into.hanLatin.push(gap);
      }
      if (widest > 0.15 + 1e-6) into.wide?.push({ em: widest, what: `page ${p.number} ${b.article}: ${widest.toFixed(2)} em “${l.text}”` });
      if (widest > 0.25 + 1e-6) into.loose.push(`page ${p.number} ${b.article}: ${widest.toFixed(2)} em “${l.text}”`);
    });
  }
}

/** Headlines, decks and subheads broken inside a word of up to 6 characters (as the segmenter sees it). */
export function headBreaksInWords(p: FramePage): string[] {
  const out: string[] = [];
  for (const b of p.boxes) {
    const runs: FrameLine[][] = [];
    for (const l of b.lines) {
      const head = l.role.startsWith('headline') || l.role === 'deck' || l.role === 'subhead';
      const prev = runs[runs.length - 1];
      const cont = prev && prev[0]!.role === l.role && Math.abs(prev[prev.length - 1]!.y + l.size * 1.05 - l.y) < l.size;
      if (!head) continue;
      if (cont && l.role !== 'subhead') prev.push(l);
      else if (cont && l.role === 'subhead' && l.part?.start === false) prev.push(l);
      else runs.push([l]);
    }
    for (const run of runs) {
      if (run.length < 2) continue;
      const text = run.map((l) => l.text).join('');
      const ends: number[] = [];
      let at = 0;
      for (const l of run.slice(0, -1)) ends.push((at += [...l.text].length));
      for (const [s, e] of wordSpans(text)) {
        if (e - s > 6) continue;
        for (const k of ends) if (k > s && k < e) out.push(`${b.article}: “${run.map((l) => l.text).join('/')}”`);
      }
    }
  }
  return out;
}

export function quantile(xs: number[], q: number): number {
  if (xs.length === 0) return 0;
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.floor(q * s.length))]!;
}

export type { FrameBox };
