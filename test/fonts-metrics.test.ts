/** The fast advance lookup agrees with fontkit's own glyph metrics on every character of the samples. */
import { readFileSync, readdirSync } from 'node:fs';
import { expect, test } from 'vitest';
import { advanceUnits, loadFontSet } from '../src/layout/fonts.js';

test('advanceUnits equals glyph.advanceWidth for the samples, Latin, punctuation and missing glyphs', () => {
  const fonts = loadFontSet();
  const text =
    readdirSync('samples', { withFileTypes: true })
      .filter((d) => d.isDirectory())
      .flatMap((d) => readdirSync(`samples/${d.name}`).map((f) => readFileSync(`samples/${d.name}/${f}`, 'utf8')))
      .join('') + 'AaZz09 .,;:!?—…“”‘’（）《》\uE48B\u{20000}';
  const cps = [...new Set([...text].map((c) => c.codePointAt(0)!))];
  for (const role of ['serif', 'sans-black']) {
    const font = fonts.fontkit(role) as Parameters<typeof advanceUnits>[0];
    for (const cp of cps) expect(advanceUnits(font, cp), `${role} U+${cp.toString(16)}`).toBe(font.glyphForCodePoint(cp).advanceWidth);
  }
  expect(cps.length).toBeGreaterThan(1000);
});

test('a face gives the glyph ids and advances layout measures with, for the PDF to embed', () => {
  const fonts = loadFontSet();
  for (const role of ['serif', 'sans-black']) {
    const face = fonts.face(role);
    expect(face.font).toBe(fonts.fontkit(role));
    expect(face.file).toBe(fonts.file(role));
    const metrics = fonts.metrics(role);
    for (const ch of '新馆今天正式开放，Aa09（）“”…\uE48B') {
      const cp = ch.codePointAt(0)!;
      const gid = face.glyphId(cp);
      expect(gid, `${role} ${ch}`).toBe(face.font.glyphForCodePoint(cp).id);
      expect(face.advanceUnits(gid) / face.unitsPerEm).toBe(metrics.advance(cp));
      expect(fonts.hasGlyph(role, cp)).toBe(gid !== 0);
    }
  }
});
