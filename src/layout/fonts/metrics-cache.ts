/**
 * Font metrics cached in a compact binary file per font, made once (at prepare time, by
 * scripts/font-metrics.js) from the font itself: the cmap (code point → glyph id), the advance of every
 * glyph, units per em, ascent and descent: all that layout measures with, so that laying pages out does
 * not read and decode a font file of 10+ MB; and for the PDF renderer what the font descriptor states
 * (FontFacts) and, for TrueType outlines, the table directory, so that it reads only the tables and
 * glyph programs it embeds (truetype-source.ts).
 *
 * A cache file records the font file's size and modification time and is used only while they match.
 *
 * Layout (little-endian): "EPFM", version u32, font size f64, font mtime f64, unitsPerEm u32,
 * ascent i32, descent i32, glyph count u32, cmap entry count n u32; code points u32[n] (ascending),
 * glyph ids u16[n] (padded to 4 bytes), advances u16[glyph count] (padded to 4 bytes), the length of
 * the embedding record u32 and the record: JSON { facts, tables: [[tag, offset, length]] | null }.
 */
import { createHash } from 'node:crypto';
import { readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { glyphAdvanceUnits, glyphId } from './advances.js';
import type { FkFont } from './fontkit.js';
import { fontFacts, trueTypeTables, type FontFacts, type TableRows } from './truetype-source.js';

const MAGIC = 0x4d465045; // "EPFM"
const VERSION = 2;
const HEADER = 44;

/** What layout reads from a font, answered from a cache file. */
export interface CachedMetrics {
  unitsPerEm: number;
  ascent: number;
  descent: number;
  /** Glyph id of a code point (0 when the font lacks it). */
  glyphId(cp: number): number;
  /** Advance width of a glyph in font units (the last glyph's for ids beyond the font). */
  advanceUnits(gid: number): number;
  /** What the PDF font descriptor states of the font. */
  facts: FontFacts;
  /** The table directory of a TrueType-outline font, else null. */
  tables: TableRows | null;
  /** Size of the font file in bytes. */
  fileSize: number;
}

interface EmbeddingRecord {
  facts: FontFacts;
  tables: TableRows | null;
}

interface FontStamp {
  size: number;
  mtimeMs: number;
}

function stampOf(file: string): FontStamp | null {
  try {
    const s = statSync(file);
    return { size: s.size, mtimeMs: s.mtimeMs };
  } catch {
    return null;
  }
}

/** The cache file for a font file, in `dir`: named after the font's absolute path. */
export function metricsCacheFile(dir: string, fontFile: string): string {
  const abs = path.resolve(fontFile);
  const hash = createHash('sha1').update(abs).digest('hex').slice(0, 16);
  return path.join(dir, `${path.basename(abs).replace(/\.[^.]+$/, '')}-${hash}.metrics`);
}

/** The cache file's bytes for a font opened with fontkit from `fontFile`. */
export function encodeMetrics(font: FkFont & { characterSet?: number[]; numGlyphs?: number }, fontFile: string): Buffer {
  const stamp = stampOf(fontFile);
  if (!stamp) throw new Error(`${fontFile}: cannot read the font file`);
  const inner = font as unknown as { _cmapProcessor?: unknown; hmtx?: { metrics?: { length: number } } };
  if (!inner._cmapProcessor || !(inner.hmtx?.metrics && inner.hmtx.metrics.length > 0)) {
    throw new Error(`${fontFile}: no cmap and hmtx tables to cache; layout reads this font with fontkit`);
  }
  const cps = [...new Set(font.characterSet ?? [])].filter((cp) => glyphId(font, cp) !== 0).sort((a, b) => a - b);
  const glyphs = font.numGlyphs ?? 0;
  const gidBytes = Math.ceil((cps.length * 2) / 4) * 4;
  const advanceBytes = Math.ceil((glyphs * 2) / 4) * 4;
  const record: EmbeddingRecord = { facts: fontFacts(font), tables: trueTypeTables(font) };
  const json = Buffer.from(JSON.stringify(record), 'utf8');
  const out = Buffer.alloc(HEADER + cps.length * 4 + gidBytes + advanceBytes + 4 + json.length);
  let at = 0;
  at = out.writeUInt32LE(MAGIC, at);
  at = out.writeUInt32LE(VERSION, at);
  at = out.writeDoubleLE(stamp.size, at);
  at = out.writeDoubleLE(stamp.mtimeMs, at);
  at = out.writeUInt32LE(font.unitsPerEm, at);
  at = out.writeInt32LE(font.ascent, at);
  at = out.writeInt32LE(font.descent, at);
  at = out.writeUInt32LE(glyphs, at);
  at = out.writeUInt32LE(cps.length, at);
  for (const cp of cps) at = out.writeUInt32LE(cp, at);
  for (const cp of cps) at = out.writeUInt16LE(glyphId(font, cp), at);
  at = HEADER + cps.length * 4 + gidBytes;
  for (let gid = 0; gid < glyphs; gid++) at = out.writeUInt16LE(glyphAdvanceUnits(font, gid), at);
  at = HEADER + cps.length * 4 + gidBytes + advanceBytes;
  at = out.writeUInt32LE(json.length, at);
  json.copy(out, at);
  return out;
}

/** Metrics from a cache file's bytes, or null when they are not a cache of `fontFile` as it is now. */
export function decodeMetrics(bytes: Buffer, fontFile: string): CachedMetrics | null {
  if (bytes.length < HEADER || bytes.readUInt32LE(0) !== MAGIC || bytes.readUInt32LE(4) !== VERSION) return null;
  const stamp = stampOf(fontFile);
  if (!stamp || bytes.readDoubleLE(8) !== stamp.size || bytes.readDoubleLE(16) !== stamp.mtimeMs) return null;
  const unitsPerEm = bytes.readUInt32LE(24);
  const ascent = bytes.readInt32LE(28);
  const descent = bytes.readInt32LE(32);
  const glyphs = bytes.readUInt32LE(36);
  const n = bytes.readUInt32LE(40);
  const gidBytes = Math.ceil((n * 2) / 4) * 4;
  const advanceBytes = Math.ceil((glyphs * 2) / 4) * 4;
  const recordAt = HEADER + n * 4 + gidBytes + advanceBytes;
  if (glyphs === 0 || bytes.length < recordAt + 4 || bytes.length !== recordAt + 4 + bytes.readUInt32LE(recordAt)) return null;
  let record: EmbeddingRecord;
  try {
    record = JSON.parse(bytes.toString('utf8', recordAt + 4)) as EmbeddingRecord;
  } catch {
    return null;
  }
  // Copied out so that the typed arrays are aligned whatever the Buffer's offset in its pool.
  const body = bytes.buffer.slice(bytes.byteOffset + HEADER, bytes.byteOffset + bytes.length);
  const cps = new Uint32Array(body, 0, n);
  const gids = new Uint16Array(body, n * 4, n);
  const advances = new Uint16Array(body, n * 4 + gidBytes, glyphs);
  return {
    unitsPerEm,
    ascent,
    descent,
    glyphId(cp) {
      let lo = 0;
      let hi = n - 1;
      while (lo <= hi) {
        const mid = (lo + hi) >>> 1;
        const v = cps[mid] as number;
        if (v === cp) return gids[mid] as number;
        if (v < cp) lo = mid + 1;
        else hi = mid - 1;
      }
      return 0;
    },
    advanceUnits: (gid) => advances[Math.min(gid, glyphs - 1)] as number,
    facts: record.facts,
    tables: record.tables,
    fileSize: stamp.size,
  };
}

/** Metrics of a font file from its cache file in `dir`, or null when there is none or it is out of date. */
export function readCachedMetrics(dir: string, fontFile: string): CachedMetrics | null {
  let bytes: Buffer;
  try {
    bytes = readFileSync(metricsCacheFile(dir, fontFile));
  } catch {
    return null;
  }
  return decodeMetrics(bytes, fontFile);
}
