/**
 * The layout report: diagnostics for underfilled pages and for characters the fonts lack.
 */
import type { Edition } from '../../model/schema.js';
import type { FramePage } from '../types.js';
import type { Ctx } from './context.js';

/** Fill below which a page (other than the last) gets an 'underfilled-page' warning. */
export const FILL_TARGET = 0.95;

/** One diagnostic per character the fonts lack, per article (the character is still drawn). */
export function missingGlyphs(ctx: Ctx, ed: Edition, frames: FramePage[]): void {
  const seen = new Set<string>();
  const cache = new Map<string, boolean>();
  const sourceOf = new Map<string, { file: string; line: number | null; column: number | null }>();
  ed.pages.forEach((p) => {
    for (const a of p.articles) sourceOf.set(a.id, { file: p.source.file, line: a.source?.line ?? null, column: a.source?.column ?? null });
  });
  frames.forEach((fp, i) => {
    const file = ed.pages[i]?.source.file ?? '';
    for (const b of fp.boxes) {
      for (const l of b.lines) {
        for (const ch of l.text) {
          const cp = ch.codePointAt(0)!;
          if (/\s/u.test(ch)) continue;
          const key = `${l.font}|${cp}`;
          let has = cache.get(key);
          if (has === undefined) {
            has = ctx.fonts.hasGlyph(l.font, cp);
            cache.set(key, has);
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
