/**
 * Page identity: the one name of each laid-out page ("A01", "B03", "01"), unique in the edition.
 * Every file, URL, destination and link names a page by it.
 */
import type { Diagnostic, Page } from '../../model/schema.js';
import type { FramePage } from '../types.js';
import { pad2 } from './labels.js';

/** The code of a page the layout adds after a page with a section letter ("B04" → "B05"); null after other pages. */
export function codeAfter(code: string | null): string | null {
  const m = code ? /^([A-Za-z]+)(\d+)$/.exec(code) : null;
  return m ? `${m[1]}${String(Number(m[2]) + 1).padStart(m[2]!.length, '0')}` : null;
}

/** Where a page starts in its file, as near as the model knows: its first article's position. */
function pagePlace(page: Page): { line: number | null; column: number | null } {
  const at = page.articles.find((a) => a.source)?.source;
  return { line: at?.line ?? 1, column: at?.column ?? 1 };
}

/**
 * The code of the next frame page: its printed code (else its number in two digits), made unique
 * against the frames before it (a repeated code gets a suffix, "A01-2", and a duplicate-page warning
 * at the second page).
 */
export function pageIdentity(page: Page, number: number, frames: FramePage[], diagnostics: Diagnostic[]): string {
  const code = page.code ?? pad2(number);
  const taken = new Set(frames.map((f) => f.code));
  if (!taken.has(code)) return code;
  let k = 2;
  while (taken.has(`${code}-${k}`)) k += 1;
  const unique = `${code}-${k}`;
  diagnostics.push({
    file: page.source.file,
    ...pagePlace(page),
    severity: 'warning',
    rule: 'duplicate-page',
    message: `page ${code} is in the edition twice; this one is named ${unique} in files and links (give each page its own number or section)`,
    page: number,
  });
  return unique;
}

/**
 * A page's name inside URLs and destination names: its code, a plain printed number without its
 * leading zero ("A01", "B03-2", "3").
 */
export function pageSlug(code: string): string {
  return /^\d+$/.test(code) ? String(Number(code)) : code;
}
