/** The font metrics cache answers exactly as fontkit does, for every font of the manifest. */
import { mkdtempSync, rmSync, utimesSync, writeFileSync, copyFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, test } from 'vitest';
import { glyphAdvanceUnits, glyphId, loadFontSet, openFontFile } from '../src/layout/fonts.js';
import { decodeMetrics, encodeMetrics, metricsCacheFile, readCachedMetrics } from '../src/layout/fonts/metrics-cache.js';

const dir = mkdtempSync(join(tmpdir(), 'epaper-font-metrics-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const fonts = loadFontSet();
const files = [...new Set(fonts.roles().map((role) => fonts.file(role)))];

/** Every BMP code point, and every 7th one of the supplementary planes up to U+3FFFF. */
const probes = [...Array.from({ length: 0x10000 }, (_, i) => i), ...Array.from({ length: 0x30000 / 7 }, (_, i) => 0x10000 + i * 7), 0x10ffff];

describe('font metrics cache', () => {
  test.each(files)('%s: glyph ids, advances, hasGlyph, ascent and descent equal fontkit', (file) => {
    const fk = openFontFile('test', file, undefined) as ReturnType<typeof openFontFile> & { numGlyphs: number; hasGlyphForCodePoint(cp: number): boolean };
    writeFileSync(metricsCacheFile(dir, file), encodeMetrics(fk, file));
    const cached = readCachedMetrics(dir, file)!;
    expect(cached).not.toBeNull();
    expect([cached.unitsPerEm, cached.ascent, cached.descent]).toEqual([fk.unitsPerEm, fk.ascent, fk.descent]);
    let present = 0;
    for (const cp of probes) {
      const gid = glyphId(fk, cp);
      if (cached.glyphId(cp) !== gid) expect(cached.glyphId(cp), `U+${cp.toString(16)}`).toBe(gid);
      if ((cached.glyphId(cp) !== 0) !== fk.hasGlyphForCodePoint(cp)) expect(cached.glyphId(cp) !== 0, `U+${cp.toString(16)}`).toBe(fk.hasGlyphForCodePoint(cp));
      if (gid !== 0) present++;
    }
    expect(present).toBeGreaterThan(20_000);
    for (let gid = 0; gid < fk.numGlyphs + 5; gid++) {
      if (cached.advanceUnits(gid) !== glyphAdvanceUnits(fk, gid)) expect(cached.advanceUnits(gid), `glyph ${gid}`).toBe(glyphAdvanceUnits(fk, gid));
    }
    // What layout measures: the advance of a code point, in em.
    const metrics = fonts.metrics(fonts.roles().find((r) => fonts.file(r) === file)!);
    for (const ch of '新馆今天正式开放，Aa09（）“”…\uE48B') {
      const cp = ch.codePointAt(0)!;
      expect(cached.advanceUnits(cached.glyphId(cp)) / cached.unitsPerEm).toBe(metrics.advance(cp));
    }
  }, 120_000);

  test('a cache is not used once its font file changed', () => {
    const copy = join(dir, 'copy.ttf');
    copyFileSync(files[0]!, copy);
    const fk = openFontFile('test', copy, undefined);
    const bytes = encodeMetrics(fk, copy);
    expect(decodeMetrics(bytes, copy)).not.toBeNull();
    utimesSync(copy, new Date(), new Date(Date.now() + 5000));
    expect(decodeMetrics(bytes, copy)).toBeNull();
    expect(decodeMetrics(bytes.subarray(0, 100), files[0]!)).toBeNull();
    expect(readCachedMetrics(dir, copy)).toBeNull();
  });
});
