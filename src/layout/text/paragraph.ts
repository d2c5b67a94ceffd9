/**
 * Chinese line breaking and justification for one paragraph (pure, no I/O).
 *
 * Break opportunities start from UAX #14 (npm `linebreak`) and are then overridden by a clreq class
 * table (禁则, unbreakable units, quotes between Han characters). Breaks are chosen over the whole
 * paragraph (total fit): every candidate line is priced, and the cheapest sequence wins. Pushing in
 * (compressing punctuation and word spaces so a no-start mark stays on the line) is priced below
 * pushing out (ending the line earlier and spreading it); when neither keeps a line's gaps within TIGHT,
 * the line may be tightened, every gap between ideographs closing by at most MAX_TIGHTEN em; loose lines and a last line holding one
 * character (孤字) are priced high, so they appear only when nothing else fits. Punctuation compression
 * (标点挤压), the ¼-em Han–Latin gap, justification and indent all show up in the per-code-point `xs`.
 *
 * All internal measures are in em (1 = the font size); results are converted to points at the end.
 */
import { GP, SP, SPR, W, best, brk, flg, prev, visEnd } from './buffers.js';
import { F_NOSTART } from './classes.js';
import { emit, tightGaps } from './justify.js';
import type { SetLine, SetOptions } from './lines.js';
import { prepareText, setOnce } from './prepared.js';
import { EPS, GAP_STRETCH, SPACE_STRETCH, countChars, evenSpread, natural, shrinkable } from './widths.js';

/** Cost of a line that is loose (needs more than maxStretch per gap). */
export const LOOSE_COST = 100;

/** Extra space per gap (em) above which another break is preferred. */
export const TIGHT = 0.15;

/** Cost of a line opening its gaps by more than TIGHT. */
export const TIGHT_COST = 10;

/** Space (em) each gap of a line may close by when its marks and word spaces cannot take a push-in alone. */
export const MAX_TIGHTEN = 0.04;

/** Cost of a tightened line: above a push-out by a twelfth of an em, below a line opened past TIGHT. */
export const TIGHTEN_COST = 1.5;

/** Cost of a paragraph ending on a single character (孤字). */
export const ORPHAN_COST = 1000;

/** Cost of splitting a unit wider than the measure. */
export const SPLIT_COST = 1e6;

/** Cost per line, so that fewer lines win a tie. */
export const LINE_COST = 1e-3;

/** Weight of pushing in to keep a no-start mark on the line (cheap: 禁则 is fixed by pushing in first). */
export const KINSOKU_SHRINK = 0.02;

/** Weight of pushing in otherwise (cheaper than opening the gaps of a line by 0.1 em, so the texture stays even). */
export const SHRINK = 0.5;

/**
 * Cost of setting [a, b) as one line, or -1 when it cannot fit even pushed in. `stretch`: the line is
 * justified; `hard`: it ends at a line feed or the paragraph's end; `last`: it ends the paragraph.
 * Mirrors the stages of `emit`.
 */
export function lineCost(
  a: number,
  b: number,
  indent: number,
  widthEm: number,
  maxStretch: number,
  stretch: boolean,
  hard: boolean,
  last: boolean,
): number {
  const nat = natural(a, b, indent);
  const e = visEnd[b]!;
  let cost = LINE_COST;
  if (last && a > 0 && countChars(a, b, 2) === 1) cost += ORPHAN_COST;
  if (nat > widthEm + EPS) {
    const sh = shrinkable(a, b);
    if (nat - sh > widthEm + EPS) {
      // Tightened: every gap of the line closed a little once the marks have given up their blanks.
      const gaps = tightGaps(a, e);
      const per = gaps > 0 ? (nat - sh - widthEm) / gaps : Infinity;
      if (per > MAX_TIGHTEN + EPS) return -1;
      const r = per / MAX_TIGHTEN;
      return cost + TIGHTEN_COST + 2 * r * r;
    }
    const r = (nat - widthEm) / sh;
    const kinsoku = e > a && (flg[e - 1]! & F_NOSTART) !== 0;
    return cost + (kinsoku ? KINSOKU_SHRINK : SHRINK) * r * r;
  }
  let need = widthEm - nat;
  if (hard) return cost;
  if (!stretch) return cost + 0.1 * need * need;
  if (need <= EPS) return cost;
  const spaces = e - 1 > a ? SP[e - 1]! - SP[a]! : 0;
  const gaps = e - 1 > a ? GP[e - 1]! - GP[a]! : 0;
  const spread = e - 1 > a ? SPR[e - 1]! - SPR[a]! : 0;
  if (spaces > 0) {
    const per = Math.min(SPACE_STRETCH, need / spaces);
    need -= per * spaces;
    const r = per / SPACE_STRETCH;
    cost += 0.25 * r * r;
  }
  if (need <= EPS) return cost;
  if (spread === 0) return cost + LOOSE_COST * 10;
  const [onGap, onOther] = evenSpread(need, spread, gaps);
  const per = Math.max(onGap, onOther);
  const r = per / TIGHT;
  return cost + r * r + (per > TIGHT + EPS ? TIGHT_COST : 0) + (per > maxStretch + EPS ? LOOSE_COST : 0);
}

/** Is the justified line [a, b) loose: too short to fill the measure within maxStretch per gap? */
export function tooShort(a: number, b: number, indent: number, widthEm: number, maxStretch: number): boolean {
  const need = widthEm - natural(a, b, indent);
  if (need <= EPS) return false;
  const e = visEnd[b]!;
  if (e - 1 <= a) return true;
  const gaps = GP[e - 1]! - GP[a]!;
  const room = (SP[e - 1]! - SP[a]!) * SPACE_STRETCH + gaps * Math.min(GAP_STRETCH, maxStretch) + (SPR[e - 1]! - SPR[a]! - gaps) * maxStretch;
  return need > room + EPS;
}

/** Record the line [a, c) when it gives the best total so far; on a tie the later start wins. */
export function relax(a: number, c: number, total: number): void {
  if (total <= best[c]! + 1e-9) {
    best[c] = total;
    prev[c] = a;
  }
}

/** Break `text` into lines of `opts.width` and position every code point. */
export function setParagraph(text: string, opts: SetOptions): SetLine[] {
  if (text.length === 0) return [];
  const options = `${opts.size}|${opts.width}|${opts.indent ?? 0}|${opts.align ?? 'justify'}|${opts.maxStretch ?? 0.25}|${opts.words ? 1 : 0}`;
  return setOnce(text, opts.metrics, options, () => breakParagraph(text, opts));
}

function breakParagraph(text: string, opts: SetOptions): SetLine[] {
  const size = opts.size;
  const widthEm = opts.width / size;
  const indent = opts.indent ?? 0;
  const align = opts.align ?? 'justify';
  const maxStretch = opts.maxStretch ?? 0.25;
  const justify = align === 'justify';
  const n = prepareText(text, opts.metrics, opts.words ?? false);
  const limit = widthEm + EPS;

  // Total fit: best[p] is the least cost of setting [0, p) in lines ending at p, prev[p] the start
  // of the line that ends at p. Push-in, push-out, loose lines and 孤字 are priced by lineCost.
  for (let p = 0; p <= n; p++) best[p] = Infinity;
  best[0] = 0;
  // `lo` only moves forward: lines from a later start are shorter, so their first candidate that is
  // not loose lies no earlier. Candidates before it are skipped, except the last one (push-out).
  let lo = 1;
  for (let a = 0; a < n; a++) {
    const base = best[a]!;
    if (base === Infinity) continue;
    // Every line costs at least LINE_COST: a start that cannot beat the best setting found so far is
    // skipped (a measure wider than the text would otherwise try every pair of break points).
    if (base + LINE_COST / 2 > best[n]!) continue;
    if (lo <= a) lo = a + 1;
    while (lo < n && (brk[lo] === 0 || (brk[lo] === 1 && tooShort(a, lo, indent, widthEm, maxStretch)))) lo++;
    // Within two lines of the end every loose candidate is tried too, so a 孤字 can be avoided.
    const nearEnd = W[n]! - W[a]! <= 2 * widthEm + 2;
    let any = false;
    for (let f = lo - 1; f > a; f--) {
      if (brk[f] === 0) continue;
      const cost = lineCost(a, f, indent, widthEm, maxStretch, justify, false, false);
      if (cost >= 0) {
        any = true;
        relax(a, f, base + cost);
      }
      if (!nearEnd) break;
    }
    let c = lo;
    for (; c <= n; c++) {
      const k = brk[c]!;
      if (k === 0) continue;
      const cost = lineCost(a, c, indent, widthEm, maxStretch, justify, k === 2, c === n);
      if (cost < 0) break;
      any = true;
      relax(a, c, base + cost);
      if (k === 2) break;
    }
    if (!any) {
      // A single unit wider than the measure: split it at the last code point that fits.
      const stop = c <= n ? c : n;
      let k = a + 1;
      for (let j = a + 2; j < stop; j++) {
        if (natural(a, j, indent) <= limit) k = j;
        else break;
      }
      relax(a, k, base + SPLIT_COST);
    }
  }
  const ends: number[] = [];
  for (let p = n; p > 0; p = prev[p]!) ends.push(p);
  ends.reverse();
  const L = ends.length;

  const lines: SetLine[] = new Array(L);
  let start = 0;
  for (let k = 0; k < L; k++) {
    const end = ends[k]!;
    const last = k === L - 1;
    const stretch = align === 'justify' && !last && brk[end] !== 2;
    lines[k] = emit(text, start, end, indent, widthEm, size, align, stretch, maxStretch, last);
    start = end;
  }
  return lines;
}
