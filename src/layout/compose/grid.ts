/**
 * The column grid and baseline grid of a template: column positions and span widths.
 */
import type { Template } from '../template/schema.js';
import { LINE_BOX } from '../types.js';

export interface Grid {
  x0: number;
  y0: number;
  width: number;
  height: number;
  cols: number;
  colW: number;
  gutter: number;
  /** Baseline grid step, pt. */
  B: number;
  /** Grid lines in the type area. */
  rows: number;
  /** Baseline of a grid line below the line's top, pt. */
  baseOff: number;
}

export function makeGrid(t: Template): Grid {
  const width = t.page.width - t.margins.left - t.margins.right;
  const height = t.page.height - t.margins.top - t.margins.bottom;
  const colW = (width - (t.columns - 1) * t.gutter) / t.columns;
  const B = t.baseline;
  const body = t.styles.body.size;
  return {
    x0: t.margins.left,
    y0: t.margins.top,
    width,
    height,
    cols: t.columns,
    colW,
    gutter: t.gutter,
    B,
    rows: Math.floor(height / B + 1e-6),
    baseOff: (B - body) / 2 + LINE_BOX.top * body,
  };
}

export function colX(g: Grid, c: number): number {
  return g.x0 + c * (g.colW + g.gutter);
}

export function spanW(g: Grid, k: number): number {
  return k * g.colW + (k - 1) * g.gutter;
}
