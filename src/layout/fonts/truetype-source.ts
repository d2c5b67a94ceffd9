/**
 * A TrueType-outline font's tables as a subsetter reads them: small tables whole, glyph programs by
 * byte range. Either from a font held in memory (fontkit's buffer) or from the font file, read on
 * demand, so that embedding a few hundred glyphs does not read a font file of 10+ MB; and what a PDF
 * font descriptor states of a font (FontFacts), taken from fontkit once and kept in the metrics cache.
 */
import { closeSync, openSync, readSync } from 'node:fs';
import type { FkFont } from './fontkit.js';

export interface TableEntry {
  offset: number;
  length: number;
}

/** The tables of a plain sfnt file with TrueType (glyf) outlines. */
export interface TrueTypeSource {
  /** Table tag → where the table is in the file. */
  readonly tables: ReadonlyMap<string, TableEntry>;
  /** A table's bytes (read once; never to be written to). */
  table(tag: string): Uint8Array;
  /** The bytes of each [start, end) range of the glyf table (never to be written to). */
  glyf(ranges: ReadonlyArray<readonly [number, number]>): Uint8Array[];
}

/** Tables every TrueType subset is made from. */
export const REQUIRED_TABLES = ['head', 'hhea', 'maxp', 'loca', 'glyf', 'hmtx'];

/** A table directory as [tag, offset, length] rows, when every required table lies within `size` bytes. */
export type TableRows = Array<[string, number, number]>;

/** fontkit's table directory of a plain sfnt file with TrueType outlines, else null. */
export function trueTypeTables(font: FkFont): TableRows | null {
  // Only plain sfnt files store their tables uncompressed at the offsets the directory gives.
  if (font.type !== 'TTF') return null;
  const size = font.stream?.buffer?.length;
  const directory = font.directory?.tables;
  if (!size || !directory) return null;
  const rows: TableRows = [];
  for (const [tag, entry] of Object.entries(directory)) {
    if (entry && Number.isInteger(entry.offset) && Number.isInteger(entry.length)) rows.push([tag, entry.offset, entry.length]);
  }
  return usable(rows, size) ? rows : null;
}

function usable(rows: TableRows, size: number): boolean {
  return REQUIRED_TABLES.every((tag) => rows.some(([t, offset, length]) => t === tag && offset + length <= size));
}

const tableMap = (rows: TableRows) => new Map(rows.map(([tag, offset, length]) => [tag, { offset, length }]));

/** The tables of a font whose whole file is in memory (fontkit's buffer), or null when not TrueType. */
export function memoryTrueType(font: FkFont): TrueTypeSource | null {
  const rows = trueTypeTables(font);
  const bytes = font.stream?.buffer;
  if (!rows || !bytes) return null;
  const tables = tableMap(rows);
  const glyfAt = (tables.get('glyf') as TableEntry).offset;
  return {
    tables,
    table: (tag) => {
      const entry = tables.get(tag) as TableEntry;
      return bytes.subarray(entry.offset, entry.offset + entry.length);
    },
    glyf: (ranges) => ranges.map(([start, end]) => bytes.subarray(glyfAt + start, glyfAt + end)),
  };
}

const EMPTY = new Uint8Array(0);

/** Glyph ranges closer than this (bytes) are read with one read. */
const MERGE_GAP = 8192;

/**
 * The tables of a font file, read from the file when first asked for (`rows`: its table directory as
 * recorded with the file's size, from the metrics cache). Glyph programs read are kept, so the
 * documents of one process read each glyph once.
 */
export function fileTrueType(file: string, rows: TableRows, size: number): TrueTypeSource | null {
  if (!usable(rows, size)) return null;
  const tables = tableMap(rows);
  const glyfAt = (tables.get('glyf') as TableEntry).offset;
  const read = new Map<string, Uint8Array>();
  const programs = new Map<number, Uint8Array>();
  const withFile = <T>(use: (fd: number) => T): T => {
    const fd = openSync(file, 'r');
    try {
      return use(fd);
    } finally {
      closeSync(fd);
    }
  };
  const readAt = (fd: number, offset: number, length: number): Uint8Array => {
    const out = new Uint8Array(length);
    let got = 0;
    while (got < length) {
      const n = readSync(fd, out, got, length - got, offset + got);
      if (n === 0) break;
      got += n;
    }
    return got === length ? out : out.subarray(0, got);
  };
  return {
    tables,
    table(tag) {
      let bytes = read.get(tag);
      if (!bytes) {
        const entry = tables.get(tag) as TableEntry;
        bytes = withFile((fd) => readAt(fd, entry.offset, entry.length));
        read.set(tag, bytes);
      }
      return bytes;
    },
    glyf(ranges) {
      // Glyph programs are keyed by their start in glyf: each non-empty glyph starts where no other does.
      const missing = ranges.filter(([start, end]) => end > start && programs.get(start)?.length !== end - start).sort((a, b) => a[0] - b[0]);
      if (missing.length > 0) {
        withFile((fd) => {
          for (let i = 0; i < missing.length; ) {
            let j = i + 1;
            let end = (missing[i] as readonly [number, number])[1];
            while (j < missing.length && (missing[j] as readonly [number, number])[0] - end <= MERGE_GAP) end = Math.max(end, (missing[j++] as readonly [number, number])[1]);
            const from = (missing[i] as readonly [number, number])[0];
            const span = readAt(fd, glyfAt + from, end - from);
            for (let k = i; k < j; k++) {
              const [start, stop] = missing[k] as readonly [number, number];
              programs.set(start, span.subarray(start - from, stop - from));
            }
            i = j;
          }
        });
      }
      return ranges.map(([start, end]) => (end > start ? (programs.get(start) as Uint8Array) : EMPTY));
    },
  };
}

/** What a PDF font descriptor states of a font, as fontkit reads it. */
export interface FontFacts {
  postscriptName: string | null;
  unitsPerEm: number;
  ascent: number;
  descent: number;
  /** OS/2 capHeight, else the ascent. */
  capHeight: number;
  /** OS/2 xHeight, else 0. */
  xHeight: number;
  italicAngle: number;
  /** [minX, minY, maxX, maxY] in font units. */
  bbox: [number, number, number, number];
  fixedPitch: boolean;
  italic: boolean;
  /** OS/2 sFamilyClass (class in the high byte), else 0. */
  familyClass: number;
}

export function fontFacts(fk: FkFont): FontFacts {
  const bbox = fk.bbox ?? { minX: 0, minY: fk.descent, maxX: fk.unitsPerEm, maxY: fk.ascent };
  return {
    postscriptName: fk.postscriptName ?? null,
    unitsPerEm: fk.unitsPerEm,
    ascent: fk.ascent,
    descent: fk.descent,
    capHeight: fk.capHeight || fk.ascent,
    xHeight: fk.xHeight || 0,
    italicAngle: fk.italicAngle ?? 0,
    bbox: [bbox.minX, bbox.minY, bbox.maxX, bbox.maxY],
    fixedPitch: Boolean(fk.post?.isFixedPitch),
    italic: Boolean(fk.head?.macStyle?.italic),
    familyClass: fk['OS/2']?.sFamilyClass ?? 0,
  };
}
