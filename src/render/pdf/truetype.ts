/**
 * TrueType subsetting: a font program holding only the glyphs a document draws, their programs copied
 * byte for byte (composite glyphs renumbered to their components' new ids).
 */
import type { TrueTypeSource } from '../../layout/fonts/index.js';

const HINTING_TABLES = ['cvt ', 'fpgm', 'prep'];

const COMPONENT_ARGS_ARE_WORDS = 0x0001;
const COMPONENT_HAS_SCALE = 0x0008;
const COMPONENT_MORE = 0x0020;
const COMPONENT_HAS_XY_SCALE = 0x0040;
const COMPONENT_HAS_2X2 = 0x0080;

/**
 * A glyph of the subset that draws another subset glyph (`of`, drawn at its origin) with its own
 * advance width in font units: how a glyph followed by extra space is set without a gap.
 */
export interface GlyphVariant {
  of: number;
  advance: number;
}

/** A subset glyph: an original glyph id, or a variant of an earlier subset glyph. */
export type SubsetGlyph = number | GlyphVariant;

/** The glyphs of a subset as a string, for cache keys and subset tags. */
export function subsetKey(glyphs: SubsetGlyph[]): string {
  return glyphs.map((g) => (typeof g === 'number' ? `${g}` : `${g.of}+${g.advance}`)).join(',');
}

const COMPONENT_ARGS_ARE_XY_VALUES = 0x0002;

/** A composite glyph program drawing subset glyph `of` at the origin, with the bounding box of `base`. */
function variantProgram(base: Uint8Array, of: number): Uint8Array {
  // An empty glyph (a space) stays empty: only its advance differs.
  if (base.length < 10) return new Uint8Array(0);
  const out = new Uint8Array(16);
  const view = new DataView(out.buffer);
  view.setInt16(0, -1);
  out.set(base.subarray(2, 10), 2);
  view.setUint16(10, COMPONENT_ARGS_ARE_XY_VALUES);
  view.setUint16(12, of);
  return out;
}

/** Glyph programs and metrics of a font, read from loca, glyf and hmtx. */
class GlyphSource {
  private readonly longLoca: boolean;
  private readonly numGlyphs: number;
  private readonly numberOfHMetrics: number;
  private readonly loca: DataView;
  private readonly hmtx: DataView;

  constructor(readonly font: TrueTypeSource) {
    const view = (tag: string) => {
      const bytes = font.table(tag);
      return new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
    };
    this.longLoca = view('head').getInt16(50) === 1;
    this.numGlyphs = view('maxp').getUint16(4);
    this.numberOfHMetrics = view('hhea').getUint16(34);
    this.loca = view('loca');
    this.hmtx = view('hmtx');
  }

  /** Byte range of a glyph's program in the glyf table. */
  range(gid: number): [number, number] {
    if (gid >= this.numGlyphs) return [0, 0];
    const loca = this.loca;
    const start = this.longLoca ? loca.getUint32(gid * 4) : loca.getUint16(gid * 2) * 2;
    const end = this.longLoca ? loca.getUint32(gid * 4 + 4) : loca.getUint16(gid * 2 + 2) * 2;
    return [start, Math.max(start, end)];
  }

  /** Advance width and left side bearing in font units. */
  metrics(gid: number): [number, number] {
    const hmtx = this.hmtx;
    const count = this.numberOfHMetrics;
    if (gid < count) return [hmtx.getUint16(gid * 4), hmtx.getInt16(gid * 4 + 2)];
    const advance = hmtx.getUint16((count - 1) * 4);
    const lsbAt = count * 4 + (gid - count) * 2;
    return [advance, lsbAt + 2 <= hmtx.byteLength ? hmtx.getInt16(lsbAt) : 0];
  }
}

/**
 * The programs of the given glyphs in order; composite glyphs get their components appended to
 * `order` and renumbered in a copy of their program.
 */
function glyphPrograms(source: GlyphSource, order: SubsetGlyph[]): Uint8Array[] {
  const newId = new Map<number, number>();
  order.forEach((gid, i) => {
    if (typeof gid === 'number') newId.set(gid, i);
  });
  const programs: Uint8Array[] = [];
  // Glyph programs are read in batches: the glyphs asked for, then each round of components added.
  let fetched = 0;
  let batch: Uint8Array[] = [];
  for (let i = 0; i < order.length; i++) {
    if (i >= fetched) {
      const ranges = order.slice(i).map((glyph) => (typeof glyph === 'number' ? source.range(glyph) : ([0, 0] as [number, number])));
      batch = source.font.glyf(ranges);
      fetched = order.length;
    }
    const glyph = order[i] as SubsetGlyph;
    if (typeof glyph !== 'number') {
      programs.push(variantProgram(programs[glyph.of] as Uint8Array, glyph.of));
      continue;
    }
    let program = batch[i - (fetched - batch.length)] as Uint8Array;
    if (program.length >= 10 && ((program[0] as number) & 0x80) !== 0) {
      program = new Uint8Array(program);
      renumberComponents(program, order, newId);
    }
    programs.push(program);
  }
  return programs;
}

/** Rewrites a composite glyph program's component ids to subset ids, adding new components to `order`. */
function renumberComponents(program: Uint8Array, order: SubsetGlyph[], newId: Map<number, number>): void {
  const copy = new DataView(program.buffer);
  let at = 10;
  for (;;) {
    if (at + 4 > program.length) break;
    const flags = copy.getUint16(at);
    const component = copy.getUint16(at + 2);
    let id = newId.get(component);
    if (id === undefined) {
      id = order.length;
      order.push(component);
      newId.set(component, id);
    }
    copy.setUint16(at + 2, id);
    at += 4 + (flags & COMPONENT_ARGS_ARE_WORDS ? 4 : 2);
    if (flags & COMPONENT_HAS_SCALE) at += 2;
    else if (flags & COMPONENT_HAS_XY_SCALE) at += 4;
    else if (flags & COMPONENT_HAS_2X2) at += 8;
    if (!(flags & COMPONENT_MORE)) break;
  }
}

/** The loca (long offsets) and glyf tables of the given programs, each padded to 4 bytes. */
function locaAndGlyf(programs: Uint8Array[]): { loca: Uint8Array; glyf: Uint8Array } {
  const loca = new Uint8Array((programs.length + 1) * 4);
  const locaView = new DataView(loca.buffer);
  let length = 0;
  programs.forEach((program, i) => {
    locaView.setUint32(i * 4, length);
    length += (program.length + 3) & ~3;
  });
  locaView.setUint32(programs.length * 4, length);
  const glyf = new Uint8Array(length);
  let offset = 0;
  for (const program of programs) {
    glyf.set(program, offset);
    offset += (program.length + 3) & ~3;
  }
  return { loca, glyf };
}

/** The hmtx table (a long metric per glyph) and the advances in font units. */
function horizontalMetrics(source: GlyphSource, order: SubsetGlyph[]): { hmtx: Uint8Array; advances: number[] } {
  const advances: number[] = [];
  const hmtx = new Uint8Array(order.length * 4);
  const view = new DataView(hmtx.buffer);
  const metricsOf = (glyph: SubsetGlyph): [number, number] =>
    typeof glyph === 'number' ? source.metrics(glyph) : [glyph.advance, metricsOf(order[glyph.of] as SubsetGlyph)[1]];
  order.forEach((glyph, i) => {
    const [advance, lsb] = metricsOf(glyph);
    advances.push(advance);
    view.setUint16(i * 4, advance);
    view.setInt16(i * 4 + 2, lsb);
  });
  return { hmtx, advances };
}

/** maxp 1.0: room for the one-component composites that variants add on top of their glyph. */
function deepenComponents(maxp: DataView): void {
  if (maxp.byteLength < 32 || maxp.getUint32(0) !== 0x00010000) return;
  const raise = (at: number, value: number) => maxp.setUint16(at, Math.min(0xffff, Math.max(maxp.getUint16(at), value)));
  raise(10, maxp.getUint16(6)); // maxCompositePoints ≥ maxPoints
  raise(12, maxp.getUint16(8)); // maxCompositeContours ≥ maxContours
  raise(28, 1); // maxComponentElements
  raise(30, maxp.getUint16(30) + 1); // maxComponentDepth
}

/** A copy of a table with 16-bit / 32-bit fields overwritten (a copy: a Buffer's slice would share the font's bytes). */
function patchedTable(source: GlyphSource, tag: string, patch: (view: DataView) => void): Uint8Array {
  const copy = new Uint8Array(source.font.table(tag));
  patch(new DataView(copy.buffer));
  return copy;
}

/**
 * A TrueType font holding only the given glyphs (in that order, then any components of composite
 * glyphs; variants become one-component composites with their own advance), with the tables a PDF TrueType font program needs: head, hhea, maxp, hmtx, loca, glyf and,
 * when present, the hinting tables cvt, fpgm and prep.
 */
export function subsetTrueType(font: TrueTypeSource, glyphIds: SubsetGlyph[]): { bytes: Uint8Array; advances: number[] } {
  const source = new GlyphSource(font);
  const order = [...glyphIds];
  const { loca, glyf } = locaAndGlyf(glyphPrograms(source, order));
  const { hmtx, advances } = horizontalMetrics(source, order);
  const count = order.length;
  const out = new Map<string, Uint8Array>([
    ['head', patchedTable(source, 'head', (v) => (v.setUint32(8, 0), v.setInt16(50, 1)))],
    ['hhea', patchedTable(source, 'hhea', (v) => v.setUint16(34, count))],
    ['maxp', patchedTable(source, 'maxp', (v) => (v.setUint16(4, count), order.some((g) => typeof g !== 'number') && deepenComponents(v)))],
    ['hmtx', hmtx],
    ['loca', loca],
    ['glyf', glyf],
  ]);
  for (const tag of HINTING_TABLES) {
    const table = font.tables.has(tag) ? font.table(tag) : null;
    if (table && table.length === (font.tables.get(tag) as { length: number }).length) out.set(tag, table);
  }
  const { bytes, sum } = assembleSfnt(out);
  // head.checkSumAdjustment makes the whole file sum to 0xB1B0AFBA.
  const headAt = sfntTableOffset(bytes, 'head');
  new DataView(bytes.buffer, bytes.byteOffset).setUint32(headAt + 8, (0xb1b0afba - sum) >>> 0);
  return { bytes, advances };
}

/** The sfnt checksum: the sum of the data as big-endian 32-bit words, the last one zero-padded. */
export function checksum(data: Uint8Array): number {
  return (wordSum(new DataView(data.buffer, data.byteOffset, data.byteLength), 0, data.length) >>> 0);
}

/**
 * The sum (mod 2³², as an int32) of the big-endian 32-bit words of view[start, end), the last one
 * zero-padded. Kept in int32 range so that no step leaves small integers.
 */
function wordSum(view: DataView, start: number, end: number): number {
  let sum = 0;
  const whole = start + ((end - start) & ~3);
  for (let i = start; i < whole; i += 4) sum = (sum + view.getInt32(i)) | 0;
  if (whole < end) {
    let last = 0;
    for (let i = whole; i < whole + 4; i++) last = (last << 8) | (i < end ? view.getUint8(i) : 0);
    sum = (sum + last) | 0;
  }
  return sum;
}

/**
 * An sfnt file from its tables: offset table, table records sorted by tag, 4-byte aligned data; and
 * the checksum of the whole file (the header's words and the tables' checksums: each table is
 * zero-padded to a word).
 */
function assembleSfnt(tables: Map<string, Uint8Array>): { bytes: Uint8Array; sum: number } {
  const tags = [...tables.keys()].sort();
  const headerLength = 12 + tags.length * 16;
  let length = headerLength;
  for (const tag of tags) length += ((tables.get(tag) as Uint8Array).length + 3) & ~3;
  const out = new Uint8Array(length);
  const view = new DataView(out.buffer);
  const entrySelector = Math.floor(Math.log2(tags.length));
  const searchRange = 2 ** entrySelector * 16;
  view.setUint32(0, 0x00010000);
  view.setUint16(4, tags.length);
  view.setUint16(6, searchRange);
  view.setUint16(8, entrySelector);
  view.setUint16(10, tags.length * 16 - searchRange);
  let offset = headerLength;
  let tablesSum = 0;
  tags.forEach((tag, i) => {
    const data = tables.get(tag) as Uint8Array;
    const record = 12 + i * 16;
    for (let k = 0; k < 4; k++) view.setUint8(record + k, tag.charCodeAt(k));
    out.set(data, offset);
    const sum = wordSum(view, offset, offset + data.length);
    tablesSum = (tablesSum + sum) | 0;
    view.setUint32(record + 4, sum >>> 0);
    view.setUint32(record + 8, offset);
    view.setUint32(record + 12, data.length);
    offset += (data.length + 3) & ~3;
  });
  return { bytes: out, sum: (wordSum(view, 0, headerLength) + tablesSum) >>> 0 };
}

function sfntTableOffset(font: Uint8Array, wanted: string): number {
  const view = new DataView(font.buffer, font.byteOffset, font.byteLength);
  const count = view.getUint16(4);
  for (let i = 0; i < count; i++) {
    const record = 12 + i * 16;
    const tag = String.fromCharCode(...font.subarray(record, record + 4));
    if (tag === wanted) return view.getUint32(record + 8);
  }
  throw new Error(`table ${wanted} missing from the font subset`);
}
