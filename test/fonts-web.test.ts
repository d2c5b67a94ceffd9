import { createHash } from 'node:crypto';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
// @ts-ignore -- fontkit ships without type declarations.
import * as fontkitModule from 'fontkit';
import { parseEdition } from '../src/parse/index.js';
import { loadTemplate } from '../src/layout/template/index.js';
import { loadFontSet } from '../src/layout/fonts/index.js';
import { layoutEdition } from '../src/layout/index.js';
import type { FramePage } from '../src/layout/types.js';
import { fontFaceCss, webFonts, type WebFontFace } from '../src/render/fonts-web.js';

interface FkFont {
  type: string;
  characterSet: number[];
  numGlyphs: number;
  unitsPerEm: number;
  glyphForCodePoint(cp: number): { id: number; advanceWidth: number };
  hasGlyphForCodePoint(cp: number): boolean;
}
const fontkit = ((fontkitModule as { default?: unknown }).default ?? fontkitModule) as { create(buffer: Buffer): FkFont };

const fonts = loadFontSet();
let pages: FramePage[];
let faces: WebFontFace[];
let firstMs = 0;

function framesOf(dir: string): FramePage[] {
  const docs = readdirSync(dir)
    .filter((f) => f.endsWith('.md'))
    .sort()
    .map((f) => ({ path: f, bytes: readFileSync(join(dir, f)) }));
  return layoutEdition(parseEdition('e', docs), loadTemplate('broadsheet'), fonts, {}).pages;
}

/** Code points drawn with each role on the pages. */
function usedByRole(frames: FramePage[]): Map<string, Set<number>> {
  const used = new Map<string, Set<number>>();
  for (const page of frames) {
    for (const box of page.boxes) {
      for (const line of box.lines) {
        if (!(line.size > 0)) continue;
        const set = used.get(line.font) ?? new Set<number>();
        used.set(line.font, set);
        for (const ch of line.text) {
          const cp = ch.codePointAt(0) as number;
          if (cp >= 0x20 && !(cp >= 0x7f && cp < 0xa0)) set.add(cp);
        }
      }
    }
  }
  return used;
}

beforeAll(async () => {
  pages = framesOf('samples/001-front-page');
  const started = performance.now();
  faces = await webFonts(pages, fonts);
  firstMs = performance.now() - started;
  // WOFF2 compression of six subsets takes seconds on a busy machine.
}, 60_000);

describe('webFonts', () => {
  it('makes one WOFF2 subset per role holding exactly the characters drawn with it', () => {
    const used = usedByRole(pages);
    expect(faces.map((f) => f.role).sort()).toEqual([...used.keys()].sort());
    for (const face of faces) {
      const font = fontkit.create(face.data);
      expect(font.type).toBe('WOFF2');
      const wanted = [...(used.get(face.role) as Set<number>)].filter((cp) => fonts.hasGlyph(face.role, cp)).sort((a, b) => a - b);
      // Characters mapped to a real glyph (format 4 cmaps end with a 0xFFFF segment mapped to .notdef).
      const held = [...new Set(font.characterSet)].filter((cp) => font.glyphForCodePoint(cp).id !== 0).sort((a, b) => a - b);
      expect(held).toEqual(wanted);
      expect([...face.text].map((c) => c.codePointAt(0))).toEqual(wanted);
      // .notdef plus one glyph per character at most (characters may share a glyph).
      expect(font.numGlyphs).toBeLessThanOrEqual(wanted.length + 1);
    }
  });

  it('keeps the advance widths layout measured with', () => {
    for (const face of faces) {
      const font = fontkit.create(face.data);
      const metrics = fonts.metrics(face.role);
      for (const ch of face.text) {
        const cp = ch.codePointAt(0) as number;
        expect(font.glyphForCodePoint(cp).advanceWidth / font.unitsPerEm).toBeCloseTo(metrics.advance(cp), 6);
      }
    }
  });

  it('is much smaller than the font file', () => {
    const serif = faces.find((f) => f.role === 'serif') as WebFontFace;
    expect(serif).toBeDefined();
    expect([...serif.text].length).toBeGreaterThan(500);
    for (const face of faces) {
      const full = statSync(fonts.file(face.role)).size;
      expect(face.data.length).toBeLessThan(full / 20);
    }
    expect(faces.reduce((n, f) => n + f.data.length, 0)).toBeLessThan(260 * 1024);
  });

  it('names files by family and content hash, stably', async () => {
    for (const face of faces) {
      expect(face.family).toBe(`ep-${face.role}`);
      expect(face.file).toMatch(new RegExp(`^ep-${face.role}\\.[0-9a-f]{8}\\.woff2$`));
      expect(face.file.split('.')[1]).toBe(createHash('sha256').update(face.data).digest('hex').slice(0, 8));
    }
    const started = performance.now();
    const again = await webFonts(pages, fonts);
    const cachedMs = performance.now() - started;
    expect(again.map((f) => f.file)).toEqual(faces.map((f) => f.file));
    // The cache hands back the very same subset.
    again.forEach((f, i) => expect(f.data).toBe(faces[i]?.data));
    expect(cachedMs).toBeLessThan(firstMs);

    // Other text gives another subset and another name.
    const fewer = structuredClone(pages);
    for (const page of fewer) for (const box of page.boxes) for (const line of box.lines) if (line.font === 'serif') line.text = line.text.slice(0, 1);
    const other = await webFonts(fewer, fonts);
    const serifA = faces.find((f) => f.role === 'serif') as WebFontFace;
    const serifB = other.find((f) => f.role === 'serif') as WebFontFace;
    expect(serifB.file).not.toBe(serifA.file);
    expect(serifB.data.length).toBeLessThan(serifA.data.length);
    expect(other.find((f) => f.role === 'sans')?.file).toBe(faces.find((f) => f.role === 'sans')?.file);
  });
});

describe('fontFaceCss', () => {
  it('writes one @font-face per subset under the URL prefix', () => {
    const css = fontFaceCss(faces, '/e/001/fonts/');
    for (const face of faces) {
      expect(css).toContain(`@font-face{font-family:"${face.family}";src:url("/e/001/fonts/${face.file}") format("woff2")`);
    }
    expect(css.match(/@font-face/g)?.length).toBe(faces.length);
    expect(fontFaceCss([{ role: 'x', family: 'a"b', file: 'c\\d.woff2' }], '/')).toContain('font-family:"a\\"b";src:url("/c\\\\d.woff2")');
  });
});
