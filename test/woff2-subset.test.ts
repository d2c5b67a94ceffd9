import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { describe, expect, it } from 'vitest';
import { loadFontSet } from '../src/layout/fonts/index.js';
import { subsetSfnt, SubsetError } from '../src/render/font-subset.js';
import { base128, sfntTables, woff2FromSfnt, FontFormatError } from '../src/render/woff2.js';

const require = createRequire(import.meta.url);
/** The reference WOFF2 decoder (Google's woff2, compiled to WebAssembly). */
const wawoff2 = require('wawoff2') as { decompress(data: Buffer): Promise<Uint8Array> };
/** harfbuzz's subsetter as packaged by subset-font: the subsets must be the same. */
const subsetFont = require('subset-font') as (font: Buffer, text: string, options: object) => Promise<Buffer>;

const fonts = loadFontSet();
const settings = { dropTables: ['GSUB', 'GPOS', 'GDEF', 'vhea', 'vmtx'], nameIds: [0, 1, 2, 3, 4, 5, 6], noHinting: true, noLayoutClosure: true };
const TEXT = '報紙排版 2026，日报。ABC';

describe('font subsets made with harfbuzz directly', () => {
  it('are the subsets subset-font makes of the same font, text and options', async () => {
    const file = fonts.file('serif');
    const mine = subsetSfnt(file, TEXT, settings);
    const theirs = await subsetFont(readFileSync(file), TEXT, { targetFormat: 'truetype', noLayoutClosure: true, noHinting: true, dropTables: settings.dropTables, preserveNameIds: settings.nameIds });
    expect(mine.equals(Buffer.from(theirs))).toBe(true);
    // the open face is reused: a second subset of another text differs and a third of the first is the same
    expect(subsetSfnt(file, '一二三', settings).equals(mine)).toBe(false);
    expect(subsetSfnt(file, TEXT, settings).equals(mine)).toBe(true);
  });

  it('keep every role of the font set open at once (harfbuzz memory cannot grow)', () => {
    const roles = ['serif', 'serif-bold', 'serif-black', 'sans', 'sans-bold', 'sans-black'];
    const made = roles.map((role) => subsetSfnt(fonts.file(role), TEXT, settings));
    for (const sfnt of made) expect(sfntTables(sfnt).tables.map((t) => t.tag)).toContain('glyf');
    expect(subsetSfnt(fonts.file('serif'), TEXT, settings).length).toBe(made[0]!.length);
  });

  it('fail with a SubsetError on a file that is not a font', () => {
    const notFont = require.resolve('subset-font/package.json');
    expect(() => subsetSfnt(notFont, TEXT, settings)).toThrow(SubsetError);
  });
});

describe('WOFF2 with the null transform', () => {
  it('writes numbers as UIntBase128', () => {
    expect(base128(0)).toEqual([0]);
    expect(base128(127)).toEqual([127]);
    expect(base128(128)).toEqual([0x81, 0]);
    expect(base128(300)).toEqual([0x82, 44]);
    expect(base128(3 * 16384 + 120 * 128 + 5)).toEqual([0x83, 0xf8, 0x05]);
  });

  it('decodes with the reference decoder to the same tables', async () => {
    const sfnt = subsetSfnt(fonts.file('sans-bold'), TEXT, settings);
    const woff2 = woff2FromSfnt(sfnt, 5);
    expect(woff2.toString('latin1', 0, 4)).toBe('wOF2');
    expect(woff2.readUInt32BE(8)).toBe(woff2.length);
    expect(woff2.length % 4).toBe(0);
    expect(woff2.length).toBeLessThan(sfnt.length);
    const back = Buffer.from(await wawoff2.decompress(woff2));
    const before = sfntTables(sfnt).tables;
    const after = sfntTables(back).tables;
    expect(after.map((t) => t.tag)).toEqual(before.map((t) => t.tag));
    // the decoder lays the tables out afresh, so head's checksum adjustment (bytes 8–11) is its own
    const comparable = (tag: string, data: Buffer) => (tag === 'head' ? Buffer.concat([data.subarray(0, 8), data.subarray(12)]) : data);
    after.forEach((t, i) => expect(comparable(t.tag, t.data).equals(comparable(t.tag, before[i]!.data)), t.tag).toBe(true));
  });

  it('rejects what is not an sfnt font', () => {
    expect(() => woff2FromSfnt(Buffer.from('not a font'))).toThrow(FontFormatError);
  });
});
