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
import { EPS, GAP_STRETCH, SPACE_STRETCH, countChars, evenSpreadMax, natural, shrinkable } from './widths.js';

/** Cost of a line that is loose (needs more than maxStretch per gap). */
export const LOOSE_COST = 100;

/** Extra space per gap (em) above which another break is preferred. */
export const TIGHT = 0.15;

/** Cost of a line opening its gaps by more than TIGHT. */
export const TIGHT_COST = 10;

/** Space (em) each gap of a line may close by when its marks and word spaces cannot take a push-in alone. */
export const MAX_TIGHTEN = 0.04;

/**
 * Cost of a tightened line, on top of TIGHTEN_WEIGHT times its closing squared (in TIGHT): a gap
 * closed by 0.04 em costs less than one opened by a twelfth of an em (a character pushed out of a
 * 13-em line), so the texture keeps nearer its natural spacing, and more than a push-in of the marks.
 */
export const TIGHTEN_COST = 0.05;

/** Weight of a tightened line's closing: tighter than natural reads worse than looser by as much. */
export const TIGHTEN_WEIGHT = 2;

/**
 * Cost of a tightened line when tightening is spared (above a push-out by a twelfth of an em): the
 * setting that tightens only where nothing else fits, whose line count the even setting keeps.
 */
export const SPARING_TIGHTEN_COST = 1.5;

/** Whether the breaker now prices tightening as the sparing setting does (see chooseEnds). */
let sparing = false;

/** Cost of a paragraph ending on a single character (孤字). */
export const ORPHAN_COST = 1000;

/** Cost of splitting a unit wider than the measure. */
export const SPLIT_COST = 1e6;

/** Code points a unit wider than the measure may be split before the last that fits, and the cost of each (below a 孤字's). */
const SPLIT_BACK = 3;

const SPLIT_BACK_COST = 10;

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
      if (sparing) {
        const r = per / MAX_TIGHTEN;
        return cost + SPARING_TIGHTEN_COST + 2 * r * r;
      }
      const r = per / TIGHT;
      return cost + TIGHTEN_COST + TIGHTEN_WEIGHT * r * r;
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
  const per = evenSpreadMax(need, spread, gaps);
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

/**
 * Break `text` into lines of `opts.width` and position every code point. A justified paragraph keeps
 * its gaps near their natural width (a line tightened a little rather than a character pushed out)
 * in as many lines as sparing tightening gives, so that text set this way takes the depth it did.
 */
export function setParagraph(text: string, opts: SetOptions): SetLine[] {
  if (text.length === 0) return [];
  const options = `${opts.size}|${opts.width}|${opts.indent ?? 0}|${opts.align ?? 'justify'}|${opts.maxStretch ?? 0.25}|${opts.words ? 1 : 0}|${opts.lines ?? 0}`;
  return setOnce(text, opts.metrics, options, () => emitLines(text, opts, endsFor(text, opts)));
}

function endsFor(text: string, opts: SetOptions): number[] {
  if (opts.lines) return endsInLines(text, opts, opts.lines);
  const even = chooseEnds(text, opts, 0, false);
  // Without a tightened line the even setting costs what it would spared, and is the sparing one.
  if ((opts.align ?? 'justify') !== 'justify' || !tightensAny(even, opts)) return even;
  const count = chooseEnds(text, opts, 0, true).length;
  return even.length === count ? even : endsInLines(text, opts, count, even);
}

/** Whether a line ending at `ends` (of the text chooseEnds last prepared) is tightened: too wide even with its marks pushed in. */
function tightensAny(ends: number[], opts: SetOptions): boolean {
  const widthEm = opts.width / opts.size;
  let a = 0;
  for (const b of ends) {
    if (natural(a, b, opts.indent ?? 0) - shrinkable(a, b) > widthEm + EPS) return true;
    a = b;
  }
  return false;
}

/** Most settings tried when looking for one of a given number of lines. */
const LOOSENESS_TRIES = 10;

/** Largest bonus (or, negative, charge) per line tried when looking for a given number of lines. */
const MAX_BONUS = 8;

/**
 * Line ends of the paragraph in `target` lines (TeX's looseness): set with a bonus per line, or a
 * charge, a Lagrange multiplier on the line count searched by halving until the cheapest setting has
 * that many lines. The usual setting (`usual`) when none has.
 */
function endsInLines(text: string, opts: SetOptions, target: number, usual = chooseEnds(text, opts, 0, false)): number[] {
  if (usual.length === target) return usual;
  const more = usual.length < target;
  let lo = 0;
  let hi = more ? MAX_BONUS : -MAX_BONUS;
  for (let k = 0; k < LOOSENESS_TRIES; k++) {
    const bonus = k === 0 ? hi : (lo + hi) / 2;
    const ends = chooseEnds(text, opts, bonus, false);
    if (ends.length === target) return ends;
    if (ends.length < target === more) {
      if (k === 0) return usual;
      lo = bonus;
    } else hi = bonus;
  }
  return usual;
}

/**
 * The line ends of the cheapest setting (total fit); `bonus` is taken off the cost of every line (0:
 * fewest lines win ties), and `spare` prices tightening as the sparing setting does.
 */
function chooseEnds(text: string, opts: SetOptions, bonus: number, spare: boolean): number[] {
  const widthEm = opts.width / opts.size;
  const indent = opts.indent ?? 0;
  const maxStretch = opts.maxStretch ?? 0.25;
  const justify = (opts.align ?? 'justify') === 'justify';
  const n = prepareText(text, opts.metrics, opts.words ?? false);
  const limit = widthEm + EPS;
  sparing = spare;
  // The buffers as locals: prepareText has sized them, and the loops below read them for every start.
  const brks = brk;
  const bests = best;
  const prevs = prev;

  // Total fit: bests[p] is the least cost of setting [0, p) in lines ending at p, prevs[p] the start
  // of the line that ends at p. Push-in, push-out, loose lines and 孤字 are priced by lineCost.
  for (let p = 0; p <= n; p++) bests[p] = Infinity;
  bests[0] = 0;
  // `lo` only moves forward: lines from a later start are shorter, so their first candidate that is
  // not loose lies no earlier. Candidates before it are skipped, except the last one (push-out).
  let lo = 1;
  for (let a = 0; a < n; a++) {
    const base = bests[a]!;
    if (base === Infinity) continue;
    // Every line costs at least LINE_COST: a start that cannot beat the best setting found so far is
    // skipped (a measure wider than the text would otherwise try every pair of break points).
    if (bonus <= 0 && base + LINE_COST / 2 > bests[n]!) continue;
    if (lo <= a) lo = a + 1;
    while (lo < n && (brks[lo] === 0 || (brks[lo] === 1 && tooShort(a, lo, indent, widthEm, maxStretch)))) lo++;
    // Within two lines of the end every loose candidate is tried too, so a 孤字 can be avoided.
    const nearEnd = W[n]! - W[a]! <= 2 * widthEm + 2;
    let any = false;
    for (let f = lo - 1; f > a; f--) {
      if (brks[f] === 0) continue;
      const cost = lineCost(a, f, indent, widthEm, maxStretch, justify, false, false);
      if (cost >= 0) {
        any = true;
        // relax(a, f, …) written out, as below: this is the breaker's innermost step.
        const total = base + cost - bonus;
        if (total <= bests[f]! + 1e-9) {
          bests[f] = total;
          prevs[f] = a;
        }
      }
      if (!nearEnd) break;
    }
    let c = lo;
    for (; c <= n; c++) {
      const k = brks[c]!;
      if (k === 0) continue;
      const cost = lineCost(a, c, indent, widthEm, maxStretch, justify, k === 2, c === n);
      if (cost < 0) break;
      any = true;
      const total = base + cost - bonus;
      if (total <= bests[c]! + 1e-9) {
        bests[c] = total;
        prevs[c] = a;
      }
      if (k === 2) break;
    }
    if (!any) {
      // A single unit wider than the measure: split it at the last code point that fits, or a few
      // before, so that what is left of it need not stand alone on a last line (孤字).
      const stop = c <= n ? c : n;
      let k = a + 1;
      for (let j = a + 2; j < stop; j++) {
        if (natural(a, j, indent) <= limit) k = j;
        else break;
      }
      for (let j = k; j > a && j > k - SPLIT_BACK; j--) relax(a, j, base + SPLIT_COST + (k - j) * SPLIT_BACK_COST - bonus);
    }
  }
  sparing = false;
  const ends: number[] = [];
  for (let p = n; p > 0; p = prevs[p]!) ends.push(p);
  return ends.reverse();
}

/** The lines ending at `ends`, each positioned (justified, pushed in or spread). */
function emitLines(text: string, opts: SetOptions, ends: number[]): SetLine[] {
  const size = opts.size;
  const widthEm = opts.width / size;
  const indent = opts.indent ?? 0;
  const align = opts.align ?? 'justify';
  const maxStretch = opts.maxStretch ?? 0.25;
  prepareText(text, opts.metrics, opts.words ?? false);
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
