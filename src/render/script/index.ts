/**
 * 繁/简 on the page view: the lines of a page in the other script, each exactly as long (in code
 * points) as the line it replaces, so that every glyph keeps the place layout gave it. A line is
 * converted as a whole (phrase by phrase) when that keeps its length, else character by character; a
 * character whose conversion is longer or shorter than one character stays as it is.
 */
import type { FramePage } from '../../layout/types.js';

/** The text of a line as the page's HTML holds it: without control characters (they are not drawn). */
export function drawnText(text: string): string {
  let out = '';
  for (const ch of text) {
    const cp = ch.codePointAt(0) as number;
    if (!(cp < 0x20 || (cp >= 0x7f && cp < 0xa0))) out += ch;
  }
  return out;
}

/** `text` converted with `convert`, with exactly as many code points as `text`. */
export function convertInPlace(text: string, convert: (s: string) => string): string {
  const whole = convert(text);
  const length = [...text].length;
  if ([...whole].length === length) return whole;
  let out = '';
  for (const ch of text) {
    const one = convert(ch);
    out += [...one].length === 1 ? one : ch;
  }
  return out;
}

/**
 * The lines of a page that change in the other script: drawn text → converted text, both of the same
 * length. Lines that do not change are left out.
 */
export function pageScriptLines(page: FramePage, convert: (s: string) => string): Record<string, string> {
  const out: Record<string, string> = {};
  for (const box of page.boxes) {
    for (const line of box.lines) {
      const text = drawnText(line.text);
      if (!text || text in out) continue;
      const converted = convertInPlace(text, convert);
      if (converted !== text) out[text] = converted;
    }
  }
  return out;
}

/** Characters the converted lines draw that the original lines do not. */
export function addedCharacters(lines: Record<string, string>): string {
  const before = new Set<string>();
  for (const text of Object.keys(lines)) for (const ch of text) before.add(ch);
  const added = new Set<string>();
  for (const text of Object.values(lines)) for (const ch of text) if (!before.has(ch)) added.add(ch);
  return [...added].sort().join('');
}
