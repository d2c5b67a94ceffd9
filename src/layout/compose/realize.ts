/**
 * Page realisation: a placed module turned into frame boxes and lines (heading, photos, columns,
 * generated jump line), and the gutter rules.
 */
import type { Block, Jump } from '../../model/schema.js';
import type { FrameBox, FrameLine } from '../types.js';
import { flow, type Flow } from './columns.js';
import type { Ctx, LineSpec } from './context.js';
import { colX, spanW } from './grid.js';
import { circled, jumpText } from './labels.js';
import type { Item, PendingJump, Variant } from './module-types.js';
import { MAX_SHORT, MAX_STRETCH, computeVariant, stretchTable, variantOf } from './modules.js';
import { box, cover, ruleBox, toFrameLine, type PageCtx } from './page.js';
import { jumpSpec, type Fig, type Piece } from './pieces.js';
import type { Place } from './skyline.js';

/** The variant a placed module is set as: stretched by the way found for the most lines that fit its rows. */
function placedVariant(ctx: Ctx, item: Item, p: Place): Variant {
  const k = p.k;
  const v0 = variantOf(ctx, item, k)!;
  if (p.cut || !(p.rows > v0.rows || v0.short > MAX_SHORT)) return v0;
  const table = stretchTable(ctx, item, k);
  for (let d = Math.min(p.rows - v0.rows, MAX_STRETCH); d >= 0; d--) {
    const st = table[d];
    const cand = st ? computeVariant(ctx, item, k, st.fit) : null;
    if (cand && cand.rows <= p.rows) return cand;
  }
  return v0;
}

/** A module cut at its foot: the body flowed one line short in its last column, and the jump line there. */
interface Cut {
  flow: Flow;
  rest: Piece[];
  pending: PendingJump;
  jumpLine: LineSpec;
  jumpCol: number;
}

function cutModule(pc: PageCtx, item: Item, v: Variant, p: Place, headRows: number, nextPageNo: number): Cut {
  const { ctx } = pc;
  const { g } = ctx;
  const bodyH = p.rows - headRows;
  const caps = v.band.offs.map((o) => Math.max(0, bodyH - o));
  let jumpCol = p.k - 1;
  while (jumpCol > 0 && caps[jumpCol]! <= 0) jumpCol--;
  caps[jumpCol] = Math.max(0, caps[jumpCol]! - 1);
  const f = flow(v.pieces, caps);
  const art = item.article;
  pc.marks += 1;
  const mark = circled(pc.marks);
  const text = jumpText('out', nextPageNo, mark);
  const jumpLine = jumpSpec(ctx, text, g.colW, (bodyH - 1) * g.B + g.baseOff, { kind: 'jump', page: nextPageNo, article: art.id, resolved: true });
  const outJump: Jump = { direction: 'out', page: nextPageNo, mark, text, generated: true };
  const pending: PendingJump = { articleId: art.id, fromPage: pc.number, fromCode: pc.page.code, fromPageIndex: pc.pageIndex, mark, outSpec: jumpLine, outJump, colWidth: g.colW, article: art };
  pc.report.continuations += 1;
  return { flow: f, rest: f.seq.slice(f.next), pending, jumpLine, jumpCol };
}

/** The box of a photo (its image a quarter line clear of its caption). */
function photoBox(ctx: Ctx, article: string, x: number, y: number, w: number, imgRows: number, block: Block, fig: Fig): FrameBox {
  const ib = box('photo', article, x, y, w, imgRows * ctx.g.B - 0.25 * ctx.g.B);
  ib.image = { file: block.src ?? null, alt: block.caption ?? null };
  ib.figure = fig.id;
  return ib;
}

/** The photo band across the module's top: photo boxes and their caption lines. */
function setBand(pc: PageCtx, v: Variant, p: Place, bodyTop: number, art: string, lines: FrameLine[], photos: FrameBox[]): void {
  const { g } = pc.ctx;
  for (const ph of v.band.photos) {
    const px = colX(g, p.col + ph.col);
    const py = g.y0 + (bodyTop + ph.top) * g.B;
    photos.push(photoBox(pc.ctx, art, px, py, spanW(g, ph.span), ph.imgRows, ph.block, ph.fig));
    for (const s of ph.captions) lines.push(toFrameLine(s, px, py));
    cover(pc, bodyTop + ph.top, ph.rows, p.col + ph.col, ph.span);
  }
}

/** The body's columns as flowed: lines, photos in the flow, and the page report's counts. */
function setColumns(pc: PageCtx, v: Variant, f: Flow, p: Place, bodyTop: number, art: string, lines: FrameLine[], photos: FrameBox[]): void {
  const { g } = pc.ctx;
  f.cols.forEach((c, j) => {
    const cx = colX(g, p.col + j);
    let r = v.band.offs[j]!;
    cover(pc, bodyTop + r, c.used, p.col + j, v.across ? p.k : 1);
    r += c.off;
    for (let i = c.start; i < c.end; i++) {
      const piece = f.seq[i]!;
      const py = g.y0 + (bodyTop + r) * g.B;
      // Set across the module, a photo takes its width.
      if (piece.photo) photos.push(photoBox(pc.ctx, art, cx, py, spanW(g, v.across ? p.k : piece.photo.span), piece.photo.imgRows, piece.photo.block, piece.photo.fig));
      for (const s of piece.lines) lines.push(toFrameLine(s, cx, py));
      pc.report.kinsokuViolations += piece.kinsoku;
      if (piece.loose) pc.report.looseLines += 1;
      if (piece.orphan) pc.report.orphans += 1;
      r += piece.rows;
    }
  });
}

/**
 * Grid lines a heading with nothing under it (no text, no photo) is set down by: it stands at the
 * module's foot, its last line in the module's last grid line and its air above it, so that no white
 * is left under it.
 */
function bareDrop(B: number, v: Variant, rows: number): number {
  if (v.pieces.length > 0 || v.band.photos.length > 0 || v.head.lines.length === 0) return 0;
  let last = 0;
  for (const l of v.head.lines) last = Math.max(last, l.dy);
  return Math.max(0, rows - 1 - Math.floor((last - 0.01) / B));
}

/** Builds the frames of one placed module; returns the remainder pieces when the module is cut. */
export function realize(pc: PageCtx, item: Item, placed: Place, areaRow: number, nextPageNo: number): { rest: Piece[]; pending?: PendingJump } {
  const { ctx } = pc;
  const { g } = ctx;
  const k = placed.k;
  const x = colX(g, placed.col);
  const W = spanW(g, k);
  if (placed.rule) {
    const top = areaRow + placed.top;
    pc.boxes.push(ruleBox(x, g.y0 + top * g.B - g.B / 2 - 0.25, W, 0.5));
    cover(pc, top - 1, 1, placed.col, k);
  }
  const v = placedVariant(ctx, item, placed);
  // A module set a line lower under its rule (Fit.drop): its box begins at its heading.
  const drop = v.fit.drop ?? 0;
  const p = drop > 0 ? { ...placed, top: placed.top + drop, rows: placed.rows - drop } : placed;
  const row = areaRow + p.top;
  const y = g.y0 + row * g.B;
  const headRows = v.head.rows + v.fit.air;
  const bodyTop = row + headRows;
  const cut = p.cut ? cutModule(pc, item, v, p, headRows, nextPageNo) : null;
  const art = item.article.id;
  const headY = y + bareDrop(g.B, v, p.rows) * g.B;
  const lines: FrameLine[] = v.head.lines.map((s) => toFrameLine(s, x, headY));
  cover(pc, row, headRows, p.col, k);
  const ruleBoxes: FrameBox[] = v.head.rules.map((r) => box('rule', art, x + r.x, headY + r.y, r.w, r.h));
  const photoBoxes: FrameBox[] = [];
  setBand(pc, v, p, bodyTop, art, lines, photoBoxes);
  setColumns(pc, v, cut ? cut.flow : v.flow, p, bodyTop, art, lines, photoBoxes);
  if (cut) {
    const fl = toFrameLine(cut.jumpLine, colX(g, p.col + cut.jumpCol), g.y0 + bodyTop * g.B);
    lines.push(fl);
    cover(pc, row + p.rows - 1, 1, p.col + cut.jumpCol, 1);
    cut.pending.frameLine = fl;
  }
  pc.boxes.push(box('article', art, x, y, W, p.rows * g.B, lines));
  pc.boxes.push(...photoBoxes, ...ruleBoxes);
  return cut ? { rest: cut.rest, pending: cut.pending } : { rest: [] };
}

/** Thin rules in the gutters between modules standing side by side. */
export function gutterRules(pc: PageCtx, places: Place[], areaRow: number): void {
  const { g } = pc.ctx;
  for (const a of places) {
    for (const b of places) {
      if (a.col + a.k !== b.col) continue;
      const top = Math.max(a.top, b.top);
      const bottom = Math.min(a.top + a.rows, b.top + b.rows);
      if (bottom - top < 2) continue;
      const x = colX(g, b.col) - g.gutter / 2 - 0.25;
      pc.boxes.push(ruleBox(x, g.y0 + (areaRow + top) * g.B, 0.5, (bottom - top) * g.B));
    }
  }
}
