/**
 * Modules: an item set at a span of columns (heading, photo band, balanced body), its penalties, the
 * ways to stretch it, and whether it may be cut.
 */
import type { Article, Block } from '../../model/schema.js';
import { balance, flow, raisedPhotoOrders, spanning, sumRows, type Flow } from './columns.js';
import type { Ctx } from './context.js';
import { PHOTO_GROWTH, ROOMY_PHOTO_GROWTH, flexOf, flexedPieces } from './flex.js';
import { spanW } from './grid.js';
import { heading } from './headings.js';
import { NO_FIT, type Band, type Fit, type Heading, type Item, type PhotoPlace, type Stretch, type Variant } from './module-types.js';
import { aspectOf, figOf, naturalWidth, photoCaptions } from './pieces.js';
import { acrossPieces, setsAcross } from './across.js';

/** A continuation needs at least this many lines; so does the part left on the source page. */
export const MIN_CONT_LINES = 5;

export const MIN_PART_LINES = 5;

/** Cost of a multi-column module whose columns hold fewer than MIN_COLUMN_LINES lines. */
export const CRAMPED_COST = 40;

export const MIN_COLUMN_LINES = 4;

/** Fewest lines per column a module of text without photos is spread over. */
export const MIN_SPREAD_LINES = 2;

/** Preferred least depth of a multi-column module's columns (grid lines), and the cost per line short. */
export const GOOD_DEPTH = 10;

export const SHALLOW_COST = 2;

/** Cost of a column holding only a few lines under a photo. */
export const FRAGMENT_COST = 15;

/** Cost per column the lead is narrower than 60% of the page. */
export const LEAD_NARROW_COST = 12;

/** Photo height at most this share of the text's column depth. */
export const PHOTO_DEPTH = 0.7;

/** Lines a module may be stretched by at most, and the means: air lines, photo and flex lines. */
export const MAX_STRETCH = 12;

export const MAX_AIR = 2;

export const ROOMY_AIR = 4;

export const MAX_GROW_STEPS = 8;

export const MAX_FLEX_STEPS = 8;

/** Costs of the stretching means: per air line and column (times the air lines), per photo line, per flex line. */
export const AIR_COST = 0.25;

export const GROW_COST = 0.3;

/** Cost per column of a blank line above a module's heading (Fit.drop): dearer than any other way to stretch it. */
export const DROP_COST = 1.5;

/**
 * Cost per grid line gained by setting a paragraph one line longer: above a line of air under a
 * two-column heading (AIR_COST × 2 columns × 2 = 1), since the paragraph's lines open (some by a
 * twelfth of an em) to gain it.
 */
export const FLEX_COST = 1.05;

/** Lines a module's last column may be short before the white counts as a hole, and the cost per line beyond. */
export const MAX_SHORT = 3;

export const SHORT_COST = 8;

/** Cost of a hole larger than MAX_SHORT cells left between or under modules, or inside one (a short last column). */
export const BAD_HOLE_COST = 40;

/** Further cost per cell of a hole between or under modules. */
export const HOLE_AREA_COST = 12;

/** Cost per headline line beyond the first in a one-column module, of a heading taller than the body, and per column a photo story lacks. */
export const NARROW_HEAD_COST = 6;

export const NARROW_HEAD_ROWS = 5;

export const TALL_HEAD_COST = 2;

export const PHOTO_STORY_COST = 20;

/** Cost of text set across a module in one column rather than in its columns. */
export const ACROSS_COST = 4;

/** Photos across the top of the module's body, left to right, wrapping when the columns run out. */
export function photoBand(ctx: Ctx, art: Article, photos: Block[], k: number, bodyRows: number, grow = 0): Band {
  const { g } = ctx;
  const offs: number[] = new Array(k).fill(0);
  const placed: PhotoPlace[] = [];
  const n = photos.length;
  if (n === 0) return { offs, photos: placed };
  const rowsAt = (p: Block, span: number) => Math.max(3, Math.round(spanW(g, span) / aspectOf(ctx, p) / g.B));
  let span1 = n === 1 ? (k <= 2 ? k : Math.max(2, Math.round(k * 0.6))) : Math.max(1, Math.floor(k / Math.min(n, k)));
  if (ctx.roomy && n === 1) {
    // Short pages: the photo takes its natural width when that is wider.
    const natural = Math.round((naturalWidth(ctx, photos[0]!) + g.gutter) / (g.colW + g.gutter));
    span1 = Math.min(k, Math.max(span1, natural));
  } else if (bodyRows >= 2 * MIN_COLUMN_LINES) {
    // A photo is no taller than about two thirds of the text's column depth (a single photo keeps two
    // columns, others one); a photo with a few lines of caption only (a photo story) spans the module.
    const depth = (PHOTO_DEPTH * bodyRows) / k;
    const least = n === 1 ? Math.min(k, 2) : 1;
    while (span1 > least && photos.some((p) => rowsAt(p, span1) > depth)) span1--;
  }
  let col = 0;
  photos.forEach((p, idx) => {
    const span = Math.min(span1, k);
    if (col + span > k) col = 0;
    let top = 0;
    for (let j = col; j < col + span; j++) top = Math.max(top, offs[j]!);
    const w = spanW(g, span);
    const imgRows = rowsAt(p, span) + (idx === 0 ? grow : 0);
    // The photos across the top are the first blocks of the article's body.
    const fig = figOf(art, idx);
    const { captions, capRows } = photoCaptions(ctx, p, fig, w, imgRows);
    const rows = imgRows + capRows;
    for (let j = col; j < col + span; j++) offs[j] = top + rows;
    placed.push({ block: p, fig, col, span, top, imgRows, rows, captions });
    col += span;
  });
  return { offs, photos: placed };
}

export function computeVariant(ctx: Ctx, item: Item, k: number, fit: Fit = NO_FIT): Variant | null {
  if (setsAcross(ctx, item, k)) return acrossVariant(ctx, item, k, fit);
  const head = heading(ctx, item, k);
  const band = photoBand(ctx, item.article, item.photos, k, item.bodyRows, fit.grow);
  let pieces = flexedPieces(ctx, item.pieces, fit.flex);
  if (!pieces) return null;
  let { H, flow: f } = balance(pieces, band.offs, fit.wide);
  // A photo that opens a column and leaves the last one short may stand at the top of the column before.
  let lacking = lastShort(f, H, band.offs);
  if (lacking > MAX_SHORT) {
    for (const order of raisedPhotoOrders(f)) {
      const b = balance(order, band.offs, fit.wide);
      const l = lastShort(b.flow, b.H, band.offs);
      if (b.H <= H && l < lacking) [pieces, H, f, lacking] = [order, b.H, b.flow, l];
    }
  }
  if (fit.extra > 0) {
    H += fit.extra;
    f = flow(pieces, band.offs.map((o) => Math.max(0, H - o)));
    if (f.next !== f.seq.length) return null;
  }
  let white = 0;
  let lastCol = -1;
  const foot: number[] = [];
  f.cols.forEach((c, j) => {
    const free = Math.max(0, H - band.offs[j]! - c.used);
    foot.push(free);
    white += free;
    if (c.end > c.start) lastCol = j;
  });
  // White at the foot of neighbouring columns joins (the last column's shortfall among it): a run of
  // it larger than a few cells reads as a hole.
  const short = footRun(foot);
  let penalty = head.penalty;
  const bodyRows = sumRows(pieces);
  // Every column of a module holds some of its text or a photo (a wide photo in the flow may leave the last empty).
  if (f.cols.some((c, j) => c.end === c.start && c.off === 0 && band.offs[j] === 0) && (pieces.length > 0 || band.photos.length > 0)) return null;
  // Text of a few lines is not spread over columns of one line each (a photo story keeps its width).
  if (k > 1 && item.photos.length === 0 && bodyRows < MIN_SPREAD_LINES * k) return null;
  if (k > 1 && bodyRows / k < MIN_COLUMN_LINES) penalty += CRAMPED_COST * (k - 1);
  // Newspaper columns of a module read best at some depth; a few lines under a photo read badly.
  if (k > 1) penalty += SHALLOW_COST * Math.max(0, GOOD_DEPTH - H) * (k - 1);
  band.offs.forEach((o) => {
    if (o > 0 && H - o > 0 && H - o < MIN_COLUMN_LINES + 1) penalty += FRAGMENT_COST;
  });
  // A last column short by more than a few lines, or such a run of white at the foot, leaves a hole,
  // priced as one from the first placement on (the final cost would, but by then the search has kept no
  // other arrangement).
  if (short > MAX_SHORT) penalty += BAD_HOLE_COST + SHORT_COST * (short - MAX_SHORT);
  if (item.lead) penalty += LEAD_NARROW_COST * Math.max(0, Math.ceil(0.6 * ctx.g.cols) - k);
  penalty += headingPenalty(ctx, item, head, k, H);
  return { k, head, band, pieces, H, rows: (fit.drop ?? 0) + head.rows + fit.air + H, flow: f, white, foot, short, lastCol, penalty, fit };
}

/** The module with its text set in one column across its k columns (across.ts): only air stretches it. */
function acrossVariant(ctx: Ctx, item: Item, k: number, fit: Fit): Variant {
  const head = heading(ctx, item, k);
  const pieces = acrossPieces(ctx, item, k);
  const H = sumRows(pieces);
  const flow: Flow = { cols: [{ start: 0, end: pieces.length, used: H, off: 0 }], seq: pieces, next: pieces.length };
  const penalty = head.penalty + ACROSS_COST + headingPenalty(ctx, item, head, k, H);
  const band: Band = { offs: new Array(k).fill(0), photos: [] };
  return { k, head, band, pieces, H, rows: head.rows + fit.air + H, flow, white: 0, foot: new Array(k).fill(0), short: 0, lastCol: 0, penalty, fit: { ...NO_FIT, air: fit.air }, across: true };
}

/** The most white cells at the foot of neighbouring columns, joined. */
function footRun(foot: number[]): number {
  let run = 0;
  let most = 0;
  for (const w of foot) {
    run = w > 0 ? run + w : 0;
    if (run > most) most = run;
  }
  return most;
}

/** Lines the last column holding text ends short of the body's foot. */
function lastShort(f: Flow, H: number, offs: number[]): number {
  for (let j = f.cols.length - 1; j >= 0; j--) {
    const c = f.cols[j]!;
    if (c.end > c.start) return Math.max(0, H - offs[j]! - c.used);
  }
  return 0;
}

/** An editor's objections to a heading in its module: one that towers over a narrow module's text. */
export function headingPenalty(ctx: Ctx, item: Item, head: Heading, k: number, H: number): number {
  let p = 0;
  const headlines = head.lines.filter((l) => l.role === 'headline' || l.role === 'headline-lead' || l.role === 'headline-small').length;
  // A one-column module: a headline of two lines or more, and a heading deeper than a few lines, read cramped.
  if (k === 1 && headlines >= 2) p += NARROW_HEAD_COST * (headlines - 1);
  if (k === 1 && head.rows > NARROW_HEAD_ROWS) p += NARROW_HEAD_COST * (head.rows - NARROW_HEAD_ROWS);
  if (head.rows > H) p += TALL_HEAD_COST * Math.min(10, head.rows - H);
  // A module of photos with a few lines of caption: wide enough for the photo to read.
  if (item.photos.length > 0 && item.bodyRows < 2 * MIN_COLUMN_LINES && k < Math.min(3, ctx.g.cols)) p += PHOTO_STORY_COST * (Math.min(3, ctx.g.cols) - k);
  return p;
}

export function variantOf(ctx: Ctx, item: Item, k: number): Variant | null {
  let v = item.variants[k];
  if (v === undefined) {
    v = computeVariant(ctx, item, k);
    item.variants[k] = v;
  }
  return v;
}

/**
 * The ways to make the module taller, entry d for d grid lines (undefined: no way found): air under the
 * heading, a taller photo, air around subheads and callouts, or a last column a little shorter. Every
 * column but the last still reaches the foot, and the last is short by at most MAX_SHORT lines.
 */
export function stretchTable(ctx: Ctx, item: Item, k: number): (Stretch | undefined)[] {
  const cached = item.stretch[k];
  if (cached) return cached;
  const out: (Stretch | undefined)[] = [];
  item.stretch[k] = out;
  const v0 = variantOf(ctx, item, k);
  if (!v0) return out;
  const first = v0.band.photos[0];
  // Photos are cropped to their boxes: a photo story's photo (with a few lines of caption only) may grow most.
  const story = item.bodyRows < 2 * MIN_COLUMN_LINES;
  const G = first ? Math.min(MAX_GROW_STEPS, Math.floor(first.imgRows * (ctx.roomy || story ? ROOMY_PHOTO_GROWTH : PHOTO_GROWTH))) : 0;
  const E = v0.across ? 0 : Math.min(MAX_FLEX_STEPS, flexOf(ctx, item.pieces));
  const A = v0.head.rows > 0 ? (ctx.roomy ? ROOMY_AIR : MAX_AIR) : 0;
  const combos: [number, number][] = [[0, 0]];
  for (let g = 1; g <= G; g++) combos.push([g, 0]);
  for (let e = 1; e <= E; e++) combos.push([0, e]);
  // A photo in the flow that the balanced body sets one column wide may keep its span in a taller one.
  const narrowed = spanning(v0.flow.seq) < spanning(v0.pieces);
  const ways: Fit[] = combos.map(([g, e]) => ({ air: 0, grow: g, flex: e, extra: 0 }));
  if (narrowed) ways.push({ air: 0, grow: 0, flex: 0, extra: 0, wide: true });
  for (const w of ways) {
    const { grow: g, flex: e } = w;
    const v = w === ways[0] ? v0 : computeVariant(ctx, item, k, w);
    if (!v || (w.wide && v.rows <= v0.rows)) continue;
    const widened = w.wide ? GROW_COST * (v.rows - v0.rows) : 0;
    for (let x = 0; x <= MAX_STRETCH; x++) {
      // Only a one-column module ends its text short of its foot on purpose.
      if (x > 0 && (k > 1 || v.short + x > MAX_SHORT)) break;
      for (let a = 0; a <= A; a++) {
        const d = v.rows + x + a - v0.rows;
        if (d < 0 || d > MAX_STRETCH) continue;
        const cost = v.white + k * x + a * k * AIR_COST * (1 + a) + g * GROW_COST + e * FLEX_COST + widened + (v.penalty - v0.penalty);
        const cur = out[d];
        if (!cur || cost < cur.cost) out[d] = { fit: { ...w, air: a, extra: x }, cost, short: v.short + k * x, foot: x > 0 ? v.foot.map((w) => w + x) : v.foot };
      }
    }
  }
  if (v0.head.rows > 0 && !v0.across) dropLines(out, k);
  return out;
}

/** A stretch one line deeper than any other way reaches, set with a blank line above the heading. */
function dropLines(out: (Stretch | undefined)[], k: number): void {
  for (let d = MAX_STRETCH; d >= 1; d--) {
    const above = out[d - 1];
    if (out[d] || !above) continue;
    out[d] = { ...above, fit: { ...above.fit, drop: 1 }, cost: above.cost + DROP_COST * k };
  }
}

/** Whether the item may be cut to `avail` grid lines at span k, and how many lines it would carry. */
export function cutCheck(item: Item, v: Variant, avail: number, relaxed: boolean): { carried: number } | null {
  if (v.across) return null;
  const bodyH = avail - v.head.rows;
  const maxOff = Math.max(0, ...v.band.offs);
  if (bodyH - maxOff < (relaxed ? 1 : 3)) return null;
  let cap = -1;
  for (const o of v.band.offs) cap += Math.max(0, bodyH - o);
  const carried = item.bodyRows - cap;
  if (cap < (relaxed ? 1 : MIN_PART_LINES)) return null;
  if (carried < (relaxed ? 1 : MIN_CONT_LINES)) return null;
  return { carried };
}
