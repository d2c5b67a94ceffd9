import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { describe, expect, it } from 'vitest';
import { loadFontSet } from '../src/layout/fonts/index.js';
import { subsetSfnt, SubsetError } from '../src/render/font-subset.js';

const require = createRequire(import.meta.url);
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
    // each a TrueType font (sfnt version 1.0) holding a glyf table
    for (const sfnt of made) {
      expect(sfnt.readUInt32BE(0)).toBe(0x00010000);
      expect(sfnt.includes(Buffer.from('glyf'))).toBe(true);
    }
    expect(subsetSfnt(fonts.file('serif'), TEXT, settings).length).toBe(made[0]!.length);
  });

  it('fail with a SubsetError on a file that is not a font', () => {
    const notFont = require.resolve('subset-font/package.json');
    expect(() => subsetSfnt(notFont, TEXT, settings)).toThrow(SubsetError);
  });
});
