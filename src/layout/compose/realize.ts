/**
 * Page realisation: a placed module turned into frame boxes and lines (heading, photos, columns,
 * generated jump line), and the gutter rules.
 */
import type { Jump } from '../../model/schema.js';
import type { FrameBox, FrameLine } from '../types.js';
import { flow } from './columns.js';
import type { LineSpec } from './context.js';
import { colX, spanW } from './grid.js';
import { circled, jumpText } from './labels.js';
import type { Item, PendingJump } from './module-types.js';
import { MAX_SHORT, MAX_STRETCH, computeVariant, stretchTable, variantOf } from './modules.js';
import { box, cover, ruleBox, toFrameLine, type PageCtx } from './page.js';
import { jumpSpec, type Piece } from './pieces.js';
import type { Place } from './skyline.js';

/** Builds the frames of one placed module; returns the remainder pieces when the module is cut. */
export function realize(pc: PageCtx, item: Item, p: Place, areaRow: number, nextPageNo: number): { rest: Piece[]; pending?: PendingJump } {
  const { ctx } = pc;
  const { g } = ctx;
  const k = p.k;
  const x = colX(g, p.col);
  const W = spanW(g, k);
  const row = areaRow + p.top;
  const y = g.y0 + row * g.B;
  if (p.rule) {
    pc.boxes.push(ruleBox(x, y - g.B / 2 - 0.25, W, 0.5));
    cover(pc, row - 1, 1, p.col, k);
  }
  const v0 = variantOf(ctx, item, k)!;
  let v = v0;
  if (!p.cut && (p.rows > v0.rows || v0.short > MAX_SHORT)) {
    // Stretched: the way found for the most lines that fit the module's rows.
    const table = stretchTable(ctx, item, k);
    for (let d = Math.min(p.rows - v0.rows, MAX_STRETCH); d >= 0; d--) {
      const st = table[d];
      const cand = st ? computeVariant(ctx, item, k, st.fit) : null;
      if (cand && cand.rows <= p.rows) {
        v = cand;
        break;
      }
    }
  }
  let f = v.flow;
  let rest: Piece[] = [];
  let pending: PendingJump | undefined;
  const headRows = v.head.rows + v.fit.air;
  const bodyTop = row + headRows;
  let jumpLine: LineSpec | null = null;
  let jumpCol = k - 1;
  if (p.cut) {
    const bodyH = p.rows - headRows;
    const caps = v.band.offs.map((o) => Math.max(0, bodyH - o));
    while (jumpCol > 0 && caps[jumpCol]! <= 0) jumpCol--;
    caps[jumpCol] = Math.max(0, caps[jumpCol]! - 1);
    f = flow(v.pieces, caps);
    rest = f.seq.slice(f.next);
    const art = item.article!;
    pc.marks += 1;
    const mark = circled(pc.marks);
    const text = jumpText('out', nextPageNo, mark);
    jumpLine = jumpSpec(ctx, text, g.colW, (bodyH - 1) * g.B + g.baseOff, { kind: 'jump', page: nextPageNo, article: art.id, resolved: true });
    const outJump: Jump = { direction: 'out', page: nextPageNo, mark, text, generated: true };
    pending = { articleId: art.id, fromPage: pc.number, fromPageIndex: pc.pageIndex, mark, outSpec: jumpLine, outJump, colWidth: g.colW, article: art };
    pc.report.continuations += 1;
  }
  const art = item.article!;
  const lines: FrameLine[] = v.head.lines.map((s) => toFrameLine(s, x, y));
  cover(pc, row, headRows, p.col, k);
  const ruleBoxes: FrameBox[] = v.head.rules.map((r) => box('rule', art.id, x + r.x, y + r.y, r.w, r.h));
  const photoBoxes: FrameBox[] = [];
  for (const ph of v.band.photos) {
    const px = colX(g, p.col + ph.col);
    const py = g.y0 + (bodyTop + ph.top) * g.B;
    const pw = spanW(g, ph.span);
    const ib = box('photo', art.id, px, py, pw, ph.imgRows * g.B - 0.25 * g.B);
    ib.image = { file: ph.block.src ?? null, alt: ph.block.caption ?? null };
    ib.figure = ph.fig.id;
    photoBoxes.push(ib);
    for (const s of ph.captions) lines.push(toFrameLine(s, px, py));
    cover(pc, bodyTop + ph.top, ph.rows, p.col + ph.col, ph.span);
  }
  f.cols.forEach((c, j) => {
    const cx = colX(g, p.col + j);
    let r = v.band.offs[j]!;
    cover(pc, bodyTop + r, c.used, p.col + j, 1);
    r += c.off;
    for (let i = c.start; i < c.end; i++) {
      const piece = f.seq[i]!;
      const py = g.y0 + (bodyTop + r) * g.B;
      if (piece.photo) {
        const ib = box('photo', art.id, cx, py, spanW(g, piece.photo.span), piece.photo.imgRows * g.B - 0.25 * g.B);
        ib.image = { file: piece.photo.block.src ?? null, alt: piece.photo.block.caption ?? null };
        ib.figure = piece.photo.fig.id;
        photoBoxes.push(ib);
      }
      for (const s of piece.lines) lines.push(toFrameLine(s, cx, py));
      pc.report.kinsokuViolations += piece.kinsoku;
      if (piece.loose) pc.report.looseLines += 1;
      if (piece.orphan) pc.report.orphans += 1;
      r += piece.rows;
    }
  });
  if (jumpLine && pending) {
    const jx = colX(g, p.col + jumpCol);
    const fl = toFrameLine(jumpLine, jx, g.y0 + bodyTop * g.B);
    lines.push(fl);
    cover(pc, row + p.rows - 1, 1, p.col + jumpCol, 1);
    pending.frameLine = fl;
  }
  pc.boxes.push(box('article', art.id, x, y, W, p.rows * g.B, lines));
  pc.boxes.push(...photoBoxes, ...ruleBoxes);
  return pending ? { rest, pending } : { rest };
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
