/**
 * Lines made only of characters no bundled font has a glyph for: generated pages of them (body lines,
 * headlines, list items) keep every such character in the text of the edition PDF (`pdftotext -raw`)
 * and of the page PDFs, in every PDF profile.
 */
import { describe, expect, test } from 'vitest';
import { PDF_PROFILES, renderEditionPdfs } from '../../src/render/pdf/index.js';
import { lost } from './canon.js';
import { utf8 } from './case.js';
import { Rng } from './rng.js';
import { environment, layout, parse, pdfText } from './stages.js';
import { headline, paragraph } from './text.js';

/** Blocks of letters and symbols the CJK fonts do not cover (Cherokee, Canadian syllabics, Myanmar ext., CJK ext. B). */
const RANGES: [number, number][] = [
  [0x13a0, 0x13f4],
  [0x1400, 0x167f],
  [0xaa60, 0xaa7f],
  [0x20000, 0x2a6df],
];

/** `count` generated characters none of the fonts draws. */
function glyphless(rng: Rng, count: number, has: (cp: number) => boolean): string {
  let text = '';
  while ([...text].length < count) {
    const [lo, hi] = rng.pick(RANGES);
    const cp = rng.int(lo, hi);
    const ch = String.fromCodePoint(cp);
    if (/^\p{L}|\p{So}$/u.test(ch) && !has(cp)) text += ch;
  }
  return text;
}

describe('characters without a glyph', () => {
  const env = environment('broadsheet');
  const has = (cp: number) => env.fonts.roles().some((role) => env.fonts.hasGlyph(role, cp));

  for (const seed of [1, 2, 3]) {
    test(`seed ${seed}: lines of them keep their text in the edition PDF and the page PDFs, in every profile`, async () => {
      const rng = new Rng(seed);
      const lines = Array.from({ length: 4 }, () => glyphless(rng, rng.int(1, 8), has));
      const markdown = [
        `# ${headline(rng)}`,
        paragraph(rng, 120),
        lines[0],
        `## ${lines[1]}`,
        paragraph(rng, 60),
        `- ${lines[2]}`,
        `- ${headline(rng)}`,
        '',
        lines[3],
      ].join('\n\n');
      const result = layout(env, parse('glyphless', [{ path: 'page.md', bytes: utf8(`${markdown}\n`) }]));
      expect(result.diagnostics.filter((d) => d.severity === 'error')).toEqual([]);
      const framed = result.pages.flatMap((p) => p.boxes.flatMap((b) => b.lines.map((l) => l.text)));
      expect(lost(lines, framed).count, 'in the frames').toBe(0);
      for (const profile of PDF_PROFILES) {
        const pdfs = await renderEditionPdfs(result.pages, env.fonts, result.edition, { profile, creationDate: new Date(0), imagesDir: null });
        const edition = lost(lines, pdfText(pdfs.edition, true));
        expect(edition.count, `${profile}, edition PDF: ${edition.sample}`).toBe(0);
        const pages = lost(lines, pdfs.pages.map((p) => pdfText(p, false)));
        expect(pages.count, `${profile}, page PDFs: ${pages.sample}`).toBe(0);
      }
    }, 60_000);
  }
});
