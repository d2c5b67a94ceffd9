/**
 * Widths of a decoded paragraph in em: advances, punctuation compression (标点挤压), the Han–Latin gap,
 * word-space shrink and stretch, and their prefix sums.
 */
import type { Metrics } from '../fonts/advances.js';
import { A, GP, S, SP, SPR, TG, W, adj, byPair, cls, cmp, cps, endC, flg, gapPair, shr, startC, visEnd, wid } from './buffers.js';
import { C_CLOSE, C_DASH, C_ELLIP, C_OPEN, C_STOP1, C_STOP2, F_IDEO, F_LATIN, F_NEWLINE, F_PUNCT, F_WORD, F_WORDSPACE, F_WS } from './classes.js';

/** Word space shrink, as a share of its advance. */
export const SPACE_SHRINK = 0.4;

/** Word space stretch, em. */
export const SPACE_STRETCH = 0.5;

/** Han–Latin gap, em. */
export const HAN_LATIN_GAP = 0.25;

/** Most a Han–Latin gap closes when a line is pushed in, em (¼ em − this ≥ ⅛ em). */
export const GAP_SHRINK = 0.125;

/** Most a Han–Latin gap opens when a line is spread, em (¼ em + this ≤ 0.38 em). */
export const GAP_STRETCH = 0.13;

export const EPS = 1e-9;

/**
 * `need` em spread evenly over `spreads` gaps of which `gaps` are Han–Latin gaps, these opening by at
 * most GAP_STRETCH: the extra [per Han–Latin gap, per other gap].
 */
export function evenSpread(need: number, spreads: number, gaps: number): [number, number] {
  const per = need / spreads;
  if (gaps === 0 || per <= GAP_STRETCH) return [per, per];
  if (spreads === gaps) return [per, per];
  return [GAP_STRETCH, (need - gaps * GAP_STRETCH) / (spreads - gaps)];
}

/** The larger of the two amounts evenSpread gives, without making the pair (the line breaker prices every candidate line with it). */
export function evenSpreadMax(need: number, spreads: number, gaps: number): number {
  const per = need / spreads;
  if (gaps === 0 || per <= GAP_STRETCH || spreads === gaps) return per;
  return Math.max(GAP_STRETCH, (need - gaps * GAP_STRETCH) / (spreads - gaps));
}

export function computeWidths(n: number, metrics: Metrics): void {
  for (let i = 0; i < n; i++) {
    const f = flg[i]!;
    const w = f & F_NEWLINE ? 0 : metrics.advance(cps[i]!);
    wid[i] = w > 0 ? w : 0;
    const c = cls[i]!;
    cmp[i] = c >= C_OPEN && c <= C_STOP2 && w >= 0.9 ? w / 2 : 0;
    byPair[i] = 0;
  }
  // Adjacent pairs: compression of two full-width marks, Han–Latin gaps.
  for (let i = 0; i + 1 < n; i++) {
    let v = 0;
    gapPair[i] = 0;
    if (cmp[i]! > 0 && cmp[i + 1]! > 0) {
      if (cls[i] !== C_OPEN) {
        v = -cmp[i]!;
        byPair[i] = 1;
      } else if (cls[i + 1] === C_OPEN) {
        v = -cmp[i + 1]!;
        byPair[i + 1] = 1;
      }
    } else {
      const fa = flg[i]!;
      const fb = flg[i + 1]!;
      if ((fa & F_IDEO && fb & F_LATIN) || (fa & F_LATIN && fb & F_IDEO)) {
        v = HAN_LATIN_GAP;
        gapPair[i] = 1;
      }
    }
    adj[i] = v;
  }
  adj[n > 0 ? n - 1 : 0] = 0;
  gapPair[n > 0 ? n - 1 : 0] = 0;
  W[0] = 0;
  A[0] = 0;
  S[0] = 0;
  SP[0] = 0;
  GP[0] = 0;
  SPR[0] = 0;
  TG[0] = 0;
  visEnd[0] = 0;
  for (let i = 0; i < n; i++) {
    const c = cls[i]!;
    const m = cmp[i]!;
    startC[i] = c === C_OPEN ? m : 0;
    endC[i] = c !== C_OPEN ? m : 0;
    let s = m > 0 && !byPair[i] ? m : 0;
    // An opening mark closes up on the advance of the char before it, which must have room left.
    if (c === C_OPEN && s > 0 && (i === 0 || wid[i - 1]! + adj[i - 1]! - shr[i - 1]! < s - EPS)) s = 0;
    if (flg[i]! & F_WORDSPACE) s = wid[i]! * SPACE_SHRINK;
    else if (gapPair[i]) s = GAP_SHRINK;
    shr[i] = s;
    W[i + 1] = W[i]! + wid[i]!;
    A[i + 1] = A[i]! + adj[i]!;
    S[i + 1] = S[i]! + s;
    SP[i + 1] = SP[i]! + (flg[i]! & F_WORDSPACE ? 1 : 0);
    GP[i + 1] = GP[i]! + gapPair[i]!;
    SPR[i + 1] = SPR[i]! + (i + 1 < n && spreadable(i) ? 1 : 0);
    TG[i + 1] = TG[i]! + (tightenable(i) ? 1 : 0);
    visEnd[i + 1] = flg[i]! & F_WS ? visEnd[i]! : i + 1;
  }
}

/** Natural width (em) of the line [a, b), trailing whitespace hanging, indent included. */
export function natural(a: number, b: number, indent: number): number {
  const e = visEnd[b]!;
  const ind = a === 0 ? indent : 0;
  if (e <= a) return ind;
  return W[e]! - W[a]! + A[e - 1]! - A[a]! - startC[a]! - endC[e - 1]! + ind;
}

/** Optional shrink (em) of the line [a, b): interior word spaces and uncompressed marks. */
export function shrinkable(a: number, b: number): number {
  const e = visEnd[b]!;
  return e - 1 > a + 1 ? S[e - 1]! - S[a + 1]! : 0;
}

/** Number of characters (not punctuation, not whitespace) in [a, b), counting up to `limit`. */
export function countChars(a: number, b: number, limit: number): number {
  let k = 0;
  for (let i = a; i < b && k < limit; i++) if (!(flg[i]! & (F_PUNCT | F_WS))) k++;
  return k;
}

/** Push-in stage of an interior char: 0 word spaces and Han–Latin gaps, 1 brackets/quotes, 2 ，、；：, 3 。？！, -1 none. */
export function stageOf(i: number): number {
  if (shr[i]! <= 0) return -1;
  if (flg[i]! & F_WORDSPACE || gapPair[i]) return 0;
  const c = cls[i]!;
  if (c === C_OPEN || c === C_CLOSE) return 1;
  if (c === C_STOP1) return 2;
  if (c === C_STOP2) return 3;
  return -1;
}

/** May the gap between i and i + 1 open when spreading a line (not inside a Latin word or a dash)? */
export function spreadable(i: number): boolean {
  if (flg[i]! & F_WORD && flg[i + 1]! & F_WORD) return false;
  const c = cls[i]!;
  if ((c === C_DASH || c === C_ELLIP) && cls[i + 1] === c) return false;
  return true;
}

/** May the gap after i close a little when tightening a line: between two ideographs. */
export function tightenable(i: number): boolean {
  return (flg[i]! & F_IDEO) !== 0 && (flg[i + 1]! & F_IDEO) !== 0;
}
