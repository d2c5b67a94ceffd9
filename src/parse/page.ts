/**
 * Raw blocks → one page of the model: masthead, folio, banner, teasers, articles (headline clusters,
 * datelines and bylines, body blocks, photos, jumps), page credits and metadata. Pure: problems are
 * returned as data with their source positions.
 */
import type { Article, Block, Jump, Page, Teaser } from '../model/schema.js';
import type { ReadResult } from './blocks.js';
import { isoDate } from './front.js';
import { readFurniture } from './furniture.js';
import { repairMojibake } from './mojibake.js';
import { finishBody, imageName, stripResidue } from './body.js';
import { BULLET, jumpPlace, teaserPlace, spaced, text, unitsFrom, type Draft, type Problem, type Unit, type Warn } from './units.js';
import {
  endsSentence,
  endsWithColon,
  findGarbled,
  hanRe,
  isEnumerated,
  isJumpLine,
  isJunkLine,
  isPageCredit,
  isSloganLike,
  isTeaserRefLine,
  isUrlLine,
  parseAuthorLine,
  parseAuthors,
  parseBylineLine,
  parseDateline,
  parseEndByline,
  parseMetaLine,
  splitCredit,
  visibleLength,
} from './patterns.js';

export type { Problem } from './units.js';

/** Headings one headline cluster takes at most. */
const MAX_CLUSTER_HEADINGS = 4;

export interface PageResult {
  page: Page;
  problems: Problem[];
}
export function buildPage(read: ReadResult, file: string, encoding: string): PageResult {
  const problems: Problem[] = [];
  const warn: Warn = (u, rule, message, severity = 'warning') =>
    problems.push({ line: u?.line ?? null, column: u?.column ?? null, severity, rule, message });
  for (const p of read.problems) problems.push(p);

  const meta: Record<string, string> = {};
  const fromBlocks = unitsFrom(read.blocks);
  const fmDate = readFrontMatter(read.frontMatter, meta, fromBlocks);
  const { units: inFlow, credits } = takeOffFlow(fromBlocks, meta, warn);
  promoteFirstLine(inFlow);
  const furniture = readPageFurniture(inFlow, read);
  const units = furniture.units ?? inFlow;

  const state = newAssembly(units, read.hints?.structured === true, warn);
  assembleArticles(state);
  const articles = finishArticles(state.drafts, furniture.teasers, warn, read.hints?.captionsMarked === true);
  repairArticleMojibake(articles, warn);
  scanArticleGarbling(articles, warn);

  const page = pageFrom(read, furniture, { articles, credits, meta, fmDate, file, encoding });
  return { page, problems };
}

// ── Page furniture and off-flow text ──

/** Front matter: the title becomes the headline (a unit put first), the date the page date (returned). */
function readFrontMatter(fm: ReadResult['frontMatter'], meta: Record<string, string>, units: Unit[]): string | null {
  if (!fm) return null;
  let fmDate: string | null = null;
  for (const [k, v] of Object.entries(fm)) {
    if (v === null || v === undefined) continue;
    meta[k] = v instanceof Date ? v.toISOString() : Array.isArray(v) ? v.join(', ') : String(v);
  }
  const title = typeof fm.title === 'string' ? fm.title.trim() : null;
  const rawDate = fm.date instanceof Date ? fm.date.toISOString() : typeof fm.date === 'string' ? fm.date : null;
  if (rawDate) fmDate = isoDate(rawDate);
  if (title) {
    units.unshift({
      kind: 'heading', depth: 1, lines: [title], items: [], ordered: false, strong: false, quote: false,
      jump: null, line: 2, column: 1, gapBefore: 0,
    });
  }
  return fmDate;
}

/** Metadata, page credits, links and junk leave the flow. */
function takeOffFlow(units: Unit[], meta: Record<string, string>, warn: Warn): { units: Unit[]; credits: string[] } {
  const credits: string[] = [];
  const kept: Unit[] = [];
  for (const u of units) {
    if (u.kind === 'para' && takeOffFlowPara(u, meta, credits, warn)) continue;
    kept.push(u);
  }
  return { units: kept, credits };
}

/** Whether a paragraph is a URL, junk, a metadata line or a page credit (recorded where it belongs). */
function takeOffFlowPara(u: Unit, meta: Record<string, string>, credits: string[], warn: Warn): boolean {
  const t = spaced(u);
  const url = isUrlLine(t);
  if (url) {
    meta.url ??= url;
    return true;
  }
  if (isJunkLine(t) || u.lines.every((l) => isJunkLine(l))) {
    warn(u, 'junk-removed', `removed navigation or advertising text: ${t.slice(0, 30)}`, 'info');
    return true;
  }
  const pairs = parseMetaLine(t);
  if (pairs && visibleLength(t) < 120) {
    for (const [k, v] of Object.entries(pairs)) if (v) meta[k] = v;
    return true;
  }
  if (u.lines.length === 1 && isPageCredit(t)) {
    credits.push(t.trim());
    return true;
  }
  return false;
}

/** A web page with no heading at all: its first short line is the headline. */
function promoteFirstLine(units: Unit[]): void {
  if (units.some((u) => u.kind === 'heading')) return;
  const first = units.findIndex((u) => u.kind === 'para');
  const u = units[first];
  if (u && u.lines.length === 1 && visibleLength(text(u)) <= 60 && !endsSentence(text(u)) && !parseDateline(text(u))) {
    units[first] = { ...u, kind: 'heading', depth: 1 };
  }
}

/** Masthead, banner, folio and teasers: read from the units, or none for a structured source; hinted teasers added. */
function readPageFurniture(units: Unit[], read: ReadResult) {
  const furniture = read.hints?.structured === true
    ? { masthead: null, banner: null, folio: null, teasers: [] as Teaser[] }
    : readFurniture(units);
  for (const t of read.hints?.teasers ?? []) {
    teaserPlace.set(t.teaser, { line: t.line, column: 1 });
    furniture.teasers.push(t.teaser);
  }
  return furniture;
}

// ── Articles ──

/** The state of the article pass: the units, the drafts so far, the open draft and jumps waiting for one. */
interface Assembly {
  units: Unit[];
  structured: boolean;
  warn: Warn;
  drafts: Draft[];
  articleDepths: Set<number>;
  current: Draft | null;
  pendingIn: Jump[];
}

function newAssembly(units: Unit[], structured: boolean, warn: Warn): Assembly {
  return { units, structured, warn, drafts: [], articleDepths: new Set<number>(), current: null, pendingIn: [] };
}

const kickerish = (u: Unit | undefined): boolean => {
  if (!u || u.kind !== 'para' || u.lines.length > 3 || u.strong) return false;
  const t = text(u);
  if (visibleLength(t) > 60 || endsSentence(t) || endsWithColon(t)) return false;
  if (parseDateline(t) || parseBylineLine(t) || parseAuthorLine(t) || isJumpLine(t) || splitCredit(t) || isTeaserRefLine(t)) return false;
  if (BULLET.test(t)) return false;
  return true;
};
const startsBody = (u: Unit | undefined): boolean => {
  if (!u || u.kind !== 'para') return false;
  const t = text(u);
  return !!(parseDateline(t) || parseBylineLine(t) || parseAuthorLine(t));
};

/** A new draft article, taking the jumps that were waiting for one. */
function newDraft(s: Assembly, u: Unit | null): Draft {
  const d: Draft = {
    article: {
      id: '', kicker: null, headline: null, deck: null, byline: null, dateline: null, authors: [], body: [],
      jumps: [], logo: null, continues: null, source: u ? { line: u.line, column: u.column } : undefined,
    },
    raw: [],
    depth: 0,
    hasBody: false,
    pendingIn: [],
  };
  d.article.jumps.push(...s.pendingIn);
  s.pendingIn = [];
  s.drafts.push(d);
  return d;
}

/** The open draft, or a new one starting at `u`. */
function currentOrNew(s: Assembly, u: Unit): Draft {
  if (!s.current) s.current = newDraft(s, u);
  return s.current;
}

function addBody(d: Draft, u: Unit, block: Block) {
  block.source = { line: u.line, column: u.column };
  d.raw.push({ unit: u, block });
  d.hasBody = true;
}

// A display line inside an article: figures and symbols ("3+3+2", "98%"), or a very short heading
// set bigger than the article's own headline.
const isCallout = (u: Unit, d: Draft) => {
  const t = text(u).trim();
  if (visibleLength(t) > 12) return false;
  if (!hanRe.test(t)) return true;
  return u.kind === 'heading' && u.depth < d.depth && visibleLength(t) <= 6 && !isEnumerated(t);
};

/** Every unit into the drafts, one handler per kind of unit; jumps still waiting go to the last draft. */
function assembleArticles(s: Assembly): void {
  let i = 0;
  while (i < s.units.length) i = readUnit(s, i);
  if (s.pendingIn.length) {
    const d = s.current ?? newDraft(s, null);
    d.article.jumps.push(...s.pendingIn);
  }
}

/** Reads the unit at `i` (and any that belong with it); returns the index of the next unit. */
function readUnit(s: Assembly, i: number): number {
  const u = s.units[i]!;
  if (u.role === 'kicker' || u.role === 'headline' || u.role === 'deck') return readMarkedCluster(s, i);
  if (u.role === 'byline' && s.current) {
    readMarkedByline(s.current, u);
    return i + 1;
  }
  if (u.articleStart && s.current && (s.current.hasBody || s.current.article.headline)) s.current = newDraft(s, u);
  if (u.role === 'subhead') {
    addBody(currentOrNew(s, u), u, { type: 'subhead', text: spaced(u).trim(), level: 1 });
    return i + 1;
  }
  if (u.kind === 'jump') {
    placeJump(s, i);
    return i + 1;
  }
  if (s.structured && u.kind === 'heading') {
    addBody(currentOrNew(s, u), u, { type: 'subhead', text: text(u).trim(), level: 1 });
    return i + 1;
  }
  if (startsHeadlineCluster(s, i)) return readHeadlineCluster(s, i);
  if (u.kind === 'image') {
    addBody(currentOrNew(s, u), u, { type: 'photo', text: null, caption: null, credit: null, src: imageName(u.src ?? '') });
    return i + 1;
  }
  if (u.kind === 'list') {
    addBody(currentOrNew(s, u), u, { type: 'list', text: null, items: u.items, ordered: u.ordered });
    return i + 1;
  }
  readParagraph(s, u);
  return i + 1;
}

/** A headline cluster a reader marked (kicker, headline, deck roles): taken exactly as marked. */
function readMarkedCluster(s: Assembly, start: number): number {
  const first = s.units[start]!;
  const d = newDraft(s, first);
  if (first.ref) d.article.ref = first.ref;
  const a = d.article;
  let k = start;
  for (; k < s.units.length; k++) {
    const v = s.units[k]!;
    const t = spaced(v).trim();
    if (v.role === 'headline') {
      if (a.headline !== null || a.deck !== null) break;
      a.headline = t;
      a.source = { line: v.line, column: v.column };
    } else if (v.role === 'kicker') {
      if (a.headline !== null) break;
      a.kicker = a.kicker ? `${a.kicker} ${t}` : t;
    } else if (v.role === 'deck') {
      a.deck = a.deck ? `${a.deck} ${t}` : t;
    } else break;
  }
  s.current = d;
  return k;
}

/** A byline a reader marked: the open article's byline and authors. */
function readMarkedByline(d: Draft, u: Unit): void {
  const t = spaced(u).trim();
  const dl = parseDateline(t);
  d.article.byline ??= dl?.byline ?? t;
  d.article.authors.push(...(dl ? dl.authors : (parseBylineLine(t)?.authors ?? parseAuthorLine(t)?.authors ?? parseAuthors(t))));
}

/** A jump line: an incoming jump before a headline waits for that article; otherwise the open article's. */
function placeJump(s: Assembly, i: number): void {
  const u = s.units[i]!;
  const jump: Jump = { ...u.jump!, generated: false };
  jumpPlace.set(jump, { line: u.line, column: u.column });
  const nextIsHead = s.units[i + 1]?.kind === 'heading' || kickerish(s.units[i + 1]);
  if (jump.direction === 'in' && (!s.current || s.current.hasBody) && nextIsHead) s.pendingIn.push(jump);
  else if (s.current) s.current.article.jumps.push(jump);
  else s.pendingIn.push(jump);
}

/** A headline cluster starts here: headings, with at most two short plain lines before and one after. */
function startsHeadlineCluster(s: Assembly, i: number): boolean {
  const u = s.units[i]!;
  if (s.structured) return false;
  if (u.kind === 'heading') return true;
  if (!kickerish(u)) return false;
  // A headline never stands without text: the line under it is its body, not the next kicker.
  if (s.current && !s.current.hasBody && s.current.article.headline) return false;
  for (let k = i + 1; k <= i + 2 && k < s.units.length; k++) {
    if (s.units[k]!.kind === 'heading') return true;
    if (!kickerish(s.units[k])) return false;
  }
  return false;
}

/** The units of the headline cluster starting at `i`, and the index after it. */
function collectClusterRun(units: Unit[], i: number): { run: Unit[]; end: number } {
  const run: Unit[] = [];
  let k = i;
  let seenHeading = false;
  let after = 0;
  let headingCount = 0;
  while (k < units.length) {
    const v = units[k]!;
    if (v.kind === 'heading') {
      // Column logo, kicker, headline, deck: a run of more headings starts further articles.
      if ((seenHeading && after > 0) || headingCount === MAX_CLUSTER_HEADINGS) break;
      headingCount++;
      seenHeading = true;
      run.push(v);
      k++;
      continue;
    }
    if (!kickerish(v)) break;
    if (seenHeading) {
      // One short line under the headline is a deck, unless it is the start of the text.
      if (after >= 1) break;
      after++;
    }
    run.push(v);
    k++;
  }
  // A short line under a headline that is directly followed by another heading is that article's
  // text, not a deck.
  if (after > 0 && units[k]?.kind === 'heading' && run[run.length - 1]!.kind === 'para') {
    run.pop();
    k--;
  }
  return { run, end: k };
}

/** A headline cluster: a callout or subheads inside the open article, or a new article. */
function readHeadlineCluster(s: Assembly, i: number): number {
  const u = s.units[i]!;
  const { run, end } = collectClusterRun(s.units, i);
  const next = s.units[end];
  const headings = run.filter((v) => v.kind === 'heading');
  const minDepth = Math.min(...headings.map((h) => h.depth));
  if (s.current && s.current.hasBody && addClusterToBody(s, s.current, { u, run, next, headings, minDepth })) return end;
  s.current = articleFromCluster(s, run, minDepth);
  return end;
}

interface Cluster {
  u: Unit;
  run: Unit[];
  next: Unit | undefined;
  headings: Unit[];
  minDepth: number;
}

/** Whether the cluster stays inside the open article (as a callout or subheads, added to it). */
function addClusterToBody(s: Assembly, d: Draft, c: Cluster): boolean {
  const { u, run, next, headings, minDepth } = c;
  if (run.length === 1 && isCallout(u, d) && !startsBody(next)) {
    addBody(d, u, { type: 'callout', text: text(u).trim() });
    return true;
  }
  const hasPlain = run.some((v) => v.kind === 'para');
  const articleLike =
    startsBody(next) ||
    hasPlain ||
    (!isEnumerated(text(headings[0]!)) && (minDepth <= d.depth || s.articleDepths.has(minDepth)));
  if (articleLike) return false;
  for (const h of run) {
    addBody(d, h, { type: 'subhead', text: text(h).trim(), level: Math.max(1, h.depth - d.depth) });
  }
  return true;
}

/** A new article from a headline cluster: logo and kicker before the headline, deck after it. */
function articleFromCluster(s: Assembly, run: Unit[], minDepth: number): Draft {
  const hIndex = run.findIndex((v) => v.kind === 'heading' && v.depth === minDepth);
  const head = run[hIndex]!;
  const d = newDraft(s, run[0]!);
  d.depth = head.depth;
  d.article.headline = spaced(head).trim();
  d.article.source = { line: head.line, column: head.column };
  const before = run.slice(0, hIndex);
  const afterHead = run.slice(hIndex + 1);
  if (before.length > 0) {
    const kick = before[before.length - 1]!;
    const logoUnits = before.slice(0, -1);
    if (isSloganLike(kick.lines) && logoUnits.length === 0) logoUnits.push(kick);
    else d.article.kicker = spaced(kick).trim();
    if (logoUnits.length) d.article.logo = logoUnits.map(spaced).join(' ').trim();
  }
  if (afterHead.length > 0) d.article.deck = afterHead.map(spaced).join(' ').trim();
  s.articleDepths.add(head.depth);
  return d;
}

/** A paragraph: a dateline (maybe starting a new article), a byline, or body text. */
function readParagraph(s: Assembly, u: Unit): void {
  const t = text(u);
  const dateline = parseDateline(t);
  if (dateline && s.current && s.current.hasBody && !s.structured) {
    s.warn(u, 'headline-missing', 'a dateline starts a new article here, but its headline is missing', 'info');
    s.current = newDraft(s, u);
  }
  const d = currentOrNew(s, u);
  const a = d.article;
  const noTextYet = !d.hasBody || (s.structured && !d.raw.some((r) => r.block.type === 'paragraph' && r.unit.role !== 'caption'));
  if (dateline && !a.dateline && noTextYet) {
    a.dateline = dateline.dateline;
    if (dateline.byline) a.byline = dateline.byline;
    a.authors.push(...dateline.authors);
  }
  if (!dateline && takeBylineParagraph(d, u, t)) return;
  addBody(d, u, { type: u.quote ? 'quote' : 'paragraph', text: stripResidue(t, u, s.warn) });
}

/** Whether a paragraph near the article's start is its byline (then recorded). */
function takeBylineParagraph(d: Draft, u: Unit, t: string): boolean {
  const a = d.article;
  if (a.byline || d.raw.length > 2 || u.role === 'caption') return false;
  const by = parseBylineLine(t) ?? (d.raw.length === 0 && a.headline ? parseAuthorLine(t) : null);
  if (!by) return false;
  a.byline = by.byline;
  a.authors.push(...by.authors);
  return true;
}

// ── Per-article clean-up: joins, jumps and teasers inside text, photos, lists, subheads ──

function finishArticles(drafts: Draft[], teasers: Teaser[], warn: Warn, captionsMarked: boolean): Article[] {
  const articles: Article[] = [];
  for (const d of drafts) {
    takeEndByline(d);
    const body = finishBody(d, teasers, warn, captionsMarked);
    d.article.body = body;
    if (!d.article.headline && body.length === 0 && d.article.jumps.length === 0) continue;
    articles.push(d.article);
  }
  return articles;
}

/** A credit line closing the article ("(文/图 刘玺东 易赛楠)") names its authors. */
function takeEndByline(d: Draft): void {
  for (const r of [...d.raw].reverse().slice(0, 12)) {
    const end = r.block.type === 'paragraph' ? parseEndByline(r.block.text ?? '') : null;
    if (!end) continue;
    if (end.rest === '') d.raw.splice(d.raw.indexOf(r), 1);
    else r.block.text = end.rest;
    d.article.byline ??= end.byline;
    d.article.authors.push(...end.authors.filter((x) => !d.article.authors.some((y) => y.name === x.name)));
    break;
  }
}

/** Mojibake that the round trip repairs. */
function repairArticleMojibake(articles: Article[], warn: Warn): void {
  const repair = (value: string | null | undefined, at: { line: number; column: number } | undefined): string | null | undefined => {
    if (!value) return value;
    const r = repairMojibake(value);
    for (const x of r.repairs) {
      warn(at ?? null, 'mojibake-repaired', `"${x.original}" was UTF-8 text decoded as ${x.codePage.toUpperCase()}; repaired to "${x.repaired}"`);
    }
    return r.text;
  };
  for (const a of articles) {
    a.headline = repair(a.headline, a.source) ?? null;
    a.kicker = repair(a.kicker, a.source) ?? null;
    a.deck = repair(a.deck, a.source) ?? null;
    for (const b of a.body) {
      if (b.text) b.text = repair(b.text, b.source) ?? null;
      if (b.caption) b.caption = repair(b.caption, b.source) ?? null;
    }
  }
}

/** Garbled text anywhere in the page's text, which stays as it is. */
function scanArticleGarbling(articles: Article[], warn: Warn): void {
  const scan = (value: string | null | undefined, at: { line: number; column: number } | undefined) => {
    if (!value) return;
    for (const run of findGarbled(value)) {
      warn(
        at ? { line: at.line, column: at.column } : null,
        'garbled-text',
        `text looks wrongly decoded: "${run.text}" — check the source's encoding; it is kept as it is`,
      );
    }
  };
  for (const a of articles) {
    scan(a.headline, a.source);
    for (const b of a.body) {
      scan(b.text, b.source);
      scan(b.caption, b.source);
      for (const item of b.items ?? []) scan(item, b.source);
    }
  }
}

// ── The page ──

interface PageParts {
  articles: Article[];
  credits: string[];
  meta: Record<string, string>;
  fmDate: string | null;
  file: string;
  encoding: string;
}

/** The page model from the reader's hints, the furniture and the articles. */
function pageFrom(read: ReadResult, furniture: ReturnType<typeof readPageFurniture>, parts: PageParts): Page {
  const { articles, credits, meta, fmDate, file, encoding } = parts;
  const { banner, folio, teasers } = furniture;
  const masthead = furniture.masthead ?? read.hints?.masthead ?? null;
  const hints = read.hints ?? {};
  Object.assign(meta, hints.meta ?? {});
  const number = hints.number ?? (masthead ? 1 : (folio?.number ?? null));
  return {
    number,
    code: hints.code ?? furniture.folioCode ?? null,
    section: hints.section ?? folio?.section ?? banner?.title ?? null,
    date: hints.date ?? masthead?.date ?? folio?.date ?? fmDate ?? (meta['时间'] ? isoDate(meta['时间']) : null),
    ...(hints.paper || masthead?.paper ? { paper: hints.paper ?? masthead?.paper ?? null } : {}),
    masthead,
    folio,
    banner,
    teasers,
    articles,
    credits,
    source: { file, format: read.format as Page['source']['format'], encoding, meta },
  };
}
