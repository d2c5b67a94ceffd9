/** Number formatting shared by the PDF writers. */

/** A number for a content stream: at most 3 decimals, no exponent, no negative zero. */
export function num(n: number): string {
  if (!Number.isFinite(n)) return '0';
  const rounded = Math.round(n * 1000) / 1000;
  if (rounded === 0) return '0';
  return String(rounded);
}

export function round3(n: number): number {
  return Math.round(n * 1000) / 1000;
}
