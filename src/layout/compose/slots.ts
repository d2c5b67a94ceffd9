/**
 * Slots for a module in an arrangement state: the candidate columns, and the places (whole, cut or
 * stretched) with their costs.
 */
import type { Ctx } from './context.js';
import type { Item, Stretch, Variant } from './module-types.js';
import { BAD_HOLE_COST, HOLE_AREA_COST, MAX_SHORT, MAX_STRETCH, cutCheck, stretchTable } from './modules.js';
import { usableFloor, type Place, type State } from './skyline.js';

/** Continuations created per page at most. */
export const MAX_CUTS = 2;

/** Cost of a cut, in grid cells (column × line) of white space. */
export const CUT_COST = 12;

/** Cost per line sent to another page by a cut. */
export const CARRY_COST = 0.5;

/** The slot with the least key in each of two orders (first found wins a tie): the lowest and the tightest. */
class BestTwo {
  /** The lowest slot so far, or -1. */
  lowest = -1;
  private lowestKey = Infinity;
  /** The tightest slot so far, or -1. */
  tight = -1;
  private tightKey = Infinity;

  offer(c: number, lowKey: number, tightKey: number): void {
    if (lowKey < this.lowestKey) {
      this.lowestKey = lowKey;
      this.lowest = c;
    }
    if (tightKey < this.tightKey) {
      this.tightKey = tightKey;
      this.tight = c;
    }
  }

  /** The lowest slot, then the tightest when it is another. */
  slots(): number[] {
    const out: number[] = [];
    if (this.lowest >= 0) out.push(this.lowest);
    if (this.tight >= 0 && this.tight !== this.lowest) out.push(this.tight);
    return out;
  }
}

/** Level (the lowest free line under its span) and hole of each slot of positions(), by column. */
const slotBase = new Int32Array(256);
const slotHole = new Int32Array(256);

/**
 * Candidate columns for a module of span k: the lowest slot (leftmost), the slot leaving the least
 * hole, then (not for the lead) the leftmost slot of each other level it can sit on without a hole
 * beneath it.
 */
export function positions(s: State, k: number, lead: boolean): number[] {
  const sky = s.sky;
  const C = sky.length;
  const best = new BestTwo();
  for (let c = 0; c + k <= C; c++) {
    let base = 0;
    let sum = 0;
    for (let j = c; j < c + k; j++) {
      const v = sky[j]!;
      if (v > base) base = v;
      sum += v;
    }
    slotBase[c] = base;
    const hole = k * base - sum;
    slotHole[c] = hole;
    if (lead && base > 0) continue;
    best.offer(c, base * 1e4 + hole, hole * 1e4 + base);
  }
  const out = best.slots();
  if (lead) return out;
  const { lowest, tight } = best;
  const taken1 = lowest >= 0 ? slotBase[lowest]! : -1;
  const taken2 = tight >= 0 ? slotBase[tight]! : -1;
  for (let c = 0; c + k <= C; c++) {
    if (slotHole[c] !== 0 || c === lowest || c === tight) continue;
    const base = slotBase[c]!;
    if (base === taken1 || base === taken2) continue;
    // Only the leftmost slot of a level.
    let first = true;
    for (let e = 0; e < c && first; e++) if (slotHole[e] === 0 && slotBase[e] === base) first = false;
    if (first) out.push(c);
  }
  return out;
}

/** Candidate columns for a module set from the foot: the lowest slot (rightmost first) and the tightest. */
export function footPositions(s: State, k: number): number[] {
  const C = s.floor.length;
  const best = new BestTwo();
  for (let c = C - k; c >= 0; c--) {
    let bottom = Infinity;
    for (let j = c; j < c + k; j++) bottom = Math.min(bottom, usableFloor(s, j));
    let hole = 0;
    for (let j = c; j < c + k; j++) hole += usableFloor(s, j) - bottom;
    best.offer(c, -bottom * 1e4 + hole, hole * 1e4 - bottom);
  }
  return best.slots();
}

export function placeInto(ctx: Ctx, s: State, idx: number, item: Item, v: Variant, col: number, relaxed: boolean): { place: Place; cost: number }[] {
  const k = v.k;
  const C = s.sky.length;
  let base = 0;
  let limit = Infinity;
  for (let j = col; j < col + k; j++) {
    base = Math.max(base, s.sky[j]!);
    limit = Math.min(limit, usableFloor(s, j));
  }
  const rule = base > 0;
  const top = rule ? base + 1 : 0;
  if (item.lead && top !== 0) return [];
  let hole = 0;
  for (let j = col; j < col + k; j++) hole += base - s.sky[j]!;
  const avail = limit - top;
  if (avail <= 0) return [];
  let cost = s.cost + hole + v.penalty;
  if (hole > MAX_SHORT) cost += BAD_HOLE_COST + HOLE_AREA_COST * hole;
  if (v.rows > avail) {
    if (s.cuts >= MAX_CUTS || ctx.whole) return [];
    const c = cutCheck(item, v, avail, relaxed);
    if (!c) return [];
    cost += CUT_COST + CARRY_COST * c.carried;
    return [{ place: { item: idx, k, col, top, rule, rows: avail, cut: true, bottom: false, d: 0 }, cost }];
  }
  let table: (Stretch | undefined)[] | null = null;
  let natural = v.white;
  if (v.short > MAX_SHORT) {
    // A last column short by much: set the same height with photos grown or paragraphs opened instead.
    table = stretchTable(ctx, item, k);
    natural = Math.min(natural, table[0]?.cost ?? natural);
  }
  const out = [{ place: { item: idx, k, col, top, rule, rows: v.rows, cut: false, bottom: false, d: 0 }, cost: cost + natural }];
  // Levels worth ending on: the foot, or the level of the module beside, so that nothing is left between.
  const levels = [limit];
  if (col > 0) levels.push(s.sky[col - 1]!);
  if (col + k < C) levels.push(s.sky[col + k]!);
  for (const d of stretchDepths(ctx, levels.map((l) => l - top - v.rows), avail - v.rows)) {
    table ??= stretchTable(ctx, item, k);
    const st = table[d];
    if (!st) continue;
    out.push({ place: { item: idx, k, col, top, rule, rows: v.rows + d, cut: false, bottom: false, d }, cost: cost + st.cost });
  }
  return out;
}

/**
 * The stretches (grid lines) worth trying for a module that `room` more lines would still fit: each of
 * `wanted` (to reach a level beside or below it) once, in order, then, when the page is searched again
 * for a hole (Ctx.fine), every other one up to MAX_STRETCH.
 */
function stretchDepths(ctx: Ctx, wanted: number[], room: number): number[] {
  const most = Math.min(MAX_STRETCH, room);
  const out: number[] = [];
  for (const d of wanted) if (d > 0 && d <= most && !out.includes(d)) out.push(d);
  if (ctx.fine) for (let d = 1; d <= most; d++) if (!out.includes(d)) out.push(d);
  return out;
}

/** Sets a module on the foot of its columns (or as high as it must go); the rule line goes above it. */
export function placeAtFoot(ctx: Ctx, s: State, idx: number, item: Item, v: Variant, col: number, relaxed: boolean): { place: Place; cost: number }[] {
  const k = v.k;
  let bottom = Infinity;
  let base = 0;
  for (let j = col; j < col + k; j++) {
    bottom = Math.min(bottom, usableFloor(s, j));
    base = Math.max(base, s.sky[j]!);
  }
  let hole = 0;
  for (let j = col; j < col + k; j++) hole += usableFloor(s, j) - bottom;
  const avail = bottom - (base > 0 ? base + 1 : 0);
  if (avail <= 0) return [];
  let cost = s.cost + hole + v.penalty;
  if (hole > MAX_SHORT) cost += BAD_HOLE_COST + HOLE_AREA_COST * hole;
  const at = (rows: number, cut: boolean, d: number, c: number) => {
    const top = bottom - rows;
    return { place: { item: idx, k, col, top, rule: top > 0, rows, cut, bottom: true, d }, cost: c };
  };
  if (v.rows > avail) {
    if (s.cuts >= MAX_CUTS || ctx.whole) return [];
    const c = cutCheck(item, v, avail, relaxed);
    if (!c) return [];
    return [at(avail, true, 0, cost + CUT_COST + CARRY_COST * c.carried)];
  }
  const out = [at(v.rows, false, 0, cost + v.white)];
  // Stretched up to what lies above, or level with the top of a module set from the foot beside it,
  // so that no sliver is left.
  const tops = [bottom - avail];
  if (col > 0 && s.floor[col - 1]! < s.R) tops.push(s.floor[col - 1]!);
  if (col + k < s.sky.length && s.floor[col + k]! < s.R) tops.push(s.floor[col + k]!);
  for (const d of stretchDepths(ctx, tops.map((t) => bottom - t - v.rows), avail - v.rows)) {
    const st = stretchTable(ctx, item, k)[d];
    if (st) out.push(at(v.rows + d, false, d, cost + st.cost));
  }
  return out;
}
