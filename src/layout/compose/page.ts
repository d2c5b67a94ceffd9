/**
 * A page being composed: its boxes, covered cells and report, and turning line specs into frame lines
 * and boxes.
 */
import type { Page } from '../../model/schema.js';
import type { BoxKind, FrameBox, FrameLine, PageReport } from '../types.js';
import type { Ctx, LineSpec } from './context.js';

export interface PageCtx {
  ctx: Ctx;
  page: Page;
  pageIndex: number;
  number: number;
  boxes: FrameBox[];
  /** Cells of the type area covered by content: covered[row][col]. */
  covered: Uint8Array;
  report: PageReport;
  /** Out jumps already numbered on this page (for ①②③). */
  marks: number;
}

export function cover(pc: PageCtx, row0: number, rows: number, col0: number, cols: number): void {
  const { g } = pc.ctx;
  for (let r = Math.max(0, row0); r < Math.min(g.rows, row0 + rows); r++)
    for (let c = Math.max(0, col0); c < Math.min(g.cols, col0 + cols); c++) pc.covered[r * g.cols + c] = 1;
}

export function toFrameLine(s: LineSpec, x: number, y: number): FrameLine {
  const line: FrameLine = { text: s.text, role: s.role, x: x + s.dx, y: y + s.dy, width: s.width, size: s.size, font: s.font, xs: s.xs };
  if (s.gray !== undefined) line.gray = s.gray;
  if (s.link) line.link = { ...s.link };
  if (s.part) line.part = { ...s.part };
  if (s.figure !== undefined) line.figure = s.figure;
  return line;
}

export function box(kind: BoxKind, article: string | null, x: number, y: number, width: number, height: number, lines: FrameLine[] = []): FrameBox {
  return { kind, article, x, y, width, height, lines };
}

export function ruleBox(x: number, y: number, width: number, height: number): FrameBox {
  return box('rule', null, x, y, width, height);
}
