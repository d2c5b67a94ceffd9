/**
 * Fonts as embedded: Type 0 / Identity-H fonts holding a subset of the glyphs the document draws.
 * TrueType (glyf) fonts are subset by truetype.ts; other outlines (CFF) go through fontkit's subsetter.
 * Glyphs come straight from the font's cmap, one glyph per code point and without shaping.
 */
import { createHash } from 'node:crypto';
import type { FontFace, FontFacts, FontSet } from '../../layout/fonts/index.js';
import { round3 } from './numbers.js';
import type { PdfRef, PdfWriter } from './pdfkit.js';
import { subsetKey, subsetTrueType, type SubsetGlyph } from './truetype.js';

/** A glyph as written: its code (the subset glyph id) in hex and its advance in 1/1000 em. */
export interface PlacedGlyph {
  hex: string;
  width: number;
  /** Subset glyph id. */
  gid: number;
  /** Advance in font units. */
  units: number;
  /** Variants: the glyph they draw. */
  base?: PlacedGlyph;
}

/** Largest number of glyphs in a subset (glyph ids are 16-bit). */
const MAX_GLYPHS = 0xffff;

/** One font as used in one document: the glyphs drawn so far and the font's object reference. */
export interface DocFont {
  /** Resource name (F1, F2 …). */
  id: string;
  file: string;
  face: FontFace;
  ref: PdfRef;
  /** Code point → glyph as written. */
  glyphs: Map<number, PlacedGlyph>;
  /** Subset glyph id → original glyph id (or a variant of a subset glyph); index 0 is .notdef. */
  original: SubsetGlyph[];
  /** Whether the font is subset here (TrueType outlines), so that it can hold glyph variants. */
  variants: boolean;
  /** `${subset id}:${advance}:${code point}` → variant as written. */
  variantGlyphs: Map<string, PlacedGlyph>;
  /** Original glyph id → subset glyph id. */
  subsetId: Map<number, number>;
  /** Subset glyph id → code point it was drawn for (for ToUnicode). */
  unicode: Array<number | undefined>;
  /** Subset glyph id → advance in 1/1000 em, as written in /W. */
  widths: number[];
  unitsPerEm: number;
}

/** A font program as embedded: deflated, with the widths of all its glyphs. */
interface FontProgram {
  deflated: Buffer;
  length: number;
  cff: boolean;
  widths: number[];
}

/** Font programs by font file and glyphs, shared by the documents of one job. */
export type SubsetCache = Map<string, Promise<FontProgram>>;

/** The fonts of one document, by role; roles backed by the same file share one embedded font. */
export class DocumentFonts {
  private readonly byRole = new Map<string, DocFont>();
  private readonly list: DocFont[] = [];

  constructor(
    private readonly writer: PdfWriter,
    private readonly fonts: FontSet,
    private readonly subsets: SubsetCache,
  ) {}

  get(role: string): DocFont {
    const known = this.byRole.get(role);
    if (known) return known;
    const file = this.fonts.file(role);
    const existing = this.list.find((font) => font.file === file);
    if (existing) {
      this.byRole.set(role, existing);
      return existing;
    }
    const face = this.fonts.face(role);
    const unitsPerEm = face.unitsPerEm;
    const font: DocFont = {
      id: `F${this.list.length + 1}`,
      file,
      face,
      ref: this.writer.reserve(),
      glyphs: new Map(),
      original: [0],
      variants: face.truetype() != null,
      variantGlyphs: new Map(),
      subsetId: new Map([[0, 0]]),
      unicode: [undefined],
      widths: [widthOf(unitsPerEm, face.advanceUnits(0))],
      unitsPerEm,
    };
    this.byRole.set(role, font);
    this.list.push(font);
    return font;
  }

  /** Writes every font used, in the order first used. */
  async writeAll(): Promise<void> {
    // Every subset is made and its compression started before the first one is written.
    const glyphKeys = this.list.map((font) => subsetKey(font.original));
    const programs = this.list.map((font, i) => this.program(font, glyphKeys[i] as string));
    for (const [i, font] of this.list.entries()) writeFont(this.writer, font, await (programs[i] as Promise<FontProgram>), glyphKeys[i] as string);
  }

  private program(font: DocFont, glyphKey: string): Promise<FontProgram> {
    const key = `${font.file}\u0000${glyphKey}`;
    let program = this.subsets.get(key);
    if (!program) {
      const made = fontProgram(font);
      program = this.writer.deflate(made.program).then((deflated) => ({ deflated, length: made.program.length, cff: made.cff, widths: made.widths }));
      this.subsets.set(key, program);
    }
    return program;
  }
}

/** An advance in font units as 1/1000 em, rounded as it is written. */
function widthOf(unitsPerEm: number, advance: number): number {
  return Math.round(((advance * 1000) / unitsPerEm) * 1000) / 1000;
}

/** The glyph for a code point, added to the font's subset on first use. */
export function placeGlyph(font: DocFont, cp: number): PlacedGlyph {
  const cached = font.glyphs.get(cp);
  if (cached) return cached;
  const glyphId = font.face.glyphId(cp);
  let gid = font.subsetId.get(glyphId);
  if (gid === undefined) {
    gid = font.original.length;
    font.original.push(glyphId);
    font.subsetId.set(glyphId, gid);
    font.widths.push(widthOf(font.unitsPerEm, font.face.advanceUnits(glyphId)));
    font.unicode.push(glyphId === 0 ? undefined : cp);
  }
  const placed: PlacedGlyph = { hex: hex4(gid), width: font.widths[gid] as number, gid, units: font.face.advanceUnits(glyphId) };
  font.glyphs.set(cp, placed);
  return placed;
}

function hex4(n: number): string {
  return n.toString(16).padStart(4, '0');
}

/**
 * A glyph drawing `base` with another advance (font units) and standing for code point `cp` in
 * ToUnicode; null when the font cannot hold variants (not subset here, or full).
 */
export function glyphVariant(font: DocFont, glyph: PlacedGlyph, advance: number, cp: number): PlacedGlyph | null {
  if (!font.variants || !(advance >= 0 && advance <= 0xffff)) return null;
  const base = glyph.base ?? glyph;
  const key = `${base.gid}:${advance}:${cp}`;
  const known = font.variantGlyphs.get(key);
  if (known) return known;
  if (font.original.length >= MAX_GLYPHS) return null;
  const gid = font.original.length;
  font.original.push({ of: base.gid, advance });
  font.widths.push(widthOf(font.unitsPerEm, advance));
  font.unicode.push(cp);
  const placed: PlacedGlyph = { hex: hex4(gid), width: font.widths[gid] as number, gid, units: advance, base };
  font.variantGlyphs.set(key, placed);
  return placed;
}

/**
 * What draws a character the font has no glyph for while keeping its text for extraction: a variant
 * of .notdef, or where .notdef must not be drawn (PDF/A) of the space glyph, either with .notdef's
 * advance and mapped to the character in ToUnicode. Null when the font cannot hold variants.
 */
export function missingGlyph(font: DocFont, cp: number, drawNotdef: boolean): PlacedGlyph | null {
  const notdef = font.face.advanceUnits(0);
  if (drawNotdef) return glyphVariant(font, { hex: '0000', width: font.widths[0] as number, gid: 0, units: notdef }, notdef, cp);
  if (font.face.glyphId(0x20) === 0) return null;
  return glyphVariant(font, placeGlyph(font, 0x20), notdef, cp);
}

/** The font program of the subset and the widths of all its glyphs (composite components included). */
function fontProgram(font: DocFont): { program: Uint8Array; cff: boolean; widths: number[] } {
  const truetype = font.face.truetype();
  if (truetype) {
    const subset = subsetTrueType(truetype, font.original);
    return { program: subset.bytes, cff: false, widths: subset.advances.map((advance) => widthOf(font.unitsPerEm, advance)) };
  }
  const fk = font.face.font;
  const subset = fk.createSubset();
  for (const gid of font.original.slice(1)) subset.includeGlyph(gid as number);
  return { program: subset.encode(), cff: fk.cff != null, widths: font.widths };
}

/** The FontDescriptor's dictionary, without the font file. */
function descriptorData(facts: FontFacts, name: string): Record<string, unknown> {
  const scale = 1000 / facts.unitsPerEm;
  const familyClass = facts.familyClass >> 8;
  let flags = 4;
  if (facts.fixedPitch) flags |= 1;
  if (familyClass >= 1 && familyClass <= 7) flags |= 2;
  if (facts.italic) flags |= 64;
  return {
    Type: 'FontDescriptor',
    FontName: name,
    Flags: flags,
    FontBBox: facts.bbox.map((v) => round3(v * scale)),
    ItalicAngle: facts.italicAngle,
    Ascent: round3(facts.ascent * scale),
    Descent: round3(facts.descent * scale),
    CapHeight: round3(facts.capHeight * scale),
    XHeight: round3(facts.xHeight * scale),
    StemV: 80,
  };
}

/** Writes the font program, descriptor, CID font, ToUnicode map and the Type 0 font itself. */
function writeFont(writer: PdfWriter, font: DocFont, { deflated, length, cff, widths }: FontProgram, glyphKey: string): void {
  const facts = font.face.facts;
  const name = `${subsetTag(font, glyphKey)}+${(facts.postscriptName ?? 'Font').replace(/[^A-Za-z0-9_.-]/g, '')}`;
  const fontFile = writer.object(
    cff ? { Subtype: 'CIDFontType0C', Filter: 'FlateDecode' } : { Length1: length, Filter: 'FlateDecode' },
    deflated,
  );
  const descriptor = writer.object({ ...descriptorData(facts, name), [cff ? 'FontFile3' : 'FontFile2']: fontFile });
  const { dw, w } = widthArrays(widths);
  const cidFont = writer.object({
    Type: 'Font',
    Subtype: cff ? 'CIDFontType0' : 'CIDFontType2',
    BaseFont: name,
    CIDSystemInfo: { Registry: new String('Adobe'), Ordering: new String('Identity'), Supplement: 0 },
    FontDescriptor: descriptor,
    DW: dw,
    ...(w.length > 0 ? { W: w } : {}),
    ...(cff ? {} : { CIDToGIDMap: 'Identity' }),
  });
  const toUnicode = writer.reserve();
  writer.fill(toUnicode, {}, toUnicodeCMap(font.unicode));
  writer.fill(font.ref, {
    Type: 'Font',
    Subtype: 'Type0',
    BaseFont: name,
    Encoding: 'Identity-H',
    DescendantFonts: [cidFont],
    ToUnicode: toUnicode,
  });
}

/** Six capital letters naming this subset, from the font and the glyphs it holds (`glyphKey`: subsetKey of them). */
function subsetTag(font: DocFont, glyphKey: string): string {
  const hash = createHash('sha256')
    .update(`${font.face.facts.postscriptName ?? ''}\u0000${glyphKey}`)
    .digest();
  let tag = '';
  for (let i = 0; i < 6; i++) tag += String.fromCharCode(65 + ((hash[i] as number) % 26));
  return tag;
}

/** The default width (the most common one) and a /W array for the glyphs that differ from it. */
export function widthArrays(widths: number[]): { dw: number; w: Array<number | number[]> } {
  const counts = new Map<number, number>();
  for (const width of widths.slice(1)) counts.set(width, (counts.get(width) ?? 0) + 1);
  let dw = 1000;
  let best = -1;
  for (const [width, count] of counts) {
    if (count > best || (count === best && width < dw)) {
      dw = width;
      best = count;
    }
  }
  const w: Array<number | number[]> = [];
  let gid = 0;
  while (gid < widths.length) {
    if (widths[gid] === dw) {
      gid++;
      continue;
    }
    const start = gid;
    const run: number[] = [];
    while (gid < widths.length && widths[gid] !== dw) run.push(widths[gid++] as number);
    w.push(start, run);
  }
  return { dw, w };
}

/** A ToUnicode CMap mapping each subset glyph id to the code point it was drawn for. */
function toUnicodeCMap(unicode: Array<number | undefined>): string {
  const entries: string[] = [];
  unicode.forEach((cp, gid) => {
    if (cp === undefined) return;
    // A lone surrogate is no character: it maps to U+FFFD.
    const units = cp > 0xffff ? [0xd800 + ((cp - 0x10000) >> 10), 0xdc00 + ((cp - 0x10000) & 0x3ff)] : cp >= 0xd800 && cp < 0xe000 ? [0xfffd] : [cp];
    entries.push(`<${gid.toString(16).padStart(4, '0')}> <${units.map((u) => u.toString(16).padStart(4, '0')).join('')}>`);
  });
  const blocks: string[] = [];
  for (let i = 0; i < entries.length; i += 100) {
    const block = entries.slice(i, i + 100);
    blocks.push(`${block.length} beginbfchar\n${block.join('\n')}\nendbfchar`);
  }
  return [
    '/CIDInit /ProcSet findresource begin',
    '12 dict begin',
    'begincmap',
    '/CIDSystemInfo << /Registry (Adobe) /Ordering (UCS) /Supplement 0 >> def',
    '/CMapName /Adobe-Identity-UCS def',
    '/CMapType 2 def',
    '1 begincodespacerange',
    '<0000> <FFFF>',
    'endcodespacerange',
    ...blocks,
    'endcmap',
    'CMapName currentdict /CMap defineresource pop',
    'end',
    'end',
  ].join('\n');
}
