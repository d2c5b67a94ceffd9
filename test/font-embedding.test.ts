/**
 * Embedding reads the font file on demand: a TrueType subset made from the file's tables read as
 * needed is byte for byte the one made from the whole file in memory, and the descriptor facts kept in
 * the metrics cache are fontkit's.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, test } from 'vitest';
import { fontFacts, glyphId, loadFontSet, openFontFile } from '../src/layout/fonts/index.js';
import { encodeMetrics, metricsCacheFile, readCachedMetrics } from '../src/layout/fonts/metrics-cache.js';
import { fileTrueType, memoryTrueType, trueTypeTables } from '../src/layout/fonts/truetype-source.js';
import { subsetTrueType, type SubsetGlyph } from '../src/render/pdf/truetype.js';

const dir = mkdtempSync(join(tmpdir(), 'epaper-font-embedding-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const fonts = loadFontSet();
const files = [...new Set(fonts.roles().map((role) => fonts.file(role)))];

describe('font embedding from the file', () => {
  test.each(files)('%s: subset from the file equals the subset from memory; cached facts equal fontkit', (file) => {
    const fk = openFontFile('test', file, undefined);
    const memory = memoryTrueType(fk);
    const rows = trueTypeTables(fk);
    expect(memory).not.toBeNull();
    expect(rows).not.toBeNull();
    const size = (fk.stream?.buffer as Uint8Array).length;
    const onDisk = fileTrueType(file, rows!, size)!;
    expect(onDisk).not.toBeNull();
    // Han characters far apart in the font, Latin, punctuation, .notdef, a glyph id past the end, and a variant.
    const glyphs: SubsetGlyph[] = [0];
    for (const ch of '新闻今日报道Aa09，。“”…') glyphs.push(glyphId(fk, ch.codePointAt(0)!));
    for (let cp = 0x4e00; cp < 0x9fff; cp += 397) glyphs.push(glyphId(fk, cp));
    glyphs.push(0xfffe, { of: 1, advance: 1200 });
    const a = subsetTrueType(memory!, glyphs);
    const b = subsetTrueType(onDisk, glyphs);
    expect(Buffer.from(b.bytes).equals(Buffer.from(a.bytes))).toBe(true);
    expect(b.advances).toEqual(a.advances);
    // A second subset from the same source (glyphs kept from the first) is the same again.
    expect(Buffer.from(subsetTrueType(onDisk, glyphs).bytes).equals(Buffer.from(a.bytes))).toBe(true);

    writeFileSync(metricsCacheFile(dir, file), encodeMetrics(fk, file));
    const cached = readCachedMetrics(dir, file)!;
    expect(cached.facts).toEqual(fontFacts(fk));
    expect(cached.tables).toEqual(rows);
    expect(cached.fileSize).toBe(size);
  }, 120_000);

  test('a table directory pointing past the end of the file is not used', () => {
    const file = files[0]!;
    const fk = openFontFile('test', file, undefined);
    const rows = trueTypeTables(fk)!;
    expect(fileTrueType(file, rows, 1000)).toBeNull();
    expect(fileTrueType(file, rows.filter(([tag]) => tag !== 'glyf'), 1e9)).toBeNull();
  });
});
