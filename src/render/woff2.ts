/**
 * WOFF2 files from TrueType/OpenType fonts (sfnt), with Node's own brotli: the font's tables as they
 * are (the null transform, which the WOFF2 format allows for every table, glyf and loca included),
 * compressed together as one brotli stream. A browser unpacks them to the same tables.
 */
import { brotliCompressSync, constants } from 'node:zlib';

/** Tags the WOFF2 table directory names by index (WOFF2 § 5.1, "Known Table Tags"). */
const KNOWN_TAGS = [
  'cmap', 'head', 'hhea', 'hmtx', 'maxp', 'name', 'OS/2', 'post', 'cvt ', 'fpgm', 'glyf', 'loca', 'prep', 'CFF ', 'VORG', 'EBDT',
  'EBLC', 'gasp', 'hdmx', 'kern', 'LTSH', 'PCLT', 'VDMX', 'vhea', 'vmtx', 'BASE', 'GDEF', 'GPOS', 'GSUB', 'EBSC', 'JSTF', 'MATH',
  'CBDT', 'CBLC', 'COLR', 'CPAL', 'SVG ', 'sbix', 'acnt', 'avar', 'bdat', 'bloc', 'bsln', 'cvar', 'fdsc', 'feat', 'fmtx', 'fvar',
  'gvar', 'hsty', 'just', 'lcar', 'mort', 'morx', 'opbd', 'prop', 'trak', 'Zapf', 'Silf', 'Glat', 'Gloc', 'Feat', 'Sill',
];

/** Transform version 3 of glyf and loca is their null transform; 0 is that of every other table. */
const NULL_TRANSFORM_GLYF = 3 << 6;

export class FontFormatError extends Error {
  override name = 'FontFormatError';
}

interface SfntTable {
  tag: string;
  data: Buffer;
}

/** The tables of an sfnt font, in the order of their tags. */
export function sfntTables(sfnt: Buffer): { flavor: number; tables: SfntTable[] } {
  if (sfnt.length < 12) throw new FontFormatError('not an sfnt font: too short');
  const flavor = sfnt.readUInt32BE(0);
  const count = sfnt.readUInt16BE(4);
  if (12 + count * 16 > sfnt.length) throw new FontFormatError('not an sfnt font: table directory runs past the end');
  const tables: SfntTable[] = [];
  for (let i = 0; i < count; i++) {
    const at = 12 + i * 16;
    const tag = sfnt.toString('latin1', at, at + 4);
    const offset = sfnt.readUInt32BE(at + 8);
    const length = sfnt.readUInt32BE(at + 12);
    if (offset + length > sfnt.length) throw new FontFormatError(`not an sfnt font: table ${tag} runs past the end`);
    tables.push({ tag, data: sfnt.subarray(offset, offset + length) });
  }
  tables.sort((a, b) => (a.tag < b.tag ? -1 : a.tag > b.tag ? 1 : 0));
  return { flavor, tables };
}

/** A number as UIntBase128 (WOFF2 § 4.1): seven bits a byte, most significant first. */
export function base128(n: number): number[] {
  const out = [n & 0x7f];
  for (let rest = Math.floor(n / 128); rest > 0; rest = Math.floor(rest / 128)) out.unshift((rest & 0x7f) | 0x80);
  return out;
}

function directoryEntry(table: SfntTable): number[] {
  const known = KNOWN_TAGS.indexOf(table.tag);
  const transform = table.tag === 'glyf' || table.tag === 'loca' ? NULL_TRANSFORM_GLYF : 0;
  const head = known >= 0 ? [known | transform] : [63 | transform, ...Buffer.from(table.tag, 'latin1')];
  return [...head, ...base128(table.data.length)];
}

const pad4 = (n: number) => (n + 3) & ~3;

/**
 * The WOFF2 file of an sfnt font. `quality` is brotli's (0–11): the smaller the faster; the file holds
 * the same tables whatever it is.
 */
export function woff2FromSfnt(sfnt: Buffer, quality = 9): Buffer {
  const { flavor, tables } = sfntTables(sfnt);
  if (tables.some((t) => t.tag === 'glyf') !== tables.some((t) => t.tag === 'loca')) throw new FontFormatError('a font with glyf must have loca, and loca glyf');
  const directory = Buffer.from(tables.flatMap(directoryEntry));
  const stream = Buffer.concat(tables.map((t) => t.data));
  const compressed = brotliCompressSync(stream, {
    params: {
      [constants.BROTLI_PARAM_QUALITY]: quality,
      [constants.BROTLI_PARAM_MODE]: constants.BROTLI_MODE_FONT,
      [constants.BROTLI_PARAM_SIZE_HINT]: stream.length,
    },
  });
  const sfntSize = 12 + 16 * tables.length + tables.reduce((sum, t) => sum + pad4(t.data.length), 0);
  const length = pad4(48 + directory.length + compressed.length);
  const out = Buffer.alloc(length);
  out.write('wOF2', 0, 'latin1');
  out.writeUInt32BE(flavor, 4);
  out.writeUInt32BE(length, 8);
  out.writeUInt16BE(tables.length, 12);
  out.writeUInt32BE(sfntSize, 16);
  out.writeUInt32BE(compressed.length, 20);
  out.writeUInt16BE(1, 24);
  // minor version, metadata and private block: all 0
  directory.copy(out, 48);
  compressed.copy(out, 48 + directory.length);
  return out;
}
