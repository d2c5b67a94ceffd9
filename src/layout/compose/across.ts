/**
 * Text set across a module: an article of a few lines (a printed continuation, a brief, a photo with a
 * few lines) that would make columns of fewer than ACROSS_LINES lines is set in one column as wide as
 * the module, when that measure still reads as a newspaper line (ACROSS_CHARS: two columns of the
 * templates); a photo in its flow then takes the module's width.
 */
import type { Ctx } from './context.js';
import { spanW } from './grid.js';
import { articlePieces } from './items.js';
import type { Item } from './module-types.js';
import type { Piece } from './pieces.js';

/** Widest measure text is set across at, in body characters. */
export const ACROSS_CHARS = 34;

/** Fewest lines per column below which a few lines are set across instead of in columns. */
export const ACROSS_LINES = 4;

/** Whether the item's text is set across its k columns in one. */
export function setsAcross(ctx: Ctx, item: Item, k: number): boolean {
  if (k < 2 || item.kind !== 'article' || item.pageNo === undefined || item.photos.length > 0) return false;
  if (spanW(ctx.g, k) > ACROSS_CHARS * ctx.t.styles.body.size) return false;
  let text = 0;
  for (const p of item.pieces) if (!p.photo) text += p.rows;
  // A heading alone (or over a line) keeps its one column.
  return text >= 2 && text < ACROSS_LINES * k;
}

/** The item's body pieces set at the measure of k columns (the diagnostics were given when it was set in columns). */
export function acrossPieces(ctx: Ctx, item: Item, k: number): Piece[] {
  const cache = (item.across ??= []);
  let pieces = cache[k];
  if (!pieces) {
    const wide: Ctx = { ...ctx, g: { ...ctx.g, colW: spanW(ctx.g, k) }, diagnostics: [] };
    pieces = articlePieces(wide, item.article, item.file, item.pageNo!);
    cache[k] = pieces;
  }
  return pieces;
}
