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
