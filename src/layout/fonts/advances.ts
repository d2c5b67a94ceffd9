/**
 * The one source of glyph ids and advance widths: the font's cmap and hmtx tables, read directly.
 * fontkit's glyph.advanceWidth also decodes the glyph outline for its bounding box, which neither
 * layout nor the PDF needs; both measure with these functions so they agree by construction.
 */
import type { FkFont } from './fontkit.js';

/** Advance widths in em, by code point: what line breaking measures with. */
export interface Metrics {
  /** Advance width of a code point in em (1 = full width). */
  advance(cp: number): number;
}

interface FkInternals {
  _cmapProcessor?: { lookup(cp: number): number };
  hmtx?: { metrics: { length: number; get(i: number): { advance: number } } };
}

/** Glyph id of a code point (0, .notdef, when the font lacks it). */
export function glyphId(font: FkFont, cp: number): number {
  const cmap = (font as unknown as FkInternals)._cmapProcessor;
  return cmap ? cmap.lookup(cp) : font.glyphForCodePoint(cp).id;
}

/** Advance width of a glyph in font units, from hmtx (the last long metric for glyphs beyond it). */
export function glyphAdvanceUnits(font: FkFont, gid: number): number {
  const hmtx = (font as unknown as FkInternals).hmtx;
  if (hmtx && hmtx.metrics.length > 0) return hmtx.metrics.get(Math.min(gid, hmtx.metrics.length - 1)).advance;
  return font.getGlyph(gid).advanceWidth;
}

/** Advance width of a code point in font units. */
export function advanceUnits(font: FkFont, cp: number): number {
  const inner = font as unknown as FkInternals;
  if (inner._cmapProcessor && inner.hmtx && inner.hmtx.metrics.length > 0) return glyphAdvanceUnits(font, glyphId(font, cp));
  return font.glyphForCodePoint(cp).advanceWidth;
}
