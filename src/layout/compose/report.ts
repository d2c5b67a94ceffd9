/**
 * The layout report: diagnostics for underfilled pages and for characters the fonts lack.
 */
import type { Edition } from '../../model/schema.js';
import type { FramePage } from '../types.js';
import type { Ctx } from './context.js';

/** Fill below which a page (other than the last) gets an 'underfilled-page' warning. */
export const FILL_TARGET = 0.95;

/** Whether a code point is white space (what /\s/u matches), which needs no glyph. */
export function isSpace(cp: number): boolean {
  if (cp <= 0x20) return cp === 0x20 || (cp >= 0x09 && cp <= 0x0d);
  if (cp < 0xa0) return false;
  return cp === 0xa0 || cp === 0x1680 || (cp >= 0x2000 && cp <= 0x200a) || cp === 0x2028 || cp === 0x2029 || cp === 0x202f || cp === 0x205f || cp === 0x3000 || cp === 0xfeff;
}

/** One diagnostic per character the fonts lack, per article (the character is still drawn). */
export function missingGlyphs(ctx: Ctx, ed: Edition, frames: FramePage[]): void {
  const seen = new Set<string>();
  // Per font: code point → whether the font has a glyph for it.
  const known = new Map<string, Map<number, boolean>>();
  const sourceOf = new Map<string, { file: string; line: number | null; column: number | null }>();
  ed.pages.forEach((p) => {
    for (const a of p.articles) sourceOf.set(a.id, { file: p.source.file, line: a.source?.line ?? null, column: a.source?.column ?? null });
  });
  frames.forEach((fp, i) => {
    const file = ed.pages[i]?.source.file ?? '';
    for (const b of fp.boxes) {
      for (const l of b.lines) {
        let cache = known.get(l.font);
        if (!cache) known.set(l.font, (cache = new Map()));
        for (const ch of l.text) {
          const cp = ch.codePointAt(0)!;
          if (isSpace(cp)) continue;
          let has = cache.get(cp);
          if (has === undefined) {
            has = ctx.fonts.hasGlyph(l.font, cp);
            cache.set(cp, has);
          }
          if (has) continue;
          const seenKey = `${cp}|${b.article ?? ''}`;
          if (seen.has(seenKey)) continue;
          seen.add(seenKey);
          const src = b.article ? sourceOf.get(b.article) : undefined;
          const hex = cp.toString(16).toUpperCase().padStart(4, '0');
          ctx.diagnostics.push({
            file: src?.file ?? file,
            line: src?.line ?? null,
            column: src?.column ?? null,
            severity: 'warning',
            rule: 'missing-glyph',
            message: `character “${ch}” (U+${hex}) has no glyph in font ${l.font}${b.article ? ` (article ${b.article})` : ` (page ${fp.code})`}`,
            page: fp.number,
            article: b.article,
          });
        }
      }
    }
  });
}

/** Underfilled pages (the edition's last page may be short). */
export function underfilledPages(ctx: Ctx, ed: Edition, frames: FramePage[]): void {
  frames.forEach((fp, i) => {
    if (i === frames.length - 1 || fp.report.fill >= FILL_TARGET) return;
    ctx.diagnostics.push({
      file: ed.pages[i]?.source.file ?? '',
      line: null,
      column: null,
      severity: 'warning',
      rule: 'underfilled-page',
      message: `page ${fp.code} is ${(fp.report.fill * 100).toFixed(1)}% filled (target ${FILL_TARGET * 100}%)`,
      page: fp.number,
      article: null,
    });
  });
}
