/**
 * Page composition: lays the articles of an edition out on the template's column grid and baseline
 * grid, and returns the positioned frames every renderer draws (pure: no I/O).
 *
 * Each page gets a header band (masthead or folio, teasers, banner), then the articles as rectangular
 * modules spanning whole columns. A module is its heading (column logo in a thin frame, kicker,
 * headline broken between phrases, deck, byline), the photos that open the article across its top, and
 * the body flowed through its columns, photos from the middle of the text standing where the text
 * reaches them. The module sizes and positions come from a beam search over column spans, each module
 * going into a slot of a skyline over the columns (continuations carried in from the page before go
 * to the foot of the page first). A module may be stretched by whole grid lines to end level with the
 * foot or with the module beside it: air under its heading, a taller photo, air around subheads and
 * callouts, or a paragraph set one line longer with its spacing opened a little; the baseline grid is
 * kept. The cost is the white space left on the page, with holes over 1 column × 3 lines priced high,
 * plus penalties (cuts, headlines over two lines or broken inside a phrase, shallow or cramped
 * modules). Articles that do not fit are cut at a line and continued on the next page under a short
 * headline, with generated jump lines, jumps and links; at most two cuts per page, other articles move
 * whole. With the `formats` option, a page whose items all go on it whole but leave it under 90% filled
 * is set as a short page (a larger lead headline, more air in headings, photos nearer their natural
 * size) when that fills it, else on a smaller format of its template (format-choice.ts, format.ts): the
 * sheet folded while its items still go on it whole, then cut to the grid lines they take without a
 * hole. The edition's last page, when it holds much less than a page, is otherwise set again as a
 * short page, and so is any page whose articles leave a hole in every arrangement found, when that
 * does better. A page still left with a hole is searched again with every stretch a module allows.
 */
import type { Diagnostic, Edition, Page } from '../../model/schema.js';
import type { FontSet } from '../fonts/index.js';
import type { Template } from '../template/schema.js';
import type { FramePage } from '../types.js';
import type { Ctx, LayoutOptions } from './context.js';
import { newPageAfter, pageNumberAt, settleJump } from './continuations.js';
import { makeGrid } from './grid.js';
import { composeHeader } from './header.js';
import { articleItem, continuationItem, resetItem } from './items.js';
import { pageIdentity } from './identity.js';
import { resolveLinks } from './links.js';
import type { Item } from './module-types.js';
import type { PageCtx } from './page.js';
import { gutterRules, realize } from './realize.js';
import { cutOversizedHeading, itemCharacters, MAX_EXTRA_PAGES, unplacedError } from './limits.js';
import { missingGlyphs, underfilledPages } from './report.js';
import { arrange } from './search.js';
import { finalCost, reachesFoot, settledMeasure } from './final-cost.js';
import { arrangeOnce, chooseFormat, MOVE_COST, MOVE_LAST_COST, usedShare, type ChosenFormat } from './format-choice.js';
import { formatCtx, narrowItems, prepareItems, roomyItems } from './short-page.js';
import { exposed, type Place, type State } from './skyline.js';

export interface LayoutResult {
  edition: Edition;
  pages: FramePage[];
  diagnostics: Diagnostic[];
}

/** Below this share of the article area taken, the edition's last page is set as a short page. */
export const ROOMY_FILL = 0.6;

/** Lays out every page of the edition; continuations may add pages. */
export function layoutEdition(edition: Edition, template: Template, fonts: FontSet, options: LayoutOptions = {}): LayoutResult {
  const ed: Edition = structuredClone(edition);
  const g = makeGrid(template);
  const ctx: Ctx = { links: ed.links, t: template, fonts, g, options, diagnostics: [], roomy: false, measures: new Map(), captionCache: new WeakMap() };
  const frames: FramePage[] = [];
  let carry: Item[] = [];
  for (let pi = 0; pi < ed.pages.length || carry.length > 0; pi++) {
    if (pi >= ed.pages.length) {
      const src = ed.pages[carry[0]?.pageIndex ?? ed.pages.length - 1] ?? ed.pages[ed.pages.length - 1]!;
      ed.pages.push(newPageAfter(ed, src));
    }
    const set = composePage(ctx, ed, pi, carry, pi >= edition.pages.length, frames);
    if (!set.frame) {
      ed.pages.pop();
      carry = [];
      break;
    }
    frames.push(set.frame);
    carry = set.carry;
    if (pi >= edition.pages.length + MAX_EXTRA_PAGES) break;
  }
  for (const it of carry) {
    const message = `article ${it.id}: ${itemCharacters(it)} characters were not placed: the edition ran ${MAX_EXTRA_PAGES} pages past its own ${edition.pages.length} and text was still left; split the article or the document`;
    ctx.diagnostics.push(unplacedError(it, frames[frames.length - 1]?.number ?? 0, message));
  }
  underfilledPages(ctx, ed, frames);
  missingGlyphs(ctx, ed, frames);
  resolveLinks(frames, ed);
  return { edition: ed, pages: frames, diagnostics: ctx.diagnostics };
}

/**
 * Composes page pi of the edition with the items carried to it; returns its frame and what goes on. A
 * page the layout `added` that takes none of the items carried to it has no frame: what does not go on
 * an empty page goes on no page, and each such item is an error.
 */
function composePage(base: Ctx, ed: Edition, pi: number, carried: Item[], added: boolean, frames: FramePage[]): { frame: FramePage | null; carry: Item[] } {
  const page = ed.pages[pi]!;
  const number = page.number ?? pi + 1;
  const code = pageIdentity(page, number, frames, base.diagnostics);
  const R0 = base.g.rows - headerRowsOn(base, ed, pi);
  const { now: items, later } = searchable(pageItems(base, page, pi, carried, R0), R0, base.g.cols);
  // A page whose items all go on it whole may be set on a smaller format (format.ts).
  const format: ChosenFormat = base.options.formats && later.length === 0 && items.length > 0 ? chooseFormat(base, items, (c) => headerRowsOn(c, ed, pi)) : { t: base.t, roomy: false, searched: null, roomySearched: null };
  const ctx = format.t === base.t ? base : formatCtx(base, format.t);
  ctx.roomy = false;
  const { g } = ctx;
  const pc = newPageCtx(ctx, page, pi, number);
  const headerRows = composeHeader(pc, ed);
  const R = g.rows - headerRows;
  if (ctx !== base) prepareItems(ctx, items, R);
  if (format.roomy) roomyItems(ctx, items);
  const atEnd = pi >= ed.pages.length - 1 || ctx !== base;
  const moveCost = format.roomy ? MOVE_LAST_COST : moveCostOf(ctx, items, R, atEnd);
  const chosen = format.roomy ? arrangeOnce(ctx, items, R, moveCost, format.searched) : bestArrangement(ctx, items, R, pi === ed.pages.length - 1, moveCost, format);
  const best = closeHoles(ctx, items, R, moveCost, chosen);
  if (added && best.places.length === 0) {
    for (const it of items) {
      const what = it.kind === 'cont' ? 'its continuation' : 'the article';
      ctx.diagnostics.push(unplacedError(it, number, `article ${it.id}: ${itemCharacters(it)} characters were not placed: ${what} does not fit on an empty page; shorten its heading or split it`));
    }
    return { frame: null, carry: [] };
  }
  const carry: Item[] = [];
  const places = setPlaces(pc, ed, items, best, { R, headerRows, nextNo: pageNumberAt(ed, pi + 1) }, carry);
  for (const item of [...best.moved.map((m) => items[m]!), ...later]) {
    if (item.kind === 'article' && !item.moved) item.moved = { fromPage: number };
    carry.push(item);
  }
  gutterRules(pc, places, headerRows);
  if (ctx.roomy || ctx !== base) {
    ctx.roomy = false;
    for (const it of carry) resetItem(it);
  }
  let cov = 0;
  for (const c of pc.covered) cov += c;
  pc.report.fill = cov / (g.rows * g.cols);
  return { frame: { number, code, width: ctx.t.page.width, height: ctx.t.page.height, boxes: pc.boxes, report: pc.report }, carry };
}

function newPageCtx(ctx: Ctx, page: Page, pi: number, number: number): PageCtx {
  const pc: PageCtx = {
    ctx,
    page,
    pageIndex: pi,
    number,
    boxes: [],
    covered: new Uint8Array(ctx.g.rows * ctx.g.cols),
    report: { fill: 0, kinsokuViolations: 0, looseLines: 0, orphans: 0, continuations: 0 },
    marks: 0,
  };
  for (const a of page.articles) for (const j of a.jumps) if (j.direction === 'out' && !j.generated && j.mark) pc.marks += 1;
  return pc;
}

/** Grid lines the header band of page pi takes on the context's format. */
function headerRowsOn(ctx: Ctx, ed: Edition, pi: number): number {
  const page = ed.pages[pi]!;
  return composeHeader(newPageCtx(ctx, page, pi, page.number ?? pi + 1), ed);
}

/** The items of a page: continuations carried in (to its foot when it has articles of its own), its articles, articles moved to it. */
function pageItems(ctx: Ctx, page: Page, pi: number, carried: Item[], R: number): Item[] {
  for (const a of page.articles) cutOversizedHeading(ctx, a, page.source.file, page.number ?? pi + 1, R);
  const own = page.articles.map((a, i) => articleItem(ctx, a, page, pi, i === 0, R));
  const conts = carried.filter((it) => it.kind === 'cont');
  const moved = carried.filter((it) => it.kind !== 'cont');
  for (const c of conts) c.anchor = own.length > 0 ? 'bottom' : 'top';
  return own.length > 0 ? [...conts, ...own, ...moved] : [...conts, ...moved];
}

/** How many pages of text the search of one page considers; what lies beyond waits for a later page. */
const SEARCH_PAGES = 3;

/**
 * The items a page's search considers: the continuations, then items in order while their text could
 * still fill SEARCH_PAGES pages; the rest go on to a later page unsearched, so that a page of thousands
 * of articles costs what a page of a few dozen does.
 */
function searchable(items: Item[], R: number, cols: number): { now: Item[]; later: Item[] } {
  const now: Item[] = [];
  const later: Item[] = [];
  let need = 0;
  for (const it of items) {
    if (now.length === 0 || it.kind === 'cont' || need < SEARCH_PAGES * R * cols) {
      now.push(it);
      need += it.bodyRows + 4 * cols;
    } else later.push(it);
  }
  return { now, later };
}

/**
 * The arrangement of the page's items. The edition's last page holding much less than a page is set
 * again as a short page (a larger lead headline, more air in the headings, photos nearer their natural
 * size) when every article still goes on it whole; so is a page whose best arrangement leaves a hole
 * (a white region over MAX_SHORT cells, final-cost.ts), when the short page costs less. ctx.roomy then
 * stays set for the page's realisation.
 */
function bestArrangement(ctx: Ctx, items: Item[], R: number, lastPage: boolean, moveCost: number, format: ChosenFormat): State {
  const { g } = ctx;
  let best = arrangeOnce(ctx, items, R, moveCost, format.searched);
  if (best.places.length === 0 && items.length > 0) best = arrange(ctx, items, R, true, moveCost);
  if (best.moved.length > 0 || best.cuts > 0) return best;
  const short = lastPage && usedShare(best, R, g.cols) < ROOMY_FILL;
  // A page whose articles leave a hole however they are arranged is set again as a short page.
  const measured = short ? null : settledMeasure(ctx, items, best);
  if (measured && measured.holes === 0) return best;
  const bestCost = measured?.cost ?? 0;
  const narrow = roomyItems(ctx, items);
  const roomy = arrangeOnce(ctx, items, R, moveCost, format.roomySearched);
  if (roomy.moved.length === 0 && roomy.cuts === 0 && roomy.places.length === best.places.length && (short || finalCost(ctx, items, roomy) < bestCost)) return roomy;
  narrowItems(ctx, items, narrow);
  return best;
}

/** The cost of moving an item to a later page: moving one off the edition's last page adds a page, unless the page overflows anyway. */
function moveCostOf(ctx: Ctx, items: Item[], R: number, atEnd: boolean): number {
  let need = 0;
  for (const it of items) need += it.bodyRows + 4 * ctx.g.cols;
  return atEnd && need <= R * ctx.g.cols ? MOVE_LAST_COST : MOVE_COST;
}

/** Pages of more items than this (a page of briefs, an index of thousands) are not searched again for a hole. */
const FINE_ITEMS = 24;

/**
 * The arrangement searched again when it leaves a hole: each module may then be stretched by any
 * number of grid lines its stretch table holds (not only to the level beside or below it), over a
 * wider beam, and no cut is made on a page that had none. A hole still left, the page is searched a
 * third time, warier (Ctx.wary): the beam shared among the spans of the first item, and white no item
 * left can reach ranked as a hole. A new arrangement is taken when it costs less and moves no more
 * items.
 */
function closeHoles(ctx: Ctx, items: Item[], R: number, moveCost: number, s: State): State {
  if (s.places.length === 0 || items.length > FINE_ITEMS) return s;
  let best = s;
  let measured = settledMeasure(ctx, items, s);
  for (const wary of [false, true]) {
    if (measured.holes === 0) break;
    const again = searchAgain(ctx, items, R, moveCost, s.cuts === 0, wary);
    if (again.moved.length > s.moved.length || again.cuts > s.cuts) continue;
    const m = settledMeasure(ctx, items, again);
    if (m.cost < measured.cost) [best, measured] = [again, m];
  }
  return best;
}

/** The page searched again for a hole (Ctx.fine, Ctx.wary), with no cut when `whole`. */
function searchAgain(ctx: Ctx, items: Item[], R: number, moveCost: number, whole: boolean, wary: boolean): State {
  const was = ctx.whole;
  ctx.fine = true;
  ctx.wary = wary;
  if (whole) ctx.whole = true;
  const again = arrange(ctx, items, R, false, moveCost);
  ctx.fine = false;
  ctx.wary = false;
  ctx.whole = was;
  return again;
}

/**
 * Realises the placed modules in reading order (the page's own articles, then what was carried in),
 * stretching exposed modules down to the foot; continuations of cut modules go to `carry`.
 */
function setPlaces(
  pc: PageCtx,
  ed: Edition,
  items: Item[],
  best: State,
  at: { R: number; headerRows: number; nextNo: number },
  carry: Item[],
): Place[] {
  const { ctx } = pc;
  const { R } = at;
  const rank = (p: Place) => (items[p.item]!.anchor === 'bottom' ? items.length : 0) + p.item;
  const order = best.places.slice().sort((a, b) => rank(a) - rank(b));
  const exp = exposed(best);
  const finalPlaces: Place[] = [];
  for (const p of order) {
    const item = items[p.item]!;
    const place = { ...p };
    // Modules with little or nothing below them reach down to the foot of the type area (or the
    // rule above a module set from the foot).
    let foot = R;
    for (let j = p.col; j < p.col + p.k; j++) foot = Math.min(foot, best.floor[j]! < R ? best.floor[j]! - 1 : R);
    const gap = foot - (p.top + p.rows);
    if (exp.has(best.places.indexOf(p)) && !p.cut && reachesFoot(gap, R)) place.rows = foot - p.top;
    finalPlaces.push(place);
    if (item.kind === 'cont' && item.pending) settleJump(ctx, ed, item.pending, pc);
    if (item.moved) movedDiagnostic(ctx, item, pc.number);
    const { rest, pending } = realize(pc, item, place, at.headerRows, at.nextNo);
    if (pending) carry.push(continuationItem(pending, rest, item.file));
  }
  return finalPlaces;
}

function movedDiagnostic(ctx: Ctx, item: Item, number: number): void {
  ctx.diagnostics.push({
    file: item.file,
    line: item.article?.source?.line ?? null,
    column: item.article?.source?.column ?? null,
    severity: 'warning',
    rule: 'continuation',
    message: `article ${item.id} did not fit on page ${item.moved!.fromPage}; set whole on page ${number}`,
    page: number,
    article: item.id,
  });
}
