/**
 * Justification of one chosen line: its characters placed with compression, gaps and spreading, as x
 * offsets in points.
 */
import { TG, adj, cls, delta, endC, flg, gapPair, offs, shr, startC, visEnd, wid } from './buffers.js';
import { C_OPEN, F_WORDSPACE } from './classes.js';
import type { SetLine } from './lines.js';
import { EPS, SPACE_STRETCH, evenSpread, natural, spreadable, stageOf, tightenable } from './widths.js';

/** Pushing in by `rest` em: word spaces, brackets and quotes, ，、；：, then 。？！ give up their blanks, then every gap closes alike. */
function pushIn(a: number, e: number, rest: number): void {
  for (let stage = 0; stage < 4 && rest > EPS; stage++) {
    let total = 0;
    for (let i = a + 1; i < e - 1; i++) if (stageOf(i) === stage) total += shr[i]!;
    if (total <= 0) continue;
    const r = rest >= total ? 1 : rest / total;
    for (let i = a + 1; i < e - 1; i++) {
      if (stageOf(i) !== stage) continue;
      const s = shr[i]! * r;
      if (cls[i] === C_OPEN) delta[i - 1] = delta[i - 1]! - s;
      else delta[i] = delta[i]! - s;
    }
    rest -= r * total;
  }
  // Tightening (see lineCost): what the marks could not take, evenly from the gaps between ideographs.
  const n = rest > EPS ? tightGaps(a, e) : 0;
  if (n > 0) {
    const per = rest / n;
    for (let i = a; i < e - 1; i++) if (tightenable(i)) delta[i] = delta[i]! - per;
  }
}

/** Gaps of the visible line [a, e) that tightening may close. */
export function tightGaps(a: number, e: number): number {
  return e - 1 > a ? TG[e - 1]! - TG[a]! : 0;
}

/**
 * Spreading by `need` em: Latin word spaces first, then one even amount over every gap of the line,
 * Han–Latin gaps taking at most GAP_STRETCH of it (the rest goes to the other gaps). Returns true
 * when some gap had to open wider than maxStretch (a loose line).
 */
function spread(a: number, e: number, need: number, maxStretch: number): boolean {
  let spaces = 0;
  let gaps = 0;
  let spreads = 0;
  for (let i = a; i < e - 1; i++) {
    if (flg[i]! & F_WORDSPACE) spaces++;
    if (gapPair[i]) gaps++;
    if (spreadable(i)) spreads++;
  }
  if (spaces > 0) {
    const per = Math.min(SPACE_STRETCH, need / spaces);
    for (let i = a; i < e - 1; i++) if (flg[i]! & F_WORDSPACE) delta[i] = delta[i]! + per;
    need -= per * spaces;
  }
  if (need <= EPS) return false;
  if (spreads === 0) {
    if (e - 1 <= a) return true;
    const per = need / (e - 1 - a);
    for (let i = a; i < e - 1; i++) delta[i] = delta[i]! + per;
    return true;
  }
  const [onGap, onOther] = evenSpread(need, spreads, gaps);
  for (let i = a; i < e - 1; i++) {
    if (!spreadable(i)) continue;
    delta[i] = delta[i]! + (gapPair[i] ? onGap : onOther);
  }
  return Math.max(onGap, onOther) > maxStretch + EPS;
}

/** Position the line [a, b): shrink or stretch it, then compute xs. */
export function emit(
  text: string,
  a: number,
  b: number,
  indent: number,
  widthEm: number,
  size: number,
  align: 'justify' | 'start' | 'center' | 'end',
  stretch: boolean,
  maxStretch: number,
  last: boolean,
): SetLine {
  let e = visEnd[b]!;
  if (e < a) e = a;
  for (let i = a; i < e; i++) delta[i] = 0;
  const nat = natural(a, b, indent);
  let loose = false;
  const need = widthEm - nat;

  if (need < -EPS) pushIn(a, e, -need);
  else if (stretch && need > EPS) loose = spread(a, e, need, maxStretch);

  // Line width and alignment offset.
  let x = a === 0 ? indent : 0;
  if (e > a) x -= startC[a]!;
  const xs: number[] = new Array(b - a);
  let lineEnd = x;
  if (e > a) {
    let t = x;
    for (let i = a; i < e - 1; i++) t += wid[i]! + adj[i]! + delta[i]!;
    lineEnd = t + wid[e - 1]! - endC[e - 1]!;
  }
  let off = 0;
  if (align === 'center') off = (widthEm - lineEnd) / 2;
  else if (align === 'end') off = widthEm - lineEnd;
  let j = 0;
  for (let i = a; i < e; i++) {
    xs[j++] = (x + off) * size;
    x += wid[i]! + adj[i]! + delta[i]!;
  }
  const tail = (lineEnd + off) * size;
  for (let i = e; i < b; i++) xs[j++] = tail;
  return {
    text: text.slice(offs[a]!, offs[b]!),
    xs,
    width: lineEnd * size,
    last,
    loose,
  };
}
