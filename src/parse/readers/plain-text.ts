/**
 * Plain-text exports of newspaper pages: a page header (1951年9月15日人民日报 第1版), items opened by
 * 第1版(要闻) / 专栏: lines, kicker, headline and deck as consecutive short lines, then the text — one line
 * per paragraph, blank-line separated paragraphs, or a whole article on one line split by spaces, decided
 * per article from its statistics. Page headers and labels become page facts; navigation, wiki chrome,
 * page lists and tables of contents leave the flow.
 */
import type { PageHints, RawBlock, ReadResult } from '../blocks.js';
import { block } from '../blocks.js';
import { endsSentence, parseAuthorLine, parseBylineLine, parseDateline, splitCredit, visibleLength } from '../patterns.js';
import type { Reader } from './types.js';
import { paperFromTitle } from './site.js';
import { columnLabel, isNavLine, isWikiChrome, linesOf, looseDate, pageHeader, type Line } from './text-lines.js';
import { append } from '../append.js';

const ITEM_START = /^第\s*([A-Z]?\d{1,3})\s*版\s*[(（][^()（）]*[)）]\s*/;
const PAGE_LIST = /^[A-Z]?\d{1,3}\s*版\s*[:：]\s*\S/;
const NUMBERED_TITLE = /^\d{1,2}\s*[.、．]\s*\S/;
const RELATED = /^(?:其他新聞|其他新闻|相关新闻|相關新聞|热门文章|熱門文章|最新文章|延伸閱讀|延伸阅读|相关阅读|相關閱讀)$/;
const SECTION_WORD = /^(?:要聞|要闻|港聞|港闻|國際|国际|中國|中国|經濟|经济|體育|体育|副刊|社論|社论|評論|评论|加國新聞|本地新聞|地方|综合|綜合|时评|時評|文化|教育|财经|財經)$/;

export const plainTextReader: Reader = {
  name: 'plain-text',
  sniff({ name, text }) {
    if (!/\.txt$/i.test(name) && /^\s*</.test(text)) return 0;
    const head = text.slice(0, 6000);
    let s = /\.txt$/i.test(name) ? 0.45 : 0.1;
    if (/^#{1,6}\s|^\s*[-*+]\s|!\[|\*\*/m.test(head)) s -= 0.3;
    if (/^第\s*\d+\s*版/m.test(head) || /^(?:专栏|栏目|版面)\s*[:：]/m.test(head) || /^\d{1,3}版\s*[:：]/m.test(head)) s += 0.3;
    return Math.max(0, s);
  },
  read({ text }) {
    return readPlainText(text);
  },
};

interface Item {
  lines: (Line | null)[];
  column: string | null;
  start: Line | null;
  /** Photo captions printed before the article (each followed by a 放大 button on web pages). */
  captions: Line[];
}

export function readPlainText(text: string, format = 'plain-text'): ReadResult {
  const hints: PageHints & { meta: Record<string, string> } = { structured: true, meta: {} };
  const items = splitItems(linesOf(text), hints);
  const blocks: RawBlock[] = [];
  for (const item of items) append(blocks, itemBlocks(item));
  // A blank line in a text export always ends a paragraph: count it double, so that the column-break
  // repair of the page layer (which joins across less than two blank lines) never joins across it.
  let prev = 0;
  for (const b of blocks) {
    b.gapBefore = prev === 0 ? 0 : 2 * Math.max(0, b.line - prev - 1);
    prev = b.endLine;
  }
  return { format, blocks, frontMatter: null, problems: [], hints };
}

function setHeader(hints: PageHints, h: ReturnType<typeof pageHeader>): void {
  if (!h) return;
  hints.paper ??= h.paper ?? null;
  hints.date ??= h.date ?? null;
  if (h.code && !hints.code) {
    hints.code = h.code;
    hints.number = h.number ?? null;
  }
  if (h.section && !hints.section) hints.section = h.section;
}

/** The state of the pass over a page's lines. */
interface SplitState {
  lines: Line[];
  hints: PageHints & { meta: Record<string, string> };
  items: Item[];
  cur: Item | null;
  toc: string[];
  pages: string[];
  skipRelated: boolean;
  firstText: number;
}

/** One handler per kind of line: true when it took line `i`. */
type LineHandler = (s: SplitState, l: Line, i: number) => boolean;

/** Pass over the lines: page facts out, chrome out, items in. */
function splitItems(lines: Line[], hints: PageHints & { meta: Record<string, string> }): Item[] {
  const s: SplitState = {
    lines, hints, items: [], cur: null, toc: [], pages: [], skipRelated: false,
    firstText: lines.findIndex((l) => l.text !== ''),
  };
  const later = new Set(lines.map((l) => l.text));
  for (let i = 0; i < lines.length; i++) readLine(s, lines[i]!, i);
  for (const item of s.items) dropContents(item, later, s.toc);
  finishHints(s);
  return s.items.filter((it) => it.lines.some((l) => l !== null) || it.captions.length > 0);
}

const LINE_HANDLERS: LineHandler[] = [
  blankLine, relatedLine, itemStartLine, pageListLine, pageHeaderLine, columnLabelLine, zoomLine,
  titleLine, siteLine, chromeLine, contentsLine, dateLine, sectionLine,
];

function readLine(s: SplitState, l: Line, i: number): void {
  for (const handler of LINE_HANDLERS) if (handler(s, l, i)) return;
  if (!s.cur) {
    s.cur = { lines: [], column: null, start: null, captions: [] };
    s.items.push(s.cur);
  }
  s.cur.lines.push(l);
}

function blankLine(s: SplitState, l: Line): boolean {
  if (l.text !== '') return false;
  s.skipRelated = false;
  s.cur?.lines.push(null);
  return true;
}

/** Lines under a "related" heading are skipped up to the next navigation line. */
function relatedLine(s: SplitState, l: Line): boolean {
  if (!s.skipRelated) return false;
  if (isNavLine(l.text)) s.skipRelated = false;
  return true;
}

function itemStartLine(s: SplitState, l: Line): boolean {
  const t = l.text;
  const start = ITEM_START.exec(t);
  if (!start) return false;
  setHeader(s.hints, pageHeader(start[0].trim()));
  const cur: Item = { lines: [], column: null, start: l, captions: [] };
  s.cur = cur;
  s.items.push(cur);
  const rest = t.slice(start[0].length);
  const label = columnLabel(rest.replace(/^(专栏|栏目)\s*[:：]\s*/, '$1:').split(/\s+/)[0] ?? '');
  const body = rest.replace(/^(?:专栏|專欄|栏目)\s*[:：]\s*/, '');
  if (label?.value && body.startsWith(label.value + ' ')) cur.column = label.value;
  if (body.trim()) cur.lines.push({ ...l, text: body.trim() });
  return true;
}

/** A run of 版面 list lines (01版:要闻 …): the edition's pages; a single one is this page's folio. */
function pageListLine(s: SplitState, l: Line, i: number): boolean {
  const t = l.text;
  if (!(PAGE_LIST.test(t) && !s.pages.includes(t) && (PAGE_LIST.test(s.lines[i + 1]?.text ?? '') || PAGE_LIST.test(s.lines[i - 1]?.text ?? '')))) return false;
  s.pages.push(t);
  return true;
}

function pageHeaderLine(s: SplitState, l: Line): boolean {
  const h = pageHeader(l.text);
  if (!h) return false;
  if (s.pages.length && h.code && !s.cur) {
    s.hints.code = h.code;
    s.hints.number = h.number ?? null;
    s.hints.section = h.section ?? null;
  } else setHeader(s.hints, h);
  return true;
}

function columnLabelLine(s: SplitState, l: Line): boolean {
  const label = columnLabel(l.text);
  if (!label) return false;
  if (label.value) s.hints.meta[label.key] = label.value;
  if (s.cur && label.value) s.cur.column = label.value;
  return true;
}

/** "放大" (zoom) under a picture's caption: the line before it is that caption. */
function zoomLine(s: SplitState, l: Line): boolean {
  if (!/^(?:放大|點擊放大|点击放大)$/.test(l.text)) return false;
  const cur = s.cur;
  const prev = cur?.lines.filter((x): x is Line => x !== null).pop();
  if (cur && prev) {
    cur.lines.splice(cur.lines.lastIndexOf(prev), 1);
    cur.captions.push(prev);
  }
  return true;
}

/** The first line, when it reads as a web page's title. */
function titleLine(s: SplitState, l: Line, i: number): boolean {
  const t = l.text;
  if (!(i === s.firstText && / - |[|｜]/.test(t) && /[A-Za-z]{3,}|网|網|新聞網|新闻网/.test(t))) return false;
  s.hints.meta.title = t;
  return true;
}

function siteLine(s: SplitState, l: Line): boolean {
  const site = new RegExp('^(.{2,10}?(?:日报|日報|晚报|晚報|报|報))(?:电子报|電子報|数字报|數字報|电子版|電子版)$').exec(l.text);
  if (!site) return false;
  s.hints.paper ??= site[1]!;
  return true;
}

function chromeLine(s: SplitState, l: Line): boolean {
  const t = l.text;
  if (isWikiChrome(t) || isNavLine(t) || /^(?:圖片|图片|\[.*\])$/.test(t)) return true;
  if (!RELATED.test(t)) return false;
  s.skipRelated = true;
  return true;
}

/** A numbered title that comes back later (or before any item): a table-of-contents line. */
function contentsLine(s: SplitState, l: Line, i: number): boolean {
  const t = l.text;
  const title = t.replace(/^\d{1,2}\s*[.、．]\s*/, '');
  if (!(NUMBERED_TITLE.test(t) && visibleLength(t) <= 60 && (!s.cur || s.lines.slice(i + 1).some((x) => x.text !== t && x.text.includes(title))))) return false;
  s.toc.push(t);
  return true;
}

function dateLine(s: SplitState, l: Line): boolean {
  const t = l.text;
  const date = looseDate(t);
  if (!(date && visibleLength(t) <= 40 && !endsSentence(t))) return false;
  s.hints.date ??= date;
  return true;
}

/** The article starts under its section label; pictures printed above it are its own. */
function sectionLine(s: SplitState, l: Line): boolean {
  const t = l.text;
  const cur = s.cur;
  if (!(SECTION_WORD.test(t) && (!cur || !cur.lines.some((x) => x !== null && visibleLength(x.text) > 45)))) return false;
  s.hints.section ??= t;
  const captions: Line[] = cur ? cur.captions : [];
  if (cur) cur.captions = [];
  s.cur = { lines: [], column: null, start: l, captions };
  s.items.push(s.cur);
  return true;
}

/** The page facts gathered by the pass: contents, page list, paper, number and code. */
function finishHints(s: SplitState): void {
  const hints = s.hints;
  if (s.toc.length) hints.meta['目录'] = s.toc.join(' | ');
  if (s.pages.length) hints.meta['版面'] = s.pages.join(' | ');
  if (!hints.paper && hints.meta.title) hints.paper = paperFromTitle(hints.meta.title);
  if (!hints.code && hints.section && /^(?:头版|頭版|一版|第一版)$/.test(hints.section)) hints.number = 1;
  if (!hints.code && hints.number) hints.code = String(hints.number).padStart(2, '0');
}

/** A table of contents before the article: short lines, one of which comes back later as the headline. */
function dropContents(item: Item, _all: Set<string>, toc: string[]): void {
  const texts = item.lines.map((l) => l?.text ?? '');
  let run = 0;
  while (run < texts.length && texts[run] !== '' && visibleLength(texts[run]!) <= 40 && !/[。；]$/.test(texts[run]!)) run++;
  if (run < 3) return;
  const repeated = texts.slice(run).findIndex((t) => t === texts[0]);
  if (repeated < 0) return;
  append(toc, texts.slice(0, run));
  item.lines.splice(0, run);
}

const isShort = (t: string) =>
  visibleLength(t) <= 45 && !/[。；;]$/.test(t) && !/[，,]$/.test(t) && !parseDateline(t) && !parseBylineLine(t) && !/^[（(【]/.test(t) && !splitCredit(t);

/** A whole article on one line: paragraphs set apart by runs of spaces (or single spaces between Chinese text). */
function splitRun(l: Line): Line[] {
  const wide = l.text.split(/\s{2,}/);
  // Never after an opening bracket or quote: a paragraph does not end inside one.
  const parts = wide.length > 1 ? wide : l.text.split(/(?<=[\u3000-\u303f\u4e00-\u9fff\uff00-\uffef“”。，！？：；）)])(?<![《「『【〔〈〖〘“‘（(])\s(?=[\u4e00-\u9fff“（(【])/);
  const out: Line[] = [];
  for (const p of parts.map((x) => x.trim()).filter(Boolean)) {
    const prev = out[out.length - 1];
    // A dateline alone ("新华社渥太华十月二日电") belongs to the paragraph after it.
    if (prev && parseDateline(prev.text)?.length === prev.text.length) prev.text += ' ' + p;
    else out.push({ ...l, text: p });
  }
  return out;
}

/** The paragraphs of an item in the mode its statistics say. */
function paragraphs(item: Item): Line[] {
  const lines = item.lines;
  const text = lines.filter((l): l is Line => l !== null);
  const gaps = (t: string) => (t.match(/[\u4e00-\u9fff，。”！？,]\s+[\u4e00-\u9fff“【（]/g) ?? []).length;
  const isRun = (l: Line) => visibleLength(l.text) > 80 && gaps(l.text) >= 2;
  const long = text.filter(isRun);
  if (long.length > 0 && long.length >= text.filter((l) => visibleLength(l.text) > 45).length / 2) {
    return text.flatMap((l) => (isRun(l) ? splitRun(l) : [l]));
  }
  // Blank-line separated paragraphs of several lines each: join the lines of each.
  const runs: Line[][] = [];
  let run: Line[] = [];
  for (const l of lines) {
    if (l === null) {
      if (run.length) runs.push(run);
      run = [];
    } else run.push(l);
  }
  if (run.length) runs.push(run);
  const multi = runs.filter((r) => r.length > 1 && r.every((l) => visibleLength(l.text) > 6 && (endsSentence(l.text) || visibleLength(l.text) > 15)));
  const inMulti = multi.reduce((n, r) => n + r.length, 0);
  if (runs.length > 2 && multi.length >= 2 && inMulti >= text.length * 0.5) {
    return runs.flatMap((r) => {
      const head = r.filter((l, i) => i === 0 && isShort(l.text) && r.length > 1 ? false : true);
      const lead = r.length > 1 && isShort(r[0]!.text) && visibleLength(r[0]!.text) <= 30 ? [r[0]!] : [];
      const rest = lead.length ? r.slice(1) : head;
      return rest.length ? [...lead, { ...rest[0]!, text: rest.map((l) => l.text).join('') }] : lead;
    });
  }
  return text;
}

function itemBlocks(item: Item): RawBlock[] {
  const paras = paragraphs(item);
  const out: RawBlock[] = [];
  const mk = (l: Line, role?: RawBlock['role']): RawBlock => {
    const b = block('paragraph', { line: l.line, column: l.column, endLine: l.line }, { lineOffset: 0, quote: false });
    b.lines = [l.text];
    if (role) b.role = role;
    return b;
  };
  let k = 0;
  const cluster: Line[] = [];
  while (k < paras.length && cluster.length < 5 && isShort(paras[k]!.text) && !(cluster.length > 0 && parseAuthorLine(paras[k]!.text))) cluster.push(paras[k++]!);
  // A cluster that runs to the end of the item is no cluster but short paragraphs, except the first line.
  if (k === paras.length && cluster.length > 1 && paras.length > 2) {
    k = 1;
    cluster.splice(1);
  }
  const roles: RawBlock['role'][] =
    cluster.length === 1 ? ['headline'] : cluster.length === 2 ? ['headline', 'deck'] : ['kicker', 'headline', ...cluster.slice(2).map(() => 'deck' as const)];
  if (cluster.length === 2 && /^[—─-]{1,2}/.test(cluster[0]!.text)) roles.splice(0, 2, 'kicker', 'headline');
  cluster.forEach((l, i) => out.push(mk(l, roles[i])));
  if (out[0]) out[0].articleStart = true;
  else if (paras[0]) {
    const b = mk(paras[0]);
    b.articleStart = true;
    out.push(b);
    k = 1;
  }
  if (item.column && /评论员|評論員/.test(item.column) && paras[k]) out.push(mk({ ...paras[k]!, text: item.column }, 'byline'));
  for (const c of item.captions) out.push(mk(c, 'caption'));
  const body = paras.slice(k);
  // A picture item: a title and one caption line, no dateline.
  if (cluster.length >= 1 && body.length === 1 && visibleLength(body[0]!.text) <= 200 && !parseDateline(body[0]!.text) && !parseAuthorLine(body[0]!.text)) {
    out.push(mk(body[0]!, 'caption'));
    return out;
  }
  body.forEach((l, i) => {
    const next = body[i + 1];
    const subhead = i > 0 && next && visibleLength(l.text) <= 24 && !endsSentence(l.text) && !/[，,：:]$/.test(l.text) && visibleLength(next.text) > 24;
    out.push(mk(l, subhead ? 'subhead' : undefined));
  });
  return out;
}
