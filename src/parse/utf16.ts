/**
 * UTF-16 without a byte-order mark. Text in UTF-16 has NUL bytes only where it has ASCII, so Chinese
 * text may have none, and statistical detectors rarely name UTF-16. Read as 16-bit units in either byte
 * order, real text falls almost entirely in a few ranges (ASCII, CJK, punctuation, full-width forms);
 * bytes of another encoding read that way do not.
 */

/** Share of units that must be plausible text. */
const THRESHOLD = 0.95;

function plausible(u: number): boolean {
  return (
    u === 0x09 || u === 0x0a || u === 0x0d ||
    (u >= 0x20 && u <= 0x7e) ||
    (u >= 0xa0 && u <= 0x24f) ||
    (u >= 0x2000 && u <= 0x27bf) ||
    (u >= 0x2e80 && u <= 0x30ff) ||
    (u >= 0x3400 && u <= 0x4dbf) ||
    (u >= 0x4e00 && u <= 0x9fff) ||
    (u >= 0xf900 && u <= 0xfaff) ||
    (u >= 0xfe30 && u <= 0xfe4f) ||
    (u >= 0xff00 && u <= 0xffef)
  );
}

function score(bytes: Uint8Array, bigEndian: boolean): number {
  const n = Math.min(bytes.length >> 1, 65536);
  let good = 0;
  for (let i = 0; i < n; i++) {
    const u = bigEndian ? (bytes[2 * i]! << 8) | bytes[2 * i + 1]! : bytes[2 * i]! | (bytes[2 * i + 1]! << 8);
    if (plausible(u)) good++;
    else if (u >= 0xd800 && u <= 0xdbff && i + 1 < n) {
      // A surrogate pair (CJK Extension B and beyond) counts as two good units.
      const v = bigEndian ? (bytes[2 * i + 2]! << 8) | bytes[2 * i + 3]! : bytes[2 * i + 2]! | (bytes[2 * i + 3]! << 8);
      if (v >= 0xdc00 && v <= 0xdfff) {
        good += 2;
        i++;
      }
    }
  }
  return n === 0 ? 0 : good / n;
}

/** 'utf-16le' or 'utf-16be' when the bytes read as text in that byte order (and not in the other), else null. */
export function guessUtf16(bytes: Uint8Array): 'utf-16le' | 'utf-16be' | null {
  if (bytes.length < 4 || bytes.length % 2 !== 0) return null;
  const le = score(bytes, false);
  const be = score(bytes, true);
  if (le >= THRESHOLD && le > be) return 'utf-16le';
  if (be >= THRESHOLD && be > le) return 'utf-16be';
  return null;
}
