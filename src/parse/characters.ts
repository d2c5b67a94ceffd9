/**
 * Code points that are not characters — noncharacters (U+FFFE, U+FFFF, U+FDD0–U+FDEF, the last two of
 * every plane) and lone surrogates — have no glyph, no meaning and no place in PDF text. They are
 * replaced with U+FFFD in the text the parser reads, and each place is reported, so that the model and
 * every output show the same character.
 */

const INVALID = /[\p{Cs}\p{Noncharacter_Code_Point}]/gu;

export interface InvalidCharacter {
  line: number;
  column: number;
  codePoint: number;
}

export interface CleanText {
  text: string;
  found: InvalidCharacter[];
}

export function replaceInvalidCharacters(text: string): CleanText {
  const found: InvalidCharacter[] = [];
  INVALID.lastIndex = 0;
  if (!INVALID.test(text)) return { text, found };
  let line = 1;
  let lineStart = 0;
  let scanned = 0;
  const out = text.replace(INVALID, (ch: string, offset: number) => {
    for (let i = text.indexOf('\n', scanned); i !== -1 && i < offset; i = text.indexOf('\n', i + 1)) {
      line++;
      lineStart = i + 1;
    }
    scanned = offset;
    found.push({ line, column: offset - lineStart + 1, codePoint: ch.codePointAt(0)! });
    return '\uFFFD';
  });
  return { text: out, found };
}

const hex = (cp: number) => `U+${cp.toString(16).toUpperCase().padStart(4, '0')}`;

/** What one invalid code point is, for the diagnostic. */
export function describeInvalid(cp: number): string {
  return cp >= 0xd800 && cp <= 0xdfff ? `${hex(cp)} (half of a surrogate pair without its other half)` : `${hex(cp)} (a noncharacter)`;
}
