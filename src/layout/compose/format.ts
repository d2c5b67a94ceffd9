/**
 * Smaller formats for pages holding little text. A template's sheet folded in half (A2 → A3 → A4 → A5:
 * the new height is the old width) keeps the template's column width, gutter, margins, baseline grid
 * and type, with as many whole columns as the narrower sheet holds; the sheet is then cut to whole grid
 * lines when the text still leaves it short. Body text set for the template stays valid on every
 * format, so a page can try them in turn, and a frame page's size alone says which format it is on.
 */
import type { Template } from '../template/schema.js';

/** Fewest columns a smaller format keeps. */
export const MIN_FORMAT_COLUMNS = 2;

/** Column width of a template's grid, pt. */
export function columnWidth(t: Template): number {
  const width = t.page.width - t.margins.left - t.margins.right;
  return (width - (t.columns - 1) * t.gutter) / t.columns;
}

/**
 * The template on a sheet of `columns` columns and `rows` grid lines: the page as wide as the columns
 * and margins and as tall as the grid lines and margins; the masthead and banner scaled down with the
 * width so that the paper's name keeps to its line.
 */
export function formatOf(t: Template, columns: number, rows: number): Template {
  if (columns === t.columns && rows === gridRows(t)) return t;
  const colW = columnWidth(t);
  const width = t.margins.left + t.margins.right + columns * colW + (columns - 1) * t.gutter;
  const height = t.margins.top + t.margins.bottom + rows * t.baseline;
  const scale = Math.min(1, Math.max(0.6, Math.sqrt(columns / t.columns)));
  const styles = { ...t.styles };
  for (const role of ['masthead', 'banner'] as const) {
    const st = t.styles[role];
    styles[role] = { ...st, size: round2(st.size * scale), leading: round2(st.leading * scale) };
  }
  return { ...t, page: { width: round2(width), height: round2(height) }, columns, styles };
}

/** Grid lines of a template's type area. */
export function gridRows(t: Template): number {
  return Math.floor((t.page.height - t.margins.top - t.margins.bottom) / t.baseline + 1e-6);
}

/**
 * The template's sheet and the sheets folded from it, largest first, each at its full height, down to
 * MIN_FORMAT_COLUMNS columns.
 */
export function formatSteps(t: Template): Template[] {
  const out: Template[] = [t];
  const colW = columnWidth(t);
  let w = t.page.width;
  let h = t.page.height;
  for (;;) {
    [w, h] = [h / 2, w];
    const columns = Math.floor((w - t.margins.left - t.margins.right + t.gutter) / (colW + t.gutter) + 1e-6);
    if (columns < MIN_FORMAT_COLUMNS || columns >= out[out.length - 1]!.columns) break;
    const rows = Math.floor((h - t.margins.top - t.margins.bottom) / t.baseline + 1e-6);
    out.push(formatOf(t, columns, rows));
  }
  return out;
}

/** The format a frame page of this size was set on, from the template it was laid out with. */
export function pageFormat(t: Template, page: { width: number; height: number }): Template {
  const colW = columnWidth(t);
  const columns = Math.round((page.width - t.margins.left - t.margins.right + t.gutter) / (colW + t.gutter));
  const rows = Math.floor((page.height - t.margins.top - t.margins.bottom) / t.baseline + 1e-6);
  return formatOf(t, columns, rows);
}

function round2(x: number): number {
  return Math.round(x * 100) / 100;
}
