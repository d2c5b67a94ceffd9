/**
 * The one fontkit wrapper: the parts of a fontkit font that layout and the renderers use, typed once,
 * and opening a font file (or a face of a collection).
 */
// @ts-ignore -- fontkit ships without type declarations; the parts used are typed below.
import * as fontkitModule from 'fontkit';

export interface FkGlyph {
  id: number;
  advanceWidth: number;
}

/** A fontkit font: metrics and tables for layout and the PDF font descriptor, glyphs and subsetting. */
export interface FkFont {
  unitsPerEm: number;
  ascent: number;
  descent: number;
  capHeight?: number;
  xHeight?: number;
  italicAngle?: number;
  postscriptName?: string | null;
  bbox?: { minX: number; minY: number; maxX: number; maxY: number };
  post?: { isFixedPitch?: number | boolean };
  head?: { macStyle?: { italic?: boolean } };
  'OS/2'?: { sFamilyClass?: number };
  cff?: unknown;
  /** Container format as fontkit names it: TTF (also for OpenType), WOFF, WOFF2, … */
  type?: string;
  stream?: { buffer?: Uint8Array };
  directory?: { tables?: Record<string, { offset: number; length: number } | undefined> };
  glyphForCodePoint(cp: number): FkGlyph;
  hasGlyphForCodePoint(cp: number): boolean;
  getGlyph(id: number): FkGlyph;
  createSubset(): { includeGlyph(glyph: number | FkGlyph): number; encode(): Uint8Array };
}

interface FkCollection {
  fonts: FkFont[];
}

interface FontkitApi {
  openSync(file: string, postscriptName?: string): FkFont | FkCollection | null;
}

const fontkit = ((fontkitModule as { default?: unknown }).default ?? fontkitModule) as FontkitApi;

function isCollection(value: FkFont | FkCollection): value is FkCollection {
  return Array.isArray((value as Partial<FkCollection>).fonts);
}

/**
 * Opens a TrueType/OpenType file (the named face, or the first of a collection). Errors name the font
 * role and say what to fix.
 */
export function openFontFile(role: string, file: string, postscriptName: string | undefined): FkFont {
  let opened: FkFont | FkCollection | null;
  try {
    opened = fontkit.openSync(file, postscriptName);
  } catch (error) {
    throw new Error(
      `font role "${role}": cannot open ${file}: ${(error as Error).message}. Point the role at a TrueType/OpenType file.`,
    );
  }
  if (opened == null) {
    throw new Error(
      `font role "${role}": ${file} has no face named "${postscriptName}". Fix "postscriptName" or the file.`,
    );
  }
  let font: FkFont;
  if (isCollection(opened)) {
    const first = opened.fonts[0];
    if (!first) throw new Error(`font role "${role}": the collection ${file} holds no fonts.`);
    font = first;
  } else {
    font = opened;
  }
  if (typeof font.glyphForCodePoint !== 'function' || !(font.unitsPerEm > 0)) {
    throw new Error(`font role "${role}": ${file} is not a usable TrueType/OpenType font.`);
  }
  return font;
}
