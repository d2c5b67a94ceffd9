/**
 * Checks of set lines: lines that start or end with a character 禁则 forbids there, and last lines
 * holding one character (孤字).
 */
import { F_NOEND, F_NOSTART, F_PUNCT, F_WS, flagsOf } from './classes.js';

export function firstLastVisible(line: string): [number, number] {
  let s = 0;
  let e = line.length;
  while (s < e && flagsOf(line.charCodeAt(s)) & F_WS) s++;
  while (e > s && flagsOf(line.charCodeAt(e - 1)) & F_WS) e--;
  if (s >= e) return [-1, -1];
  const first = line.codePointAt(s)!;
  let lastAt = e - 1;
  const lc = line.charCodeAt(lastAt);
  if (lc >= 0xdc00 && lc <= 0xdfff && lastAt > s) lastAt--;
  return [first, line.codePointAt(lastAt)!];
}

/** Count lines that start with a character that may not start a line or end with one that may not end one. */
export function kinsokuViolations(lines: readonly string[]): number {
  let count = 0;
  for (const line of lines) {
    const [first, last] = firstLastVisible(line);
    if (first < 0) continue;
    if (flagsOf(first) & F_NOSTART || flagsOf(last) & F_NOEND) count++;
  }
  return count;
}

/** One character alone on a line, apart from punctuation and whitespace (孤字). */
export function isOrphanLine(line: string): boolean {
  let k = 0;
  for (const ch of line) {
    if (flagsOf(ch.codePointAt(0)!) & (F_PUNCT | F_WS)) continue;
    if (++k > 1) return false;
  }
  return k === 1;
}
